package report

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// genResults writes n object results as JSON Lines, the shape a large
// fleet sweep stores: 25 buckets x 200 prefixes, 70% with findings (1-4
// identifiers, up to 5 occurrences kept each), 1% partial, 0.5% skipped,
// 0.2% failed.
func genResults(t testing.TB, path string, n int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	types := []struct {
		id  string
		cat classifiers.Category
		sev classifiers.Severity
		m   string
	}{{"US_SSN", P, H, "***-**-1234"}, {"EMAIL_ADDRESS", P, L, "a***@example.com"}, {"CREDIT_CARD_NUMBER", F, H, "************4242"},
		{"PERSON_NAME", P, M, "J*** D**"}, {"ICD10_CODE", X, M, "E1*.*"}, {"IP_ADDRESS", P, L, "10.*.*.1"},
		{"AWS_SECRET_ACCESS_KEY", C, H, "wJal****"}, {"CREDIT_CARD_SECURITY_CODE", F, H, "***"}, {"MEDICAL_RECORD_NUMBER", X, H, "MRN****12"},
		{"PHONE_NUMBER", P, L, "(***) ***-1234"}}
	reasons := []string{"size limit reached after 64 MiB", "archive depth limit 5", "time limit 60s", "encrypted PDF", "unsupported format"}
	for i := 0; i < n; i++ {
		b := fmt.Sprintf("bucket-%02d", i%25)
		k := fmt.Sprintf("p%03d/2026/11/obj-%08d.csv", (i/25)%200, i)
		r := results.Record{Bucket: b, Key: k, ScanID: fmt.Sprintf("%032x", i), Sweep: "sw-20261101T000000Z-bench"}
		r.Object = "s3://" + b + "/" + k
		r.Size, r.Status, r.ScannedAt = int64(1000+i%50000), scanner.Complete, "2026-11-01T10:00:00Z"
		r.Findings = []scanner.Finding{}
		switch {
		case i%1000 < 10:
			r.Status, r.Reason = scanner.Partial, reasons[i%3]
		case i%1000 < 15:
			r.Status, r.Reason = scanner.Skipped, reasons[3+i%2]
		case i%1000 < 17:
			r.Status, r.Reason = scanner.Error, "AccessDenied: GetObject"
		}
		if i%10 < 7 && r.Status != scanner.Skipped && r.Status != scanner.Error {
			for j := 0; j < 1+i%4; j++ {
				ty := types[(i+j*3)%len(types)]
				c := 1 + (i+j)%9
				fd := scanner.Finding{Type: ty.id, Category: ty.cat, Count: c, Severity: ty.sev, Confidence: "high"}
				for o := 0; o < min(c, 5); o++ {
					fd.Occurrences = append(fd.Occurrences, scanner.Occurrence{Line: 10 + o, Row: 9 + o, Column: "col", Offset: int64(100 * o),
						Length: 11, Masked: ty.m, Fingerprint: "hmac-sha256:0123456789abcdef0123456789abcdef", Confidence: "high"})
				}
				r.Findings = append(r.Findings, fd)
				r.Severity = max(r.Severity, ty.sev)
			}
		}
		if err := enc.Encode(&r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	return fi.Size()
}

// TestMemoryChild is the measured process of TestStreamingMemory.
func TestMemoryChild(t *testing.T) {
	path := os.Getenv("DREDGE_REPORT_MEMORY_CHILD")
	if path == "" {
		t.Skip("run by TestStreamingMemory")
	}
	start := time.Now()
	src, err := OpenSource(context.Background(), path, s3none)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(context.Background(), src, Options{Sweep: "latest"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats {
		if err := Write(io.Discard, f, r); err != nil {
			t.Fatal(err)
		}
	}
	status, _ := os.ReadFile("/proc/self/status")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("RESULT objects=%d findings=%d seconds=%.1f heap_sys_mib=%d\n%s", r.Summary.Objects, r.Summary.Findings,
		time.Since(start).Seconds(), ms.HeapSys>>20, status)
}

// TestStreamingMemory reports over many object results in a child process
// and checks its peak RSS stays under 300 MiB. DREDGE_REPORT_OBJECTS sets
// the count (default 20,000; docs/BENCHMARKS.md has the 1,000,000 run).
func TestStreamingMemory(t *testing.T) {
	if os.Getenv("DREDGE_REPORT_MEMORY_CHILD") != "" {
		t.Skip("child")
	}
	n := 20000
	if v := os.Getenv("DREDGE_REPORT_OBJECTS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	if testing.Short() && n > 20000 {
		t.Skip("short")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "results.jsonl")
	t0 := time.Now()
	size := genResults(t, path, n)
	t.Logf("generated %d results (%d MiB) in %s", n, size>>20, time.Since(t0).Round(time.Millisecond))
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "DREDGE_REPORT_MEMORY_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	hwm := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(out)
	res := regexp.MustCompile(`RESULT [^\n]*`).Find(out)
	if hwm == nil || res == nil {
		t.Fatalf("child output: %s", out)
	}
	kb, _ := strconv.Atoi(string(hwm[1]))
	t.Logf("%s peak_rss_mib=%d", res, kb>>10)
	if want := fmt.Sprintf("objects=%d ", n); !regexp.MustCompile(regexp.QuoteMeta(want)).Match(res) {
		t.Errorf("child counted %s, want %s", res, want)
	}
	if kb>>10 >= 300 {
		t.Errorf("peak RSS %d MiB over %d objects: want < 300 MiB", kb>>10, n)
	}
}
