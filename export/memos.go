package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"gloss/annotate"
)

// MemoCSVHeader is the header row of a CSV export of memos.
var MemoCSVHeader = []string{"kind", "subject", "date", "memo", "author", "updated"}

// MemosCSV writes one row per memo (RFC 4180, UTF-8, CRLF line ends): its
// kind (journal, code or document), what it is on (the code's name, the
// document's title, the journal entry's title), the journal entry's date,
// the text, who last wrote it and when (UTC, RFC 3339). With bom, the file
// is prepared for spreadsheet programs as Options.BOM describes.
func MemosCSV(w io.Writer, memos []*annotate.Memo, bom bool) error {
	bw := bufio.NewWriter(w)
	if bom {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(MemoCSVHeader); err != nil {
		return fmt.Errorf("write memos: %w", err)
	}
	for _, m := range memos {
		row := []string{m.Kind, m.Subject, m.Date, m.Text, m.Author, csvTime(m.UpdatedAt)}
		if bom {
			for i := range row {
				row[i] = spreadsheetText(row[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write memos: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write memos: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write memos: %w", err)
	}
	return nil
}

// MemosMarkdown writes the memos as a Markdown document titled title: the
// journal (by date), then the code memos, then the document memos, each
// memo a section under its subject with who wrote it and when. The memos'
// text is written as it is: researchers write their memos in Markdown or
// in plain paragraphs, both of which read well.
func MemosMarkdown(w io.Writer, title string, memos []*annotate.Memo) error {
	bw := bufio.NewWriter(w)
	if strings.TrimSpace(title) == "" {
		title = "Memos"
	}
	fmt.Fprintf(bw, "# %s\n", mdLine(title))
	groups := []struct{ kind, heading string }{
		{annotate.MemoJournal, "Journal"},
		{annotate.MemoCode, "Codes"},
		{annotate.MemoDocument, "Documents"},
	}
	for _, g := range groups {
		var ms []*annotate.Memo
		for _, m := range memos {
			if m.Kind == g.kind {
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n## %s\n", g.heading)
		for _, m := range ms {
			heading := m.Subject
			if m.Kind == annotate.MemoJournal {
				heading = strings.TrimSpace(m.Date + " " + m.Subject)
			}
			fmt.Fprintf(bw, "\n### %s\n\n", mdLine(heading))
			var by []string
			if m.Author != "" {
				by = append(by, mdLine(m.Author))
			}
			if !m.UpdatedAt.IsZero() {
				by = append(by, m.UpdatedAt.UTC().Format("2 January 2006"))
			}
			if len(by) > 0 {
				fmt.Fprintf(bw, "*%s*\n\n", strings.Join(by, ", "))
			}
			fmt.Fprintf(bw, "%s\n", strings.TrimRight(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n"))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write memos: %w", err)
	}
	return nil
}

// mdLine makes s one line of Markdown heading or emphasis text: line
// breaks become spaces and the characters Markdown would read as markup
// are escaped.
func mdLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-.!|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
