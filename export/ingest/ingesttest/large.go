package ingesttest

import (
	"fmt"
	"html"
	"strings"
)

// reportParagraph is the text the large fixtures repeat, varied by number.
func reportParagraph(i int) string {
	return fmt.Sprintf("Paragraph %d. The delegations met in the morning and discussed the agenda at length before lunch, "+
		"when the foreign ministers joined them; officials said the talks on strategic stability would resume within months.", i)
}

// LargeDOCX is a Word document of about size bytes of text in paragraphs,
// with a heading every ten.
func LargeDOCX(size int) []byte {
	var body strings.Builder
	n := 0
	for i := 0; n < size; i++ {
		p := reportParagraph(i)
		if i%10 == 0 {
			body.WriteString(wp("Heading1", wr(fmt.Sprintf("Section %d", i/10+1))))
		}
		// Word splits runs wherever formatting changed: two runs a paragraph.
		half := len(p) / 2
		body.WriteString(wp("", wr(html.EscapeString(p[:half])), wr(html.EscapeString(p[half:]))))
		n += len(p)
	}
	return zipFile(
		[2]string{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body.String() + `</w:body></w:document>`},
	)
}

// LargeHTML is a news page (the structure of the saved wire page: header,
// navigation, ads between paragraphs, related stories, footer) with about
// size bytes of article text.
func LargeHTML(size int) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Annual report on summit diplomacy | World | Wire Service</title>` +
		`<meta property="og:site_name" content="Wire Service"><meta name="author" content="Jane Doe">` +
		`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Annual report on summit diplomacy","datePublished":"2021-06-16T10:00:00Z"}</script>` +
		`</head><body><header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a></nav></header><main><article><h1>Annual report on summit diplomacy</h1>`)
	n := 0
	for i := 0; n < size; i++ {
		p := reportParagraph(i)
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		if i%8 == 7 {
			b.WriteString(`<div class="ad-slot"><div class="ad-label">Advertisement · Scroll to continue</div></div>` + "\n")
		}
		n += len(p)
	}
	b.WriteString(`</article><aside class="related"><h2>Related Coverage</h2><ul><li><a href="/a">Other story</a></li></ul></aside></main>` +
		`<footer class="site-footer"><p>© 2021 Wire Service</p></footer></body></html>`)
	return []byte(b.String())
}
