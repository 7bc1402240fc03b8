package managed_test

import (
	"bytes"
	"context"
	"os"
	"runtime/pprof"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
)

func TestProfAll(t *testing.T) {
	if os.Getenv("PROF") == "" {
		t.Skip()
	}
	d := data()
	e := engine(t, 0)
	if os.Getenv("PROF") == "5" {
		e = engine(t, 5)
	}
	e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
	f, _ := os.Create(os.Getenv("PROFOUT"))
	pprof.StartCPUProfile(f)
	for range 3 {
		e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
	}
	pprof.StopCPUProfile()
	f.Close()
}
