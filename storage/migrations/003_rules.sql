-- 003_rules.sql: auto-coding rules. A rule proposes passages with its tag
-- wherever its pattern (words and phrases, or an RE2 regular expression)
-- matches, covering the match, its sentence or its paragraph. Same
-- conventions as 001: UUIDs, author, UTC times, tombstones.

CREATE TABLE rules (
	id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	pattern    TEXT NOT NULL CHECK (length(pattern) BETWEEN 1 AND 10000),
	kind       TEXT NOT NULL CHECK (kind IN ('words', 'regex')),
	tag_id     TEXT NOT NULL REFERENCES tags (id),
	scope      TEXT NOT NULL CHECK (scope IN ('match', 'sentence', 'paragraph')),
	author_id  INTEGER NOT NULL REFERENCES authors (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE UNIQUE INDEX rules_live_name ON rules (name COLLATE NOCASE) WHERE deleted_at IS NULL;

CREATE VIEW rules_v AS
SELECT r.id, r.name, r.kind, r.pattern, t.name AS tag, r.scope, a.name AS author, r.created_at, r.updated_at
FROM rules r JOIN tags t ON t.id = r.tag_id JOIN authors a ON a.id = r.author_id
WHERE r.deleted_at IS NULL;
