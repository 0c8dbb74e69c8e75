package cli

import (
	"encoding/json"
	"io"
	"reflect"
)

// listing is how a listing command prints: as text for people, or with
// --json as JSON for programs. Every listing command prints through it, so
// all of them write the same JSON: indented, UTF-8 unescaped, and an empty
// list as [] rather than null.
type listing struct {
	json bool
}

// print writes v as JSON with --json, else calls text.
func (l listing) print(w io.Writer, v any, text func() error) error {
	if !l.json {
		return text()
	}
	return writeJSON(w, v)
}

// writeJSON writes v indented; a nil slice is written as [].
func writeJSON(w io.Writer, v any) error {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = []any{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
