-- 010_tag_shortcuts.sql: the key, 1 to 9, that applies a tag in the
-- reading view, kept with the tag so that nesting or reordering the
-- codebook never moves it; NULL for none. A new tag takes the lowest key
-- no live tag holds. Merged with the tag's other metadata; where a merge
-- leaves two live tags on one key, the later-changed tag keeps it.
--
-- Projects from before take the keys the codebook showed: the first nine
-- live tags that can be applied (grouping codes, 007, have no key), each
-- right after the tag it is nested under.
ALTER TABLE tags ADD COLUMN shortcut INTEGER CHECK (shortcut BETWEEN 1 AND 9);

WITH RECURSIVE tree(id, path) AS (
	SELECT id, printf('%012d', sort_order + 100000000000) || '|' || lower(name) FROM tags
	WHERE deleted_at IS NULL AND (parent_id IS NULL OR parent_id NOT IN (SELECT id FROM tags WHERE deleted_at IS NULL))
	UNION ALL
	SELECT t.id, tree.path || '/' || printf('%012d', t.sort_order + 100000000000) || '|' || lower(t.name)
	FROM tags t JOIN tree ON t.parent_id = tree.id WHERE t.deleted_at IS NULL
), ranked AS (SELECT tree.id, row_number() OVER (ORDER BY path) AS n FROM tree JOIN tags t ON t.id = tree.id WHERE t.codable = 1)
UPDATE tags SET shortcut = (SELECT n FROM ranked WHERE ranked.id = tags.id)
WHERE id IN (SELECT id FROM ranked WHERE n <= 9);
