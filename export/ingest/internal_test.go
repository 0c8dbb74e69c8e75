package ingest

import (
	"errors"
	"io/fs"
	"testing"
)

// TestIOError checks the messages for file-system errors, including one that
// cannot be provoked in a test running with privileges.
func TestIOError(t *testing.T) {
	tests := []struct {
		err  error
		want string
		is   error
	}{
		{&fs.PathError{Op: "open", Path: "a/b.txt", Err: fs.ErrPermission}, "a/b.txt: permission denied", fs.ErrPermission},
		{&fs.PathError{Op: "stat", Path: "a/b.txt", Err: fs.ErrNotExist}, "a/b.txt: no such file or folder", fs.ErrNotExist},
		{&fs.PathError{Op: "read", Path: "a/b.txt", Err: errors.New("input/output error")}, "a/b.txt: input/output error", nil},
	}
	for _, tt := range tests {
		err := ioError("a/b.txt", tt.err)
		if err.Error() != tt.want {
			t.Errorf("ioError(%v) = %q, want %q", tt.err, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("ioError(%v) does not wrap %v", tt.err, tt.is)
		}
	}
}

func TestShorten(t *testing.T) {
	long := "President Biden met with Russian President Vladimir Putin in Geneva for less than four hours of talks on Wednesday, a highly anticipated summit that comes as both sides say U.S.-Russia relations have sunk to a new post-Cold War low."
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"  short \t title ", 200, "short title"},
		{long, 200, "President Biden met with Russian President Vladimir Putin in Geneva for less than four hours of talks on Wednesday…"},
		{long, 60, "President Biden met with Russian President Vladimir Putin…"},
		{"Antidisestablishmentarianism is long", 20, "Antidisestablishmen…"},
		{"one two three four five six", 20, "one two three four…"},
		{"-----------------------", 10, "---------…"},
	}
	for _, tt := range tests {
		if got := shorten(tt.s, tt.n); got != tt.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
		if got := shorten(tt.s, tt.n); len([]rune(got)) > tt.n {
			t.Errorf("shorten(%q, %d) = %q is longer than %d", tt.s, tt.n, got, tt.n)
		}
	}
}

func TestStripMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"# Title":                         "Title",
		"  ### Title ###  ":               "Title",
		"#hashtag":                        "#hashtag",
		"> ## Quoted":                     "Quoted",
		"**Bold** and _em_ and `c`":       "Bold and em and c",
		"snake_case_name":                 "snake_case_name",
		"[Link text](http://x/y)":         "Link text",
		"![Alt](img.png) caption":         "Alt caption",
		"*   *   *":                       "*   *   *",
		"#######  seven is not a heading": "#######  seven is not a heading",
	} {
		if got := stripMarkdown(in); got != want {
			t.Errorf("stripMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFrontMatterRejected(t *testing.T) {
	for _, text := range []string{
		"Title: only metadata, no text",
		"Title: A\nNot a key line\n\nBody",
		"Summary: unknown key\n\nBody",
		"---\ntitle: unterminated\n\nBody",
		"---\nno keys here\n---\nBody",
		"Title:no space\n\nBody",
	} {
		if m, rest, ok := frontMatter(text); ok {
			t.Errorf("frontMatter(%q) = %+v, %q; want none", text, m, rest)
		}
	}
}
