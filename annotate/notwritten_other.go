//go:build !windows

package annotate

import "syscall"

// diskFullErrnos are the system's errors for a write with no room.
var diskFullErrnos = []error{syscall.ENOSPC, syscall.EDQUOT}
