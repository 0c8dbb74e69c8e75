package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gloss/annotate"
)

// CSVHeader is the header row of CSV exports.
var CSVHeader = []string{"passage_id", "document", "outlet", "published", "tag", "quote", "note", "author", "start", "end", "created", "updated"}

// CSV writes one row per passage and tag in scope (RFC 4180, UTF-8, CRLF
// line ends), under CSVHeader. Offsets are code points into the document's
// text, end exclusive; times are UTC in RFC 3339. Fields are written as
// they are, except that opts.BOM guards cells a spreadsheet program would
// evaluate as formulas (see Options.BOM).
func CSV(ctx context.Context, w io.Writer, src Source, opts Options) error {
	opts.GroupBy = ""
	bw := bufio.NewWriter(w)
	if opts.BOM {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	// The passages are written as they are read, never all held at once.
	done := 0
	b, err := gatherEach(ctx, src, opts, func(b *brief, p *annotate.Passage) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := b.docByID[p.DocumentID]
		for _, id := range p.Tags {
			t := b.tagByID[id]
			if t == nil || !b.inScope[id] {
				continue
			}
			row := []string{p.ID, d.Title, d.Outlet, d.Published, t.Name, p.Quote, p.Note.Text, p.Author,
				strconv.Itoa(p.Start), strconv.Itoa(p.End), csvTime(p.CreatedAt), csvTime(p.UpdatedAt)}
			if opts.BOM {
				for i := range row {
					row[i] = spreadsheetText(row[i])
				}
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("write csv: %w", err)
			}
		}
		done++
		b.progress(min(done, b.blocks))
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if done == 0 || done != b.blocks {
		b.blocks = done // the count was off: a colleague's edit came between
		b.progress(done)
	}
	return nil
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// wordJoiner is the invisible character spreadsheetText puts before a cell
// that would be read as a formula: a Unicode format character, never
// drawn, so that "- The Russian president…" shows as exactly that. (The
// apostrophe spreadsheets take as "text follows" when typed is, in a CSV
// file, shown as part of the cell.)
const wordJoiner = "\u2060"

// spreadsheetText returns s as a spreadsheet program will show it as text:
// after an invisible word joiner when it would otherwise be read as a
// formula.
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return wordJoiner + s
	}
	return s
}
