package cli

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"

	"gloss/export"
)

// parse parses args for the named command.
func parse(t *testing.T, name string, args ...string) (options, error) {
	t.Helper()
	c := lookup(name)
	if c == nil {
		t.Fatalf("no command %q", name)
	}
	return c.parse(newFlags(c, &bytes.Buffer{}), args)
}

// TestParseIntoOptions checks that flags and positional arguments, in any
// order, land in each command's options.
func TestParseIntoOptions(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want options
	}{
		{[]string{"new", "--samples", "x.gloss", "--author", "Ada"}, &newOptions{path: "x.gloss", samples: true, author: "Ada"}},
		{[]string{"import", "x.gloss", "a.txt", "dir"}, &importOptions{project: "x.gloss", paths: []string{"a.txt", "dir"}}},
		{[]string{"docs", "--json", "x.gloss"}, &docsOptions{project: "x.gloss", listing: listing{json: true}}},
		{[]string{"passages", "x.gloss", "--tag", "A", "--tag", "B", "--doc", "12ab", "--author", "Ben", "--text", "gas"},
			&passagesOptions{project: "x.gloss", tags: []string{"A", "B"}, docs: []string{"12ab"}, authors: []string{"Ben"}, text: "gas"}},
		{[]string{"highlight", "x.gloss", "--doc", "12", "--quote", "q", "--tag", "T", "--occurrence", "2", "--note", "n"},
			&highlightOptions{project: "x.gloss", doc: "12", quote: "q", occurrence: 2, tags: []string{"T"}, note: "n"}},
		{[]string{"search", "x.gloss", "gas OR oil", "--limit", "5"}, &searchOptions{project: "x.gloss", query: "gas OR oil", limit: 5}},
		{[]string{"rules", "x.gloss", "--add", "Venue", "--words", "villa*", "--tag", "Expectations"},
			&rulesOptions{project: "x.gloss", add: "Venue", words: "villa*", tag: "Expectations", scope: "sentence"}},
		{[]string{"autocode", "x.gloss", "--rule", "R", "--apply"}, &autocodeOptions{project: "x.gloss", rules: []string{"R"}, apply: true}},
		{[]string{"analysis", "x.gloss", "authors", "--csv", "-"}, &analysisOptions{project: "x.gloss", kind: "authors", csv: "-"}},
		{[]string{"check", "x.gloss"}, &checkOptions{project: "x.gloss"}},
		{[]string{"copy", "x.gloss", "out.gloss", "--author", "Ada", "--force"}, &copyOptions{project: "x.gloss", out: "out.gloss", authors: []string{"Ada"}, force: true}},
		{[]string{"merge", "mine.gloss", "a.gloss", "b.gloss"}, &mergeOptions{mine: "mine.gloss", theirs: []string{"a.gloss", "b.gloss"}}},
		{[]string{"orphans", "x.gloss", "--dismiss", "ab12"}, &orphansOptions{project: "x.gloss", dismiss: "ab12"}},
		{[]string{"agreement", "x.gloss", "--authors", " Ada , Ben "}, &agreementOptions{project: "x.gloss", a: "Ada", b: "Ben"}},
		{[]string{"import-annotations", "x.gloss", "in.json", "--quiet"}, &importAnnotationsOptions{project: "x.gloss", in: "in.json", quiet: true}},
		{[]string{"export", "qdpx", "x.gloss", "-o", "out.qdpx"}, &exportOptions{format: "qdpx", project: "x.gloss", out: "out.qdpx",
			opts: export.Options{GroupBy: export.GroupByTag}}},
		{[]string{"export", "markdown", "dir/x.gloss", "-o", "-", "--date", "2021-06-16", "--title", " Geneva ", "--author", "Ada", "--group-by", "document"},
			&exportOptions{format: "md", project: "dir/x.gloss", out: "-", opts: export.Options{
				Title: "Geneva", Project: "x", Authors: []string{"Ada"}, GroupBy: export.GroupByDocument,
				Created: time.Date(2021, 6, 16, 0, 0, 0, 0, time.UTC)}}},
	} {
		got, err := parse(t, tc.args[0], tc.args[1:]...)
		if err != nil {
			t.Errorf("%s: %v", strings.Join(tc.args, " "), err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", strings.Join(tc.args, " "), got, tc.want)
		}
	}
}

// TestParseRefusesMistakes checks the usage errors found before any file
// is opened.
func TestParseRefusesMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"docs"}, "missing arguments"},
		{[]string{"docs", "a.gloss", "b.gloss"}, "too many arguments: b.gloss"},
		{[]string{"docs", "--colour", "x.gloss"}, "flag provided but not defined: -colour"},
		{[]string{"highlight", "x.gloss", "--quote", "q", "--tag", "T"}, "--doc is required"},
		{[]string{"highlight", "x.gloss", "--doc", "1", "--quote", "q", "--tag", "T", "--occurrence", "-1"}, "--occurrence counts from 1"},
		{[]string{"search", "x.gloss", "q", "--limit", "0"}, "--limit must be at least 1"},
		{[]string{"rules", "x.gloss", "--add", "R", "--delete", "S"}, "one of --add, --edit or --delete"},
		{[]string{"rules", "x.gloss", "--add", "R", "--words", "a", "--regex", "b", "--tag", "T"}, "one of --words or --regex"},
		{[]string{"analysis", "x.gloss", "pie"}, `unknown analysis "pie"`},
		{[]string{"analysis", "x.gloss", "matrix", "--csv", "-", "--json"}, "--csv or --json"},
		{[]string{"agreement", "x.gloss", "--authors", "Ada"}, "two names"},
		{[]string{"orphans", "x.gloss", "--dismiss", "1", "--json"}, "give either"},
		{[]string{"export", "docx", "x.gloss", "-o", "x.docx"}, `unknown format "docx"`},
		{[]string{"export", "pdf", "x.gloss"}, "-o OUT is required"},
		{[]string{"export", "pdf", "x.gloss", "-o", "-"}, "cannot go to standard output"},
		{[]string{"export", "csv", "x.gloss", "-o", "a.csv", "--group-by", "colour"}, "--group-by must be"},
		{[]string{"export", "md", "x.gloss", "-o", "a.md", "--date", "16 June"}, "not a date"},
		{[]string{"export", "json", "x.gloss", "--tag", "T"}, "--tag applies to pdf, csv and md"},
	} {
		_, err := parse(t, tc.args[0], tc.args[1:]...)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a usage error saying %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
}

// TestHelpListsFlags checks --help on every command: the synopsis, the
// summary and every flag, and nothing run.
func TestHelpListsFlags(t *testing.T) {
	for _, c := range commands {
		var help bytes.Buffer
		fl := newFlags(c, &help)
		_, err := c.parse(fl, []string{"--help"})
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: %v", c.name, err)
			continue
		}
		out := help.String()
		if !strings.HasPrefix(out, "usage: gloss "+c.name+" "+c.args+"\n\n"+c.summary+"\n") {
			t.Errorf("%s --help starts %q", c.name, out)
		}
		fl.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(out, "--"+f.Name) {
				t.Errorf("%s --help does not list --%s", c.name, f.Name)
			}
		})
	}
	if !IsCommand("export") || !IsCommand("--help") || IsCommand("x.gloss") {
		t.Error("IsCommand does not tell commands from files")
	}
}
