//go:build !windows

package storage_test

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time so far: on the
// shared build machine, wall time swings with other jobs; CPU time much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
