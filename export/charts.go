package export

import (
	"fmt"
	"image/color"
	"sort"
	"time"

	"gloss/annotate"
	"gloss/export/chart"
)

// maxChartCodes is the most codes a chart shows; beyond, the codes with
// the most quotations are shown.
const maxChartCodes = 15

// maxTimeSeries is the most codes the chart over time stacks; the others
// are pooled as "Other codes".
const maxTimeSeries = 7

// quotesPerTag counts, for every tag in scope, the quotations that carry it.
func (b *brief) quotesPerTag() map[string]int {
	n := map[string]int{}
	for _, q := range b.quotes {
		for _, id := range q.Tags() {
			if b.inScope[id] {
				n[id]++
			}
		}
	}
	return n
}

// chartCodes are the codes the charts show, in the codebook's order, and
// how many codes there are in all.
func (b *brief) chartCodes() ([]*annotate.Tag, int) {
	per := b.quotesPerTag()
	codes := append([]*annotate.Tag(nil), b.tags...)
	if len(codes) <= maxChartCodes {
		return codes, len(codes)
	}
	byCount := append([]*annotate.Tag(nil), codes...)
	sort.SliceStable(byCount, func(i, j int) bool { return per[byCount[i].ID] > per[byCount[j].ID] })
	keep := map[string]bool{}
	for _, t := range byCount[:maxChartCodes] {
		keep[t.ID] = true
	}
	var out []*annotate.Tag
	for _, t := range codes {
		if keep[t.ID] {
			out = append(out, t)
		}
	}
	return out, len(codes)
}

// noOutlet names the outlet of documents without one.
const noOutlet = "No outlet given"

// byOutlet counts quotations per code (rows, as chartCodes) and outlet.
func (b *brief) byOutlet(codes []*annotate.Tag) (outlets []string, counts [][]int) {
	for _, o := range b.outlets() {
		if o == "" {
			o = noOutlet
		}
		outlets = append(outlets, o)
	}
	// Outlets by how much they contribute, the unnamed last.
	col := map[string]int{}
	for i, o := range outlets {
		col[o] = i
	}
	counts = make([][]int, len(codes))
	row := map[string]int{}
	for i, t := range codes {
		row[t.ID] = i
		counts[i] = make([]int, len(outlets))
	}
	for _, q := range b.quotes {
		o := b.docByID[q.DocumentID].Outlet
		if o == "" {
			o = noOutlet
		}
		for _, id := range q.Tags() {
			if r, ok := row[id]; ok && b.inScope[id] {
				counts[r][col[o]]++
			}
		}
	}
	return outlets, counts
}

// period is a stretch of time the chart over time counts by.
type period struct {
	key   string // sorts in time order
	label string
}

// periods bins publication dates by day, week, month or year, whichever
// gives a readable number of bars for the span, from first to last.
func periods(first, last time.Time) (func(time.Time) period, []period) {
	span := last.Sub(first).Hours() / 24
	var bin func(time.Time) period
	var step func(time.Time) time.Time
	switch {
	case span <= 31:
		bin = func(t time.Time) period { return period{t.Format("2006-01-02"), t.Format("2 Jan")} }
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	case span <= 26*7:
		monday := func(t time.Time) time.Time { return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)) }
		bin = func(t time.Time) period {
			m := monday(t)
			return period{m.Format("2006-01-02"), "week of " + m.Format("2 Jan")}
		}
		first = monday(first)
		step = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	case span <= 4*366:
		bin = func(t time.Time) period { return period{t.Format("2006-01"), t.Format("Jan 2006")} }
		first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	default:
		bin = func(t time.Time) period { return period{t.Format("2006"), t.Format("2006")} }
		first = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	}
	var all []period
	for t := first; !t.After(last); t = step(t) {
		all = append(all, bin(t))
	}
	return bin, all
}

// timeSeries is the chart over time: quotations per period, stacked by
// code (the most frequent codes, the rest pooled), and how many
// quotations come from undated documents.
type timeSeries struct {
	periods []period
	series  []chart.Series
	names   []string // the series' names, for the Markdown table
	counts  [][]int  // periods × series
	undated int
}

// overTime counts quotations per period and code; nil when the documents
// span fewer than two periods.
func (b *brief) overTime() *timeSeries {
	first, last := b.dateRange()
	if first == "" || first == last {
		return nil
	}
	f, _ := time.Parse("2006-01-02", first)
	l, _ := time.Parse("2006-01-02", last)
	bin, ps := periods(f, l)
	if len(ps) < 2 {
		return nil
	}
	idx := map[string]int{}
	for i, p := range ps {
		idx[p.key] = i
	}
	per := b.quotesPerTag()
	codes := append([]*annotate.Tag(nil), b.tags...)
	sort.SliceStable(codes, func(i, j int) bool { return per[codes[i].ID] > per[codes[j].ID] })
	other := false
	if len(codes) > maxTimeSeries {
		codes, other = codes[:maxTimeSeries], true
	}
	sort.SliceStable(codes, func(i, j int) bool { return b.tagRank[codes[i].ID] < b.tagRank[codes[j].ID] })
	col := map[string]int{}
	ts := &timeSeries{periods: ps}
	for i, t := range codes {
		col[t.ID] = i
		ts.names = append(ts.names, t.Name)
	}
	if other {
		ts.names = append(ts.names, "Other codes")
	}
	ts.counts = make([][]int, len(ps))
	for i := range ts.counts {
		ts.counts[i] = make([]int, len(ts.names))
	}
	for _, q := range b.quotes {
		day, ok := annotate.ISODate(b.docByID[q.DocumentID].Published)
		if !ok {
			ts.undated++
			continue
		}
		t, _ := time.Parse("2006-01-02", day)
		pi := idx[bin(t).key]
		for _, id := range q.Tags() {
			if !b.inScope[id] {
				continue
			}
			if c, ok := col[id]; ok {
				ts.counts[pi][c]++
			} else if other {
				ts.counts[pi][len(codes)]++
			}
		}
	}
	for s, name := range ts.names {
		c := color.Color(color.RGBA{0xba, 0xb0, 0xac, 0xff})
		if s < len(codes) {
			r := hexColor(codes[s].Color)
			c = color.RGBA{uint8(r.r), uint8(r.g), uint8(r.b), 0xff}
		}
		vals := make([]float64, len(ps))
		for p := range ps {
			vals[p] = float64(ts.counts[p][s])
		}
		ts.series = append(ts.series, chart.Series{Name: name, Color: c, Values: vals})
	}
	return ts
}

// outletChart is the chart of quotations per code by outlet.
func (b *brief) outletChart() (*chart.Chart, []*annotate.Tag, error) {
	codes, _ := b.chartCodes()
	if len(codes) == 0 {
		return nil, nil, nil
	}
	outlets, counts := b.byOutlet(codes)
	var names []string
	for _, t := range codes {
		names = append(names, t.Name)
	}
	var series []chart.Series
	for o, name := range outlets {
		vals := make([]float64, len(codes))
		for i := range codes {
			vals[i] = float64(counts[i][o])
		}
		c := chart.OutletColors[o%len(chart.OutletColors)]
		if name == noOutlet {
			c = color.RGBA{0xc8, 0xcd, 0xd3, 0xff}
		}
		series = append(series, chart.Series{Name: name, Color: c, Values: vals})
	}
	ch, err := chart.Stacked(names, series, true, "Quotations")
	if err != nil {
		return nil, nil, fmt.Errorf("chart by outlet: %w", err)
	}
	return ch, codes, nil
}

// timeChart is the chart of quotations over time, by code.
func (b *brief) timeChart(ts *timeSeries) (*chart.Chart, error) {
	// Many bars get a label every few, so that labels do not overlap.
	every := 1
	if n := len(ts.periods); n > 12 {
		every = (n + 9) / 10
	}
	var labels []string
	for i, p := range ts.periods {
		if i%every == 0 {
			labels = append(labels, p.label)
		} else {
			labels = append(labels, "")
		}
	}
	ch, err := chart.Stacked(labels, ts.series, false, "Quotations")
	if err != nil {
		return nil, fmt.Errorf("chart over time: %w", err)
	}
	return ch, nil
}
