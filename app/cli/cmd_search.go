package cli

import (
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
	run:     runSearch,
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
}

func runSearch(c *env, args []string) error {
	fs := c.flags(false)
	limit := fs.Int("limit", 50, "list at most this many documents and notes, best first")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	if *limit < 1 {
		return usageErrorf("--limit must be at least 1")
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Search(c.ctx, pos[1], storage.SearchOptions{Limit: *limit})
	if annotate.ErrorCode(err) == annotate.EINVALID {
		// Printed as "gloss search: …" already.
		return errors.New(strings.TrimPrefix(err.Error(), "search: "))
	} else if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Query   string          `json:"query"`
			Sources int             `json:"sources"`
			More    bool            `json:"more"`
			Hits    []searchHitJSON `json:"hits"`
		}{Query: res.Query, Sources: res.Sources, More: res.More, Hits: []searchHitJSON{}}
		for _, h := range res.Hits {
			out.Hits = append(out.Hits, searchHitJSON{h.DocumentID, h.DocumentTitle, h.Field, h.PassageID, h.Start, h.End,
				h.Before, h.Match, h.After, h.Occurrence, h.Occurrences})
		}
		return writeJSON(c, out)
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(c.stdout, "no hits")
		return nil
	}
	for _, h := range res.Hits {
		where := fmt.Sprintf("at %d", h.Start)
		switch h.Field {
		case annotate.FieldNote:
			where = fmt.Sprintf("note on passage %s [%d, %d)", annotate.ShortID(h.PassageID), h.Start, h.End)
		case annotate.FieldTitle:
			where = "title"
		}
		fmt.Fprintf(c.stdout, "%s  %s  %s  (%d of %d)\n", annotate.ShortID(h.DocumentID), h.DocumentTitle, where, h.Occurrence, h.Occurrences)
		fmt.Fprintf(c.stdout, "    %s[%s]%s\n", h.Before, h.Match, h.After)
	}
	more := ""
	if res.More {
		more = fmt.Sprintf(" (more than %d: raise --limit)", *limit)
	}
	fmt.Fprintf(c.stdout, "%d hits in %d documents and notes%s\n", len(res.Hits), res.Sources, more)
	return nil
}
