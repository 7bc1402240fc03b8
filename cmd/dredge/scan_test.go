package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/scanner"
)

const rawSSN = "536-22-8471"

// run executes the CLI and returns stdout and the exit code.
func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	t.Setenv("DREDGE_FINGERPRINT_KEY", "test")
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	err := root.Execute()
	code := 0
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		} else {
			code = exitUsage
		}
	}
	return out.String(), code
}

func tree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"a/patients.csv":   "name,ssn\nx," + rawSSN + "\n",
		"a/notes.txt":      "nothing to see here\n",
		"b/config.json":    `{"db": {"ssn": "` + rawSSN + `"}}`,
		"b/skip.log":       "SSN " + rawSSN + "\n",
		"big/large.txt":    strings.Repeat("SSN "+rawSSN+"\n", 2000),
		"img/picture.png":  "\x89PNG\r\n\x1a\n\x00\x00",
		"nested/deep/x.md": "ssn: " + rawSSN,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A link out of the tree must not be followed.
	outside := filepath.Join(t.TempDir(), "outside.txt")
	os.WriteFile(outside, []byte("SSN "+rawSSN), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "a", "escape.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func jsonl(t *testing.T, out string) map[string]scanner.Result {
	t.Helper()
	res := map[string]scanner.Result{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r scanner.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("bad JSONL line %q: %v", line, err)
		}
		res[r.Object] = r
	}
	return res
}

func TestScanJSONL(t *testing.T) {
	dir := tree(t)
	out, code := run(t, "scan", "--format", "jsonl", dir)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out, rawSSN) {
		t.Fatal("a raw value was printed")
	}
	res := jsonl(t, out)
	p := filepath.Join(dir, "a/patients.csv")
	if r := res[p]; r.CountOf("US_SSN") != 1 || r.Findings[0].Occurrences[0].Column != "ssn" || r.Severity.String() != "high" {
		t.Fatalf("patients.csv: %+v", r)
	}
	if r := res[filepath.Join(dir, "big/large.txt")]; r.CountOf("US_SSN") != 2000 {
		t.Fatalf("large.txt count %d", r.CountOf("US_SSN"))
	}
	if r, ok := res[filepath.Join(dir, "img/picture.png")]; !ok || r.Status != scanner.Skipped {
		t.Fatalf("the PNG must be listed as skipped: %+v", r)
	}
	if _, ok := res[filepath.Join(dir, "a/notes.txt")]; ok {
		t.Fatal("clean complete objects are not printed in JSONL")
	}
	if _, ok := res[filepath.Join(dir, "a/escape.txt")]; ok {
		t.Fatal("followed a symlink out of the tree")
	}
}

func TestScanFailOnAndFilters(t *testing.T) {
	dir := tree(t)
	if _, code := run(t, "scan", "--format", "jsonl", "--fail-on", "high", dir); code != exitFindings {
		t.Fatalf("--fail-on high with SSNs: exit %d, want 1", code)
	}
	if _, code := run(t, "scan", "--format", "jsonl", "--fail-on", "high", "--types", "EMAIL_ADDRESS", dir); code != exitOK {
		t.Fatalf("--types without matches: exit %d, want 0", code)
	}
	out, _ := run(t, "scan", "--format", "jsonl", "--include", "*.csv", "--include", "**/deep/*", dir)
	res := jsonl(t, out)
	if len(res) != 2 {
		t.Fatalf("--include: want patients.csv and x.md, got %v", keys(res))
	}
	out, _ = run(t, "scan", "--format", "jsonl", "--exclude", "*.log", "--exclude", "big/**", dir)
	res = jsonl(t, out)
	for k := range res {
		if strings.HasSuffix(k, ".log") || strings.Contains(k, "/big/") {
			t.Fatalf("--exclude let %s through", k)
		}
	}
	out, _ = run(t, "scan", "--format", "jsonl", "--max-size", "1KB", dir)
	if r := jsonl(t, out)[filepath.Join(dir, "big/large.txt")]; r.Status != scanner.Skipped || !strings.Contains(r.Reason, "size limit") {
		t.Fatalf("--max-size: %+v", r)
	}
}

func keys(m map[string]scanner.Result) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	return k
}

func TestScanUsageErrors(t *testing.T) {
	dir := tree(t)
	for _, args := range [][]string{
		{"scan", "--format", "xml", dir},
		{"scan", "--fail-on", "urgent", dir},
		{"scan", "--types", "NOPE", dir},
		{"scan", "--min-confidence", "very", dir},
		{"scan", "--max-size", "lots", dir},
		{"scan", filepath.Join(dir, "does-not-exist")},
		{"scan"},
	} {
		if _, code := run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestScanOutputFormats(t *testing.T) {
	dir := tree(t)
	for _, f := range []string{"json", "csv", "sarif", "table"} {
		outFile := filepath.Join(t.TempDir(), "out."+f)
		if _, code := run(t, "scan", "--format", f, "-o", outFile, dir); code != exitOK {
			t.Fatalf("%s: exit %d", f, code)
		}
		b, err := os.ReadFile(outFile)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(rawSSN)) {
			t.Fatalf("%s output holds a raw value", f)
		}
		switch f {
		case "json":
			var doc struct {
				Summary struct {
					Objects int            `json:"objects"`
					ByType  map[string]int `json:"by_identifier"`
				} `json:"summary"`
				Results []scanner.Result `json:"results"`
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Summary.Objects != 7 || doc.Summary.ByType["US_SSN"] != 2004 {
				t.Fatalf("json summary: %+v", doc.Summary)
			}
		case "csv":
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) < 5 || rows[0][0] != "object" {
				t.Fatalf("csv: %v %d rows", err, len(rows))
			}
		case "sarif":
			var doc map[string]any
			if err := json.Unmarshal(b, &doc); err != nil || doc["version"] != "2.1.0" {
				t.Fatalf("sarif: %v", err)
			}
		case "table":
			if !bytes.Contains(b, []byte("US_SSN")) || !bytes.Contains(b, []byte("FORMAT")) {
				t.Fatalf("table:\n%s", b)
			}
		}
	}
}
