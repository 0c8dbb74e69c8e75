package app

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// Fyne's save dialog opens the chosen file for writing, emptying a file
// that is there, before it hands it over, and with it the researcher's
// previous export: an export that then fails, is cancelled or finds its
// project closed would leave nothing of the file replaced. Gloss writes
// every file itself, through a temporary file renamed over the chosen one
// (export.WriteFile), so the file the dialog hands over need not be
// opened at all until something is written to it.

// fileRepository is what Fyne's own repository for file: URIs does.
type fileRepository interface {
	repository.AppendableRepository
	repository.DeleteAllRepository
	repository.ListableRepository
	repository.HierarchicalRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// lazyFiles is Fyne's file repository with writers that open their file
// at the first write, so that a writer closed unwritten leaves the file
// as it was, or makes none.
type lazyFiles struct{ fileRepository }

// Writer returns a writer that opens u, emptying it, at its first write.
func (r lazyFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &lazyWriter{uri: u, open: r.fileRepository.Writer}, nil
}

var guardSavesMu sync.Mutex

// guardSaves installs lazyFiles for file: URIs, once the driver has
// registered its own repository (fyne's app.New does); a repository that
// is not the file system's is left as it is.
func guardSaves() {
	guardSavesMu.Lock()
	defer guardSavesMu.Unlock()
	r, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	if _, done := r.(lazyFiles); done {
		return
	}
	if full, ok := r.(fileRepository); ok {
		repository.Register("file", lazyFiles{full})
	}
}

// lazyWriter opens its file at the first write.
type lazyWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

func (l *lazyWriter) URI() fyne.URI { return l.uri }

func (l *lazyWriter) Write(p []byte) (int, error) {
	if l.w == nil {
		w, err := l.open(l.uri)
		if err != nil {
			return 0, err
		}
		l.w = w
	}
	return l.w.Write(p)
}

// Close closes the file if it was opened; a writer never written to
// leaves the file untouched.
func (l *lazyWriter) Close() error {
	if l.w == nil {
		return nil
	}
	return l.w.Close()
}
