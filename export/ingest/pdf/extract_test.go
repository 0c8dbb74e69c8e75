package pdf

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"gloss/export/ingest/ingesttest"
)

// paragraphOf returns the paragraph of text that starts with prefix.
func paragraphOf(t *testing.T, text, prefix string) string {
	t.Helper()
	for _, p := range strings.Split(text, "\n\n") {
		if strings.HasPrefix(p, prefix) {
			return p
		}
	}
	t.Fatalf("no paragraph starts with %q in:\n%s", prefix, text)
	return ""
}

func TestArticle(t *testing.T) {
	x := extract(t, ingesttest.ArticlePDF())
	if x.Title != ingesttest.ArticleTitle || x.Author != ingesttest.ArticleAuthor || x.Date != "2021-06-16" {
		t.Errorf("metadata = %q, %q, %q", x.Title, x.Author, x.Date)
	}
	if x.Pages != 2 || x.Paragraphs != 14 {
		t.Errorf("%d pages, %d paragraphs; want 2 and 14", x.Pages, x.Paragraphs)
	}
	if !strings.HasPrefix(x.Text, "Biden and Putin Meet in Geneva\n\nPresident Joe Biden") {
		t.Errorf("text starts %q", x.Text[:80])
	}
	for _, want := range []string{
		// Lines joined, a hyphenated word rejoined, a compound kept.
		"Both sides described the summit as a step toward a more predictable international order. The Biden-Putin talks lasted less than four hours, shorter than expected.",
		// A paragraph over the page break, with the header and footer of
		// both pages taken out.
		ingesttest.LongParagraph,
		"Mr. Putin called Mr. Biden a seasoned statesman and said there had been no hostility between them.",
	} {
		if got := paragraphOf(t, x.Text, want[:30]); got != want {
			t.Errorf("paragraph\n got %q\nwant %q", got, want)
		}
	}
	for _, gone := range []string{"Geneva Review", "Page 1", "Page 2", "hos-"} {
		if strings.Contains(x.Text, gone) {
			t.Errorf("text holds %q", gone)
		}
	}
	wantRemoved := []string{
		"running header or footer “The Geneva Review - Summit Special” (2 pages)",
		"page numbers (2 pages)",
		"2 hyphenated line breaks joined",
	}
	if !slices.Equal(x.Removed, wantRemoved) {
		t.Errorf("removed %q\nwant %q", x.Removed, wantRemoved)
	}
}

func TestTwoColumns(t *testing.T) {
	x := extract(t, ingesttest.TwoColumnPDF())
	want := "Arms Control After Geneva\n\n" +
		"The two presidents agreed to start a dialogue on strategic stability, a first step toward a successor to the New START treaty.\n\n" +
		"Negotiators are expected to meet within months, and their work will continue through the winter in Geneva and Vienna.\n\n" +
		"Critics said the agreement was thin on detail and long on hope."
	if x.Text != want {
		t.Errorf("text\n got %q\nwant %q", x.Text, want)
	}
}

func TestXMP(t *testing.T) {
	x := extract(t, ingesttest.XMPPDF())
	if x.Title != "Summit Diplomacy Explained" || x.Author != "Ana Lima, Tom Berg" || x.Date != "2021-06-17" {
		t.Errorf("metadata = %q, %q, %q", x.Title, x.Author, x.Date)
	}
}

func TestRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"encrypted", ingesttest.EncryptedPDF(), ErrEncrypted},
		{"scanned", ingesttest.ScannedPDF(), ErrScanned},
		{"damaged", ingesttest.DamagedPDF(), ErrDamaged},
	} {
		_, err := Extract(context.Background(), rt, c.data, nil)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

func TestProgressAndCancel(t *testing.T) {
	data := ingesttest.LongPDF(6)
	var seen []int
	x, err := Extract(context.Background(), rt, data, func(done, total int) {
		if total != 6 {
			t.Errorf("total %d, want 6", total)
		}
		seen = append(seen, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, []int{1, 2, 3, 4, 5, 6}) || x.Pages != 6 {
		t.Errorf("progress %v over %d pages", seen, x.Pages)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Extract(ctx, rt, data, func(done, total int) {
		if done == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled extraction: error %v", err)
	}
}
