package storage

import (
	"errors"
	"io/fs"
	"os"
)

// fileID identifies a file: the same name may later stand for another file
// (a sync client or a restore puts a new file in its place), the same
// fileID may not. Built per system in fileid_unix.go and fileid_windows.go.
type fileID struct {
	volume, index uint64
}

// statID returns the identity of the file now at path.
func statID(path string) (fileID, error) {
	info, err := os.Stat(path)
	if err != nil {
		return fileID{}, err
	}
	return fileIDOf(path, info)
}

// walHeaderSize is the size of a write-ahead log's header; a log no longer
// than that holds no pages.
const walHeaderSize = 32

// hasLog reports whether a write-ahead log beside path holds pages: an
// empty log (what a reader such as sqlite3 leaves behind) changes nothing.
func hasLog(path string) bool {
	info, err := os.Stat(path + "-wal")
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	return err != nil || info.Size() > walHeaderSize
}
