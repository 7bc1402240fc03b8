package main

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// TestPostureAndRemediateCommands drives `dredge posture` and `dredge
// remediate plan/apply/undo/log` against MinIO with a local results folder.
func TestPostureAndRemediateCommands(t *testing.T) {
	m := testenv.StartMinIO(t)
	t.Setenv("AWS_ENDPOINT_URL", m.URL())
	t.Setenv("AWS_REGION", m.Region)
	t.Setenv("AWS_ACCESS_KEY_ID", m.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", m.SecretKey)
	ctx := context.Background()
	cl, err := scanner.NewS3Client(scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"shop", "quarantine"} {
		if err := cl.MakeBucket(ctx, b, minio.MakeBucketOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	pub := `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::shop/*"]}]}`
	if err := cl.SetBucketPolicy(ctx, "shop", pub); err != nil {
		t.Fatal(err)
	}
	body := "card 4111\n"
	info, err := cl.PutObject(ctx, "shop", "exports/cards.csv", strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A stored result with a card number finding (as a worker would store it).
	resDir := t.TempDir()
	st, _ := results.NewLocalStore(resDir)
	rec := &results.Record{Bucket: "shop", Key: "exports/cards.csv", ScanID: "s1", Result: scanner.Result{
		Object: "s3://shop/exports/cards.csv", ETag: info.ETag, Size: info.Size, Status: scanner.Complete,
		Severity: classifiers.SeverityHigh, Findings: []scanner.Finding{{Type: "CREDIT_CARD_NUMBER", Category: classifiers.Financial,
			Count: 1, Severity: classifiers.SeverityHigh}}}}
	if _, err := st.Put(ctx, rec); err != nil {
		t.Fatal(err)
	}
	audit := t.TempDir() + "/audit.jsonl"
	cfg := t.TempDir() + "/dredge.yaml"
	os.WriteFile(cfg, []byte(`remediation:
  audit_log: `+audit+`
  quarantine_bucket: quarantine
  rules:
    - name: unpublic
      match: {posture: [S3BucketPublicWithSensitiveData]}
      actions: [{type: block_public}]
    - name: tag-cards
      match: {identifiers: [CREDIT_CARD_NUMBER]}
      actions: [{type: tag, value: pci}]
`), 0o600)

	// posture: public and sensitive is critical; --fail-on high exits 1.
	out, code := run(t, "posture", "shop", "--results", resDir, "--probe", "--fail-on", "high")
	if code != exitFindings || !strings.Contains(out, "S3BucketPublicWithSensitiveData") || !strings.Contains(out, "critical") ||
		!strings.Contains(out, "PublicRead") || !strings.Contains(out, "anonymous probe: GET") {
		t.Fatalf("posture (%d):\n%s", code, out)
	}
	out, code = run(t, "posture", "list", "--results", resDir, "--format", "jsonl")
	var rep map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep["exposure"] != "public" || rep["encryption"] != "none" {
		t.Fatalf("posture list (%d): %s", code, out)
	}

	// Dry run: shows, changes nothing.
	out, code = run(t, "remediate", "plan", "--config", cfg, "--results", resDir)
	if code != 0 || !strings.Contains(out, "would change") || !strings.Contains(out, "PublicRead") || !strings.Contains(out, "dry run: 2 would change") {
		t.Fatalf("plan (%d):\n%s", code, out)
	}
	if p, _ := cl.GetBucketPolicy(ctx, "shop"); p == "" {
		t.Fatal("the dry run changed the policy")
	}
	if _, err := os.Stat(audit); err == nil {
		t.Fatal("the dry run wrote the audit log")
	}
	// Apply, then again: no-op.
	out, code = run(t, "remediate", "plan", "--apply", "--config", cfg, "--results", resDir)
	if code != 0 || !strings.Contains(out, "2 changed") {
		t.Fatalf("apply (%d):\n%s", code, out)
	}
	ids := regexp.MustCompile(`a-\d{8}T\d{6}-[0-9a-f]{8}`).FindAllString(out, -1)
	if len(ids) != 2 {
		t.Fatalf("action ids %v in\n%s", ids, out)
	}
	if p, _ := cl.GetBucketPolicy(ctx, "shop"); p != "" {
		t.Fatalf("policy after apply: %s", p)
	}
	// Again: nothing changes (the bucket is no longer public, so the
	// posture rule no longer matches; the tag is in place).
	out, code = run(t, "remediate", "apply", "--config", cfg, "--results", resDir)
	if code != 0 || !strings.Contains(out, "0 changed, 1 already done") {
		t.Fatalf("second apply (%d):\n%s", code, out)
	}
	// Undo the policy change.
	out, code = run(t, "remediate", "undo", ids[0], "--config", cfg)
	if code != 0 || !strings.Contains(out, "undone "+ids[0]) {
		t.Fatalf("undo (%d): %s", code, out)
	}
	if p, _ := cl.GetBucketPolicy(ctx, "shop"); !strings.Contains(p, "PublicRead") {
		t.Fatalf("policy after undo: %s", p)
	}
	out, code = run(t, "remediate", "log", "--verify", "--config", cfg)
	if code != 0 || !strings.Contains(out, "3 entries, hash chain intact") {
		t.Fatalf("log --verify (%d): %s", code, out)
	}
	out, code = run(t, "remediate", "log", "--config", cfg)
	if code != 0 || !strings.Contains(out, "block_public") || !strings.Contains(out, "undo") {
		t.Fatalf("log (%d): %s", code, out)
	}
	// Bad usage.
	if _, code := run(t, "remediate", "plan", "--results", resDir); code != exitUsage {
		t.Fatalf("plan without rules: %d", code)
	}
}
