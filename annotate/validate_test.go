package annotate

import (
	"strings"
	"testing"
)

func TestMetadataLengths(t *testing.T) {
	long := func(n int) *string { s := strings.Repeat("é", n); return &s }
	for _, tc := range []struct {
		name string
		upd  DocumentUpdate
		want string
	}{
		{"title at the limit", DocumentUpdate{Title: long(MaxTitle)}, ""},
		{"title over", DocumentUpdate{Title: long(MaxTitle + 1)}, "document title is longer than 1000 characters"},
		{"blank title", DocumentUpdate{Title: new(string)}, "document title required"},
		{"outlet over", DocumentUpdate{Outlet: long(MaxMetadata + 1)}, "document outlet is longer"},
		{"date over", DocumentUpdate{Published: long(MaxPublished + 1)}, "document date is longer"},
		{"URL at the limit", DocumentUpdate{URL: long(MaxURL)}, ""},
		{"URL over", DocumentUpdate{URL: long(MaxURL + 1)}, "document URL is longer"},
	} {
		err := tc.upd.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want EINVALID %q", tc.name, err, tc.want)
		}
	}
	d := &Document{Title: "T", Text: "text", Byline: *long(MaxMetadata + 1)}
	if err := d.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "document author is longer") {
		t.Errorf("document with a long byline: %v", err)
	}
	tag := &Tag{Name: "T", Color: "#000000", Description: *long(MaxTagDescription + 1)}
	if err := tag.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "description is longer") {
		t.Errorf("tag with a long description: %v", err)
	}
}
