package cli

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"

	"gloss/annotate"
	"gloss/app/settings"
	"gloss/storage"
)

// authorName returns the name to stamp on changes: the --author flag, else
// the name the app saved in Gloss's settings, else the OS user's name.
func authorName(flag string) string {
	if a := strings.TrimSpace(flag); a != "" {
		return a
	}
	if a := settings.Author(); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil {
		if name := strings.TrimSpace(strings.SplitN(u.Name, ",", 2)[0]); name != "" {
			return name
		}
		if u.Username != "" {
			return u.Username
		}
	}
	if a := os.Getenv("USER"); a != "" {
		return a
	}
	return "unknown"
}

// openProject opens an existing project, stamping changes with author
// (see authorName). A project an older version wrote is brought up to date
// as it opens; std.err says where the file as it was is kept.
func openProject(std streams, path, author string) (*storage.DB, error) {
	db, err := storage.Open(path)
	if err != nil {
		return nil, err
	}
	if b := db.Backup(); b != "" {
		fmt.Fprintf(std.err, "gloss: %s was brought up to the current format; the file as it was is kept as %s\n", path, b)
	}
	db.SetAuthor(authorName(author))
	return db, nil
}

// findDocuments resolves unique prefixes of document IDs to IDs.
func findDocuments(ctx context.Context, db *storage.DB, prefixes []string) ([]string, error) {
	var ids []string
	for _, p := range prefixes {
		d, err := db.FindDocument(ctx, p)
		if err != nil {
			return nil, err
		}
		ids = append(ids, d.ID)
	}
	return ids, nil
}

// findTags resolves tag names, ignoring case, listing the codebook when one
// is unknown.
func findTags(ctx context.Context, db *storage.DB, names []string) ([]*annotate.Tag, error) {
	var tags []*annotate.Tag
	for _, n := range names {
		t, err := db.TagByName(ctx, n)
		if annotate.ErrorCode(err) == annotate.ENOTFOUND {
			all, _ := db.Tags(ctx)
			var known []string
			for _, t := range all {
				known = append(known, t.Name)
			}
			return nil, fmt.Errorf("no code named %q (the codebook has: %s)", n, strings.Join(known, ", "))
		} else if err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, nil
}

// tagIDs resolves tag names to IDs (see findTags).
func tagIDs(ctx context.Context, db *storage.DB, names []string) ([]string, error) {
	tags, err := findTags(ctx, db, names)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range tags {
		ids = append(ids, t.ID)
	}
	return ids, nil
}

// names maps tag IDs to names and document IDs to titles.
func names(ctx context.Context, db *storage.DB) (tags, titles map[string]string, err error) {
	ts, err := db.Tags(ctx)
	if err != nil {
		return nil, nil, err
	}
	tags = map[string]string{}
	for _, t := range ts {
		tags[t.ID] = t.Name
	}
	ds, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, nil, err
	}
	titles = map[string]string{}
	for _, d := range ds {
		titles[d.ID] = d.Title
	}
	return tags, titles, nil
}

// plural returns "1 file" or "3 files", its digits grouped as the
// window writes counts ("12,000 files").
func plural(n int, one, many string) string { return annotate.Count(n, one, many) }

// oneLine folds line breaks so a value prints on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
