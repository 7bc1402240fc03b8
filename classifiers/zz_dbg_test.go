package classifiers_test

import (
	"os"
	"sort"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/internal/benchtext"
)

func TestDbgShapes(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	d := benchtext.Generate(8<<20, 3)
	var shapes []string
	seen := map[string]bool{}
	for _, id := range managed.All() {
		for _, p := range id.Patterns {
			for _, s := range p.Trigger.Shapes {
				if !seen[s] {
					seen[s] = true
					shapes = append(shapes, s)
				}
			}
		}
	}
	type r struct {
		s string
		n int
	}
	var rs []r
	for _, s := range shapes {
		rs = append(rs, r{s, classifiers.DbgStates([]string{s}, d)})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].n > rs[j].n })
	for _, x := range rs {
		s := x.s
		if len(s) > 100 {
			s = s[:100]
		}
		t.Logf("%6d %s", x.n, s)
	}
	t.Logf("all: %d", classifiers.DbgStates(shapes, d))
}

func TestDbgLOO(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	d := benchtext.Generate(4<<20, 3)
	var shapes []string
	seen := map[string]bool{}
	for _, id := range managed.All() {
		for _, p := range id.Patterns {
			for _, s := range p.Trigger.Shapes {
				if !seen[s] {
					seen[s] = true
					shapes = append(shapes, s)
				}
			}
		}
	}
	all := classifiers.DbgStates(shapes, d)
	type r struct {
		s string
		n int
	}
	var rs []r
	for i, s := range shapes {
		rest := append(append([]string{}, shapes[:i]...), shapes[i+1:]...)
		rs = append(rs, r{s, all - classifiers.DbgStates(rest, d)})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].n > rs[j].n })
	for _, x := range rs[:15] {
		s := x.s
		if len(s) > 100 {
			s = s[:100]
		}
		t.Logf("%6d %s", x.n, s)
	}
	t.Logf("all: %d", all)
}
