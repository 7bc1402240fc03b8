package corpus_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/scanner"
)

func TestZZDebug(t *testing.T) {
	files := os.Getenv("DBG")
	if files == "" {
		t.Skip()
	}
	eng, _ := classifiers.NewEngine(managed.All(), classifiers.Options{FingerprintKey: []byte("k")})
	sc := scanner.New(eng, scanner.Options{MaxOccurrences: 1000})
	for _, f := range strings.Split(files, ",") {
		obj, err := scanner.LocalObject(f)
		if err != nil {
			t.Fatal(err)
		}
		res := sc.Scan(context.Background(), obj)
		t.Logf("%s: %s %s format=%s", f, res.Status, res.Reason, res.Format)
		for _, fd := range res.Findings {
			if os.Getenv("TYPE") != "" && os.Getenv("TYPE") != fd.Type {
				continue
			}
			for _, oc := range fd.Occurrences {
				t.Logf("  %s %+v", fd.Type, oc)
			}
		}
	}
}
