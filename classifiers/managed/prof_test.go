package managed_test

import (
	"bytes"
	"context"
	"os"
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
	e.ScanReader(context.Background(), bytes.NewReader(d[:1<<20]), classifiers.Location{}, func(classifiers.Match) {})
	e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
}
