package personal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
)

func scanTime(t *testing.T, ids []*classifiers.Identifier, root string) (time.Duration, int) {
	e, err := classifiers.NewEngine(ids, classifiers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
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
		e.ScanReader(context.Background(), f, classifiers.Location{}, func(m classifiers.Match) { n++ })
		return nil
	})
	return time.Since(t0), n
}

func TestScratchPerf(t *testing.T) {
	root := os.Getenv("SCRATCH_ROOT")
	if root == "" {
		t.Skip()
	}
	d, n := scanTime(t, []*classifiers.Identifier{PersonName}, root)
	fmt.Println("PersonName", d, n)
	d, n = scanTime(t, []*classifiers.Identifier{PostalAddress}, root)
	fmt.Println("PostalAddress", d, n)
	for i := range PersonName.Patterns {
		cp := *PersonName
		cp.Patterns = []classifiers.Pattern{PersonName.Patterns[i]}
		d, n := scanTime(t, []*classifiers.Identifier{&cp}, root)
		fmt.Println("PN pattern", i, d, n)
	}
	for i := range PostalAddress.Patterns {
		cp := *PostalAddress
		cp.Patterns = []classifiers.Pattern{PostalAddress.Patterns[i]}
		d, n := scanTime(t, []*classifiers.Identifier{&cp}, root)
		fmt.Println("PA pattern", i, d, n)
	}
}

func TestScratchPerfAll(t *testing.T) {
	root := os.Getenv("SCRATCH_ROOT")
	if root == "" {
		t.Skip()
	}
	d, n := scanTime(t, Identifiers, root)
	fmt.Println("all", d, n)
	for _, id := range Identifiers {
		d, n := scanTime(t, []*classifiers.Identifier{id}, root)
		fmt.Println(id.ID, d, n)
	}
}
