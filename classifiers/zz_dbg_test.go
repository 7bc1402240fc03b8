package classifiers_test

import (
	"os"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"

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

func TestDbgPasses(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	d := benchtext.Generate(8<<20, 1)
	for _, n := range []int{5, 0} {
		ids := managed.All()
		if n == 5 {
			pick := map[string]bool{"US_SSN": true, "CREDIT_CARD_NUMBER": true, "EMAIL_ADDRESS": true, "AWS_ACCESS_KEY_ID": true, "PHONE_NUMBER": true}
			var few []*classifiers.Identifier
			for _, id := range ids {
				if pick[id.ID] {
					few = append(few, id)
				}
			}
			ids = few
		}
		e, _ := classifiers.NewEngine(ids, classifiers.Options{})
		a, b, c, dd := classifiers.DbgSizes(e)
		t.Logf("AC states %d classes %d; shape nodes %d classes %d", a, b, c, dd)
		m := classifiers.DbgMatcher(e)
		classifiers.DbgDFA(e, m, d)
		runtime.LockOSThread()
		t0 := cpuTime()
		h := classifiers.DbgAC(e, d)
		t1 := cpuTime()
		s := classifiers.DbgDFA(e, m, d)
		t2 := cpuTime()
		runtime.UnlockOSThread()
		t.Logf("n=%d AC %v (%d hits, %.0f MB/s) DFA %v (%d hits, %.0f MB/s)", n, t1-t0, h, float64(len(d))/1e6/(t1-t0).Seconds(), t2-t1, s, float64(len(d))/1e6/(t2-t1).Seconds())
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestDbgHits(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	d := benchtext.Generate(8<<20, 1)
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
	h := classifiers.DbgShapeHits(shapes, d)
	sort.Slice(shapes, func(i, j int) bool { return h[shapes[i]] > h[shapes[j]] })
	for _, s := range shapes[:25] {
		x := s
		if len(x) > 90 {
			x = x[:90]
		}
		t.Logf("%8d %s", h[s], x)
	}
}

func TestDbgSplit(t *testing.T) {
	e, _ := classifiers.NewEngine(managed.All(), classifiers.Options{})
	t.Logf("splittable %v", classifiers.Splittable(e))
}
