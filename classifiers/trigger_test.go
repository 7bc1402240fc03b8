package classifiers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/internal/benchtext"
)

// TestTriggerShapesNecessary checks that trigger shapes are necessary
// conditions: an engine that leaves them out (and so runs those patterns
// on every line, or on every keyword window) finds exactly the same
// matches, at every confidence, on the labeled corpus, on the benchmark
// text and on the directories listed in DREDGE_TRIGGER_DIRS
// (colon-separated; say a Go source tree's testdata or a secret
// scanner's detector tests).
func TestTriggerShapesNecessary(t *testing.T) {
	opts := classifiers.Options{MinConfidence: classifiers.Low, FingerprintKey: []byte("k")}
	fast, err := classifiers.NewEngine(managed.All(), opts)
	if err != nil {
		t.Fatal(err)
	}
	classifiers.SetIgnoreShapes(true)
	slow, err := classifiers.NewEngine(managed.All(), opts)
	classifiers.SetIgnoreShapes(false)
	if err != nil {
		t.Fatal(err)
	}
	scan := func(e *classifiers.Engine, data []byte) []string {
		out := []string{}
		if _, err := e.ScanReader(context.Background(), strings.NewReader(string(data)), classifiers.Location{}, func(m classifiers.Match) {
			out = append(out, fmt.Sprintf("%s@%d+%d/%s %q", m.Identifier.ID, m.Loc.Offset, m.Loc.Length, m.Confidence, m.Value))
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	check := func(name string, data []byte) int {
		a, b := scan(fast, data), scan(slow, data)
		if !slices.Equal(a, b) {
			for _, x := range b {
				if !slices.Contains(a, x) {
					t.Errorf("%s: a shape lost %s", name, x)
				}
			}
			for _, x := range a {
				if !slices.Contains(b, x) {
					t.Errorf("%s: found only with shapes: %s", name, x)
				}
			}
		}
		return len(b)
	}
	n := check("benchtext", benchtext.Generate(2<<20, 5))
	dirs := []string{"../corpus/data"}
	if v := os.Getenv("DREDGE_TRIGGER_DIRS"); v != "" {
		dirs = append(dirs, strings.Split(v, ":")...)
	}
	files := 0
	for _, dir := range dirs {
		filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || info.Size() > 8<<20 {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			files++
			n += check(p, data)
			return nil
		})
	}
	t.Logf("%d files, %d matches compared", files, n)
}
