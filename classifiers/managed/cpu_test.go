package managed_test

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestEngineCPU reports MB per CPU-second of the calling thread: steadier
// than wall time on a busy machine. Only with DREDGE_CPU_BENCH=1.
func TestEngineCPU(t *testing.T) {
	if os.Getenv("DREDGE_CPU_BENCH") == "" {
		t.Skip("set DREDGE_CPU_BENCH=1")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	d := data()
	for _, n := range []int{5, 0} {
		e := engine(&testing.B{}, n)
		// The first pass builds the lazy DFAs (the trigger shapes' and each
		// regex's in RE2): a worker pays it once. Report it, then the
		// steady state, best of three.
		st := cpuTime()
		e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
		cold := cpuTime() - st
		best := time.Duration(1 << 62)
		for range 3 {
			st := cpuTime()
			e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
			best = min(best, cpuTime()-st)
		}
		mb := float64(len(d)) / 1e6
		t.Logf("identifiers=%d: %.1f MB per CPU-second (first pass, building DFAs: %.1f)", n, mb/best.Seconds(), mb/cold.Seconds())
	}
}
