-- 006_originals.sql: the files documents were imported from (PDFs), kept so
-- that the app can show the page a passage came from. A file is stored once
-- by the SHA-256 of its bytes, however many documents it was read into;
-- document_originals says which file each document came from (at most
-- one). Files are immutable: no updated_at, no tombstone. A file no live
-- document uses is left out of a saved copy, and a copy can leave every
-- file out (see CopyOptions.DropOriginals).

CREATE TABLE originals (
	sha256     TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
	media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf')),
	size       INTEGER NOT NULL CHECK (size BETWEEN 1 AND 52428800),
	created_at TEXT NOT NULL,
	data       BLOB NOT NULL CHECK (length(data) = size) -- last, so listings never read it
);

CREATE TABLE document_originals (
	document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents (id),
	sha256      TEXT NOT NULL REFERENCES originals (sha256),
	name        TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 1000),
	author_id   INTEGER NOT NULL REFERENCES authors (id),
	created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX document_originals_sha256 ON document_originals (sha256);
