package export

import (
	"fmt"
	"strings"

	"gloss/annotate"
)

// methodLine is one line of the method and sources box.
type methodLine struct {
	label, value string
}

// method describes what the briefing rests on: its sources, the dates they
// cover, who coded them, what the coding came to, how far the coders
// agree, and what the scope leaves out. The PDF's box and the Markdown's
// section both print it.
func (b *brief) method() []methodLine {
	var out []methodLine
	if len(b.passages) == 0 {
		return []methodLine{{"Sources", "No passages match the scope of this briefing."}}
	}
	outlets := b.outlets()
	var named []string
	unnamed := 0
	for _, o := range outlets {
		if o == "" {
			unnamed++
		} else {
			named = append(named, o)
		}
	}
	src := plural(len(b.docs), "document")
	if len(named) > 0 {
		src += " from " + plural(len(named), "outlet") + " (" + strings.Join(named, ", ") + ")"
	}
	if unnamed > 0 && len(named) > 0 {
		withoutOutlet := 0
		for _, d := range b.docs {
			if strings.TrimSpace(d.Outlet) == "" {
				withoutOutlet++
			}
		}
		src += fmt.Sprintf("; %d without an outlet", withoutOutlet)
	}
	out = append(out, methodLine{"Sources", src})
	if first, last := b.dateRange(); first != "" {
		out = append(out, methodLine{"Published", formatRange(first, last)})
	}
	if len(b.coders) > 0 {
		out = append(out, methodLine{"Coded by", strings.Join(b.coders, ", ")})
	}
	coding := fmt.Sprintf("%s with %s", plural(len(b.passages), "coded passage"), plural(len(b.tags), "code"))
	if n := len(b.quotes); n != len(b.passages) {
		coding += fmt.Sprintf(", %s once passages of the same text are merged", plural(n, "quotation"))
	}
	if b.keyed {
		keys := 0
		for _, q := range b.quotes {
			if q.key {
				keys++
			}
		}
		coding += fmt.Sprintf("; %s in the findings", plural(keys, "key quotation"))
		if rest := len(b.quotes) - keys; rest > 0 {
			if len(b.annex) > 0 {
				coding += fmt.Sprintf(", %d more in the annex", rest)
			} else {
				coding += fmt.Sprintf(", %d more not quoted", rest)
			}
		}
	}
	out = append(out, methodLine{"Coding", coding + "."})
	if k := b.kappa; k != nil {
		kappa := annotate.RoundKappa(k.kappa, 2)
		v := fmt.Sprintf("Cohen’s κ = %.2f (%s)", kappa, annotate.KappaBand(kappa))
		if k.pairs == 1 {
			v += fmt.Sprintf(", over the %s both coded", plural(k.documents, "document"))
		} else {
			v = fmt.Sprintf("mean of %s pairs’ Cohen’s κ = %.2f (%s)", annotate.Number(k.pairs), kappa, annotate.KappaBand(kappa))
		}
		out = append(out, methodLine{"Agreement", v})
	}
	for _, s := range b.scope {
		out = append(out, methodLine{"Scope: " + strings.ToLower(s.label), s.value})
	}
	return out
}

// methodNote ends the method box.
const methodNote = "Quotations are verbatim from the sources listed at the end, widened to whole words; “…” marks where a quotation begins or ends inside a sentence. Notes are the coders’ own."

// methodBox draws the method and sources box at the cursor, kept on one
// page.
func (w *pdfWriter) methodBox() {
	lines := w.b.method()
	const pad, labelW = 5.0, 30.0
	lab := tstyle{medium, 7.5, mutedColor, 1.5}
	val := tstyle{regular, 9, inkColor, 1.42}
	note := tstyle{italic, 8, mutedColor, 1.4}
	textW := contentW - 2*pad - labelW
	type row struct {
		label line
		vals  []line
	}
	var rows []row
	h := 2*pad + val.lineHeight() + 2.5 // the heading
	for _, m := range lines {
		r := row{label: w.line1(strings.ToUpper(m.label), lab, labelW-2), vals: w.clamp(w.lines(m.value, val, textW), 6, val, textW)}
		rows = append(rows, r)
		h += float64(len(r.vals))*val.lineHeight() + 1.2
	}
	nl := w.lines(methodNote, note, contentW-2*pad)
	h += 2 + float64(len(nl))*note.lineHeight()
	w.ensure(h)
	w.entryAt("Method and sources", 0, "", false)
	top := w.y
	w.rect(marginLeft, top, contentW, h, rgb{0xf3, 0xf5, 0xf8})
	w.rect(marginLeft, top, 1.2, h, accentColor)
	w.y += pad
	hs := tstyle{bold, 9.5, accentColor, 1.3}
	w.drawLine(marginLeft+pad, w.y, w.line1("Method and sources", hs, contentW-2*pad), hs, contentW-2*pad, 'L')
	w.y += val.lineHeight() + 2.5
	for _, r := range rows {
		w.drawLine(marginLeft+pad, w.y+(val.lineHeight()-lab.lineHeight())/2+0.2, r.label, lab, labelW-2, 'L')
		for _, l := range r.vals {
			w.drawLine(marginLeft+pad+labelW, w.y, l, val, textW, 'L')
			w.y += val.lineHeight()
		}
		w.y += 1.2
	}
	w.y += 2
	for _, l := range nl {
		w.drawLine(marginLeft+pad, w.y, l, note, contentW-2*pad, 'L')
		w.y += note.lineHeight()
	}
	w.y = top + h + 6
}
