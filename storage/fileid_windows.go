//go:build windows

package storage

import (
	"os"
	"syscall"
)

// fileIDOf returns the identity of the file at path: the serial number of
// its volume and its file index, which a rename or a copy over it changes
// and a write in place does not.
func fileIDOf(path string, _ os.FileInfo) (fileID, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileID{}, err
	}
	defer f.Close()
	var d syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &d); err != nil {
		return fileID{}, &os.PathError{Op: "GetFileInformationByHandle", Path: path, Err: err}
	}
	return fileID{volume: uint64(d.VolumeSerialNumber), index: uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow)}, nil
}

// canWrite reports whether this process may write the file at path: not
// when it is marked read-only. (Windows grants or refuses creating files
// in a folder through access lists, which writing itself reports.)
func canWrite(path string) bool {
	info, err := os.Stat(path)
	return err == nil && (info.IsDir() || info.Mode().Perm()&0o200 != 0)
}
