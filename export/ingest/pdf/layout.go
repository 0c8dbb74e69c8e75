package pdf

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// glyph is one character PDFium found on a page, in PDF points (origin at
// the bottom left, y growing upwards).
type glyph struct {
	r          rune
	idx        int // PDFium's index of the character on its page
	l, b, x, t float64
	size       float64 // font size
}

// ref is where a rune of the extracted text came from: a page and
// PDFium's character index on it, or idx -1 for a space Gloss inserted.
type ref struct {
	page, idx int32
}

// run is a piece of text with the source of each rune.
type run struct {
	text []rune
	src  []ref
}

func (r *run) add(c rune, src ref) {
	r.text = append(r.text, c)
	r.src = append(r.src, src)
}

// fragment is a run of glyphs on one baseline with no wide gap in it: a
// line of a column, or part of one.
type fragment struct {
	run
	x0, x1, y0, y1 float64 // bounding box
	cy             float64 // vertical centre of the first glyph, for grouping glyphs
	base           float64 // the baseline: the median bottom of its glyphs
	size           float64
	bottoms        []float64
}

// close sets the fragment's baseline.
func (f *fragment) close() *fragment {
	sort.Float64s(f.bottoms)
	f.base = f.bottoms[len(f.bottoms)/2]
	f.bottoms = nil
	return f
}

// line is a row of text in one block, in reading order.
type line struct {
	run
	page           int
	block          int // blocks are numbered over the whole document
	x0, x1, y0, y1 float64
	bx0, bx1       float64 // the block's left and right edges
	base           float64 // baseline
	size           float64
}

// hyphenMark is the code PDFium gives a hyphen it found at the end of a
// line.
const hyphenMark = '\x02'

// fragments groups a page's glyphs, in PDFium's order, into fragments.
func fragments(page int, glyphs []glyph) []*fragment {
	var out []*fragment
	var cur *fragment
	var last *glyph // last visible glyph of cur
	space := false
	for i := range glyphs {
		g := &glyphs[i]
		if g.r == '\r' || g.r == '\n' {
			space = true
			continue
		}
		if g.r == 0 || unicode.IsSpace(g.r) || unicode.IsControl(g.r) && g.r != hyphenMark {
			space = space || g.r != 0
			continue
		}
		if g.x <= g.l && g.t <= g.b && g.size <= 1 {
			continue // a glyph with no box and no size: nothing to place
		}
		size := g.size
		if size <= 1 {
			size = g.t - g.b
		}
		cy := (g.t + g.b) / 2
		if cur != nil {
			tol := 0.45 * math.Max(size, cur.size)
			gap := g.l - last.x
			sameRow := math.Abs(cy-cur.cy) <= tol
			if !sameRow || gap < -0.5*size || gap > 1.6*math.Max(size, cur.size) || math.Abs(size-cur.size) > 0.3*cur.size {
				out = append(out, cur.close())
				cur = nil
			} else if space || gap > 0.22*size {
				cur.add(' ', ref{int32(page), -1})
			}
		}
		if cur == nil {
			cur = &fragment{x0: g.l, x1: g.x, y0: g.b, y1: g.t, cy: cy, size: size}
		}
		cur.add(g.r, ref{int32(page), int32(g.idx)})
		cur.bottoms = append(cur.bottoms, g.b)
		cur.x0, cur.x1 = math.Min(cur.x0, g.l), math.Max(cur.x1, g.x)
		cur.y0, cur.y1 = math.Min(cur.y0, g.b), math.Max(cur.y1, g.t)
		last = g
		space = false
	}
	if cur != nil {
		out = append(out, cur.close())
	}
	return out
}

// Thresholds of the reading-order analysis, in multiples of the body
// font size where not in points.
const (
	minGutter = 9.0 // points: the narrowest gap read as between columns
)

// readingOrder arranges a page's fragments into blocks (columns and the
// bands between them) by recursive X-Y cuts: a block with a vertical gap
// across all its height is split into left and right (columns), else one
// with horizontal gaps at the widest (a title above two columns, a footer
// below), until blocks are single columns of rows. It returns the page's
// lines in reading order; blocks are numbered from next.
func readingOrder(page int, frags []*fragment, next *int) []*line {
	var out []*line
	var cut func(fs []*fragment)
	cut = func(fs []*fragment) {
		if len(fs) == 0 {
			return
		}
		if a, b, ok := cutVertical(fs); ok {
			cut(a)
			cut(b)
			return
		}
		if a, b, ok := cutHorizontal(fs); ok {
			cut(a)
			cut(b)
			return
		}
		out = append(out, rows(page, *next, fs)...)
		*next++
	}
	cut(frags)
	return out
}

// cutVertical splits fragments at the widest vertical gap at least
// minGutter wide that no fragment crosses, left part first.
func cutVertical(fs []*fragment) (left, right []*fragment, ok bool) {
	sorted := append([]*fragment(nil), fs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].x0 < sorted[j].x0 })
	best, at := 0.0, 0.0
	reach := sorted[0].x1
	for _, f := range sorted[1:] {
		if gap := f.x0 - reach; gap > best {
			best, at = gap, reach+gap/2
		}
		reach = math.Max(reach, f.x1)
	}
	if best < minGutter {
		return nil, nil, false
	}
	// A gap between words of one row is no gutter: a column has rows.
	for _, f := range fs {
		if f.x1 <= at {
			left = append(left, f)
		} else {
			right = append(right, f)
		}
	}
	if len(left) < 2 && len(right) < 2 {
		return nil, nil, false
	}
	return left, right, true
}

// cutHorizontal splits fragments at the widest horizontal gap that no
// fragment crosses, the upper part first.
func cutHorizontal(fs []*fragment) (top, bottom []*fragment, ok bool) {
	sorted := append([]*fragment(nil), fs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].y1 > sorted[j].y1 })
	best, at := 0.0, 0.0
	reach := sorted[0].y0
	for _, f := range sorted[1:] {
		if gap := reach - f.y1; gap > best {
			best, at = gap, reach-gap/2
		}
		reach = math.Min(reach, f.y0)
	}
	// Gaps between the rows of one column are not cut: they would only
	// split the block into rows, in the same order.
	if best <= 0 || !hasColumns(fs) {
		return nil, nil, false
	}
	for _, f := range fs {
		if f.y0 >= at {
			top = append(top, f)
		} else {
			bottom = append(bottom, f)
		}
	}
	return top, bottom, len(top) > 0 && len(bottom) > 0
}

// hasColumns reports whether some row of fs holds fragments far apart,
// so the block is not a single column.
func hasColumns(fs []*fragment) bool {
	for i, a := range fs {
		for _, b := range fs[i+1:] {
			if math.Abs(a.base-b.base) <= 0.3*math.Max(a.size, b.size) && (b.x0-a.x1 >= minGutter || a.x0-b.x1 >= minGutter) {
				return true
			}
		}
	}
	return false
}

// rows groups the fragments of one block into lines, top to bottom and
// left to right.
func rows(page, block int, fs []*fragment) []*line {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].base > fs[j].base })
	bx0, bx1 := math.Inf(1), math.Inf(-1)
	for _, f := range fs {
		bx0, bx1 = math.Min(bx0, f.x0), math.Max(bx1, f.x1)
	}
	var out []*line
	for i := 0; i < len(fs); {
		j := i + 1
		for j < len(fs) && math.Abs(fs[j].base-fs[i].base) <= 0.3*math.Max(fs[i].size, fs[j].size) {
			j++
		}
		row := fs[i:j]
		sort.SliceStable(row, func(a, b int) bool { return row[a].x0 < row[b].x0 })
		l := &line{page: page, block: block, x0: row[0].x0, x1: row[0].x1, y0: row[0].y0, y1: row[0].y1,
			bx0: bx0, bx1: bx1, base: row[0].base, size: row[0].size}
		for k, f := range row {
			if k > 0 {
				l.add(' ', ref{int32(page), -1})
			}
			l.text = append(l.text, f.text...)
			l.src = append(l.src, f.src...)
			l.x0, l.x1 = math.Min(l.x0, f.x0), math.Max(l.x1, f.x1)
			l.y0, l.y1 = math.Min(l.y0, f.y0), math.Max(l.y1, f.y1)
			l.size = math.Max(l.size, f.size)
		}
		out = append(out, l)
		i = j
	}
	return out
}

// pageNumber matches a line that is only a page number: "7", "- 7 -",
// "Page 7", "7 of 20", "7/20".
var pageNumber = regexp.MustCompile(`^(?i)(?:page\s+|p\.\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$`)

// furniture finds the running headers, footers and page numbers: lines
// among the two top-most and two bottom-most of their page that repeat
// (digits aside) on at least two pages and two in five, or that are
// only a page number. It returns the lines to drop and a description of
// each kind removed.
func furniture(pages [][]*line) (map[*line]bool, []string) {
	drop := map[*line]bool{}
	type seen struct {
		pages map[int]bool
		lines []*line
		text  string
	}
	keys := map[string]*seen{}
	var order []string
	numbered := map[int]bool{}
	for p, ls := range pages {
		for _, l := range margins(ls) {
			text := strings.TrimSpace(string(l.text))
			if pageNumber.MatchString(text) {
				drop[l] = true
				numbered[p] = true
				continue
			}
			k := furnitureKey(text)
			if k == "" {
				continue
			}
			// Running heads sit at the same height on every page.
			k += "@" + itoa(int(math.Round(l.base/6)))
			s := keys[k]
			if s == nil {
				s = &seen{pages: map[int]bool{}, text: text}
				keys[k] = s
				order = append(order, k)
			}
			s.pages[p] = true
			s.lines = append(s.lines, l)
		}
	}
	var removed []string
	for _, k := range order {
		s := keys[k]
		if len(s.pages) < 2 || len(s.pages)*5 < len(pages)*2 {
			continue
		}
		for _, l := range s.lines {
			drop[l] = true
		}
		removed = append(removed, "running header or footer “"+shortText(s.text)+"” ("+pagesLabel(len(s.pages))+")")
	}
	if len(numbered) > 0 {
		removed = append(removed, "page numbers ("+pagesLabel(len(numbered))+")")
	}
	return drop, removed
}

// margins returns the two top-most and two bottom-most lines of a page.
func margins(ls []*line) []*line {
	if len(ls) == 0 {
		return nil
	}
	byY := append([]*line(nil), ls...)
	sort.SliceStable(byY, func(i, j int) bool { return byY[i].base > byY[j].base })
	if len(byY) <= 4 {
		return byY
	}
	return append(byY[:2:2], byY[len(byY)-2:]...)
}

// furnitureKey is a line's text with digits and case folded away, so
// "Page 3 of 20" and "Page 4 of 20" match.
func furnitureKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r):
			if !strings.HasSuffix(b.String(), "#") {
				b.WriteByte('#')
			}
		case unicode.IsSpace(r):
			if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

func shortText(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

func pagesLabel(n int) string {
	if n == 1 {
		return "1 page"
	}
	return itoa(n) + " pages"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
