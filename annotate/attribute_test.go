package annotate_test

import (
	"strings"
	"testing"

	"gloss/annotate"
)

func TestAttributeNormalize(t *testing.T) {
	number := &annotate.Attribute{Name: "Words", Kind: annotate.AttributeNumber}
	date := &annotate.Attribute{Name: "Published", Kind: annotate.AttributeDate}
	choice := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper", "Broadcaster"}}
	text := &annotate.Attribute{Name: "Country", Kind: annotate.AttributeText}
	for _, tc := range []struct {
		a        *annotate.Attribute
		in, want string
		err      string
	}{
		{number, " 1,234.50 ", "1234.5", ""},
		{number, "1 234", "1234", ""},
		{number, "-3", "-3", ""},
		{number, "1e3", "1000", ""},
		{number, "12,34", "", "not a number"},
		{number, "lots", "", "not a number"},
		{number, "NaN", "", "not a number"},
		{date, "2021-06-16", "2021-06-16", ""},
		{date, "16 June 2021", "2021-06-16", ""},
		{date, "June 16, 2021", "2021-06-16", ""},
		{date, "2021-06-16T18:30:00Z", "2021-06-16", ""},
		{date, "2021-06", "2021-06", ""},
		{date, "2021", "2021", ""},
		{date, "2021-02-30", "", "not a date"},
		{date, "yesterday", "", "not a date"},
		{choice, "wire", "Wire", ""},
		{choice, "Blog", "", "not one of Wire, Newspaper, Broadcaster"},
		{text, "  United States ", "United States", ""},
		{text, "two\nlines", "", "line break"},
		{text, "", "", ""},
		{choice, "  ", "", ""},
	} {
		got, err := tc.a.Normalize(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%s %q: %q, %v; want %q", tc.a.Name, tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || annotate.ErrorCode(err) != annotate.EINVALID):
			t.Errorf("%s %q: error %v, want one saying %q", tc.a.Name, tc.in, err, tc.err)
		}
		if err == nil && !tc.a.Fits(got) && got != "" {
			t.Errorf("%s: normalized %q does not fit", tc.a.Name, got)
		}
	}
}

func TestAttributeValidate(t *testing.T) {
	for _, tc := range []struct {
		a   annotate.Attribute
		err string
	}{
		{annotate.Attribute{Name: "Stance", Kind: annotate.AttributeChoice, Choices: []string{"For", "Against"}}, ""},
		{annotate.Attribute{Name: "", Kind: annotate.AttributeText}, "name required"},
		{annotate.Attribute{Name: " Stance", Kind: annotate.AttributeText}, "leading or trailing space"},
		{annotate.Attribute{Name: "Stance", Kind: "colour"}, "not one of"},
		{annotate.Attribute{Name: "Stance", Kind: annotate.AttributeChoice}, "at least one value"},
		{annotate.Attribute{Name: "Stance", Kind: annotate.AttributeText, Choices: []string{"x"}}, "only a choice"},
		{annotate.Attribute{Name: "Stance", Kind: annotate.AttributeChoice, Choices: []string{"For", "for"}}, "listed twice"},
		{annotate.Attribute{Name: "Stance", Kind: annotate.AttributeChoice, Choices: []string{"For", ""}}, "empty"},
	} {
		err := tc.a.Validate()
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%+v: %v, want %q", tc.a, err, tc.err)
		}
	}
}

func TestAttributeConditionMatches(t *testing.T) {
	for _, tc := range []struct {
		c    annotate.AttributeCondition
		kind string
		v    string
		want bool
	}{
		{annotate.AttributeCondition{Values: []string{"Wire"}}, annotate.AttributeChoice, "Wire", true},
		{annotate.AttributeCondition{Values: []string{"wire"}}, annotate.AttributeChoice, "Wire", true},
		{annotate.AttributeCondition{Values: []string{"Wire"}}, annotate.AttributeChoice, "Newspaper", false},
		{annotate.AttributeCondition{Values: []string{"Wire"}}, annotate.AttributeChoice, "", false},
		{annotate.AttributeCondition{Values: []string{"Wire"}, NotSet: true}, annotate.AttributeChoice, "", true},
		{annotate.AttributeCondition{NotSet: true}, annotate.AttributeChoice, "Wire", false},
		{annotate.AttributeCondition{}, annotate.AttributeText, "x", true},
		{annotate.AttributeCondition{}, annotate.AttributeText, "", false},
		{annotate.AttributeCondition{Min: "100", Max: "2000"}, annotate.AttributeNumber, "950", true},
		{annotate.AttributeCondition{Min: "100"}, annotate.AttributeNumber, "99.5", false},
		{annotate.AttributeCondition{Max: "1000"}, annotate.AttributeNumber, "1000", true},
		{annotate.AttributeCondition{Min: "2021-06-01", Max: "2021-06-30"}, annotate.AttributeDate, "2021-06-16", true},
		{annotate.AttributeCondition{Min: "2021-06-01", Max: "2021-06-30"}, annotate.AttributeDate, "2021-06", true},
		{annotate.AttributeCondition{Min: "2021-06-17"}, annotate.AttributeDate, "2021-06-16", false},
		{annotate.AttributeCondition{Max: "2021"}, annotate.AttributeDate, "2021-12-31", true},
	} {
		if got := tc.c.Matches(tc.kind, tc.v); got != tc.want {
			t.Errorf("%+v on %s %q: %v, want %v", tc.c, tc.kind, tc.v, got, tc.want)
		}
	}
}

func TestAttributeColumns(t *testing.T) {
	date := &annotate.Attribute{Name: "Published", Kind: annotate.AttributeDate}
	values := map[string]string{"d1": "2021-06-16", "d2": "2021-06-17", "d3": "2020-11-03", "d4": ""}
	docs := []string{"d1", "d2", "d3", "d4"}
	cols, of := annotate.AttributeColumns(date, docs, values, annotate.ByMonth)
	if names(cols) != "2020-11,2021-06,(not set)" || of["d1"] != "2021-06" || of["d4"] != annotate.NotSetLabel {
		t.Fatalf("by month: %s, %v", names(cols), of)
	}
	cols, _ = annotate.AttributeColumns(date, docs, values, annotate.ByValue)
	if names(cols) != "2020-11-03,2021-06-16,2021-06-17,(not set)" {
		t.Fatalf("by day: %s", names(cols))
	}
	num := &annotate.Attribute{Name: "Words", Kind: annotate.AttributeNumber}
	cols, _ = annotate.AttributeColumns(num, []string{"a", "b", "c"}, map[string]string{"a": "900", "b": "1200", "c": "80"}, annotate.ByValue)
	if names(cols) != "80,900,1200" {
		t.Fatalf("numbers: %s", names(cols))
	}
	choice := &annotate.Attribute{Name: "Type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper", "Blog"}}
	cols, _ = annotate.AttributeColumns(choice, []string{"a", "b"}, map[string]string{"a": "Newspaper", "b": "Radio"}, annotate.ByValue)
	if names(cols) != "Wire,Newspaper,Blog,Radio" {
		t.Fatalf("choices: %s", names(cols))
	}
}

func names(ls []annotate.Label) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return strings.Join(out, ",")
}

func TestAttributeConditionDescribe(t *testing.T) {
	id := annotate.NewID()
	for _, tc := range []struct {
		c    annotate.AttributeCondition
		want string
	}{
		{annotate.AttributeCondition{AttributeID: id, Values: []string{"Wire", "Broadcaster"}}, "Outlet is Wire or Broadcaster"},
		{annotate.AttributeCondition{AttributeID: id, Min: "2021-06-01", Max: "2021-06-30"}, "Outlet from 2021-06-01 to 2021-06-30"},
		{annotate.AttributeCondition{AttributeID: id, Min: "2021-06", Max: "2021-06"}, "Outlet in 2021-06"},
		{annotate.AttributeCondition{AttributeID: id, Max: "3"}, "Outlet up to 3"},
		{annotate.AttributeCondition{AttributeID: id, NotSet: true}, "Outlet not set"},
		{annotate.AttributeCondition{AttributeID: id, Values: []string{"Wire"}, NotSet: true}, "Outlet is Wire or not set"},
		{annotate.AttributeCondition{AttributeID: id}, "Outlet set"},
	} {
		if got := tc.c.Describe("Outlet"); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.c, got, tc.want)
		}
		if err := tc.c.Validate(); err != nil {
			t.Errorf("%+v: %v", tc.c, err)
		}
	}
	for _, bad := range []annotate.AttributeCondition{{AttributeID: "outlet"}, {AttributeID: id, Values: []string{"a\nb"}}, {AttributeID: id, Min: strings.Repeat("9", annotate.MaxAttributeValue+1)}} {
		if annotate.ErrorCode(bad.Validate()) != annotate.EINVALID {
			t.Errorf("%+v is valid", bad)
		}
	}
}
