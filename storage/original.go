package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"gloss/annotate"
)

// MaxOriginalBytes is the largest original file a project keeps (the
// schema's limit, see 006_originals.sql).
const MaxOriginalBytes = 50 << 20

// originalTypes are the media types of the files a project keeps.
var originalTypes = map[string]bool{"application/pdf": true}

// Original is a file a document was imported from, kept so that its
// pages can be shown.
type Original struct {
	DocumentID string
	SHA256     string // of Data
	Name       string // the file's name when it was imported
	MediaType  string // "application/pdf"
	Size       int64
	CreatedAt  time.Time
	Data       []byte // empty in OriginalInfo
}

// validate checks an original before it is stored and fills in its hash
// and size.
func (o *Original) validate() error {
	switch {
	case !originalTypes[o.MediaType]:
		return annotate.Errorf(annotate.EINVALID, "original %q: files of type %q are not kept", o.Name, o.MediaType)
	case len(o.Data) == 0:
		return annotate.Errorf(annotate.EINVALID, "original %q is empty", o.Name)
	case len(o.Data) > MaxOriginalBytes:
		return annotate.Errorf(annotate.EINVALID, "original %q is larger than %d MB, the most a project keeps", o.Name, MaxOriginalBytes>>20)
	}
	o.Name = filepath.Base(strings.TrimSpace(o.Name))
	if o.Name == "." || !utf8.ValidString(o.Name) {
		o.Name = ""
	}
	if utf8.RuneCountInString(o.Name) > 1000 {
		o.Name = string([]rune(o.Name)[:1000])
	}
	sum := sha256.Sum256(o.Data)
	o.SHA256, o.Size = hex.EncodeToString(sum[:]), int64(len(o.Data))
	return nil
}

// ImportDocument adds doc as CreateDocument does and, in the same
// transaction, keeps orig (when not nil) as the file it was read from: the
// file is stored once however often it is imported, and a document that
// already has an original keeps it. The document's ID and the original's
// hash are filled in.
func (db *DB) ImportDocument(ctx context.Context, doc *annotate.Document, orig *Original) (created bool, err error) {
	if orig == nil {
		return db.CreateDocument(ctx, doc)
	}
	if err := orig.validate(); err != nil {
		return false, err
	}
	return db.createDocument(ctx, doc, func(tx *Tx, id string) error {
		orig.DocumentID = id
		return insertOriginal(ctx, tx.Tx, orig, tx.authorID, tx.now)
	})
}

// insertOriginal stores an original's bytes unless they are stored
// already, and links it to its document unless the document has one.
func insertOriginal(ctx context.Context, tx *sql.Tx, o *Original, authorID int64, now string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO originals (sha256, media_type, size, created_at, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, o.SHA256, o.MediaType, o.Size, now, o.Data); err != nil {
		return fmt.Errorf("keep original %q: %w", o.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_originals (document_id, sha256, name, author_id, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (document_id) DO NOTHING`, o.DocumentID, o.SHA256, o.Name, authorID, now); err != nil {
		return fmt.Errorf("keep original %q: %w", o.Name, err)
	}
	return nil
}

// OriginalInfo returns what is known of a document's original file,
// without its bytes, or ENOTFOUND when the project keeps none.
func (db *DB) OriginalInfo(ctx context.Context, documentID string) (*Original, error) {
	return db.original(ctx, documentID, false)
}

// Original returns a document's original file with its bytes, or
// ENOTFOUND when the project keeps none.
func (db *DB) Original(ctx context.Context, documentID string) (*Original, error) {
	return db.original(ctx, documentID, true)
}

func (db *DB) original(ctx context.Context, documentID string, data bool) (*Original, error) {
	o := &Original{DocumentID: documentID}
	cols := `l.sha256, l.name, f.media_type, f.size, l.created_at`
	var created string
	dest := []any{&o.SHA256, &o.Name, &o.MediaType, &o.Size, &created}
	if data {
		cols += `, f.data`
		dest = append(dest, &o.Data)
	}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT `+cols+` FROM document_originals l JOIN originals f ON f.sha256 = l.sha256
			JOIN documents d ON d.id = l.document_id WHERE l.document_id = ? AND d.deleted_at IS NULL`, documentID).Scan(dest...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "the project keeps no original file for document %s", documentID)
	} else if err != nil {
		return nil, fmt.Errorf("original of document %s: %w", documentID, err)
	}
	o.CreatedAt = parseTime(created)
	return o, nil
}

// OriginalsSize returns how many original files the project keeps and
// their size in bytes.
func (db *DB) OriginalsSize(ctx context.Context) (files int, bytes int64, err error) {
	err = db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(size), 0) FROM originals`).Scan(&files, &bytes)
	})
	return files, bytes, err
}

// originalProblems checks that every original's bytes hash to the name
// they are stored under: a file edited outside Gloss could otherwise show
// another file's pages. It returns a sentence per problem.
func originalProblems(ctx context.Context, q querier) ([]string, error) {
	hashes, err := queryAll(ctx, q, scanString, `SELECT sha256 FROM originals ORDER BY sha256`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil // a schema before 006
		}
		return nil, err
	}
	var problems []string
	for _, h := range hashes {
		var data []byte
		if err := q.QueryRowContext(ctx, `SELECT data FROM originals WHERE sha256 = ?`, h).Scan(&data); err != nil {
			return problems, err
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != h {
			problems = append(problems, fmt.Sprintf("original file %s…: its content does not match its SHA-256", h[:12]))
		}
	}
	return problems, nil
}

// mergeOriginals brings the colleague's original files for documents we
// share with the same text: a document without one gets theirs; when both
// have one, the earlier kept (then the smaller hash) stays, so both merge
// orders agree. Their bytes are hashed again before they are stored.
func (m *merger) mergeOriginals() error {
	type link struct{ doc, sha, name, author, created string }
	rows, err := m.theirsQ.QueryContext(m.ctx, `SELECT l.document_id, l.sha256, l.name, a.name, l.created_at
		FROM document_originals l JOIN authors a ON a.id = l.author_id ORDER BY l.document_id`)
	if err != nil {
		return err
	}
	var theirs []link
	for rows.Next() {
		var l link
		if err := rows.Scan(&l.doc, &l.sha, &l.name, &l.author, &l.created); err != nil {
			rows.Close()
			return err
		}
		theirs = append(theirs, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range theirs {
		ours, ok := m.docMap[l.doc]
		if !ok || !m.sameText[l.doc] {
			continue // a near-duplicate's original shows another text
		}
		var oSHA, oCreated string
		err := m.tx.QueryRowContext(m.ctx, `SELECT sha256, created_at FROM document_originals WHERE document_id = ?`, ours).Scan(&oSHA, &oCreated)
		switch {
		case err == nil:
			if oSHA == l.sha || oCreated < l.created || oCreated == l.created && oSHA < l.sha {
				continue
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		var have int
		if err := m.tx.QueryRowContext(m.ctx, `SELECT count(*) FROM originals WHERE sha256 = ?`, l.sha).Scan(&have); err != nil {
			return err
		}
		if have == 0 {
			var mediaType, created string
			var data []byte
			if err := m.theirsQ.QueryRowContext(m.ctx, `SELECT media_type, created_at, data FROM originals WHERE sha256 = ?`, l.sha).Scan(&mediaType, &created, &data); err != nil {
				return fmt.Errorf("original %s…: %w", l.sha[:12], err)
			}
			sum := sha256.Sum256(data)
			if hex.EncodeToString(sum[:]) != l.sha || !originalTypes[mediaType] || len(data) > MaxOriginalBytes {
				return annotate.Errorf(annotate.EINVALID, "refused: the file was altered outside Gloss: original file %s…: its content does not match its SHA-256", l.sha[:12])
			}
			if err := m.exec(`INSERT INTO originals (sha256, media_type, size, created_at, data) VALUES (?, ?, ?, ?, ?)`,
				l.sha, mediaType, len(data), created, data); err != nil {
				return err
			}
		}
		if err := m.exec(`INSERT INTO document_originals (document_id, sha256, name, author_id, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (document_id) DO UPDATE SET sha256 = excluded.sha256, name = excluded.name, author_id = excluded.author_id, created_at = excluded.created_at`,
			ours, l.sha, l.name, m.authors[l.author], l.created); err != nil {
			return err
		}
		m.rep.OriginalsAdded++
	}
	return nil
}
