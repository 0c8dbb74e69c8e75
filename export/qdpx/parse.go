package qdpx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"gloss/annotate"
)

// Limits on what Read accepts from an untrusted file.
const (
	MaxEntries    = 100000                    // entries in a .qdpx
	MaxXMLBytes   = 256 << 20                 // project.qde or .qdc, uncompressed
	MaxTextBytes  = annotate.MaxDocumentBytes // one source or note text
	MaxTotalBytes = 1 << 30                   // everything read from one archive
	maxDepth      = 1000                      // nesting of codes
)

// Formats as named in import reports.
const (
	FormatProject  = "REFI-QDA project"
	FormatCodebook = "REFI-QDA codebook"
)

// ReadFile reads a REFI-QDA project (.qdpx, or a bare project.qde whose
// sources carry their text inline) or codebook (.qdc) from path; the kind is
// told from the content, not the name.
func ReadFile(name string) (*annotate.Batch, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return Read(name, f, st.Size())
}

// Read reads a REFI-QDA file of size bytes from r; name is used in messages.
func Read(name string, r io.ReaderAt, size int64) (*annotate.Batch, error) {
	head := make([]byte, 4)
	n, _ := r.ReadAt(head, 0)
	if n == 4 && string(head) == "PK\x03\x04" || n == 4 && string(head) == "PK\x05\x06" {
		return readArchive(name, r, size)
	}
	if size > MaxXMLBytes {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: larger than %d MB: not a REFI-QDA file Gloss reads", name, MaxXMLBytes>>20)
	}
	data, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	root, err := rootElement(data)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %s", name, err)
	}
	switch root {
	case "CodeBook":
		return readCodebook(name, data)
	case "Project":
		rd := &reader{name: name}
		return rd.project(data)
	}
	return nil, annotate.Errorf(annotate.EINVALID, "%s: not a REFI-QDA file: its root element is <%s>, not <Project> or <CodeBook>", name, root)
}

// rootElement returns the local name of an XML document's root element.
func rootElement(data []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return "", errors.New("not XML: no root element")
		} else if err != nil {
			return "", fmt.Errorf("malformed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, nil
		}
	}
}

// xmlError names the line of a decoding error.
func xmlError(name string, err error) error {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return annotate.Errorf(annotate.EINVALID, "%s:%d: malformed XML: %s", name, syn.Line, syn.Msg)
	}
	return annotate.Errorf(annotate.EINVALID, "%s: malformed or unexpected XML: %v", name, err)
}

// reader reads one project.
type reader struct {
	name     string // the file, for messages
	zr       *zip.Reader
	entries  map[string]*zip.File // cleaned lower-case name -> entry
	total    int64                // bytes read from the archive so far
	b        *annotate.Batch
	origin   string            // the project's origin attribute: the tool that wrote it
	users    map[string]string // GUID -> name
	codeKeys map[string]bool
	codes    map[string]*annotate.BatchTag
	notes    map[string]xTextSource
	used     map[string]bool           // notes something refers to
	sourceOf map[string][]*xTextSource // source GUID -> the annotation notes on it (notes with a PlainTextSelection)
	linked   map[string][]string       // selection GUID -> the notes Links attach to it (NVivo)
}

// safeName checks that an archive entry stays inside the archive and
// returns its cleaned name.
func safeName(name string) (string, bool) {
	n := strings.ReplaceAll(name, "\\", "/")
	if n == "" || strings.HasPrefix(n, "/") || strings.ContainsRune(n, 0) ||
		len(n) >= 2 && n[1] == ':' { // C:/...
		return "", false
	}
	clean := path.Clean(n)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", false
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "", false
		}
	}
	return clean, true
}

func readArchive(name string, r io.ReaderAt, size int64) (*annotate.Batch, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: not a readable .qdpx (zip) archive: %v", name, err)
	}
	if len(zr.File) > MaxEntries {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %d entries in the archive, more than the %d Gloss reads", name, len(zr.File), MaxEntries)
	}
	rd := &reader{name: name, zr: zr, entries: map[string]*zip.File{}}
	var qde []*zip.File
	for _, f := range zr.File {
		clean, ok := safeName(f.Name)
		if !ok {
			return nil, annotate.Errorf(annotate.EINVALID, "%s: archive entry %q points outside the archive: refusing the file", name, f.Name)
		}
		rd.entries[strings.ToLower(clean)] = f
		if strings.EqualFold(path.Ext(clean), ".qde") {
			qde = append(qde, f)
		}
	}
	var main *zip.File
	for _, f := range qde {
		if clean, _ := safeName(f.Name); strings.EqualFold(clean, "project.qde") {
			main = f
		}
	}
	if main == nil && len(qde) == 1 {
		main = qde[0]
	}
	if main == nil {
		if len(qde) == 0 {
			return nil, annotate.Errorf(annotate.EINVALID, "%s: no project.qde in the archive: not a REFI-QDA project", name)
		}
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %d .qde files and none named project.qde: which is the project is unclear", name, len(qde))
	}
	data, err := rd.entry(main, MaxXMLBytes)
	if err != nil {
		return nil, err
	}
	return rd.project(data)
}

// entry reads an archive entry, refusing one larger than limit whatever its
// header declares (a zip bomb) and stopping when the archive as a whole has
// given more than MaxTotalBytes.
func (rd *reader) entry(f *zip.File, limit int64) ([]byte, error) {
	where := fmt.Sprintf("%s: %s", rd.name, f.Name)
	if f.UncompressedSize64 > uint64(limit) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %d MB uncompressed, more than the %d MB Gloss reads", where, f.UncompressedSize64>>20, limit>>20)
	}
	if rd.total+int64(f.UncompressedSize64) > MaxTotalBytes {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: the archive holds more than %d MB: refusing the file", where, MaxTotalBytes>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %v", where, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: damaged entry: %v", where, err)
	}
	if int64(len(data)) > int64(f.UncompressedSize64) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: expands beyond its declared size: refusing the file", where)
	}
	rd.total += int64(len(data))
	return data, nil
}

// internal returns the text a plainTextPath points to inside the archive.
func (rd *reader) internal(p string) (string, error) {
	rest, ok := strings.CutPrefix(p, "internal://")
	if !ok {
		return "", fmt.Errorf("its text is outside the archive (%s)", p)
	}
	if rd.zr == nil {
		return "", fmt.Errorf("its text %s is not inline and the file is not a .qdpx archive", p)
	}
	clean, ok := safeName(rest)
	if !ok {
		return "", annotate.Errorf(annotate.EINVALID, "%s: text path %q points outside the archive: refusing the file", rd.name, p)
	}
	f := rd.entries[strings.ToLower(path.Join("sources", clean))]
	if f == nil {
		f = rd.entries[strings.ToLower(clean)]
	}
	if f == nil {
		return "", fmt.Errorf("its text %s is missing from the archive", p)
	}
	data, err := rd.entry(f, MaxTextBytes)
	if err != nil {
		return "", err
	}
	return decodeText(data)
}

// decodeText turns a source file into a string: UTF-8, or UTF-16 with a
// byte-order mark; a UTF-8 byte-order mark is dropped.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		if len(data)%2 != 0 {
			return "", errors.New("its text is UTF-16 with an odd number of bytes")
		}
		u := make([]uint16, 0, len(data)/2-1)
		for i := 2; i < len(data); i += 2 {
			if data[0] == 0xff {
				u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		return string(utf16.Decode(u)), nil
	}
	if !utf8.Valid(data) {
		return "", errors.New("its text is not UTF-8")
	}
	return string(data), nil
}

// text returns a TextSource's (or Note's) text: inline or in the archive.
func (rd *reader) text(s xTextSource) (string, error) {
	if s.PlainTextContent != nil && *s.PlainTextContent != "" {
		if len(*s.PlainTextContent) > MaxTextBytes {
			return "", fmt.Errorf("its text is larger than %d MB", MaxTextBytes>>20)
		}
		return *s.PlainTextContent, nil
	}
	if s.PlainTextPath != "" {
		return rd.internal(s.PlainTextPath)
	}
	return "", nil
}

// lowerGUID turns a REFI-QDA GUID ("{ABC...}" or "ABC...") into Gloss's
// lower-case canonical form; other identifiers are returned as they are.
func lowerGUID(g string) string {
	g = strings.TrimSpace(g)
	g = strings.TrimSuffix(strings.TrimPrefix(g, "{"), "}")
	if l := strings.ToLower(g); annotate.ValidID(l) {
		return l
	}
	return g
}

// gid returns lowerGUID(g) when it is a valid Gloss ID, else "".
func gid(g string) string {
	if l := lowerGUID(g); annotate.ValidID(l) {
		return l
	}
	return ""
}

func parseDateTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func (rd *reader) warn(format string, args ...any) {
	rd.b.Warnings = append(rd.b.Warnings, fmt.Sprintf(format, args...))
}
