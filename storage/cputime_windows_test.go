//go:build windows

package storage_test

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time so far: on the
// shared build machine, wall time swings with other jobs; CPU time much less.
func cpuTime() time.Duration {
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return 0
	}
	var created, exited, kernel, user syscall.Filetime
	if err := syscall.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return 0
	}
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) } // in 100 ns
	return time.Duration((ticks(kernel) + ticks(user)) * 100)
}
