package qdpx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gloss/annotate"
)

// codes adds a CodeBook's codes to the batch, parents before children. A
// code with isCodable="false" (a category) is a grouping code; its
// Description is its description (or, longer than a description may be,
// its memo), and the notes it refers to are its memo.
func (rd *reader) addCodes(codes []xCode, parent string, depth int) error {
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
		desc := normalizeNote(strings.TrimSpace(c.Description))
		var memo []string
		if utf8.RuneCountInString(desc) > annotate.MaxTagDescription {
			memo, desc = append(memo, desc), ""
		}
		memoAuthor := ""
		for _, ref := range c.NoteRef {
			if text, ok, err := rd.noteText(ref, "code "+strconv.Quote(c.Name)); err != nil {
				return err
			} else if ok {
				memo = append(memo, text)
				if n := rd.notes[lowerGUID(ref.TargetGUID)]; memoAuthor == "" {
					memoAuthor = rd.user(n.ModifyingUser, n.CreatingUser)
				}
			}
		}
		t := &annotate.BatchTag{
			Key: key, ID: gid(c.GUID), Name: c.Name, Color: strings.ToLower(col),
			Description: desc, Memo: joinDistinct(memo), MemoAuthor: memoAuthor, ParentKey: parent, Codebook: true,
			Grouping: isFalse(c.IsCodable),
		}
		rd.b.Tags = append(rd.b.Tags, t)
		rd.codes[key] = t
		if err := rd.addCodes(c.Code, key, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// isFalse reads an xsd:boolean that says false.
func isFalse(s string) bool {
	s = strings.TrimSpace(s)
	return s == "0" || strings.EqualFold(s, "false")
}

// joinDistinct joins the texts that are not empty and not already part of
// another, with a blank line between them.
func joinDistinct(texts []string) string {
	var out []string
	for _, t := range texts {
		t = normalizeNote(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		dup := false
		for i, o := range out {
			if strings.Contains(o, t) {
				dup = true
				break
			}
			if strings.Contains(t, o) {
				out[i], dup = t, true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n")
}

// sets reports a project's or codebook's sets: Gloss has no sets.
func (rd *reader) sets(sets *xSets) {
	if sets == nil {
		return
	}
	for _, s := range sets.Set {
		var parts []string
		for _, m := range []struct {
			n    int
			what string
		}{{len(s.MemberCode), "code"}, {len(s.MemberSource), "source"}, {len(s.MemberNote), "note"}} {
			if m.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s(s)", m.n, m.what))
			}
		}
		members := "no members"
		if len(parts) > 0 {
			members = strings.Join(parts, ", ")
		}
		rd.warn("set %q (%s): Gloss has no sets; its members were read without it", strings.TrimSpace(s.Name), members)
	}
}

func readCodebook(name string, data []byte) (*annotate.Batch, error) {
	var cb xCodeBook
	if err := xml.Unmarshal(data, &cb); err != nil {
		return nil, xmlError(name, err)
	}
	rd := &reader{name: name, b: &annotate.Batch{File: name, Format: FormatCodebook}, codeKeys: map[string]bool{},
		codes: map[string]*annotate.BatchTag{}, origin: cb.Origin}
	if cb.Codes == nil || len(cb.Codes.Code) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: the codebook has no codes", name)
	}
	if err := rd.addCodes(cb.Codes.Code, "", 0); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %s", name, err)
	}
	rd.sets(cb.Sets)
	return rd.b, nil
}

// defaultConvention is how the tool that wrote the file counts positions,
// for sources where no selection's quote tells (see positions.go).
func (rd *reader) defaultConvention() convention {
	o := strings.ToLower(rd.origin)
	return convention{crlfOne: strings.Contains(o, "atlas") || strings.Contains(o, "qualcoder")}
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
	rd.origin = p.Origin
	rd.users, rd.codeKeys, rd.notes = map[string]string{}, map[string]bool{}, map[string]xTextSource{}
	rd.codes, rd.used, rd.sourceOf = map[string]*annotate.BatchTag{}, map[string]bool{}, map[string][]*xTextSource{}
	rd.linked = map[string][]string{}
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
	if p.Notes != nil {
		for i := range p.Notes.Note {
			n := p.Notes.Note[i]
			rd.notes[lowerGUID(n.GUID)] = n
		}
	}
	if p.CodeBook != nil && p.CodeBook.Codes != nil {
		if err := rd.addCodes(p.CodeBook.Codes.Code, "", 0); err != nil {
			return fail(err)
		}
	}
	// Links between a selection and a note: the note is the selection's
	// annotation (NVivo). Other links relate things Gloss has no place for.
	otherLinks := 0
	if p.Links != nil {
		for _, l := range p.Links.Link {
			o, t := lowerGUID(l.OriginGUID), lowerGUID(l.TargetGUID)
			switch _, on := rd.notes[o]; {
			case on:
				rd.linked[t] = append(rd.linked[t], o)
			default:
				if _, tn := rd.notes[t]; tn {
					rd.linked[o] = append(rd.linked[o], t)
				} else {
					otherLinks++
				}
			}
		}
	}
	vars := map[string]string{}
	if p.Variables != nil {
		for _, v := range p.Variables.Variable {
			rd.variable(v, vars)
		}
	}
	if p.Sources != nil {
		rd.annotationNotes(p.Sources.TextSource)
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
		{"link", otherLinks},
		{"graph", count(p.Graphs != nil, func() int { return len(p.Graphs.Graph) })},
	} {
		if part.n > 0 {
			rd.warn("%d %s(s): Gloss has no %ss", part.n, part.what, part.what)
		}
	}
	rd.sets(p.Sets)
	// Notes on the project as a whole, and notes nothing refers to, are
	// the project journal; annotations whose source the file does not
	// name cannot be placed.
	for _, ref := range p.NoteRef {
		key := lowerGUID(ref.TargetGUID)
		if n, ok := rd.notes[key]; ok && !rd.used[key] {
			if err := rd.journalEntry(n); err != nil {
				return fail(err)
			}
		} else if !ok {
			rd.warn("the project refers to a note %s that it does not have", ref.target())
		}
	}
	if d := strings.TrimSpace(p.Description); d != "" {
		rd.b.Journal = append(rd.b.Journal, &annotate.BatchJournalEntry{Key: "project description", Title: "Project description",
			Text: normalizeNote(d), Author: rd.user(p.CreatingUserGUID), CreatedAt: parseDateTime(p.CreationDateTime)})
	}
	if p.Notes != nil {
		for _, n := range p.Notes.Note {
			if rd.used[lowerGUID(n.GUID)] {
				continue
			}
			name := strings.TrimSpace(n.Name)
			if name == "" {
				name = n.GUID
			}
			if len(n.Selection) > 0 {
				rd.warn("note %q: an annotation at [%s, %s) that no source refers to (no TextSource has a NoteRef to it), so the document it belongs to is unknown",
					name, n.Selection[0].StartPosition, n.Selection[0].EndPosition)
			} else if err := rd.journalEntry(n); err != nil {
				return fail(err)
			}
		}
	}
	return rd.b, nil
}

// journalEntry reads a note on the project as a whole as an entry of the
// project journal: a name that starts with a date (as Gloss writes them)
// gives its date and title, else its creation time gives the date.
func (rd *reader) journalEntry(n xTextSource) error {
	key := lowerGUID(n.GUID)
	rd.used[key] = true
	text, err := rd.text(n)
	if err != nil {
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return err
		}
		rd.warn("note %q: %s", n.Name, err)
		return nil
	}
	e := &annotate.BatchJournalEntry{Key: key, ID: gid(n.GUID), Text: normalizeNote(strings.TrimSpace(text)),
		Author: rd.user(n.CreatingUser, n.ModifyingUser), CreatedAt: parseDateTime(n.CreationDateTime), UpdatedAt: parseDateTime(n.ModifiedDateTime)}
	name := strings.Join(strings.Fields(n.Name), " ")
	if d, rest, _ := strings.Cut(name, " "); annotate.ValidDate(d) {
		e.Date, name = d, rest
	}
	if name != noteName(e.Text) {
		// A name that is not just the first words of the text is a title.
		e.Title = name
	}
	if e.Text == "" && e.Title == "" {
		return nil
	}
	rd.b.Journal = append(rd.b.Journal, e)
	return nil
}

// metadataVariables are the variable names (lower case) that fill in a
// document's metadata rather than becoming an attribute, and the field.
var metadataVariables = map[string]string{
	"url": "url", "link": "url", "web address": "url",
	"outlet": "outlet", "publication": "outlet", "newspaper": "outlet", "source": "outlet",
	"byline": "byline", "author": "byline", "authors": "byline",
	"published": "published", "date": "published", "publication date": "published",
	"title": "title",
}

// variable reads a project's Variable: one named like a document field
// (Outlet, Published...) fills in that field, as Gloss's own metadata
// variables do; the others become document attributes. vars maps the
// variable's GUID to the field, or to "attribute".
func (rd *reader) variable(v xVariable, vars map[string]string) {
	key := lowerGUID(v.GUID)
	name := strings.TrimSpace(v.Name)
	field := metadataVariables[strings.ToLower(name)]
	// A Gloss project names its metadata variables by a GUID of their
	// name; a variable of the same name with another GUID is an attribute.
	if field != "" && (!strings.EqualFold(rd.origin, Origin) || lowerGUID(nameGUID("variable", canonicalVariable(name))) == key) {
		vars[key] = field
		return
	}
	if key == "" || name == "" {
		rd.warn("a variable without a guid or a name: its values were not imported")
		return
	}
	a := &annotate.BatchAttribute{Key: key, ID: gid(v.GUID), Name: name}
	switch strings.ToLower(strings.TrimSpace(v.TypeOfVariable)) {
	case "integer", "float":
		a.Kind = annotate.AttributeNumber
	case "date", "datetime":
		a.Kind = annotate.AttributeDate
	case "boolean":
		a.Kind, a.Choices = annotate.AttributeChoice, []string{"true", "false"}
	default:
		a.Kind = annotate.AttributeText
		desc := normalizeNote(strings.TrimSpace(v.Description))
		if desc == partialDates {
			a.Kind = annotate.AttributeDate
		}
		if head, rest, ok := strings.Cut(desc, "\n"); ok && strings.TrimSpace(head) == choicesHeading {
			for _, c := range strings.Split(rest, "\n") {
				if c = strings.TrimSpace(c); c != "" {
					a.Choices = append(a.Choices, c)
				}
			}
			if len(a.Choices) > 0 {
				a.Kind = annotate.AttributeChoice
			}
		}
	}
	vars[key] = "attribute"
	rd.b.Attributes = append(rd.b.Attributes, a)
}

// canonicalVariable is the name Gloss gives a metadata variable, as its
// GUID was made from it.
func canonicalVariable(name string) string {
	for _, v := range variables {
		if strings.EqualFold(v.name, name) {
			return v.name
		}
	}
	return name
}

// count returns n() when present, else 0.
func count(present bool, n func() int) int {
	if !present {
		return 0
	}
	return n()
}

// annotationNotes finds the notes that annotate a range of a source (a
// Note with a PlainTextSelection, as QualCoder writes its annotations): a
// source that refers to one by NoteRef is its source; a project with a
// single text source owns the ones nothing refers to (QualCoder refers to
// the first annotation of each source only).
func (rd *reader) annotationNotes(sources []xTextSource) {
	referred := map[string]bool{}
	for _, s := range sources {
		for _, ref := range s.NoteRef {
			key := lowerGUID(ref.TargetGUID)
			if n, ok := rd.notes[key]; ok && len(n.Selection) > 0 && !referred[key] {
				referred[key] = true
				rd.sourceOf[lowerGUID(s.GUID)] = append(rd.sourceOf[lowerGUID(s.GUID)], &n)
			}
		}
		for _, x := range s.Selection {
			for _, ref := range x.NoteRef {
				referred[lowerGUID(ref.TargetGUID)] = true
			}
			for _, c := range x.Coding {
				for _, ref := range c.NoteRef {
					referred[lowerGUID(ref.TargetGUID)] = true
				}
			}
		}
	}
	if len(sources) != 1 {
		return
	}
	only := lowerGUID(sources[0].GUID)
	for key, n := range rd.notes {
		if len(n.Selection) > 0 && !referred[key] {
			n := n
			rd.sourceOf[only] = append(rd.sourceOf[only], &n)
		}
	}
}

// noteText returns the text of the note ref names, marking the note as
// used; ok is false (with a warning) when the project lacks it or its text
// cannot be read, and for an empty note.
func (rd *reader) noteText(ref xRef, from string) (string, bool, error) {
	key := lowerGUID(ref.target())
	note, ok := rd.notes[key]
	if !ok {
		rd.warn("%s: refers to a note %s that the project does not have", from, ref.target())
		return "", false, nil
	}
	rd.used[key] = true
	text, err := rd.text(note)
	if err != nil {
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return "", false, err
		}
		rd.warn("note %q: %s", note.Name, err)
		return "", false, nil
	}
	text = normalizeNote(strings.TrimSpace(text))
	return text, text != "", nil
}

// user returns the name of the user a GUID names, "" when none.
func (rd *reader) user(guids ...string) string {
	for _, g := range guids {
		if n := rd.users[lowerGUID(g)]; g != "" && n != "" {
			return n
		}
	}
	return ""
}

// selection is a selection of a source to import, with its span: a coded
// PlainTextSelection or an annotation note.
type selection struct {
	x    xSelection
	note *xTextSource // for an annotation: the note
	sp   *span
}

// source adds a TextSource with its selections and annotations.
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
		Author: rd.user(s.CreatingUser, s.ModifyingUser), CreatedAt: parseDateTime(s.CreationDateTime),
	}
	if doc.Title == "" {
		doc.Title = path.Base(strings.TrimPrefix(s.PlainTextPath, "internal://"))
	}
	for _, vv := range s.VariableValue {
		v := strings.TrimSpace(vv.value())
		ref := lowerGUID(vv.VariableRef.TargetGUID)
		switch vars[ref] {
		case "url":
			doc.URL = v
		case "outlet":
			doc.Outlet = v
		case "byline":
			doc.Byline = v
		case "published":
			doc.Published = v
		case "title":
			if v != "" {
				doc.Title = v // the exact title, where the name had to be safe as a file name
			}
		case "attribute":
			if vv.DateTimeValue != nil && len(v) > 10 {
				v = v[:10] // the day of an xsd:dateTime
			}
			if v != "" {
				if doc.Values == nil {
					doc.Values = map[string]string{}
				}
				doc.Values[ref] = v
			}
		}
	}
	// The memo: the source's Description and the notes on it as a whole.
	memo := []string{s.Description}
	annotations := rd.sourceOf[key]
	for _, ref := range s.NoteRef {
		if n, ok := rd.notes[lowerGUID(ref.TargetGUID)]; ok && len(n.Selection) > 0 {
			continue // an annotation of a range: below
		}
		text, ok, err := rd.noteText(ref, fmt.Sprintf("source %q", doc.Title))
		if err != nil {
			return err
		}
		if ok {
			memo = append(memo, text)
		}
	}
	doc.Memo = joinDistinct(memo)
	if len(s.Coding) > 0 {
		rd.warn("source %q: %d coding(s) of the whole source: Gloss codes passages, not whole documents", doc.Title, len(s.Coding))
	}
	var sels []*selection
	for _, x := range s.Selection {
		start, err1 := strconv.Atoi(strings.TrimSpace(x.StartPosition))
		end, err2 := strconv.Atoi(strings.TrimSpace(x.EndPosition))
		if err1 != nil || err2 != nil {
			return fmt.Errorf("selection %s in source %q: positions %q, %q are not whole numbers", x.GUID, doc.Title, x.StartPosition, x.EndPosition)
		}
		sels = append(sels, &selection{x: x, sp: &span{key: lowerGUID(x.GUID), start: start, end: end, name: normalizeNote(x.Name)}})
	}
	for _, n := range annotations {
		rd.used[lowerGUID(n.GUID)] = true
		for _, x := range n.Selection {
			start, err1 := strconv.Atoi(strings.TrimSpace(x.StartPosition))
			end, err2 := strconv.Atoi(strings.TrimSpace(x.EndPosition))
			if err1 != nil || err2 != nil {
				return fmt.Errorf("annotation %s in source %q: positions %q, %q are not whole numbers", n.GUID, doc.Title, x.StartPosition, x.EndPosition)
			}
			sels = append(sels, &selection{x: x, note: n, sp: &span{key: lowerGUID(n.GUID), start: start, end: end, name: normalizeNote(x.Name)}})
		}
	}
	var t *annotate.Text
	var spans []*span
	for _, sl := range sels {
		if sl.sp.start >= 0 && sl.sp.end > sl.sp.start {
			spans = append(spans, sl.sp)
		}
	}
	if raw != "" {
		text, detail := placeSpans(raw, spans, rd.defaultConvention())
		doc.Text, doc.Detail = text, detail
		t = annotate.NewText(text)
	} else {
		for _, sp := range spans {
			sp.s, sp.e, sp.ok = sp.start, sp.end, true
		}
	}
	rd.b.Documents = append(rd.b.Documents, doc)
	for i, sl := range sels {
		if err := rd.selection(doc, t, sl, i); err != nil {
			return err
		}
	}
	return nil
}

// selection adds the passages of one selection: one per coder of its
// codings (ATLAS.ti records who applied each code), the selection's notes
// with its creator's; an annotation note is a passage with that note.
func (rd *reader) selection(doc *annotate.BatchDocument, t *annotate.Text, sl *selection, i int) error {
	x, sp := sl.x, sl.sp
	key := sp.key
	if key == "" {
		key = fmt.Sprintf("selection %d of %q", i+1, doc.Title)
	}
	if !sp.ok {
		rd.warn("selection %s in source %q: range [%d, %d) is empty or outside its text", key, doc.Title, sp.start, sp.end)
		return nil
	}
	creator := rd.user(x.CreatingUser, x.ModifyingUser)
	created, updated := parseDateTime(x.CreationDateTime), parseDateTime(x.ModifiedDateTime)
	var notes []string
	var noteID, noteAuthor string
	if sl.note != nil {
		n := sl.note
		creator = rd.user(n.CreatingUser, n.ModifyingUser)
		text, err := rd.text(*n)
		if err != nil {
			var ae *annotate.Error
			if errors.As(err, &ae) {
				return err
			}
			rd.warn("annotation %q: %s", n.Name, err)
		}
		if created.IsZero() {
			created = parseDateTime(n.CreationDateTime)
		}
		if updated.IsZero() {
			updated = parseDateTime(n.ModifiedDateTime)
		}
		notes, noteID, noteAuthor = []string{normalizeNote(text)}, gid(n.GUID), creator
	} else {
		notes = []string{x.Description}
		refs := x.NoteRef
		for _, n := range rd.linked[lowerGUID(x.GUID)] {
			refs = append(refs, xRef{TargetGUID: n})
		}
		for _, ref := range refs {
			text, ok, err := rd.noteText(ref, "selection "+key)
			if err != nil {
				return err
			}
			if ok {
				if noteID == "" {
					n := rd.notes[lowerGUID(ref.TargetGUID)]
					noteID, noteAuthor = gid(n.GUID), rd.user(n.CreatingUser, n.ModifyingUser)
				}
				notes = append(notes, text)
			}
		}
	}
	// One passage per coder, in the order their codings come.
	type group struct {
		coder string
		tags  []string
		notes []string
		first time.Time // its earliest coding's creation, for a selection that gives none
	}
	var groups []*group
	byCoder := map[string]*group{}
	for _, c := range x.Coding {
		code := lowerGUID(c.CodeRef.TargetGUID)
		if !rd.codeKeys[code] {
			rd.warn("selection %s: coded with a code %s that is not in the codebook", key, c.CodeRef.TargetGUID)
			continue
		}
		coder := rd.user(c.CreatingUser)
		if coder == "" {
			coder = creator
		}
		g := byCoder[coder]
		if g == nil {
			g = &group{coder: coder}
			byCoder[coder] = g
			groups = append(groups, g)
		}
		if !contains(g.tags, code) {
			g.tags = append(g.tags, code)
		}
		if at := parseDateTime(c.CreationDateTime); !at.IsZero() && (g.first.IsZero() || at.Before(g.first)) {
			g.first = at
		}
		for _, ref := range c.NoteRef {
			text, ok, err := rd.noteText(ref, "coding of selection "+key)
			if err != nil {
				return err
			}
			if ok {
				g.notes = append(g.notes, text)
			}
		}
	}
	own := byCoder[creator]
	if own == nil && creator == "" && len(groups) > 0 {
		own = groups[0] // the selection names no creator: its first coder's
	}
	if own == nil {
		own = &group{coder: creator}
		groups = append([]*group{own}, groups...)
	}
	own.notes = append(notes, own.notes...)
	first := true
	for _, g := range groups {
		note := joinDistinct(g.notes)
		if len(g.tags) == 0 && note == "" && len(groups) > 1 {
			continue // the creator of a selection only others coded
		}
		bp := &annotate.BatchPassage{
			Key: key, Document: doc.Key, Author: g.coder, Tags: g.tags, Note: note,
			CreatedAt: created, UpdatedAt: updated, HasPosition: true, Moved: sp.moved,
		}
		if bp.CreatedAt.IsZero() {
			bp.CreatedAt = g.first
		}
		if first {
			if sl.note == nil {
				bp.ID = gid(x.GUID)
			}
		} else {
			bp.Key = fmt.Sprintf("%s (coded by %s)", key, g.coder)
		}
		if g == own {
			bp.NoteID, bp.NoteAuthor = noteID, noteAuthor
		}
		first = false
		if t != nil {
			bp.Selector = annotate.Describe(t, sp.s, sp.e)
		} else {
			bp.Selector = annotate.Selector{Start: sp.s, End: sp.e}
		}
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
