package storage_test

import (
	"strings"
	"testing"
	"time"

	"gloss/storage"
)

func TestCheckTime(t *testing.T) {
	now := time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		s, want string // want: "" for valid, else a part of the error
	}{
		{"2021-06-16T12:00:00.000000Z", ""},
		{"2021-06-17T11:59:59.999999Z", ""}, // within a day ahead
		{"2021-06-17T12:00:00.000001Z", "more than a day ahead"},
		{"2099-01-01T00:00:00.000000Z", "more than a day ahead"},
		{"2021-06-16T12:00:00Z", "not of the form"},
		{"2021-06-16 12:00:00.000000Z", "not of the form"},
		{"2021-06-31T12:00:00.000000Z", "not of the form"}, // no 31 June
		{"2021-06-16T24:00:00.000000Z", "not of the form"},
		{"٢٠٢١-06-16T12:00:00.000000Z", "not of the form"}, // digits beyond ASCII
		{"", "not of the form"},
	}
	for _, tt := range tests {
		err := storage.CheckTime(tt.s, now)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckTime(%q) = %v; want nil", tt.s, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckTime(%q) = %v; want an error with %q", tt.s, err, tt.want)
		}
	}
}

func TestStoredTime(t *testing.T) {
	now := time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)
	paris := time.FixedZone("CEST", 2*3600)
	s, err := storage.StoredTime(time.Date(2021, 6, 16, 14, 30, 0, 1500, paris), now)
	if err != nil || s != "2021-06-16T12:30:00.000001Z" {
		t.Fatalf("StoredTime = %q, %v; want UTC with microseconds", s, err)
	}
	for _, bad := range []time.Time{
		time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),  // the future
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), // five digits do not fit the form
	} {
		if s, err := storage.StoredTime(bad, now); err == nil {
			t.Errorf("StoredTime(%v) = %q; want an error", bad, s)
		}
	}
	if _, err := storage.StoredTime(time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), now); err == nil || !strings.Contains(err.Error(), "outside the years") {
		t.Errorf("year 0: %v", err)
	}
}

func TestCheckID(t *testing.T) {
	for _, id := range []string{"0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d"} {
		if err := storage.CheckID(id); err != nil {
			t.Errorf("CheckID(%q) = %v", id, err)
		}
	}
	for _, id := range []string{"0B5C3A1E-8A0F-4D39-9C54-3F0E1F6B2A7D", "0b5c3a1e8a0f4d399c543f0e1f6b2a7d", "{0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d}", "x", ""} {
		if err := storage.CheckID(id); err == nil || !strings.Contains(err.Error(), "not a lower-case UUID") {
			t.Errorf("CheckID(%q) = %v; want a refusal", id, err)
		}
	}
}
