package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gloss/annotate"
)

// ResultsCSVHeader is the header row of a CSV export of listed passages.
var ResultsCSVHeader = []string{"passage_id", "document", "start", "end", "codes", "before", "quote", "after", "note", "author", "created"}

// ResultsCSV writes passages as a list shows them, the results of a code
// query say: one row each, in their order, with the codes they carry
// (separated by "; "), the words before and after the quote, the note,
// who coded it and when (UTC, RFC 3339). titles gives documents' titles
// and tags codes' names, by ID. With bom, the file is prepared for
// spreadsheet programs as Options.BOM describes.
func ResultsCSV(w io.Writer, ps []*annotate.Passage, titles, tags map[string]string, bom bool) error {
	bw := bufio.NewWriter(w)
	if bom {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(ResultsCSVHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, p := range ps {
		var codes []string
		for _, id := range p.Tags {
			if n, ok := tags[id]; ok {
				codes = append(codes, n)
			}
		}
		row := []string{p.ID, titles[p.DocumentID], strconv.Itoa(p.Start), strconv.Itoa(p.End), strings.Join(codes, "; "),
			p.Prefix, p.Quote, p.Suffix, p.Note.Text, p.Author, csvTime(p.CreatedAt)}
		if bom {
			for i := range row {
				row[i] = spreadsheetText(row[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
