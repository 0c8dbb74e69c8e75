package export

import "testing"

// TestCountsInBriefingsGroupThousands checks the counts a briefing's
// titles and source list write: grouped in thousands, as the window
// writes them.
func TestCountsInBriefingsGroupThousands(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{plural(1, "code"), "1 code"},
		{plural(2500, "code"), "2,500 codes"},
		{citation{passages: 1200, quoted: 1000}.String(), "1,200 passages coded, 1,000 quoted"},
		{citation{passages: 1, quoted: 1}.String(), "1 passage coded, all quoted"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
