-- 005_document_direction.sql: the paragraph direction a document is read
-- in. '' takes each paragraph's from its first strong character (the
-- Unicode Bidirectional Algorithm's default); 'ltr' and 'rtl' set it, for
-- the rare article whose paragraphs start with a word in the other script.
-- It is document metadata: merged and copied like the title.
ALTER TABLE documents ADD COLUMN direction TEXT NOT NULL DEFAULT '' CHECK (direction IN ('', 'ltr', 'rtl'));
