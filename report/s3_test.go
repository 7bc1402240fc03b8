package report

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// A results bucket on a real MinIO, with the posture reports and the audit
// log beside it, gives the same report as the local store of the same
// content.
func TestResultsBucket(t *testing.T) {
	m := testenv.StartMinIO(t)
	ctx := context.Background()
	cfg := scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey}
	const loc = "s3://dredge-results/res"

	// A report never creates the results bucket.
	if _, err := OpenSource(ctx, loc, cfg); err == nil {
		t.Fatal("missing results bucket accepted")
	}
	st, err := results.Open(ctx, loc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range fixtureRecords() {
		if _, err := st.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// Copy the local fixture's posture reports and audit log to the bucket.
	local, planPath := fixtureStore(t)
	lps, _ := posture.OpenStore(ctx, local, cfg)
	ps, err := posture.OpenStore(ctx, loc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	lps.List(ctx, func(r *posture.Report) error { return ps.Put(ctx, r) })
	llog, _ := remediate.OpenAuditLog(ctx, "", local, cfg)
	log, err := remediate.OpenAuditLog(ctx, "", loc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	llog.List(ctx, func(e *remediate.Entry) error {
		c := *e
		c.Seq, c.Prev, c.Hash = 0, "", ""
		return log.Append(ctx, &c)
	})

	src, err := OpenSource(ctx, loc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pst, err := ReadPostureStore(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := ReadPlan(planPath)
	got, err := Build(ctx, src, Options{Mapper: fixtureMapper(), Posture: pst, AuditLog: log, Plan: plan, PlanFrom: "plan.json", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	want, _, _, _ := buildFixture(t, nil)
	eq(t, "source", got.Scope.Source, loc)
	eq(t, "chain verified", got.Remediation.ChainVerified, true)
	for name, pair := range map[string][2]any{
		"summary": {got.Summary, want.Summary}, "compliance": {got.Compliance, want.Compliance},
		"exposure": {got.Exposure, want.Exposure}, "encryption": {got.Encryption, want.Encryption},
		"buckets": {got.Buckets, want.Buckets}, "coverage": {got.Coverage, want.Coverage},
		"remediation counts": {[4]int64{got.Remediation.Taken, got.Remediation.Undone, got.Remediation.Pending, got.Remediation.Failed},
			[4]int64{want.Remediation.Taken, want.Remediation.Undone, want.Remediation.Pending, want.Remediation.Failed}},
	} {
		a, _ := json.Marshal(pair[0])
		b, _ := json.Marshal(pair[1])
		if string(a) != string(b) {
			t.Errorf("%s differs from the local store's:\n got %s\nwant %s", name, a, b)
		}
	}
	// One bucket selected: only its records are listed.
	src, _ = OpenSource(ctx, loc, cfg)
	r, err := Build(ctx, src, Options{Selections: []Selection{{Bucket: "payments"}}, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "narrowed read", r.Scope.DocumentsRead, 3)
}
