package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gloss/annotate"
)

const attributeColumns = `at.id, at.name, at.kind, at.choices, a.name, at.created_at, at.updated_at`

func scanAttribute(row rowScanner) (*annotate.Attribute, error) {
	at := &annotate.Attribute{}
	var choices, created, updated string
	if err := row.Scan(&at.ID, &at.Name, &at.Kind, &choices, &at.Author, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(choices), &at.Choices); err != nil {
		return nil, fmt.Errorf("attribute %q: choices: %w", at.Name, err)
	}
	if len(at.Choices) == 0 {
		at.Choices = nil
	}
	at.CreatedAt, at.UpdatedAt = parseTime(created), parseTime(updated)
	return at, nil
}

func choicesJSON(cs []string) string {
	if cs == nil {
		cs = []string{}
	}
	b, _ := json.Marshal(cs)
	return string(b)
}

// CreateAttribute defines an attribute of documents.
func (db *DB) CreateAttribute(ctx context.Context, at *annotate.Attribute) error {
	if at.ID == "" {
		at.ID = annotate.NewID()
	} else if !annotate.ValidID(at.ID) {
		return annotate.Errorf(annotate.EINVALID, "attribute %q: %q is not an ID", at.Name, at.ID)
	}
	if err := at.Validate(); err != nil {
		return err
	}
	var now string
	err := db.write(ctx, func(tx *Tx) error {
		now = tx.now
		if err := tx.uniqueAttributeName(ctx, at.Name, ""); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO attributes (id, name, kind, choices, sort_order, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM attributes), ?, ?, ?)`,
			at.ID, at.Name, at.Kind, choicesJSON(at.Choices), tx.authorID, tx.now, tx.now); err != nil {
			if isPrimaryKeyConflict(err) {
				return annotate.Errorf(annotate.ECONFLICT, "attribute %s already exists", at.ID)
			}
			return fmt.Errorf("create attribute %q: %w", at.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	at.Author = db.Author()
	at.CreatedAt, at.UpdatedAt = parseTime(now), parseTime(now)
	return nil
}

func (tx *Tx) uniqueAttributeName(ctx context.Context, name, except string) error {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM attributes WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ?`, name, except).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return annotate.Errorf(annotate.ECONFLICT, "an attribute named %q already exists", name)
}

// Attributes lists the live attribute definitions in their order, each
// with the number of live documents that have a value.
func (db *DB) Attributes(ctx context.Context) ([]*annotate.Attribute, error) {
	var out []*annotate.Attribute
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readAttributes(ctx, tx)
		if err != nil {
			return err
		}
		counts := map[string]int{}
		rows, err := tx.QueryContext(ctx, `SELECT v.attribute_id, count(*) FROM document_attributes v JOIN documents d ON d.id = v.document_id
			WHERE v.deleted_at IS NULL AND d.deleted_at IS NULL GROUP BY v.attribute_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			counts[id] = n
		}
		for _, at := range out {
			at.Documents = counts[at.ID]
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("attributes: %w", err)
	}
	return out, nil
}

func readAttributes(ctx context.Context, q querier) ([]*annotate.Attribute, error) {
	return queryAll(ctx, q, scanAttribute, `SELECT `+attributeColumns+` FROM attributes at JOIN authors a ON a.id = at.author_id
		WHERE at.deleted_at IS NULL ORDER BY at.sort_order, at.name COLLATE NOCASE, at.id`)
}

// Attribute returns one live attribute, or ENOTFOUND.
func (db *DB) Attribute(ctx context.Context, id string) (*annotate.Attribute, error) {
	return db.attributeWhere(ctx, `at.id = ?`, id, "attribute "+id+" not found")
}

// AttributeByName finds a live attribute by name, ignoring case.
func (db *DB) AttributeByName(ctx context.Context, name string) (*annotate.Attribute, error) {
	at, err := db.attributeWhere(ctx, `at.name = ? COLLATE NOCASE`, strings.TrimSpace(name), fmt.Sprintf("no attribute named %q", name))
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		if all, lerr := db.Attributes(ctx); lerr == nil {
			var names []string
			for _, a := range all {
				names = append(names, a.Name)
			}
			if len(names) == 0 {
				return nil, annotate.Errorf(annotate.ENOTFOUND, "no attribute named %q (none is defined yet: gloss attrs define)", name)
			}
			return nil, annotate.Errorf(annotate.ENOTFOUND, "no attribute named %q (the attributes are: %s)", name, strings.Join(names, ", "))
		}
	}
	return at, err
}

func (db *DB) attributeWhere(ctx context.Context, where string, arg any, notFound string) (*annotate.Attribute, error) {
	var at *annotate.Attribute
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		at, err = scanAttribute(tx.QueryRowContext(ctx, `SELECT `+attributeColumns+` FROM attributes at JOIN authors a ON a.id = at.author_id
			WHERE at.deleted_at IS NULL AND `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "%s", notFound)
		}
		return err
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	return at, nil
}

// UpdateAttribute renames an attribute, changes its kind or its choices.
// A change that a document's value would not fit is EINVALID, naming the
// document and the value: change or clear the value first.
func (db *DB) UpdateAttribute(ctx context.Context, at *annotate.Attribute) error {
	if err := at.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		old, err := scanAttribute(tx.QueryRowContext(ctx, `SELECT `+attributeColumns+` FROM attributes at JOIN authors a ON a.id = at.author_id
		WHERE at.id = ? AND at.deleted_at IS NULL`, at.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "attribute %s not found", at.ID)
		} else if err != nil {
			return fmt.Errorf("attribute: %w", err)
		}
		if err := tx.uniqueAttributeName(ctx, at.Name, at.ID); err != nil {
			return err
		}
		if old.Name == at.Name && old.Kind == at.Kind && choicesJSON(old.Choices) == choicesJSON(at.Choices) {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT d.title, v.value FROM document_attributes v JOIN documents d ON d.id = v.document_id
		WHERE v.attribute_id = ? AND v.deleted_at IS NULL AND d.deleted_at IS NULL ORDER BY d.title COLLATE NOCASE`, at.ID)
		if err != nil {
			return fmt.Errorf("attribute: %w", err)
		}
		for rows.Next() {
			var title, v string
			if err := rows.Scan(&title, &v); err != nil {
				rows.Close()
				return err
			}
			if !at.Fits(v) {
				rows.Close()
				return annotate.Errorf(annotate.EINVALID, "%s: the value %q of %q does not fit a %s attribute%s; change or clear it first",
					at.Name, annotate.Ellipsize(v, 40), annotate.Ellipsize(title, 60), at.Kind, choicesHint(at))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE attributes SET name = ?, kind = ?, choices = ?, author_id = ?, updated_at = ? WHERE id = ?`,
			at.Name, at.Kind, choicesJSON(at.Choices), tx.authorID, tx.now, at.ID); err != nil {
			return fmt.Errorf("update attribute %q: %w", at.Name, err)
		}
		return nil
	})
}

func choicesHint(at *annotate.Attribute) string {
	if at.Kind != annotate.AttributeChoice {
		return ""
	}
	return " (" + annotate.Ellipsize(strings.Join(at.Choices, ", "), 100) + ")"
}

// DeleteAttribute tombstones an attribute and every value of it.
func (db *DB) DeleteAttribute(ctx context.Context, id string) error {
	return db.setAttributeDeleted(ctx, id, true)
}

// RestoreAttribute brings back a deleted attribute with the values it had
// when deleted (undo).
func (db *DB) RestoreAttribute(ctx context.Context, id string) error {
	return db.setAttributeDeleted(ctx, id, false)
}

func (db *DB) setAttributeDeleted(ctx context.Context, id string, deleted bool) error {
	return db.write(ctx, func(tx *Tx) error {
		var name string
		var when sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT name, deleted_at FROM attributes WHERE id = ?`, id).Scan(&name, &when)
		if errors.Is(err, sql.ErrNoRows) || err == nil && when.Valid != !deleted {
			return annotate.Errorf(annotate.ENOTFOUND, "attribute %s not found", id)
		} else if err != nil {
			return fmt.Errorf("attribute: %w", err)
		}
		if deleted {
			// The values are tombstoned at the attribute's deletion time, so that
			// restoring brings back exactly those.
			for _, q := range []string{
				`UPDATE document_attributes SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE attribute_id = ?3 AND deleted_at IS NULL`,
				`UPDATE attributes SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`,
			} {
				if _, err := tx.ExecContext(ctx, q, tx.now, tx.authorID, id); err != nil {
					return fmt.Errorf("delete attribute %q: %w", name, err)
				}
			}
		} else {
			if err := tx.uniqueAttributeName(ctx, name, id); err != nil {
				return err
			}
			for _, q := range []string{
				`UPDATE document_attributes SET deleted_at = NULL, updated_at = ?1, author_id = ?2 WHERE attribute_id = ?3 AND deleted_at = ?4`,
				`UPDATE attributes SET deleted_at = NULL, updated_at = ?1, author_id = ?2 WHERE id = ?3`,
			} {
				if _, err := tx.ExecContext(ctx, q, tx.now, tx.authorID, id, when.String); err != nil {
					return fmt.Errorf("restore attribute %q: %w", name, err)
				}
			}
		}
		return nil
	})
}

// SetAttribute sets a live document's value of a live attribute,
// normalized for its kind; "" clears it.
func (db *DB) SetAttribute(ctx context.Context, documentID, attributeID, value string) error {
	return db.write(ctx, func(tx *Tx) error { return tx.setAttribute(ctx, documentID, attributeID, value) })
}

// SetAttributes sets several values in one transaction: values maps
// document ID → attribute ID → value. Nothing is set if one is refused.
func (db *DB) SetAttributes(ctx context.Context, values map[string]map[string]string) error {
	return db.write(ctx, func(tx *Tx) error {
		for _, doc := range sortedKeys(values) {
			for _, attr := range sortedKeys(values[doc]) {
				if err := tx.setAttribute(ctx, doc, attr, values[doc][attr]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (tx *Tx) setAttribute(ctx context.Context, documentID, attributeID, value string) error {
	if err := tx.liveRow(ctx, "documents", documentID, "document"); err != nil {
		return err
	}
	at, err := scanAttribute(tx.QueryRowContext(ctx, `SELECT `+attributeColumns+` FROM attributes at JOIN authors a ON a.id = at.author_id
		WHERE at.id = ? AND at.deleted_at IS NULL`, attributeID))
	if errors.Is(err, sql.ErrNoRows) {
		return annotate.Errorf(annotate.ENOTFOUND, "attribute %s not found", attributeID)
	} else if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	v, err := at.Normalize(value)
	if err != nil {
		return err
	}
	var old string
	var deleted sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT value, deleted_at FROM document_attributes WHERE document_id = ? AND attribute_id = ?`,
		documentID, attributeID).Scan(&old, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if v == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO document_attributes (document_id, attribute_id, value, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, documentID, attributeID, v, tx.authorID, tx.now, tx.now)
	case err != nil:
		return fmt.Errorf("attribute value: %w", err)
	case v == "" && deleted.Valid, v == old && !deleted.Valid:
		return nil
	case v == "":
		_, err = tx.ExecContext(ctx, `UPDATE document_attributes SET deleted_at = ?1, updated_at = ?1, author_id = ?2
			WHERE document_id = ?3 AND attribute_id = ?4`, tx.now, tx.authorID, documentID, attributeID)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE document_attributes SET value = ?1, deleted_at = NULL, updated_at = ?2, author_id = ?3
			WHERE document_id = ?4 AND attribute_id = ?5`, v, tx.now, tx.authorID, documentID, attributeID)
	}
	if err != nil {
		return fmt.Errorf("attribute value: %w", err)
	}
	return nil
}

// DocumentValues returns the live values of live attributes on live
// documents: document ID → attribute ID → value.
func (db *DB) DocumentValues(ctx context.Context) (annotate.DocumentValues, error) {
	var dv annotate.DocumentValues
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		dv, err = documentValues(ctx, tx, "")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("attribute values: %w", err)
	}
	return dv, nil
}

// documentValues reads the live values, of one attribute when attr is set.
func documentValues(ctx context.Context, q querier, attr string) (annotate.DocumentValues, error) {
	query := `SELECT v.document_id, v.attribute_id, v.value FROM document_attributes v
		JOIN documents d ON d.id = v.document_id JOIN attributes at ON at.id = v.attribute_id
		WHERE v.deleted_at IS NULL AND d.deleted_at IS NULL AND at.deleted_at IS NULL`
	var args []any
	if attr != "" {
		query += ` AND v.attribute_id = ?`
		args = append(args, attr)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	dv := annotate.DocumentValues{}
	for rows.Next() {
		var doc, at, v string
		if err := rows.Scan(&doc, &at, &v); err != nil {
			return nil, err
		}
		if dv[doc] == nil {
			dv[doc] = map[string]string{}
		}
		dv[doc][at] = v
	}
	return dv, rows.Err()
}

// DocumentsWhere returns the IDs of the live documents meeting every
// condition, by title; an unknown attribute is ENOTFOUND.
func (db *DB) DocumentsWhere(ctx context.Context, conds []annotate.AttributeCondition) ([]string, error) {
	var ids []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = documentsWhere(ctx, tx, conds)
		return err
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("documents by attribute: %w", err)
	}
	return ids, nil
}

func documentsWhere(ctx context.Context, q querier, conds []annotate.AttributeCondition) ([]string, error) {
	attrs, err := readAttributes(ctx, q)
	if err != nil {
		return nil, err
	}
	kinds := map[string]string{}
	for _, a := range attrs {
		kinds[a.ID] = a.Kind
	}
	for _, c := range conds {
		if _, ok := kinds[c.AttributeID]; !ok {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "attribute %s not found", c.AttributeID)
		}
	}
	dv, err := documentValues(ctx, q, "")
	if err != nil {
		return nil, err
	}
	order, err := liveDocumentOrder(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for doc := range order {
		if dv.Keep(doc, conds, kinds) {
			ids = append(ids, doc)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return order[ids[i]] < order[ids[j]] })
	return ids, nil
}

// TagAttributeMatrix counts live passages per tag (rows, in codebook
// order) and value of an attribute (columns, see annotate.AttributeColumns:
// dates by value, year or month with by), over the scope's documents,
// with sub-codes counted when it says so.
func (db *DB) TagAttributeMatrix(ctx context.Context, attributeID, by string, scope AnalysisScope) (*annotate.Matrix, error) {
	scope, err := db.resolve(ctx, scope)
	if err != nil {
		return nil, err
	}
	var m *annotate.Matrix
	err = db.read(ctx, func(tx *sql.Tx) error {
		at, err := scanAttribute(tx.QueryRowContext(ctx, `SELECT `+attributeColumns+` FROM attributes at JOIN authors a ON a.id = at.author_id
			WHERE at.id = ? AND at.deleted_at IS NULL`, attributeID))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "attribute %s not found", attributeID)
		} else if err != nil {
			return err
		}
		tags, err := tagLabels(ctx, tx)
		if err != nil {
			return err
		}
		order, err := liveDocumentOrder(ctx, tx)
		if err != nil {
			return err
		}
		keep := scope.keeps()
		var docs []string
		for d := range order {
			if keep(d) {
				docs = append(docs, d)
			}
		}
		sort.Slice(docs, func(i, j int) bool { return order[docs[i]] < order[docs[j]] })
		dv, err := documentValues(ctx, tx, attributeID)
		if err != nil {
			return err
		}
		values := make(map[string]string, len(dv))
		for d, vs := range dv {
			values[d] = vs[attributeID]
		}
		cols, colOf := annotate.AttributeColumns(at, docs, values, by)
		// Per tag and document, from the maintained counts; with sub-codes,
		// a family's distinct passages.
		perDoc, err := maintainedCounts(ctx, tx)
		if err != nil {
			return err
		}
		if scope.Subcodes {
			cb, err := readCodebook(ctx, tx)
			if err != nil {
				return err
			}
			var rolled []annotate.Cell
			for _, c := range perDoc {
				if len(cb.expand([]string{c.Row}, true)) < 2 {
					rolled = append(rolled, c)
				}
			}
			for _, t := range tags {
				family := cb.expand([]string{t.ID}, true)
				if len(family) < 2 {
					continue
				}
				fc, err := familyCells(ctx, tx, `p.document_id`, family)
				if err != nil {
					return err
				}
				for _, c := range fc {
					rolled = append(rolled, annotate.Cell{Row: t.ID, Col: c.Col, N: c.N})
				}
			}
			perDoc = rolled
		}
		var cs []annotate.Cell
		for _, c := range perDoc {
			if col, ok := colOf[c.Col]; ok {
				cs = append(cs, annotate.Cell{Row: c.Row, Col: col, N: c.N})
			}
		}
		m = annotate.NewMatrix("Code", tags, cols, cs)
		return nil
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("code × attribute matrix: %w", err)
	}
	return m, nil
}

// documentsMeeting keeps the documents meeting every condition.
func (db *DB) documentsMeeting(ctx context.Context, docs []*annotate.Document, conds []annotate.AttributeCondition) ([]*annotate.Document, error) {
	ids, err := db.DocumentsWhere(ctx, conds)
	if err != nil {
		return nil, err
	}
	in := make(map[string]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	kept := docs[:0]
	for _, d := range docs {
		if in[d.ID] {
			kept = append(kept, d)
		}
	}
	return kept, nil
}

// metadataAttributes are the attribute names, folded, that a document's
// import metadata fills in, by the field they take.
var metadataAttributes = map[string]func(d *annotate.Document) string{
	"outlet": func(d *annotate.Document) string { return d.Outlet }, "publication": func(d *annotate.Document) string { return d.Outlet },
	"publisher": func(d *annotate.Document) string { return d.Outlet }, "source": func(d *annotate.Document) string { return d.Outlet },
	"published": func(d *annotate.Document) string { return d.Published }, "date": func(d *annotate.Document) string { return d.Published },
	"publication date": func(d *annotate.Document) string { return d.Published }, "date published": func(d *annotate.Document) string { return d.Published },
	"author": func(d *annotate.Document) string { return d.Byline }, "byline": func(d *annotate.Document) string { return d.Byline },
	"url": func(d *annotate.Document) string { return d.URL }, "link": func(d *annotate.Document) string { return d.URL },
	"title": func(d *annotate.Document) string { return d.Title },
}

// attributesFromMetadata sets, on a document just added, the attributes
// named after its import metadata (an attribute "Outlet" takes the outlet,
// "Published" or "Date" the publication date, "Author" the byline, "URL"
// the address), when the metadata fits the attribute's kind. Others are
// left for the researcher.
func (tx *Tx) attributesFromMetadata(ctx context.Context, docID string, d *annotate.Document) error {
	attrs, err := readAttributes(ctx, tx)
	if err != nil {
		return err
	}
	for _, a := range attrs {
		field, ok := metadataAttributes[strings.ToLower(a.Name)]
		if !ok {
			continue
		}
		v, err := a.Normalize(field(d))
		if err != nil || v == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_attributes (document_id, attribute_id, value, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, attribute_id) DO NOTHING`, docID, a.ID, v, tx.authorID, tx.now, tx.now); err != nil {
			return fmt.Errorf("attribute %q from the document's metadata: %w", a.Name, err)
		}
	}
	return nil
}
