-- 007_interchange.sql: what other tools' files carry that Gloss had no place for.
-- rebuilds tables: run with foreign keys off (see apply in db.go).
--
-- A tag may be a grouping code (REFI-QDA's isCodable="false", the categories
-- of QualCoder and MAXQDA): it groups the codes nested in it and is never
-- applied to a passage. codable is 1 for an ordinary tag, 0 for a grouping
-- code; merges take it with the tag's other metadata, last writer wins.
--
-- A document has a memo: the researcher's free text on the document as a
-- whole (a REFI-QDA source's Description), memo_author_id, who wrote it
-- last, and memo_updated_at, when (NULL: never; a memo that is not empty
-- has a time). Merges
-- keep the memo written last, by memo_updated_at, independently of the
-- document's other metadata. The
-- memo goes before the text, which stays the last column so that listings
-- never read it (005's direction, added after it, moves before it too):
-- documents is rebuilt (SQLite's twelve-step ALTER), its rows, indexes,
-- search triggers and the views that read it recreated as they were.

ALTER TABLE tags ADD COLUMN codable INTEGER NOT NULL DEFAULT 1 CHECK (codable IN (0, 1));

DROP VIEW documents_v;
DROP VIEW tags_v;
DROP VIEW passages_v;
DROP VIEW search_content;

CREATE TABLE documents_new (
	id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
	outlet     TEXT NOT NULL DEFAULT '' CHECK (length(outlet) <= 1000),
	byline     TEXT NOT NULL DEFAULT '' CHECK (length(byline) <= 1000),
	published  TEXT NOT NULL DEFAULT '' CHECK (length(published) <= 100),
	url        TEXT NOT NULL DEFAULT '' CHECK (length(url) <= 4000),
	source     TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 1000),
	sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
	length     INTEGER NOT NULL CHECK (length > 0),
	author_id  INTEGER NOT NULL REFERENCES authors (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	direction  TEXT NOT NULL DEFAULT '' CHECK (direction IN ('', 'ltr', 'rtl')),
	memo       TEXT NOT NULL DEFAULT '' CHECK (length(memo) <= 100000),
	memo_author_id INTEGER REFERENCES authors (id),
	memo_updated_at TEXT CHECK (memo = '' OR memo_updated_at IS NOT NULL),
	text       TEXT NOT NULL -- last, so listings never read it
);
INSERT INTO documents_new (id, title, outlet, byline, published, url, source, sha256, length, author_id, created_at, updated_at, deleted_at, direction, text)
SELECT id, title, outlet, byline, published, url, source, sha256, length, author_id, created_at, updated_at, deleted_at, direction, text
FROM documents ORDER BY rowid;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE UNIQUE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_live ON documents (id, deleted_at);

-- As in 002_search.sql.
CREATE TRIGGER search_document_insert AFTER INSERT ON documents BEGIN
	INSERT INTO search_keys (document_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
	INSERT INTO search (rowid, title, body)
	VALUES ((SELECT id FROM search_keys WHERE document_id = NEW.id), NEW.title, NEW.text);
END;

CREATE TRIGGER search_document_update AFTER UPDATE OF id, title, text ON documents
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.text IS NOT NEW.text BEGIN
	INSERT INTO search (search, rowid, title, body)
	VALUES ('delete', (SELECT id FROM search_keys WHERE document_id = OLD.id), OLD.title, OLD.text);
	UPDATE search_keys SET document_id = NEW.id WHERE document_id = OLD.id;
	INSERT INTO search (rowid, title, body)
	VALUES ((SELECT id FROM search_keys WHERE document_id = NEW.id), NEW.title, NEW.text);
END;

CREATE TRIGGER search_document_delete AFTER DELETE ON documents BEGIN
	INSERT INTO search (search, rowid, title, body)
	VALUES ('delete', (SELECT id FROM search_keys WHERE document_id = OLD.id), OLD.title, OLD.text);
	DELETE FROM search_keys WHERE document_id = OLD.id;
END;

CREATE VIEW search_content AS
SELECT k.id AS id, d.title AS title, d.text AS body
FROM search_keys k JOIN documents d ON d.id = k.document_id
UNION ALL
SELECT k.id AS id, '' AS title, n.body AS body
FROM search_keys k JOIN notes n ON n.id = k.note_id;

-- Read-only views for colleagues who open the file with sqlite3 or DB
-- Browser, as in 001_init.sql with the new columns.

CREATE VIEW documents_v AS
SELECT d.id, d.title, d.outlet, d.byline AS author, d.published, d.url, d.source, d.length,
	(SELECT count(*) FROM passages p WHERE p.document_id = d.id AND p.deleted_at IS NULL) AS passages,
	d.memo, a.name AS added_by, d.created_at, d.updated_at, d.memo_updated_at
FROM documents d JOIN authors a ON a.id = d.author_id
WHERE d.deleted_at IS NULL;

CREATE VIEW tags_v AS
SELECT t.id, t.name, t.color, t.description, parent.name AS parent, t.codable,
	(SELECT count(*) FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
	 WHERE pt.tag_id = t.id AND pt.deleted_at IS NULL AND p.deleted_at IS NULL) AS passages,
	a.name AS author, t.created_at, t.updated_at
FROM tags t JOIN authors a ON a.id = t.author_id
LEFT JOIN tags parent ON parent.id = t.parent_id
WHERE t.deleted_at IS NULL;

CREATE VIEW passages_v AS
SELECT p.id, d.title AS document, p.start_offset AS "start", p.end_offset AS "end", p.quote,
	(SELECT group_concat(name, '; ') FROM (
		SELECT t.name FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
		WHERE pt.passage_id = p.id AND pt.deleted_at IS NULL AND t.deleted_at IS NULL
		ORDER BY pt.created_at)) AS tags,
	n.body AS note, a.name AS author, p.provenance, p.created_at, p.updated_at
FROM passages p
JOIN documents d ON d.id = p.document_id
JOIN authors a ON a.id = p.author_id
LEFT JOIN notes n ON n.passage_id = p.id AND n.deleted_at IS NULL
WHERE p.deleted_at IS NULL AND d.deleted_at IS NULL;
