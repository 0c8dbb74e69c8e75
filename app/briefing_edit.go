package app

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gloss/annotate"
	"gloss/storage"
)

// Briefings, as the editor changes them: every change one storage
// transaction and one undo step. Typing into one field of a briefing is one
// step, not one per pause.

// briefingState is every setting of a briefing UpdateBriefing can change.
func briefingState(b *annotate.Briefing) annotate.BriefingUpdate {
	name, title, subtitle, audience, date, by, summary, annex := b.Name, b.Title, b.Subtitle, b.Audience, b.Date, b.PreparedBy, b.Summary, b.Annex
	scope := b.Scope
	return annotate.BriefingUpdate{Name: &name, Title: &title, Subtitle: &subtitle, Audience: &audience, Date: &date,
		PreparedBy: &by, Summary: &summary, Scope: &scope, Annex: &annex}
}

// createBriefing adds a briefing; undo deletes it, redo brings it back.
func (e *editor) createBriefing(b *annotate.Briefing) error {
	if err := e.db.CreateBriefing(bg, b); err != nil {
		return err
	}
	id := b.ID
	e.stack.push(&command{
		name: fmt.Sprintf("New Briefing %q", b.Name),
		undo: func(ctx context.Context) error { return e.db.DeleteBriefing(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.RestoreBriefing(ctx, id) },
	})
	return nil
}

// starInNewBriefing starts a briefing with one key quote: one undo step.
func (e *editor) starInNewBriefing(b *annotate.Briefing, passageID string) error {
	if err := e.db.CreateBriefing(bg, b); err != nil {
		return err
	}
	id := b.ID
	if err := e.db.StarPassage(bg, id, passageID); err != nil {
		return errors.Join(err, e.db.DeleteBriefing(bg, id))
	}
	e.stack.push(&command{
		name: fmt.Sprintf("Star for %q", b.Name),
		undo: func(ctx context.Context) error { return e.db.DeleteBriefing(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.RestoreBriefing(ctx, id) },
	})
	return nil
}

// deleteBriefing tombstones a briefing; undo restores it with its findings
// and key quotes.
func (e *editor) deleteBriefing(b *annotate.Briefing) error {
	if err := e.db.DeleteBriefing(bg, b.ID); err != nil {
		return err
	}
	id := b.ID
	e.stack.push(&command{
		name: fmt.Sprintf("Delete Briefing %q", b.Name),
		undo: func(ctx context.Context) error { return e.db.RestoreBriefing(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.DeleteBriefing(ctx, id) },
	})
	return nil
}

// updateBriefing changes a briefing's settings and returns it as stored.
// what names the edit ("Rename Briefing", "Edit Title"); consecutive edits
// of the same what on one briefing fold into one undo step.
func (e *editor) updateBriefing(old *annotate.Briefing, upd annotate.BriefingUpdate, what string) (*annotate.Briefing, error) {
	now, err := e.db.UpdateBriefing(bg, old.ID, upd)
	if err != nil {
		return nil, err
	}
	before, after := briefingState(old), briefingState(now)
	id := old.ID
	c := &command{name: what, key: "briefing:" + id + ":" + what}
	c.undo = func(ctx context.Context) error { _, err := e.db.UpdateBriefing(ctx, id, before); return err }
	c.redo = func(ctx context.Context) error { _, err := e.db.UpdateBriefing(ctx, id, after); return err }
	c.fold = func(later *command) { c.redo = later.redo }
	e.stack.push(c)
	return now, nil
}

// setFinding saves a briefing's finding for a code; old is the finding as
// it was before this edit.
func (e *editor) setFinding(briefingID, tagID, old, new string) error {
	if old == new {
		return nil
	}
	if err := e.db.SetFinding(bg, briefingID, tagID, new); err != nil {
		return err
	}
	c := &command{name: fmt.Sprintf("Edit Finding on %q", e.tagName(tagID)), key: "finding:" + briefingID + ":" + tagID}
	c.undo = func(ctx context.Context) error { return e.db.SetFinding(ctx, briefingID, tagID, old) }
	c.redo = func(ctx context.Context) error { return e.db.SetFinding(ctx, briefingID, tagID, new) }
	c.fold = func(later *command) { c.redo = later.redo }
	e.stack.push(c)
	return nil
}

// keyQuote returns the briefing's key quote of a passage, if it is one.
func (e *editor) keyQuote(ctx context.Context, briefingID, passageID string) (annotate.KeyQuote, bool, error) {
	b, err := e.db.Briefing(ctx, briefingID)
	if err != nil {
		return annotate.KeyQuote{}, false, err
	}
	for _, q := range b.Quotes {
		if q.PassageID == passageID {
			return q, true, nil
		}
	}
	return annotate.KeyQuote{}, false, nil
}

// starPassage makes a passage a key quote of the briefing, last in order;
// undo takes it out again, redo puts it back where it was.
func (e *editor) starPassage(b *annotate.Briefing, passageID string) error {
	if err := e.db.StarPassage(bg, b.ID, passageID); err != nil {
		return err
	}
	q, _, err := e.keyQuote(bg, b.ID, passageID)
	if err != nil {
		return err
	}
	id := b.ID
	e.stack.push(&command{
		name: fmt.Sprintf("Star for %q", b.Name),
		undo: func(ctx context.Context) error { return e.db.UnstarPassage(ctx, id, passageID) },
		redo: func(ctx context.Context) error { return e.db.PutQuote(ctx, id, q) },
	})
	return nil
}

// unstarPassage takes a passage out of the briefing's key quotes; undo
// puts it back in its place, under the code it was quoted under.
func (e *editor) unstarPassage(b *annotate.Briefing, passageID string) error {
	q, ok, err := e.keyQuote(bg, b.ID, passageID)
	if err != nil || !ok {
		return err
	}
	if err := e.db.UnstarPassage(bg, b.ID, passageID); err != nil {
		return err
	}
	id := b.ID
	e.stack.push(&command{
		name: fmt.Sprintf("Unstar from %q", b.Name),
		undo: func(ctx context.Context) error { return e.db.PutQuote(ctx, id, q) },
		redo: func(ctx context.Context) error { return e.db.UnstarPassage(ctx, id, passageID) },
	})
	return nil
}

// moveQuote puts a key quote at index i of the briefing's order. Undo puts
// back the order as it was: the moved quote's own position, or every
// position when the move numbered the quotes afresh.
func (e *editor) moveQuote(b *annotate.Briefing, passageID string, i int) error {
	before, err := e.db.Briefing(bg, b.ID)
	if err != nil {
		return err
	}
	if err := e.db.MoveQuote(bg, b.ID, passageID, i); err != nil {
		return err
	}
	after, err := e.db.Briefing(bg, b.ID)
	if err != nil {
		return err
	}
	e.stack.push(cmdQuoteOrder(e.db, fmt.Sprintf("Move Quote in %q", b.Name), b.ID, before.Quotes, after.Quotes))
	return nil
}

// setQuoteTag sets the code a key quote is quoted under ("" for its first
// code in scope).
func (e *editor) setQuoteTag(b *annotate.Briefing, passageID, tagID string) error {
	q, ok, err := e.keyQuote(bg, b.ID, passageID)
	if err != nil {
		return err
	}
	if !ok {
		return annotate.Errorf(annotate.ENOTFOUND, "the passage is not a key quote of %q", b.Name)
	}
	if q.TagID == tagID {
		return nil
	}
	if err := e.db.SetQuoteTag(bg, b.ID, passageID, tagID); err != nil {
		return err
	}
	id, old := b.ID, q.TagID
	e.stack.push(&command{
		name: "Quote Under " + e.tagName(tagID),
		undo: func(ctx context.Context) error { return e.db.SetQuoteTag(ctx, id, passageID, old) },
		redo: func(ctx context.Context) error { return e.db.SetQuoteTag(ctx, id, passageID, tagID) },
	})
	return nil
}

// cmdQuoteOrder: a briefing's key quotes went from the positions of before
// to those of after; each side puts back the positions of the quotes whose
// position differs.
func cmdQuoteOrder(db *storage.DB, name, briefingID string, before, after []annotate.KeyQuote) *command {
	put := func(ctx context.Context, want, other []annotate.KeyQuote) error {
		was := map[string]float64{}
		for _, q := range other {
			was[q.PassageID] = q.Position
		}
		for _, q := range want {
			if p, ok := was[q.PassageID]; ok && p == q.Position && !math.IsNaN(p) {
				continue
			}
			if err := db.PutQuote(ctx, briefingID, q); err != nil {
				return err
			}
		}
		return nil
	}
	return &command{
		name: name,
		undo: func(ctx context.Context) error { return put(ctx, before, after) },
		redo: func(ctx context.Context) error { return put(ctx, after, before) },
	}
}
