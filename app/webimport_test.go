package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestImportFromWebAddress types an address into File ▸ Import from Web
// Address… and imports the page a local server sends.
func TestImportFromWebAddress(t *testing.T) {
	page, err := os.ReadFile("../export/ingest/testdata/news/magazine.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	u, _ := newTestUI(t)
	done := make(chan []importOutcome, 1)
	u.onImported = func(outs []importOutcome) { done <- outs }

	if _, err := webAddresses("ftp://example.com/a"); err == nil || err.Error() != "ftp://example.com/a: not a web address (it must start with http:// or https://)" {
		t.Errorf("ftp address: %v", err)
	}
	u.importWebDialog()
	entry := u.win.Canvas().Focused()
	if entry == nil {
		t.Fatal("the address field has no focus")
	}
	test.Type(entry, srv.URL+"/news/2021/06/17/biden-geneva")
	tapButton(t, u, "Import")
	var outs []importOutcome
	select {
	case outs = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the import never finished")
	}
	if len(outs) != 1 || outs[0].err != nil || !outs[0].created || outs[0].title != "What Biden got out of Geneva" {
		t.Fatalf("outcome %+v", outs)
	}
	if u.doc == nil || u.doc.URL != srv.URL+"/news/2021/06/17/biden-geneva" || !strings.Contains(u.doc.Source, "(fetched ") {
		t.Errorf("document %+v", u.doc)
	}
}
