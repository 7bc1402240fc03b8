package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

func TestSelections(t *testing.T) {
	r, _, _, _ := buildFixture(t, func(o *Options) {
		o.Selections = []Selection{{Bucket: "patients", Prefix: "records/"}}
	})
	eq(t, "objects", r.Summary.Objects, 2)
	eq(t, "excluded", r.Scope.Excluded["selection"], 6)
	eq(t, "buckets", r.Summary.Buckets, 1)
	eq(t, "hipaa", fwOf(t, r, "hipaa").Occurrences, 12)
	eq(t, "pci", fwOf(t, r, "pci").Occurrences, 0)
	// The audit log and the plan are narrowed to the selection.
	eq(t, "taken", r.Remediation.Taken, 1)
	eq(t, "undone", r.Remediation.Undone, 1)
	eq(t, "pending", r.Remediation.Pending, 1)
	eq(t, "failed", r.Remediation.Failed, 0)

	sel, err := ParseSelection("s3://payments/logs/")
	if err != nil || sel != (Selection{Bucket: "payments", Prefix: "logs/"}) {
		t.Fatal(sel, err)
	}
	r, _, _, _ = buildFixture(t, func(o *Options) { o.Selections = []Selection{sel}; o.Frameworks = []string{"pci"} })
	eq(t, "objects", r.Summary.Objects, 2)
	eq(t, "frameworks", len(r.Compliance), 1)
	// y.log has a name but no card number: no PCI data.
	eq(t, "pci", fwOf(t, r, "pci").Occurrences, 0)
}

func TestTimeWindow(t *testing.T) {
	r, _, _, _ := buildFixture(t, func(o *Options) { o.Since = time.Date(2026, 11, 1, 11, 0, 0, 0, time.UTC) })
	eq(t, "objects", r.Summary.Objects, 0)
	eq(t, "excluded", r.Scope.Excluded["time"], 8)
	r, _, _, _ = buildFixture(t, func(o *Options) {
		o.Since = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		o.Until = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	})
	eq(t, "objects", r.Summary.Objects, 8)
}

// Two sweeps in one JSON Lines file: the report of the latest compares it
// with the one before.
func TestSweepChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sweeps.jsonl")
	var docs []any
	for _, r := range fixtureRecords() {
		docs = append(docs, r)
	}
	const sw2, at2 = "sw-20261108T000000Z-bbbb", "2026-11-08T10:00:00Z"
	docs = append(docs,
		rec("patients", "records/a.csv", 1000, scanner.Complete, "", H, sw2, at2, fd("US_SSN", P, H, 5, "***-**-1234")),
		rec("newbucket", "x.txt", 5, scanner.Complete, "", L, sw2, at2, fd("EMAIL_ADDRESS", P, L, 1, "a***@b.c")))
	writeLines(t, path, docs...)
	src, err := OpenSource(context.Background(), path, s3none)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(context.Background(), src, Options{Sweep: "latest", Mapper: fixtureMapper(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "sweep", r.Scope.Sweep, sw2)
	eq(t, "objects", r.Summary.Objects, 2)
	eq(t, "excluded", r.Scope.Excluded["sweep"], 8)
	c := r.Change
	if c == nil {
		t.Fatal("no change")
	}
	eq(t, "against", c.Against, "sweep sw-20261101T000000Z-aaaa")
	got := map[string]Delta{}
	for _, d := range c.Summary {
		got[d.Metric] = d
	}
	eq(t, "objects delta", got["objects"], Delta{"objects", 8, 2, -6})
	eq(t, "findings delta", got["findings"], Delta{"findings", 37, 6, -31})
	td := map[string]TypeDelta{}
	for _, d := range c.Types {
		td[d.Framework+"/"+d.Code] = d
	}
	eq(t, "ssn delta", td["hipaa/G"].Delta, 2)
	eq(t, "pan delta", td["pci/PAN"].Delta, -5)
	bd := map[string]BucketDelta{}
	for _, d := range c.Buckets {
		bd[d.Bucket] = d
	}
	eq(t, "new bucket", bd["newbucket"].State, "new")
	eq(t, "gone bucket", bd["payments"].State, "gone")
	eq(t, "changed bucket", bd["patients"].State, "changed")

	// The same comparison against a baseline report.
	var buf bytes.Buffer
	prev, err := Build(context.Background(), src, Options{Sweep: "sw-20261101T000000Z-aaaa", Mapper: fixtureMapper(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "first sweep has no earlier one", prev.Change == nil, true)
	WriteJSON(&buf, prev)
	var base Report
	json.Unmarshal(buf.Bytes(), &base)
	r2, err := Build(context.Background(), src, Options{Sweep: sw2, Baseline: &base, BaselineFrom: "prev.json", Mapper: fixtureMapper(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "baseline against", r2.Change.Against, "baseline prev.json")
	var a, b bytes.Buffer
	json.NewEncoder(&a).Encode(r.Change.Summary)
	json.NewEncoder(&b).Encode(r2.Change.Summary)
	eq(t, "baseline = previous sweep", a.String(), b.String())
}

// Local paths: the first folder under the common root is the bucket.
func TestLocalPaths(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scan.jsonl")
	mk := func(obj string, n int) *scanner.Result {
		r := &scanner.Result{Object: obj, Size: 10, Status: scanner.Complete, Severity: classifiers.SeverityHigh,
			Findings: []scanner.Finding{fd("US_SSN", P, H, n, "***-**-0001")}}
		return r
	}
	writeLines(t, path, mk("data/corpus/clinical/a.txt", 1), mk("data/corpus/clinical/sub/b.txt", 2),
		mk("data/corpus/csv/c.csv", 3), mk("data/corpus/top.txt", 4))
	src, _ := OpenSource(context.Background(), path, s3none)
	r, err := Build(context.Background(), src, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "root", r.Scope.LocalRoot, "data/corpus")
	eq(t, "buckets", words(bucketScoresOf(r.Buckets)), "[clinical:70 corpus:70 csv:70]")
	l := locOf(t, fwOf(t, r, "hipaa"), "clinical")
	eq(t, "prefixes", words(l.Prefixes), "[{sub/ 2 1 [{G 2 1}]} { 1 1 [{G 1 1}]}]")
	eq(t, "local exposure", r.Exposure[0].Exposure, "n/a")
	eq(t, "no posture gap for local folders", len(r.Coverage.NoPosture), 0)
	if len(r.Notices) == 0 || !strings.Contains(r.Notices[0], "--format jsonl") {
		t.Errorf("notices: %v", r.Notices)
	}
	r, _ = Build(context.Background(), src, Options{Now: fixedNow, LocalRoot: "data", Selections: []Selection{{Bucket: "corpus", Prefix: "csv/"}}})
	eq(t, "explicit root", words(bucketScoresOf(r.Buckets)), "[corpus:70]")
}

// Every accepted document shape, and unreadable documents listed, not
// fatal.
func TestInputShapes(t *testing.T) {
	dir := t.TempDir()
	one := rec("b1", "k1", 1, scanner.Complete, "", L, "", "", fd("EMAIL_ADDRESS", P, L, 1, "a***@b.c"))
	// A `dredge scan --format json` document (indented, with a summary).
	wrapped, _ := json.MarshalIndent(map[string]any{"summary": map[string]any{"objects": 2},
		"results": []any{one, rec("b1", "k2", 1, scanner.Skipped, "too large", 0, "", "")}}, "", "  ")
	os.WriteFile(filepath.Join(dir, "scan.json"), wrapped, 0o644)
	arr, _ := json.Marshal([]any{rec("b2", "k3", 1, scanner.Complete, "", 0, "", "")})
	os.WriteFile(filepath.Join(dir, "array.json"), arr, 0o644)
	line, _ := json.Marshal(rec("b2", "k4", 1, scanner.Complete, "", 0, "", ""))
	os.WriteFile(filepath.Join(dir, "lines.jsonl"), append(append(line, '\n'), []byte("{not json\n\n")...), 0o644)
	os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("junk"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)
	os.WriteFile(filepath.Join(dir, "other.json"), []byte(`{"kind":"not a result"}`), 0o644)
	src, _ := OpenSource(context.Background(), dir, s3none)
	r, err := Build(context.Background(), src, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "objects", r.Summary.Objects, 4)
	eq(t, "skipped", r.Summary.Skipped, 1)
	eq(t, "unreadable", r.Scope.Unreadable, 1)
	eq(t, "not a result", r.Scope.Excluded["not_a_result"], 1)
	if len(r.Coverage.Unreadable) != 1 || !strings.Contains(r.Coverage.Unreadable[0].Object, "lines.jsonl:2") {
		t.Errorf("unreadable: %+v", r.Coverage.Unreadable)
	}
}

// The results store of the results package, read through its Store.
func TestStoreSource(t *testing.T) {
	store, _ := fixtureStore(t)
	st, err := results.NewLocalStore(store)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(context.Background(), NewStoreSource(st, results.Query{Bucket: "payments"}), Options{Mapper: fixtureMapper(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "objects", r.Summary.Objects, 3)
	eq(t, "pci", fwOf(t, r, "pci").Occurrences, 17)
	// One selection narrows the store's listing to its bucket and prefix.
	src := NewStoreSource(st, results.Query{})
	r, err = Build(context.Background(), src, Options{Selections: []Selection{{Bucket: "patients", Prefix: "records/"}}, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "narrowed read", r.Scope.DocumentsRead, 2)
	eq(t, "narrowed objects", r.Summary.Objects, 2)
}

func TestGapsCapped(t *testing.T) {
	r, _, _, _ := buildFixture(t, func(o *Options) { o.MaxGaps = 1 })
	eq(t, "listed", len(r.Coverage.Objects), 1)
	eq(t, "omitted", r.Coverage.Omitted, 2)
	eq(t, "counted", r.Coverage.NotFullyScanned, 3)
}

// Posture documents as JSON Lines (the --posture file form).
func TestReadPostureFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "posture.jsonl")
	writeLines(t, path,
		BucketPosture{Bucket: "a", Exposure: "public", Encryption: "none"},
		BucketPosture{Bucket: "b", Shared: ptr(true), Encryption: "SSE-KMS"},
		BucketPosture{Bucket: "c", Public: ptr(false), Shared: ptr(false)},
		map[string]any{"buckets": []BucketPosture{{Bucket: "d", Exposure: "private", Encryption: "SSE-S3"}}})
	m, err := ReadPosture(path)
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, b := range []string{"a", "b", "c", "d"} {
		p := m[b]
		got += b + ":" + p.exposure() + ":" + encryptionStatus(p.Encryption) + " "
	}
	eq(t, "posture", got, "a:public:unencrypted b:shared:encrypted c:private:unknown d:private:encrypted ")
}
