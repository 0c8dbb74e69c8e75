// Package export writes a project's passages for people outside Gloss: a PDF
// briefing for decision makers, a CSV table for spreadsheets and a Markdown
// version of the briefing. It reads the project through Source, the three
// listings it needs, and never through storage directly.
package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gloss/annotate"
)

// Source is the part of a project the exporters read. *storage.DB satisfies it.
type Source interface {
	// Documents lists live documents without their text, by title.
	Documents(ctx context.Context, filter annotate.DocumentFilter) ([]*annotate.Document, error)
	// Tags lists the codebook in its order.
	Tags(ctx context.Context) ([]*annotate.Tag, error)
	// Passages lists live passages by document title, then start.
	Passages(ctx context.Context, filter annotate.PassageFilter) ([]*annotate.Passage, error)
}

// Grouping of the briefing's sections.
const (
	GroupByTag      = "tag"      // one section per tag (the default)
	GroupByDocument = "document" // one section per document
)

// Options says what goes into an export and how it is presented.
type Options struct {
	Title      string // the briefing's title; "Briefing" when empty
	Subtitle   string
	PreparedBy string // who prepared it, e.g. the researcher's name
	Project    string // the project's name, e.g. its file name without extension

	// Created is the briefing's date, shown on the title page and stored as
	// the PDF's creation date; the zero time means now. A fixed Created makes
	// the output byte-for-byte reproducible.
	Created time.Time

	// The scope: empty means everything. Tags are names (ignoring case) or
	// IDs; Documents are IDs; Authors are the names of the researchers who
	// made the passages. A passage is included when it carries any of the
	// tags, lies in any of the documents and was made by any of the authors.
	Tags      []string
	Documents []string
	Authors   []string

	GroupBy string // GroupByTag or GroupByDocument; "" means GroupByTag

	// BOM prepares a CSV file for spreadsheet programs: it starts with a
	// UTF-8 byte order mark, which they need to read it as UTF-8, and a
	// cell that would be read as a formula (one starting with =, +, -, @,
	// a tab or a carriage return, as "- The Russian president…" does) gets
	// a leading apostrophe, so that it shows as the text it is and a
	// colleague's note cannot run as a formula. Without BOM, fields are
	// written exactly as stored, for other programs.
	BOM bool

	// Progress, when set, is called as the export advances with the number
	// of passages written so far and the total.
	Progress func(done, total int)

	// FindFont returns the path of a TrueType font that has a glyph for r,
	// or "" when there is none. The PDF briefing uses it for characters its
	// own fonts lack; nil means SystemFont (fontconfig).
	FindFont func(r rune) string
}

// brief is the content of a briefing, gathered once and shared by the
// PDF and Markdown writers.
type brief struct {
	opts     Options
	title    string
	created  time.Time
	allTags  []*annotate.Tag          // the whole codebook, in its order
	tagByID  map[string]*annotate.Tag // the whole codebook
	tags     []*annotate.Tag          // tags in scope, in codebook order
	inScope  map[string]bool          // IDs of tags in scope
	docs     []*annotate.Document     // documents cited, numbered from 1 in this order
	docByID  map[string]*annotate.Document
	docNum   map[string]int // document ID -> its number in the sources
	passages []*annotate.Passage
	sections []*section
	scope    []scopeLine
	blocks   int // passage blocks over all sections, for progress
	groupBy  string
}

// section is one chapter of the briefing: a tag's or a document's passages.
type section struct {
	title       string
	color       string // "#rrggbb"
	description string
	tag         *annotate.Tag      // when grouped by tag
	doc         *annotate.Document // when grouped by document
	passages    []*annotate.Passage
	documents   int // distinct documents among the passages
}

// scopeLine is one line of the title page's scope: what the brief covers.
type scopeLine struct {
	label string
	value string
}

// gather reads the project and arranges its passages into sections.
func gather(ctx context.Context, src Source, opts Options) (*brief, error) {
	b := &brief{opts: opts, title: strings.TrimSpace(opts.Title), created: opts.Created,
		tagByID: map[string]*annotate.Tag{}, inScope: map[string]bool{},
		docByID: map[string]*annotate.Document{}, docNum: map[string]int{}}
	if b.title == "" {
		b.title = "Briefing"
	}
	if b.created.IsZero() {
		b.created = time.Now()
	}
	switch opts.GroupBy {
	case "", GroupByTag:
		b.groupBy = GroupByTag
	case GroupByDocument:
		b.groupBy = GroupByDocument
	default:
		return nil, annotate.Errorf(annotate.EINVALID, "cannot group a briefing by %q: use %q or %q", opts.GroupBy, GroupByTag, GroupByDocument)
	}

	tags, err := src.Tags(ctx)
	if err != nil {
		return nil, fmt.Errorf("read tags: %w", err)
	}
	b.allTags = tags
	for _, t := range tags {
		b.tagByID[t.ID] = t
	}
	var tagIDs []string
	for _, want := range opts.Tags {
		t := findTag(tags, want)
		if t == nil {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "no tag named %q in the project", want)
		}
		if !b.inScope[t.ID] {
			b.inScope[t.ID] = true
			tagIDs = append(tagIDs, t.ID)
		}
	}

	docs, err := src.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	for _, d := range docs {
		b.docByID[d.ID] = d
	}
	var docIDs []string
	wantDoc := map[string]bool{}
	for _, id := range opts.Documents {
		if b.docByID[id] == nil {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "no document %s in the project", id)
		}
		if !wantDoc[id] {
			wantDoc[id] = true
			docIDs = append(docIDs, id)
		}
	}

	ps, err := src.Passages(ctx, annotate.PassageFilter{TagIDs: tagIDs, DocumentIDs: docIDs, Authors: opts.Authors})
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	if len(tagIDs) == 0 {
		// Every tag is in scope; the overview lists those with passages.
		used := map[string]bool{}
		for _, p := range ps {
			for _, id := range p.Tags {
				used[id] = true
			}
		}
		for _, t := range tags {
			if used[t.ID] {
				b.inScope[t.ID] = true
			}
		}
	}
	for _, t := range tags {
		if b.inScope[t.ID] {
			b.tags = append(b.tags, t)
		}
	}
	for _, p := range ps {
		if b.docByID[p.DocumentID] == nil {
			continue // deleted between the two reads
		}
		b.passages = append(b.passages, p)
	}
	// Sources in the order of the document listing (by title).
	cited := map[string]bool{}
	for _, p := range b.passages {
		cited[p.DocumentID] = true
	}
	for _, d := range docs {
		if cited[d.ID] {
			b.docs = append(b.docs, d)
			b.docNum[d.ID] = len(b.docs)
		}
	}

	if b.groupBy == GroupByTag {
		for _, t := range b.tags {
			s := &section{title: t.Name, color: t.Color, description: t.Description, tag: t}
			for _, p := range b.passages {
				if p.HasTag(t.ID) {
					s.passages = append(s.passages, p)
				}
			}
			if len(s.passages) > 0 {
				b.sections = append(b.sections, s)
			}
		}
	} else {
		for _, d := range b.docs {
			s := &section{title: d.Title, doc: d, color: "#1f4e79"}
			for _, p := range b.passages {
				if p.DocumentID == d.ID {
					s.passages = append(s.passages, p)
				}
			}
			b.sections = append(b.sections, s)
		}
	}
	for _, s := range b.sections {
		seen := map[string]bool{}
		for _, p := range s.passages {
			if !seen[p.DocumentID] {
				seen[p.DocumentID] = true
				s.documents++
			}
		}
		b.blocks += len(s.passages)
	}

	b.scope = append(b.scope, scopeLine{"Tags", b.scopeTags(tagIDs)})
	if len(docIDs) == 0 {
		b.scope = append(b.scope, scopeLine{"Documents", fmt.Sprintf("all documents (%d cited)", len(b.docs))})
	} else {
		var names []string
		for _, id := range docIDs {
			names = append(names, b.docByID[id].Title)
		}
		b.scope = append(b.scope, scopeLine{"Documents", strings.Join(names, "; ")})
	}
	if len(opts.Authors) == 0 {
		b.scope = append(b.scope, scopeLine{"Coders", "all"})
	} else {
		b.scope = append(b.scope, scopeLine{"Coders", strings.Join(opts.Authors, ", ")})
	}
	return b, nil
}

func (b *brief) scopeTags(selected []string) string {
	if len(selected) == 0 {
		return fmt.Sprintf("all tags (%d with passages)", len(b.tags))
	}
	var names []string
	for _, id := range selected {
		names = append(names, b.tagByID[id].Name)
	}
	return strings.Join(names, ", ")
}

// findTag finds a tag by ID or by name, ignoring case.
func findTag(tags []*annotate.Tag, want string) *annotate.Tag {
	for _, t := range tags {
		if t.ID == want {
			return t
		}
	}
	for _, t := range tags {
		if strings.EqualFold(t.Name, strings.TrimSpace(want)) {
			return t
		}
	}
	return nil
}

// otherTags returns the passage's tags other than except, in its order.
func (b *brief) otherTags(p *annotate.Passage, except string) []*annotate.Tag {
	var ts []*annotate.Tag
	for _, id := range p.Tags {
		if t := b.tagByID[id]; t != nil && id != except {
			ts = append(ts, t)
		}
	}
	return ts
}

// passageColor is the colour of a passage's quote bar in a section: the
// section's tag, or the passage's first tag in scope.
func (b *brief) passageColor(s *section, p *annotate.Passage) string {
	if s.tag != nil {
		return s.tag.Color
	}
	for _, id := range p.Tags {
		if b.inScope[id] && b.tagByID[id] != nil {
			return b.tagByID[id].Color
		}
	}
	for _, id := range p.Tags {
		if t := b.tagByID[id]; t != nil {
			return t.Color
		}
	}
	return "#808080"
}

// counts returns the passage count of every tag in scope per cited document
// (rows in b.tags order, columns in b.docs order) and the row totals.
func (b *brief) counts() (cells [][]int, totals []int) {
	row := map[string]int{}
	for i, t := range b.tags {
		row[t.ID] = i
	}
	cells = make([][]int, len(b.tags))
	for i := range cells {
		cells[i] = make([]int, len(b.docs))
	}
	totals = make([]int, len(b.tags))
	for _, p := range b.passages {
		col := b.docNum[p.DocumentID] - 1
		for _, id := range p.Tags {
			if i, ok := row[id]; ok {
				cells[i][col]++
				totals[i]++
			}
		}
	}
	return cells, totals
}

// source returns the passage's source line: document title, outlet, date.
func (b *brief) source(p *annotate.Passage) string {
	d := b.docByID[p.DocumentID]
	parts := []string{d.Title}
	if d.Outlet != "" {
		parts = append(parts, d.Outlet)
	}
	if d.Published != "" {
		parts = append(parts, formatPublished(d.Published))
	}
	return strings.Join(parts, " · ")
}

// sourceSuffix returns the outlet and date of the passage's document.
func (b *brief) sourceSuffix(p *annotate.Passage) string {
	d := b.docByID[p.DocumentID]
	var parts []string
	if d.Outlet != "" {
		parts = append(parts, d.Outlet)
	}
	if d.Published != "" {
		parts = append(parts, formatPublished(d.Published))
	}
	return strings.Join(parts, " · ")
}

// formatPublished writes an ISO date (YYYY-MM-DD) the way a reader expects,
// and any other text as it is.
func formatPublished(s string) string {
	if t, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err == nil {
		return t.Format("2 January 2006")
	}
	return s
}

// progress reports progress when the caller asked for it.
func (b *brief) progress(done int) {
	if b.opts.Progress != nil {
		b.opts.Progress(done, b.blocks)
	}
}

// WriteFile writes a file through write without ever leaving a half-written
// file behind: the content goes to a temporary file in the same directory,
// which replaces path only when write succeeds.
func WriteFile(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return nil
}

// unwrapPathError drops the *PathError's repetition of the path.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
