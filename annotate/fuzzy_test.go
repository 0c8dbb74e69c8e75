package annotate

import (
	"math/rand"
	"strings"
	"testing"
)

// naiveSearch is the textbook dynamic programme for approximate matching:
// the least edit distance between pattern and a substring of text ending at
// each offset.
func naiveSearch(pattern, text []rune) []int {
	m := len(pattern)
	col := make([]int, m+1)
	for i := range col {
		col[i] = i
	}
	out := make([]int, len(text))
	for j, c := range text {
		prevDiag := col[0]
		col[0] = 0
		for i := 1; i <= m; i++ {
			cost := 1
			if pattern[i-1] == c {
				cost = 0
			}
			v := min(prevDiag+cost, col[i]+1, col[i-1]+1)
			prevDiag, col[i] = col[i], v
		}
		out[j] = col[m]
	}
	return out
}

func randomRunes(r *rand.Rand, n int, alphabet []rune) []rune {
	out := make([]rune, n)
	for i := range out {
		out[i] = alphabet[r.Intn(len(alphabet))]
	}
	return out
}

func TestMyersMatchesDynamicProgramme(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	alphabets := [][]rune{[]rune("ab"), []rune("acgt"), []rune("abcdefghij é—“”🙂")}
	for iter := 0; iter < 2000; iter++ {
		alpha := alphabets[iter%len(alphabets)]
		// Pattern lengths cross the 64-bit block boundaries.
		m := 1 + r.Intn(200)
		pattern := randomRunes(r, m, alpha)
		text := randomRunes(r, r.Intn(300), alpha)
		if r.Intn(2) == 0 && len(text) > 0 { // plant a mutated copy of the pattern
			at := r.Intn(len(text))
			text = append(text[:at:at], append(mutate(r, pattern, r.Intn(m/4+1), alpha), text[at:]...)...)
		}
		want := naiveSearch(pattern, text)
		p := newMyers(pattern)
		got := make([]int, 0, len(text))
		p.scan(text, func(end, e int) {
			if end != len(got)+1 {
				t.Fatalf("scan visited end %d after %d", end, len(got))
			}
			got = append(got, e)
		})
		for j := range want {
			if got[j] != want[j] {
				t.Fatalf("iteration %d: pattern %q text %q: distance at end %d = %d, want %d", iter, string(pattern), string(text), j+1, got[j], want[j])
			}
		}
	}
}

// mutate applies n random substitutions, insertions and deletions.
func mutate(r *rand.Rand, s []rune, n int, alpha []rune) []rune {
	out := append([]rune(nil), s...)
	for ; n > 0; n-- {
		i := r.Intn(len(out) + 1)
		switch op := r.Intn(3); {
		case op == 0 && i < len(out):
			out[i] = alpha[r.Intn(len(alpha))]
		case op == 1 && i < len(out) && len(out) > 1:
			out = append(out[:i], out[i+1:]...)
		default:
			out = append(out[:i], append([]rune{alpha[r.Intn(len(alpha))]}, out[i:]...)...)
		}
	}
	return out
}

const summit = "President Biden met with Russian President Vladimir Putin in Geneva on Wednesday.\n\n" +
	"Putin said the ambassadors would return to their posts in Washington and Moscow. " +
	"Biden said he gave Putin a list of 16 critical infrastructure entities that should be off-limits to cyberattacks. " +
	"Putin called the talks “constructive” — without hostility.\n"

func selector(text, quote string) Selector {
	t := NewText(text)
	start, end, err := FindQuote(t, quote, 0)
	if err != nil {
		panic(err)
	}
	return Describe(t, start, end)
}

func TestAnchor(t *testing.T) {
	quote := "the ambassadors would return to their posts"
	sel := selector(summit, quote)
	edited := strings.Replace(summit, "would return", "will return", 1)
	moved := "Updated at 8:32 p.m.\n" + summit
	tests := []struct {
		name string
		text string
		sel  Selector
		want string // "" for no anchor
	}{
		{"unchanged", summit, sel, quote},
		{"shifted by an inserted line", moved, sel, quote},
		{"quote edited", edited, sel, "the ambassadors will return to their posts"},
		{"quote edited and shifted", "Updated at 8:32 p.m.\n" + edited, sel, "the ambassadors will return to their posts"},
		{"quote gone", strings.Replace(summit, quote, "nothing of the kind happened here at all", 1), sel, ""},
		{"short quote changed is not guessed", strings.Replace(summit, "Geneva", "Zurich", 1), selector(summit, "Geneva"), ""},
		{"empty quote", summit, Selector{}, ""},
		{"curly quotes and dash", strings.Replace(summit, "“constructive” — without", "“constructive” – without", 1),
			selector(summit, "the talks “constructive” — without hostility"), "the talks “constructive” – without hostility"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := NewText(tt.text)
			start, end, ok := Anchor(text, tt.sel)
			if tt.want == "" {
				if ok {
					t.Fatalf("anchored at [%d, %d) %q; want an orphan", start, end, text.Slice(start, end))
				}
				return
			}
			if !ok {
				t.Fatalf("not anchored; want %q", tt.want)
			}
			if got := text.Slice(start, end); got != tt.want {
				t.Fatalf("anchored at [%d, %d) %q; want %q", start, end, got, tt.want)
			}
		})
	}
}

func TestAnchorContextChoosesAmongFuzzyCandidates(t *testing.T) {
	// Two equally near copies of an edited quote: the recorded prefix and
	// suffix pick the second, though the position hint points at the first.
	text := "Alpha said: the summit was a success, he added. Then Beta said: the summit was a success, she added."
	sel := Selector{Start: 12, End: 12 + len("the summit was a great success"), Exact: "the summit was a great success", Prefix: "Then Beta said: ", Suffix: ", she added."}
	start, end, ok := Anchor(NewText(text), sel)
	if !ok {
		t.Fatal("not anchored")
	}
	if want := strings.LastIndex(text, "the summit"); start != want || text[start:end] != "the summit was a success" {
		t.Fatalf("anchored at [%d, %d) %q; want the second occurrence at %d", start, end, text[start:end], want)
	}
	// Without context, the position decides.
	sel.Prefix, sel.Suffix = "", ""
	start, _, ok = Anchor(NewText(text), sel)
	if !ok || start != 12 {
		t.Fatalf("without context: start %d ok %v; want 12", start, ok)
	}
}

func TestAnchorHeavilyEditedQuoteNeedsContext(t *testing.T) {
	orig := "Before the meeting. He said the ambassadors would certainly return soon. After the meeting."
	sel := selector(orig, "the ambassadors would certainly return soon")
	// Over a quarter of the quote rewritten, but the context intact: found.
	changed := strings.Replace(orig, "would certainly return soon", "shall surely go back soon", 1)
	start, end, ok := Anchor(NewText(changed), sel)
	if !ok || changed[start:end] != "the ambassadors shall surely go back soon" {
		t.Fatalf("context intact: got [%d, %d) ok %v", start, end, ok)
	}
	// The same rewrite with the context gone too: an orphan.
	gone := "Something else entirely. the ambassadors shall surely go back soon — and more unrelated words."
	if start, end, ok := Anchor(NewText(gone), sel); ok {
		t.Fatalf("context gone: anchored at %q; want an orphan", gone[start:end])
	}
}

func TestAnchorLongQuoteAcrossBlocks(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	words := strings.Fields(summit)
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		b.WriteString(words[r.Intn(len(words))])
		b.WriteByte(' ')
	}
	text := b.String()
	quote := []rune(text)[5000:5300] // 300 code points: five blocks
	sel := Describe(NewText(text), 5000, 5300)
	edited := []rune(text)
	edited = append(edited[:5100:5100], append([]rune("INSERTED"), edited[5100:]...)...)
	edited[5200] = 'X'
	et := NewText(string(edited))
	start, end, ok := Anchor(et, sel)
	if !ok {
		t.Fatal("long edited quote not anchored")
	}
	if start != 5000 || end != 5308 {
		t.Fatalf("anchored at [%d, %d); want [5000, 5308) (quote %d code points)", start, end, len(quote))
	}
}

func TestAnchorRandomEdits(t *testing.T) {
	// A passage re-anchored after a few edits elsewhere and inside its quote
	// lands where its (edited) quote now is.
	r := rand.New(rand.NewSource(8))
	words := strings.Fields(summit + " Sullivan Lavrov Blinken Antonov Sullivan cyber ransomware hackers pipeline")
	for iter := 0; iter < 300; iter++ {
		var ws []string
		for i := 0; i < 80+r.Intn(200); i++ {
			ws = append(ws, words[r.Intn(len(words))])
		}
		text := []rune(strings.Join(ws, " "))
		qs := r.Intn(len(text) - 60)
		qe := qs + 40 + r.Intn(20)
		sel := Describe(NewText(string(text)), qs, qe)
		// Edit inside the quote (at most 2 substitutions) and insert text before it.
		newText := append([]rune(nil), text...)
		for k := r.Intn(3); k > 0; k-- {
			newText[qs+r.Intn(qe-qs)] = '#'
		}
		ins := []rune(strings.Repeat("new words ", r.Intn(5)))
		at := r.Intn(qs + 1)
		newText = append(newText[:at:at], append(ins, newText[at:]...)...)
		ws2, we2 := qs+len(ins), qe+len(ins)
		start, end, ok := Anchor(NewText(string(newText)), sel)
		if !ok {
			t.Fatalf("iteration %d: not anchored", iter)
		}
		if start > ws2+2 || start < ws2-2 || end > we2+2 || end < we2-2 {
			t.Fatalf("iteration %d: anchored at [%d, %d) %q; want about [%d, %d) %q", iter, start, end,
				string(newText[start:end]), ws2, we2, string(newText[ws2:we2]))
		}
	}
}

func BenchmarkAnchorFuzzy(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 100_000 {
		sb.WriteString(summit)
	}
	text := sb.String() + "Unique ending: the ambassadors would return to their posts, he said."
	sel := selector(text, "Unique ending: the ambassadors would return to their posts")
	edited := NewText(strings.Replace(text, "Unique ending: the ambassadors would", "Unique end: the envoys would", 1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, ok := Anchor(edited, sel); !ok {
			b.Fatal("not anchored")
		}
	}
}
