package qdpx

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"gloss/annotate"
)

// Options tune an export.
type Options struct {
	// Name is the project's name, e.g. its file name without extension.
	Name string
}

func (o Options) name() string {
	if s := strings.TrimSpace(o.Name); s != "" {
		return s
	}
	return "Gloss project"
}

// Origin is written in the origin attribute of the files Gloss makes.
const Origin = "Gloss"

// GUID returns a Gloss ID in the form REFI-QDA tools write GUIDs: upper case.
func GUID(id string) string { return strings.ToUpper(id) }

// nameGUID returns a stable GUID for something Gloss identifies by name
// (a user, a variable, the coding of a passage with a tag): a version 5
// (SHA-1, name-based) UUID in Gloss's own namespace, so that exporting the
// same project twice gives the same file.
func nameGUID(kind string, parts ...string) string {
	h := sha1.New()
	h.Write([]byte("gloss:" + kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b)
	return GUID(s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32])
}

// dateTime formats a time as an xsd:dateTime in UTC.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// color returns a tag colour as the schema's RGBType, upper case.
func color(c string) string {
	if !annotate.ValidColor(c) {
		return ""
	}
	return strings.ToUpper(c)
}

// sourceName returns a document's title as a TextSource's name that other
// tools can use as a file name: QualCoder, for one, copies each source to
// "documents/NAME.txt", which a "/" in a title breaks, and Windows refuses
// \ : * ? " < > | as well. Those become look-alike characters that are
// safe in file names, control characters and trailing dots and spaces go;
// the exact title travels in the Title variable when they differ.
func sourceName(title string) string {
	r := strings.NewReplacer("/", "∕", "\\", "⧵", ":", "꞉", "*", "∗", "?", "？", "\"", "ʺ", "<", "‹", ">", "›", "|", "ǀ")
	name := strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f {
			return ' '
		}
		return c
	}, r.Replace(title))
	name = strings.TrimRight(strings.Join(strings.Fields(name), " "), ". ")
	if name == "" {
		return "Untitled document"
	}
	return name
}

// variables are the document metadata Gloss writes as REFI-QDA variables
// of its TextSources, in this order.
var variables = []struct {
	name string
	get  func(d *annotate.Document) string
	desc string
}{
	{"Title", func(d *annotate.Document) string {
		if sourceName(d.Title) == d.Title {
			return ""
		}
		return d.Title
	}, "The document's exact title, where its name had to be changed to be safe as a file name."},
	{"Outlet", func(d *annotate.Document) string { return d.Outlet }, "The publication the document appeared in."},
	{"Byline", func(d *annotate.Document) string { return d.Byline }, "The document's author(s)."},
	{"Published", func(d *annotate.Document) string { return d.Published }, "The publication date."},
	{"URL", func(d *annotate.Document) string { return d.URL }, "Where the document was published."},
}

// project is a project read for export.
type project struct {
	id, created string
	docs        []*annotate.Document // with text, by title
	tags        []*annotate.Tag
	passages    map[string][]*annotate.Passage // by document ID, by position
	latest      time.Time
	users       map[string]string // name -> GUID

	codeMemos map[string]*annotate.Memo // by tag ID
	journal   []*annotate.Memo          // oldest first
	attrs     []*annotate.Attribute
	values    annotate.DocumentValues
}

// AnalysisSource is a Source that also holds memos and document
// attributes, as a project does; an export from one carries code memos,
// the journal and the attributes too.
type AnalysisSource interface {
	Memos(ctx context.Context, f annotate.MemoFilter) ([]*annotate.Memo, error)
	Attributes(ctx context.Context) ([]*annotate.Attribute, error)
	DocumentValues(ctx context.Context) (annotate.DocumentValues, error)
}

// readAnalysis reads the memos and attributes of a source that has them.
func (p *project) readAnalysis(ctx context.Context, src annotate.Source, withDocuments bool) error {
	as, ok := src.(AnalysisSource)
	if !ok {
		return nil
	}
	kinds := []string{annotate.MemoCode}
	if withDocuments {
		kinds = append(kinds, annotate.MemoJournal)
	}
	memos, err := as.Memos(ctx, annotate.MemoFilter{Kinds: kinds})
	if err != nil {
		return err
	}
	p.codeMemos = map[string]*annotate.Memo{}
	for _, m := range memos {
		p.seen(m.Author, m.UpdatedAt)
		switch m.Kind {
		case annotate.MemoCode:
			p.codeMemos[m.ID] = m
		case annotate.MemoJournal:
			p.journal = append(p.journal, m)
		}
	}
	// The journal is listed newest first; a file reads better oldest first.
	for i, j := 0, len(p.journal)-1; i < j; i, j = i+1, j-1 {
		p.journal[i], p.journal[j] = p.journal[j], p.journal[i]
	}
	if !withDocuments {
		return nil
	}
	if p.attrs, err = as.Attributes(ctx); err != nil {
		return err
	}
	if p.values, err = as.DocumentValues(ctx); err != nil {
		return err
	}
	for _, a := range p.attrs {
		p.seen(a.Author, a.UpdatedAt)
	}
	return nil
}

func read(ctx context.Context, src annotate.Source, withDocuments bool) (*project, error) {
	p := &project{passages: map[string][]*annotate.Passage{}, users: map[string]string{}}
	var err error
	if p.id, err = src.Meta(ctx, "project_id"); err != nil {
		return nil, fmt.Errorf("project id: %w", err)
	}
	if c, err := src.Meta(ctx, "created_at"); err == nil {
		if t, err := time.Parse(time.RFC3339Nano, c); err == nil {
			p.created = dateTime(t)
		}
	}
	if p.tags, err = src.Tags(ctx); err != nil {
		return nil, err
	}
	for _, t := range p.tags {
		p.seen(t.Author, t.UpdatedAt)
	}
	if err := p.readAnalysis(ctx, src, withDocuments); err != nil {
		return nil, err
	}
	if !withDocuments {
		return p, nil
	}
	list, err := src.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	for _, d := range list {
		full, err := src.Document(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		p.docs = append(p.docs, full)
		p.seen(full.Author, full.UpdatedAt)
	}
	passages, err := src.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		return nil, err
	}
	for _, ps := range passages {
		p.passages[ps.DocumentID] = append(p.passages[ps.DocumentID], ps)
		p.seen(ps.Author, ps.UpdatedAt)
		if ps.Note.ID != "" {
			p.seen(ps.Note.Author, ps.Note.UpdatedAt)
		}
	}
	for _, ps := range p.passages {
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].Start != ps[j].Start {
				return ps[i].Start < ps[j].Start
			}
			if ps[i].End != ps[j].End {
				return ps[i].End < ps[j].End
			}
			return ps[i].ID < ps[j].ID
		})
	}
	return p, nil
}

// seen records a user and a modification time.
func (p *project) seen(author string, t time.Time) {
	if author != "" {
		p.users[author] = nameGUID("user", author)
	}
	if t.After(p.latest) {
		p.latest = t
	}
}

func (p *project) user(name string) string { return p.users[name] }

// codes returns the codebook as nested Codes, children under their parents
// in codebook order; a code's memo is a Note it refers to, in notes.
func (p *project) codes(notes *[]xTextSource) *xCodes {
	if len(p.tags) == 0 {
		return nil
	}
	live := map[string]bool{}
	for _, t := range p.tags {
		live[t.ID] = true
	}
	children := map[string][]*annotate.Tag{}
	for _, t := range p.tags {
		parent := t.ParentID
		if !live[parent] {
			parent = ""
		}
		children[parent] = append(children[parent], t)
	}
	var build func(parent string, depth int) []xCode
	build = func(parent string, depth int) []xCode {
		var out []xCode
		for _, t := range children[parent] {
			c := xCode{GUID: GUID(t.ID), Name: t.Name, IsCodable: fmt.Sprint(!t.Grouping), Color: color(t.Color), Description: t.Description}
			if m := p.codeMemos[t.ID]; m != nil && m.Text != "" && notes != nil {
				text := m.Text
				n := xTextSource{
					GUID:             nameGUID("code memo", t.ID),
					Name:             annotate.Ellipsize(CodeMemoPrefix+t.Name, 200),
					CreatingUser:     p.user(m.Author),
					CreationDateTime: orDefault(dateTime(m.UpdatedAt), p.created),
					ModifiedDateTime: dateTime(m.UpdatedAt),
					PlainTextContent: &text,
				}
				*notes = append(*notes, n)
				c.NoteRef = append(c.NoteRef, xRef{TargetGUID: n.GUID})
			}
			if depth < 100 {
				c.Code = build(t.ID, depth+1)
			}
			out = append(out, c)
		}
		return out
	}
	return &xCodes{Code: build("", 0)}
}

// Export writes the whole project to w as a REFI-QDA project (.qdpx): a
// zip holding project.qde and each document's text in sources/.
func Export(ctx context.Context, src annotate.Source, w io.Writer, opt Options) error {
	p, err := read(ctx, src, true)
	if err != nil {
		return err
	}
	// Every element gets a creation time, as QualCoder's importer needs
	// one on every Note.
	if p.created == "" {
		p.created = dateTime(p.latest)
	}
	qde := &xProject{
		XMLName:          xml.Name{Space: ProjectNamespace, Local: "Project"},
		Name:             opt.name(),
		Origin:           Origin,
		CreationDateTime: p.created,
		ModifiedDateTime: dateTime(p.latest),
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return p.created
		}
		return dateTime(t)
	}
	if len(p.users) > 0 {
		names := make([]string, 0, len(p.users))
		for n := range p.users {
			names = append(names, n)
		}
		sort.Strings(names)
		qde.Users = &xUsers{}
		for _, n := range names {
			qde.Users.User = append(qde.Users.User, xUser{GUID: p.users[n], Name: n})
		}
	}
	var notes []xTextSource
	if codes := p.codes(&notes); codes != nil {
		qde.CodeBook = &xProjectCodeBook{Codes: codes}
	}
	varGUID := map[string]string{}
	for _, v := range variables {
		for _, d := range p.docs {
			if strings.TrimSpace(v.get(d)) != "" {
				if qde.Variables == nil {
					qde.Variables = &xVariables{}
				}
				varGUID[v.name] = nameGUID("variable", v.name)
				qde.Variables.Variable = append(qde.Variables.Variable, xVariable{GUID: varGUID[v.name], Name: v.name, TypeOfVariable: "Text", Description: v.desc})
				break
			}
		}
	}
	// The researcher's attributes follow the metadata; one named like a
	// metadata variable takes its place.
	taken := map[string]bool{}
	for _, a := range p.attrs {
		taken[strings.ToLower(a.Name)] = true
	}
	if qde.Variables != nil {
		kept := qde.Variables.Variable[:0]
		for _, v := range qde.Variables.Variable {
			if !taken[strings.ToLower(v.Name)] {
				kept = append(kept, v)
			}
		}
		qde.Variables.Variable = kept
	}
	attrType := map[string]string{}
	for _, a := range p.attrs {
		if qde.Variables == nil {
			qde.Variables = &xVariables{}
		}
		attrType[a.ID] = variableType(a, p.values)
		qde.Variables.Variable = append(qde.Variables.Variable, xVariable{GUID: GUID(a.ID), Name: a.Name, TypeOfVariable: attrType[a.ID], Description: variableDescription(a, attrType[a.ID])})
	}
	if qde.Variables != nil && len(qde.Variables.Variable) == 0 {
		qde.Variables = nil
	}
	tagOK := map[string]bool{}
	for _, t := range p.tags {
		tagOK[t.ID] = true
	}
	texts := map[string]string{}
	for _, d := range p.docs {
		guid := GUID(d.ID)
		src := xTextSource{
			GUID:             guid,
			Name:             sourceName(d.Title),
			PlainTextPath:    "internal://" + guid + ".txt",
			CreatingUser:     p.user(d.Author),
			CreationDateTime: stamp(d.CreatedAt),
			ModifiedDateTime: dateTime(d.UpdatedAt),
			Description:      d.Memo,
		}
		texts[guid] = d.Text
		for _, ps := range p.passages[d.ID] {
			sel := xSelection{
				GUID:             GUID(ps.ID),
				Name:             annotate.Ellipsize(strings.Join(strings.Fields(ps.Quote), " "), 80),
				StartPosition:    fmt.Sprint(ps.Start),
				EndPosition:      fmt.Sprint(ps.End),
				CreatingUser:     p.user(ps.Author),
				CreationDateTime: stamp(ps.CreatedAt),
				ModifiedDateTime: dateTime(ps.UpdatedAt),
				// QualCoder, MAXQDA read a coding's memo from here; NVivo,
				// ATLAS.ti from the Note below.
				Description: ps.Note.Text,
			}
			for _, tag := range ps.Tags {
				if !tagOK[tag] {
					continue
				}
				sel.Coding = append(sel.Coding, xCoding{
					GUID:             nameGUID("coding", ps.ID, tag),
					CreatingUser:     p.user(ps.Author),
					CreationDateTime: stamp(ps.CreatedAt),
					CodeRef:          xRef{TargetGUID: GUID(tag)},
				})
			}
			if ps.Note.ID != "" && ps.Note.Text != "" {
				text := ps.Note.Text
				notes = append(notes, xTextSource{
					GUID:             GUID(ps.Note.ID),
					Name:             noteName(ps.Note.Text),
					CreatingUser:     p.user(ps.Note.Author),
					CreationDateTime: stamp(ps.Note.CreatedAt),
					ModifiedDateTime: dateTime(ps.Note.UpdatedAt),
					PlainTextContent: &text,
				})
				sel.NoteRef = append(sel.NoteRef, xRef{TargetGUID: GUID(ps.Note.ID)})
			}
			src.Selection = append(src.Selection, sel)
		}
		for _, v := range variables {
			if s := strings.TrimSpace(v.get(d)); s != "" && !taken[strings.ToLower(v.name)] {
				src.VariableValue = append(src.VariableValue, xVariableValue{VariableRef: xRef{TargetGUID: varGUID[v.name]}, TextValue: &s})
			}
		}
		for _, a := range p.attrs {
			if s := p.values[d.ID][a.ID]; s != "" {
				src.VariableValue = append(src.VariableValue, variableValue(GUID(a.ID), attrType[a.ID], s))
			}
		}
		if qde.Sources == nil {
			qde.Sources = &xSources{}
		}
		qde.Sources.TextSource = append(qde.Sources.TextSource, src)
	}
	// The journal: notes on the project as a whole, named by their date.
	for _, e := range p.journal {
		text := e.Text
		n := xTextSource{
			GUID:             GUID(e.ID),
			Name:             journalNoteName(e),
			CreatingUser:     p.user(e.Author),
			CreationDateTime: stamp(e.CreatedAt),
			ModifiedDateTime: dateTime(e.UpdatedAt),
			PlainTextContent: &text,
		}
		notes = append(notes, n)
		qde.NoteRef = append(qde.NoteRef, xRef{TargetGUID: n.GUID})
	}
	if len(notes) > 0 {
		qde.Notes = &xNotes{Note: notes}
	}

	var buf bytes.Buffer
	if err := encode(&buf, qde, xml.StartElement{Name: qde.XMLName}); err != nil {
		return fmt.Errorf("project.qde: %w", err)
	}
	modified := p.latest
	if modified.IsZero() || modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	put := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := f.Write(data); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	if err := put("project.qde", buf.Bytes()); err != nil {
		return err
	}
	for _, d := range p.docs {
		guid := GUID(d.ID)
		if err := put("sources/"+guid+".txt", []byte(texts[guid])); err != nil {
			return err
		}
	}
	return zw.Close()
}

// ExportCodebook writes the project's codebook to w as a REFI-QDA codebook
// (.qdc). A project without tags has no codebook to write (the schema needs
// at least one code): that is an EINVALID error.
func ExportCodebook(ctx context.Context, src annotate.Source, w io.Writer) error {
	p, err := read(ctx, src, false)
	if err != nil {
		return err
	}
	codes := p.codes(nil)
	if codes == nil {
		return annotate.Errorf(annotate.EINVALID, "the project has no codes: there is no codebook to write")
	}
	cb := &xCodeBook{XMLName: xml.Name{Space: CodebookNamespace, Local: "CodeBook"}, Origin: Origin, Codes: codes}
	return encode(w, cb, xml.StartElement{Name: cb.XMLName})
}

func encode(w io.Writer, v any, start xml.StartElement) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.EncodeElement(v, start); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// noteName is a note's first line, shortened: its name in other tools' lists.
func noteName(text string) string {
	first := strings.TrimSpace(strings.SplitN(strings.TrimSpace(text), "\n", 2)[0])
	return annotate.Ellipsize(strings.Join(strings.Fields(first), " "), 60)
}

// CodeMemoPrefix begins the name of the Note that holds a code's memo.
const CodeMemoPrefix = "Memo: "

// journalNoteName names a journal entry's Note: its date, then its title,
// so that the date survives in tools that keep only a note's name.
func journalNoteName(e *annotate.Memo) string {
	if e.Subject == "" {
		return e.Date
	}
	return e.Date + " " + e.Subject
}

// choicesHeading begins the Description of a choice attribute's Variable,
// the values one per line after it.
const choicesHeading = "One of:"

// partialDates describes a date attribute written as text, since some of
// its values are a month or a year.
const partialDates = "Dates: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)."

// variableDescription describes an attribute's Variable: for a choice, its
// values; for dates written as text, that they are dates.
func variableDescription(a *annotate.Attribute, typ string) string {
	switch {
	case a.Kind == annotate.AttributeChoice:
		return choicesHeading + "\n" + strings.Join(a.Choices, "\n")
	case a.Kind == annotate.AttributeDate && typ == "Text":
		return partialDates
	}
	return ""
}

// variableType is the REFI-QDA type of an attribute's Variable: Float for
// numbers, Date for dates when every value is a whole day (a month or a
// year alone is not an xsd:date), else Text.
func variableType(a *annotate.Attribute, values annotate.DocumentValues) string {
	switch a.Kind {
	case annotate.AttributeNumber:
		return "Float"
	case annotate.AttributeDate:
		for _, vs := range values {
			if v := vs[a.ID]; v != "" && len(v) != len("2006-01-02") {
				return "Text"
			}
		}
		return "Date"
	}
	return "Text"
}

// variableValue is a document's value of a Variable of the given type.
func variableValue(guid, typ, v string) xVariableValue {
	vv := xVariableValue{VariableRef: xRef{TargetGUID: guid}}
	switch typ {
	case "Float":
		vv.FloatValue = &v
	case "Date":
		vv.DateValue = &v
	default:
		vv.TextValue = &v
	}
	return vv
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
