package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// passageRow is a row of the Passages tab: a bar in the colour of the
// passage's first code, then on one line its quote in bold between some of
// its context in grey, and below it the document, codes, coder and note in
// small type, with a star on the right to put it in the briefing.
//
// Both lines are cut to the row's width with an ellipsis, the context
// before the quote from its start (so that the words next to the quote
// stay) once it would take more than a third of the line. A row is
// updated in place with set: only the texts that changed are drawn again,
// which is what keeps a new listing or a scroll of the list from freezing
// the window.
type passageRow struct {
	widget.BaseWidget

	bar                  color.Color
	before, quote, after string
	meta                 string
	waiting              bool // the passage is not read yet: a grey "…"
	starred              bool
	star                 *widget.Button
}

// newPassageRow returns an empty row whose star calls nothing yet.
func newPassageRow() *passageRow {
	r := &passageRow{bar: color.Transparent, star: widget.NewButtonWithIcon("", starIcon(false), nil)}
	r.star.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

// set shows a passage in the row, its context and quote on one line (the
// quote without its quotation marks), meta on the next; starred sets the
// star's icon, onStar is what it does.
func (r *passageRow) set(bar color.Color, before, quote, after, meta string, starred bool, onStar func()) {
	if bar == nil {
		bar = color.Transparent
	}
	r.bar, r.before, r.quote, r.after, r.meta, r.waiting = bar, before, "“"+quote+"”", after, meta, false
	if starred != r.starred {
		r.starred = starred
		r.star.SetIcon(starIcon(starred))
	}
	r.star.OnTapped = onStar
	r.star.Hidden = false
	r.Refresh()
}

// setWaiting shows the row as a passage still being read.
//
// The star is hidden and shown again by its field, not by Hide and Show:
// those refresh the button, which renders its icon again (and Hide frees
// its textures), for each row of every page read. Nothing of the star's
// look changes meanwhile, and the row's texts, which change with it,
// have the window drawn again.
func (r *passageRow) setWaiting() {
	r.bar, r.before, r.quote, r.after, r.meta, r.waiting = color.Transparent, "", "…", "", "", true
	r.star.OnTapped = nil
	r.star.Hidden = true
	r.Refresh()
}

// CreateRenderer builds the row's objects.
func (r *passageRow) CreateRenderer() fyne.WidgetRenderer {
	rr := &passageRowRenderer{row: r,
		bar:    canvas.NewRectangle(color.Transparent),
		before: canvas.NewText("", color.Black),
		quote:  canvas.NewText("", color.Black),
		after:  canvas.NewText("", color.Black),
		meta:   canvas.NewText("", color.Black),
	}
	rr.quote.TextStyle = fyne.TextStyle{Bold: true}
	rr.Refresh()
	return rr
}

type passageRowRenderer struct {
	row                        *passageRow
	bar                        *canvas.Rectangle
	before, quote, after, meta *canvas.Text

	// What the texts were last cut from, and to what size; cut is
	// false until they are.
	cutSize                       fyne.Size
	cutBefore, cutQuote, cutAfter string
	cutMeta                       string
	cut                           bool

	// The theme's, as last drawn.
	textSize, captionSize     float32
	lineHeight, captionHeight float32
	fg, grey                  color.Color
	waiting                   bool
}

// passageBarWidth is the width of the code's bar at a row's left.
const passageBarWidth = 4

func (rr *passageRowRenderer) Layout(size fyne.Size) {
	rr.cutTo(size)
	pad := theme.Padding()
	rr.bar.Move(fyne.NewPos(0, pad/2))
	rr.bar.Resize(fyne.NewSize(passageBarWidth, size.Height-pad))
	star := rr.row.star.MinSize()
	rr.row.star.Resize(star)
	rr.row.star.Move(fyne.NewPos(size.Width-star.Width, (size.Height-star.Height)/2))

	x := rr.textLeft()
	top := (size.Height - rr.lineHeight - pad/2 - rr.captionHeight) / 2
	for _, t := range []*canvas.Text{rr.before, rr.quote, rr.after} {
		w := rr.measure(t.Text, rr.textSize, t.TextStyle)
		t.Move(fyne.NewPos(x, top))
		t.Resize(fyne.NewSize(w, rr.lineHeight))
		x += w
	}
	rr.meta.Move(fyne.NewPos(rr.textLeft(), top+rr.lineHeight+pad/2))
	rr.meta.Resize(fyne.NewSize(rr.textWidth(size), rr.captionHeight))
}

// textLeft is where the texts start.
func (rr *passageRowRenderer) textLeft() float32 { return passageBarWidth + theme.InnerPadding() }

// textWidth is the width the texts may take in a row of that size.
func (rr *passageRowRenderer) textWidth(size fyne.Size) float32 {
	return max(0, size.Width-rr.textLeft()-rr.row.star.MinSize().Width-theme.Padding())
}

// cutTo cuts the texts to a row of size, unless they already are.
func (rr *passageRowRenderer) cutTo(size fyne.Size) {
	r := rr.row
	if rr.cut && size == rr.cutSize && rr.cutBefore == r.before && rr.cutQuote == r.quote &&
		rr.cutAfter == r.after && rr.cutMeta == r.meta {
		return
	}
	rr.cut, rr.cutSize = true, size
	rr.cutBefore, rr.cutQuote, rr.cutAfter, rr.cutMeta = r.before, r.quote, r.after, r.meta
	width := rr.textWidth(size)
	bold := fyne.TextStyle{Bold: true}
	before := r.before
	if rr.measure(before, rr.textSize, fyne.TextStyle{}) > width/3 {
		before = rr.fitEnd(strings.TrimLeft(before, "…"), width/3, rr.textSize, fyne.TextStyle{})
	}
	left := width - rr.measure(before, rr.textSize, fyne.TextStyle{})
	quote := rr.fit(r.quote, left, rr.textSize, bold)
	after := ""
	if quote == r.quote {
		left -= rr.measure(quote, rr.textSize, bold)
		after = rr.fit(r.after, left, rr.textSize, fyne.TextStyle{})
	}
	rr.set(rr.before, before)
	rr.set(rr.quote, quote)
	rr.set(rr.after, after)
	rr.set(rr.meta, rr.fit(r.meta, width, rr.captionSize, fyne.TextStyle{}))
}

// set gives t its text, drawn again only when it changed.
func (rr *passageRowRenderer) set(t *canvas.Text, s string) {
	if t.Text != s {
		t.Text = s
		t.Refresh()
	}
}

// measure is how wide s is drawn.
func (rr *passageRowRenderer) measure(s string, size float32, style fyne.TextStyle) float32 {
	if s == "" {
		return 0
	}
	return fyne.MeasureText(s, size, style).Width
}

// fit returns s, or as much of its start as fits in width followed by
// "…" ("" when not even that fits).
func (rr *passageRowRenderer) fit(s string, width float32, size float32, style fyne.TextStyle) string {
	if rr.measure(s, size, style) <= width {
		return s
	}
	rs := []rune(s)
	lo, hi := 0, len(rs)-1 // the longest prefix that fits is in [lo, hi]
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if rr.measure(strings.TrimRight(string(rs[:mid]), " ")+"…", size, style) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 && rr.measure("…", size, style) > width {
		return ""
	}
	return strings.TrimRight(string(rs[:lo]), " ") + "…"
}

// fitEnd returns "…" followed by as much of the end of s as fits in
// width, from the start of a word when it can.
func (rr *passageRowRenderer) fitEnd(s string, width float32, size float32, style fyne.TextStyle) string {
	rs := []rune(s)
	lo, hi := 0, len(rs) // the shortest start cut off is in [lo, hi]
	for lo < hi {
		mid := (lo + hi) / 2
		if rr.measure("…"+strings.TrimLeft(string(rs[mid:]), " "), size, style) <= width {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	if lo == len(rs) {
		return ""
	}
	// Cut at a word where one is left.
	if lo > 0 && rs[lo-1] != ' ' {
		if i := strings.IndexRune(string(rs[lo:]), ' '); i >= 0 && i+1 < len(string(rs[lo:])) {
			return "…" + strings.TrimLeft(string(rs[lo:])[i+1:], " ")
		}
	}
	return "…" + strings.TrimLeft(string(rs[lo:]), " ")
}

func (rr *passageRowRenderer) MinSize() fyne.Size {
	star := rr.row.star.MinSize()
	h := rr.lineHeight + theme.Padding()/2 + rr.captionHeight + 2*theme.InnerPadding()
	return fyne.NewSize(rr.textLeft()+star.Width+theme.Padding()+4*rr.textSize, max(h, star.Height))
}

func (rr *passageRowRenderer) Refresh() {
	r := rr.row
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg, grey := th.Color(theme.ColorNameForeground, v), th.Color(theme.ColorNamePlaceHolder, v)
	textSize, captionSize := th.Size(theme.SizeNameText), th.Size(theme.SizeNameCaptionText)
	if textSize != rr.textSize || captionSize != rr.captionSize || fg != rr.fg || grey != rr.grey || r.waiting != rr.waiting {
		// The theme changed, or the row began or stopped waiting:
		// every text is drawn again.
		rr.textSize, rr.captionSize, rr.fg, rr.grey, rr.waiting = textSize, captionSize, fg, grey, r.waiting
		rr.lineHeight = fyne.MeasureText("Mg", textSize, fyne.TextStyle{Bold: true}).Height
		rr.captionHeight = fyne.MeasureText("Mg", captionSize, fyne.TextStyle{}).Height
		rr.before.Color, rr.quote.Color, rr.after.Color, rr.meta.Color = grey, fg, grey, fg
		if r.waiting {
			rr.quote.Color = grey
		}
		for _, t := range []*canvas.Text{rr.before, rr.quote, rr.after} {
			t.TextSize = textSize
		}
		rr.meta.TextSize = captionSize
		rr.cut = false
		for _, t := range []*canvas.Text{rr.before, rr.quote, rr.after, rr.meta} {
			t.Refresh()
		}
	}
	if rr.bar.FillColor != r.bar {
		rr.bar.FillColor = r.bar
		rr.bar.Refresh()
	}
	rr.Layout(r.Size())
}

func (rr *passageRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{rr.bar, rr.before, rr.quote, rr.after, rr.meta, rr.row.star}
}

func (rr *passageRowRenderer) Destroy() {}
