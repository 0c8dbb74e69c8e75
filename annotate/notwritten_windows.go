package annotate

import "syscall"

// diskFullErrnos are the system's errors for a write with no room:
// ERROR_HANDLE_DISK_FULL (39), ERROR_DISK_FULL (112) and
// ERROR_DISK_QUOTA_EXCEEDED (1295).
var diskFullErrnos = []error{syscall.Errno(39), syscall.Errno(112), syscall.Errno(1295), syscall.ENOSPC, syscall.EDQUOT}
