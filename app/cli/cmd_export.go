package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gloss/export"
)

var cmdExport = &command{
	name: "export",
	args: "pdf|csv|md|json|qdpx|qdc FILE -o OUT [--brief NAME | [--tag NAME]... [--doc ID]... [--author NAME]... [--where NAME=VALUE]... " +
		"[--title TEXT] [--subtitle TEXT] [--prepared-by NAME]] [--group-by tag|document] [--date YYYY-MM-DD] [--bom]",
	summary: "write a briefing (pdf, md), a table of passages (csv), or the project for other tools (json, qdpx, qdc)",
	parse:   func(fl *flags, args []string) (options, error) { return parseExport(fl, args) },
}

// briefFormats are the formats written by package export, which take the
// scope, grouping and title flags.
var briefFormats = map[string]func(context.Context, io.Writer, export.Source, export.Options) error{
	"pdf": export.PDF,
	"csv": export.CSV,
	"md":  export.Markdown,
}

// briefFlags are the flags only the briefing formats take.
var briefFlags = []string{"brief", "tag", "doc", "author", "where", "group-by", "title", "subtitle", "prepared-by", "date", "bom"}

// adHocFlags describe a briefing on the command line; --brief names a
// saved one instead.
var adHocFlags = []string{"tag", "doc", "author", "where", "title", "subtitle", "prepared-by"}

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

type exportOptions struct {
	format  string // a key of briefFormats or of exportFormats
	project string
	out     string // "-" for standard output; "" for the interchange formats' default
	tags    []string
	docs    []string
	where   []string       // --where NAME=VALUE
	brief   string         // a saved briefing's name
	opts    export.Options // the briefing's title, authors, grouping and date
}

func parseExport(fl *flags, args []string) (*exportOptions, error) {
	o := &exportOptions{}
	var date string
	fl.StringVar(&o.out, "o", "", "the file to write (\"-\": standard output, for csv and md; default for json, qdpx, qdc: the project's name)")
	fl.StringVar(&o.brief, "brief", "", "write this saved briefing (see gloss brief): its cover, summary, findings, key quotes and scope")
	fl.strings(&o.tags, "tag", "only passages with this code (repeatable: any of them)")
	fl.strings(&o.docs, "doc", "only passages in this document, by ID or unique ID prefix (repeatable)")
	fl.strings(&o.opts.Authors, "author", "only passages made by this researcher (repeatable)")
	fl.strings(&o.where, "where", whereHelp)
	fl.StringVar(&o.opts.GroupBy, "group-by", export.GroupByTag, "a section per code (\"tag\") or per document (\"document\")")
	fl.StringVar(&o.opts.Title, "title", "", "the briefing's title (default: the project's name)")
	fl.StringVar(&o.opts.Subtitle, "subtitle", "", "the briefing's subtitle")
	fl.StringVar(&o.opts.PreparedBy, "prepared-by", "", "who prepared the briefing (default: your name)")
	fl.StringVar(&date, "date", "", "the briefing's date, YYYY-MM-DD (default: today); a fixed date gives identical files")
	fl.BoolVar(&o.opts.BOM, "bom", false, "csv: for spreadsheet programs: a UTF-8 byte order mark, and an invisible word joiner before cells that would be read as formulas")
	pos, err := fl.parse(args, 2, 2)
	if err != nil {
		return nil, err
	}
	o.format, o.project = strings.ToLower(pos[0]), pos[1]
	if o.format == "markdown" {
		o.format = "md"
	}
	if _, ok := exportFormats[o.format]; ok {
		for _, n := range briefFlags {
			if fl.isSet(n) {
				return nil, usageErrorf("--%s applies to pdf, csv and md, not %s: %s exports the whole project", n, o.format, o.format)
			}
		}
		return o, nil
	}
	if _, ok := briefFormats[o.format]; !ok {
		return nil, usageErrorf("unknown format %q: choose one of %s", pos[0], strings.Join(exportFormatNames(), ", "))
	}
	if o.brief != "" {
		for _, n := range adHocFlags {
			if fl.isSet(n) {
				return nil, usageErrorf("--%s and --brief do not go together: the saved briefing has its own (change it with gloss brief FILE set)", n)
			}
		}
	}
	switch {
	case o.out == "":
		return nil, usageErrorf("-o OUT is required")
	case o.out == "-" && o.format == "pdf":
		return nil, usageErrorf("a PDF cannot go to standard output: name a file with -o")
	case o.opts.GroupBy != export.GroupByTag && o.opts.GroupBy != export.GroupByDocument:
		return nil, usageErrorf("--group-by must be %q or %q, not %q", export.GroupByTag, export.GroupByDocument, o.opts.GroupBy)
	}
	if date != "" {
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			return nil, usageErrorf("--date %q is not a date of the form YYYY-MM-DD", date)
		}
		o.opts.Created = t
	}
	o.opts.Project = strings.TrimSuffix(filepath.Base(o.project), filepath.Ext(o.project))
	o.opts.Title = strings.TrimSpace(o.opts.Title)
	o.opts.Subtitle = strings.TrimSpace(o.opts.Subtitle)
	o.opts.PreparedBy = strings.TrimSpace(o.opts.PreparedBy)
	if o.opts.Title == "" {
		o.opts.Title = o.opts.Project
	}
	return o, nil
}

func (o *exportOptions) run(ctx context.Context, std streams) error {
	if f, ok := exportFormats[o.format]; ok {
		return exportInterchange(ctx, std, f, o.project, o.out)
	}
	opts := o.opts
	if opts.PreparedBy == "" {
		opts.PreparedBy = authorName("")
	}
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.Tags, err = tagIDs(ctx, db, o.tags); err != nil {
		return err
	}
	if opts.Documents, err = findDocuments(ctx, db, o.docs); err != nil {
		return err
	}
	if opts.Attributes, err = attributeConditions(ctx, db, o.where); err != nil {
		return err
	}
	if o.brief != "" {
		if opts.Briefing, err = db.BriefingByName(ctx, o.brief); err != nil {
			return err
		}
	}
	write := briefFormats[o.format]
	if o.out == "-" {
		return write(ctx, std.out, db, opts)
	}
	if err := export.WriteFile(o.out, func(w io.Writer) error { return write(ctx, w, db, opts) }); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "wrote %s\n", o.out)
	return nil
}

// exportInterchange writes the whole project in an interchange format. The
// file appears only when complete.
func exportInterchange(ctx context.Context, std streams, f *exportFormat, path, out string) error {
	if out == "" {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + f.ext
	}
	db, err := openProject(std, path, "")
	if err != nil {
		return err
	}
	defer db.Close()
	var summary string
	err = export.WriteFile(out, func(w io.Writer) error {
		var err error
		summary, err = f.write(ctx, db, w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "wrote %s: %s\n", out, summary)
	return nil
}
