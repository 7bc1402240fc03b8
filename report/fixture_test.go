package report

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/report/compliance"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// hostileKey must render as text, never as markup.
const hostileKey = "images/<img src=x onerror=alert(1)>"

// rawSSN is a value whose raw form must never reach a report: one fixture
// occurrence carries it as a (faulty, unmasked) masked form.
const rawSSN = "219-09-9999"

func fd(typ string, cat classifiers.Category, sev classifiers.Severity, count int, masked ...string) scanner.Finding {
	f := scanner.Finding{Type: typ, Category: cat, Count: count, Severity: sev, Confidence: "high"}
	for i, m := range masked {
		f.Occurrences = append(f.Occurrences, scanner.Occurrence{Line: 10 + i, Column: "c", Masked: m, Fingerprint: "hmac-sha256:x"})
	}
	return f
}

func rec(bucket, key string, size int64, status scanner.Status, reason string, sev classifiers.Severity, sweep, at string, f ...scanner.Finding) *results.Record {
	r := &results.Record{Bucket: bucket, Key: key, Sweep: sweep}
	r.Object = "s3://" + bucket + "/" + key
	r.Size, r.Status, r.Reason, r.Severity, r.ScannedAt = size, status, reason, sev, at
	r.Findings = f
	if r.Findings == nil {
		r.Findings = []scanner.Finding{}
	}
	r.ScanID = results.ScanID(bucket, key, "etag", classifiers.Version)
	return r
}

const (
	H = classifiers.SeverityHigh
	M = classifiers.SeverityMedium
	L = classifiers.SeverityLow
	P = classifiers.Personal
	F = classifiers.Financial
	X = classifiers.Health
	C = classifiers.Credentials
	U = classifiers.Custom
)

// fixtureRecords is the known content of the store (README of the test:
// the expected numbers in report_test.go are worked out from it by hand).
func fixtureRecords() []*results.Record {
	const sw, at = "sw-20261101T000000Z-aaaa", "2026-11-01T10:00:00Z"
	return []*results.Record{
		rec("patients", "records/a.csv", 1000, scanner.Complete, "", H, sw, at,
			fd("US_SSN", P, H, 3, "***-**-6789", rawSSN), fd("PERSON_NAME", P, M, 2, "J*** D**"), fd("MEDICAL_RECORD_NUMBER", X, H, 1, "MRN-****21")),
		rec("patients", "records/b.json", 2000, scanner.Partial, "size limit reached after 10 MiB", M, sw, at,
			fd("EMAIL_ADDRESS", P, L, 4, "j***@example.org"), fd("ICD10_CODE", X, M, 2, "E1*.**")),
		rec("patients", hostileKey, 500, scanner.Skipped, "unsupported format", 0, sw, at),
		rec("patients", "notes.txt", 100, scanner.Complete, "", 0, sw, at),
		rec("payments", "cards/2024/x.csv", 3000, scanner.Complete, "", H, sw, at,
			fd("CREDIT_CARD_NUMBER", F, H, 5, "************1111"), fd("CREDIT_CARD_EXPIRATION", F, M, 5, "**/29"),
			fd("CREDIT_CARD_SECURITY_CODE", F, H, 2, "***"), fd("PERSON_NAME", P, M, 5, "A**** S****")),
		rec("payments", "logs/app.log", 700, scanner.Error, "access denied", 0, sw, at),
		rec("payments", "logs/y.log", 50, scanner.Complete, "", M, sw, at,
			fd("PERSON_NAME", P, L, 1, "B** K***"), fd("IP_ADDRESS", P, L, 3, "10.*.*.7"),
			fd("EMPLOYEE_ID", U, M, 2, "EMP-***123"), fd("PROJECT_CODE", U, M, 1, "PRJ-**9")),
		rec("archive", "old.txt", 10, scanner.Complete, "", H, sw, at, fd("AWS_ACCESS_KEY_ID", C, H, 1, "AKIA****************")),
	}
}

func fixtureMapper() *compliance.Mapper {
	return compliance.NewMapper(map[string]*compliance.Mapping{
		"EMPLOYEE_ID":  {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}},
		"PROJECT_CODE": nil,
	})
}

// fixtureStore writes the records with the results package's LocalStore,
// the buckets' posture with the posture package's store beside it, an audit
// log with the remediate package's FileLog, and a saved dry-run plan.
func fixtureStore(t testing.TB) (store, planPath string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store = filepath.Join(dir, "results")
	st, err := results.NewLocalStore(store)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range fixtureRecords() {
		if _, err := st.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := posture.OpenStore(ctx, store, scanner.S3Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*posture.Report{
		{Bucket: "patients", Exposure: "public", Public: true, Reasons: []string{"policy statement PublicRead (read)"},
			EncryptionSummary: "none", Objects: &posture.ObjectCheck{Checked: 4, Unencrypted: 3}},
		{Bucket: "payments", Exposure: "shared", Shared: true, Reasons: []string{"bucket ACL grant to 123456789012"},
			EncryptionSummary: "SSE-KMS", Objects: &posture.ObjectCheck{Checked: 3}},
	} {
		if err := ps.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	log, err := remediate.OpenAuditLog(ctx, "", store, scanner.S3Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []*remediate.Entry{
		{ID: "a-1", Time: "2026-11-01T11:00:00Z", Rule: "tag-phi", Action: "tag", Bucket: "patients", Key: "records/a.csv", Outcome: "applied", Detail: "tag dredge-classification=PERSONAL"},
		{ID: "a-2", Time: "2026-11-01T11:00:01Z", Rule: "pci", Action: "quarantine", Bucket: "payments", Key: "cards/2024/x.csv", Outcome: "applied", Detail: "moved to quarantine"},
		{ID: "a-3", Time: "2026-11-01T11:00:02Z", Rule: "no-public", Action: "block_public", Bucket: "patients", Outcome: "applied", Detail: "remove policy statement PublicRead"},
		{ID: "a-4", Time: "2026-11-01T11:00:03Z", Rule: "tag-phi", Action: "tag", Bucket: "elsewhere", Key: "k", Outcome: "applied"},
		{ID: "a-5", Time: "2026-11-01T12:00:00Z", Rule: "no-public", Action: "undo", Bucket: "patients", Undoes: "a-3", Outcome: "undone", Detail: "undid block_public a-3"},
	} {
		if err := log.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	planPath = filepath.Join(dir, "plan.json")
	plan := Plan{Steps: []*remediate.Step{
		{PlanID: "p1", Rule: "encrypt-phi", Action: rules.Action{Type: rules.EnforceEncryption}, Bucket: "patients", State: remediate.StateChange, Summary: "set default encryption SSE-S3"},
		{PlanID: "p2", Rule: "pci", Action: rules.Action{Type: rules.Quarantine}, Bucket: "payments", Key: "logs/y.log", State: remediate.StateError, Error: "AccessDenied"},
		{PlanID: "p3", Rule: "tag-phi", Action: rules.Action{Type: rules.Tag}, Bucket: "patients", Key: "records/a.csv", State: remediate.StateNoop},
	}}
	writeLines(t, planPath, plan)
	return store, planPath
}

func ptr[T any](v T) *T { return &v }

func writeLines(t testing.TB, path string, docs ...any) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
}

var s3none = scannerS3Config()
