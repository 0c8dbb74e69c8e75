package annotate_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gloss/annotate"
)

// benchText is about 3 MB: the seed articles repeated, each copy with a
// numbered dateline so no two paragraphs repeat exactly.
func benchText(b *testing.B) string {
	files, _ := filepath.Glob("../export/ingest/testdata/seeds/*.txt")
	if len(files) == 0 {
		b.Fatal("no seed articles in ../export/ingest/testdata/seeds")
	}
	var arts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, strings.TrimSpace(string(data)))
	}
	var sb strings.Builder
	for i := 0; sb.Len() < 3<<20; i++ {
		sb.WriteString("Dispatch ")
		sb.WriteString(strings.Repeat("I", i%7+1))
		sb.WriteString(" from Geneva.\n")
		sb.WriteString(arts[i%len(arts)])
		sb.WriteString("\n")
	}
	return sb.String()
}

func benchRules(b *testing.B) []*annotate.Rule {
	data, err := os.ReadFile("../assets/rules.json")
	if err != nil {
		b.Fatal(err)
	}
	specs, err := annotate.ParseRuleSpecs(data)
	if err != nil {
		b.Fatal(err)
	}
	var rules []*annotate.Rule
	for _, s := range specs {
		rules = append(rules, &annotate.Rule{ID: s.Name, Name: s.Name, Kind: s.Kind, Pattern: s.Pattern, Scope: s.Scope, TagID: s.Tag})
	}
	return rules
}

// BenchmarkAutoCode runs the seed rules over 3 MB of text against a naive
// coder that scans the text once per word of every rule with
// strings.Index.
func BenchmarkAutoCode(b *testing.B) {
	text := benchText(b)
	rules := benchRules(b)
	b.Logf("%.1f MB, %d rules", float64(len(text))/1e6, len(rules))
	var want int
	b.Run("coder", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for i := 0; i < b.N; i++ {
			ps, err := annotate.AutoCode("doc", text, rules)
			if err != nil {
				b.Fatal(err)
			}
			want = len(ps)
		}
	})
	b.Run("naive-index", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for i := 0; i < b.N; i++ {
			if got := naiveAutoCode(text, rules); got != want {
				b.Fatalf("naive coder proposed %d, the coder %d", got, want)
			}
		}
	})
}

// naiveAutoCode is the baseline: per rule, per word or phrase, a
// strings.Index loop over the lower-cased text, a boundary check, then the
// same widening to the sentence. It returns the number of proposals.
func naiveAutoCode(text string, rules []*annotate.Rule) int {
	lower := strings.ToLower(text)
	t := annotate.NewText(lower)
	sentences := annotate.Sentences(text)
	isWord := func(r byte) bool {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r >= 0x80
	}
	type key struct {
		tag        string
		start, end int
	}
	seen := map[key]bool{}
	for _, r := range rules {
		for _, alt := range strings.Split(r.Pattern, "|") {
			alt = strings.ToLower(strings.TrimSpace(alt))
			prefix := strings.HasSuffix(alt, "*")
			alt = strings.TrimSuffix(alt, "*")
			for b := 0; ; {
				i := strings.Index(lower[b:], alt)
				if i < 0 {
					break
				}
				s, e := b+i, b+i+len(alt)
				b = e
				if s > 0 && isWord(lower[s-1]) {
					continue
				}
				if prefix {
					for e < len(lower) && isWord(lower[e]) {
						e++
					}
				} else if e < len(lower) && isWord(lower[e]) {
					continue
				}
				cs, ce := t.CodePoint(s), t.CodePoint(e)
				k := sort.Search(len(sentences), func(k int) bool { return sentences[k][1] > cs })
				if k < len(sentences) && sentences[k][0] <= cs {
					cs, ce = sentences[k][0], max(ce, sentences[k][1])
				}
				seen[key{r.TagID, cs, ce}] = true
			}
		}
	}
	return len(seen)
}
