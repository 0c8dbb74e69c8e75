-- 001_init.sql: the first Gloss schema.
-- Every entity has a UUID (merging colleagues' files), created_at/updated_at
-- (UTC, ISO 8601 with microseconds, so text order is time order), an author,
-- and deleted_at as a tombstone instead of row removal.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY NOT NULL,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE authors (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	created_at TEXT NOT NULL
);

CREATE TABLE documents (
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
	text       TEXT NOT NULL -- last, so listings never read it
);
CREATE UNIQUE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_live ON documents (id, deleted_at);

CREATE TABLE tags (
	id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	color       TEXT NOT NULL CHECK (color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]'),
	description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
	parent_id   TEXT REFERENCES tags (id),
	sort_order  INTEGER NOT NULL DEFAULT 0,
	author_id   INTEGER NOT NULL REFERENCES authors (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE UNIQUE INDEX tags_live_name ON tags (name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE passages (
	id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	document_id  TEXT NOT NULL REFERENCES documents (id),
	start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
	end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
	quote        TEXT NOT NULL CHECK (length(quote) >= 1),
	prefix       TEXT NOT NULL DEFAULT '' CHECK (length(prefix) <= 64),
	suffix       TEXT NOT NULL DEFAULT '' CHECK (length(suffix) <= 64),
	provenance   TEXT NOT NULL DEFAULT 'manual' CHECK (provenance IN ('manual', 'auto', 'import')),
	author_id    INTEGER NOT NULL REFERENCES authors (id),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT
) WITHOUT ROWID; -- rows stored in id order: reading a passage by id is one b-tree search, not two
CREATE INDEX passages_document ON passages (document_id, deleted_at, start_offset);
-- A covering index for the liveness joins behind every count, so they
-- never read the wide rows.
CREATE INDEX passages_live ON passages (id, deleted_at, document_id);

CREATE TABLE passage_tags (
	passage_id TEXT NOT NULL REFERENCES passages (id),
	tag_id     TEXT NOT NULL REFERENCES tags (id),
	author_id  INTEGER NOT NULL REFERENCES authors (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	PRIMARY KEY (passage_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX passage_tags_tag ON passage_tags (tag_id, deleted_at, passage_id);

CREATE TABLE notes (
	id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	passage_id TEXT NOT NULL UNIQUE REFERENCES passages (id),
	body       TEXT NOT NULL CHECK (length(body) <= 100000),
	author_id  INTEGER NOT NULL REFERENCES authors (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);

-- Read-only views for colleagues who open the file with sqlite3 or DB Browser.

CREATE VIEW documents_v AS
SELECT d.id, d.title, d.outlet, d.byline AS author, d.published, d.url, d.source, d.length,
	(SELECT count(*) FROM passages p WHERE p.document_id = d.id AND p.deleted_at IS NULL) AS passages,
	a.name AS added_by, d.created_at, d.updated_at
FROM documents d JOIN authors a ON a.id = d.author_id
WHERE d.deleted_at IS NULL;

CREATE VIEW tags_v AS
SELECT t.id, t.name, t.color, t.description, parent.name AS parent,
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
