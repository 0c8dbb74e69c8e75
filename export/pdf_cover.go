package export

import (
	"strings"
)

// cover draws the first page: who the briefing is for, its title, who
// prepared it when, the executive summary (continuing on the next pages
// when it is long) and the method and sources box.
func (w *pdfWriter) cover() {
	b := w.b
	w.newPage()
	w.rect(0, 0, pageW, 9, accentColor)
	// A strip in the colours of the tags in scope, in proportion to their quotes.
	totals := b.quotesPerTag()
	sum := 0
	for _, t := range b.tags {
		sum += totals[t.ID]
	}
	if sum > 0 {
		x := 0.0
		for _, t := range b.tags {
			wd := pageW * float64(totals[t.ID]) / float64(sum)
			w.rect(x, 9, wd+0.05, 1.6, hexColor(t.Color))
			x += wd
		}
	}
	w.setFace(w.fs.primary[regular], 10)
	w.pdf.Bookmark(sanitize(b.title), 0, 0)

	w.y = 34
	label := tstyle{medium, 9, accentColor, 1.3}
	kicker := "BRIEFING"
	if b.audience != "" {
		kicker += "  ·  " + strings.ToUpper(b.audience)
	}
	for _, l := range w.clamp(w.lines(kicker, label, contentW), 2, label, contentW) {
		w.drawLine(marginLeft, w.y, l, label, contentW, 'L')
		w.y += label.lineHeight()
	}
	w.y += 4
	title := tstyle{bold, 26, inkColor, 1.18}
	// An absurdly long title or subtitle is cut with an ellipsis, so that
	// the summary starts on the cover.
	for _, l := range w.clamp(w.lines(b.title, title, contentW), 3, title, contentW) {
		w.drawLine(marginLeft, w.y, l, title, contentW, 'L')
		w.y += title.lineHeight()
	}
	if b.subtitle != "" {
		w.y += 1.5
		sub := tstyle{regular, 13, mutedColor, 1.3}
		for _, l := range w.clamp(w.lines(b.subtitle, sub, contentW), 3, sub, contentW) {
			w.drawLine(marginLeft, w.y, l, sub, contentW, 'L')
			w.y += sub.lineHeight()
		}
	}
	w.y += 5
	var meta []string
	if b.preparedBy != "" {
		meta = append(meta, "Prepared by "+b.preparedBy)
	}
	meta = append(meta, b.created.Format("2 January 2006"))
	if b.opts.Project != "" {
		meta = append(meta, b.opts.Project)
	}
	ms := tstyle{regular, 10, inkColor, 1.4}
	for _, l := range w.clamp(w.lines(strings.Join(meta, "  ·  "), ms, contentW), 2, ms, contentW) {
		w.drawLine(marginLeft, w.y, l, ms, contentW, 'L')
		w.y += ms.lineHeight()
	}
	w.y += 3
	w.rect(marginLeft, w.y, 28, 1.2, accentColor)
	w.y += 9

	if len(b.summary) > 0 {
		w.entryAt("Executive summary", 0, "", false)
		hs := tstyle{bold, 12.5, accentColor, 1.3}
		w.drawLine(marginLeft, w.y, w.line1("Executive summary", hs, contentW), hs, contentW, 'L')
		w.y += hs.lineHeight() + 2.5
		w.drawRows(marginLeft, w.layoutBlocks(b.summary, summaryStyle, contentW), contentW)
		w.y += 8
	}
	w.methodBox()
}
