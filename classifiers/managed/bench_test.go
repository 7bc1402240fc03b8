package managed_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/internal/benchtext"
)

// benchSize is the mixed text the engine benchmarks run over (>= 64 MiB,
// as the issue asks); DREDGE_BENCH_MB shrinks it for a quick look.
func benchSize() int {
	mb := 64
	if v := os.Getenv("DREDGE_BENCH_MB"); v != "" {
		fmt.Sscan(v, &mb)
	}
	return mb << 20
}

var benchData []byte

func data() []byte {
	if benchData == nil {
		benchData = benchtext.Generate(benchSize(), 1)
	}
	return benchData
}

func engine(b testing.TB, n int) *classifiers.Engine {
	ids := managed.All()
	if n > 0 && n < len(ids) {
		// Five common ones: the "few identifiers" case.
		pick := map[string]bool{"US_SSN": true, "CREDIT_CARD_NUMBER": true, "EMAIL_ADDRESS": true, "AWS_ACCESS_KEY_ID": true, "PHONE_NUMBER": true}
		var few []*classifiers.Identifier
		for _, id := range ids {
			if pick[id.ID] {
				few = append(few, id)
			}
		}
		ids = few
	}
	e, err := classifiers.NewEngine(ids, classifiers.Options{FingerprintKey: []byte("bench")})
	if err != nil {
		b.Fatal(err)
	}
	return e
}

var (
	warmMu   sync.Mutex
	warmEng  = map[int]*classifiers.Engine{}
	warmSize = map[int]int{} // how many goroutines have warmed the engine
)

// warmEngine returns one engine per identifier count for the whole test
// binary (testing calls a benchmark function once per b.N), warmed by a
// scan of the whole text by as many goroutines as GOMAXPROCS: a worker
// builds its lazy DFAs (trigger shapes, each regex's in RE2) once, in its
// first megabytes (TestEngineCPU reports that first pass), and the
// benchmark measures the steady state.
func warmEngine(b testing.TB, n int) *classifiers.Engine {
	warmMu.Lock()
	defer warmMu.Unlock()
	e := warmEng[n]
	if e == nil {
		e = engine(b, n)
		warmEng[n] = e
	}
	procs := runtime.GOMAXPROCS(0)
	if warmSize[n] >= procs {
		return e
	}
	warmSize[n] = procs
	d := data()
	var wg sync.WaitGroup
	for range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {})
		}()
	}
	wg.Wait()
	return e
}

// BenchmarkEngine scans the mixed text with every identifier (validators
// and context included) and with five. Run with -cpu 1,2: each goroutine
// scans its own copy of the text, so MB/s at -cpu 2 is the machine's total.
func BenchmarkEngine(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{{"identifiers=5", 5}, {"identifiers=all", 0}} {
		b.Run(c.name, func(b *testing.B) {
			e := warmEngine(b, c.n)
			d := data()
			b.SetBytes(int64(len(d)))
			b.ResetTimer()
			defer reportCPU(b, len(d), processCPU())
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := 0
					if _, err := e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) { n++ }); err != nil {
						b.Error(err)
					}
					if n == 0 {
						b.Error("no matches")
					}
				}
			})
		})
	}
}

// BenchmarkEngineSmallObject scans one 4 KiB object per op: the fixed
// cost of a scan, which a fleet sweeping small objects pays per object.
func BenchmarkEngineSmallObject(b *testing.B) {
	e := warmEngine(b, 0)
	d := data()[:4<<10]
	b.SetBytes(int64(len(d)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := e.ScanReader(context.Background(), bytes.NewReader(d), classifiers.Location{}, func(classifiers.Match) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibLoop is the naive baseline: Go's regexp, one pass per
// pattern, over the first 256 KiB (it is too slow for the whole text: MB/s
// is what compares).
func BenchmarkStdlibLoop(b *testing.B) {
	var res []*regexp.Regexp
	for _, id := range managed.All() {
		for _, p := range id.Patterns {
			res = append(res, regexp.MustCompile(p.Regex))
		}
	}
	d := data()
	d = d[:min(len(d), 256<<10)]
	b.SetBytes(int64(len(d)))
	b.ResetTimer()
	defer reportCPU(b, len(d), processCPU())
	for range b.N {
		for _, re := range res {
			re.FindAllIndex(d, -1)
		}
	}
}

// BenchmarkPeers runs ripgrep (the same patterns, -e each), gitleaks and
// trufflehog over the same text, when they are installed (see
// docs/BENCHMARKS.md for how), so that one run gives comparable numbers.
// Each runs single-threaded (GOMAXPROCS=1, -j1, --concurrency=1), whatever
// -cpu says (the -2 lines are the same measure again). Their MB/cpu-s is
// their own CPU time. On this machine they
// are slow enough that they get a prefix of the text: ripgrep the first
// DREDGE_RG_MB MiB (default 1: with these patterns it runs at a fraction
// of a MB/s), gitleaks and trufflehog the first DREDGE_PEER_MB MiB
// (default 16; both start in seconds, which 16 MiB amortizes).
func BenchmarkPeers(b *testing.B) {
	dir := b.TempDir()
	prefix := func(env string, def int, name string) (string, int) {
		mb := def
		if v := os.Getenv(env); v != "" {
			fmt.Sscan(v, &mb)
		}
		d := data()[:min(len(data()), mb<<20)]
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, d, 0o644); err != nil {
			b.Fatal(err)
		}
		return file, len(d)
	}
	rgFile, rgSize := prefix("DREDGE_RG_MB", 1, "mixed-rg.txt")
	file, size := prefix("DREDGE_PEER_MB", 16, "mixed.txt")
	// ripgrep gets every pattern that stays on one line (all but the six
	// with Reach: rg's multiline mode, which they need, is slower still,
	// over a hundred seconds for 1 MiB), as -e options; it joins them into
	// one expression, where the value groups' names would clash.
	var rgArgs []string
	for _, id := range managed.All() {
		for _, p := range id.Patterns {
			if p.Trigger.Reach > 0 {
				continue
			}
			rgArgs = append(rgArgs, "-e", strings.ReplaceAll(p.Regex, "(?P<v>", "(?:"))
		}
	}
	peers := []struct {
		name string
		size int
		args []string
	}{
		{"ripgrep", rgSize, append(append([]string{"rg", "--no-config", "-c", "-j1"}, rgArgs...), rgFile)},
		{"gitleaks", size, []string{"gitleaks", "dir", "--no-banner", "--max-decode-depth=0", "-r", filepath.Join(dir, "gl.json"), file}},
		{"trufflehog", size, []string{"trufflehog", "filesystem", "--no-verification", "--no-update", "--concurrency=1", "-j", file}},
	}
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) {
			path, err := exec.LookPath(p.args[0])
			if err != nil {
				b.Skipf("%s not installed", p.args[0])
			}
			b.SetBytes(int64(p.size))
			var cpu time.Duration
			for range b.N {
				cmd := exec.Command(path, p.args[1:]...)
				cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
				out, err := cmd.CombinedOutput()
				if cmd.ProcessState != nil {
					cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				}
				if err != nil {
					// rg exits 1 when nothing matched, gitleaks 1 when leaks were found.
					if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
						b.Fatalf("%s: %v\n%s", p.name, err, tail(out))
					}
				}
			}
			b.ReportMetric(float64(p.size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
		})
	}
}

// processCPU is the CPU time this process has used (user and system, all
// threads).
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports MB per CPU-second since start: on a shared machine,
// steadier than MB/s of wall time (a busy neighbour takes wall time, not
// CPU time), and comparable with the peers' (their own CPU time).
func reportCPU(b *testing.B, size int, start time.Duration) {
	b.ReportMetric(float64(size)*float64(b.N)/1e6/(processCPU()-start).Seconds(), "MB/cpu-s")
}

func tail(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}
