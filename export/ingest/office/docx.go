package office

import (
	"strconv"
	"strings"
)

// ReadDOCX reads a Word document.
func ReadDOCX(data []byte) (*Document, error) {
	const what = "Word document"
	a, err := openArchive(data, what)
	if err != nil {
		return nil, err
	}
	body, err := a.read("word/document.xml", what)
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, errorf("not a Word document (it has no word/document.xml)")
	}
	r := &docxReader{headings: map[string]bool{}, formats: map[string]string{}, noteNums: map[string]int{}}
	if styles, err := a.read("word/styles.xml", what); err != nil {
		return nil, err
	} else if styles != nil {
		r.readStyles(styles)
	}
	if numbering, err := a.read("word/numbering.xml", what); err != nil {
		return nil, err
	} else if numbering != nil {
		r.readNumbering(numbering)
	}
	notes := map[string]string{}
	for _, part := range []struct{ name, prefix string }{{"word/footnotes.xml", "f"}, {"word/endnotes.xml", "e"}} {
		b, err := a.read(part.name, what)
		if err != nil {
			return nil, err
		}
		if b != nil {
			if err := readDOCXNotes(b, part.name, part.prefix, notes); err != nil {
				return nil, err
			}
		}
	}
	if err := r.read(body); err != nil {
		return nil, err
	}
	doc := &Document{}
	var texts []string
	for _, id := range r.noteOrder {
		texts = append(texts, notes[id])
	}
	doc.Text, doc.Paragraphs = assemble(r.blocks, texts)
	if core, err := a.read("docProps/core.xml", what); err != nil {
		return nil, err
	} else if core != nil {
		doc.Title, doc.Author, doc.Date = properties(core, "docProps/core.xml", "created", "modified")
	}
	if doc.Title == "" {
		doc.Title = r.title
	}
	if n := len(r.noteOrder); n > 0 {
		doc.Removed = append(doc.Removed, plural(n, "note", "notes")+" moved to the end")
	}
	if r.deleted > 0 {
		doc.Removed = append(doc.Removed, plural(r.deleted, "tracked deletion", "tracked deletions"))
	}
	if r.comments {
		doc.Removed = append(doc.Removed, "comments")
	}
	return doc, nil
}

func errorf(s string) error { return &reason{s} }

type reason struct{ s string }

func (r *reason) Error() string { return r.s }

// docxReader reads word/document.xml.
type docxReader struct {
	headings map[string]bool   // style ids of headings and titles
	formats  map[string]string // numId/ilvl → number format
	abstract map[string]string // numId → abstractNumId

	blocks    []block
	title     string // the first Title or Heading paragraph
	titleRank int

	para     strings.Builder
	style    string
	numID    string
	ilvl     int
	inList   bool
	counters map[string][]int // per numId, one counter per level

	cells  []string // of the row being read
	cell   *strings.Builder
	tables int // tables started
	depth  int // nesting of tables

	noteNums  map[string]int
	noteOrder []string
	deleted   int
	comments  bool
}

func (r *docxReader) readStyles(data []byte) {
	var id string
	walk(data, "word/styles.xml", func(stack []element) {
		e := stack[len(stack)-1]
		switch e.name {
		case "style":
			id = e.attr1("styleId")
		case "name":
			n := strings.ToLower(e.attr1("val"))
			if inside(stack, "style") && (strings.HasPrefix(n, "heading") || n == "title" || n == "subtitle") {
				r.headings[id] = true
			}
		case "outlineLvl":
			if inside(stack, "style") {
				r.headings[id] = true
			}
		}
	}, nil, nil)
}

func (r *docxReader) readNumbering(data []byte) {
	r.abstract = map[string]string{}
	abstractFormats := map[string]string{}
	var abs, lvl string
	walk(data, "word/numbering.xml", func(stack []element) {
		e := stack[len(stack)-1]
		switch e.name {
		case "abstractNum":
			abs = e.attr1("abstractNumId")
		case "lvl":
			lvl = e.attr1("ilvl")
		case "numFmt":
			if inside(stack, "abstractNum") {
				abstractFormats[abs+"/"+lvl] = e.attr1("val")
			}
		case "num":
			abs = ""
			lvl = e.attr1("numId")
		case "abstractNumId":
			if inside(stack, "num") {
				r.abstract[lvl] = e.attr1("val")
			}
		}
	}, nil, nil)
	for num, abs := range r.abstract {
		for l := 0; l < 9; l++ {
			if f, ok := abstractFormats[abs+"/"+strconv.Itoa(l)]; ok {
				r.formats[num+"/"+strconv.Itoa(l)] = f
			}
		}
	}
}

// skippedDOCX are elements whose text is not the document's: deleted
// revisions, field instructions, drawings and the fallback copies of
// alternate content, comments' anchors.
var skippedDOCX = []string{"del", "delText", "instrText", "drawing", "pict", "Fallback", "commentReference", "moveFrom"}

func (r *docxReader) read(data []byte) error {
	r.counters = map[string][]int{}
	return walk(data, "word/document.xml", func(stack []element) {
		e := stack[len(stack)-1]
		if inside(stack[:len(stack)-1], skippedDOCX...) {
			return
		}
		switch e.name {
		case "p":
			r.para.Reset()
			r.style, r.numID, r.ilvl, r.inList = "", "", 0, false
		case "pStyle":
			r.style = e.attr1("val")
		case "numId":
			if inside(stack, "pPr") {
				r.numID = e.attr1("val")
				r.inList = r.numID != "" && r.numID != "0"
			}
		case "ilvl":
			if inside(stack, "pPr") {
				r.ilvl, _ = strconv.Atoi(e.attr1("val"))
				r.ilvl = min(max(r.ilvl, 0), 8)
			}
		case "tab":
			if inside(stack, "r") {
				r.para.WriteByte('\t')
			}
		case "br", "cr":
			if e.attr1("type") == "page" || e.attr1("type") == "column" {
				r.para.WriteByte(' ')
			} else {
				r.para.WriteByte('\n')
			}
		case "noBreakHyphen":
			r.para.WriteByte('-')
		case "footnoteReference", "endnoteReference":
			id := "f" + e.attr1("id")
			if e.name == "endnoteReference" {
				id = "e" + e.attr1("id")
			}
			n, ok := r.noteNums[id]
			if !ok {
				r.noteOrder = append(r.noteOrder, id)
				n = len(r.noteOrder)
				r.noteNums[id] = n
			}
			r.para.WriteString("[" + strconv.Itoa(n) + "]")
		case "del":
			r.deleted++
		case "commentReference", "commentRangeStart":
			r.comments = true
		case "tbl":
			r.depth++
			if r.depth == 1 {
				r.tables++
			}
		case "tr":
			if r.depth == 1 {
				r.cells = nil
			}
		case "tc":
			if r.depth == 1 {
				r.cell = &strings.Builder{}
			}
		}
	}, func(stack []element, s string) {
		e := stack[len(stack)-1]
		if e.name == "t" && !inside(stack, skippedDOCX...) {
			r.para.WriteString(s)
		}
	}, func(stack []element) {
		e := stack[len(stack)-1]
		if inside(stack[:len(stack)-1], skippedDOCX...) {
			return
		}
		switch e.name {
		case "p":
			r.endParagraph()
		case "tc":
			if r.depth == 1 && r.cell != nil {
				r.cells = append(r.cells, collapse(r.cell.String()))
				r.cell = nil
			}
		case "tr":
			if r.depth == 1 {
				r.blocks = append(r.blocks, block{row: true, table: r.tables, text: strings.Join(r.cells, "\t")})
			}
		case "tbl":
			r.depth--
		}
	})
}

// endParagraph files the paragraph just read: into the table cell being
// read, or as a block.
func (r *docxReader) endParagraph() {
	text := strings.ReplaceAll(r.para.String(), "\t", " ")
	r.para.Reset()
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
	if r.inList {
		b.list, b.level, b.group = true, r.ilvl, r.numID
		b.marker = r.marker()
	}
	if r.headings[r.style] && strings.TrimSpace(text) != "" {
		rank := 2
		if strings.EqualFold(r.style, "title") {
			rank = 3
		}
		if rank > r.titleRank {
			r.title, r.titleRank = collapse(text), rank
		}
	}
	r.blocks = append(r.blocks, b)
}

// marker is the bullet or number of the list item just read.
func (r *docxReader) marker() string {
	format := r.formats[r.numID+"/"+strconv.Itoa(r.ilvl)]
	c := r.counters[r.numID]
	for len(c) <= r.ilvl {
		c = append(c, 0)
	}
	c[r.ilvl]++
	for i := r.ilvl + 1; i < len(c); i++ {
		c[i] = 0 // a new item restarts the levels below it
	}
	r.counters[r.numID] = c
	return listMarker(format, c[r.ilvl])
}

// listMarker writes item n of a list in a number format (Word's and
// OpenDocument's names); bullets and unknown formats are "- ".
func listMarker(format string, n int) string {
	switch format {
	case "decimal", "decimalZero", "1":
		return strconv.Itoa(n) + ". "
	case "lowerLetter", "a":
		return string(rune('a'+(n-1)%26)) + ". "
	case "upperLetter", "A":
		return string(rune('A'+(n-1)%26)) + ". "
	case "lowerRoman", "i":
		return strings.ToLower(roman(n)) + ". "
	case "upperRoman", "I":
		return roman(n) + ". "
	}
	return "- "
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// readDOCXNotes reads the footnotes or endnotes part into notes, keyed by
// prefix and id; separators are passed over.
func readDOCXNotes(data []byte, part, prefix string, notes map[string]string) error {
	var id string
	var b strings.Builder
	skip := false
	return walk(data, part, func(stack []element) {
		e := stack[len(stack)-1]
		switch e.name {
		case "footnote", "endnote":
			id = e.attr1("id")
			t := e.attr1("type")
			skip = t == "separator" || t == "continuationSeparator" || t == "continuationNotice"
			b.Reset()
		case "p":
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
		case "tab":
			b.WriteByte(' ')
		}
	}, func(stack []element, s string) {
		if stack[len(stack)-1].name == "t" && !inside(stack, skippedDOCX...) {
			b.WriteString(s)
		}
	}, func(stack []element) {
		e := stack[len(stack)-1]
		if (e.name == "footnote" || e.name == "endnote") && !skip {
			notes[prefix+id] = collapse(b.String())
		}
	})
}
