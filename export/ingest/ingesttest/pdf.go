// Package ingesttest makes the article files the import tests read: PDFs
// written with gofpdf (one and two columns, running headers and footers,
// hyphenation, encrypted, image-only and damaged ones), Word and
// OpenDocument files built with archive/zip, and web pages shaped like
// news sites'. Every file is made the same way each time, so tests can
// assert the exact text extracted.
package ingesttest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Page geometry, in points (A4).
const (
	pageW, pageH = 595.28, 841.89
	margin       = 72.0
	bodySize     = 11.0
	leading      = 14.0
)

// writer lays out lines of text top down on A4 pages with a running
// header and a "Page N of M" footer.
type writer struct {
	pdf *gofpdf.Fpdf
	y   float64
}

func newWriter(header string) *writer {
	p := gofpdf.New("P", "pt", "A4", "")
	p.SetAutoPageBreak(false, 0)
	p.AliasNbPages("{nb}")
	p.SetCreator("Gloss test fixtures", false)
	p.SetCreationDate(time.Date(2021, 6, 16, 18, 30, 0, 0, time.UTC))
	if header != "" {
		p.SetHeaderFunc(func() {
			p.SetFont("Helvetica", "", 9)
			p.Text(margin, 40, header)
		})
		p.SetFooterFunc(func() {
			p.SetFont("Helvetica", "", 9)
			s := fmt.Sprintf("Page %d of {nb}", p.PageNo())
			p.Text(pageW-margin-p.GetStringWidth(fmt.Sprintf("Page %d of 00", p.PageNo())), pageH-36, s)
		})
	}
	w := &writer{pdf: p}
	w.newPage()
	return w
}

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.y = margin + 10
}

// line writes one line at x in the given font, moving down by lead.
func (w *writer) line(x float64, family, style string, size, lead float64, s string) {
	if w.y+lead > pageH-margin {
		w.newPage()
	}
	w.y += lead
	w.pdf.SetFont(family, style, size)
	w.pdf.Text(x, w.y, s)
}

// para writes the lines of a paragraph in the body font, then a gap.
func (w *writer) para(lines ...string) {
	for _, l := range lines {
		w.line(margin, "Times", "", bodySize, leading, l)
	}
	w.y += 8
}

// wrap breaks text into lines no wider than width in the body font.
func (w *writer) wrap(text string, width float64) []string {
	w.pdf.SetFont("Times", "", bodySize)
	var lines []string
	cur := ""
	for _, word := range strings.Fields(text) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && w.pdf.GetStringWidth(try) > width {
			lines = append(lines, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func (w *writer) bytes() []byte {
	var b bytes.Buffer
	if err := w.pdf.Output(&b); err != nil {
		panic(err) // fixtures are made from fixed text: an error is a bug here
	}
	return b.Bytes()
}

// ArticleTitle and the other Article values are what ArticlePDF's
// metadata holds.
const (
	ArticleTitle  = "Biden and Putin Meet in Geneva"
	ArticleAuthor = "Jane Doe"
	ArticleHeader = "The Geneva Review - Summit Special"
)

// ArticlePDF is a three-page, one-column article: a running header and a
// "Page N of 3" footer on every page, a title in a larger font, words
// hyphenated across line ends, and a paragraph that goes on over a page
// break. Its information dictionary gives title, author and date.
func ArticlePDF() []byte {
	w := newWriter(ArticleHeader)
	w.pdf.SetTitle(ArticleTitle, false)
	w.pdf.SetAuthor(ArticleAuthor, false)
	w.line(margin, "Helvetica", "B", 18, 24, ArticleTitle)
	w.y += 10
	w.para("President Joe Biden and President Vladimir Putin met on Wednesday in a lakeside",
		"villa in Geneva, their first meeting since Mr. Biden took office. The talks were",
		"cordial but frank, officials said, and covered arms control, cyber attacks and the",
		"fate of Americans imprisoned in Russia.")
	w.para("Both sides described the summit as a step toward a more predictable inter-",
		"national order. The Biden-",
		"Putin talks lasted less than four hours, shorter than expected.")
	for i := 0; i < 9; i++ {
		w.para(fillerLines(i)...)
	}
	// A paragraph long enough to run over the page break.
	w.para(w.wrap(LongParagraph, pageW-2*margin)...)
	w.para("Mr. Putin called Mr. Biden a seasoned statesman and said there had been no hos-",
		"tility between them.")
	return w.bytes()
}

// LongParagraph is the paragraph of ArticlePDF that runs over its page
// break.
var LongParagraph = strings.TrimSpace(strings.Repeat("The negotiators worked through the night on the wording of the joint statement, which both capitals had to approve. ", 8)) +
	" It was published at noon."

// fillerLines is the i-th paragraph of plain reporting text.
func fillerLines(i int) []string {
	return []string{
		fmt.Sprintf("Paragraph %d reports what the delegations said after the meeting ended,", i+3),
		"quoting officials who spoke on condition of anonymity about the agenda and",
		"the agreements that were reached on ambassadors and strategic stability.",
	}
}

// TwoColumnPDF is one page with a title across the top and two columns
// below it, each holding indented paragraphs; the last paragraph of the
// left column goes on at the top of the right one.
func TwoColumnPDF() []byte {
	w := newWriter("")
	w.pdf.SetTitle("Two Columns", false)
	w.line(margin, "Helvetica", "B", 16, 20, "Arms Control After Geneva")
	w.y += 12
	top := w.y
	colW := (pageW - 2*margin - 24) / 2
	left := []string{
		"    The two presidents agreed to",
		"start a dialogue on strategic",
		"stability, a first step toward a",
		"successor to the New START treaty.",
		"    Negotiators are expected to meet",
		"within months, and their work will",
	}
	right := []string{
		"continue through the winter in",
		"Geneva and Vienna.",
		"    Critics said the agreement was",
		"thin on detail and long on hope.",
	}
	for _, l := range left {
		w.line(margin, "Times", "", bodySize, leading, l)
	}
	w.y = top
	for _, l := range right {
		w.line(margin+colW+24, "Times", "", bodySize, leading, l)
	}
	return w.bytes()
}

// XMPPDF is a one-page PDF with no information dictionary entries but an
// XMP packet giving title, creators and the date published.
func XMPPDF() []byte {
	w := newWriter("")
	w.pdf.SetXmpMetadata([]byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">` +
		`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Summit Diplomacy Explained</rdf:li></rdf:Alt></dc:title>` +
		`<dc:creator><rdf:Seq><rdf:li>Ana Lima</rdf:li><rdf:li>Tom Berg</rdf:li></rdf:Seq></dc:creator>` +
		`<prism:publicationDate>2021-06-17</prism:publicationDate>` +
		`</rdf:Description></rdf:RDF></x:xmpmeta>`))
	w.para("A short explainer on how summits are prepared.")
	return w.bytes()
}

// LongPDF is a report of the given number of pages of wrapped paragraphs
// under a running header, for measuring speed.
func LongPDF(pages int) []byte {
	w := newWriter("Annual Report on Summit Diplomacy")
	w.pdf.SetTitle("Annual Report on Summit Diplomacy", false)
	text := strings.Repeat("The delegations met in the morning and discussed the agenda at length before lunch, when the foreign ministers joined them. ", 5)
	for w.pdf.PageNo() < pages || w.y+5*leading < pageH-margin {
		if w.pdf.PageNo() == pages && w.y+7*leading > pageH-margin {
			break
		}
		w.para(w.wrap(text, pageW-2*margin)...)
	}
	return w.bytes()
}

// EncryptedPDF is ArticlePDF's first page protected with a user password.
func EncryptedPDF() []byte {
	w := newWriter("")
	w.pdf.SetProtection(gofpdf.CnProtectPrint, "secret", "owner")
	w.para("Nobody without the password reads this.")
	return w.bytes()
}

// ScannedPDF is a page holding only an image of text, as a scanner makes.
func ScannedPDF() []byte {
	img := image.NewGray(image.Rect(0, 0, 600, 200))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: basicfont.Face7x13, Dot: fixed.P(20, 100)}
	d.DrawString("This page was scanned: it is a picture of text.")
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	w := newWriter("")
	w.pdf.RegisterImageOptionsReader("scan", gofpdf.ImageOptions{ImageType: "PNG"}, &b)
	w.pdf.ImageOptions("scan", margin, margin, 450, 150, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return w.bytes()
}

// DamagedPDF is a PDF cut short after its header and first object, with
// the rest overwritten, as a failed download leaves it.
func DamagedPDF() []byte {
	good := ArticlePDF()
	out := append([]byte(nil), good[:200]...)
	return append(out, bytes.Repeat([]byte{0x00, 0x37, 0xFE}, 300)...)
}
