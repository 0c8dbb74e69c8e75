package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEditRule(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	mustGloss(t, dir, "rules", "x.gloss", "--add", "Venue", "--words", "villa*", "--tag", "Expectations")
	if out := mustGloss(t, dir, "rules", "x.gloss", "--edit", "venue", "--rename", "Summit venue", "--regex", `la grange|geneva`,
		"--tag", "Cooperation", "--scope", "match"); out != "changed rule \"Summit venue\"\n" {
		t.Fatalf("edit says %q", out)
	}
	var rules []struct{ Name, Kind, Pattern, Tag, Scope string }
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "rules", "x.gloss", "--json")), &rules); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rules {
		if r.Name == "Venue" {
			t.Errorf("the old name is still listed: %+v", r)
		}
		if r.Name == "Summit venue" {
			found = true
			if r.Kind != "regex" || r.Pattern != "la grange|geneva" || r.Tag != "Cooperation" || r.Scope != "match" {
				t.Errorf("edited rule = %+v", r)
			}
		}
	}
	if !found {
		t.Fatalf("no rule named Summit venue in %+v", rules)
	}
	// Only the scope changes when only the scope is given.
	mustGloss(t, dir, "rules", "x.gloss", "--edit", "Summit venue", "--scope", "paragraph")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--edit", "Summit venue"}, 2, "needs something to change"},
		{[]string{"--edit", "Nothing", "--scope", "match"}, 1, "Nothing"},
		{[]string{"--edit", "Summit venue", "--regex", "("}, 1, "error parsing regexp"},
		{[]string{"--edit", "Summit venue", "--tag", "Weather"}, 1, `no code named "Weather"`},
	} {
		_, errs, code := gloss(t, dir, append([]string{"rules", "x.gloss"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("rules %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}
}
