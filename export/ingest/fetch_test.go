package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"gloss/export/ingest"
	"gloss/export/ingest/ingesttest"
)

// fetchClock dates every fetch in these tests.
var fetchClock = func() time.Time { return time.Date(2021, 6, 17, 8, 30, 0, 0, time.UTC) }

func TestFetch(t *testing.T) {
	page, err := os.ReadFile("testdata/news/wire.html")
	if err != nil {
		t.Fatal(err)
	}
	pdfData := ingesttest.XMPPDF()
	mux := http.NewServeMux()
	mux.HandleFunc("/world/summit", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") == "" || !strings.Contains(r.Header.Get("Accept"), "text/html") {
			http.Error(w, "no agent", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/world/summit", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdfData)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	o := ingest.Options{Now: fetchClock}
	ctx := context.Background()

	a, err := o.Fetch(ctx, srv.URL+"/old")
	if err != nil {
		t.Fatal(err)
	}
	d := a.Doc
	if d.Title != "Biden, Putin agree to return ambassadors after Geneva summit" || d.Byline != "Andrea Shalal, Steve Holland" || d.Published != "2021-06-16" {
		t.Errorf("metadata %q, %q, %q", d.Title, d.Byline, d.Published)
	}
	if d.URL != srv.URL+"/old" || d.Source != srv.URL+"/old (fetched 2021-06-17 08:30 UTC)" {
		t.Errorf("URL %q, source %q", d.URL, d.Source)
	}
	if a.Report.Format != "Web page" || !strings.Contains(a.Report.String(), "redirected to "+srv.URL+"/world/summit") {
		t.Errorf("report %q", a.Report.String())
	}
	if !strings.Contains(d.Text, "\n\nThe meeting at an 18th-century lakeside villa lasted less than four hours") {
		t.Errorf("text %q", d.Text)
	}

	a, err = o.Fetch(ctx, srv.URL+"/report")
	if err != nil {
		t.Fatal(err)
	}
	if a.Doc.Title != "Summit Diplomacy Explained" || a.Original == nil || a.Original.Name != "report.pdf" || a.Report.Pages != 1 {
		t.Errorf("PDF: title %q, original %v, report %q", a.Doc.Title, a.Original != nil, a.Report.String())
	}
}

func TestFetchRefusals(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		w.Write([]byte{0, 1, 2})
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(ingest.MaxFetchBytes+1))
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		// No length given: the limit is found while reading.
		w.Header().Set("Content-Type", "text/plain")
		chunk := []byte(strings.Repeat("words ", 10000))
		for n := 0; n <= ingest.MaxFetchBytes; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers: the client gives up
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example.com/a.txt", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	o := ingest.Options{Now: fetchClock, Timeout: 300 * time.Millisecond}
	for _, c := range []struct{ url, want string }{
		{srv.URL + "/loop", "the server redirected more than 5 times"},
		{srv.URL + "/image", "not an article: the server sent image/png, which Gloss does not import"},
		{srv.URL + "/untyped", "the server did not say what it sent (no Content-Type)"},
		{srv.URL + "/big", "file is too large (50.1 MB; the limit is 50 MB)"},
		{srv.URL + "/slow", "the server did not answer within 300ms"},
		{srv.URL + "/gone", "the server answered 404 Not Found"},
		{srv.URL + "/ftp", "the server redirected to ftp:, which is not a web address"},
		{"ftp://example.com/a.txt", "not a web address (Gloss fetches http:// and https:// addresses)"},
		{"http://", "not a web address"},
	} {
		_, err := o.Fetch(context.Background(), c.url)
		if err == nil || !strings.HasPrefix(err.Error(), c.url+": ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.url, err, c.want)
		}
	}
	// Without a length, the limit is found while reading (given the time
	// to read it).
	slowOK := ingest.Options{Now: fetchClock}
	if _, err := slowOK.Fetch(context.Background(), srv.URL+"/endless"); err == nil || !strings.Contains(err.Error(), "file is too large (50.1 MB; the limit is 50 MB)") {
		t.Errorf("endless: %v", err)
	}
	// A server that is not there.
	closed := httptest.NewServer(http.NotFoundHandler())
	addr := closed.URL
	closed.Close()
	if _, err := o.Fetch(context.Background(), addr+"/a"); err == nil || !strings.Contains(err.Error(), "could not connect to the server") {
		t.Errorf("closed server: %v", err)
	}
}
