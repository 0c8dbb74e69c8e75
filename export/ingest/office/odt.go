package office

import (
	"strconv"
	"strings"
)

// ReadODT reads an OpenDocument text.
func ReadODT(data []byte) (*Document, error) {
	const what = "OpenDocument file"
	a, err := openArchive(data, what)
	if err != nil {
		return nil, err
	}
	content, err := a.read("content.xml", what)
	if err != nil {
		return nil, err
	}
	if content == nil {
		return nil, errorf("not an OpenDocument text (it has no content.xml)")
	}
	r := &odtReader{numbered: map[string]map[int]string{}}
	if styles, err := a.read("styles.xml", what); err != nil {
		return nil, err
	} else if styles != nil {
		r.readListStyles(styles, "styles.xml")
	}
	r.readListStyles(content, "content.xml")
	if err := r.read(content); err != nil {
		return nil, err
	}
	doc := &Document{}
	doc.Text, doc.Paragraphs = assemble(r.blocks, r.notes)
	if meta, err := a.read("meta.xml", what); err != nil {
		return nil, err
	} else if meta != nil {
		doc.Title, doc.Author, doc.Date = properties(meta, "meta.xml", "creation-date", "date")
	}
	if doc.Title == "" {
		doc.Title = r.title
	}
	if n := len(r.notes); n > 0 {
		doc.Removed = append(doc.Removed, plural(n, "note", "notes")+" moved to the end")
	}
	if r.deleted > 0 {
		doc.Removed = append(doc.Removed, plural(r.deleted, "tracked deletion", "tracked deletions"))
	}
	if r.comments > 0 {
		doc.Removed = append(doc.Removed, plural(r.comments, "comment", "comments"))
	}
	return doc, nil
}

// odtReader reads content.xml.
type odtReader struct {
	numbered map[string]map[int]string // list style → level (from 1) → number format

	blocks    []block
	title     string
	titleRank int

	para   strings.Builder
	paras  int // open text:p and text:h elements
	head   int // outline level of the open heading, 0 when none
	lists  []odtList
	nlists int // top-level lists started
	cells  []string
	cell   *strings.Builder
	tables int
	depth  int

	notes    []string
	note     *strings.Builder
	deleted  int
	comments int
}

// odtList is an open text:list.
type odtList struct {
	style string
	count int
}

func (r *odtReader) readListStyles(data []byte, part string) {
	var style string
	walk(data, part, func(stack []element) {
		e := stack[len(stack)-1]
		switch e.name {
		case "list-style":
			style = e.attr1("name")
		case "list-level-style-number":
			lvl, _ := strconv.Atoi(e.attr1("level"))
			if r.numbered[style] == nil {
				r.numbered[style] = map[int]string{}
			}
			f := e.attr1("num-format")
			if f == "" {
				f = "1"
			}
			r.numbered[style][lvl] = f
		}
	}, nil, nil)
}

// skippedODT are elements whose text is not the document's: tracked
// changes (which hold deleted text), comments, frames, the citation mark
// of a note (Gloss numbers notes itself).
var skippedODT = []string{"tracked-changes", "annotation", "frame", "note-citation", "sequence-decls"}

func (r *odtReader) read(data []byte) error {
	return walk(data, "content.xml", func(stack []element) {
		e := stack[len(stack)-1]
		switch e.name {
		case "changed-region":
			r.deleted++
		case "annotation":
			r.comments++
		}
		if inside(stack[:len(stack)-1], skippedODT...) || inside(stack, "tracked-changes") {
			return
		}
		w := r.writer()
		switch e.name {
		case "p", "h":
			if r.note == nil {
				if r.paras == 0 {
					r.para.Reset()
				}
				r.paras++
				if e.name == "h" {
					lvl, _ := strconv.Atoi(e.attr1("outline-level"))
					r.head = max(lvl, 1)
				}
			} else if r.note.Len() > 0 {
				r.note.WriteByte(' ')
			}
		case "s":
			n, _ := strconv.Atoi(e.attr1("c"))
			w.WriteString(strings.Repeat(" ", min(max(n, 1), 100)))
		case "tab":
			w.WriteByte(' ')
		case "line-break":
			w.WriteByte('\n')
		case "note":
			r.notes = append(r.notes, "")
			r.para.WriteString("[" + strconv.Itoa(len(r.notes)) + "]")
		case "note-body":
			r.note = &strings.Builder{}
		case "list":
			style := e.attr1("style-name")
			if style == "" && len(r.lists) > 0 {
				style = r.lists[len(r.lists)-1].style
			}
			if len(r.lists) == 0 {
				r.nlists++
			}
			r.lists = append(r.lists, odtList{style: style})
		case "table":
			r.depth++
			if r.depth == 1 {
				r.tables++
			}
		case "table-row":
			if r.depth == 1 {
				r.cells = nil
			}
		case "table-cell":
			if r.depth == 1 {
				r.cell = &strings.Builder{}
			}
		}
	}, func(stack []element, s string) {
		if inside(stack, skippedODT...) {
			return
		}
		switch stack[len(stack)-1].name {
		case "p", "h", "span", "a", "note-body", "list-item", "ruby-base", "bookmark-ref", "reference-ref", "date", "time", "page-number", "title", "author-name", "initial-creator", "meta", "sender-firstname":
			if r.paras > 0 || r.note != nil {
				r.writer().WriteString(s)
			}
		}
	}, func(stack []element) {
		e := stack[len(stack)-1]
		if inside(stack[:len(stack)-1], skippedODT...) || inside(stack, "tracked-changes") {
			return
		}
		switch e.name {
		case "p", "h":
			if r.note != nil {
				return
			}
			r.paras--
			if r.paras == 0 {
				r.endParagraph(e.name == "h")
			}
		case "note-body":
			r.notes[len(r.notes)-1] = collapse(r.note.String())
			r.note = nil
		case "list":
			r.lists = r.lists[:len(r.lists)-1]
		case "table-cell":
			if r.depth == 1 && r.cell != nil {
				r.cells = append(r.cells, collapse(r.cell.String()))
				r.cell = nil
			}
		case "table-row":
			if r.depth == 1 {
				r.blocks = append(r.blocks, block{row: true, table: r.tables, text: strings.Join(r.cells, "\t")})
			}
		case "table":
			r.depth--
		}
	})
}

// writer is where text goes: a note being read, else the paragraph.
func (r *odtReader) writer() *strings.Builder {
	if r.note != nil {
		return r.note
	}
	return &r.para
}

func (r *odtReader) endParagraph(heading bool) {
	text := r.para.String()
	r.para.Reset()
	head := r.head
	r.head = 0
	if r.cell != nil {
		if r.cell.Len() > 0 {
			r.cell.WriteByte(' ')
		}
		r.cell.WriteString(text)
		return
	}
	if r.depth > 0 {
		return
	}
	b := block{text: text}
	if n := len(r.lists); n > 0 {
		l := &r.lists[n-1]
		l.count++
		b.list, b.level, b.group = true, n-1, strconv.Itoa(r.nlists)
		b.marker = listMarker(r.numbered[l.style][n], l.count)
	}
	if heading && strings.TrimSpace(text) != "" {
		rank := 10 - head
		if rank > r.titleRank {
			r.title, r.titleRank = collapse(text), rank
		}
	}
	r.blocks = append(r.blocks, b)
}
