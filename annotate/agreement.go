package annotate

import (
	"math"
	"sort"
)

// Coding is one researcher's application of a tag to a range of a
// document, in code points, End exclusive.
type Coding struct {
	DocumentID string
	TagID      string
	Start, End int
}

// Codings expands passages into one coding per tag.
func Codings(ps []*Passage) []Coding {
	var out []Coding
	for _, p := range ps {
		for _, t := range p.Tags {
			out = append(out, Coding{DocumentID: p.DocumentID, TagID: t, Start: p.Start, End: p.End})
		}
	}
	return out
}

// TagAgreement compares two researchers' coding with one tag (or, in the
// overall row, with every tag), counted in characters.
type TagAgreement struct {
	TagID   string // "" in the overall row
	Both    int64  // characters both coded
	OnlyA   int64  // characters only A coded
	OnlyB   int64  // characters only B coded
	Neither int64  // characters neither coded
	Percent float64
	Kappa   float64
}

// Total returns the number of characters compared.
func (a TagAgreement) Total() int64 { return a.Both + a.OnlyA + a.OnlyB + a.Neither }

// RoundKappa rounds kappa k to places decimals, as it is shown, never to a
// negative zero: a kappa of −0.004 shown to two places reads 0.00, not
// −0.00, and KappaBand of the rounded figure names the band the reader
// sees it in.
func RoundKappa(k float64, places int) float64 {
	p := math.Pow10(places)
	r := math.Round(k*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// KappaBand names the band of Landis and Koch's scale that kappa k falls
// in: poor below 0, then slight, fair, moderate and substantial up to 0.2,
// 0.4, 0.6 and 0.8, and almost perfect above.
func KappaBand(k float64) string {
	switch {
	case k < 0:
		return "poor"
	case k <= 0.2:
		return "slight"
	case k <= 0.4:
		return "fair"
	case k <= 0.6:
		return "moderate"
	case k <= 0.8:
		return "substantial"
	}
	return "almost perfect"
}

// CoderWork is what one researcher brings to a comparison: their coding, and
// what they had to code with: the documents that were in their copy of the
// project and the codes in their codebook.
type CoderWork struct {
	Codings   []Coding
	Documents map[string]bool
	Tags      map[string]bool
}

// Comparison is two researchers' coding compared over what both had.
type Comparison struct {
	PerTag  []TagAgreement // the tags both had, in the order asked for
	Overall TagAgreement   // the rows pooled
	// Documents are those compared, both had, by ID; Characters their
	// length in all.
	Documents  []string
	Characters int64
	// What was left out because only one of the two had it, by ID.
	DocumentsOnlyA, DocumentsOnlyB []string
	TagsOnlyA, TagsOnlyB           []string
}

// Compare compares the coding of A and B over what both had: only the
// documents both had count, since one who never saw a document cannot
// have disagreed about it, and only the tags both had get a row, since
// the agreement of one who never had a code with one who used it is not
// a measure of anything (its characters would be nearly all "neither").
// Codings outside the shared documents are ignored.
//
// lengths gives every document of the project and its length; tags lists
// the tags to report, in order, nil meaning every tag either had or coded,
// by ID. A listed tag neither had is left out; one only one had is named
// in TagsOnlyA or TagsOnlyB. See Agreement for how characters count.
func Compare(lengths map[string]int, tags []string, a, b CoderWork) Comparison {
	var c Comparison
	shared := map[string]int{}
	for d, n := range lengths {
		switch ha, hb := a.Documents[d], b.Documents[d]; {
		case ha && hb:
			shared[d] = n
			c.Documents = append(c.Documents, d)
			c.Characters += int64(n)
		case ha:
			c.DocumentsOnlyA = append(c.DocumentsOnlyA, d)
		case hb:
			c.DocumentsOnlyB = append(c.DocumentsOnlyB, d)
		}
	}
	sort.Strings(c.Documents)
	sort.Strings(c.DocumentsOnlyA)
	sort.Strings(c.DocumentsOnlyB)
	// A coder who coded with a tag had it.
	hadTags := func(x CoderWork) map[string]bool {
		m := make(map[string]bool, len(x.Tags))
		for t, ok := range x.Tags {
			m[t] = ok
		}
		for _, k := range x.Codings {
			m[k.TagID] = true
		}
		return m
	}
	ta, tb := hadTags(a), hadTags(b)
	if tags == nil {
		for t, ok := range ta {
			if ok {
				tags = append(tags, t)
			}
		}
		for t, ok := range tb {
			if ok && !ta[t] {
				tags = append(tags, t)
			}
		}
		sort.Strings(tags)
	}
	both := []string{}
	for _, t := range tags {
		switch ha, hb := ta[t], tb[t]; {
		case ha && hb:
			both = append(both, t)
		case ha:
			c.TagsOnlyA = append(c.TagsOnlyA, t)
		case hb:
			c.TagsOnlyB = append(c.TagsOnlyB, t)
		}
	}
	c.PerTag, c.Overall = Agreement(shared, both, a.Codings, b.Codings)
	return c
}

// Agreement compares the coding of two researchers, A and B, character by
// character, as NVivo's coding comparison does: for each tag, each
// character of each document is coded with it or not by A and by B. The
// percent agreement is the share of characters where they agree (both
// coded or both not), and Cohen's kappa corrects it for the agreement
// expected by chance from how much each coded: κ = (po − pe) / (1 − pe).
// When chance agreement is certain (pe = 1: neither coded anything, or both
// coded everything) κ is 1, since the two agree completely.
//
// lengths gives every document compared and its length; codings of other
// documents are ignored and ranges are clipped to the text. Overlapping
// codings by one researcher count once. tags lists the tags to report, in
// order; nil means every tag either coded, by id. The overall row pools the
// counts of every reported tag.
func Agreement(lengths map[string]int, tags []string, a, b []Coding) (perTag []TagAgreement, overall TagAgreement) {
	type key struct{ tag, doc string }
	ranges := func(cs []Coding) map[key][][2]int {
		m := map[key][][2]int{}
		for _, c := range cs {
			n, ok := lengths[c.DocumentID]
			if !ok {
				continue
			}
			s, e := max(c.Start, 0), min(c.End, n)
			if s >= e {
				continue
			}
			k := key{c.TagID, c.DocumentID}
			m[k] = append(m[k], [2]int{s, e})
		}
		for k, rs := range m {
			m[k] = union(rs)
		}
		return m
	}
	ra, rb := ranges(a), ranges(b)
	if tags == nil {
		seen := map[string]bool{}
		for k := range ra {
			seen[k.tag] = true
		}
		for k := range rb {
			seen[k.tag] = true
		}
		for t := range seen {
			tags = append(tags, t)
		}
		sort.Strings(tags)
	}
	var total int64
	for _, n := range lengths {
		total += int64(n)
	}
	docs := make([]string, 0, len(lengths))
	for d := range lengths {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for _, t := range tags {
		row := TagAgreement{TagID: t}
		for _, d := range docs {
			ua, ub := ra[key{t, d}], rb[key{t, d}]
			la, lb, both := covered(ua), covered(ub), intersection(ua, ub)
			row.Both += both
			row.OnlyA += la - both
			row.OnlyB += lb - both
		}
		row.Neither = total - row.Both - row.OnlyA - row.OnlyB
		row.score()
		perTag = append(perTag, row)
		overall.Both += row.Both
		overall.OnlyA += row.OnlyA
		overall.OnlyB += row.OnlyB
		overall.Neither += row.Neither
	}
	overall.score()
	return perTag, overall
}

// score fills in Percent and Kappa from the counts.
func (a *TagAgreement) score() {
	n := float64(a.Total())
	if n == 0 {
		a.Percent, a.Kappa = 100, 1
		return
	}
	po := float64(a.Both+a.Neither) / n
	pa := float64(a.Both+a.OnlyA) / n
	pb := float64(a.Both+a.OnlyB) / n
	pe := pa*pb + (1-pa)*(1-pb)
	a.Percent = 100 * po
	if 1-pe < 1e-12 {
		a.Kappa = 1
		return
	}
	a.Kappa = (po - pe) / (1 - pe)
}

// union merges ranges into sorted, disjoint ones.
func union(rs [][2]int) [][2]int {
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	out := rs[:0:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

func covered(rs [][2]int) int64 {
	var n int64
	for _, r := range rs {
		n += int64(r[1] - r[0])
	}
	return n
}

// intersection returns the characters two sorted, disjoint range lists share.
func intersection(a, b [][2]int) int64 {
	var n int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		s, e := max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
		if s < e {
			n += int64(e - s)
		}
		if a[i][1] < b[j][1] {
			i++
		} else {
			j++
		}
	}
	return n
}
