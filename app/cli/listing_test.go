package cli_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestEveryListingPrintsJSON runs each listing command with --json on a
// sample project two researchers have coded: each prints one JSON value of
// the shape documented, and a listing with nothing in it prints [].
func TestEveryListingPrintsJSON(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	mustGloss(t, dir, "new", "empty.gloss", "--author", "Ada")
	geneva := docByTitle(t, docs(t, dir, "x.gloss"), "hold their Geneva summit")
	for _, h := range []struct{ author, tag, quote string }{
		{"Ada", "Ambassadors", "ambassadors would return to their posts"},
		{"Ben", "Ambassadors", "respective ambassadors would return"},
		{"Ben", "Expectations", "Villa La Grange"},
	} {
		mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID, "--quote", h.quote, "--tag", h.tag, "--author", h.author)
	}

	for _, tc := range []struct {
		args []string
		// check looks at the decoded value and returns what is wrong.
		check func(v any) string
	}{
		{[]string{"docs", "x.gloss"}, arrayOf(4, "title")},
		{[]string{"tags", "x.gloss"}, arrayOf(9, "name")},
		{[]string{"passages", "x.gloss"}, arrayOf(3, "quote")},
		{[]string{"passages", "x.gloss", "--author", "Ben"}, arrayOf(2, "quote")},
		{[]string{"passages", "empty.gloss"}, arrayOf(0, "")},
		{[]string{"search", "x.gloss", "ambassadors"}, objectWith("query", "hits")},
		{[]string{"rules", "x.gloss"}, nonEmptyArrayOf("pattern")},
		{[]string{"rules", "empty.gloss"}, nonEmptyArrayOf("pattern")},
		{[]string{"autocode", "x.gloss"}, nonEmptyArrayOf("rule")},
		{[]string{"orphans", "x.gloss"}, arrayOf(0, "")},
		{[]string{"analysis", "x.gloss", "matrix"}, objectWith("rows", "columns", "counts")},
		{[]string{"analysis", "x.gloss", "authors"}, objectWith("rows", "totals")},
		{[]string{"agreement", "x.gloss", "--authors", "Ada,Ben"}, objectWith("tags", "overall", "scope")},
	} {
		name := strings.Join(tc.args, " ")
		out := mustGloss(t, dir, append(tc.args, "--json")...)
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s --json: %v\n%s", name, err, out)
			continue
		}
		if msg := tc.check(v); msg != "" {
			t.Errorf("%s --json: %s\n%s", name, msg, out)
		}
		if strings.Contains(out, "null") {
			t.Errorf("%s --json prints null for an empty list:\n%s", name, out)
		}
	}
	if out := mustGloss(t, dir, "passages", "empty.gloss", "--json"); out != "[]\n" {
		t.Errorf("an empty listing prints %q, want []", out)
	}
}

// arrayOf checks for an array of n objects, each with the key.
func arrayOf(n int, key string) func(any) string {
	return func(v any) string {
		a, ok := v.([]any)
		if !ok || len(a) != n {
			return "want an array of " + plural(n)
		}
		return keysIn(a, key)
	}
}

// nonEmptyArrayOf checks for an array of objects, each with the key.
func nonEmptyArrayOf(key string) func(any) string {
	return func(v any) string {
		a, ok := v.([]any)
		if !ok || len(a) == 0 {
			return "want a non-empty array"
		}
		return keysIn(a, key)
	}
}

func keysIn(a []any, key string) string {
	for _, e := range a {
		if o, ok := e.(map[string]any); !ok || o[key] == nil {
			return "an element has no " + key
		}
	}
	return ""
}

// objectWith checks for an object with the keys.
func objectWith(keys ...string) func(any) string {
	return func(v any) string {
		o, ok := v.(map[string]any)
		if !ok {
			return "want an object"
		}
		for _, k := range keys {
			if o[k] == nil {
				return "no " + k
			}
		}
		return ""
	}
}

func plural(n int) string {
	if n == 1 {
		return "1 element"
	}
	return fmt.Sprintf("%d elements", n)
}
