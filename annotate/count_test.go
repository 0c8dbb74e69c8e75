package annotate

import "testing"

func TestNumberGroupsThousands(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 100000: "100,000",
		1234567: "1,234,567", -1: "-1", -1000: "-1,000", -123456: "-123,456",
	} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 passages"}, {1, "1 passage"}, {2, "2 passages"}, {100000, "100,000 passages"}} {
		if got := Count(c.n, "passage", "passages"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
