package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gloss/annotate"
)

// What an import brings beside documents, codes and passages: code memos,
// document attributes and their values, and the project journal. Like the
// rest, nothing the project holds is overwritten: a memo or a value the
// project already has stays, and the report says what was left out.

// tagMemo gives a tag that has no memo the file's memo for it.
func (im *importer) tagMemo(ctx context.Context, t *annotate.BatchTag, id string) (string, error) {
	memo := clip(strings.TrimSpace(t.Memo), annotate.MaxMemo)
	if memo == "" {
		return "", nil
	}
	var old string
	if err := im.queryRow(ctx, `SELECT memo FROM tags WHERE id = ?`, []any{id}, &old); err != nil {
		return "", fmt.Errorf("code %s memo: %w", id, err)
	}
	switch {
	case old == memo:
		return "", nil
	case old != "":
		return "; its memo in the file left out: the code has one", nil
	}
	who := t.MemoAuthor
	if who == "" {
		who = t.Author
	}
	author, err := im.author(ctx, who)
	if err != nil {
		return "", err
	}
	if err := im.exec(ctx, `UPDATE tags SET memo = ?, memo_author_id = ?, memo_updated_at = ? WHERE id = ?`, memo, author, im.tx.now, id); err != nil {
		return "", fmt.Errorf("code %s memo: %w", id, err)
	}
	return "; with its memo", nil
}

// importAttribute is a project attribute a batch attribute was matched to
// or added as; created marks one this import added, whose choices grow to
// take the file's values.
type importAttribute struct {
	*annotate.Attribute
	created bool
}

// resolveAttributes matches the batch's attributes to the project's, by
// ID, then by live name ignoring case, and adds the others.
func (im *importer) resolveAttributes(ctx context.Context) (map[string]*importAttribute, error) {
	out := map[string]*importAttribute{}
	if len(im.b.Attributes) == 0 {
		return out, nil
	}
	live, err := readAttributes(ctx, im.tx)
	if err != nil {
		return nil, err
	}
	byID, byName := map[string]*annotate.Attribute{}, map[string]*annotate.Attribute{}
	for _, a := range live {
		byID[a.ID] = a
		byName[foldCase(a.Name)] = a
	}
	for _, ba := range im.b.Attributes {
		if _, done := out[ba.Key]; done {
			continue
		}
		name := clip(oneLine(ba.Name), annotate.MaxAttributeName)
		if a := byID[ba.ID]; ba.ID != "" && a != nil {
			out[ba.Key] = &importAttribute{Attribute: a}
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "attribute", Key: ba.Key, ID: a.ID, Detail: "same attribute ID: " + a.Name})
			continue
		}
		if a := byName[foldCase(name)]; a != nil {
			out[ba.Key] = &importAttribute{Attribute: a}
			detail := "same name: " + a.Name
			if kind := kindOr(ba.Kind); kind != a.Kind {
				detail += fmt.Sprintf(" (a %s attribute here, %s in the file: values that are not a %s are left out)", a.Kind, kind, a.Kind)
			}
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "attribute", Key: ba.Key, ID: a.ID, Detail: detail})
			continue
		}
		a := &annotate.Attribute{Name: name, Kind: kindOr(ba.Kind), Choices: ba.Choices}
		if a.Kind == annotate.AttributeChoice && len(a.Choices) == 0 {
			a.Kind = annotate.AttributeText
		}
		if err := a.Validate(); err != nil {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportSkipped, What: "attribute", Key: ba.Key, Detail: annotate.ErrorMessage(err)})
			continue
		}
		id, err := im.freeID(ctx, "attributes", ba.ID)
		if err != nil {
			return nil, err
		}
		a.ID = id
		author, err := im.author(ctx, ba.Author)
		if err != nil {
			return nil, err
		}
		created, note := im.stamp(ba.CreatedAt)
		if err := im.exec(ctx, `INSERT INTO attributes (id, name, kind, choices, sort_order, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM attributes), ?, ?, ?)`,
			a.ID, a.Name, a.Kind, choicesJSON(a.Choices), author, created, later(created, im.tx.now)); err != nil {
			return nil, fmt.Errorf("insert attribute %q: %w", a.Name, err)
		}
		byID[a.ID], byName[foldCase(a.Name)] = a, a
		out[ba.Key] = &importAttribute{Attribute: a, created: true}
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "attribute", Key: ba.Key, ID: a.ID, Detail: a.Name + " (" + a.Kind + ")" + note})
	}
	return out, nil
}

// kindOr is a batch attribute's kind, text when it gives none.
func kindOr(kind string) string {
	if kind == "" {
		return annotate.AttributeText
	}
	return kind
}

// importValues sets the file's attribute values on the documents they were
// matched to or added as. A value the document already has stays; one that
// is not a value of the attribute's kind is left out.
func (im *importer) importValues(ctx context.Context, attrs map[string]*importAttribute) error {
	for _, bd := range im.b.Documents {
		d := im.docs[bd.Key]
		if d == nil || len(bd.Values) == 0 {
			continue
		}
		keys := make([]string, 0, len(bd.Values))
		for k := range bd.Values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			a := attrs[k]
			raw := strings.TrimSpace(bd.Values[k])
			if a == nil || raw == "" {
				continue
			}
			if err := im.importValue(ctx, bd, d, a, raw); err != nil {
				return err
			}
		}
	}
	return nil
}

func (im *importer) importValue(ctx context.Context, bd *annotate.BatchDocument, d *docMatch, a *importAttribute, raw string) error {
	skip := func(why string) {
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportSkipped, What: "value", Key: bd.Key, ID: d.id,
			Detail: fmt.Sprintf("%s of %q: %s", a.Name, d.title, why)})
	}
	v, err := a.Normalize(raw)
	if err != nil && a.created && a.Kind == annotate.AttributeChoice && len(a.Choices) < annotate.MaxChoices {
		// An attribute this import defined takes every value the file gives it.
		grown := *a.Attribute
		grown.Choices = append(append([]string(nil), a.Choices...), oneLine(raw))
		if grown.Validate() == nil {
			if err := im.exec(ctx, `UPDATE attributes SET choices = ? WHERE id = ?`, choicesJSON(grown.Choices), a.ID); err != nil {
				return fmt.Errorf("attribute %q: %w", a.Name, err)
			}
			a.Choices = grown.Choices
			v, err = a.Normalize(raw)
		}
	}
	if err != nil {
		skip(annotate.ErrorMessage(err))
		return nil
	}
	var old string
	var deleted sql.NullString
	err = im.queryRow(ctx, `SELECT value, deleted_at FROM document_attributes WHERE document_id = ? AND attribute_id = ?`, []any{d.id, a.ID}, &old, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		author, err := im.author(ctx, bd.Author)
		if err != nil {
			return err
		}
		if err := im.exec(ctx, `INSERT INTO document_attributes (document_id, attribute_id, value, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			d.id, a.ID, v, author, im.tx.now, im.tx.now); err != nil {
			return fmt.Errorf("attribute value: %w", err)
		}
	case err != nil:
		return fmt.Errorf("attribute value: %w", err)
	case deleted.Valid:
		// Cleared here: a decision the file's older copy does not undo.
		skip("cleared in this project")
		return nil
	case old == v:
		return nil
	default:
		skip(fmt.Sprintf("%q in the file, %q here, which stays", v, old))
		return nil
	}
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "value", Key: bd.Key, ID: d.id, Detail: fmt.Sprintf("%s of %q: %s", a.Name, d.title, v)})
	return nil
}

// importJournal adds the file's journal entries the project does not
// have: by ID, then by the same date, title and text.
func (im *importer) importJournal(ctx context.Context) error {
	for _, e := range im.b.Journal {
		text := clip(strings.TrimSpace(e.Text), annotate.MaxMemo)
		title := clip(oneLine(e.Title), annotate.MaxJournalTitle)
		if text == "" && title == "" {
			continue
		}
		date := e.Date
		if !annotate.ValidDate(date) {
			t := e.CreatedAt
			if t.IsZero() {
				t = im.clock
			}
			date = t.UTC().Format("2006-01-02")
		}
		var id string
		err := im.queryRow(ctx, `SELECT id FROM journal WHERE deleted_at IS NULL AND (id = ? OR entry_date = ? AND title = ? AND body = ?) LIMIT 1`,
			[]any{e.ID, date, title, text}, &id)
		if err == nil {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "journal entry", Key: e.Key, ID: id, Detail: journalName(date, title)})
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("journal: %w", err)
		}
		if id, err = im.freeID(ctx, "journal", e.ID); err != nil {
			return err
		}
		author, err := im.author(ctx, e.Author)
		if err != nil {
			return err
		}
		created, note := im.stamp(e.CreatedAt)
		updated := later(created, im.tx.now)
		if s, ok := im.stored(e.UpdatedAt); ok && !e.UpdatedAt.Before(e.CreatedAt) {
			updated = later(created, s)
		}
		if err := im.exec(ctx, `INSERT INTO journal (id, entry_date, title, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, date, title, text, author, created, updated); err != nil {
			return fmt.Errorf("journal entry %s: %w", e.Key, err)
		}
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "journal entry", Key: e.Key, ID: id, Detail: journalName(date, title) + note})
	}
	return nil
}

// journalName names an entry in a report: its date and title.
func journalName(date, title string) string {
	if title == "" {
		return date
	}
	return date + " " + title
}
