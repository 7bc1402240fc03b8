package managed_test

import (
	"bytes"
	"context"
	"os"
	"sort"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
)

func TestDbgCalls(t *testing.T) {
	d := data()
	for _, n := range []int{0} {
		classifiers.DebugSample = os.Getenv("SAMPLE")
		clear(classifiers.DebugCalls)
		clear(classifiers.DebugBytes)
		e := engine(t, n)
		e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
		var ks []string
		for k := range classifiers.DebugCalls {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return classifiers.DebugBytes[ks[i]] > classifiers.DebugBytes[ks[j]] })
		tc, tb := 0, 0
		for _, k := range ks {
			tc += classifiers.DebugCalls[k]
			tb += classifiers.DebugBytes[k]
		}
		t.Logf("n=%d total calls %d bytes %d (data %d)", n, tc, tb, len(d))
		for _, k := range ks[:min(25, len(ks))] {
			t.Logf("%-40s calls %7d bytes %9d", k, classifiers.DebugCalls[k], classifiers.DebugBytes[k])
		}
	}
}
