package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"gloss/annotate"
	"gloss/export"
)

var cmdMemos = &command{
	name:    "memos",
	args:    "FILE [list|journal TEXT|code NAME TEXT] [--kind KIND]... [--by NAME]... [--text TEXT] [--date D] [--title T] [--md OUT] [--csv OUT [--bom]] [--json]",
	summary: "memos: list the journal, code and document memos, add to the journal, write a code's memo",
	parse:   func(fl *flags, args []string) (options, error) { return parseMemos(fl, args) },
}

type memosOptions struct {
	project string
	action  string // list, journal or code
	code    string // code: the code's name
	body    string // journal, code: the text
	kinds   []string
	authors []string
	text    string
	date    string
	title   string
	md, csv string
	bom     bool
	author  string
	listing
}

func parseMemos(fl *flags, args []string) (*memosOptions, error) {
	o := &memosOptions{}
	fl.strings(&o.kinds, "kind", "list: only memos of this kind: journal, code or document (repeatable)")
	fl.strings(&o.authors, "by", "list: only memos by this researcher (repeatable)")
	fl.StringVar(&o.text, "text", "", "list: only memos containing this text (in the memo or what it is on)")
	fl.StringVar(&o.date, "date", "", "journal: the entry's date, YYYY-MM-DD (default today)")
	fl.StringVar(&o.title, "title", "", "journal: the entry's title")
	fl.StringVar(&o.md, "md", "", "list: also write the memos listed to this Markdown file")
	fl.StringVar(&o.csv, "csv", "", "list: also write the memos listed to this CSV file")
	fl.BoolVar(&o.bom, "bom", false, "with --csv, for spreadsheet programs: a UTF-8 byte order mark, and an apostrophe before cells that would be read as formulas")
	fl.author(&o.author)
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, -1)
	if err != nil {
		return nil, err
	}
	o.project, o.action = pos[0], "list"
	if len(pos) > 1 {
		o.action = pos[1]
	}
	rest := pos[min(2, len(pos)):]
	switch o.action {
	case "list":
		if len(rest) > 0 {
			return nil, usageErrorf("too many arguments: %s", strings.Join(rest, " "))
		}
		for _, k := range o.kinds {
			if k != annotate.MemoJournal && k != annotate.MemoCode && k != annotate.MemoDocument {
				return nil, usageErrorf("--kind %q: choose journal, code or document", k)
			}
		}
	case "journal":
		if len(rest) == 0 {
			return nil, usageErrorf("journal takes the entry's text, e.g. gloss memos FILE journal \"Coded the Axios piece.\"")
		}
		o.body = strings.Join(rest, " ")
	case "code":
		if len(rest) < 1 {
			return nil, usageErrorf("code takes the code's name and the memo's text (none clears it)")
		}
		o.code, o.body = rest[0], strings.Join(rest[1:], " ")
	default:
		return nil, usageErrorf("unknown action %q: choose list, journal or code", o.action)
	}
	return o, nil
}

// memoJSON is a memo as the command line prints it.
type memoJSON struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Subject string `json:"subject"`
	Date    string `json:"date,omitempty"`
	Text    string `json:"text"`
	Author  string `json:"author"`
	Updated string `json:"updated,omitempty"`
}

func (o *memosOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	switch o.action {
	case "journal":
		e := &annotate.JournalEntry{Date: o.date, Title: o.title, Text: o.body}
		if err := db.CreateJournalEntry(ctx, e); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "added a journal entry dated %s\n", e.Date)
		return nil
	case "code":
		t, err := findTags(ctx, db, []string{o.code})
		if err != nil {
			return err
		}
		if err := db.SetCodeMemo(ctx, t[0].ID, o.body); err != nil {
			return err
		}
		if o.body == "" {
			fmt.Fprintf(std.out, "cleared the memo of %s\n", t[0].Name)
		} else {
			fmt.Fprintf(std.out, "wrote the memo of %s\n", t[0].Name)
		}
		return nil
	}
	ms, err := db.Memos(ctx, annotate.MemoFilter{Kinds: o.kinds, Authors: o.authors, Text: o.text})
	if err != nil {
		return err
	}
	if o.md != "" {
		if err := export.WriteFile(o.md, func(w io.Writer) error { return export.MemosMarkdown(w, "Memos", ms) }); err != nil {
			return err
		}
	}
	if o.csv != "" {
		if err := export.WriteFile(o.csv, func(w io.Writer) error { return export.MemosCSV(w, ms, o.bom) }); err != nil {
			return err
		}
	}
	var out []memoJSON
	for _, m := range ms {
		j := memoJSON{Kind: m.Kind, ID: m.ID, Subject: m.Subject, Date: m.Date, Text: m.Text, Author: m.Author}
		if !m.UpdatedAt.IsZero() {
			j.Updated = m.UpdatedAt.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	return o.print(std.out, out, func() error {
		if len(out) == 0 {
			fmt.Fprintln(std.out, "no memos")
		}
		for _, m := range out {
			head := m.Kind + ": " + m.Subject
			if m.Kind == annotate.MemoJournal {
				head = strings.TrimSpace("journal " + m.Date + " " + m.Subject)
			}
			fmt.Fprintf(std.out, "%s  (%s)\n", head, orSomeone(m.Author))
			for _, line := range strings.Split(strings.TrimRight(m.Text, "\n"), "\n") {
				fmt.Fprintf(std.out, "    %s\n", line)
			}
		}
		for _, f := range []string{o.md, o.csv} {
			if f != "" {
				fmt.Fprintf(std.out, "wrote %s\n", f)
			}
		}
		return nil
	})
}

func orSomeone(s string) string {
	if s == "" {
		return "someone"
	}
	return s
}
