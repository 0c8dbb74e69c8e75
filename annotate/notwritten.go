package annotate

import (
	"errors"
	"fmt"
	"syscall"
)

// DiskFull reports whether err says that the disk had no room for a write:
// it is full (ENOSPC), or the researcher's quota on it is used up (EDQUOT).
func DiskFull(err error) bool {
	for _, e := range diskFullErrnos {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// NotWritten is the error of a file at path that could not be written
// because err: when the disk is full (see DiskFull), a message that names
// the file, says so and what to do, the one every writer of files gives
// (each writes a temporary file renamed over path when whole, so nothing
// is left half-written and what was at path is kept); otherwise err
// itself. The result wraps err.
func NotWritten(path string, err error) error {
	if err == nil {
		return nil
	}
	if DiskFull(err) {
		what := "the disk is full"
		if errors.Is(err, syscall.EDQUOT) {
			what = "the disk is full (your quota on it is used up)"
		}
		return &notWritten{err: err, msg: fmt.Sprintf("%s: %s was not written. Free some space on the disk, then try again", what, path)}
	}
	return err
}

// notWritten is NotWritten's error on a full disk.
type notWritten struct {
	err error
	msg string
}

func (e *notWritten) Error() string { return e.msg }
func (e *notWritten) Unwrap() error { return e.err }
