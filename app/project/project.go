// Package project creates Gloss projects: empty ones, and ones seeded with
// the sample articles and the seed codebook that ship in assets.
package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"gloss/annotate"
	"gloss/assets"
	"gloss/export/ingest"
	"gloss/storage"
)

// DefaultName is the file name of the project Gloss opens on first launch.
const DefaultName = "Geneva summit.gloss"

// DefaultPath returns where the default project lives: Gloss's folder in the
// user's data directory ($XDG_DATA_HOME, else ~/.local/share, on Linux).
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no home directory for the default project: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "gloss", DefaultName), nil
}

// Create makes a new project at path with the seed codebook and, when
// samples is true, the sample articles. Edits are stamped with author. A
// project that cannot be completed is removed rather than left half-made.
func Create(path string, samples bool, author string) (*storage.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	db, err := storage.Create(path)
	if err != nil {
		return nil, err
	}
	db.SetAuthor(author)
	if err := Seed(context.Background(), db, samples); err != nil {
		db.Close()
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
}

// Seed adds the seed codebook (codes already present by name are kept as
// they are), the auto-coding rules for it and, when samples is true, the
// sample articles.
func Seed(ctx context.Context, db *storage.DB, samples bool) error {
	codes, err := assets.Codebook()
	if err != nil {
		return err
	}
	for _, c := range codes {
		if _, err := db.TagByName(ctx, c.Name); err == nil {
			continue
		} else if annotate.ErrorCode(err) != annotate.ENOTFOUND {
			return err
		}
		tag := &annotate.Tag{Name: c.Name, Color: c.Color, Description: c.Description}
		if c.Parent != "" {
			parent, err := db.TagByName(ctx, c.Parent)
			if err != nil {
				return fmt.Errorf("seed code %q: %w", c.Name, err)
			}
			tag.ParentID = parent.ID
		}
		if err := db.CreateTag(ctx, tag); err != nil {
			return fmt.Errorf("seed code %q: %w", c.Name, err)
		}
	}
	if err := SeedRules(ctx, db); err != nil {
		return err
	}
	if !samples {
		return nil
	}
	return SeedSamples(ctx, db)
}

// SeedSamples imports the sample articles with their metadata.
func SeedSamples(ctx context.Context, db *storage.DB) error {
	ss, err := assets.Samples()
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range ss {
		doc, err := ingest.Bytes(s.File, s.Data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range []struct {
			dst *string
			v   string
		}{
			{&doc.Title, s.Title}, {&doc.Outlet, s.Outlet}, {&doc.Byline, s.Byline}, {&doc.Published, s.Published}, {&doc.URL, s.URL},
		} {
			if f.v != "" {
				*f.dst = f.v
			}
		}
		if _, err := db.CreateDocument(ctx, doc); err != nil {
			errs = append(errs, fmt.Errorf("sample %s: %w", s.File, err))
		}
	}
	return errors.Join(errs...)
}
