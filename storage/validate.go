package storage

import (
	"fmt"
	"time"

	"gloss/annotate"
)

// MaxClockSkew is how far ahead of this computer's clock a stored time may
// be. Merging compares times as text and lets the later change win, so a
// row dated in the future would win against every change made until then;
// a day leaves room for clocks that are set wrong by a time zone.
const MaxClockSkew = 24 * time.Hour

// CheckTime returns nil when s is a time as Gloss stores it (UTC, the
// fixed-width form 2006-01-02T15:04:05.000000Z) and no more than
// MaxClockSkew ahead of now; otherwise an error that says which.
func CheckTime(s string, now time.Time) error {
	if !validTime(s) {
		return fmt.Errorf("the time %q is not of the form %s", s, timeFormat)
	}
	if s > formatTime(now.Add(MaxClockSkew)) {
		return fmt.Errorf("the time %s is more than a day ahead of this computer's clock", s)
	}
	return nil
}

// StoredTime returns t in the form Gloss stores, or an error when Gloss may
// not store it: a year outside 1–9999 (which the fixed-width form cannot
// hold) or a time more than MaxClockSkew ahead of now. Importers call it on
// every time a file gives, so that nothing they write can make a later
// check or merge fail.
func StoredTime(t, now time.Time) (string, error) {
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("the time %s is outside the years 1 to 9999", t.UTC().Format(time.RFC3339))
	}
	s := formatTime(t)
	if err := CheckTime(s, now); err != nil {
		return "", err
	}
	return s, nil
}

// CheckID returns nil when s is a Gloss ID: a UUID in canonical lower-case
// form (annotate.ValidID).
func CheckID(s string) error {
	if !annotate.ValidID(s) {
		return fmt.Errorf("the id %q is not a lower-case UUID", annotate.Ellipsize(s, 40))
	}
	return nil
}
