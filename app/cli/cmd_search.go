package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

var cmdSearch = &command{
	name:    "search",
	args:    "FILE QUERY [--limit N] [--json]",
	summary: `search documents and notes: words, "phrases", prefix*, AND, OR, NOT, (…)`,
	parse:   func(fl *flags, args []string) (options, error) { return parseSearch(fl, args) },
}

type searchOptions struct {
	project string
	query   string
	limit   int
	listing
}

func parseSearch(fl *flags, args []string) (*searchOptions, error) {
	o := &searchOptions{}
	fl.IntVar(&o.limit, "limit", 50, "list at most this many documents and notes, best first")
	fl.list(&o.listing)
	pos, err := fl.parse(args, 2, 2)
	if err != nil {
		return nil, err
	}
	if o.limit < 1 {
		return nil, usageErrorf("--limit must be at least 1")
	}
	o.project, o.query = pos[0], pos[1]
	return o, nil
}

// searchHitJSON is a search hit as the command line prints it.
type searchHitJSON struct {
	DocumentID  string `json:"document_id"`
	Document    string `json:"document"`
	Field       string `json:"field"`
	PassageID   string `json:"passage_id,omitempty"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Before      string `json:"before"`
	Match       string `json:"match"`
	After       string `json:"after"`
	Occurrence  int    `json:"occurrence"`
	Occurrences int    `json:"occurrences"`
	// For a memo: its kind (journal, code or document), the ID of what it
	// is on (or the journal entry's) and what that is.
	MemoKind    string `json:"memo_kind,omitempty"`
	MemoID      string `json:"memo_id,omitempty"`
	MemoSubject string `json:"memo_subject,omitempty"`
}

// searchJSON is a search's results as the command line prints them.
type searchJSON struct {
	Query   string          `json:"query"`
	Sources int             `json:"sources"`
	More    bool            `json:"more"`
	Hits    []searchHitJSON `json:"hits"`
}

func (o *searchOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Search(ctx, o.query, storage.SearchOptions{Limit: o.limit})
	if annotate.ErrorCode(err) == annotate.EINVALID {
		// Printed as "gloss search: …" already.
		return errors.New(strings.TrimPrefix(err.Error(), "search: "))
	} else if err != nil {
		return err
	}
	out := searchJSON{Query: res.Query, Sources: res.Sources, More: res.More, Hits: []searchHitJSON{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, searchHitJSON{h.DocumentID, h.DocumentTitle, h.Field, h.PassageID, h.Start, h.End,
			h.Before, h.Match, h.After, h.Occurrence, h.Occurrences, h.MemoKind, h.MemoID, h.MemoSubject})
	}
	return o.print(std.out, out, func() error {
		if len(res.Hits) == 0 {
			fmt.Fprintln(std.out, "no hits")
			return nil
		}
		for _, h := range res.Hits {
			where := fmt.Sprintf("at %d", h.Start)
			switch h.Field {
			case annotate.FieldNote:
				where = fmt.Sprintf("note on passage %s [%d, %d)", annotate.ShortID(h.PassageID), h.Start, h.End)
			case annotate.FieldTitle:
				where = "title"
			case annotate.FieldMemo:
				fmt.Fprintf(std.out, "%s  %s  (%s of %s)\n", memoPlace(h), h.MemoSubject, annotate.Number(h.Occurrence), annotate.Number(h.Occurrences))
				fmt.Fprintf(std.out, "    %s[%s]%s\n", h.Before, h.Match, h.After)
				continue
			}
			fmt.Fprintf(std.out, "%s  %s  %s  (%s of %s)\n", annotate.ShortID(h.DocumentID), h.DocumentTitle, where, annotate.Number(h.Occurrence), annotate.Number(h.Occurrences))
			fmt.Fprintf(std.out, "    %s[%s]%s\n", h.Before, h.Match, h.After)
		}
		more := ""
		if res.More {
			more = fmt.Sprintf(" (more than %s: raise --limit)", annotate.Number(o.limit))
		}
		fmt.Fprintf(std.out, "%s in %s%s\n", plural(len(res.Hits), "hit", "hits"), plural(res.Sources, "document, note or memo", "documents, notes and memos"), more)
		return nil
	})
}

// memoPlace says where a memo hit is: "journal", "memo on code", "memo on
// document".
func memoPlace(h *annotate.SearchHit) string {
	switch h.MemoKind {
	case annotate.MemoJournal:
		return "journal"
	case annotate.MemoCode:
		return "memo on code"
	}
	return "memo on document"
}
