package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/annotate"
)

// TestQuotesMatchIsTextRulesGo holds gloss_quotes_match, the quotes'
// rule in C, to textRulesGo, its reference, on random documents and
// passages with values of every kind: texts with code points of one to
// four bytes and NULs, invalid UTF-8 (stray and truncated sequences,
// overlong forms, surrogates, past U+10FFFF), ranges at, before and past
// the ends, quotes one byte off or cut by bytes instead of code points,
// ids twice or missing, and values that are not text or integers. On
// every draw textRules says exactly what textRulesGo says; where every
// value is plain (text, integers, each document once, valid UTF-8), the
// function finds every quote right exactly when textRulesGo reports none.
func TestQuotesMatchIsTextRulesGo(t *testing.T) {
	db, err := sql.Open(driverName, filepath.Join(t.TempDir(), "quotes.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// No column types: a value keeps the type it is given.
	if _, err := db.Exec(`CREATE TABLE documents (id, sha256, length, text);
		CREATE TABLE passages (id, document_id, start_offset, end_offset, quote, deleted_at)`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	valid := []string{"a", "b", " ", "é", "€", "😀", "\x00", "\u07ff", "\uffff", "\U0010ffff"}
	invalid := []string{"\xff", "\x80", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xe2\x82", "\xf0\x9f\x98", "\xc2"}
	docIDs := []string{"d1", "d2", "d3", "d10", "d1\x00"}
	kinds := map[string]int{}
	for draw := 0; draw < 3000; draw++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		exec := func(q string, args ...any) {
			if _, err := tx.Exec(q, args...); err != nil {
				t.Fatalf("draw %d: %s: %v", draw, q, err)
			}
		}
		exec(`DELETE FROM documents`)
		exec(`DELETE FROM passages`)
		plain := true
		odd := func(n int) bool { return rng.IntN(n) == 0 }
		other := func() any {
			plain = false
			return []any{nil, int64(7), 2.0, 1.5, []byte("d2"), "3"}[rng.IntN(6)]
		}
		var texts []string
		var ids []string
		for _, i := range rng.Perm(len(docIDs))[:rng.IntN(len(docIDs)+1)] {
			id := docIDs[i]
			if odd(30) && len(ids) > 0 {
				id = ids[0] // the same id twice
				plain = false
			}
			var b strings.Builder
			broken := odd(8)
			for n := rng.IntN(40); n > 0; n-- {
				if broken && odd(6) {
					b.WriteString(invalid[rng.IntN(len(invalid))])
				} else {
					b.WriteString(valid[rng.IntN(len(valid))])
				}
			}
			text := b.String()
			if !utf8.ValidString(text) {
				plain = false
			}
			texts = append(texts, text)
			ids = append(ids, id)
			var idv, textv, sha, length any = id, text, annotate.HashText(text), int64(utf8.RuneCountInString(text))
			switch {
			case odd(40):
				idv = other()
			case odd(40):
				textv = other()
			case odd(10):
				sha = "x"
			case odd(10):
				length = int64(0)
			case odd(60):
				sha = nil
				plain = false
			}
			exec(`INSERT INTO documents VALUES (?, ?, ?, ?)`, idv, sha, length, textv)
		}
		for p := rng.IntN(12); p > 0; p-- {
			var doc, text string
			if len(ids) > 0 && !odd(8) {
				k := rng.IntN(len(ids))
				doc, text = ids[k], texts[k]
			} else {
				doc = []string{"d0", "d4", "d2x", ""}[rng.IntN(4)]
			}
			n := utf8.RuneCountInString(text)
			start := rng.IntN(n+3) - 1
			end := start + rng.IntN(8) - 1
			if odd(4) {
				end = n + rng.IntN(3) - 1
			}
			var quote string
			if utf8.ValidString(text) {
				quote = annotate.NewText(text).Slice(start, end)
			} else if 0 <= start && start < end && end <= len(text) {
				quote = text[start:end]
			}
			switch rng.IntN(10) {
			case 0: // cut by bytes, not code points
				if 0 <= start && start < end && end <= len(text) {
					quote = text[start:end]
				}
			case 1:
				quote += "x"
			case 2:
				if quote != "" {
					quote = quote[:len(quote)-1]
				}
			case 3:
				if quote != "" {
					i := rng.IntN(len(quote))
					quote = quote[:i] + string(quote[i]^1) + quote[i+1:]
				}
			case 4:
				quote += "\x00"
			}
			var deleted any
			if odd(5) {
				deleted = "2026-12-01T10:00:00.000000Z"
			}
			row := []any{fmt.Sprint("p", p), doc, int64(start), int64(end), quote, deleted}
			if odd(15) {
				row[rng.IntN(5)] = other()
			}
			exec(`INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)`, row...)
		}
		want, wantErr := textRulesGo(ctx, tx, true)
		got, gotErr := textRules(ctx, tx)
		if fmt.Sprint(got, gotErr) != fmt.Sprint(want, wantErr) {
			t.Fatalf("draw %d: textRules gives %q, %v; textRulesGo %q, %v", draw, got, gotErr, want, wantErr)
		}
		match := quotesMatch(ctx, tx)
		wrong := false
		for _, p := range want {
			wrong = wrong || strings.HasPrefix(p, "passage ")
		}
		switch {
		case !plain:
			kinds["other"]++
		case match == wrong:
			t.Fatalf("draw %d: gloss_quotes_match finds the quotes right: %v; textRulesGo reports %q", draw, match, want)
		case match:
			kinds["right"]++
		default:
			kinds["wrong"]++
		}
		tx.Rollback()
	}
	if kinds["right"] < 300 || kinds["wrong"] < 300 || kinds["other"] < 300 {
		t.Fatalf("draws of each kind: %v", kinds)
	}
	t.Log(kinds)
}
