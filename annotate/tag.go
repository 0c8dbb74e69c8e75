package annotate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Tag is a code in the project's codebook.
type Tag struct {
	ID          string
	Name        string
	Color       string // "#rrggbb"
	Description string
	ParentID    string // "" for a top-level tag
	// Grouping marks a grouping code (a category, REFI-QDA's
	// isCodable="false"): it organizes the codes nested in it and is never
	// applied to a passage itself.
	Grouping bool
	// Key is the key, 1 to 9, that applies the tag in the reading view;
	// 0 for none. It stays with the tag wherever the tag moves in the
	// codebook.
	Key       int
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
	Passages  int // live passages carrying the tag, filled in by listings
}

// MaxTagName is the longest tag name in code points.
const MaxTagName = 100

// MaxTagDescription is the longest tag description in code points.
const MaxTagDescription = 10000

// Validate checks the rules every stored tag obeys.
func (t *Tag) Validate() error {
	name := strings.TrimSpace(t.Name)
	switch {
	case name == "":
		return Errorf(EINVALID, "code name required")
	case name != t.Name:
		return Errorf(EINVALID, "code name %q has leading or trailing space", t.Name)
	case len([]rune(name)) > MaxTagName:
		return Errorf(EINVALID, "code name %q is longer than %d characters", Ellipsize(name, 40), MaxTagName)
	case !ValidColor(t.Color):
		return Errorf(EINVALID, "code %q: colour %q is not of the form #rrggbb", t.Name, t.Color)
	case t.ParentID != "" && t.ParentID == t.ID:
		return Errorf(EINVALID, "code %q cannot be its own parent", t.Name)
	case utf8.RuneCountInString(t.Description) > MaxTagDescription:
		return Errorf(EINVALID, "code %q: description is longer than %d characters", t.Name, MaxTagDescription)
	case t.Key < 0 || t.Key > 9:
		return Errorf(EINVALID, "code %q: key %d is not one of 1 to 9", t.Name, t.Key)
	}
	return nil
}

// Applicable returns nil when the tag may be applied to a passage, and an
// EINVALID error that says why not for a grouping code.
func (t *Tag) Applicable() error {
	if t.Grouping {
		return Errorf(EINVALID, "%q is a grouping code: it groups the codes nested in it and cannot be applied to a passage (make it an ordinary code in the codebook first)", t.Name)
	}
	return nil
}

// TagUpdate holds the fields to change; nil fields stay as they are. A
// ParentID pointing at "" makes the tag top-level.
type TagUpdate struct {
	Name        *string
	Color       *string
	Description *string
	ParentID    *string
	Grouping    *bool // a tag with passages cannot become a grouping code
	// Key, when set, moves the tag to that key (1 to 9), taking it from
	// the tag that held it; 0 takes the tag's key away.
	Key *int
}

// WithSubtags returns ids followed by every descendant of each in the
// codebook tags (children, their children, ...), each once, in the order
// found. A cycle in the parent links, which a valid codebook does not
// have, ends the walk rather than looping.
func WithSubtags(tags []*Tag, ids []string) []string {
	children := map[string][]string{}
	for _, t := range tags {
		if t.ParentID != "" {
			children[t.ParentID] = append(children[t.ParentID], t.ID)
		}
	}
	seen := map[string]bool{}
	var out []string
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		out = append(out, id)
		for _, c := range children[id] {
			walk(c)
		}
	}
	for _, id := range ids {
		walk(id)
	}
	return out
}

// SuggestName returns the name among names closest to name (ignoring case,
// at most a third of its letters apart, or containing it), or "".
func SuggestName(name string, names []string) string {
	want := []rune(strings.ToLower(name))
	best, bestD := "", len(want)/3+1
	for _, n := range names {
		cand := []rune(strings.ToLower(n))
		d := editDistance(want, cand)
		if d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return best
	}
	if len(want) >= 3 {
		for _, n := range names {
			if strings.Contains(strings.ToLower(n), string(want)) {
				return n
			}
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Palette is Gloss's palette for tags, in the order new tags take it: hues
// drawn from Okabe and Ito's and Paul Tol's colour-blind-safe sets and
// ordered so that each colour stands as far as it can from those before
// it, for normal vision and under protanopia and deuteranopia alike (red
// and green are never neighbours), while staying light enough to show
// as a highlight behind dark or light text.
var Palette = []string{
	"#0072b2", // blue
	"#e69f00", // orange
	"#88ccee", // sky
	"#cc6677", // rose
	"#cc3311", // vermilion
	"#648fff", // periwinkle
	"#44aa99", // teal
	"#aa3377", // wine
	"#f0e442", // yellow
	"#ddcc77", // sand
	"#228833", // green
	"#785ef0", // violet
}

// ValidColor reports whether s is a colour of the form #rrggbb.
func ValidColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// ParseColor returns the red, green and blue components of a #rrggbb colour;
// ok is false when s is not one.
func ParseColor(s string) (r, g, b uint8, ok bool) {
	if !ValidColor(s) {
		return 0, 0, 0, false
	}
	hex := func(c byte) uint8 {
		switch {
		case c >= 'a':
			return c - 'a' + 10
		case c >= 'A':
			return c - 'A' + 10
		}
		return c - '0'
	}
	v := func(i int) uint8 { return hex(s[i])<<4 | hex(s[i+1]) }
	return v(1), v(3), v(5), true
}

// Ellipsize shortens s to at most n code points, ending it with "…" when cut.
func Ellipsize(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	return string(r[:n-1]) + "…"
}
