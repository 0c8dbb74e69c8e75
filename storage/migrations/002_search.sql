-- 002_search.sql: full-text search over document titles and texts and over notes.
--
-- search is an external-content FTS5 index: it stores only the index, and
-- reads titles, texts and note bodies through the search_content view, so no
-- text is stored twice. FTS5 needs a stable integer key per indexed row, which
-- the UUID-keyed documents and notes tables lack (their implicit rowids may
-- change on VACUUM), hence search_keys. Triggers keep the index in step with
-- every insert, edit (a merge may even change a note's id) and removal,
-- whoever makes it (the app, a merge, an import). Tombstoned rows stay indexed: queries join back to their live rows,
-- so a deleted document drops out of results and comes back on restore
-- without reindexing.

CREATE TABLE search_keys (
	id          INTEGER PRIMARY KEY,
	document_id TEXT UNIQUE,
	note_id     TEXT UNIQUE,
	CHECK ((document_id IS NULL) != (note_id IS NULL))
);

CREATE VIEW search_content AS
SELECT k.id AS id, d.title AS title, d.text AS body
FROM search_keys k JOIN documents d ON d.id = k.document_id
UNION ALL
SELECT k.id AS id, '' AS title, n.body AS body
FROM search_keys k JOIN notes n ON n.id = k.note_id;

CREATE VIRTUAL TABLE search USING fts5 (
	title,
	body,
	content = 'search_content',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
-- Rank by bm25 with a word in a title weighing five in a text.
INSERT INTO search (search, rank) VALUES ('rank', 'bm25(5.0, 1.0)');

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

CREATE TRIGGER search_note_insert AFTER INSERT ON notes BEGIN
	INSERT INTO search_keys (note_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
	INSERT INTO search (rowid, title, body)
	VALUES ((SELECT id FROM search_keys WHERE note_id = NEW.id), '', NEW.body);
END;

CREATE TRIGGER search_note_update AFTER UPDATE OF id, body ON notes
WHEN OLD.id IS NOT NEW.id OR OLD.body IS NOT NEW.body BEGIN
	INSERT INTO search (search, rowid, title, body)
	VALUES ('delete', (SELECT id FROM search_keys WHERE note_id = OLD.id), '', OLD.body);
	UPDATE search_keys SET note_id = NEW.id WHERE note_id = OLD.id;
	INSERT INTO search (rowid, title, body)
	VALUES ((SELECT id FROM search_keys WHERE note_id = NEW.id), '', NEW.body);
END;

CREATE TRIGGER search_note_delete AFTER DELETE ON notes BEGIN
	INSERT INTO search (search, rowid, title, body)
	VALUES ('delete', (SELECT id FROM search_keys WHERE note_id = OLD.id), '', OLD.body);
	DELETE FROM search_keys WHERE note_id = OLD.id;
END;

-- Projects created before this schema already hold documents and notes.
INSERT INTO search_keys (document_id) SELECT id FROM documents ORDER BY created_at, id;
INSERT INTO search_keys (note_id) SELECT id FROM notes ORDER BY created_at, id;
INSERT INTO search (search) VALUES ('rebuild');
