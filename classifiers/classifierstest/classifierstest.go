// Package classifierstest runs identifier table tests: each case is a text
// and the values the identifier must find in it, no more and no fewer.
package classifierstest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
)

// Case is one text and the raw values expected in it, in order. An empty
// Want is a negative case. Keys, if set, are context keys (a column name or
// JSON key path) for the whole text.
type Case struct {
	Text string
	Want []string
	Keys []string
}

// Run checks every case against the identifier alone and then with all of
// others present (so overlaps with other identifiers are exercised too).
func Run(t *testing.T, id *classifiers.Identifier, cases []Case, others ...*classifiers.Identifier) {
	t.Helper()
	sets := [][]*classifiers.Identifier{{id}}
	if len(others) > 0 {
		all := []*classifiers.Identifier{id}
		for _, o := range others {
			if o.ID != id.ID {
				all = append(all, o)
			}
		}
		sets = append(sets, all)
	}
	for _, set := range sets {
		e, err := classifiers.NewEngine(set, classifiers.Options{FingerprintKey: []byte("test")})
		if err != nil {
			t.Fatalf("%s: %v", id.ID, err)
		}
		for _, c := range cases {
			got := Find(t, e, id.ID, c.Text, c.Keys)
			want := c.Want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s (%d identifiers) in %q: got %q, want %q", id.ID, len(set), c.Text, got, want)
			}
		}
	}
}

// Find returns the raw values of identifier id that e finds in text.
func Find(t testing.TB, e *classifiers.Engine, id, text string, keys []string) []string {
	t.Helper()
	got := []string{}
	emit := func(m classifiers.Match) {
		if m.Identifier.ID != id {
			return
		}
		got = append(got, string(m.Value))
		if strings.Contains(m.Masked, string(m.Value)) && len(m.Value) > 6 {
			t.Errorf("%s: masked form %q shows the whole value", id, m.Masked)
		}
	}
	if len(keys) > 0 {
		b := &classifiers.Block{Data: []byte(text), Line: 1, Done: len(text),
			Segments: []classifiers.Segment{{Start: 0, End: len(text), Keys: keys}}}
		e.ScanBlock(b, emit)
		return got
	}
	if _, err := e.ScanReader(context.Background(), strings.NewReader(text), classifiers.Location{}, emit); err != nil {
		t.Fatal(err)
	}
	return got
}
