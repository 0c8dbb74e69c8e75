package ingest_test

import (
	"testing"

	"gloss/export/ingest"
)

// TestHTMLMetadata checks where each field comes from when a page offers
// several sources, or bad values.
func TestHTMLMetadata(t *testing.T) {
	const body = "<body><p>Body text.</p></body>"
	tests := []struct {
		name, head string
		want       want
	}{
		{"og title and canonical", `<meta property="og:title" content="From OG"><link rel="canonical" href="https://ex.com/a">`,
			want{title: "From OG", webURL: "https://ex.com/a"}},
		{"og beats title", `<title>From title</title><meta property="og:title" content="From OG">`,
			want{title: "From OG"}},
		{"site suffix kept for another site", `<title>Story - Other Site</title><meta property="og:site_name" content="Axios">`,
			want{title: "Story - Other Site", outlet: "Axios"}},
		{"site suffix stripped", `<title>Story — axios</title><meta property="og:site_name" content="Axios">`,
			want{title: "Story", outlet: "Axios"}},
		{"profile link is not a byline", `<meta property="article:author" content="https://facebook.com/cnn">`,
			want{title: "Body text."}},
		{"next byline after a link", `<meta name="author" content="https://ex.com/staff/jd"><meta name="dc.creator" content="J. Doe">`,
			want{title: "Body text.", byline: "J. Doe"}},
		{"byl with By", `<meta name="byl" content="By Jane Doe and John Roe">`,
			want{title: "Body text.", byline: "Jane Doe and John Roe"}},
		{"author beats article:author", `<meta property="article:author" content="Someone Else"><meta name="AUTHOR" content="Jane Doe">`,
			want{title: "Body text.", byline: "Jane Doe"}},
		{"date forms", `<meta name="date" content="Wed, 16 Jun 2021 22:10:00 +0300">`,
			want{title: "Body text.", published: "2021-06-16"}},
		{"date in its own zone", `<meta property="article:published_time" content="2021-06-16T23:30:00-07:00">`,
			want{title: "Body text.", published: "2021-06-16"}},
		{"long date", `<meta name="date" content="June 16, 2021">`,
			want{title: "Body text.", published: "2021-06-16"}},
		{"unparsed date kept", `<meta name="date" content="  Summer   2021 ">`,
			want{title: "Body text.", published: "Summer 2021"}},
		{"impossible date kept", `<meta name="date" content="2021-02-30">`,
			want{title: "Body text.", published: "2021-02-30"}},
		{"script URL dropped", `<meta property="og:url" content="javascript:alert(1)">`,
			want{title: "Body text."}},
		{"relative URL dropped", `<meta property="og:url" content="/news/1"><link rel="canonical" href="http://ex.com/1">`,
			want{title: "Body text.", webURL: "http://ex.com/1"}},
		{"control characters removed", "<title>Line\x01 one\n\ttwo</title>",
			want{title: "Line one two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ingest.Bytes("page.html", []byte("<html><head>"+tt.head+"</head>"+body+"</html>"))
			if err != nil {
				t.Fatal(err)
			}
			tt.want.text = "Body text."
			checkDoc(t, doc, "page.html", tt.want)
		})
	}
}

// TestHTMLText checks the reduction of markup to text.
func TestHTMLText(t *testing.T) {
	tests := []struct {
		name, html, text string
	}{
		{"inline elements join", "<p>al<b>so</b> <i>this</i></p>", "also this"},
		{"entities", "<p>&lt;&amp;&gt; &quot;q&quot; &eacute;&#233;&#xE9; &euro;</p>", "<&> \"q\" ééé €"},
		{"non-breaking spaces collapse", "<p>a&nbsp;&nbsp; b</p><p>&nbsp;</p><p>c</p>", "a b\n\nc"},
		{"article header kept", "<article><header>Headline</header><p>Story</p></article>", "Headline\n\nStory"},
		{"divs are paragraphs", "<div>one<div>two</div>three</div>", "one\n\ntwo\n\nthree"},
		{"br in text", "a<br>b<br/><br>c", "a\nb\n\nc"},
		{"heading levels", "<h2>Sub</h2>text<h6>Small</h6>", "Sub\n\ntext\n\nSmall"},
		{"definition list", "<dl><dt>Term</dt><dd>Meaning</dd></dl>", "Term\nMeaning"},
		{"list outside list", "<li>stray</li>", "- stray"},
		{"empty items dropped", "<ul><li></li><li>real</li></ul>", "- real"},
		{"pre keeps spacing", "<pre>a  b\n\n\n\nc </pre>", "a  b\n\nc"},
		{"hidden by style", `<p style="visibility: hidden">x</p><p>y</p>`, "y"},
		{"template and dialog dropped", "<template><p>t</p></template><dialog>d</dialog><p>y</p>", "y"},
		{"comments dropped", "<p>a<!-- note -->b</p>", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ingest.Bytes("page.html", []byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.text {
				t.Errorf("text:\n got %q\nwant %q", doc.Text, tt.text)
			}
			checkText(t, doc.Text)
		})
	}
}
