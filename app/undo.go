package app

import (
	"context"
	"fmt"
	"os"

	"gloss/annotate"
	"gloss/storage"
)

// maxUndo is how many edits the undo history keeps.
const maxUndo = 500

// command is one undoable edit, already done when it is pushed: undo takes
// it back and redo does it again, each through storage in its own
// transaction. Every edit in the app is recorded as a command, so Undo and
// Redo cover passages, tags on passages, notes, the codebook, document
// metadata and imports alike.
type command struct {
	name string // what the menu says: "Undo " + name
	undo func(ctx context.Context) error
	redo func(ctx context.Context) error
	// key, when set, lets the next command with the same key fold into this
	// one: typing a note is one edit, not one per pause.
	key string
	// fold combines a later command with the same key into this one.
	fold func(later *command)
}

// undoStack is the app's undo history: commands done (last on top) and
// commands undone (ready for Redo). A new edit clears the redo side.
type undoStack struct {
	done, undone []*command
	// onChange is called after every change, to relabel the Edit menu.
	onChange func()
}

// push records a command that has just been done.
func (s *undoStack) push(c *command) {
	if c.key != "" && len(s.done) > 0 && len(s.undone) == 0 {
		if top := s.done[len(s.done)-1]; top.key == c.key && top.fold != nil {
			top.fold(c)
			s.changed()
			return
		}
	}
	s.done = append(s.done, c)
	if len(s.done) > maxUndo {
		s.done = append([]*command(nil), s.done[len(s.done)-maxUndo:]...)
	}
	s.undone = nil
	s.changed()
}

// seal stops the command on top from absorbing later ones: the next note
// edit starts a new undo step.
func (s *undoStack) seal() {
	if n := len(s.done); n > 0 {
		s.done[n-1].key = ""
	}
}

// undo takes back the last command. When storage refuses (the project
// changed underneath, say a colleague's file was merged), the history is
// cleared: the commands below may depend on the one that failed.
func (s *undoStack) undo(ctx context.Context) (*command, error) {
	if len(s.done) == 0 {
		return nil, nil
	}
	c := s.done[len(s.done)-1]
	s.done = s.done[:len(s.done)-1]
	if err := c.undo(ctx); err != nil {
		s.clear()
		return c, fmt.Errorf("cannot undo %s: %w", c.name, err)
	}
	c.key = ""
	s.undone = append(s.undone, c)
	s.changed()
	return c, nil
}

// redo does the last undone command again.
func (s *undoStack) redo(ctx context.Context) (*command, error) {
	if len(s.undone) == 0 {
		return nil, nil
	}
	c := s.undone[len(s.undone)-1]
	s.undone = s.undone[:len(s.undone)-1]
	if err := c.redo(ctx); err != nil {
		s.clear()
		return c, fmt.Errorf("cannot redo %s: %w", c.name, err)
	}
	s.done = append(s.done, c)
	s.changed()
	return c, nil
}

// undoName and redoName name the commands Undo and Redo would take, or "".
func (s *undoStack) undoName() string {
	if len(s.done) == 0 {
		return ""
	}
	return s.done[len(s.done)-1].name
}

func (s *undoStack) redoName() string {
	if len(s.undone) == 0 {
		return ""
	}
	return s.undone[len(s.undone)-1].name
}

// clear forgets the history, e.g. when another project is opened.
func (s *undoStack) clear() {
	s.done, s.undone = nil, nil
	s.changed()
}

func (s *undoStack) changed() {
	if s.onChange != nil {
		s.onChange()
	}
}

// The command constructors below describe an edit that has been done; each
// knows how to take it back and do it again against db.

// cmdCreatePassage: a passage was created; undo tombstones it.
func cmdCreatePassage(db *storage.DB, name, id string) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error { return db.DeletePassage(ctx, id) },
		redo: func(ctx context.Context) error { return db.RestorePassage(ctx, id) },
	}
}

// cmdDeletePassages: passages were deleted; undo restores them.
func cmdDeletePassages(db *storage.DB, name string, ids []string) *command {
	ids = append([]string(nil), ids...)
	return &command{
		name: name,
		undo: func(ctx context.Context) error {
			return eachID(ids, func(id string) error { return db.RestorePassage(ctx, id) })
		},
		redo: func(ctx context.Context) error {
			return eachID(ids, func(id string) error { return db.DeletePassage(ctx, id) })
		},
	}
}

// cmdRestoredPassages: passages came into being (auto-coding accepted);
// undo deletes them, redo brings them back.
func cmdRestoredPassages(db *storage.DB, name string, ids []string) *command {
	c := cmdDeletePassages(db, name, ids)
	c.undo, c.redo = c.redo, c.undo
	return c
}

// cmdAddTag: a tag was applied to a passage that did not have it.
func cmdAddTag(db *storage.DB, name, passageID, tagID string) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error { return db.RemoveTag(ctx, passageID, tagID) },
		redo: func(ctx context.Context) error { return db.AddTag(ctx, passageID, tagID) },
	}
}

// cmdRemoveTag: a tag was taken off a passage.
func cmdRemoveTag(db *storage.DB, name, passageID, tagID string) *command {
	c := cmdAddTag(db, name, passageID, tagID)
	c.undo, c.redo = c.redo, c.undo
	return c
}

// cmdSetNote: a passage's note went from old to new. Later note edits of the
// same passage fold into it until the stack is sealed.
func cmdSetNote(db *storage.DB, passageID, old, new string) *command {
	c := &command{name: "Edit Note", key: "note:" + passageID}
	c.undo = func(ctx context.Context) error { return db.SetNote(ctx, passageID, old) }
	c.redo = func(ctx context.Context) error { return db.SetNote(ctx, passageID, new) }
	c.fold = func(later *command) {
		c.redo = later.redo
	}
	return c
}

// tagState is everything UpdateTag can change.
func tagState(t *annotate.Tag) annotate.TagUpdate {
	name, color, desc, parent, grouping, key := t.Name, t.Color, t.Description, t.ParentID, t.Grouping, t.Key
	return annotate.TagUpdate{Name: &name, Color: &color, Description: &desc, ParentID: &parent, Grouping: &grouping, Key: &key}
}

// cmdUpdateTag: a tag went from old to new (name, colour, description,
// nesting, grouping code or not).
func cmdUpdateTag(db *storage.DB, name string, old, new *annotate.Tag) *command {
	before, after := tagState(old), tagState(new)
	id := old.ID
	return &command{
		name: name,
		undo: func(ctx context.Context) error { _, err := db.UpdateTag(ctx, id, before); return err },
		redo: func(ctx context.Context) error { _, err := db.UpdateTag(ctx, id, after); return err },
	}
}

// cmdCreateTag: a tag was added to the codebook.
func cmdCreateTag(db *storage.DB, name, id string) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error { return db.DeleteTag(ctx, id) },
		redo: func(ctx context.Context) error { return db.RestoreTag(ctx, id) },
	}
}

// cmdDeleteTag: a tag was deleted; children lists the tags that were nested
// under it, which undo nests again.
func cmdDeleteTag(db *storage.DB, name, id string, children []string) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error { return db.RestoreTagWithChildren(ctx, id, children) },
		redo: func(ctx context.Context) error { return db.DeleteTag(ctx, id) },
	}
}

// cmdMergeTags: tags were merged as m records.
func cmdMergeTags(db *storage.DB, name string, m *storage.TagMerge) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error { return db.UnmergeTags(ctx, m) },
		redo: func(ctx context.Context) error {
			again, err := db.MergeTagsRecorded(ctx, m.From, m.Into)
			if err == nil {
				*m = *again
			}
			return err
		},
	}
}

// documentState is every metadata field UpdateDocument can change.
func documentState(d *annotate.Document) annotate.DocumentUpdate {
	title, outlet, byline, published, url, dir, memo := d.Title, d.Outlet, d.Byline, d.Published, d.URL, d.Direction, d.Memo
	return annotate.DocumentUpdate{Title: &title, Outlet: &outlet, Byline: &byline, Published: &published, URL: &url, Direction: &dir, Memo: &memo}
}

// cmdUpdateDocument: a document's metadata went from old to new.
func cmdUpdateDocument(db *storage.DB, name string, old, new *annotate.Document) *command {
	before, after := documentState(old), documentState(new)
	id := old.ID
	return &command{
		name: name,
		undo: func(ctx context.Context) error { _, err := db.UpdateDocument(ctx, id, before); return err },
		redo: func(ctx context.Context) error { _, err := db.UpdateDocument(ctx, id, after); return err },
	}
}

// cmdCreateDocuments: documents were imported; undo removes them (with any
// passages made since), redo brings them back.
func cmdCreateDocuments(db *storage.DB, name string, ids []string) *command {
	ids = append([]string(nil), ids...)
	return &command{
		name: name,
		undo: func(ctx context.Context) error {
			return eachID(ids, func(id string) error { return db.DeleteDocument(ctx, id) })
		},
		redo: func(ctx context.Context) error {
			return eachID(ids, func(id string) error { return db.RestoreDocument(ctx, id) })
		},
	}
}

// cmdDeleteDocument: a document was removed with its passages.
func cmdDeleteDocument(db *storage.DB, name, id string) *command {
	c := cmdCreateDocuments(db, name, []string{id})
	c.undo, c.redo = c.redo, c.undo
	return c
}

// cmdRestorePoint: the project changed wholesale (a merge) from the
// restore point before; undo saves the project as it is to after and puts
// before back, redo puts after back.
func cmdRestorePoint(db *storage.DB, name, before, after string) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error {
			os.Remove(after)
			if err := db.Snapshot(ctx, after); err != nil {
				return err
			}
			return db.Restore(ctx, before)
		},
		redo: func(ctx context.Context) error { return db.Restore(ctx, after) },
	}
}

// cmdGroup is several commands done as one edit: undo takes them back in
// reverse order.
func cmdGroup(name string, cs ...*command) *command {
	return &command{
		name: name,
		undo: func(ctx context.Context) error {
			for i := len(cs) - 1; i >= 0; i-- {
				if err := cs[i].undo(ctx); err != nil {
					return err
				}
			}
			return nil
		},
		redo: func(ctx context.Context) error {
			for _, c := range cs {
				if err := c.redo(ctx); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// eachID calls fn for every id, stopping at the first error.
func eachID(ids []string, fn func(id string) error) error {
	for _, id := range ids {
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}
