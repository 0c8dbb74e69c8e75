package docview

import "fyne.io/fyne/v2"

// Selecting with the mouse as word processors do: a drag that starts
// inside a word selects characters while it stays in that word, and
// whole words once it leaves it, the first word included; with Ctrl held
// at the press it keeps to characters. A shift-click after a double-click
// (or a drag by words) extends the selection by whole words too.

// pressChar puts the caret at p for a single press, remembering the word
// pressed in for a drag to snap to; byChar keeps the drag to characters.
func (v *DocView) pressChar(p fyne.Position, byChar bool) {
	m := &v.mouse
	cp := v.offsetAtPos(p)
	m.unit, m.unitStart, m.unitEnd = unitChar, cp, cp
	m.byChar = byChar
	m.word = [2]int{cp, cp}
	// Pressed inside a word, not at its edge: a drag by characters first.
	if i := v.charAtPos(p); i >= 0 && v.text != nil {
		if s, e := v.text.wordAt(i); e > s && isWordRune(v.text.at(s)) && cp > s && cp < e {
			m.word = [2]int{s, e}
		}
	}
	v.setSelection(cp, cp)
}

// dragChars extends a drag started by a single press to caret cp: by
// characters inside the word pressed in (or with Ctrl held), by whole
// words from the moment the pointer leaves it.
func (v *DocView) dragChars(cp int) {
	m := &v.mouse
	ws, we := m.word[0], m.word[1]
	if m.byChar || v.text == nil || (cp >= ws && cp <= we) {
		v.setSelection(m.unitStart, cp)
		return
	}
	if cp > we {
		e := cp
		if s, end := v.text.wordAt(cp - 1); end > s && isWordRune(v.text.at(s)) {
			e = max(e, end)
		}
		v.setSelection(ws, e)
		return
	}
	s := cp
	if ws2, e := v.text.wordAt(cp); e > ws2 && isWordRune(v.text.at(ws2)) {
		s = min(s, ws2)
	}
	v.setSelection(we, s)
}

// shiftClick extends the selection to p: by whole words when the
// selection is still the one a double-click or a drag by words made, else
// to the character.
func (v *DocView) shiftClick(p fyne.Position) {
	m := &v.mouse
	if s, e := v.Selection(); m.unit == unitWord && s == m.unitSel[0] && e == m.unitSel[1] && s < e {
		v.dragTo(p)
		return
	}
	if s, e := v.Selection(); m.unit == unitChar && !m.byChar && m.word[1] > m.word[0] && s == m.unitSel[0] && e == m.unitSel[1] && s < e &&
		(s < m.word[0] || e > m.word[1]) {
		// The selection a drag snapped to words: go on by words.
		v.dragChars(v.offsetAtPos(p))
		return
	}
	cp := v.offsetAtPos(p)
	m.unit, m.unitStart, m.unitEnd = unitChar, v.anchor, v.anchor
	m.byChar, m.word = true, [2]int{v.anchor, v.anchor}
	v.setSelection(v.anchor, cp)
}

// isWordRune reports whether r starts a word (letters, digits, ideographs)
// rather than a run of spaces or a punctuation mark.
func isWordRune(r rune) bool {
	c := charClass(r)
	return c == 2 || c == 3
}
