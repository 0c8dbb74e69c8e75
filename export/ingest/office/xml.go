package office

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// element is an open element while an XML part is read.
type element struct {
	name  string // local name
	space string // namespace URI
	attr  []xml.Attr
}

// walk reads an XML part token by token, without recursion, calling
// start, text and end with the stack of open elements (the innermost
// last). A part that is not well-formed is an error naming it.
func walk(data []byte, part string, start func(stack []element), text func(stack []element, s string), end func(stack []element)) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("the part %s is damaged (%v)", part, strings.TrimPrefix(err.Error(), "XML syntax error "))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, element{name: t.Name.Local, space: t.Name.Space, attr: t.Attr})
			if start != nil {
				start(stack)
			}
		case xml.EndElement:
			if end != nil && len(stack) > 0 {
				end(stack)
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if text != nil && len(stack) > 0 {
				text(stack, string(t))
			}
		}
	}
}

// attr returns the value of e's attribute with the local name key.
func (e element) attr1(key string) string {
	for _, a := range e.attr {
		if a.Name.Local == key {
			return a.Value
		}
	}
	return ""
}

// inside reports whether any open element has one of the local names.
func inside(stack []element, names ...string) bool {
	for _, e := range stack {
		for _, n := range names {
			if e.name == n {
				return true
			}
		}
	}
	return false
}

// properties reads the Dublin Core title, creator and a date from a
// properties part (docProps/core.xml or meta.xml).
func properties(data []byte, part string, dateNames ...string) (title, author, date string) {
	dates := map[string]string{}
	walk(data, part, nil, func(stack []element, s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		switch n := stack[len(stack)-1].name; n {
		case "title":
			if title == "" {
				title = s
			}
		case "creator", "initial-creator":
			if author == "" || n == "initial-creator" && stack[len(stack)-1].space != "http://purl.org/dc/elements/1.1/" {
				author = s
			}
		default:
			dates[n] = s
		}
	}, nil)
	for _, n := range dateNames {
		if dates[n] != "" {
			return title, author, dates[n]
		}
	}
	return title, author, ""
}
