package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/export/webanno"
	"gloss/storage"
)

// exportFormat is one format of gloss export.
type exportFormat struct {
	ext string // the usual file extension, with its dot
	// write writes the project to w and returns a summary for people.
	write func(ctx context.Context, db *storage.DB, w io.Writer) (summary string, err error)
}

// exportFormats are the formats gloss export writes, by name.
var exportFormats = map[string]*exportFormat{
	"json": {ext: ".jsonld", write: exportWebAnnotations},
	"qdpx": {ext: ".qdpx", write: exportQDPX},
	"qdc":  {ext: ".qdc", write: exportQDC},
}

// projectName is the project's file name without its extension.
func projectName(db *storage.DB) string {
	base := filepath.Base(db.Path())
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// exportWebAnnotations writes every passage as a W3C Web Annotation, the
// whole project as one AnnotationCollection.
func exportWebAnnotations(ctx context.Context, db *storage.DB, w io.Writer) (string, error) {
	col, err := webanno.Build(ctx, db, webanno.Options{Label: projectName(db)})
	if err != nil {
		return "", err
	}
	if err := webanno.Write(w, col); err != nil {
		return "", err
	}
	return plural(col.Total, "annotation", "annotations") + " (W3C Web Annotation, JSON-LD)", nil
}

// exportQDPX writes the project as a REFI-QDA project.
func exportQDPX(ctx context.Context, db *storage.DB, w io.Writer) (string, error) {
	if err := qdpx.Export(ctx, db, w, qdpx.Options{Name: projectName(db)}); err != nil {
		return "", err
	}
	return counts(ctx, db) + " (REFI-QDA project)", nil
}

// exportQDC writes the codebook as a REFI-QDA codebook.
func exportQDC(ctx context.Context, db *storage.DB, w io.Writer) (string, error) {
	if err := qdpx.ExportCodebook(ctx, db, w); err != nil {
		return "", err
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		return "", err
	}
	return plural(len(tags), "code", "codes") + " (REFI-QDA codebook)", nil
}

func counts(ctx context.Context, db *storage.DB) string {
	docs, err1 := db.Documents(ctx, annotate.DocumentFilter{})
	tags, err2 := db.Tags(ctx)
	ps, err3 := db.Passages(ctx, annotate.PassageFilter{})
	if err1 != nil || err2 != nil || err3 != nil {
		return "project"
	}
	return fmt.Sprintf("%s, %s, %s", plural(len(docs), "document", "documents"), plural(len(tags), "code", "codes"), plural(len(ps), "passage", "passages"))
}
