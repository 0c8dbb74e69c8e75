package app

import (
	"context"
	"fmt"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

// editor makes every change to the project: each method writes through
// storage (one transaction, durable when it returns) and records a command
// on the undo stack. The window calls nothing else to change data.
type editor struct {
	db    *storage.DB
	stack *undoStack
}

func newEditor(db *storage.DB) *editor {
	return &editor{db: db, stack: &undoStack{}}
}

var bg = context.Background()

// tagName returns a tag's name for menu labels, or a short ID.
func (e *editor) tagName(id string) string {
	if t, err := e.db.Tag(bg, id); err == nil {
		return t.Name
	}
	return annotate.ShortID(id)
}

// codeRange codes [start, end) of doc with tagID: a new passage, or, when
// the researcher already has a passage over exactly that range, the code
// added to it. It returns the passage coded.
func (e *editor) codeRange(doc *annotate.Document, text *annotate.Text, start, end int, tagID string) (*annotate.Passage, error) {
	p, cmd, err := e.code(fmt.Sprintf("Code as %q", e.tagName(tagID)), doc, text, start, end, tagID)
	if cmd != nil {
		e.stack.push(cmd)
	}
	return p, err
}

// code codes a range as codeRange does and returns the passage coded and
// the command that takes it back, nil when nothing changed (the passage
// over the range had the code already).
func (e *editor) code(name string, doc *annotate.Document, text *annotate.Text, start, end int, tagID string) (*annotate.Passage, *command, error) {
	start, end = trimRange(text, start, end)
	if start >= end {
		return nil, nil, annotate.Errorf(annotate.EINVALID, "select some text first: the selection is empty or only spaces")
	}
	p := rangePassage(doc.ID, text, start, end, tagID)
	done, err := e.db.CodePassages(bg, []*annotate.Passage{p})
	if err != nil {
		return nil, nil, err
	}
	if done[0].Made {
		return p, cmdCreatePassage(e.db, name, p.ID), nil
	}
	var cmd *command
	if len(done[0].Added) > 0 {
		cmd = cmdAddTag(e.db, name, p.ID, tagID)
	}
	coded, err := e.db.Passage(bg, p.ID)
	return coded, cmd, err
}

// rangePassage is a new passage over [start, end) of a document's text,
// coded tagID.
func rangePassage(docID string, text *annotate.Text, start, end int, tagID string) *annotate.Passage {
	sel := annotate.Describe(text, start, end)
	return &annotate.Passage{
		DocumentID: docID, Start: sel.Start, End: sel.End,
		Quote: sel.Exact, Prefix: sel.Prefix, Suffix: sel.Suffix,
		Tags: []string{tagID},
	}
}

// codeRanges codes each range (in the documents whose texts are given)
// with tagID in one transaction, as one undo step named name, and returns
// how many passages it coded. A range the researcher already has a passage
// over is coded on that passage rather than made again (see codeRange).
func (e *editor) codeRanges(name string, ranges []hitRange, texts map[string]*annotate.Text, tagID string) (int, error) {
	var ps []*annotate.Passage
	for _, r := range ranges {
		t := texts[r.doc]
		if t == nil {
			return 0, annotate.Errorf(annotate.ENOTFOUND, "document %s not found", r.doc)
		}
		start, end := trimRange(t, r.start, r.end)
		if start >= end {
			continue
		}
		ps = append(ps, rangePassage(r.doc, t, start, end, tagID))
	}
	if len(ps) == 0 {
		return 0, nil
	}
	done, err := e.db.CodePassages(bg, ps)
	if err != nil {
		return 0, err
	}
	var made []string
	var cmds []*command
	n := 0
	for _, d := range done {
		switch {
		case d.Made:
			made = append(made, d.PassageID)
		case len(d.Added) > 0:
			cmds = append(cmds, cmdAddTag(e.db, name, d.PassageID, tagID))
		default:
			continue
		}
		n++
	}
	if len(made) > 0 {
		cmds = append([]*command{cmdRestoredPassages(e.db, name, made)}, cmds...)
	}
	switch len(cmds) {
	case 0:
	case 1:
		e.stack.push(cmds[0])
	default:
		e.stack.push(cmdGroup(name, cmds...))
	}
	return n, nil
}

// trimRange shrinks [start, end) to leave out white space at either end: a
// drag that overshoots a sentence should not code the line break after it.
func trimRange(t *annotate.Text, start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > t.Len() {
		end = t.Len()
	}
	s := t.Slice(start, end)
	lead := len([]rune(s)) - len([]rune(strings.TrimLeft(s, " \t\r\n\u00a0")))
	trail := len([]rune(s)) - len([]rune(strings.TrimRight(s, " \t\r\n\u00a0")))
	if lead+trail >= end-start {
		return start, start
	}
	return start + lead, end - trail
}

// newTagAndCode creates a tag named name (in the next palette colour) and
// codes [start, end) with it, as one undo step. With an empty range it only
// creates the tag.
func (e *editor) newTagAndCode(name string, doc *annotate.Document, text *annotate.Text, start, end int) (*annotate.Tag, *annotate.Passage, error) {
	tag, err := e.createTagQuiet(name, "")
	if err != nil {
		return nil, nil, err
	}
	mk := cmdCreateTag(e.db, fmt.Sprintf("New Code %q", tag.Name), tag.ID)
	if doc == nil || start >= end {
		e.stack.push(mk)
		return tag, nil, nil
	}
	p, cmd, err := e.code("", doc, text, start, end, tag.ID)
	if err != nil || cmd == nil {
		e.stack.push(mk) // the tag exists: its creation is undoable on its own
		return tag, p, err
	}
	e.stack.push(cmdGroup(fmt.Sprintf("Code as New %q", tag.Name), mk, cmd))
	return tag, p, nil
}

// nextColor picks a colour for a new code clearly apart from those the
// codebook uses (see distinctColor).
func (e *editor) nextColor() string {
	tags, _ := e.db.Tags(bg)
	used := make([]string, 0, len(tags))
	for _, t := range tags {
		used = append(used, t.Color)
	}
	return distinctColor(used)
}

func (e *editor) createTagQuiet(name, parentID string) (*annotate.Tag, error) {
	tag := &annotate.Tag{Name: strings.TrimSpace(name), Color: e.nextColor(), ParentID: parentID}
	if err := e.db.CreateTag(bg, tag); err != nil {
		return nil, err
	}
	return tag, nil
}

// createTag adds a code to the codebook.
func (e *editor) createTag(tag *annotate.Tag) error {
	tag.Name = strings.TrimSpace(tag.Name)
	if tag.Color == "" {
		tag.Color = e.nextColor()
	}
	if err := e.db.CreateTag(bg, tag); err != nil {
		return err
	}
	e.stack.push(cmdCreateTag(e.db, fmt.Sprintf("New Code %q", tag.Name), tag.ID))
	return nil
}

// addTag applies a tag to an existing passage; a tag it has already is left
// alone and records nothing.
func (e *editor) addTag(p *annotate.Passage, tagID string) error {
	if p.HasTag(tagID) {
		return nil
	}
	if err := e.db.AddTag(bg, p.ID, tagID); err != nil {
		return err
	}
	e.stack.push(cmdAddTag(e.db, fmt.Sprintf("Add %q", e.tagName(tagID)), p.ID, tagID))
	return nil
}

// errLastCode is removeTag's refusal to take off a passage's only code: a
// passage needs one, so that would delete it, with its note, which the
// window asks about first (see ui.removeTag).
var errLastCode = annotate.Errorf(annotate.EINVALID, "this is the passage's only code: removing it would delete the passage")

// removeTag takes a tag off a passage. It never takes off the last one
// (errLastCode): deleting the passage is deletePassage's, asked for.
func (e *editor) removeTag(p *annotate.Passage, tagID string) error {
	if len(p.Tags) == 1 && p.Tags[0] == tagID {
		return errLastCode
	}
	name := e.tagName(tagID)
	if err := e.db.RemoveTag(bg, p.ID, tagID); err != nil {
		return err
	}
	e.stack.push(cmdRemoveTag(e.db, fmt.Sprintf("Remove %q", name), p.ID, tagID))
	return nil
}

// deletePassage tombstones a passage.
func (e *editor) deletePassage(id string) error {
	if err := e.db.DeletePassage(bg, id); err != nil {
		return err
	}
	e.stack.push(cmdDeletePassages(e.db, "Delete Passage", []string{id}))
	return nil
}

// setNote saves a passage's note; old is the note as it was before this
// edit. Consecutive saves of one passage's note are one undo step.
func (e *editor) setNote(passageID, old, new string) error {
	if old == new {
		return nil
	}
	if err := e.db.SetNote(bg, passageID, new); err != nil {
		return err
	}
	e.stack.push(cmdSetNote(e.db, passageID, old, new))
	return nil
}

// updateTag changes a code and returns it as stored. A key taken from
// another code comes back to it on undo.
func (e *editor) updateTag(id string, upd annotate.TagUpdate, what string) (*annotate.Tag, error) {
	old, err := e.db.Tag(bg, id)
	if err != nil {
		return nil, err
	}
	var holder *annotate.Tag // the code that loses its key to this one
	if upd.Key != nil && *upd.Key != 0 && *upd.Key != old.Key {
		tags, err := e.db.Tags(bg)
		if err != nil {
			return nil, err
		}
		for _, t := range tags {
			if t.ID != id && t.Key == *upd.Key {
				holder = t
			}
		}
	}
	now, err := e.db.UpdateTag(bg, id, upd)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s %q", what, old.Name)
	c := cmdUpdateTag(e.db, name, old, now)
	if holder != nil {
		if after, err := e.db.Tag(bg, holder.ID); err == nil {
			c = cmdGroup(name, c, cmdUpdateTag(e.db, "", holder, after))
		}
	}
	e.stack.push(c)
	return now, nil
}

// deleteTag deletes a code; passages keep their other codes, and those left
// with none are deleted with it (undo brings everything back).
func (e *editor) deleteTag(id string) error {
	t, err := e.db.Tag(bg, id)
	if err != nil {
		return err
	}
	children, err := e.db.ChildTags(bg, id)
	if err != nil {
		return err
	}
	if err := e.db.DeleteTag(bg, id); err != nil {
		return err
	}
	e.stack.push(cmdDeleteTag(e.db, fmt.Sprintf("Delete Code %q", t.Name), id, children))
	return nil
}

// mergeTags moves every passage of from onto into and deletes from.
func (e *editor) mergeTags(from, into string) error {
	fname, iname := e.tagName(from), e.tagName(into)
	m, err := e.db.MergeTagsRecorded(bg, from, into)
	if err != nil {
		return err
	}
	e.stack.push(cmdMergeTags(e.db, fmt.Sprintf("Merge %q into %q", fname, iname), m))
	return nil
}

// updateDocument changes a document's metadata and returns it as stored.
func (e *editor) updateDocument(id string, upd annotate.DocumentUpdate) (*annotate.Document, error) {
	old, err := e.db.Document(bg, id)
	if err != nil {
		return nil, err
	}
	now, err := e.db.UpdateDocument(bg, id, upd)
	if err != nil {
		return nil, err
	}
	if !sameMetadata(old, now) {
		e.stack.push(cmdUpdateDocument(e.db, "Edit Document Details", old, now))
	}
	return now, nil
}

// deleteDocument removes a document and its passages.
func (e *editor) deleteDocument(id string) error {
	if err := e.db.DeleteDocument(bg, id); err != nil {
		return err
	}
	e.stack.push(cmdDeleteDocument(e.db, "Remove Document", id))
	return nil
}

// recordImport records documents added by an import (done off the UI
// goroutine) as one undo step.
func (e *editor) recordImport(ids []string) {
	if len(ids) == 0 {
		return
	}
	name := "Import Article"
	if len(ids) > 1 {
		name = fmt.Sprintf("Import %s Articles", annotate.Number(len(ids)))
	}
	e.stack.push(cmdCreateDocuments(e.db, name, ids))
}

// recordAutocoded records passages created by accepting auto-coding
// suggestions: undo deletes them, redo brings them back.
func (e *editor) recordAutocoded(ids []string) {
	if len(ids) == 0 {
		return
	}
	e.stack.push(cmdRestoredPassages(e.db, fmt.Sprintf("Auto-code %s Passages", annotate.Number(len(ids))), ids))
}

// recordRestorePoint records a change done outside the editor (a merge)
// as one undo step: undo puts back the restore point before, the project
// as it was; redo puts back the project as it was after the change.
func (e *editor) recordRestorePoint(name, before string) {
	e.stack.push(cmdRestorePoint(e.db, name, before, strings.TrimSuffix(before, ".gloss")+"-after.gloss"))
}

// sameMetadata reports whether two versions of a document have the same
// editable metadata.
func sameMetadata(a, b *annotate.Document) bool {
	return a.Title == b.Title && a.Outlet == b.Outlet && a.Byline == b.Byline && a.Published == b.Published && a.URL == b.URL &&
		a.Direction == b.Direction && a.Memo == b.Memo
}
