package webanno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gloss/annotate"
)

// MaxFileBytes is the largest annotation file Parse reads (64 MB).
const MaxFileBytes = 64 << 20

// Formats as named in import reports: a file of Hypothesis API rows is
// told from one of W3C annotations.
const (
	Format           = "W3C Web Annotation (JSON-LD)"
	FormatHypothesis = "Hypothesis (API JSON)"
	formatBoth       = "W3C Web Annotation (JSON-LD) and Hypothesis rows"
)

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
	p := &parser{b: &annotate.Batch{File: name, Format: Format}, docs: map[string]*annotate.BatchDocument{}, tags: map[string]bool{},
		byID: map[string][]*annotate.BatchPassage{}, unused: map[string]int{}}
	items, err := p.annotations(root)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: %s", name, err)
	}
	rows := 0
	var replies []map[string]any
	for i, it := range items {
		if isHypothesis(it) {
			rows++
		}
		if isReply(it) {
			replies = append(replies, it)
			continue
		}
		if err := p.annotation(it, i); err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "%s: annotation %d: %s", name, i+1, err)
		}
	}
	for _, r := range replies {
		p.reply(r)
	}
	switch {
	case rows > 0 && rows == len(items):
		p.b.Format = FormatHypothesis
	case rows > 0:
		p.b.Format = formatBoth
	}
	for _, typ := range sortedKeys(p.unused) {
		p.b.Warnings = append(p.b.Warnings, fmt.Sprintf("%d annotation(s) also carry a %s (%s): not kept, as Gloss places them by the text quote and position they carry as well",
			p.unused[typ], typ, selectorKinds[typ]))
	}
	return p.b, nil
}

// selectorKinds describes the selectors Gloss does not use, for the report.
var selectorKinds = map[string]string{
	"RangeSelector":        "a range between two points of the page's HTML",
	"XPathSelector":        "a path into the page's HTML",
	"CssSelector":          "a CSS selector into the page's HTML",
	"FragmentSelector":     "a URL fragment, such as a PDF page or a media time",
	"SvgSelector":          "an area of an image",
	"DataPositionSelector": "byte positions in the file",
}

// isHypothesis reports whether an item is a row of the Hypothesis API
// rather than a W3C annotation: it has Hypothesis's fields and no type.
func isHypothesis(a map[string]any) bool {
	if len(types(a)) > 0 || a["@context"] != nil {
		return false
	}
	_, uri := a["uri"]
	_, user := a["user"]
	return uri || user
}

// isReply reports whether a Hypothesis row answers another annotation:
// it refers to one and selects no text of its own.
func isReply(a map[string]any) bool {
	refs := strings1(a["references"])
	if len(refs) == 0 {
		return false
	}
	for _, tv := range list(a["target"]) {
		if t, ok := tv.(map[string]any); ok && t["selector"] != nil {
			return false
		}
	}
	return true
}

// reply adds a Hypothesis reply to the note of the annotation its thread
// starts from: Gloss has no threads, and the reply is part of the
// discussion of that passage.
func (p *parser) reply(a map[string]any) {
	refs := strings1(a["references"])
	id, _ := a["id"].(string)
	who := hypothesisUser(a)
	text, _ := a["text"].(string)
	text = strings.TrimSpace(text)
	var parents []*annotate.BatchPassage
	for _, r := range refs {
		if ps := p.byID[r]; len(ps) > 0 {
			parents = ps
			break // the first reference found is the thread's root
		}
	}
	switch {
	case text == "":
		p.b.Warnings = append(p.b.Warnings, fmt.Sprintf("annotation %s: an empty reply to %s", id, refs[len(refs)-1]))
	case len(parents) == 0:
		p.b.Warnings = append(p.b.Warnings, fmt.Sprintf("annotation %s: a reply to %s, which the file does not hold: Gloss keeps replies in the note of the passage they answer", id, refs[len(refs)-1]))
	default:
		if who == "" {
			who = "someone"
		}
		for _, bp := range parents {
			if bp.Note != "" {
				bp.Note += "\n\n"
			}
			bp.Note += fmt.Sprintf("Reply by %s: %s", who, text)
		}
	}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
	b      *annotate.Batch
	docs   map[string]*annotate.BatchDocument
	tags   map[string]bool
	byID   map[string][]*annotate.BatchPassage // the passages of each annotation, by its id
	unused map[string]int                      // selector type -> annotations placed without it
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
			if bp.NoteCreated.IsZero() {
				bp.NoteCreated, bp.NoteUpdated = parseTime(o["created"]), parseTime(o["modified"])
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
		source, sel, hasQuote, hasPos, others, err := target(tv)
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
			if len(others) > 0 {
				p.b.Warnings = append(p.b.Warnings, fmt.Sprintf("annotation %s: its target on %s has only a %s (%s): Gloss places passages by a text quote or position",
					pass.Key, source, strings.Join(others, " and a "), describeOthers(others)))
			} else {
				p.b.Warnings = append(p.b.Warnings, fmt.Sprintf("annotation %s: its target on %s selects no text (a note on the page as a whole): Gloss keeps notes on passages", pass.Key, source))
			}
			continue
		}
		for _, o := range others {
			p.unused[o]++
		}
		pass.Selector, pass.HasPosition = sel, hasPos
		pass.Document = p.document(source, title).Key
		pass.Tags = append([]string(nil), bp.Tags...)
		p.b.Passages = append(p.b.Passages, &pass)
		if key != "" {
			p.byID[key] = append(p.byID[key], &pass)
		}
	}
	return nil
}

// describeOthers explains the selector types Gloss does not use.
func describeOthers(types []string) string {
	var out []string
	for _, t := range types {
		if d := selectorKinds[t]; d != "" {
			out = append(out, d)
		} else {
			out = append(out, "a selector Gloss does not know")
		}
	}
	return strings.Join(out, "; ")
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

// target reads a target: its source, its text selectors, and the types of
// the other selectors it carries.
func target(v any) (source string, sel annotate.Selector, hasQuote, hasPos bool, others []string, err error) {
	switch t := v.(type) {
	case string:
		src, frag, _ := strings.Cut(t, "#")
		if frag != "" {
			others = append(others, "FragmentSelector")
		}
		return src, sel, false, false, others, nil
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
				case has(ts, "TextQuoteSelector"), has(ts, "TextPositionSelector"):
				default:
					name := "selector of no known type"
					for _, typ := range ts {
						name = strings.TrimPrefix(typ, "oa:")
					}
					if !contains(others, name) {
						others = append(others, name)
					}
				}
				s, _ = s["refinedBy"].(map[string]any)
			}
		}
		return source, sel, hasQuote, hasPos, others, nil
	}
	return "", sel, false, false, nil, errors.New("neither an object nor a link")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
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
