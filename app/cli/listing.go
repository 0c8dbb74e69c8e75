package cli

import (
	"bytes"
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

// jsonList writes a JSON list one value at a time, byte for byte as
// writeJSON writes the whole list, so that a long listing is printed as
// it is read. close ends it.
type jsonList struct {
	w   io.Writer
	n   int
	buf bytes.Buffer
}

// add writes v as the list's next value.
func (l *jsonList) add(v any) error {
	l.buf.Reset()
	if l.n == 0 {
		l.buf.WriteString("[\n  ")
	} else {
		l.buf.WriteString(",\n  ")
	}
	enc := json.NewEncoder(&l.buf)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	l.n++
	_, err := l.w.Write(bytes.TrimSuffix(l.buf.Bytes(), []byte("\n")))
	return err
}

// close ends the list: [] when it is empty.
func (l *jsonList) close() error {
	end := "\n]\n"
	if l.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(l.w, end)
	return err
}
