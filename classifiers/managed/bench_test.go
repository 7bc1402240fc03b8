package managed_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

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

// BenchmarkEngine scans the mixed text with every identifier (validators
// and context included). Run with -cpu 1,2: each goroutine scans its own
// copy of the text, so MB/s at -cpu 2 is the machine's total.
func BenchmarkEngine(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{{"identifiers=5", 5}, {"identifiers=all", 0}} {
		b.Run(c.name, func(b *testing.B) {
			e := engine(b, c.n)
			d := data()
			b.SetBytes(int64(len(d)))
			b.ResetTimer()
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

// BenchmarkStdlibLoop is the naive baseline: Go's regexp, one pass per
// pattern, over the first 4 MiB (it is too slow for the whole text; MB/s
// is what compares).
func BenchmarkStdlibLoop(b *testing.B) {
	var res []*regexp.Regexp
	for _, id := range managed.All() {
		for _, p := range id.Patterns {
			res = append(res, regexp.MustCompile(p.Regex))
		}
	}
	d := data()[:4<<20]
	b.SetBytes(int64(len(d)))
	b.ResetTimer()
	for range b.N {
		for _, re := range res {
			re.FindAllIndex(d, -1)
		}
	}
}

// BenchmarkPeers runs ripgrep (same patterns, -e each), gitleaks and
// trufflehog over the same text, when they are installed (see
// docs/BENCHMARKS.md for how), so one run gives comparable numbers.
func BenchmarkPeers(b *testing.B) {
	dir := b.TempDir()
	file := filepath.Join(dir, "mixed.txt")
	if err := os.WriteFile(file, data(), 0o644); err != nil {
		b.Fatal(err)
	}
	var rgArgs []string
	for _, id := range managed.All() {
		for _, p := range id.Patterns {
			rgArgs = append(rgArgs, "-e", p.Regex)
		}
	}
	peers := []struct {
		name string
		args []string
	}{
		{"ripgrep", append(append([]string{"rg", "--no-config", "-c", "-j1"}, rgArgs...), file)},
		{"gitleaks", []string{"gitleaks", "dir", "--no-banner", "--max-decode-depth=0", "-r", filepath.Join(dir, "gl.json"), file}},
		{"trufflehog", []string{"trufflehog", "filesystem", "--no-verification", "--no-update", "--concurrency=1", "-j", file}},
	}
	for _, p := range peers {
		b.Run(p.name, func(b *testing.B) {
			path, err := exec.LookPath(p.args[0])
			if err != nil {
				b.Skipf("%s not installed", p.args[0])
			}
			b.SetBytes(int64(len(data())))
			for range b.N {
				cmd := exec.Command(path, p.args[1:]...)
				cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					// rg exits 1 when nothing matched, gitleaks 1 when leaks were found.
					if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
						b.Fatalf("%s: %v\n%s", p.name, err, tail(out))
					}
				}
			}
		})
	}
}

func tail(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}
