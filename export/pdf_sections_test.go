package export_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"gloss/export"
)

// TestPDFCancelMidSection cancels a briefing while its quotations are
// drawn, with their layout running ahead on a goroutine of its own: the
// export stops at the next quotation with the context's error and writes
// nothing, and the next export is whole.
func TestPDFCancelMidSection(t *testing.T) {
	snap := memSnapshot(4, 300)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const at = 150
	last := 0
	opts := export.Options{Title: "Cancelled", Created: created, Progress: func(done, n int) {
		last = done
		if done == at {
			cancel()
		}
	}}
	var buf bytes.Buffer
	err := export.PDF(ctx, &buf, snap, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want %v", err, context.Canceled)
	}
	if buf.Len() > 0 || last != at {
		t.Errorf("%d bytes written, %d quotations drawn after cancelling at %d", buf.Len(), last, at)
	}

	opts.Progress = func(done, n int) { last = done }
	if err := export.PDF(context.Background(), &buf, snap, opts); err != nil {
		t.Fatal(err)
	}
	if last != len(snap.passages) || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("the next export drew %d of %d quotations, %d bytes", last, len(snap.passages), buf.Len())
	}
}
