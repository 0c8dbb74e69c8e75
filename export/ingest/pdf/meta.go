package pdf

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"

	"github.com/klippa-app/go-pdfium/requests"

	"gloss/export/pdfium"
)

// metadata returns the title, author and date of a document: from its
// information dictionary, else from its XMP packet.
func metadata(d *pdfium.Document, data []byte) (title, author, date string) {
	get := func(tag string) string {
		res, err := d.Inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: d.Doc, Tag: tag})
		if err != nil {
			return ""
		}
		return strings.TrimSpace(res.Value)
	}
	x := readXMP(data)
	title = first(get("Title"), x.title)
	author = first(get("Author"), x.author)
	// A date of publication is the article's date; a file's creation
	// date only stands in for one.
	date = first(x.published, first(infoDate(get("CreationDate")), x.created))
	return title, author, date
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// infoDateRE matches a PDF date, "D:YYYYMMDDHHmmSS+HH'mm'", of which
// only the year is required.
var infoDateRE = regexp.MustCompile(`^(?:D:)?(\d{4})(\d{2})?(\d{2})?`)

// infoDate returns a PDF date as YYYY-MM-DD (or as much of it as is
// written), or "".
func infoDate(s string) string {
	m := infoDateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	d := m[1]
	if m[2] != "" {
		d += "-" + m[2]
		if m[3] != "" {
			d += "-" + m[3]
		}
	}
	return d
}

// xmp is what Gloss reads from an XMP packet.
type xmp struct {
	title, author      string
	published, created string
}

// readXMP finds the document's XMP packet, which PDF writers leave
// uncompressed so that any tool can read it, and reads its Dublin Core
// title and creator and its creation or publication date.
func readXMP(data []byte) xmp {
	var x xmp
	start := bytes.Index(data, []byte("<x:xmpmeta"))
	if start < 0 {
		start = bytes.Index(data, []byte("<rdf:RDF"))
	}
	if start < 0 {
		return x
	}
	end := bytes.Index(data[start:], []byte("</x:xmpmeta>"))
	if end < 0 {
		end = bytes.Index(data[start:], []byte("</rdf:RDF>"))
	}
	if end < 0 || end > 1<<20 {
		return x
	}
	d := xml.NewDecoder(bytes.NewReader(data[start : start+end+12]))
	d.Strict = false
	var path []string
	dates := map[string]string{}
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			for _, a := range t.Attr { // properties written as attributes
				switch a.Name.Local {
				case "CreateDate", "publicationDate", "DateCreated":
					dates[a.Name.Local] = a.Value
				case "title":
					x.title = first(x.title, a.Value)
				}
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case xml.CharData:
			v := strings.TrimSpace(string(t))
			if v == "" || len(path) == 0 {
				continue
			}
			in := func(name string) bool {
				for _, p := range path {
					if p == name {
						return true
					}
				}
				return false
			}
			switch {
			case in("title") && path[len(path)-1] == "li":
				x.title = first(x.title, v)
			case in("creator") && path[len(path)-1] == "li":
				if x.author == "" {
					x.author = v
				} else if !strings.Contains(x.author, v) {
					x.author += ", " + v
				}
			case path[len(path)-1] == "CreateDate", path[len(path)-1] == "publicationDate", path[len(path)-1] == "DateCreated":
				dates[path[len(path)-1]] = v
			}
		}
	}
	x.published = first(dates["publicationDate"], dates["DateCreated"])
	x.created = dates["CreateDate"]
	return x
}
