package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gloss/annotate"
)

// Starring a passage for the briefing: from the inspector, the Passages
// tab and the reading view (Ctrl+B), always into the briefing the Briefing
// window last showed, else the one edited last; a project without one
// gets one named "Briefing". Each star is an undo step.

// starKey is the reading view's shortcut that stars the selected passage.
var starKey = shortcut(fyne.KeyB, false)

// starKeyName is how the shortcut is written, for hints.
func starKeyName() string {
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		return "Cmd+B"
	}
	return "Ctrl+B"
}

// briefingLister is what the stars are read from.
type briefingLister interface {
	Briefings(ctx context.Context) ([]*annotate.Briefing, error)
	Briefing(ctx context.Context, id string) (*annotate.Briefing, error)
}

// briefingStars is the briefing stars go to and its key quotes.
type briefingStars struct {
	chosen   string // chosen in the Briefing window
	b        *annotate.Briefing
	passages map[string]bool
}

// load reads the briefing stars go to: the one chosen if it is still
// there, else the one changed last.
func (s *briefingStars) load(src briefingLister) {
	s.b, s.passages = nil, map[string]bool{}
	bs, err := src.Briefings(bg)
	if err != nil || len(bs) == 0 {
		return
	}
	pick := bs[0]
	for _, b := range bs {
		if b.ID == s.chosen {
			pick = b
			break
		}
		if b.UpdatedAt.After(pick.UpdatedAt) {
			pick = b
		}
	}
	full, err := src.Briefing(bg, pick.ID)
	if err != nil {
		return
	}
	s.b = full
	for _, q := range full.Quotes {
		s.passages[q.PassageID] = true
	}
}

// chosenID is the ID of the briefing stars go to, or "".
func (s *briefingStars) chosenID() string {
	if s.b == nil {
		return ""
	}
	return s.b.ID
}

// has reports whether a passage is a key quote of the briefing.
func (s *briefingStars) has(passageID string) bool { return s.passages[passageID] }

// toggleStar stars a passage for the briefing, or takes its star off.
func (u *ui) toggleStar(p *annotate.Passage) {
	if u.proj == nil || p == nil {
		return
	}
	u.insp.flush()
	ed := u.proj.ed
	b := u.stars.b
	if b == nil {
		b = &annotate.Briefing{Name: "Briefing", PreparedBy: u.proj.db.Author(), Annex: true}
		if err := ed.starInNewBriefing(b, p.ID); err != nil {
			u.showError(err)
			u.afterEdit()
			return
		}
		u.stars.chosen = b.ID
		u.afterEdit()
		u.status.flash(fmt.Sprintf("Starred for a new briefing, “Briefing”: View ▸ Briefing… writes it (%s takes the star off).", starKeyName()))
		return
	}
	if u.stars.has(p.ID) {
		if err := ed.unstarPassage(b, p.ID); err != nil {
			u.showError(err)
			return
		}
		u.afterEdit()
		u.status.flash(fmt.Sprintf("Star taken off: no longer a key quote of “%s”.", b.Name))
		return
	}
	if err := ed.starPassage(b, p.ID); err != nil {
		u.showError(err)
		return
	}
	u.afterEdit()
	u.status.flash(fmt.Sprintf("Starred: key quote %d of “%s” (%s again takes the star off).", len(u.stars.passages), b.Name, starKeyName()))
}

// chooseBriefing makes the briefing chosen in the Briefing window the one
// stars go to.
func (u *ui) chooseBriefing(id string) {
	if u.proj == nil {
		return
	}
	u.stars.chosen = id
	u.stars.load(u.proj.db)
	u.inspect(u.selected, false)
	u.plist.refreshRows()
}

// starSelected stars the passage selected in the reading view.
func (u *ui) starSelected() {
	if u.proj == nil || u.selected == "" {
		if u.proj != nil {
			u.status.flash("Click a highlighted passage first, then star it for the briefing with " + starKeyName() + ".")
		}
		return
	}
	p, err := u.proj.db.Passage(bg, u.selected)
	if err != nil {
		u.showError(err)
		return
	}
	u.toggleStar(p)
}

// starLabel is what the star button says for a passage.
func (s *briefingStars) starLabel(passageID string) string {
	switch {
	case s.b == nil:
		return "Star for Briefing"
	case s.has(passageID):
		return "Starred in “" + annotate.Ellipsize(s.b.Name, 30) + "”"
	}
	return "Star for “" + annotate.Ellipsize(s.b.Name, 30) + "”"
}

// starIcon is a star, filled when on.
func starIcon(on bool) fyne.Resource {
	if on {
		return theme.NewPrimaryThemedResource(starFilled)
	}
	return theme.NewThemedResource(starOutline)
}

var (
	starFilled  = fyne.NewStaticResource("star-filled.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z"/></svg>`))
	starOutline = fyne.NewStaticResource("star-outline.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="m22 9.24-7.19-.62L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21 12 17.27 18.18 21l-1.63-7.03L22 9.24zM12 15.4l-3.76 2.27 1-4.28-3.32-2.88 4.38-.38L12 6.1l1.71 4.04 4.38.38-3.32 2.88 1 4.28L12 15.4z"/></svg>`))
)
