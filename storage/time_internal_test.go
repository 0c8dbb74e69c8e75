package storage

import (
	"testing"
	"time"
)

// TestParseTimeMatchesTimeParse checks the fast path of parseTime against
// time.Parse on stored times, edge cases and malformed text.
func TestParseTimeMatchesTimeParse(t *testing.T) {
	inputs := []string{
		"2021-06-16T12:00:00.000000Z",
		"2026-11-21T21:19:02.123456Z",
		"0001-01-01T00:00:00.000000Z",
		"2024-02-29T23:59:59.999999Z", // leap day
		"2023-02-29T10:00:00.000000Z", // no such day: time.Parse refuses it
		"2021-06-31T10:00:00.000000Z",
		"2021-13-01T10:00:00.000000Z",
		"2021-06-16T24:00:00.000000Z",
		"2021-06-16T12:60:00.000000Z",
		"2021-06-16T12:00:60.000000Z",
		"2021-06-16T12:00:00.00000aZ",
		"2021-06-16 12:00:00.000000Z",
		"2021-06-16T12:00:00Z",              // RFC 3339 without fraction
		"2021-06-16T12:00:00.5+02:00",       // RFC 3339 with a zone
		"2021-06-16T12:00:00.000000000Z",    // nanoseconds
		"2021-06-16T12:00:00.000000Z extra", // trailing text
		"",
		"not a time",
	}
	for _, s := range inputs {
		want := parseTimeSlow(s)
		got := parseTime(s)
		if !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("parseTime(%q) = %v (%v), time.Parse gives %v (%v)", s, got, got.Location(), want, want.Location())
		}
	}
	now := time.Now()
	for i := 0; i < 1000; i++ {
		tm := now.Add(time.Duration(i) * 7777777 * time.Microsecond * 1013)
		s := formatTime(tm)
		if got, want := parseTime(s), parseTimeSlow(s); got != want {
			t.Fatalf("parseTime(%q) = %v, time.Parse gives %v", s, got, want)
		}
		if !parseTime(s).Equal(tm.Truncate(time.Microsecond)) {
			t.Fatalf("parseTime(formatTime(%v)) = %v", tm, parseTime(s))
		}
	}
}
