package export_test

import (
	"bytes"
	"context"
	"testing"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
)

var _ export.PassageStreamer = (*storage.DB)(nil)

// wholeSource is a project read only through Source: its passages come
// whole from Passages, as from a Source that cannot stream them.
type wholeSource struct{ db *storage.DB }

func (s wholeSource) Documents(ctx context.Context, f annotate.DocumentFilter) ([]*annotate.Document, error) {
	return s.db.Documents(ctx, f)
}
func (s wholeSource) Document(ctx context.Context, id string) (*annotate.Document, error) {
	return s.db.Document(ctx, id)
}
func (s wholeSource) Tags(ctx context.Context) ([]*annotate.Tag, error) { return s.db.Tags(ctx) }
func (s wholeSource) Passages(ctx context.Context, f annotate.PassageFilter) ([]*annotate.Passage, error) {
	return s.db.Passages(ctx, f)
}

// TestCSVStreamsAsItListsWhole: the CSV export of a project that streams
// its passages (storage's DB) is byte for byte the export of the same
// passages read whole, for every scope, and its progress ends at the
// number of passages written.
func TestCSVStreamsAsItListsWhole(t *testing.T) {
	ctx := context.Background()
	db, docs, _ := seedProject(t)
	for _, opts := range []export.Options{
		{},
		{BOM: true},
		{Tags: []string{"Ukraine"}},
		{Documents: []string{docs[0].ID, docs[2].ID}},
		{Authors: []string{"Nobody"}},
	} {
		var streamed, whole bytes.Buffer
		var last, total int
		opts.Progress = func(done, n int) { last, total = done, n }
		if err := export.CSV(ctx, &streamed, db, opts); err != nil {
			t.Fatal(err)
		}
		opts.Progress = nil
		if err := export.CSV(ctx, &whole, wholeSource{db}, opts); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Errorf("%+v: streamed\n%s\nwhole\n%s", opts, streamed.String(), whole.String())
		}
		n, err := db.CountPassages(ctx, annotate.PassageFilter{Authors: opts.Authors, DocumentIDs: opts.Documents})
		if err != nil {
			t.Fatal(err)
		}
		if len(opts.Tags) == 0 && (last != n || total != n) {
			t.Errorf("%+v: progress ended at %d of %d, want %d of %d", opts, last, total, n, n)
		}
		if bytes.Count(whole.Bytes(), []byte("\n")) < 2 && len(opts.Authors) == 0 {
			t.Errorf("%+v: the export is empty", opts)
		}
	}
}
