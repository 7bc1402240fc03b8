package managed_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/benchtext"
)

// TestConcurrentScans: one engine shared by many goroutines (as the scanner
// and the worker use it) gives every goroutine the same answer. Run with
// -race to catch shared mutable state.
func TestConcurrentScans(t *testing.T) {
	e := engine(t, 0)
	d := benchtext.Generate(512<<10, 7)
	count := func() int {
		n := 0
		if _, err := e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) { n++ }); err != nil {
			t.Error(err)
		}
		return n
	}
	want := count()
	if want == 0 {
		t.Fatal("no matches in the sample")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				if got := count(); got != want {
					t.Errorf("concurrent scan found %d, alone %d", got, want)
				}
			}
		}()
	}
	wg.Wait()
}
