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
	rw, err := NewResultsWriter(w, titles, tags, bom)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := rw.Write(p); err != nil {
			return err
		}
	}
	return rw.Close()
}

// ResultsWriter writes the CSV file ResultsCSV writes one passage at a
// time, for a listing read as a stream (storage's EachPassage), whose
// passages are never all held at once.
type ResultsWriter struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	titles map[string]string
	tags   map[string]string
	bom    bool
	row    []string
}

// NewResultsWriter writes the start of the file, its header row, to w.
func NewResultsWriter(w io.Writer, titles, tags map[string]string, bom bool) (*ResultsWriter, error) {
	rw := &ResultsWriter{bw: bufio.NewWriter(w), titles: titles, tags: tags, bom: bom}
	if bom {
		rw.bw.WriteString("\uFEFF")
	}
	rw.cw = csv.NewWriter(rw.bw)
	rw.cw.UseCRLF = true
	if err := rw.cw.Write(ResultsCSVHeader); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return rw, nil
}

// Write writes the row of one passage.
func (rw *ResultsWriter) Write(p *annotate.Passage) error {
	var codes []string
	for _, id := range p.Tags {
		if n, ok := rw.tags[id]; ok {
			codes = append(codes, n)
		}
	}
	rw.row = append(rw.row[:0], p.ID, rw.titles[p.DocumentID], strconv.Itoa(p.Start), strconv.Itoa(p.End), strings.Join(codes, "; "),
		p.Prefix, p.Quote, p.Suffix, p.Note.Text, p.Author, csvTime(p.CreatedAt))
	if rw.bom {
		for i := range rw.row {
			rw.row[i] = spreadsheetText(rw.row[i])
		}
	}
	if err := rw.cw.Write(rw.row); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Close writes out what is buffered; it does not close the writer under it.
func (rw *ResultsWriter) Close() error {
	rw.cw.Flush()
	if err := rw.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := rw.bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
