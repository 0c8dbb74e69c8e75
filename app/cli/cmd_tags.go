package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"gloss/annotate"
)

var cmdTags = &command{
	name:    "tags",
	args:    "FILE [--json]",
	summary: "list the codebook",
	parse:   func(fl *flags, args []string) (options, error) { return parseTags(fl, args) },
}

type tagsOptions struct {
	project string
	listing
}

func parseTags(fl *flags, args []string) (*tagsOptions, error) {
	o := &tagsOptions{}
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	return o, nil
}

// tagJSON is a code of the codebook as the command line prints it.
type tagJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
	Parent      string `json:"parent,omitempty"`
	Grouping    bool   `json:"grouping"` // a grouping code: never applied to passages
	Passages    int    `json:"passages"`
}

func (o *tagsOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	tags, err := db.Tags(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range tags {
		names[t.ID] = t.Name
	}
	var out []tagJSON
	for _, t := range tags {
		out = append(out, tagJSON{t.ID, t.Name, t.Color, t.Description, names[t.ParentID], t.Grouping, t.Passages})
	}
	return o.print(std.out, out, func() error {
		// A description of several lines continues in its column on the
		// lines below; tabs and other control characters would break the
		// table's columns.
		var buf strings.Builder
		tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCOLOUR\tKIND\tPASSAGES\tPARENT\tDESCRIPTION")
		for _, t := range tags {
			kind := "code"
			if t.Grouping {
				kind = "grouping"
			}
			lines := descriptionLines(t.Description)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(t.Name), t.Color, kind, annotate.Number(t.Passages), cell(names[t.ParentID]), lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(tw, "\t\t\t\t\t%s\n", l)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, l := range strings.SplitAfter(buf.String(), "\n") {
			if l != "" {
				fmt.Fprintln(std.out, strings.TrimRight(l, " \n"))
			}
		}
		return nil
	})
}

// cell makes a value safe for one cell of a table: one line, no tabs.
func cell(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' }), " ")
}

// descriptionLines splits a description into the table's lines, blank
// lines between paragraphs kept as one, at least one line.
func descriptionLines(s string) []string {
	var out []string
	blank := false
	for _, l := range strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\n") {
		l = cell(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}
