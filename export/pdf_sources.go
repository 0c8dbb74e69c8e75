package export

import (
	"fmt"
	"strings"

	"gloss/annotate"
)

// sources draws the list of every document with passages in scope.
func (w *pdfWriter) sources() {
	b := w.b
	w.heading1("Sources")
	if len(b.docs) == 0 {
		w.flow(marginLeft, contentW, "No documents are cited.", bodyStyle)
		return
	}
	numW := 11.0
	textW := contentW - numW
	titleStyle := tstyle{bold, 10.5, inkColor, 1.35}
	metaStyle := tstyle{regular, 9, inkColor, 1.4}
	urlStyle := tstyle{regular, 8.5, linkColor, 1.4}
	cited := b.citations()
	for i, d := range b.docs {
		tl := w.lines(d.Title, titleStyle, textW)
		var meta []string
		if d.Outlet != "" {
			meta = append(meta, d.Outlet)
		}
		if d.Byline != "" {
			meta = append(meta, d.Byline)
		}
		if d.Published != "" {
			meta = append(meta, formatPublished(d.Published))
		}
		var ml, ul []line
		if len(meta) > 0 {
			ml = w.lines(strings.Join(meta, " · "), metaStyle, textW)
		}
		if d.URL != "" {
			ul = w.lines(d.URL, urlStyle, textW)
		}
		cl := w.lines(cited[d.ID].String(), sourceStyle, textW)
		h := float64(len(tl))*titleStyle.lineHeight() + float64(len(ml))*metaStyle.lineHeight() +
			float64(len(ul))*urlStyle.lineHeight() + float64(len(cl))*sourceStyle.lineHeight()
		if h <= bottom-marginTop {
			w.ensure(h)
		}
		// The number in the title's size, so that they share a baseline.
		numStyle := tstyle{medium, titleStyle.size, accentColor, titleStyle.lead}
		w.drawLine(marginLeft, w.y, w.line1(fmt.Sprintf("[%d]", i+1), numStyle, numW), numStyle, numW, 'L')
		x := marginLeft + numW
		draw := func(ls []line, ts tstyle, url string) {
			for _, l := range ls {
				w.ensure(ts.lineHeight())
				w.drawLine(x, w.y, l, ts, textW, 'L')
				if url != "" {
					w.pdf.LinkString(x, w.y, mm(l.w, ts.size), ts.lineHeight(), sanitize(url))
				}
				w.y += ts.lineHeight()
			}
		}
		draw(tl, titleStyle, "")
		draw(ml, metaStyle, "")
		draw(ul, urlStyle, d.URL)
		draw(cl, sourceStyle, "")
		w.y += 5
	}
}

// citation is how much of a document the briefing uses.
type citation struct {
	passages int // coded in scope
	quoted   int // of those, in quotations printed
}

func (c citation) String() string {
	s := plural(c.passages, "passage") + " coded"
	switch {
	case c.quoted == 0:
		return s + ", none quoted"
	case c.quoted == c.passages:
		return s + ", all quoted"
	}
	return fmt.Sprintf("%s, %s quoted", s, annotate.Number(c.quoted))
}

// citations counts each document's passages in scope and those quoted.
func (b *brief) citations() map[string]citation {
	out := map[string]citation{}
	for _, p := range b.passages {
		c := out[p.DocumentID]
		c.passages++
		out[p.DocumentID] = c
	}
	for _, s := range append(append([]*section(nil), b.findings...), b.annex...) {
		for _, q := range s.quotes {
			c := out[q.DocumentID]
			c.quoted += len(q.Passages)
			out[q.DocumentID] = c
		}
	}
	return out
}
