package webanno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gloss/annotate"
)

// MaxFileBytes is the largest annotation file Parse reads (64 MB).
const MaxFileBytes = 64 << 20

// Format names the format in import reports.
const Format = "W3C Web Annotation (JSON-LD)"

// Parse reads annotations from r, the contents of the file called name: a
// single Annotation, an AnnotationCollection with embedded pages, an
// AnnotationPage, an array of annotations, or rows of the Hypothesis API
// (a bare array, or an object with "rows"). Each target with a text quote
// or position becomes a passage of the batch; targets without one are
// listed in the batch's warnings. Malformed JSON is an error that names the
// file, line and column.
func Parse(name string, r io.Reader) (*annotate.Batch, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: larger than %d MB: not an annotation file Gloss reads", name, MaxFileBytes>>20)
	}
	if !utf8.Valid(data) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: not UTF-8 text", name)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, jsonError(name, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: more than one JSON value in the file", name)
	}
	p := &parser{b: &annotate.Batch{File: name, Format: Format}, docs: map[string]*annotate.BatchDocument{}, tags: map[string]bool{}}
	items, err := p.annotations(root)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %s", name, err)
	}
	for i, it := range items {
		if err := p.annotation(it, i); err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "%s: annotation %d: %s", name, i+1, err)
		}
	}
	return p.b, nil
}

// jsonError turns a decoding error into one that names the place in the file.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if len(bytes.TrimSpace(data)) == 0 {
			return annotate.Errorf(annotate.EINVALID, "%s: empty file: not JSON", name)
		}
		return annotate.Errorf(annotate.EINVALID, "%s: malformed JSON: the file ends in the middle of a value", name)
	}
	if off < 0 {
		return annotate.Errorf(annotate.EINVALID, "%s: malformed JSON: %v", name, err)
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return annotate.Errorf(annotate.EINVALID, "%s:%d:%d: malformed JSON: %v", name, line, col, err)
}

// parser accumulates one file's batch.
type parser struct {
	b    *annotate.Batch
	docs map[string]*annotate.BatchDocument
	tags map[string]bool
}

// types returns the value of an object's "type" (or "@type") as a list.
func types(o map[string]any) []string {
	v, ok := o["type"]
	if !ok {
		v = o["@type"]
	}
	return strings1(v)
}

// strings1 returns a JSON string or array of strings as a list.
func strings1(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func has(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) || strings.EqualFold(e, "oa:"+s) {
			return true
		}
	}
	return false
}

// annotations finds the annotation objects of a document.
func (p *parser) annotations(root any) ([]map[string]any, error) {
	switch v := root.(type) {
	case []any:
		return objects(v, "the array")
	case map[string]any:
		ts := types(v)
		switch {
		case has(ts, "Annotation"):
			return []map[string]any{v}, nil
		case has(ts, "AnnotationCollection"):
			return p.pages(v["first"], 0)
		case has(ts, "AnnotationPage"):
			return p.pages(v, 0)
		case v["rows"] != nil:
			rows, ok := v["rows"].([]any)
			if !ok {
				return nil, errors.New(`"rows" is not an array`)
			}
			return objects(rows, `"rows"`)
		case v["target"] != nil && (v["uri"] != nil || v["user"] != nil):
			return []map[string]any{v}, nil // one Hypothesis row
		}
		return nil, errors.New("not a Web Annotation file: expected an Annotation, an AnnotationCollection, an AnnotationPage, an array of annotations or Hypothesis rows")
	}
	return nil, errors.New("not a Web Annotation file: the JSON is neither an object nor an array")
}

func objects(list []any, what string) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(list))
	for i, e := range list {
		o, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("item %d of %s is not an object", i+1, what)
		}
		out = append(out, o)
	}
	return out, nil
}

// pages collects the items of a page and of the embedded pages after it.
func (p *parser) pages(v any, depth int) ([]map[string]any, error) {
	if v == nil {
		return nil, nil // an empty collection
	}
	if depth > 10000 {
		return nil, errors.New("too many pages")
	}
	page, ok := v.(map[string]any)
	if !ok {
		if s, ok := v.(string); ok {
			return nil, fmt.Errorf("the page %s is not embedded in the file: export the collection with its pages", s)
		}
		return nil, errors.New("a page is neither an object nor a link")
	}
	items, _ := page["items"].([]any)
	if page["items"] != nil && items == nil {
		return nil, errors.New(`a page's "items" is not an array`)
	}
	out, err := objects(items, "a page's items")
	if err != nil {
		return nil, err
	}
	if next, ok := page["next"].(map[string]any); ok {
		more, err := p.pages(next, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// annotation adds one annotation (or Hypothesis row) to the batch.
func (p *parser) annotation(a map[string]any, index int) error {
	key, _ := a["id"].(string)
	if key == "" {
		key = fmt.Sprintf("#%d", index+1)
	}
	bp := annotate.BatchPassage{Key: key}
	if id, ok := strings.CutPrefix(strings.ToLower(key), "urn:uuid:"); ok && annotate.ValidID(id) {
		bp.ID = id
	}
	bp.CreatedAt = parseTime(a["created"])
	bp.UpdatedAt = parseTime(a["modified"])
	if bp.UpdatedAt.IsZero() {
		bp.UpdatedAt = parseTime(a["updated"]) // Hypothesis
	}
	bp.Author = agentName(a["creator"])
	if bp.Author == "" {
		bp.Author = hypothesisUser(a)
	}

	// Bodies: notes and tags.
	var notes []string
	tagging := has(strings1(a["motivation"]), "tagging")
	if s, ok := a["bodyValue"].(string); ok && strings.TrimSpace(s) != "" {
		notes = append(notes, s)
	}
	var tagNames []string
	for _, body := range list(a["body"]) {
		o, ok := body.(map[string]any)
		if !ok {
			continue // a link to an external body: nothing Gloss can show
		}
		value, _ := o["value"].(string)
		if value == "" {
			value, _ = o["chars"].(string) // the older Open Annotation
		}
		if strings.TrimSpace(value) == "" {
			continue
		}
		purposes := strings1(o["purpose"])
		switch {
		case has(purposes, "tagging"), len(purposes) == 0 && tagging:
			tagNames = append(tagNames, value)
		default:
			notes = append(notes, value)
			if bp.NoteAuthor == "" {
				bp.NoteAuthor = agentName(o["creator"])
			}
		}
	}
	if s, ok := a["text"].(string); ok && strings.TrimSpace(s) != "" { // Hypothesis
		notes = append(notes, s)
	}
	tagNames = append(tagNames, strings1(a["tags"])...) // Hypothesis
	bp.Note = strings.Join(notes, "\n\n")
	seen := map[string]bool{}
	for _, name := range tagNames {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		p.tag(name)
		bp.Tags = append(bp.Tags, strings.ToLower(name))
	}

	// Targets: one passage per target with a selector Gloss understands.
	targets := list(a["target"])
	if len(targets) == 0 {
		return errors.New(`no "target"`)
	}
	fallbackSource, _ := a["uri"].(string) // Hypothesis
	title := hypothesisTitle(a)
	for i, tv := range targets {
		pass := bp
		if len(targets) > 1 {
			pass.Key = fmt.Sprintf("%s (target %d)", key, i+1)
			if i > 0 {
				pass.ID = ""
			}
		}
		source, sel, hasQuote, hasPos, err := target(tv)
		if err != nil {
			return fmt.Errorf("target %d: %s", i+1, err)
		}
		if source == "" {
			source = fallbackSource
		}
		if source == "" {
			return fmt.Errorf("target %d names no document", i+1)
		}
		if !hasQuote && !hasPos {
			p.b.Warnings = append(p.b.Warnings, fmt.Sprintf("annotation %s: its target on %s has no text quote or position selector", pass.Key, source))
			continue
		}
		pass.Selector, pass.HasPosition = sel, hasPos
		pass.Document = p.document(source, title).Key
		pass.Tags = append([]string(nil), bp.Tags...)
		p.b.Passages = append(p.b.Passages, &pass)
	}
	return nil
}

// list returns v as a list: nil for nil, itself for an array, else [v].
func list(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// target reads a target: its source and its text selectors.
func target(v any) (source string, sel annotate.Selector, hasQuote, hasPos bool, err error) {
	switch t := v.(type) {
	case string:
		return strings.SplitN(t, "#", 2)[0], sel, false, false, nil
	case map[string]any:
		switch s := t["source"].(type) {
		case string:
			source = s
		case map[string]any:
			source, _ = s["id"].(string)
		}
		if source == "" {
			if id, ok := t["id"].(string); ok {
				source = strings.SplitN(id, "#", 2)[0]
			}
		}
		for _, sv := range list(t["selector"]) {
			s, ok := sv.(map[string]any)
			if !ok {
				continue
			}
			for s != nil {
				ts := types(s)
				switch {
				case has(ts, "TextQuoteSelector") && !hasQuote:
					exact, _ := s["exact"].(string)
					if exact = normalize(exact); exact != "" {
						prefix, _ := s["prefix"].(string)
						suffix, _ := s["suffix"].(string)
						sel.Exact, sel.Prefix, sel.Suffix = exact, normalize(prefix), normalize(suffix)
						hasQuote = true
					}
				case has(ts, "TextPositionSelector") && !hasPos:
					start, ok1 := integer(s["start"])
					end, ok2 := integer(s["end"])
					if ok1 && ok2 && start >= 0 && end > start {
						sel.Start, sel.End = start, end
						hasPos = true
					}
				}
				s, _ = s["refinedBy"].(map[string]any)
			}
		}
		return source, sel, hasQuote, hasPos, nil
	}
	return "", sel, false, false, errors.New("neither an object nor a link")
}

// normalize gives quoted text the form of Gloss's documents: LF line
// endings and Unicode NFC.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return norm.NFC.String(strings.ReplaceAll(s, "\r", "\n"))
}

// integer reads a JSON number that must be a whole number.
func integer(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := n.Int64(); err == nil && i >= 0 && i <= math.MaxInt32 {
		return int(i), true
	}
	return 0, false
}

// document returns the batch document for a source IRI, adding it once.
func (p *parser) document(source, title string) *annotate.BatchDocument {
	if d := p.docs[source]; d != nil {
		if d.Title == "" {
			d.Title = title
		}
		return d
	}
	d := &annotate.BatchDocument{Key: source, Title: title}
	lower := strings.ToLower(source)
	if id, ok := strings.CutPrefix(lower, "urn:uuid:"); ok && annotate.ValidID(id) {
		d.ID = id
	} else if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		d.URL = source
	}
	p.docs[source] = d
	p.b.Documents = append(p.b.Documents, d)
	return d
}

// tag adds a tag named name to the batch once. Tags are keyed by their
// lower-case name: the model names tags by their text only.
func (p *parser) tag(name string) {
	key := strings.ToLower(name)
	if p.tags[key] {
		return
	}
	p.tags[key] = true
	p.b.Tags = append(p.b.Tags, &annotate.BatchTag{Key: key, Name: name})
}

// agentName returns the name of a creator: an Agent object (name, then
// nickname), a list of them (the first with a name), or an IRI.
func agentName(v any) string {
	switch c := v.(type) {
	case string:
		return accountName(c)
	case map[string]any:
		for _, k := range []string{"name", "nickname", "foaf:name", "foaf:nick"} {
			if s := strings1(c[k]); len(s) > 0 && strings.TrimSpace(s[0]) != "" {
				return strings.TrimSpace(s[0])
			}
		}
		if id, ok := c["id"].(string); ok {
			return accountName(id)
		}
	case []any:
		for _, e := range c {
			if s := agentName(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// accountName turns "acct:name@hypothes.is" into "name"; other IRIs stay.
func accountName(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "acct:"); ok {
		if at := strings.LastIndexByte(rest, '@'); at > 0 {
			return rest[:at]
		}
		return rest
	}
	return s
}

// hypothesisUser returns the display name or account of a Hypothesis row.
func hypothesisUser(a map[string]any) string {
	if info, ok := a["user_info"].(map[string]any); ok {
		if s, ok := info["display_name"].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	if s, ok := a["user"].(string); ok {
		return accountName(s)
	}
	return ""
}

// hypothesisTitle returns the document title of a Hypothesis row.
func hypothesisTitle(a map[string]any) string {
	if doc, ok := a["document"].(map[string]any); ok {
		if t := strings1(doc["title"]); len(t) > 0 {
			return strings.TrimSpace(t[0])
		}
	}
	return ""
}

// parseTime reads an ISO 8601 time; the zero time when absent or malformed.
func parseTime(v any) time.Time {
	s, ok := v.(string)
	if !ok {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999-07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
