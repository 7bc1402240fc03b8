package managed_test

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/benchtext"
)

// TestBenchText checks the benchmark text: every planted value is found
// under its identifier, and the look-alikes are not found.
func TestBenchText(t *testing.T) {
	d, planted := benchtext.GenerateStats(4<<20, 1)
	e := engine(t, 0)
	found := map[string]int{}
	if _, err := e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(m classifiers.Match) {
		found[m.Identifier.ID]++
	}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id := range found {
		ids = append(ids, id)
	}
	for id := range planted {
		if strings.HasPrefix(id, "bytes:") {
			t.Logf("%s %.1f%%", id, 100*float64(planted[id])/float64(len(d)))
			continue
		}
		if found[id] == 0 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	total := 0
	for _, id := range ids {
		t.Logf("%-30s planted %5d found %5d", id, planted[id], found[id])
		if found[id] != planted[id] {
			t.Errorf("%s: %d planted, %d found", id, planted[id], found[id])
		}
		total += planted[id]
	}
	lines := bytes.Count(d, []byte{'\n'})
	t.Logf("%d bytes, %d lines, %d planted values (one per %.1f KiB)", len(d), lines, total, float64(len(d))/1024/float64(total))
}
