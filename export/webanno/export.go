// Package webanno writes and reads annotations in the W3C Web Annotation
// Data Model (https://www.w3.org/TR/annotation-model/), serialized as
// JSON-LD: Gloss's passages as Annotations gathered in an
// AnnotationCollection, and, going the other way, files from another Gloss
// or from tools that speak the model, such as Hypothesis.
package webanno

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"gloss/annotate"
)

// Context is the JSON-LD context of the Web Annotation model.
const Context = "http://www.w3.org/ns/anno.jsonld"

// Options tune an export.
type Options struct {
	// Label names the collection, e.g. the project's file name.
	Label string
	// Filter chooses the passages; the zero filter exports every one.
	Filter annotate.PassageFilter
}

// Annotation is one W3C Web Annotation as Gloss writes it.
type Annotation struct {
	Context  string `json:"@context"`
	ID       string `json:"id"`
	Type     string `json:"type"`
	Created  string `json:"created,omitempty"`
	Modified string `json:"modified,omitempty"`
	Creator  *Agent `json:"creator,omitempty"`
	Body     []Body `json:"body,omitempty"`
	Target   Target `json:"target"`
}

// Agent is the person who made an annotation or body.
type Agent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// Body is a TextualBody: the note (purpose "commenting") or a tag
// (purpose "tagging").
type Body struct {
	Type     string `json:"type"`
	Purpose  string `json:"purpose"`
	Value    string `json:"value"`
	Format   string `json:"format,omitempty"`
	Creator  *Agent `json:"creator,omitempty"`
	Created  string `json:"created,omitempty"`
	Modified string `json:"modified,omitempty"`
}

// Target is the passage: its document and the two selectors.
type Target struct {
	Source   string     `json:"source"`
	Selector []Selector `json:"selector"`
}

// Selector is a TextQuoteSelector or a TextPositionSelector.
type Selector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

// Collection is an AnnotationCollection with its only page embedded.
type Collection struct {
	Context  string `json:"@context"`
	ID       string `json:"id"`
	Type     string `json:"type"`
	Label    string `json:"label"`
	Total    int    `json:"total"`
	Created  string `json:"created,omitempty"`
	Modified string `json:"modified,omitempty"`
	First    *Page  `json:"first,omitempty"`
}

// Page is an AnnotationPage.
type Page struct {
	ID         string        `json:"id"`
	Type       string        `json:"type"`
	StartIndex int           `json:"startIndex"`
	Items      []*Annotation `json:"items"`
}

// Time formats t as Gloss writes times in annotations: ISO 8601 in UTC,
// with a Z and only as many fractional digits as needed.
func Time(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// Build gathers the project's passages into a collection, ordered by
// document title, position and ID so that the same project always gives
// the same file.
func Build(ctx context.Context, src annotate.Source, opt Options) (*Collection, error) {
	projectID, err := src.Meta(ctx, "project_id")
	if err != nil {
		return nil, fmt.Errorf("project id: %w", err)
	}
	docs, err := src.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*annotate.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	tags, err := src.Tags(ctx)
	if err != nil {
		return nil, err
	}
	tagName := make(map[string]string, len(tags))
	for _, t := range tags {
		tagName[t.ID] = t.Name
	}
	passages, err := src.Passages(ctx, opt.Filter)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(passages, func(i, j int) bool {
		a, b := passages[i], passages[j]
		da, db := byID[a.DocumentID], byID[b.DocumentID]
		if da != nil && db != nil && da.Title != db.Title {
			return da.Title < db.Title
		}
		if a.DocumentID != b.DocumentID {
			return a.DocumentID < b.DocumentID
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.ID < b.ID
	})
	label := opt.Label
	if label == "" {
		label = "Gloss project"
	}
	c := &Collection{
		Context: Context,
		ID:      "urn:uuid:" + projectID,
		Type:    "AnnotationCollection",
		Label:   label,
		First:   &Page{ID: "urn:uuid:" + projectID + "#page-1", Type: "AnnotationPage", Items: []*Annotation{}},
	}
	if created, err := src.Meta(ctx, "created_at"); err == nil {
		if t, err := time.Parse(time.RFC3339Nano, created); err == nil {
			c.Created = Time(t)
		}
	}
	var latest time.Time
	for _, p := range passages {
		doc := byID[p.DocumentID]
		if doc == nil {
			continue // its document is not live: Passages should not list it
		}
		c.First.Items = append(c.First.Items, annotation(p, doc, tagName))
		if p.UpdatedAt.After(latest) {
			latest = p.UpdatedAt
		}
		if p.Note.UpdatedAt.After(latest) {
			latest = p.Note.UpdatedAt
		}
	}
	if !latest.IsZero() {
		c.Modified = Time(latest)
	}
	c.Total = len(c.First.Items)
	if c.Total == 0 {
		c.First = nil // the model: no first page in an empty collection
	}
	return c, nil
}

// DocumentSource returns the IRI a document is annotated under: its URL,
// else urn:uuid: and its Gloss ID.
func DocumentSource(d *annotate.Document) string {
	if d.URL != "" {
		return d.URL
	}
	return "urn:uuid:" + d.ID
}

func annotation(p *annotate.Passage, doc *annotate.Document, tagName map[string]string) *Annotation {
	start, end := p.Start, p.End
	a := &Annotation{
		Context:  Context,
		ID:       "urn:uuid:" + p.ID,
		Type:     "Annotation",
		Created:  Time(p.CreatedAt),
		Modified: Time(p.UpdatedAt),
		Body:     []Body{},
		Target: Target{
			Source: DocumentSource(doc),
			Selector: []Selector{
				{Type: "TextQuoteSelector", Exact: p.Quote, Prefix: p.Prefix, Suffix: p.Suffix},
				{Type: "TextPositionSelector", Start: &start, End: &end},
			},
		},
	}
	if p.Author != "" {
		a.Creator = &Agent{Type: "Person", Name: p.Author}
	}
	if p.Note.Text != "" {
		b := Body{Type: "TextualBody", Purpose: "commenting", Value: p.Note.Text, Format: "text/plain",
			Created: Time(p.Note.CreatedAt), Modified: Time(p.Note.UpdatedAt)}
		if p.Note.Author != "" && p.Note.Author != p.Author {
			b.Creator = &Agent{Type: "Person", Name: p.Note.Author}
		}
		a.Body = append(a.Body, b)
	}
	for _, id := range p.Tags {
		if name, ok := tagName[id]; ok {
			a.Body = append(a.Body, Body{Type: "TextualBody", Purpose: "tagging", Value: name})
		}
	}
	if len(a.Body) == 0 {
		a.Body = nil
	}
	return a
}

// Export writes the project's passages to w as one AnnotationCollection in
// JSON-LD, indented.
func Export(ctx context.Context, src annotate.Source, w io.Writer, opt Options) error {
	c, err := Build(ctx, src, opt)
	if err != nil {
		return err
	}
	return Write(w, c)
}

// Write writes a collection to w as indented JSON-LD.
func Write(w io.Writer, c *Collection) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}
