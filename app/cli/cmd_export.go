package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gloss/export"
	"gloss/storage"
)

var cmdExport = &command{
	name: "export",
	args: "pdf|csv|md|json|qdpx|qdc FILE -o OUT [--tag NAME]... [--doc ID]... [--author NAME]... [--group-by tag|document] " +
		"[--title TEXT] [--subtitle TEXT] [--prepared-by NAME] [--date YYYY-MM-DD] [--bom]",
	summary: "write a briefing (pdf, md), a table of passages (csv), or the project for other tools (json, qdpx, qdc)",
	run:     runExport,
}

// briefFormats are the formats written by package export, which take the
// scope, grouping and title flags.
var briefFormats = map[string]func(c *env, w io.Writer, db *storage.DB, opts export.Options) error{
	"pdf": func(c *env, w io.Writer, db *storage.DB, opts export.Options) error {
		return export.PDF(c.ctx, w, db, opts)
	},
	"csv": func(c *env, w io.Writer, db *storage.DB, opts export.Options) error {
		return export.CSV(c.ctx, w, db, opts)
	},
	"md": func(c *env, w io.Writer, db *storage.DB, opts export.Options) error {
		return export.Markdown(c.ctx, w, db, opts)
	},
}

// exportFormatNames lists every format export knows, sorted.
func exportFormatNames() []string {
	var names []string
	for n := range briefFormats {
		names = append(names, n)
	}
	for n := range exportFormats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func runExport(c *env, args []string) error {
	fs := c.flags(false)
	var tagNames, docIDs, authors stringList
	out := fs.String("o", "", "the file to write (\"-\": standard output, for csv and md; default for json, qdpx, qdc: the project's name)")
	fs.Var(&tagNames, "tag", "only passages with this tag (repeatable: any of them)")
	fs.Var(&docIDs, "doc", "only passages in this document, by ID or unique ID prefix (repeatable)")
	fs.Var(&authors, "author", "only passages made by this researcher (repeatable)")
	groupBy := fs.String("group-by", export.GroupByTag, "a section per \"tag\" or per \"document\"")
	title := fs.String("title", "", "the briefing's title (default: the project's name)")
	subtitle := fs.String("subtitle", "", "the briefing's subtitle")
	preparedBy := fs.String("prepared-by", "", "who prepared the briefing (default: your name)")
	date := fs.String("date", "", "the briefing's date, YYYY-MM-DD (default: today); a fixed date gives identical files")
	bom := fs.Bool("bom", false, "csv: for spreadsheet programs: a UTF-8 byte order mark, and an apostrophe before cells that would be read as formulas")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	format, path := strings.ToLower(pos[0]), pos[1]
	if format == "markdown" {
		format = "md"
	}
	if f, ok := exportFormats[format]; ok {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for _, n := range []string{"tag", "doc", "author", "group-by", "title", "subtitle", "prepared-by", "date", "bom"} {
			if set[n] {
				return usageErrorf("--%s applies to pdf, csv and md, not %s: %s exports the whole project", n, format, format)
			}
		}
		return exportInterchange(c, f, path, *out)
	}
	write, ok := briefFormats[format]
	if !ok {
		return usageErrorf("unknown format %q: choose one of %s", pos[0], strings.Join(exportFormatNames(), ", "))
	}
	switch {
	case *out == "":
		return usageErrorf("-o OUT is required")
	case *out == "-" && format == "pdf":
		return usageErrorf("a PDF cannot go to standard output: name a file with -o")
	}
	if *groupBy != export.GroupByTag && *groupBy != export.GroupByDocument {
		return usageErrorf("--group-by must be %q or %q, not %q", export.GroupByTag, export.GroupByDocument, *groupBy)
	}
	project := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	opts := export.Options{
		Title:      strings.TrimSpace(*title),
		Subtitle:   strings.TrimSpace(*subtitle),
		PreparedBy: strings.TrimSpace(*preparedBy),
		Project:    project,
		Authors:    authors,
		GroupBy:    *groupBy,
		BOM:        *bom,
	}
	if opts.Title == "" {
		opts.Title = project
	}
	if opts.PreparedBy == "" {
		opts.PreparedBy = c.authorName()
	}
	if *date != "" {
		t, err := time.Parse("2006-01-02", *date)
		if err != nil {
			return usageErrorf("--date %q is not a date of the form YYYY-MM-DD", *date)
		}
		opts.Created = t
	}

	db, err := storage.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	tags, err := c.findTags(db, tagNames)
	if err != nil {
		return err
	}
	for _, t := range tags {
		opts.Tags = append(opts.Tags, t.ID)
	}
	for _, id := range docIDs {
		d, err := c.findDocument(db, id)
		if err != nil {
			return err
		}
		opts.Documents = append(opts.Documents, d.ID)
	}
	if *out == "-" {
		return write(c, c.stdout, db, opts)
	}
	if err := export.WriteFile(*out, func(w io.Writer) error { return write(c, w, db, opts) }); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %s\n", *out)
	return nil
}

// exportInterchange writes the whole project in an interchange format. The
// file appears only when complete.
func exportInterchange(c *env, f *exportFormat, path, out string) error {
	if out == "" {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + f.ext
	}
	db, err := c.openProject(path)
	if err != nil {
		return err
	}
	defer db.Close()
	var summary string
	err = export.WriteFile(out, func(w io.Writer) error {
		var err error
		summary, err = f.write(c, db, w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %s: %s\n", out, summary)
	return nil
}
