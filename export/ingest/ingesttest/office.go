package ingesttest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"strings"
	"time"
)

// zipFile writes the named parts, in order, into a ZIP archive; the first
// part is stored uncompressed (OpenDocument's mimetype must be).
func zipFile(parts ...[2]string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for i, p := range parts {
		h := &zip.FileHeader{Name: p[0], Method: zip.Deflate, Modified: time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)}
		if i == 0 && p[0] == "mimetype" {
			h.Method = zip.Store
		}
		w, err := z.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write([]byte(p[1])); err != nil {
			panic(err)
		}
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// wp is a Word paragraph of the given style holding runs of raw XML.
func wp(style string, runs ...string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + strings.Join(runs, "") + `</w:p>`
}

// wr is a run of text.
func wr(text string) string {
	return `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// wli is a list item of numbering numID at level ilvl.
func wli(numID, ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>%s</w:p>`, ilvl, numID, wr(text))
}

// DOCX is a Word article as Word writes one: a title, headings, runs
// split inside words, a link, a bulleted and a numbered list (nested), a
// table, two footnotes, a tracked deletion and a comment, and its
// properties (title, author, date).
func DOCX() []byte {
	body := strings.Join([]string{
		wp("Title", wr("Geneva Summit: "), wr("What Was Agreed")),
		wp("", wr("The two presidents met for less than four hours"), `<w:r><w:footnoteReference w:id="1"/></w:r>`, wr(" at Villa La Grange.")),
		wp("Heading1", wr("Ambassadors")),
		wp("", wr("Both ambassadors will re"), wr("turn to their posts, "), `<w:del w:id="9" w:author="Ed"><w:r><w:delText>perhaps </w:delText></w:r></w:del>`,
			wr("the "), `<w:hyperlink r:id="rId5">`+wr("Kremlin said")+`</w:hyperlink>`, wr("."),
			`<w:commentRangeStart w:id="0"/>`, `<w:r><w:commentReference w:id="0"/></w:r>`),
		wli(1, 0, "Strategic stability talks"),
		wli(1, 1, "within months"),
		wli(1, 0, "Cyber security consultations"),
		wp("", wr("Next steps"), `<w:r><w:footnoteReference w:id="2"/></w:r>`, wr(":")),
		wli(2, 0, "Return the ambassadors"),
		wli(2, 0, "Exchange lists of critical infrastructure"),
		`<w:tbl><w:tr><w:tc>` + wp("", wr("Topic")) + `</w:tc><w:tc>` + wp("", wr("Outcome")) + `</w:tc></w:tr>` +
			`<w:tr><w:tc>` + wp("", wr("Arms control")) + `</w:tc><w:tc>` + wp("", wr("Dialogue agreed")) + wp("", wr("(first round in July)")) + `</w:tc></w:tr></w:tbl>`,
		wp("", wr("Neither side"), `<w:r><w:tab/></w:r>`, wr("claimed a breakthrough.")),
	}, "")
	return zipFile(
		[2]string{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		[2]string{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
		[2]string{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + wNS + `>` +
			`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style></w:styles>`},
		[2]string{"word/numbering.xml", `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + wNS + `>` +
			`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`},
		[2]string{"word/footnotes.xml", `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ` + wNS + `>` +
			`<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>` + wr(" The White House gave the length as three hours and twenty minutes.") + `</w:p></w:footnote>` +
			`<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>` + wr(" As listed in the joint statement.") + `</w:p></w:footnote></w:footnotes>`},
		[2]string{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>Geneva Summit: What Was Agreed</dc:title><dc:creator>Maria Rossi</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2021-06-17T09:12:00Z</dcterms:created></cp:coreProperties>`},
	)
}

// DOCXText is the text DOCX imports as.
const DOCXText = "Geneva Summit: What Was Agreed\n\n" +
	"The two presidents met for less than four hours[1] at Villa La Grange.\n\n" +
	"Ambassadors\n\n" +
	"Both ambassadors will return to their posts, the Kremlin said.\n\n" +
	"- Strategic stability talks\n  - within months\n- Cyber security consultations\n\n" +
	"Next steps[2]:\n\n" +
	"1. Return the ambassadors\n2. Exchange lists of critical infrastructure\n\n" +
	"Topic\tOutcome\nArms control\tDialogue agreed (first round in July)\n\n" +
	"Neither side claimed a breakthrough.\n\n" +
	"Notes\n\n" +
	"[1] The White House gave the length as three hours and twenty minutes.\n\n" +
	"[2] As listed in the joint statement."

const odtNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"`

// ODT is an OpenDocument article as LibreOffice writes one: headings,
// spans, repeated spaces, a bulleted and a numbered list, a table, a
// footnote, a tracked deletion and a comment, and its metadata.
func ODT() []byte {
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odtNS + ` office:version="1.3">` +
		`<office:automatic-styles><text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="1"/></text:list-style>` +
		`<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style></office:automatic-styles>` +
		`<office:body><office:text>` +
		`<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Ed</dc:creator></office:change-info><text:p>a deleted sentence</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
		`<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>` +
		`<text:h text:outline-level="1">Cyber Talks <text:span>Begin</text:span></text:h>` +
		`<text:p>Experts will meet<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Date to be set by the foreign ministries.</text:p></text:note-body></text:note> in Geneva.<text:s text:c="3"/>Both sides<text:change text:change-id="ct1"/> agreed.</text:p>` +
		`<text:p>Critics were unimpressed.<office:annotation><dc:creator>Ed</dc:creator><text:p>check this</text:p></office:annotation></text:p>` +
		`<text:list text:style-name="L1"><text:list-item><text:p>Ransomware</text:p></text:list-item><text:list-item><text:p>Election interference</text:p></text:list-item></text:list>` +
		`<text:list text:style-name="L2"><text:list-item><text:p>Meet</text:p></text:list-item><text:list-item><text:p>Report back</text:p></text:list-item></text:list>` +
		`<table:table table:name="T1"><table:table-row><table:table-cell><text:p>Side</text:p></table:table-cell><table:table-cell><text:p>Lead</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>US</text:p></table:table-cell><table:table-cell><text:p>State Department</text:p></table:table-cell></table:table-row></table:table>` +
		`<text:p>Talks resume<text:line-break/>in the autumn.</text:p>` +
		`</office:text></office:body></office:document-content>`
	meta := `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ` + odtNS + `><office:meta>` +
		`<dc:title>Cyber Talks Begin</dc:title><meta:initial-creator>Lena Fischer</meta:initial-creator><meta:creation-date>2021-06-18T10:00:00</meta:creation-date>` +
		`</office:meta></office:document-meta>`
	return zipFile(
		[2]string{"mimetype", "application/vnd.oasis.opendocument.text"},
		[2]string{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`},
		[2]string{"content.xml", content},
		[2]string{"meta.xml", meta},
	)
}

// ODTText is the text ODT imports as.
const ODTText = "Cyber Talks Begin\n\n" +
	"Experts will meet[1] in Geneva.   Both sides agreed.\n\n" +
	"Critics were unimpressed.\n\n" +
	"- Ransomware\n- Election interference\n\n" +
	"1. Meet\n2. Report back\n\n" +
	"Side\tLead\nUS\tState Department\n\n" +
	"Talks resume\nin the autumn.\n\n" +
	"Notes\n\n" +
	"[1] Date to be set by the foreign ministries."

// ZipBomb is a Word file whose document part declares that it unpacks to
// 300 MB; the bytes that follow are a short deflate stream.
func ZipBomb() []byte {
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte(" "), 1<<16))
	fw.Close()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 300 << 20})
	w.Write(raw.Bytes())
	z.Close()
	return b.Bytes()
}

// ManyEntries is a ZIP archive named like a Word file holding more files
// than Gloss reads.
func ManyEntries(n int) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("word/document.xml")
	w.Write([]byte(`<w:document ` + wNS + `><w:body>` + wp("", wr("x")) + `</w:body></w:document>`))
	for i := 0; i < n; i++ {
		z.Create(fmt.Sprintf("junk/%d", i))
	}
	z.Close()
	return b.Bytes()
}

// ReplacePart returns a copy of the ZIP archive data with one part's
// content replaced.
func ReplacePart(data []byte, name, content string) []byte {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	var parts [][2]string
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			panic(err)
		}
		var b bytes.Buffer
		b.ReadFrom(r)
		r.Close()
		if f.Name == name {
			parts = append(parts, [2]string{name, content})
		} else {
			parts = append(parts, [2]string{f.Name, b.String()})
		}
	}
	return zipFile(parts...)
}
