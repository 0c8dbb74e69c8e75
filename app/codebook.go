package app

import (
	"fmt"
	"sort"
	"strings"

	"gloss/annotate"
)

// codebook is the project's codes as the window shows them: each code
// right after the code it is nested under, with the keys 1–9 the project
// stores for them (a code keeps its key wherever it moves). It is read
// afresh after every change and not changed in place.
type codebook struct {
	tags  []*annotate.Tag
	byID  map[string]*annotate.Tag
	byKey [10]*annotate.Tag
}

// newCodebook orders tags for display.
func newCodebook(tags []*annotate.Tag) *codebook {
	cb := &codebook{tags: treeOrder(tags), byID: make(map[string]*annotate.Tag, len(tags))}
	for _, t := range tags {
		cb.byID[t.ID] = t
	}
	for _, t := range cb.tags {
		// A file written elsewhere may give two codes one key: the first
		// in the codebook has it. A grouping code is never applied.
		if t.Key >= 1 && t.Key <= 9 && cb.byKey[t.Key] == nil && !t.Grouping {
			cb.byKey[t.Key] = t
		}
	}
	return cb
}

// withKey returns the code on key n (1 to 9), or nil.
func (cb *codebook) withKey(n int) *annotate.Tag {
	if n < 1 || n > 9 {
		return nil
	}
	return cb.byKey[n]
}

// tag returns the code with that ID, or nil.
func (cb *codebook) tag(id string) *annotate.Tag { return cb.byID[id] }

// named returns the code with that name, or nil.
func (cb *codebook) named(name string) *annotate.Tag {
	for _, t := range cb.tags {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// keyOf is the key that applies t ("1" to "9"), or "". A grouping code,
// which is never applied, has none.
func (cb *codebook) keyOf(t *annotate.Tag) string {
	if t != nil && t.Key >= 1 && t.Key <= 9 && cb.byKey[t.Key] == t {
		return fmt.Sprint(t.Key)
	}
	return ""
}

// depth returns how deeply a code is nested.
func (cb *codebook) depth(t *annotate.Tag) int {
	d := 0
	for p := t.ParentID; p != "" && d < 16; d++ {
		pt := cb.byID[p]
		if pt == nil {
			break
		}
		p = pt.ParentID
	}
	return d
}

// indented is a code's name after a › for each level it is nested.
func (cb *codebook) indented(t *annotate.Tag) string {
	if d := cb.depth(t); d > 0 {
		return strings.Repeat("›", d) + " " + t.Name
	}
	return t.Name
}

// descendsFrom reports whether t is nested, at any depth, under id.
func (cb *codebook) descendsFrom(t *annotate.Tag, id string) bool {
	for p, n := t.ParentID, 0; p != "" && n < 32; n++ {
		if p == id {
			return true
		}
		pt := cb.byID[p]
		if pt == nil {
			return false
		}
		p = pt.ParentID
	}
	return false
}

// treeOrder returns the tags with each tag's children right after it,
// keeping the codebook's order among siblings.
func treeOrder(tags []*annotate.Tag) []*annotate.Tag {
	ids := map[string]bool{}
	for _, t := range tags {
		ids[t.ID] = true
	}
	kids := map[string][]*annotate.Tag{}
	for _, t := range tags {
		p := t.ParentID
		if !ids[p] {
			p = ""
		}
		kids[p] = append(kids[p], t)
	}
	var out []*annotate.Tag
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		for _, t := range kids[id] {
			if seen[t.ID] {
				continue
			}
			seen[t.ID] = true
			out = append(out, t)
			walk(t.ID)
		}
	}
	walk("")
	// Anything in a cycle (a damaged file) still shows, at the end.
	var rest []*annotate.Tag
	for _, t := range tags {
		if !seen[t.ID] {
			rest = append(rest, t)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	return append(out, rest...)
}
