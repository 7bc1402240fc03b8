package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate"
	"github.com/dredge-dev/dredge/report"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

func TestReportCommand(t *testing.T) {
	dir := tree(t)
	res := filepath.Join(t.TempDir(), "results.jsonl")
	if _, code := run(t, "scan", "--format", "jsonl", "--progress", "never", "-o", res, dir); code != exitOK {
		t.Fatalf("scan: exit %d", code)
	}
	out := filepath.Join(t.TempDir(), "r.json")
	if _, code := run(t, "report", "--results", res, "--format", "json", "-o", out); code != exitOK {
		t.Fatalf("report: exit %d", code)
	}
	data, _ := os.ReadFile(out)
	if strings.Contains(string(data), rawSSN) {
		t.Fatal("raw value in the report")
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Schema != report.Schema || r.Summary.Objects == 0 || r.Summary.Findings == 0 {
		t.Fatalf("report: %+v", r.Summary)
	}
	var g report.TypeSummary
	for _, ty := range r.Compliance[0].Types {
		if ty.Code == "G" {
			g = ty
		}
	}
	if g.Occurrences == 0 {
		t.Errorf("HIPAA G (SSN) not found: %+v", g)
	}
	// Local paths group by their first folder under the scanned root.
	buckets := map[string]bool{}
	for _, b := range r.Buckets {
		buckets[b.Bucket] = true
	}
	for _, b := range []string{"a", "b", "big", "nested"} {
		if !buckets[b] {
			t.Errorf("no bucket %s in %v", b, buckets)
		}
	}

	html, code := run(t, "report", "--results", res, "--framework", "pci,hipaa", "--bucket", "a")
	if code != exitOK || !strings.HasPrefix(html, "<!DOCTYPE html>") || !strings.Contains(html, `id="fw-hipaa"`) || strings.Contains(html, `id="fw-gdpr"`) {
		t.Fatalf("html: exit %d", code)
	}
	csvOut, code := run(t, "report", "--results", res, "--format", "csv", "--since", "30d")
	if code != exitOK || !strings.HasPrefix(csvOut, strings.Join(report.CSVHeader, ",")) {
		t.Fatalf("csv: exit %d", code)
	}
	// A baseline: the change section appears.
	js, code := run(t, "report", "--results", res, "--format", "json", "--baseline", out)
	if code != exitOK || !strings.Contains(js, `"against": "baseline `) {
		t.Fatalf("baseline: exit %d", code)
	}
}

func TestReportCustomMapping(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "r.jsonl")
	os.WriteFile(res, []byte(`{"object":"s3://hr/staff.csv","size":10,"status":"complete","severity":"medium","findings":[{"type":"EMPLOYEE_ID","category":"CUSTOM","count":4,"severity":"medium","confidence":"medium","occurrences":[{"masked":"EMP-***123","offset":0,"length":10}]}]}`+"\n"), 0o644)
	cfg := filepath.Join(dir, "dredge.yaml")
	os.WriteFile(cfg, []byte("custom_identifiers:\n  - id: EMPLOYEE_ID\n    regex: 'EMP-[0-9]{6}'\n    compliance:\n      hipaa: [R]\n"), 0o644)
	js, code := run(t, "report", "--results", res, "--format", "json", "--config", cfg, "--framework", "hipaa")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var r report.Report
	json.Unmarshal([]byte(js), &r)
	for _, ty := range r.Compliance[0].Types {
		if ty.Code == "R" && ty.Occurrences != 4 {
			t.Errorf("R = %d, want 4", ty.Occurrences)
		}
	}
	// Without the config the identifier is unmapped, and said so.
	js, _ = run(t, "report", "--results", res, "--format", "json")
	json.Unmarshal([]byte(js), &r)
	if len(r.Coverage.Unmapped) != 1 || r.Coverage.Unmapped[0].ID != "EMPLOYEE_ID" {
		t.Errorf("unmapped: %+v", r.Coverage.Unmapped)
	}
}

func TestReportUsage(t *testing.T) {
	res := filepath.Join(t.TempDir(), "r.jsonl")
	os.WriteFile(res, []byte("{\"object\":\"x\",\"status\":\"complete\",\"findings\":[]}\nnot json\n"), 0o644)
	for _, args := range [][]string{
		{"report"},
		{"report", "--results", res, "--framework", "sox"},
		{"report", "--results", res, "--format", "pdf"},
		{"report", "--results", res, "--since", "yesterday"},
		{"report", "--results", "/no/such/file"},
		{"report", "--results", "ftp://x/y"},
	} {
		t.Setenv("DREDGE_RESULTS", "")
		if _, code := run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	// An unreadable document: the report is written, exit 3.
	if out, code := run(t, "report", "--results", res, "--format", "json"); code != exitErrors || !strings.Contains(out, `"documents_unreadable": 1`) {
		t.Errorf("unreadable: exit %d", code)
	}
}

// A results store folder: the posture reports and the audit log beside it
// are found without flags; a dry-run plan gives the pending actions.
func TestReportStoreDefaults(t *testing.T) {
	ctx := context.Background()
	store := filepath.Join(t.TempDir(), "results")
	st, _ := results.NewLocalStore(store)
	r := &results.Record{Bucket: "phi", Key: "a.csv"}
	r.Object, r.Size, r.Status, r.Severity = "s3://phi/a.csv", 10, scanner.Complete, classifiers.SeverityHigh
	r.Findings = []scanner.Finding{{Type: "US_SSN", Category: classifiers.Personal, Count: 2, Severity: classifiers.SeverityHigh,
		Occurrences: []scanner.Occurrence{{Masked: "***-**-0001"}}}}
	if _, err := st.Put(ctx, r); err != nil {
		t.Fatal(err)
	}
	ps, _ := posture.OpenStore(ctx, store, scanner.S3Config{})
	ps.Put(ctx, &posture.Report{Bucket: "phi", Exposure: "public", Public: true, EncryptionSummary: "none"})
	log, _ := remediate.OpenAuditLog(ctx, "", store, scanner.S3Config{})
	log.Append(ctx, &remediate.Entry{ID: "a-1", Action: "tag", Bucket: "phi", Key: "a.csv", Outcome: "applied"})
	plan := filepath.Join(t.TempDir(), "plan.json")
	os.WriteFile(plan, []byte(`{"applied":false,"steps":[{"plan_id":"p","rule":"r","action":{"Type":"block_public"},"bucket":"phi","state":"change"}]}`), 0o644)

	js, code := run(t, "report", "--results", store, "--format", "json", "--plan", plan)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Objects != 1 || rep.Exposure[0].Exposure != "public" || rep.Encryption.Unencrypted != 1 {
		t.Errorf("posture not found: %+v %+v", rep.Exposure, rep.Encryption)
	}
	rm := rep.Remediation
	if rm.Taken != 1 || rm.Pending != 1 || !rm.ChainVerified {
		t.Errorf("remediation: %+v", rm)
	}
}
