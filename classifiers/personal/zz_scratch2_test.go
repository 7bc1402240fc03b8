package personal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
)

func TestScratchCorpus(t *testing.T) {
	root := os.Getenv("SCRATCH_ROOT")
	if root == "" {
		t.Skip()
	}
	e, err := classifiers.NewEngine(Identifiers, classifiers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var total int64
	t0 := time.Now()
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || info.Size() > 2<<20 {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return nil
		}
		defer f.Close()
		n, _ := e.ScanReader(context.Background(), f, classifiers.Location{Path: p}, func(m classifiers.Match) {
			id := m.Identifier.ID
			if id != "PERSON_NAME" && id != "POSTAL_ADDRESS" {
				return
			}
			counts[id]++
			v := strings.ReplaceAll(string(m.Value), "\n", "\\n")
			fmt.Printf("%s\t%s\t%s:%d\t%q\n", id, m.Confidence, p, m.Loc.Line, v)
		})
		total += n
		return nil
	})
	fmt.Println("TOTAL", counts, total, time.Since(t0))
}
