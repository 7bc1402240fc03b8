package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// TestFindingsPosture: `dredge findings` lists the posture findings stored
// beside the object results (a results folder with _posture/), with the
// filters that apply to them, as a table, JSON and JSON lines.
func TestFindingsPosture(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ls, err := results.NewLocalStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*results.Record{
		{Bucket: "hr", Key: "staff.csv", Result: scanner.Result{Object: "s3://hr/staff.csv", Status: scanner.Complete, Severity: classifiers.SeverityHigh,
			Findings: []scanner.Finding{{Type: "US_SSN", Category: classifiers.Personal, Count: 2, Severity: classifiers.SeverityHigh,
				Occurrences: []scanner.Occurrence{{Masked: "***-**-6789", Fingerprint: "hmac-sha256:x"}}}}}},
		{Bucket: "logs", Key: "app.log", Result: scanner.Result{Object: "s3://logs/app.log", Status: scanner.Complete, Severity: classifiers.SeverityLow,
			Findings: []scanner.Finding{{Type: "IP_ADDRESS", Category: classifiers.Personal, Count: 1, Severity: classifiers.SeverityLow,
				Occurrences: []scanner.Occurrence{{Masked: "10.*.*.*", Fingerprint: "hmac-sha256:y"}}}}}},
		{Bucket: "logs", Key: "broken.gz", Result: scanner.Result{Object: "s3://logs/broken.gz", Status: scanner.Error, Reason: "gzip: invalid header",
			Findings: []scanner.Finding{}}},
	} {
		if _, err := ls.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := posture.OpenStore(ctx, dir, scanner.S3Config{})
	if err != nil {
		t.Fatal(err)
	}
	// hr: public through an AllUsers READ grant, no default encryption,
	// versioning off, 2 of 5 scanned objects without SSE.
	hr := &posture.Report{Bucket: "hr", CheckedAt: "2026-11-30T03:00:00Z", SensitiveObjects: -1, Versioning: "Off",
		PublicAccess: posture.PublicAccessBlockState{State: posture.Unknown}, Encryption: posture.Encryption{State: posture.Off},
		ScanSSE: &posture.ScanSSE{Checked: 5, Unencrypted: 2, Source: "Redis per-bucket aggregates"}}
	an := posture.AnalyzeACL(&posture.ACL{Grants: []posture.Grant{{Grantee: posture.Grantee{Type: "Group", URI: posture.AllUsersURI}, Permission: "READ"}}}, false)
	hr.ACL = &an
	hr.Evaluate()
	// logs: private, versioning suspended, checked by a sweep's task.
	logs := &posture.Report{Bucket: "logs", CheckedAt: "2026-11-30T03:05:00Z", Sweep: "sw-1", SensitiveObjects: -1, Versioning: "Suspended",
		PublicAccess: posture.PublicAccessBlockState{State: posture.Unknown}, Encryption: posture.Encryption{State: posture.On, Algorithm: "AES256"}}
	logs.Evaluate()
	for _, r := range []*posture.Report{hr, logs} {
		if err := ps.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if !hr.Has(posture.FindingPublic) || !hr.Has(posture.FindingObjectsUnencrypted) || len(logs.Findings) != 1 {
		t.Fatalf("fixture: hr %+v logs %+v", hr.Findings, logs.Findings)
	}
	total := len(hr.Findings) + len(logs.Findings)

	find := func(args ...string) (string, int) {
		t.Helper()
		return run(t, append([]string{"findings", "--results", dir}, args...)...)
	}
	postureJSON := func(args ...string) []postureFinding {
		t.Helper()
		out, code := find(append(args, "--kind", "posture", "--format", "json")...)
		var pf []postureFinding
		if err := json.Unmarshal([]byte(out), &pf); err != nil || code != 0 {
			t.Fatalf("findings %v: exit %d %v\n%s", args, code, err, out)
		}
		for _, p := range pf {
			if p.Kind != "posture" || p.Bucket == "" || p.CheckedAt == "" {
				t.Errorf("posture finding %+v", p)
			}
		}
		return pf
	}
	types := func(pf []postureFinding) string {
		var s []string
		for _, p := range pf {
			s = append(s, p.Bucket+":"+p.Type)
		}
		return strings.Join(s, ",")
	}

	// The table shows both kinds; the scan-time figure says its source.
	out, code := find()
	if code != 0 || !strings.Contains(out, "s3://hr/staff.csv") || !strings.Contains(out, "POSTURE FINDING") ||
		!strings.Contains(out, posture.FindingPublic) || !strings.Contains(out, "counted during scans: 2 of 5") ||
		!strings.Contains(out, posture.FindingVersioningDisabled) {
		t.Fatalf("findings table: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "hmac-sha256") || !strings.Contains(out, "US_SSN×2") {
		t.Errorf("findings table:\n%s", out)
	}
	if pf := postureJSON(); len(pf) != total {
		t.Errorf("--kind posture: %s; want %d findings", types(pf), total)
	}
	if pf := postureJSON("--bucket", "logs"); types(pf) != "logs:"+posture.FindingVersioningDisabled {
		t.Errorf("--bucket logs: %s", types(pf))
	}
	if pf := postureJSON("--sweep", "sw-1"); types(pf) != "logs:"+posture.FindingVersioningDisabled {
		t.Errorf("--sweep sw-1: %s", types(pf))
	}
	if pf := postureJSON("--type", "s3bucketpublic,US_SSN"); types(pf) != "hr:"+posture.FindingPublic {
		t.Errorf("--type: %s", types(pf))
	}
	if pf := postureJSON("--severity", "medium"); len(pf) != 2 || types(pf) != "hr:"+posture.FindingPublic+",hr:"+posture.FindingObjectsUnencrypted {
		t.Errorf("--severity medium: %s", types(pf))
	}
	if pf := postureJSON("--limit", "1"); len(pf) != 1 {
		t.Errorf("--limit 1: %s", types(pf))
	}
	// --kind all as JSON: both lists, each filtered.
	out, code = find("--severity", "high", "--format", "json")
	var both struct {
		Objects []results.Record `json:"objects"`
		Posture []postureFinding `json:"posture"`
	}
	if err := json.Unmarshal([]byte(out), &both); err != nil || code != 0 {
		t.Fatalf("--format json: exit %d %v\n%s", code, err, out)
	}
	if len(both.Objects) != 1 || both.Objects[0].Key != "staff.csv" || types(both.Posture) != "hr:"+posture.FindingPublic {
		t.Errorf("--severity high: objects %d, posture %s\n%s", len(both.Objects), types(both.Posture), out)
	}
	// --kind object keeps the array of object results.
	out, code = find("--kind", "object", "--format", "json")
	var recs []results.Record
	if err := json.Unmarshal([]byte(out), &recs); err != nil || code != 0 || len(recs) != 2 {
		t.Errorf("--kind object: exit %d %v\n%s", code, err, out)
	}
	// JSON lines: object results, then posture findings marked as such.
	out, code = find("--format", "jsonl")
	if code != 0 || strings.Count(out, "\n") != 2+total || strings.Count(out, `"kind":"posture"`) != total {
		t.Errorf("--format jsonl: exit %d\n%s", code, out)
	}
	// Object-only criteria leave posture findings out, or are refused
	// with --kind posture.
	out, code = find("--status", "error")
	if code != 0 || !strings.Contains(out, "gzip: invalid header") || strings.Contains(out, "POSTURE") {
		t.Errorf("--status error: exit %d\n%s", code, out)
	}
	out, code = find("--category", "personal", "--format", "json")
	both.Objects, both.Posture = nil, nil
	if err := json.Unmarshal([]byte(out), &both); err != nil || code != 0 || len(both.Objects) != 2 || len(both.Posture) != 0 {
		t.Errorf("--category personal: exit %d %v\n%s", code, err, out)
	}
	if _, code := find("--kind", "posture", "--category", "personal"); code != exitUsage {
		t.Errorf("--kind posture --category: exit %d", code)
	}
	if _, code := find("--kind", "buckets"); code != exitUsage {
		t.Errorf("--kind buckets: exit %d", code)
	}
	// No posture reports stored: an empty list, not an error.
	empty := t.TempDir()
	out, code = run(t, "findings", "--results", empty, "--kind", "posture")
	if code != 0 || !strings.Contains(out, "no posture findings match") {
		t.Errorf("no reports: exit %d\n%s", code, out)
	}
}
