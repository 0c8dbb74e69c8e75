//go:build !windows

package storage

import (
	"os"
	"syscall"
)

// fileIDOf returns the identity of the file info describes: its device and
// inode, which a rename or a copy over it changes and a write in place does
// not.
func fileIDOf(path string, info os.FileInfo) (fileID, error) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, &os.PathError{Op: "stat", Path: path, Err: syscall.ENOTSUP}
	}
	return fileID{volume: uint64(st.Dev), index: uint64(st.Ino)}, nil
}

// canWrite reports whether this process may write the file at path (or,
// for a folder, create files in it), as the system decides: a read-only
// mount or missing permission says no.
func canWrite(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}
