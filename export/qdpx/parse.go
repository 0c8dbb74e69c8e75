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
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
	users    map[string]string // GUID -> name
	codeKeys map[string]bool
	notes    map[string]xTextSource
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

// codes adds a CodeBook's codes to the batch, parents before children.
func (rd *reader) codes(codes []xCode, parent string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("codes nested more than %d deep", maxDepth)
	}
	for _, c := range codes {
		key := lowerGUID(c.GUID)
		if key == "" {
			return fmt.Errorf("code %q has no guid", c.Name)
		}
		if rd.codeKeys[key] {
			return fmt.Errorf("code guid %s used twice", c.GUID)
		}
		rd.codeKeys[key] = true
		col := c.Color
		if len(col) == 4 && col[0] == '#' { // #RGB
			col = "#" + strings.Repeat(col[1:2], 2) + strings.Repeat(col[2:3], 2) + strings.Repeat(col[3:4], 2)
		}
		rd.b.Tags = append(rd.b.Tags, &annotate.BatchTag{
			Key: key, ID: gid(c.GUID), Name: c.Name, Color: strings.ToLower(col),
			Description: strings.TrimSpace(c.Description), ParentKey: parent, Codebook: true,
		})
		if err := rd.codes(c.Code, key, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func readCodebook(name string, data []byte) (*annotate.Batch, error) {
	var cb xCodeBook
	if err := xml.Unmarshal(data, &cb); err != nil {
		return nil, xmlError(name, err)
	}
	rd := &reader{name: name, b: &annotate.Batch{File: name, Format: FormatCodebook}, codeKeys: map[string]bool{}}
	if cb.Codes == nil || len(cb.Codes.Code) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: the codebook has no codes", name)
	}
	if err := rd.codes(cb.Codes.Code, "", 0); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %s", name, err)
	}
	return rd.b, nil
}

// project reads a project.qde.
func (rd *reader) project(data []byte) (*annotate.Batch, error) {
	qdeName := rd.name
	if rd.zr != nil {
		qdeName += ": project.qde"
	}
	var p xProject
	if err := xml.Unmarshal(data, &p); err != nil {
		return nil, xmlError(qdeName, err)
	}
	if p.XMLName.Local != "Project" {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: not a REFI-QDA project: its root element is <%s>", qdeName, p.XMLName.Local)
	}
	rd.b = &annotate.Batch{File: rd.name, Format: FormatProject}
	rd.users, rd.codeKeys, rd.notes = map[string]string{}, map[string]bool{}, map[string]xTextSource{}
	fail := func(err error) (*annotate.Batch, error) {
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return nil, err
		}
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %s", qdeName, err)
	}
	if p.Users != nil {
		for _, u := range p.Users.User {
			name := strings.TrimSpace(u.Name)
			if name == "" {
				name = strings.TrimSpace(u.ID)
			}
			rd.users[lowerGUID(u.GUID)] = name
		}
	}
	if p.CodeBook != nil && p.CodeBook.Codes != nil {
		if err := rd.codes(p.CodeBook.Codes.Code, "", 0); err != nil {
			return fail(err)
		}
	}
	if p.Notes != nil {
		for _, n := range p.Notes.Note {
			rd.notes[lowerGUID(n.GUID)] = n
		}
	}
	vars := map[string]string{}
	if p.Variables != nil {
		for _, v := range p.Variables.Variable {
			vars[lowerGUID(v.GUID)] = strings.ToLower(strings.TrimSpace(v.Name))
		}
	}
	if p.Sources != nil {
		for _, s := range p.Sources.TextSource {
			if err := rd.source(s, vars); err != nil {
				return fail(err)
			}
		}
		for _, other := range []struct {
			kind string
			list []xOther
		}{{"picture", p.Sources.PictureSource}, {"PDF", p.Sources.PDFSource}, {"audio", p.Sources.AudioSource}, {"video", p.Sources.VideoSource}} {
			for _, s := range other.list {
				rd.warn("%s source %q: Gloss imports text sources only", other.kind, s.Name)
			}
		}
	}
	for _, part := range []struct {
		what string
		n    int
	}{
		{"case", count(p.Cases != nil, func() int { return len(p.Cases.Case) })},
		{"link", count(p.Links != nil, func() int { return len(p.Links.Link) })},
		{"set", count(p.Sets != nil, func() int { return len(p.Sets.Set) })},
		{"graph", count(p.Graphs != nil, func() int { return len(p.Graphs.Graph) })},
	} {
		if part.n > 0 {
			rd.warn("%d %s(s): Gloss has no %ss", part.n, part.what, part.what)
		}
	}
	if len(p.NoteRef) > 0 {
		rd.warn("%d note(s) on the project as a whole: Gloss keeps notes on passages", len(p.NoteRef))
	}
	return rd.b, nil
}

// count returns n() when present, else 0.
func count(present bool, n func() int) int {
	if !present {
		return 0
	}
	return n()
}

// source adds a TextSource with its selections.
func (rd *reader) source(s xTextSource, vars map[string]string) error {
	key := lowerGUID(s.GUID)
	if key == "" {
		return fmt.Errorf("source %q has no guid", s.Name)
	}
	if rd.b.Document(key) != nil {
		return fmt.Errorf("source guid %s used twice", s.GUID)
	}
	raw, err := rd.text(s)
	if err != nil {
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return err // a hostile or damaged archive entry: refuse the file
		}
		rd.warn("source %q: %s; its selections can only be matched to a project document with the same ID", s.Name, err)
	}
	doc := &annotate.BatchDocument{
		Key: key, ID: gid(s.GUID), Title: strings.TrimSpace(s.Name),
		Author: rd.users[lowerGUID(s.CreatingUser)], CreatedAt: parseDateTime(s.CreationDateTime),
	}
	if doc.Title == "" {
		doc.Title = path.Base(strings.TrimPrefix(s.PlainTextPath, "internal://"))
	}
	for _, vv := range s.VariableValue {
		v := strings.TrimSpace(vv.value())
		switch vars[lowerGUID(vv.VariableRef.TargetGUID)] {
		case "url", "link", "web address":
			doc.URL = v
		case "outlet", "publication", "newspaper", "source":
			doc.Outlet = v
		case "byline", "author", "authors":
			doc.Byline = v
		case "published", "date", "publication date":
			doc.Published = v
		}
	}
	if len(s.NoteRef) > 0 {
		rd.warn("source %q: %d note(s) on the whole source: Gloss keeps notes on passages", doc.Title, len(s.NoteRef))
	}
	if len(s.Coding) > 0 {
		rd.warn("source %q: %d coding(s) of the whole source: Gloss codes passages, not whole documents", doc.Title, len(s.Coding))
	}
	type sel struct {
		x          xSelection
		start, end int
	}
	var sels []sel
	var positions []int
	for _, x := range s.Selection {
		start, err1 := strconv.Atoi(strings.TrimSpace(x.StartPosition))
		end, err2 := strconv.Atoi(strings.TrimSpace(x.EndPosition))
		if err1 != nil || err2 != nil {
			return fmt.Errorf("selection %s in source %q: positions %q, %q are not whole numbers", x.GUID, doc.Title, x.StartPosition, x.EndPosition)
		}
		sels = append(sels, sel{x, start, end})
		positions = append(positions, start, end)
	}
	var t *annotate.Text
	if raw != "" {
		var text string
		text, positions = normalize(raw, positions)
		doc.Text = text
		t = annotate.NewText(text)
	}
	rd.b.Documents = append(rd.b.Documents, doc)

	n := utf8.RuneCountInString(raw)
	for i, sl := range sels {
		x := sl.x
		bp := &annotate.BatchPassage{
			Key: lowerGUID(x.GUID), ID: gid(x.GUID), Document: key,
			Author:    rd.users[lowerGUID(x.CreatingUser)],
			CreatedAt: parseDateTime(x.CreationDateTime),
			UpdatedAt: parseDateTime(x.ModifiedDateTime),
		}
		if bp.Key == "" {
			bp.Key = fmt.Sprintf("selection %d of %q", i+1, doc.Title)
		}
		if sl.start < 0 || sl.end <= sl.start || t != nil && sl.end > n {
			rd.warn("selection %s in source %q: range [%d, %d) is empty or outside its text", bp.Key, doc.Title, sl.start, sl.end)
			continue
		}
		bp.HasPosition = true
		if t != nil {
			bp.Selector = annotate.Describe(t, positions[2*i], positions[2*i+1])
		} else {
			bp.Selector = annotate.Selector{Start: sl.start, End: sl.end}
		}
		var noteRefs []xRef
		noteRefs = append(noteRefs, x.NoteRef...)
		for _, c := range x.Coding {
			code := lowerGUID(c.CodeRef.TargetGUID)
			if !rd.codeKeys[code] {
				rd.warn("selection %s: coded with a code %s that is not in the codebook", bp.Key, c.CodeRef.TargetGUID)
				continue
			}
			if !contains(bp.Tags, code) {
				bp.Tags = append(bp.Tags, code)
			}
			noteRefs = append(noteRefs, c.NoteRef...)
		}
		var notes []string
		for _, ref := range noteRefs {
			note, ok := rd.notes[lowerGUID(ref.TargetGUID)]
			if !ok {
				rd.warn("selection %s: refers to a note %s that the project does not have", bp.Key, ref.TargetGUID)
				continue
			}
			text, err := rd.text(note)
			if err != nil {
				var ae *annotate.Error
				if errors.As(err, &ae) {
					return err
				}
				rd.warn("note %q: %s", note.Name, err)
				continue
			}
			if text = strings.TrimSpace(text); text == "" {
				continue
			}
			if len(notes) == 0 {
				bp.NoteID = gid(note.GUID)
				bp.NoteAuthor = rd.users[lowerGUID(note.CreatingUser)]
			}
			notes = append(notes, normalizeNote(text))
		}
		if len(notes) == 0 && strings.TrimSpace(x.Description) != "" {
			notes = append(notes, normalizeNote(strings.TrimSpace(x.Description)))
		}
		bp.Note = strings.Join(notes, "\n\n")
		rd.b.Passages = append(rd.b.Passages, bp)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// normalizeNote gives a note Gloss's line endings and Unicode form.
func normalizeNote(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return norm.NFC.String(strings.ReplaceAll(s, "\r", "\n"))
}

// normalize gives a source text Gloss's form (LF line endings, Unicode NFC)
// and maps code-point positions in the original to positions in the
// result. Texts already in that form, the common case, come back as they
// are.
func normalize(s string, positions []int) (string, []int) {
	if !strings.ContainsRune(s, '\r') && norm.NFC.IsNormalString(s) {
		return s, positions
	}
	// Walk the original once, code point by code point, building the result
	// one normalization segment at a time and noting where each original
	// position lands.
	mapped := make([]int, len(positions))
	var out strings.Builder
	out.Grow(len(s))
	in := strings.ReplaceAll(s, "\r\n", "\n")
	in = strings.ReplaceAll(in, "\r", "\n")
	// cps[i] is the original code point index of in's i-th code point: a
	// CRLF pair became one LF that stands at the CR's position.
	cps := make([]int, 0, len(in))
	orig := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		cps = append(cps, orig)
		if r == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i += 2
			orig += 2
			continue
		}
		i += size
		orig++
	}
	total := orig
	// origToIn maps an original position to in's code point index.
	origToIn := func(p int) int {
		lo, hi := 0, len(cps)
		for lo < hi {
			mid := (lo + hi) / 2
			if cps[mid] < p {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	inPos := make([]int, len(positions))
	for i, p := range positions {
		if p > total {
			p = total
		}
		inPos[i] = origToIn(p)
	}
	// Normalize segment by segment; a position inside a segment that
	// normalization rewrites lands at the segment's start.
	order := make([]int, len(inPos))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return inPos[order[a]] < inPos[order[b]] })
	var it norm.Iter
	it.InitString(norm.NFC, in)
	inCP, outCP, prev, k := 0, 0, 0, 0
	for !it.Done() {
		seg := it.Next()
		end := it.Pos()
		segCPs := utf8.RuneCountInString(in[prev:end])
		outCPs := utf8.RuneCount(seg)
		for ; k < len(order) && inPos[order[k]] < inCP+segCPs; k++ {
			p := inPos[order[k]]
			if segCPs == outCPs {
				mapped[order[k]] = outCP + (p - inCP)
			} else {
				mapped[order[k]] = outCP
			}
		}
		out.Write(seg)
		outCP += outCPs
		inCP += segCPs
		prev = end
	}
	for ; k < len(order); k++ {
		mapped[order[k]] = outCP
	}
	return out.String(), mapped
}
