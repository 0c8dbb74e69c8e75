// Package ingest turns files into documents: it reads plain text, Markdown
// and HTML in the encodings people actually have on disk (UTF-8 with or
// without a byte-order mark, UTF-16 with one, Windows-1252), PDF (through
// package pdf), Word (.docx) and OpenDocument (.odt) files, rejects what it
// cannot read with an error that names the file and the reason, and returns
// an annotate.Document whose Text is normalized (see Normalize) so that it
// hashes the same wherever it is imported, with a Report of what was made of
// the file.
//
// Every file is untrusted input: sizes are checked before reading, binary
// content is refused, and metadata taken from a file is trimmed and capped.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gloss/annotate"
	"gloss/export/ingest/office"
	"gloss/export/ingest/pdf"
	"gloss/export/pdfium"
)

// MaxFileBytes is the largest text, Markdown, HTML, Word or OpenDocument
// file accepted (50 MB = annotate.MaxDocumentBytes).
const MaxFileBytes = annotate.MaxDocumentBytes

// MaxPDFBytes is the largest PDF accepted: reports with pictures are large
// for the text they hold.
const MaxPDFBytes = 200 << 20

// MaxOriginalBytes is the largest original file kept with its document
// (see Article.Original); a larger PDF is imported without it.
const MaxOriginalBytes = 50 << 20

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
	formatPDF
	formatDOCX
	formatODT
)

// formatNames name the formats in reports.
var formatNames = map[format]string{
	formatText: "Plain text", formatMarkdown: "Markdown", formatHTML: "Web page",
	formatPDF: "PDF", formatDOCX: "Word document", formatODT: "OpenDocument text",
}

// Extensions lists the file name extensions Gloss imports, for file
// dialogs.
var Extensions = []string{".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".odt"}

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
	case ".pdf":
		return formatPDF, true
	case ".docx":
		return formatDOCX, true
	case ".odt":
		return formatODT, true
	}
	return formatText, false
}

// Supported reports whether name has an extension Gloss imports (see
// Extensions), in any case.
func Supported(name string) bool {
	_, ok := formatOf(name)
	return ok
}

// Options tune an import. The zero value reads PDFs with the process's
// PDFium, pdfium.Default().
type Options struct {
	PDF *pdfium.Runtime
	// Client fetches web addresses (see Fetch); nil for a plain
	// http.Client. Timeout, when set, replaces FetchTimeout, and Now the
	// clock that dates a fetch.
	Client  *http.Client
	Timeout time.Duration
	Now     func() time.Time
	// Progress, when set, hears how far the import has got; it is called on
	// the importing goroutine.
	Progress func(Progress)
}

// Progress is how far an import has got: the file being read (File of
// Files, counting from 1) and, in a PDF, its pages read.
type Progress struct {
	Path        string
	File, Files int
	Page, Pages int
}

func (o Options) pdfRuntime() *pdfium.Runtime {
	if o.PDF != nil {
		return o.PDF
	}
	return pdfium.Default()
}

// Article is a file read as a document, with what was made of it.
type Article struct {
	Doc *annotate.Document
	// Original is the file as it was read, kept with the document so that
	// its pages can be shown (PDFs up to MaxOriginalBytes); nil otherwise.
	Original *Original
	Report   Report
}

// Original is a file a document was read from.
type Original struct {
	Name      string // file name, without folders
	MediaType string // "application/pdf"
	Data      []byte
}

// Report says what an import made of a file.
type Report struct {
	Format     string   // "PDF", "Word document", ...
	Pages      int      // PDFs only
	Paragraphs int      // paragraphs in the text
	Removed    []string // what was left out or moved: "page numbers (12 pages)"
	Notes      []string // anything else worth knowing: "original not kept (too large)"
}

// String sums the report up in one line: "PDF, 12 pages, 80 paragraphs;
// removed: page numbers (12 pages), ...".
func (r Report) String() string {
	parts := []string{r.Format}
	if r.Pages > 0 {
		parts = append(parts, plural(r.Pages, "page"))
	}
	parts = append(parts, plural(r.Paragraphs, "paragraph"))
	s := strings.Join(parts, ", ")
	if len(r.Removed) > 0 {
		s += "; removed: " + strings.Join(r.Removed, ", ")
	}
	if len(r.Notes) > 0 {
		s += "; " + strings.Join(r.Notes, "; ")
	}
	return s
}

// plural returns "1 page" or "3 pages".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
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
	a, err := Options{}.Read(context.Background(), path)
	if err != nil {
		return nil, err
	}
	return a.Doc, nil
}

// Read reads the file at path as File does, and says what it made of it.
// ctx cancels a long PDF between pages.
func (o Options) Read(ctx context.Context, path string) (*Article, error) {
	return o.read(ctx, path, 1, 1)
}

func (o Options) read(ctx context.Context, path string, file, files int) (*Article, error) {
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
	limit := int64(MaxFileBytes)
	if f, _ := formatOf(path); f == formatPDF {
		limit = MaxPDFBytes
	}
	if fi.Size() > limit {
		return nil, tooLarge(path, fi.Size(), limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, ioError(path, err)
	}
	defer f.Close()
	// The file may grow between Stat and Read: never read past the limit.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, ioError(path, err)
	}
	return o.parse(ctx, path, filepath.Base(path), buf.Bytes(), file, files)
}

// Bytes returns data as a document. name is the file's name: its extension
// picks the format, it becomes the document's Source and it starts every
// error message.
func Bytes(name string, data []byte) (*annotate.Document, error) {
	a, err := Options{}.Bytes(context.Background(), name, data)
	if err != nil {
		return nil, err
	}
	return a.Doc, nil
}

// Bytes reads data as the package's Bytes does, and says what it made of
// it.
func (o Options) Bytes(ctx context.Context, name string, data []byte) (*Article, error) {
	return o.parse(ctx, name, filepath.Base(name), data, 1, 1)
}

// sniff returns the format data's first bytes declare, overriding the
// name's: a PDF or an office document saved under another extension is
// still read as what it is.
func sniff(data []byte, byName format) (format, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return formatPDF, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		switch k := office.Kind(data); {
		case k == office.DOCX:
			return formatDOCX, true
		case k == office.ODT:
			return formatODT, true
		case byName == formatDOCX || byName == formatODT:
			return byName, true // read as named, to say what is wrong with it
		}
	}
	return byName, false
}

// parse reads data; label names it in errors and source becomes doc.Source.
func (o Options) parse(ctx context.Context, label, source string, data []byte, file, files int) (*Article, error) {
	if label == "" {
		label = "(unnamed)"
	}
	if source == "." || source == string(filepath.Separator) {
		source = ""
	}
	if len(data) == 0 {
		return nil, invalid(label, "file is empty")
	}
	f, ok := formatOf(source)
	if sf, sure := sniff(data, f); sure {
		f, ok = sf, true
	}
	limit := int64(MaxFileBytes)
	if f == formatPDF {
		limit = MaxPDFBytes
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(label, int64(len(data)), limit)
	}
	if f == formatPDF && !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, invalid(label, "not a PDF file (it does not start with a PDF header)")
	}

	a := &Article{Doc: &annotate.Document{Source: source}}
	doc, rep := a.Doc, &a.Report
	rep.Format = formatNames[f]
	switch f {
	case formatPDF:
		if err := o.readPDF(ctx, a, label, source, data, file, files); err != nil {
			return nil, err
		}
	case formatDOCX, formatODT:
		if err := readOffice(doc, rep, data, f); err != nil {
			return nil, invalid(label, err.Error())
		}
	default:
		raw, err := decode(data, f == formatHTML)
		if err != nil {
			return nil, invalid(label, err.Error())
		}
		if !ok && looksLikeHTML(raw) {
			f = formatHTML
			rep.Format = formatNames[f]
		}
		switch f {
		case formatHTML:
			if err := readHTML(doc, raw, rep); err != nil {
				return nil, invalid(label, err.Error())
			}
		case formatMarkdown:
			readMarkdown(doc, raw, rep)
		default:
			readText(doc, raw, false)
		}
	}
	if doc.Text == "" {
		switch f {
		case formatHTML:
			return nil, invalid(label, "no readable text in the HTML")
		case formatText, formatMarkdown:
			return nil, invalid(label, "file has no text (only whitespace)")
		}
		return nil, invalid(label, "the document has no text")
	}
	if len(doc.Text) > annotate.MaxDocumentBytes {
		// UTF-16 and Windows-1252 can grow when converted to UTF-8.
		return nil, invalid(label, fmt.Sprintf("text is larger than %d MB once converted to UTF-8", annotate.MaxDocumentBytes>>20))
	}
	if doc.Title == "" {
		doc.Title = titleFromName(source)
	}
	if rep.Paragraphs == 0 {
		rep.Paragraphs = countParagraphs(doc.Text)
	}
	doc.Hash = annotate.HashText(doc.Text)
	doc.Length = utf8.RuneCountInString(doc.Text)
	return a, nil
}

// countParagraphs counts the blocks of text between blank lines.
func countParagraphs(text string) int {
	if text == "" {
		return 0
	}
	return strings.Count(text, "\n\n") + 1
}

// readPDF fills a from a PDF's text, keeping the file as its original
// when it is small enough.
func (o Options) readPDF(ctx context.Context, a *Article, label, source string, data []byte, file, files int) error {
	var progress pdf.Progress
	if o.Progress != nil {
		progress = func(done, total int) {
			o.Progress(Progress{Path: label, File: file, Files: files, Page: done, Pages: total})
		}
	}
	t, err := pdf.Extract(ctx, o.pdfRuntime(), data, progress)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return invalid(label, err.Error())
	}
	doc, rep := a.Doc, &a.Report
	doc.Text = Normalize(t.Text)
	meta{title: t.Title, byline: t.Author, published: t.Date}.apply(doc)
	if doc.Title == "" {
		doc.Title = firstLineTitle(doc.Text, false)
	}
	rep.Pages, rep.Paragraphs, rep.Removed = t.Pages, t.Paragraphs, t.Removed
	if len(data) > MaxOriginalBytes {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the original PDF is not kept in the project (it is larger than %d MB), so its pages cannot be shown", MaxOriginalBytes>>20))
		return nil
	}
	a.Original = &Original{Name: source, MediaType: "application/pdf", Data: data}
	return nil
}

// readOffice fills doc from a Word or OpenDocument file.
func readOffice(doc *annotate.Document, rep *Report, data []byte, f format) error {
	var d *office.Document
	var err error
	if f == formatDOCX {
		d, err = office.ReadDOCX(data)
	} else {
		d, err = office.ReadODT(data)
	}
	if err != nil {
		return err
	}
	doc.Text = Normalize(d.Text)
	meta{title: d.Title, byline: d.Author, published: d.Date}.apply(doc)
	if doc.Title == "" {
		doc.Title = firstLineTitle(doc.Text, false)
	}
	rep.Paragraphs, rep.Removed = d.Paragraphs, d.Removed
	return nil
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

// Result is the outcome of importing one file named to Paths: an article
// or an error, never both. Doc is Article.Doc.
type Result struct {
	Path    string
	Doc     *annotate.Document
	Article *Article
	Err     error
}

// Paths reads every file named in paths, in order; a web address (see
// IsWebAddress) is fetched. A folder stands for every
// supported file under it, recursively, sorted by path; hidden files and
// folders (names starting with ".") are passed over and symbolic links to
// folders are not followed. An unsupported file found in a folder is not
// read but reported as a Result whose error says "unsupported file type"; a
// folder without any supported file is reported as an error too. Files named
// explicitly are always attempted, whatever their extension. A file reached
// twice is read once.
func Paths(paths []string) []Result {
	return Options{}.Paths(context.Background(), paths)
}

// Paths reads files as the package's Paths does. When ctx is cancelled it
// stops and returns what it has read so far, with ctx's error for the file
// it was reading.
func (o Options) Paths(ctx context.Context, paths []string) []Result {
	var results []Result
	o.Each(ctx, paths, func(r Result) { results = append(results, r) })
	return results
}

// Each reads files as Paths does, handing each result to fn as soon as it
// is read, so that a caller storing articles holds one file's bytes at a
// time, not a folder's.
func (o Options) Each(ctx context.Context, paths []string, fn func(Result)) {
	var todo []Result // files to read (no Err) and problems found listing them
	seen := make(map[string]bool)
	add := func(p string) {
		key := filepath.Clean(p)
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if seen[key] {
			return
		}
		seen[key] = true
		todo = append(todo, Result{Path: p})
	}
	for _, p := range paths {
		if IsWebAddress(p) {
			todo = append(todo, Result{Path: p})
			continue
		}
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			todo = append(todo, Result{Path: p, Err: ioError(p, err)})
		case fi.IsDir():
			for _, e := range walk(p) {
				if e.err != nil {
					todo = append(todo, Result{Path: e.path, Err: e.err})
				} else {
					add(e.path)
				}
			}
		default:
			add(p)
		}
	}
	files := 0
	for _, r := range todo {
		if r.Err == nil {
			files++
		}
	}
	file := 0
	for _, r := range todo {
		if r.Err != nil {
			fn(r)
			continue
		}
		if err := ctx.Err(); err != nil {
			return
		}
		file++
		if o.Progress != nil {
			o.Progress(Progress{Path: r.Path, File: file, Files: files})
		}
		var a *Article
		var err error
		if IsWebAddress(r.Path) {
			a, err = o.Fetch(ctx, r.Path)
		} else {
			a, err = o.read(ctx, r.Path, file, files)
		}
		r.Article, r.Err = a, err
		if a != nil {
			r.Doc = a.Doc
		}
		fn(r)
		if err != nil && ctx.Err() != nil {
			return
		}
	}
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
		entries = append(entries, entry{dir, invalid(dir, "no supported files in the folder ("+strings.Join(Extensions, ", ")+")")})
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

// tooLarge is the error for a file over its format's limit.
func tooLarge(name string, size, limit int64) error {
	mb := math.Ceil(float64(size)*10/(1<<20)) / 10 // never rounded down to the limit
	return invalid(name, fmt.Sprintf("file is too large (%.1f MB; the limit is %d MB)", mb, limit>>20))
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
