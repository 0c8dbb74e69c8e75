// Package interchange reads a file of annotations in whichever exchange
// format it is written: W3C Web Annotation JSON (from Gloss, Hypothesis or
// another annotation tool) or REFI-QDA (.qdpx project, .qdc codebook).
package interchange

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/export/webanno"
)

// ReadFile reads the annotations of the file at path, telling the format
// from the content, not the name: a zip archive or an XML document is
// REFI-QDA, anything else is read as W3C Web Annotation JSON. Errors name
// the file and what is wrong with it.
func ReadFile(path string) (*annotate.Batch, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: is a folder, not an annotation file", path)
	}
	return Read(path, f, st.Size())
}

// Read reads size bytes of annotations from r; name is used in messages.
func Read(name string, r io.ReaderAt, size int64) (*annotate.Batch, error) {
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(head, []byte("PK")) || bytes.HasPrefix(head, []byte("<")) {
		return qdpx.Read(name, r, size)
	}
	return webanno.Parse(name, io.NewSectionReader(r, 0, size))
}
