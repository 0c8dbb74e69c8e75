package office_test

import (
	"slices"
	"strings"
	"testing"

	"gloss/export/ingest/ingesttest"
	"gloss/export/ingest/office"
)

func TestDOCX(t *testing.T) {
	data := ingesttest.DOCX()
	if k := office.Kind(data); k != office.DOCX {
		t.Fatalf("Kind = %v, want DOCX", k)
	}
	d, err := office.ReadDOCX(data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != ingesttest.DOCXText {
		t.Errorf("text\n got %q\nwant %q", d.Text, ingesttest.DOCXText)
	}
	if d.Title != "Geneva Summit: What Was Agreed" || d.Author != "Maria Rossi" || d.Date != "2021-06-17T09:12:00Z" {
		t.Errorf("properties %q, %q, %q", d.Title, d.Author, d.Date)
	}
	if d.Paragraphs != 9 {
		t.Errorf("%d paragraphs, want 9", d.Paragraphs)
	}
	want := []string{"2 notes moved to the end", "1 tracked deletion", "comments"}
	if !slices.Equal(d.Removed, want) {
		t.Errorf("removed %q, want %q", d.Removed, want)
	}
}

func TestODT(t *testing.T) {
	data := ingesttest.ODT()
	if k := office.Kind(data); k != office.ODT {
		t.Fatalf("Kind = %v, want ODT", k)
	}
	d, err := office.ReadODT(data)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != ingesttest.ODTText {
		t.Errorf("text\n got %q\nwant %q", d.Text, ingesttest.ODTText)
	}
	if d.Title != "Cyber Talks Begin" || d.Author != "Lena Fischer" || d.Date != "2021-06-18T10:00:00" {
		t.Errorf("properties %q, %q, %q", d.Title, d.Author, d.Date)
	}
	want := []string{"1 note moved to the end", "1 tracked deletion", "1 comment"}
	if !slices.Equal(d.Removed, want) {
		t.Errorf("removed %q, want %q", d.Removed, want)
	}
}

func TestRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		read func([]byte) (*office.Document, error)
		want string
	}{
		{"bomb", ingesttest.ZipBomb(), office.ReadDOCX, "the Word document's part word/document.xml unpacks to more than 256 MB (it may be a zip bomb)"},
		{"entries", ingesttest.ManyEntries(office.MaxEntries), office.ReadDOCX, "the Word document holds 10001 files, more than the 10000 Gloss reads (it may be a zip bomb)"},
		{"truncated", ingesttest.DOCX()[:400], office.ReadDOCX, "not a valid Word document (the ZIP archive inside is damaged: not a valid zip file)"},
		{"no body", ingesttest.ODT(), office.ReadDOCX, "not a Word document (it has no word/document.xml)"},
		{"no content", ingesttest.DOCX(), office.ReadODT, "not an OpenDocument text (it has no content.xml)"},
		{"bad xml", badXML(), office.ReadDOCX, "the part word/document.xml is damaged"},
	} {
		_, err := c.read(c.data)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// badXML is a Word file whose document part is cut off mid-element.
func badXML() []byte {
	data := ingesttest.DOCX()
	return ingesttest.ReplacePart(data, "word/document.xml", `<w:document><w:body><w:p><w:r><w:t>cut`)
}
