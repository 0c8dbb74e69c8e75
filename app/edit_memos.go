package app

import (
	"context"
	"fmt"

	"gloss/annotate"
	"gloss/storage"
)

// Memos, the journal and document attributes, as the editor changes them:
// every change one storage transaction and one undo step (typing into one
// memo is one step, not one per pause).

// setCodeMemo saves a code's memo; old is the memo as it was before.
func (e *editor) setCodeMemo(tagID, old, new string) error {
	if old == new {
		return nil
	}
	if err := e.db.SetCodeMemo(bg, tagID, new); err != nil {
		return err
	}
	e.stack.push(cmdSetCodeMemo(e.db, fmt.Sprintf("Edit Memo on %q", e.tagName(tagID)), tagID, old, new))
	return nil
}

func cmdSetCodeMemo(db *storage.DB, name, tagID, old, new string) *command {
	c := &command{name: name, key: "memo:code:" + tagID}
	c.undo = func(ctx context.Context) error { return db.SetCodeMemo(ctx, tagID, old) }
	c.redo = func(ctx context.Context) error { return db.SetCodeMemo(ctx, tagID, new) }
	c.fold = func(later *command) { c.redo = later.redo }
	return c
}

// createJournalEntry adds an entry to the journal.
func (e *editor) createJournalEntry(j *annotate.JournalEntry) error {
	if err := e.db.CreateJournalEntry(bg, j); err != nil {
		return err
	}
	id := j.ID
	e.stack.push(&command{
		name: "New Journal Entry",
		undo: func(ctx context.Context) error { return e.db.DeleteJournalEntry(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.RestoreJournalEntry(ctx, id) },
	})
	return nil
}

// updateJournalEntry saves an entry's date, title and text; old is the
// entry as it was before.
func (e *editor) updateJournalEntry(old, new *annotate.JournalEntry) error {
	if old.Date == new.Date && old.Title == new.Title && old.Text == new.Text {
		return nil
	}
	if err := e.db.UpdateJournalEntry(bg, new); err != nil {
		return err
	}
	before, after := *old, *new
	c := &command{name: "Edit Journal Entry", key: "journal:" + new.ID}
	c.undo = func(ctx context.Context) error { return e.db.UpdateJournalEntry(ctx, &before) }
	c.redo = func(ctx context.Context) error { return e.db.UpdateJournalEntry(ctx, &after) }
	c.fold = func(later *command) { c.redo = later.redo }
	e.stack.push(c)
	return nil
}

// deleteJournalEntry removes an entry.
func (e *editor) deleteJournalEntry(id string) error {
	if err := e.db.DeleteJournalEntry(bg, id); err != nil {
		return err
	}
	e.stack.push(&command{
		name: "Delete Journal Entry",
		undo: func(ctx context.Context) error { return e.db.RestoreJournalEntry(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.DeleteJournalEntry(ctx, id) },
	})
	return nil
}

// defineAttribute adds a document attribute.
func (e *editor) defineAttribute(a *annotate.Attribute) error {
	if err := e.db.CreateAttribute(bg, a); err != nil {
		return err
	}
	id := a.ID
	e.stack.push(&command{
		name: fmt.Sprintf("Define Attribute %q", a.Name),
		undo: func(ctx context.Context) error { return e.db.DeleteAttribute(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.RestoreAttribute(ctx, id) },
	})
	return nil
}

// updateAttribute changes an attribute's name, kind or choices.
func (e *editor) updateAttribute(old, new *annotate.Attribute) error {
	if err := e.db.UpdateAttribute(bg, new); err != nil {
		return err
	}
	before, after := *old, *new
	e.stack.push(&command{
		name: fmt.Sprintf("Edit Attribute %q", old.Name),
		undo: func(ctx context.Context) error { return e.db.UpdateAttribute(ctx, &before) },
		redo: func(ctx context.Context) error { return e.db.UpdateAttribute(ctx, &after) },
	})
	return nil
}

// deleteAttribute removes an attribute and its values.
func (e *editor) deleteAttribute(a *annotate.Attribute) error {
	if err := e.db.DeleteAttribute(bg, a.ID); err != nil {
		return err
	}
	id := a.ID
	e.stack.push(&command{
		name: fmt.Sprintf("Delete Attribute %q", a.Name),
		undo: func(ctx context.Context) error { return e.db.RestoreAttribute(ctx, id) },
		redo: func(ctx context.Context) error { return e.db.DeleteAttribute(ctx, id) },
	})
	return nil
}

// setAttributes sets documents' values (document ID → attribute ID →
// value) in one step; old holds the values as they were, "" for none.
func (e *editor) setAttributes(old, new map[string]map[string]string) error {
	changed := map[string]map[string]string{}
	undo := map[string]map[string]string{}
	for doc, vs := range new {
		for a, v := range vs {
			if old[doc][a] == v {
				continue
			}
			if changed[doc] == nil {
				changed[doc], undo[doc] = map[string]string{}, map[string]string{}
			}
			changed[doc][a], undo[doc][a] = v, old[doc][a]
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if err := e.db.SetAttributes(bg, changed); err != nil {
		return err
	}
	name := "Set Attributes"
	if len(changed) == 1 {
		name = "Set Attribute"
		for _, vs := range changed {
			if len(vs) > 1 {
				name = "Set Attributes"
			}
		}
	}
	e.stack.push(&command{
		name: name,
		undo: func(ctx context.Context) error { return e.db.SetAttributes(ctx, undo) },
		redo: func(ctx context.Context) error { return e.db.SetAttributes(ctx, changed) },
	})
	return nil
}

// reconcile applies and records a decision on a disagreement.
func (e *editor) reconcile(d annotate.Disagreement, r *annotate.Reconciliation) error {
	if err := e.db.Reconcile(bg, d, r); err != nil {
		return err
	}
	// Redo decides again: a new record with the same decision.
	decision := *r
	id := r.ID
	e.stack.push(&command{
		name: "Reconcile Disagreement",
		undo: func(ctx context.Context) error { return e.db.UndoReconciliation(ctx, id) },
		redo: func(ctx context.Context) error {
			again := decision
			again.ID = ""
			if err := e.db.Reconcile(ctx, d, &again); err != nil {
				return err
			}
			id = again.ID
			return nil
		},
	})
	return nil
}

// undoReconciliation reverses a decision recorded earlier (perhaps by a
// colleague) and removes its record.
func (e *editor) undoReconciliation(r *annotate.Reconciliation, d annotate.Disagreement) error {
	if err := e.db.UndoReconciliation(bg, r.ID); err != nil {
		return err
	}
	decision := *r
	e.stack.push(&command{
		name: "Reverse Decision",
		undo: func(ctx context.Context) error {
			again := decision
			again.ID = ""
			return e.db.Reconcile(ctx, d, &again)
		},
		redo: func(ctx context.Context) error {
			_, decided, err := e.db.Disagreements(ctx, r.CoderA, r.CoderB)
			if err != nil {
				return err
			}
			if now := decided[d.Key]; now != nil {
				return e.db.UndoReconciliation(ctx, now.ID)
			}
			return nil
		},
	})
	return nil
}

// updateDocumentDetails saves a document's metadata and its attribute
// values (attribute ID → value; old as they were) as one undo step.
func (e *editor) updateDocumentDetails(id string, upd annotate.DocumentUpdate, old, values map[string]string) error {
	before := len(e.stack.done)
	if _, err := e.updateDocument(id, upd); err != nil {
		return err
	}
	if err := e.setAttributes(map[string]map[string]string{id: old}, map[string]map[string]string{id: values}); err != nil {
		return err
	}
	e.stack.joinSince(before, "Edit Document Details")
	return nil
}

// joinSince makes the commands pushed since the stack held n done ones a
// single undo step called name.
func (s *undoStack) joinSince(n int, name string) {
	if len(s.done)-n < 2 {
		return
	}
	parts := append([]*command(nil), s.done[n:]...)
	s.done = s.done[:n]
	s.push(&command{
		name: name,
		undo: func(ctx context.Context) error {
			for i := len(parts) - 1; i >= 0; i-- {
				if err := parts[i].undo(ctx); err != nil {
					return err
				}
			}
			return nil
		},
		redo: func(ctx context.Context) error {
			for _, c := range parts {
				if err := c.redo(ctx); err != nil {
					return err
				}
			}
			return nil
		},
	})
}
