// Package ingest turns files into documents: it reads plain text, Markdown
// and HTML in the encodings people actually have on disk (UTF-8 with or
// without a byte-order mark, UTF-16 with one, Windows-1252), rejects what is
// not text with an error that names the file and the reason, and returns an
// annotate.Document whose Text is normalized (see Normalize) so that it hashes
// the same wherever it is imported.
//
// Every file is untrusted input: sizes are checked before reading, binary
// content is refused, and metadata taken from a file is trimmed and capped.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"gloss/annotate"
)

// MaxFileBytes is the largest file accepted (50 MB = annotate.MaxDocumentBytes).
const MaxFileBytes = annotate.MaxDocumentBytes

// Caps on what a file may put into a document's fields.
const (
	maxTitle = 200  // code points; longer titles are shortened with an ellipsis
	maxMeta  = 200  // code points for outlet, byline and an unparsed date
	maxURL   = 2048 // bytes; longer URLs are dropped rather than cut
)

// format is how a file's content is read.
type format int

const (
	formatText format = iota
	formatMarkdown
	formatHTML
)

// formatOf returns the format implied by a file name's extension, and whether
// the extension is one Gloss supports.
func formatOf(name string) (format, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return formatText, true
	case ".md", ".markdown":
		return formatMarkdown, true
	case ".html", ".htm":
		return formatHTML, true
	}
	return formatText, false
}

// Supported reports whether name has an extension Gloss imports: .txt, .text,
// .md, .markdown, .html or .htm, in any case.
func Supported(name string) bool {
	_, ok := formatOf(name)
	return ok
}

// File reads the file at path and returns it as a document. Files of any
// extension are attempted; a name without a supported extension is read as
// plain text unless its content is HTML. I/O problems are returned as errors
// wrapping the underlying *fs.PathError (so errors.Is(err, fs.ErrNotExist)
// works), and are not *annotate.Error: show them with err.Error(), not
// annotate.ErrorMessage. Problems with the content (binary, empty, too large,
// no readable text) are annotate.EINVALID errors. Either way the message
// starts with path.
func File(path string) (*annotate.Document, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, ioError(path, err)
	}
	if fi.IsDir() {
		return nil, &pathError{path: path, reason: "is a directory, not a file"}
	}
	if !fi.Mode().IsRegular() {
		return nil, &pathError{path: path, reason: "not a regular file"}
	}
	if fi.Size() > MaxFileBytes {
		return nil, tooLarge(path, fi.Size())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, ioError(path, err)
	}
	defer f.Close()
	// The file may grow between Stat and Read: never read past the limit.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileBytes+1)); err != nil {
		return nil, ioError(path, err)
	}
	return parse(path, filepath.Base(path), buf.Bytes())
}

// Bytes returns data as a document. name is the file's name: its extension
// picks the format, it becomes the document's Source and it starts every
// error message.
func Bytes(name string, data []byte) (*annotate.Document, error) {
	return parse(name, filepath.Base(name), data)
}

// parse reads data; label names it in errors and source becomes doc.Source.
func parse(label, source string, data []byte) (*annotate.Document, error) {
	if label == "" {
		label = "(unnamed)"
	}
	if source == "." || source == string(filepath.Separator) {
		source = ""
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(label, int64(len(data)))
	}
	if len(data) == 0 {
		return nil, invalid(label, "file is empty")
	}
	f, ok := formatOf(source)
	raw, err := decode(data, f == formatHTML)
	if err != nil {
		return nil, invalid(label, err.Error())
	}
	if !ok && looksLikeHTML(raw) {
		f = formatHTML
	}

	doc := &annotate.Document{Source: source}
	switch f {
	case formatHTML:
		if err := readHTML(doc, raw); err != nil {
			return nil, invalid(label, err.Error())
		}
		if doc.Text == "" {
			return nil, invalid(label, "no readable text in the HTML")
		}
	default:
		readText(doc, raw, f == formatMarkdown)
		if doc.Text == "" {
			return nil, invalid(label, "file has no text (only whitespace)")
		}
	}
	if len(doc.Text) > annotate.MaxDocumentBytes {
		// UTF-16 and Windows-1252 can grow when converted to UTF-8.
		return nil, invalid(label, fmt.Sprintf("text is larger than %d MB once converted to UTF-8", annotate.MaxDocumentBytes>>20))
	}
	if doc.Title == "" {
		doc.Title = titleFromName(source)
	}
	doc.Hash = annotate.HashText(doc.Text)
	doc.Length = utf8.RuneCountInString(doc.Text)
	return doc, nil
}

// titleFromName is the title of last resort: the file name without its
// extension, or "Untitled".
func titleFromName(name string) string {
	t := strings.TrimSpace(strings.TrimSuffix(name, filepath.Ext(name)))
	if t == "" || !utf8.ValidString(t) {
		return "Untitled"
	}
	return shorten(t, maxTitle)
}

// Result is the outcome of importing one file named to Paths: a document or
// an error, never both.
type Result struct {
	Path string
	Doc  *annotate.Document
	Err  error
}

// Paths reads every file named in paths, in order. A folder stands for every
// supported file under it, recursively, sorted by path; hidden files and
// folders (names starting with ".") are passed over and symbolic links to
// folders are not followed. An unsupported file found in a folder is not
// read but reported as a Result whose error says "unsupported file type"; a
// folder without any supported file is reported as an error too. Files named
// explicitly are always attempted, whatever their extension. A file reached
// twice is read once.
func Paths(paths []string) []Result {
	var results []Result
	seen := make(map[string]bool)
	read := func(p string) {
		key := filepath.Clean(p)
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if seen[key] {
			return
		}
		seen[key] = true
		doc, err := File(p)
		results = append(results, Result{Path: p, Doc: doc, Err: err})
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			results = append(results, Result{Path: p, Err: ioError(p, err)})
		case fi.IsDir():
			for _, e := range walk(p) {
				if e.err != nil {
					results = append(results, Result{Path: e.path, Err: e.err})
				} else {
					read(e.path)
				}
			}
		default:
			read(p)
		}
	}
	return results
}

// entry is a file found in a folder: to be read, or an error to report.
type entry struct {
	path string
	err  error
}

// walk lists the files under dir in path order, with an error for each file
// that is not supported or could not be listed, and one for a folder holding
// no supported file at all.
func walk(dir string) []entry {
	var entries []entry
	found := false
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			entries = append(entries, entry{p, ioError(p, err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return nil // not followed: links may loop
			}
		}
		if Supported(p) {
			found = true
			entries = append(entries, entry{p, nil})
		} else {
			entries = append(entries, entry{p, unsupported(p)})
		}
		return nil
	})
	if err != nil {
		return []entry{{dir, ioError(dir, err)}}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].path < entries[j].path })
	if !found {
		entries = append(entries, entry{dir, invalid(dir, "no supported files in the folder (.txt, .text, .md, .markdown, .html, .htm)")})
	}
	return entries
}

// unsupported is the error for a file in a folder that Gloss does not read.
func unsupported(path string) error {
	ext := filepath.Ext(path)
	if ext == "" {
		return invalid(path, "unsupported file type (no extension)")
	}
	return invalid(path, fmt.Sprintf("unsupported file type (%s)", ext))
}

// invalid returns an annotate.EINVALID error about a file's content.
func invalid(name, reason string) error {
	return annotate.Errorf(annotate.EINVALID, "%s: %s", name, reason)
}

// tooLarge is the error for a file over MaxFileBytes.
func tooLarge(name string, size int64) error {
	mb := math.Ceil(float64(size)*10/(1<<20)) / 10 // never rounded down to the limit
	return invalid(name, fmt.Sprintf("file is too large (%.1f MB; the limit is %d MB)", mb, MaxFileBytes>>20))
}

// pathError is an I/O error with a short, readable reason. It unwraps to the
// underlying error so errors.Is(err, fs.ErrNotExist) works.
type pathError struct {
	path   string
	reason string
	err    error
}

// Error returns "path: reason".
func (e *pathError) Error() string { return e.path + ": " + e.reason }

// Unwrap returns the underlying error, if any.
func (e *pathError) Unwrap() error { return e.err }

// ioError turns an error from the file system into one that says plainly what
// went wrong with path.
func ioError(path string, err error) error {
	var reason string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		reason = "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		reason = "permission denied"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			reason = pe.Err.Error()
		} else {
			reason = err.Error()
		}
	}
	return &pathError{path: path, reason: reason, err: err}
}
