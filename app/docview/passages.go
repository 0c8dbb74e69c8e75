package docview

import (
	"image/color"
	"sort"

	"gloss/annotate"
)

// code is one tag on one passage: the unit that gets its own colour band and
// margin stripe. Overlapping codes get different lanes, so every code keeps
// a stable place wherever it overlaps others.
type code struct {
	p          *annotate.Passage
	tag        string
	start, end int
	lane       int
}

// assignLanes sorts passages by start (longer first on ties) and gives each
// of their tags the lowest lane free at the passage's start: the classic
// interval-partitioning greedy, so overlapping codes never share a lane and
// the number of lanes is the greatest overlap depth.
func assignLanes(ps []*annotate.Passage) (codes []code, lanes int) {
	sorted := make([]*annotate.Passage, 0, len(ps))
	for _, p := range ps {
		if p != nil && p.End > p.Start {
			sorted = append(sorted, p)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	var laneEnd []int
	for _, p := range sorted {
		tags := p.Tags
		if len(tags) == 0 {
			tags = []string{""}
		}
		for _, t := range tags {
			lane := -1
			for l, e := range laneEnd {
				if e <= p.Start {
					lane = l
					break
				}
			}
			if lane < 0 {
				lane = len(laneEnd)
				laneEnd = append(laneEnd, 0)
			}
			laneEnd[lane] = p.End
			codes = append(codes, code{p: p, tag: t, start: p.Start, end: p.End, lane: lane})
		}
	}
	return codes, len(laneEnd)
}

// segment is a piece of a line painted with the same codes.
type segment struct {
	start, end int
	codes      []*code // covering codes, by lane
}

// segments splits [ls, le) at the edges of the codes overlapping it and
// returns the pieces covered by at least one code, each with its covering
// codes ordered by lane.
func segments(codes []*code, ls, le int) []segment {
	if len(codes) == 0 || ls >= le {
		return nil
	}
	cuts := []int{ls, le}
	for _, c := range codes {
		if c.start > ls && c.start < le {
			cuts = append(cuts, c.start)
		}
		if c.end > ls && c.end < le {
			cuts = append(cuts, c.end)
		}
	}
	sort.Ints(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		var cover []*code
		for _, c := range codes {
			if c.start <= a && c.end >= b {
				cover = append(cover, c)
			}
		}
		if len(cover) == 0 {
			continue
		}
		sort.SliceStable(cover, func(i, j int) bool { return cover[i].lane < cover[j].lane })
		out = append(out, segment{start: a, end: b, codes: cover})
	}
	return out
}

// bandAt returns which of n bands splitting a box of height h, starting at
// top, holds y; above or below the box it is the nearest band.
func bandAt(n int, top, h, y float32) int {
	if n <= 1 {
		return 0
	}
	j := int((y - top) / (h / float32(n)))
	return max(0, min(n-1, j))
}

// hasStripe reports whether code c gets a margin stripe beside line ln: it
// covers a character of the line, or runs through the newline ending it.
func hasStripe(c *code, ln Line) bool {
	if c.start < ln.End && c.end > ln.Start {
		return true
	}
	return ln.ParaEnd && c.start <= ln.End && c.end > ln.End+1
}

// continuesPast reports whether code c runs on to the line after ln, so its
// stripe bridges the gap between them.
func continuesPast(c *code, ln Line) bool {
	if ln.ParaEnd {
		return c.end > ln.End+1
	}
	return c.end > ln.End
}

// tagColor parses a tag's #rrggbb colour; unknown or invalid colours are a
// neutral grey.
func tagColor(tags map[string]*annotate.Tag, id string) color.NRGBA {
	if t, ok := tags[id]; ok {
		if r, g, b, ok := annotate.ParseColor(t.Color); ok {
			return color.NRGBA{R: r, G: g, B: b, A: 0xff}
		}
	}
	return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
}

// withAlpha returns c at opacity a (0..1).
func withAlpha(c color.Color, a float32) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(float32(n.A)*a + 0.5)
	return n
}

// isDark reports whether c is a dark colour (relative luminance below half).
func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	l := 0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)
	return l < 0.5*0xffff
}
