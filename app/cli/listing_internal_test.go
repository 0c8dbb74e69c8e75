package cli

import (
	"bytes"
	"testing"
)

// TestJSONListWritesAsWriteJSON: a list written a value at a time is byte
// for byte the list writeJSON writes whole, empty, of one value and of
// several, with nested lists, empty ones and text that JSON may escape.
func TestJSONListWritesAsWriteJSON(t *testing.T) {
	a := passageJSON{ID: "a", Quote: "<b>“Ukraine” & Navalny</b>", Tags: []string{"Cyber", "Human rights"}, Note: "line\nbreak"}
	b := passageJSON{ID: "b", Tags: []string{}}
	for _, vs := range [][]passageJSON{nil, {a}, {a, b, a}} {
		var whole, streamed bytes.Buffer
		if err := writeJSON(&whole, vs); err != nil {
			t.Fatal(err)
		}
		l := &jsonList{w: &streamed}
		for _, v := range vs {
			if err := l.add(v); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.close(); err != nil {
			t.Fatal(err)
		}
		if whole.String() != streamed.String() {
			t.Errorf("%d values: streamed\n%s\nwhole\n%s", len(vs), streamed.String(), whole.String())
		}
	}
}
