-- 009_briefings.sql: briefings for decision makers, saved in the project.
-- A briefing has its cover (title, subtitle, audience, date, who prepared
-- it), the analyst's executive summary (Markdown), its scope and whether
-- it has an annex; a finding per code (briefing_findings) and its key
-- quotes (briefing_quotes: passages starred for it, ordered by position,
-- each quoted under a chosen code or, with tag_id NULL, its first code in
-- scope). Same conventions as 001: UUIDs, author, UTC times, tombstones. A
-- finding or a star is one row per briefing and code or passage: removing
-- it tombstones the row, setting it again brings the row back, so that two
-- colleagues' changes merge row by row, the later winning.

CREATE TABLE briefings (
	id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	title       TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 1000),
	subtitle    TEXT NOT NULL DEFAULT '' CHECK (length(subtitle) <= 1000),
	audience    TEXT NOT NULL DEFAULT '' CHECK (length(audience) <= 1000),
	date        TEXT NOT NULL DEFAULT '' CHECK (date = '' OR date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	prepared_by TEXT NOT NULL DEFAULT '' CHECK (length(prepared_by) <= 1000),
	summary     TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 100000),
	-- {"tags": [ids], "documents": [ids], "coders": [names], "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}
	scope       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scope) AND json_type(scope) = 'object' AND length(scope) <= 1000000),
	annex       INTEGER NOT NULL DEFAULT 0 CHECK (annex IN (0, 1)),
	author_id   INTEGER NOT NULL REFERENCES authors (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE UNIQUE INDEX briefings_live_name ON briefings (name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE TABLE briefing_findings (
	id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	briefing_id TEXT NOT NULL REFERENCES briefings (id),
	tag_id      TEXT NOT NULL REFERENCES tags (id),
	body        TEXT NOT NULL CHECK (length(body) <= 100000),
	author_id   INTEGER NOT NULL REFERENCES authors (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT,
	UNIQUE (briefing_id, tag_id)
);

CREATE TABLE briefing_quotes (
	id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	briefing_id TEXT NOT NULL REFERENCES briefings (id),
	passage_id  TEXT NOT NULL REFERENCES passages (id),
	tag_id      TEXT REFERENCES tags (id),
	position    REAL NOT NULL CHECK (typeof(position) IN ('real', 'integer') AND position BETWEEN -1e15 AND 1e15),
	author_id   INTEGER NOT NULL REFERENCES authors (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT,
	UNIQUE (briefing_id, passage_id)
);
CREATE INDEX briefing_quotes_passage ON briefing_quotes (passage_id);

-- Read-only views for colleagues who open the file with sqlite3 or DB Browser.

CREATE VIEW briefings_v AS
SELECT b.id, b.name, b.title, b.subtitle, b.audience, b.date, b.prepared_by, b.summary, b.annex,
	(SELECT count(*) FROM briefing_findings f JOIN tags t ON t.id = f.tag_id
	 WHERE f.briefing_id = b.id AND f.deleted_at IS NULL AND t.deleted_at IS NULL) AS findings,
	(SELECT count(*) FROM briefing_quotes q JOIN passages p ON p.id = q.passage_id
	 WHERE q.briefing_id = b.id AND q.deleted_at IS NULL AND p.deleted_at IS NULL) AS key_quotes,
	a.name AS author, b.created_at, b.updated_at
FROM briefings b JOIN authors a ON a.id = b.author_id
WHERE b.deleted_at IS NULL;

CREATE VIEW briefing_findings_v AS
SELECT b.name AS briefing, t.name AS code, f.body AS finding, a.name AS author, f.updated_at
FROM briefing_findings f
JOIN briefings b ON b.id = f.briefing_id
JOIN tags t ON t.id = f.tag_id
JOIN authors a ON a.id = f.author_id
WHERE f.deleted_at IS NULL AND b.deleted_at IS NULL AND t.deleted_at IS NULL;

CREATE VIEW briefing_quotes_v AS
SELECT b.name AS briefing,
	(SELECT count(*) FROM briefing_quotes q2 JOIN passages p2 ON p2.id = q2.passage_id
	 WHERE q2.briefing_id = q.briefing_id AND q2.deleted_at IS NULL AND p2.deleted_at IS NULL
		AND (q2.position < q.position OR q2.position = q.position AND q2.passage_id < q.passage_id)) + 1 AS "order",
	d.title AS document, p.quote, t.name AS under, a.name AS starred_by, q.updated_at
FROM briefing_quotes q
JOIN briefings b ON b.id = q.briefing_id
JOIN passages p ON p.id = q.passage_id
JOIN documents d ON d.id = p.document_id
JOIN authors a ON a.id = q.author_id
LEFT JOIN tags t ON t.id = q.tag_id AND t.deleted_at IS NULL
WHERE q.deleted_at IS NULL AND b.deleted_at IS NULL AND p.deleted_at IS NULL AND d.deleted_at IS NULL;
