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
		e.ScanReader(context.Background(), bytes.NewReader(d[:1<<20]), classifiers.Location{}, func(classifiers.Match) {})
		st := cpuTime()
		e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
		t.Logf("identifiers=%d: %.1f MB per CPU-second", n, float64(len(d))/1e6/(cpuTime()-st).Seconds())
	}
}
