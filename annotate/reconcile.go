package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
)

// The decisions that reconcile a disagreement between two coders.
const (
	DecideA    = "a"    // A's version stands: B's passages there lose the code
	DecideB    = "b"    // B's version stands: A's passages there lose the code
	DecideBoth = "both" // both versions stand as they are
	DecideEdit = "edit" // neither: the code goes on a range the researcher sets
)

// CodedPassage is a passage as reconciliation sees it.
type CodedPassage struct {
	ID         string
	DocumentID string
	Start, End int
	Tags       []string
}

// Disagreement is a stretch of a document where two coders applied one
// code differently: a group of their passages with the code that overlap
// one another, where the characters A coded are not those B coded. One
// side may have no passage at all (only one coder saw the code there).
type Disagreement struct {
	Key        string // identifies the disagreement: its document, code and both sides' passages
	DocumentID string
	TagID      string
	Start, End int            // the stretch the passages cover
	A, B       []CodedPassage // each side's passages, by start
}

// Disagreements returns where coders A and B applied each of tags
// differently in the documents docs, by document (in docs's order), code
// (in tags's order) and start. Passages of other documents and tags are
// ignored.
func Disagreements(docs, tags []string, a, b []CodedPassage) []Disagreement {
	docAt := map[string]int{}
	for i, d := range docs {
		docAt[d] = i
	}
	tagAt := map[string]int{}
	for i, t := range tags {
		tagAt[t] = i
	}
	type key struct{ doc, tag int }
	type side struct {
		p    CodedPassage
		isA  bool
		s, e int
	}
	groups := map[key][]side{}
	add := func(ps []CodedPassage, isA bool) {
		for _, p := range ps {
			d, ok := docAt[p.DocumentID]
			if !ok || p.End <= p.Start {
				continue
			}
			seen := map[string]bool{}
			for _, t := range p.Tags {
				if ti, ok := tagAt[t]; ok && !seen[t] {
					seen[t] = true
					groups[key{d, ti}] = append(groups[key{d, ti}], side{p, isA, p.Start, p.End})
				}
			}
		}
	}
	add(a, true)
	add(b, false)
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].doc != keys[j].doc {
			return keys[i].doc < keys[j].doc
		}
		return keys[i].tag < keys[j].tag
	})
	var out []Disagreement
	for _, k := range keys {
		ss := groups[k]
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].s != ss[j].s {
				return ss[i].s < ss[j].s
			}
			if ss[i].e != ss[j].e {
				return ss[i].e < ss[j].e
			}
			return ss[i].p.ID < ss[j].p.ID
		})
		for i := 0; i < len(ss); {
			j, end := i+1, ss[i].e
			for j < len(ss) && ss[j].s < end {
				end = max(end, ss[j].e)
				j++
			}
			d := Disagreement{DocumentID: docs[k.doc], TagID: tags[k.tag], Start: ss[i].s, End: end}
			var ra, rb [][2]int
			for _, x := range ss[i:j] {
				if x.isA {
					d.A = append(d.A, x.p)
					ra = append(ra, [2]int{x.s, x.e})
				} else {
					d.B = append(d.B, x.p)
					rb = append(rb, [2]int{x.s, x.e})
				}
			}
			if !sameCover(union(ra), union(rb)) {
				d.Key = DisagreementKey(d.DocumentID, d.TagID, d.A, d.B)
				out = append(out, d)
			}
			i = j
		}
	}
	return out
}

func sameCover(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// DisagreementKey identifies a disagreement by its document, code and the
// passages on each side, so that a decision recorded for it still finds
// it, and a change to either side's coding there makes a new one.
func DisagreementKey(doc, tag string, a, b []CodedPassage) string {
	ids := func(ps []CodedPassage) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.ID)
		}
		sort.Strings(s)
		return strings.Join(s, ",")
	}
	sum := sha256.Sum256([]byte(doc + "\x00" + tag + "\x00" + ids(a) + "\x00" + ids(b)))
	return hex.EncodeToString(sum[:16])
}

// Reconciliation is a recorded decision on a disagreement.
type Reconciliation struct {
	ID         string
	Key        string // the Disagreement's Key
	DocumentID string
	TagID      string
	CoderA     string
	CoderB     string
	Decision   string // DecideA, DecideB, DecideBoth or DecideEdit
	// Start and End are the range DecideEdit puts the code on.
	Start, End int
	Note       string // why, in the researcher's words
	// What the decision changed, so that undoing it restores the coding
	// and agreement is still measured on the coding as the coders made it.
	Untagged  []PassageTag // tags taken off passages
	Deleted   []string     // passages deleted because that was their only tag
	Created   []string     // passages made by DecideEdit
	Author    string       // who decided
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PassageTag is a tag on a passage.
type PassageTag struct {
	PassageID string `json:"passage"`
	TagID     string `json:"tag"`
}

// Validate checks a decision before it is recorded.
func (r *Reconciliation) Validate() error {
	switch r.Decision {
	case DecideA, DecideB, DecideBoth:
	case DecideEdit:
		if r.Start < 0 || r.End <= r.Start {
			return Errorf(EINVALID, "reconciliation: the edited range [%d, %d) is empty", r.Start, r.End)
		}
	default:
		return Errorf(EINVALID, "reconciliation: %q is not a decision (a, b, both or edit)", r.Decision)
	}
	if len([]rune(r.Note)) > MaxMemo {
		return Errorf(EINVALID, "reconciliation: the note is longer than %d characters", MaxMemo)
	}
	return nil
}
