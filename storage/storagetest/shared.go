package storagetest

import (
	"os"
	"path/filepath"
	"sync"
)

// shared is the project Shared generates, once per process.
var shared struct {
	once           sync.Once
	dir, path, tag string
	err            error
}

// Shared generates, the first time a process calls it, the project
// Generate writes (by author) in a temporary folder of its own, and
// returns its path and the ID of its first code; later calls return the
// same. RemoveShared removes it: a test binary's TestMain calls it when
// the binary is done (the project is about 100 MB).
func Shared(author string) (path, tag string, err error) {
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "gloss-bench-"); shared.err != nil {
			return
		}
		shared.path = filepath.Join(shared.dir, "big.gloss")
		shared.tag, shared.err = Generate(shared.path, author)
	})
	return shared.path, shared.tag, shared.err
}

// RemoveShared removes the project Shared generated, if it did.
func RemoveShared() {
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
}
