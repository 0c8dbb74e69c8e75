package ingest

import (
	"errors"
	"io/fs"
	"testing"
)

// TestIOError checks the messages for file-system errors, including one that
// cannot be provoked in a test running with privileges.
func TestIOError(t *testing.T) {
	tests := []struct {
		err  error
		want string
		is   error
	}{
		{&fs.PathError{Op: "open", Path: "a/b.txt", Err: fs.ErrPermission}, "a/b.txt: permission denied", fs.ErrPermission},
		{&fs.PathError{Op: "stat", Path: "a/b.txt", Err: fs.ErrNotExist}, "a/b.txt: no such file or folder", fs.ErrNotExist},
		{&fs.PathError{Op: "read", Path: "a/b.txt", Err: errors.New("input/output error")}, "a/b.txt: input/output error", nil},
	}
	for _, tt := range tests {
		err := ioError("a/b.txt", tt.err)
		if err.Error() != tt.want {
			t.Errorf("ioError(%v) = %q, want %q", tt.err, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("ioError(%v) does not wrap %v", tt.err, tt.is)
		}
	}
}
