package ingest

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// linkedData is what Gloss reads from a page's JSON-LD: the article's
// schema.org NewsArticle (or Article, BlogPosting, ...) properties.
type linkedData struct {
	headline, author, authorOrg, published, publisher, url string
}

// articleTypes are the schema.org types whose properties describe the
// page's article.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"OpinionNewsArticle": true, "BackgroundNewsArticle": true, "ReviewNewsArticle": true, "BlogPosting": true,
	"Report": true, "ScholarlyArticle": true, "LiveBlogPosting": true,
}

// jsonLD reads the first article described in the page's
// application/ld+json scripts, looking inside @graph lists and arrays.
func jsonLD(root *html.Node) linkedData {
	var out linkedData
	found := false
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if found || depth > 8 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				visit(x, depth+1)
			}
		case map[string]any:
			if isArticle(v["@type"]) {
				found = true
				out.headline = ldString(v["headline"])
				if out.headline == "" {
					out.headline = ldString(v["name"])
				}
				out.author = ldNames(v["author"], "Person")
				out.authorOrg = ldNames(v["author"], "")
				out.published = ldString(v["datePublished"])
				out.publisher = ldNames(v["publisher"], "")
				out.url = ldString(v["url"])
				if out.url == "" {
					if m, ok := v["mainEntityOfPage"].(map[string]any); ok {
						out.url = ldString(m["@id"])
					} else {
						out.url = ldString(v["mainEntityOfPage"])
					}
				}
				return
			}
			if g, ok := v["@graph"]; ok {
				visit(g, depth+1)
			}
		}
	}
	n := root
	scripts := 0
	for n != nil && !found {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script && strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
			scripts++
			var v any
			if scripts <= 20 && len(n.FirstChild.Data) < 1<<20 && json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
				visit(v, 0)
			}
		}
		n = nextNode(root, n)
	}
	return out
}

// nextNode returns the node after n in document order within root.
func nextNode(root, n *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	for n != root && n.NextSibling == nil {
		n = n.Parent
	}
	if n == root {
		return nil
	}
	return n.NextSibling
}

func isArticle(t any) bool {
	switch t := t.(type) {
	case string:
		return articleTypes[t]
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok && articleTypes[s] {
				return true
			}
		}
	}
	return false
}

// ldString returns a JSON-LD value as a string, "" when it is not one.
func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case []any:
		if len(v) > 0 {
			return ldString(v[0])
		}
	}
	return ""
}

// ldNames returns the names of a person, an organization or a list of
// them, joined with ", "; with a type, only of things of that type (a
// bare name counts as a person).
func ldNames(v any, typ string) string {
	switch v := v.(type) {
	case string:
		if typ != "" && typ != "Person" {
			return ""
		}
		return strings.TrimSpace(v)
	case map[string]any:
		if typ != "" && ldString(v["@type"]) != typ {
			return ""
		}
		return ldString(v["name"])
	case []any:
		var names []string
		for i, x := range v {
			if i >= 20 {
				break
			}
			if n := ldNames(x, typ); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}
