-- 008_memos_attributes.sql: memos, document attributes, reconciliation of
-- coders' disagreements, and what each coder had. Same conventions as 001:
-- UUIDs, an author, UTC times, tombstones.

-- A code's memo: its long form, beside the one-line description. Like a
-- document's memo (007) it has its own author and time, and merges keep the one
-- written last independently of the code's other metadata.
ALTER TABLE tags ADD COLUMN memo TEXT NOT NULL DEFAULT '' CHECK (length(memo) <= 100000);
ALTER TABLE tags ADD COLUMN memo_author_id INTEGER REFERENCES authors (id);
ALTER TABLE tags ADD COLUMN memo_updated_at TEXT CHECK (memo = '' OR memo_updated_at IS NOT NULL);

-- The project journal: dated entries.
CREATE TABLE journal (
	id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	entry_date TEXT NOT NULL CHECK (entry_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	title      TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200 AND instr(title, char(10)) = 0),
	body       TEXT NOT NULL CHECK (length(body) <= 100000),
	author_id  INTEGER NOT NULL REFERENCES authors (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX journal_date ON journal (entry_date, created_at);

-- Researcher-defined attributes of documents (outlet type, country,
-- stance...). choices is a JSON array of the values a choice offers.
CREATE TABLE attributes (
	id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	kind       TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
	choices    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(choices) AND json_type(choices) = 'array'
		AND (kind = 'choice') = (json_array_length(choices) > 0)),
	sort_order INTEGER NOT NULL DEFAULT 0,
	author_id  INTEGER NOT NULL REFERENCES authors (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE UNIQUE INDEX attributes_live_name ON attributes (name COLLATE NOCASE) WHERE deleted_at IS NULL;

-- A document's value of an attribute, normalized for its kind (numbers in
-- their shortest form, dates as YYYY-MM-DD, YYYY-MM or YYYY). Clearing a
-- value tombstones it, so that merges carry the clearing too.
CREATE TABLE document_attributes (
	document_id  TEXT NOT NULL REFERENCES documents (id),
	attribute_id TEXT NOT NULL REFERENCES attributes (id),
	value        TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 1000 AND instr(value, char(10)) = 0),
	author_id    INTEGER NOT NULL REFERENCES authors (id),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	PRIMARY KEY (document_id, attribute_id)
) WITHOUT ROWID;
CREATE INDEX document_attributes_attribute ON document_attributes (attribute_id, deleted_at, document_id);

-- A decision on a disagreement between two coders about one code in one
-- stretch of a document: whose version stands ('a', 'b', 'both') or the
-- range the code was put on instead ('edit'). passages_a and passages_b
-- (JSON arrays of passage IDs) are the two versions decided on; changes
-- (JSON) what the decision did to the coding, so that it can be undone and
-- agreement still be measured on the coding as the coders made it.
CREATE TABLE reconciliations (
	id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
	disagreement TEXT NOT NULL CHECK (length(disagreement) = 32),
	document_id  TEXT NOT NULL REFERENCES documents (id),
	tag_id       TEXT NOT NULL REFERENCES tags (id),
	coder_a      INTEGER NOT NULL REFERENCES authors (id),
	coder_b      INTEGER NOT NULL REFERENCES authors (id),
	passages_a   TEXT NOT NULL CHECK (json_valid(passages_a) AND json_type(passages_a) = 'array'),
	passages_b   TEXT NOT NULL CHECK (json_valid(passages_b) AND json_type(passages_b) = 'array'),
	decision     TEXT NOT NULL CHECK (decision IN ('a', 'b', 'both', 'edit')),
	start_offset INTEGER,
	end_offset   INTEGER,
	note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 100000),
	changes      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(changes) AND json_type(changes) = 'object'),
	author_id    INTEGER NOT NULL REFERENCES authors (id),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	CHECK (coder_a != coder_b),
	CHECK ((decision = 'edit') = (start_offset IS NOT NULL AND end_offset IS NOT NULL)),
	CHECK (start_offset IS NULL OR start_offset >= 0 AND end_offset > start_offset)
);
CREATE INDEX reconciliations_disagreement ON reconciliations (disagreement, deleted_at);

-- What each coder had: the documents and codes that were in their copy of
-- the project while they coded, so that agreement compares two coders
-- over what both had, not over documents one of them never saw. Recorded
-- when a coder first codes in a session; merged as a union.
CREATE TABLE coder_holdings (
	author_id INTEGER NOT NULL REFERENCES authors (id),
	kind      TEXT NOT NULL CHECK (kind IN ('document', 'tag')),
	item_id   TEXT NOT NULL CHECK (length(item_id) = 36),
	first_at  TEXT NOT NULL,
	PRIMARY KEY (author_id, kind, item_id)
) WITHOUT ROWID;

-- Where each code's passages are, for code queries: a row per live tag
-- application on a live passage, in (tag, document, start) order, so that
-- a code's passages are one range of the index, read in document order.
-- Kept by triggers, like tag_document_counts (004); whether the tag and
-- the document are live is checked when reading.
CREATE TABLE tag_spans (
	tag_id       TEXT NOT NULL,
	document_id  TEXT NOT NULL,
	start_offset INTEGER NOT NULL,
	end_offset   INTEGER NOT NULL,
	passage_id   TEXT NOT NULL,
	author_id    INTEGER NOT NULL,
	PRIMARY KEY (tag_id, document_id, start_offset, passage_id)
) WITHOUT ROWID;

CREATE TRIGGER spans_tag_insert AFTER INSERT ON passage_tags WHEN NEW.deleted_at IS NULL BEGIN
	INSERT OR IGNORE INTO tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)
	SELECT NEW.tag_id, p.document_id, p.start_offset, p.end_offset, p.id, p.author_id
	FROM passages p WHERE p.id = NEW.passage_id AND p.deleted_at IS NULL;
END;

CREATE TRIGGER spans_tag_update AFTER UPDATE OF passage_id, tag_id, deleted_at ON passage_tags BEGIN
	DELETE FROM tag_spans WHERE tag_id = OLD.tag_id AND passage_id = OLD.passage_id
		AND document_id = (SELECT p.document_id FROM passages p WHERE p.id = OLD.passage_id)
		AND start_offset = (SELECT p.start_offset FROM passages p WHERE p.id = OLD.passage_id);
	INSERT OR IGNORE INTO tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)
	SELECT NEW.tag_id, p.document_id, p.start_offset, p.end_offset, p.id, p.author_id
	FROM passages p WHERE NEW.deleted_at IS NULL AND p.id = NEW.passage_id AND p.deleted_at IS NULL;
END;

CREATE TRIGGER spans_tag_delete AFTER DELETE ON passage_tags BEGIN
	DELETE FROM tag_spans WHERE tag_id = OLD.tag_id AND passage_id = OLD.passage_id
		AND document_id = (SELECT p.document_id FROM passages p WHERE p.id = OLD.passage_id)
		AND start_offset = (SELECT p.start_offset FROM passages p WHERE p.id = OLD.passage_id);
END;

CREATE TRIGGER spans_passage_update AFTER UPDATE OF document_id, start_offset, end_offset, deleted_at, author_id ON passages
WHEN OLD.document_id IS NOT NEW.document_id OR OLD.start_offset IS NOT NEW.start_offset OR OLD.end_offset IS NOT NEW.end_offset
	OR (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) OR OLD.author_id IS NOT NEW.author_id BEGIN
	DELETE FROM tag_spans WHERE passage_id = OLD.id AND document_id = OLD.document_id AND start_offset = OLD.start_offset
		AND tag_id IN (SELECT pt.tag_id FROM passage_tags pt WHERE pt.passage_id = OLD.id);
	INSERT OR IGNORE INTO tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)
	SELECT pt.tag_id, NEW.document_id, NEW.start_offset, NEW.end_offset, NEW.id, NEW.author_id
	FROM passage_tags pt WHERE NEW.deleted_at IS NULL AND pt.passage_id = NEW.id AND pt.deleted_at IS NULL;
END;

CREATE TRIGGER spans_passage_delete AFTER DELETE ON passages BEGIN
	DELETE FROM tag_spans WHERE passage_id = OLD.id AND document_id = OLD.document_id AND start_offset = OLD.start_offset
		AND tag_id IN (SELECT pt.tag_id FROM passage_tags pt WHERE pt.passage_id = OLD.id);
END;

-- Projects created before this schema already hold passages.
INSERT INTO tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)
SELECT pt.tag_id, p.document_id, p.start_offset, p.end_offset, p.id, p.author_id
FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL;

-- Memos and journal entries are found by the project search: an FTS5
-- index of their own, kept by triggers, beside the one of documents and
-- notes. memo_search_keys gives each memo a stable rowid.
CREATE TABLE memo_search_keys (
	id        INTEGER PRIMARY KEY,
	kind      TEXT NOT NULL CHECK (kind IN ('document', 'code', 'journal')),
	target_id TEXT NOT NULL CHECK (length(target_id) = 36),
	UNIQUE (kind, target_id)
);

CREATE VIRTUAL TABLE memo_search USING fts5 (
	subject,
	body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
INSERT INTO memo_search (memo_search, rank) VALUES ('rank', 'bm25(5.0, 1.0)');

CREATE TRIGGER memo_search_code_insert AFTER INSERT ON tags WHEN NEW.memo != '' BEGIN
	INSERT INTO memo_search_keys (kind, target_id) VALUES ('code', NEW.id) ON CONFLICT DO NOTHING;
	INSERT INTO memo_search (rowid, subject, body)
	VALUES ((SELECT id FROM memo_search_keys WHERE kind = 'code' AND target_id = NEW.id), NEW.name, NEW.memo);
END;

CREATE TRIGGER memo_search_code_update AFTER UPDATE OF id, name, memo ON tags
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.memo IS NOT NEW.memo BEGIN
	DELETE FROM memo_search WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'code' AND target_id = OLD.id);
	DELETE FROM memo_search_keys WHERE kind = 'code' AND target_id = OLD.id AND NEW.memo = '';
	UPDATE memo_search_keys SET target_id = NEW.id WHERE kind = 'code' AND target_id = OLD.id;
	INSERT INTO memo_search_keys (kind, target_id) SELECT 'code', NEW.id WHERE NEW.memo != '' ON CONFLICT DO NOTHING;
	INSERT INTO memo_search (rowid, subject, body)
	SELECT id, NEW.name, NEW.memo FROM memo_search_keys WHERE kind = 'code' AND target_id = NEW.id AND NEW.memo != '';
END;

CREATE TRIGGER memo_search_code_delete AFTER DELETE ON tags BEGIN
	DELETE FROM memo_search WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'code' AND target_id = OLD.id);
	DELETE FROM memo_search_keys WHERE kind = 'code' AND target_id = OLD.id;
END;

CREATE TRIGGER memo_search_document_insert AFTER INSERT ON documents WHEN NEW.memo != '' BEGIN
	INSERT INTO memo_search_keys (kind, target_id) VALUES ('document', NEW.id) ON CONFLICT DO NOTHING;
	INSERT INTO memo_search (rowid, subject, body)
	VALUES ((SELECT id FROM memo_search_keys WHERE kind = 'document' AND target_id = NEW.id), NEW.title, NEW.memo);
END;

CREATE TRIGGER memo_search_document_update AFTER UPDATE OF id, title, memo ON documents
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.memo IS NOT NEW.memo BEGIN
	DELETE FROM memo_search WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'document' AND target_id = OLD.id);
	DELETE FROM memo_search_keys WHERE kind = 'document' AND target_id = OLD.id AND NEW.memo = '';
	UPDATE memo_search_keys SET target_id = NEW.id WHERE kind = 'document' AND target_id = OLD.id;
	INSERT INTO memo_search_keys (kind, target_id) SELECT 'document', NEW.id WHERE NEW.memo != '' ON CONFLICT DO NOTHING;
	INSERT INTO memo_search (rowid, subject, body)
	SELECT id, NEW.title, NEW.memo FROM memo_search_keys WHERE kind = 'document' AND target_id = NEW.id AND NEW.memo != '';
END;

CREATE TRIGGER memo_search_document_delete AFTER DELETE ON documents BEGIN
	DELETE FROM memo_search WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'document' AND target_id = OLD.id);
	DELETE FROM memo_search_keys WHERE kind = 'document' AND target_id = OLD.id;
END;

-- Document memos written before this schema.
INSERT INTO memo_search_keys (kind, target_id) SELECT 'document', id FROM documents WHERE memo != '' ORDER BY rowid;
INSERT INTO memo_search (rowid, subject, body)
SELECT k.id, d.title, d.memo FROM memo_search_keys k JOIN documents d ON d.id = k.target_id WHERE k.kind = 'document';

CREATE TRIGGER memo_search_journal_insert AFTER INSERT ON journal BEGIN
	INSERT INTO memo_search_keys (kind, target_id) VALUES ('journal', NEW.id) ON CONFLICT DO NOTHING;
	INSERT INTO memo_search (rowid, subject, body)
	VALUES ((SELECT id FROM memo_search_keys WHERE kind = 'journal' AND target_id = NEW.id), NEW.title, NEW.body);
END;

CREATE TRIGGER memo_search_journal_update AFTER UPDATE OF id, title, body ON journal
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body BEGIN
	DELETE FROM memo_search WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'journal' AND target_id = OLD.id);
	UPDATE memo_search_keys SET target_id = NEW.id WHERE kind = 'journal' AND target_id = OLD.id;
	INSERT INTO memo_search (rowid, subject, body)
	VALUES ((SELECT id FROM memo_search_keys WHERE kind = 'journal' AND target_id = NEW.id), NEW.title, NEW.body);
END;

CREATE TRIGGER memo_search_journal_delete AFTER DELETE ON journal BEGIN
	DELETE FROM memo_search WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'journal' AND target_id = OLD.id);
	DELETE FROM memo_search_keys WHERE kind = 'journal' AND target_id = OLD.id;
END;

-- Read-only views for colleagues who open the file with sqlite3 or DB Browser.

CREATE VIEW journal_v AS
SELECT j.id, j.entry_date AS date, j.title, j.body, a.name AS author, j.created_at, j.updated_at
FROM journal j JOIN authors a ON a.id = j.author_id
WHERE j.deleted_at IS NULL;

CREATE VIEW memos_v AS
SELECT 'document' AS kind, d.title AS subject, d.memo AS memo, a.name AS author, d.memo_updated_at AS updated_at
FROM documents d LEFT JOIN authors a ON a.id = d.memo_author_id
WHERE d.deleted_at IS NULL AND d.memo != ''
UNION ALL
SELECT 'code', t.name, t.memo, a.name, t.memo_updated_at
FROM tags t LEFT JOIN authors a ON a.id = t.memo_author_id
WHERE t.deleted_at IS NULL AND t.memo != ''
UNION ALL
SELECT 'journal', j.entry_date || CASE WHEN j.title = '' THEN '' ELSE ' ' || j.title END, j.body, a.name, j.updated_at
FROM journal j JOIN authors a ON a.id = j.author_id
WHERE j.deleted_at IS NULL;

CREATE VIEW attributes_v AS
SELECT at.id, at.name, at.kind, at.choices,
	(SELECT count(*) FROM document_attributes v JOIN documents d ON d.id = v.document_id
	 WHERE v.attribute_id = at.id AND v.deleted_at IS NULL AND d.deleted_at IS NULL) AS documents,
	a.name AS author, at.created_at, at.updated_at
FROM attributes at JOIN authors a ON a.id = at.author_id
WHERE at.deleted_at IS NULL;

CREATE VIEW document_attributes_v AS
SELECT d.title AS document, at.name AS attribute, v.value, a.name AS author, v.updated_at, d.id AS document_id
FROM document_attributes v
JOIN documents d ON d.id = v.document_id
JOIN attributes at ON at.id = v.attribute_id
JOIN authors a ON a.id = v.author_id
WHERE v.deleted_at IS NULL AND d.deleted_at IS NULL AND at.deleted_at IS NULL;

CREATE VIEW reconciliations_v AS
SELECT r.id, d.title AS document, t.name AS tag, ca.name AS coder_a, cb.name AS coder_b,
	CASE r.decision WHEN 'a' THEN ca.name || '''s version' WHEN 'b' THEN cb.name || '''s version'
		WHEN 'both' THEN 'both versions' ELSE 'edited' END AS decision,
	r.start_offset AS "start", r.end_offset AS "end", r.note, a.name AS decided_by, r.created_at, r.updated_at
FROM reconciliations r
JOIN documents d ON d.id = r.document_id
JOIN tags t ON t.id = r.tag_id
JOIN authors ca ON ca.id = r.coder_a
JOIN authors cb ON cb.id = r.coder_b
JOIN authors a ON a.id = r.author_id
WHERE r.deleted_at IS NULL;
