// Package office reads the text of Word (.docx) and OpenDocument (.odt)
// files with archive/zip and encoding/xml: paragraphs and headings, list
// items as lines starting "- " or their number, tables as lines of
// tab-separated cells, footnotes and endnotes numbered in the text and
// listed at the end, and the title, author and date from the document's
// properties. Archives are untrusted: the number of entries and the size
// of every part read are limited, so a zip bomb is refused, not unpacked.
package office

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits on what an archive may hold.
const (
	MaxEntries   = 10000     // files in the archive
	MaxPartBytes = 256 << 20 // one part, uncompressed
	MaxReadBytes = 512 << 20 // every part read, uncompressed, together
)

// Document is what a file holds.
type Document struct {
	Text                string
	Title, Author, Date string
	Paragraphs          int
	Removed             []string // what was left out or moved
}

// Format is a kind of office file.
type Format int

const (
	Unknown Format = iota
	DOCX
	ODT
)

// Kind tells a Word file from an OpenDocument text from any other ZIP
// archive, by the parts it holds.
func Kind(data []byte) Format {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(z.File) > MaxEntries {
		return Unknown
	}
	for _, f := range z.File {
		switch f.Name {
		case "word/document.xml":
			return DOCX
		case "mimetype":
			if f.UncompressedSize64 < 100 {
				if b, err := readPart(f, 100); err == nil && strings.TrimSpace(string(b)) == "application/vnd.oasis.opendocument.text" {
					return ODT
				}
			}
		}
	}
	return Unknown
}

// archive is an opened ZIP file with a budget of bytes to read.
type archive struct {
	files  map[string]*zip.File
	budget int64
}

func openArchive(data []byte, what string) (*archive, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a valid %s (the ZIP archive inside is damaged: %v)", what, strings.TrimPrefix(err.Error(), "zip: "))
	}
	if len(z.File) > MaxEntries {
		return nil, fmt.Errorf("the %s holds %d files, more than the %d Gloss reads (it may be a zip bomb)", what, len(z.File), MaxEntries)
	}
	a := &archive{files: map[string]*zip.File{}, budget: MaxReadBytes}
	for _, f := range z.File {
		a.files[f.Name] = f
	}
	return a, nil
}

// errTooLarge is returned for a part that unpacks to more than the limits.
var errTooLarge = errors.New("too large")

// read returns a part's content, or nil when the archive has no such part.
func (a *archive) read(name, what string) ([]byte, error) {
	f := a.files[name]
	if f == nil {
		return nil, nil
	}
	limit := min(int64(MaxPartBytes), a.budget)
	b, err := readPart(f, limit)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("the %s's part %s unpacks to more than %d MB (it may be a zip bomb)", what, name, limit>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("the %s is damaged (its part %s cannot be unpacked: %v)", what, name, strings.TrimPrefix(err.Error(), "zip: "))
	}
	a.budget -= int64(len(b))
	return b, nil
}

// readPart reads a file of the archive, refusing to unpack more than limit
// bytes whatever its header claims.
func readPart(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, errTooLarge
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errTooLarge
	}
	return b, nil
}

// block is a paragraph, heading, list item or table row as read.
type block struct {
	text   string
	list   bool   // a list item: joined with its neighbours into one paragraph
	marker string // "- " or "3. "
	level  int    // list nesting, from 0
	row    bool   // a table row: joined with its neighbours
	table  int    // which table, so two tables in a row stay apart
	group  string // which list, so two lists in a row stay apart
}

// assemble joins blocks into the document's text: list items and table
// rows on lines of one paragraph, other blocks as paragraphs, then the
// notes under "Notes".
func assemble(blocks []block, notes []string) (string, int) {
	var paras []string
	var group []string
	kind := 0 // 0 none, 1 list, 2 table
	table := -1
	list := ""
	flush := func() {
		if len(group) > 0 {
			paras = append(paras, strings.Join(group, "\n"))
			group = nil
		}
		kind = 0
	}
	for _, b := range blocks {
		t := strings.TrimSpace(b.text)
		switch {
		case b.list:
			if t == "" {
				continue
			}
			if kind != 1 || list != b.group {
				flush()
				kind, list = 1, b.group
			}
			group = append(group, strings.Repeat("  ", b.level)+b.marker+t)
		case b.row:
			if kind != 2 || table != b.table {
				flush()
				kind, table = 2, b.table
			}
			if strings.Trim(b.text, "\t ") != "" {
				group = append(group, strings.TrimRight(b.text, "\t "))
			}
		default:
			flush()
			if t != "" {
				paras = append(paras, t)
			}
		}
	}
	flush()
	n := len(paras)
	if len(notes) > 0 {
		paras = append(paras, "Notes")
		for i, note := range notes {
			paras = append(paras, "["+strconv.Itoa(i+1)+"] "+note)
		}
	}
	return strings.Join(paras, "\n\n"), n
}

// collapse turns runs of spaces, tabs and line breaks inside a table
// cell or a line into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
