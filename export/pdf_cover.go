package export

import (
	"fmt"
	"math"
	"strings"
)

// titlePage draws the cover: title, subtitle, who prepared it when, the
// project and the scope, and the brief's numbers at a glance.
func (w *pdfWriter) titlePage() {
	b := w.b
	w.newPage()
	w.rect(0, 0, pageW, 9, accentColor)
	// A strip in the colours of the tags in scope, in proportion to their passages.
	_, totals := b.counts()
	sum := 0
	for _, n := range totals {
		sum += n
	}
	if sum > 0 {
		x := 0.0
		for i, t := range b.tags {
			wd := pageW * float64(totals[i]) / float64(sum)
			w.rect(x, 9, wd+0.05, 1.6, hexColor(t.Color))
			x += wd
		}
	}

	y := 62.0
	label := tstyle{medium, 9.5, accentColor, 1.3}
	w.drawLine(marginLeft, y, w.line1("BRIEFING", label, contentW), label, contentW, 'L')
	y += 9
	title := tstyle{bold, 28, inkColor, 1.18}
	// An absurdly long title or subtitle is cut with an ellipsis: the cover
	// stays one page.
	for _, l := range w.clamp(w.lines(b.title, title, contentW), 4, title, contentW) {
		w.drawLine(marginLeft, y, l, title, contentW, 'L')
		y += title.lineHeight()
	}
	if b.opts.Subtitle != "" {
		y += 2
		sub := tstyle{regular, 14, mutedColor, 1.3}
		for _, l := range w.clamp(w.lines(b.opts.Subtitle, sub, contentW), 3, sub, contentW) {
			w.drawLine(marginLeft, y, l, sub, contentW, 'L')
			y += sub.lineHeight()
		}
	}
	y += 7
	w.rect(marginLeft, y, 28, 1.2, accentColor)
	y += 10

	labelW := 32.0
	field := func(name, value string) {
		lab := tstyle{medium, 8, mutedColor, 1.55}
		val := tstyle{regular, 10.5, inkColor, 1.45}
		w.drawLine(marginLeft, y+0.6, w.line1(strings.ToUpper(name), lab, labelW), lab, labelW, 'L')
		for _, l := range w.clamp(w.lines(value, val, contentW-labelW), 4, val, contentW-labelW) {
			w.drawLine(marginLeft+labelW, y, l, val, contentW-labelW, 'L')
			y += val.lineHeight()
		}
		y += 1.8
	}
	if b.opts.PreparedBy != "" {
		field("Prepared by", b.opts.PreparedBy)
	}
	field("Date", b.created.Format("2 January 2006"))
	if b.opts.Project != "" {
		field("Project", b.opts.Project)
	}
	for _, s := range b.scope {
		field(s.label, s.value)
	}

	// Key figures.
	y = math.Max(y+8, 222)
	figures := []struct {
		n     int
		label string
	}{{len(b.passages), "passages"}, {len(b.docs), "documents"}, {len(b.tags), "tags"}}
	boxW := (contentW - 2*5) / 3
	for i, f := range figures {
		x := marginLeft + float64(i)*(boxW+5)
		w.rect(x, y, boxW, 24, rgb{0xf3, 0xf5, 0xf8})
		w.rect(x, y, 1.2, 24, accentColor)
		num := tstyle{bold, 22, accentColor, 1.2}
		w.drawLine(x+6, y+3, w.line1(fmt.Sprint(f.n), num, boxW-8), num, boxW-8, 'L')
		cap := tstyle{medium, 8.5, mutedColor, 1.3}
		w.drawLine(x+6, y+14.5, w.line1(f.label, cap, boxW-8), cap, boxW-8, 'L')
	}
	if len(b.passages) == 0 {
		note := tstyle{italic, 10, mutedColor, 1.4}
		w.drawLine(marginLeft, y+30, w.line1("No passages match the scope of this briefing.", note, contentW), note, contentW, 'L')
	}
	foot := tstyle{regular, 8, mutedColor, 1.4}
	w.rule(marginLeft, pageH-31, contentW, faintColor, 0.25)
	for i, l := range w.lines("Quotations are verbatim from the sources listed at the end of this briefing; notes are the researchers’ own.", foot, contentW) {
		w.drawLine(marginLeft, pageH-28+float64(i)*foot.lineHeight(), l, foot, contentW, 'L')
	}
}
