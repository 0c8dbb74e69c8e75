package annotate

import (
	"encoding/csv"
	"io"
	"slices"
	"sort"
	"strconv"
)

// Label names a row or column of a Matrix: the ID behind it (a tag,
// document or author) and what people read.
type Label struct {
	ID   string
	Name string
}

// Matrix is a table of counts, e.g. passages per tag and document.
type Matrix struct {
	Corner string  // what the rows are, heading the first column in CSV
	Rows   []Label // e.g. tags, in codebook order
	Cols   []Label // e.g. documents, by title
	Counts [][]int // Counts[row][col]
	// Totals, when set, is a count per row that is not the sum of its cells
	// (a passage with two tags counts once in its author's total).
	Totals []int
	// TotalName heads the column of row totals in CSV; "" leaves it out.
	TotalName string
}

// Cell is one count of a matrix, by row and column ID.
type Cell struct {
	Row, Col string
	N        int
}

// NewMatrix builds a matrix of rows × cols from cells; cells whose row or
// column is not listed are ignored, repeated ones add up.
func NewMatrix(corner string, rows, cols []Label, cells []Cell) *Matrix {
	m := &Matrix{Corner: corner, Rows: rows, Cols: cols, Counts: make([][]int, len(rows)), TotalName: "Total"}
	ri, ci := index(rows), index(cols)
	flat := make([]int, len(rows)*len(cols))
	for i := range m.Counts {
		m.Counts[i] = flat[i*len(cols) : (i+1)*len(cols)]
	}
	for _, c := range cells {
		r, ok1 := ri[c.Row]
		k, ok2 := ci[c.Col]
		if ok1 && ok2 {
			m.Counts[r][k] += c.N
		}
	}
	return m
}

func index(ls []Label) map[string]int {
	m := make(map[string]int, len(ls))
	for i, l := range ls {
		m[l.ID] = i
	}
	return m
}

// At returns the count for a row and column ID (0 when either is absent).
func (m *Matrix) At(row, col string) int {
	r, ok1 := index(m.Rows)[row]
	c, ok2 := index(m.Cols)[col]
	if !ok1 || !ok2 {
		return 0
	}
	return m.Counts[r][c]
}

// KeepCols returns the matrix with only the columns keep takes, by ID; m
// itself when it takes them all. Totals, when set, stay as they are.
func (m *Matrix) KeepCols(keep func(id string) bool) *Matrix {
	var idx []int
	for j, c := range m.Cols {
		if keep(c.ID) {
			idx = append(idx, j)
		}
	}
	if len(idx) == len(m.Cols) {
		return m
	}
	out := *m
	out.Cols = make([]Label, len(idx))
	for k, j := range idx {
		out.Cols[k] = m.Cols[j]
	}
	out.Counts = make([][]int, len(m.Rows))
	flat := make([]int, len(m.Rows)*len(idx))
	for i := range m.Rows {
		out.Counts[i] = flat[i*len(idx) : (i+1)*len(idx)]
		for k, j := range idx {
			out.Counts[i][k] = m.Counts[i][j]
		}
	}
	return &out
}

// RowTotal returns the total of row i: Totals[i] when set, else the sum.
func (m *Matrix) RowTotal(i int) int {
	if m.Totals != nil {
		return m.Totals[i]
	}
	n := 0
	for _, v := range m.Counts[i] {
		n += v
	}
	return n
}

// WriteCSV writes the matrix as CSV: a header of column names, then a line
// per row with its name, counts and (with TotalName set) total.
func (m *Matrix) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{csvSafe(m.Corner)}
	for _, c := range m.Cols {
		head = append(head, csvSafe(c.Name))
	}
	if m.TotalName != "" {
		head = append(head, m.TotalName)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for i, r := range m.Rows {
		line := []string{csvSafe(r.Name)}
		for _, v := range m.Counts[i] {
			line = append(line, strconv.Itoa(v))
		}
		if m.TotalName != "" {
			line = append(line, strconv.Itoa(m.RowTotal(i)))
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a name that a spreadsheet would run as a formula from
// being one.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

// Span is a passage as the analyses see it: where it is and its tags.
type Span struct {
	DocumentID string
	Start, End int
	Tags       []string
}

// Cooccurrence counts, for each pair of tags, the pairs of passages that
// carry them and overlap (share a code point in the same document); a
// passage with both tags counts as a pair with itself. Each pair of
// passages counts once per pair of tags. The diagonal holds the number of
// passages with the tag. Rows and columns are the given tags.
func Cooccurrence(tags []Label, spans []Span) *Matrix {
	ti := index(tags)
	n := len(tags)
	counts := make([]int, n*n)
	// span is a Span with its tags as indices into tags, unknown ones left out.
	type span struct {
		doc        string
		start, end int
		tags       []int
	}
	ss := make([]span, 0, len(spans))
	for _, s := range spans {
		sp := span{doc: s.DocumentID, start: s.Start, end: s.End}
		for _, t := range s.Tags {
			if i, ok := ti[t]; ok {
				sp.tags = append(sp.tags, i)
				counts[i*n+i]++
			}
		}
		ss = append(ss, sp)
	}
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].doc != ss[j].doc {
			return ss[i].doc < ss[j].doc
		}
		return ss[i].start < ss[j].start
	})
	var seen [][2]int // the tag pairs one pair of passages has counted
	count := func(a, b *span) {
		seen = seen[:0]
		for _, x := range a.tags {
			for _, y := range b.tags {
				if x == y {
					continue
				}
				pair := [2]int{min(x, y), max(x, y)}
				if slices.Contains(seen, pair) {
					continue
				}
				seen = append(seen, pair)
				counts[pair[0]*n+pair[1]]++
				counts[pair[1]*n+pair[0]]++
			}
		}
	}
	var active []*span
	for k := range ss {
		s := &ss[k]
		count(s, s)
		kept := active[:0]
		for _, a := range active {
			if a.doc == s.doc && a.end > s.start {
				kept = append(kept, a)
				count(a, s)
			}
		}
		active = append(kept, s)
	}
	m := &Matrix{Corner: "Code", Rows: tags, Cols: tags, Counts: make([][]int, n)}
	for i := range m.Counts {
		m.Counts[i] = counts[i*n : (i+1)*n]
	}
	return m
}
