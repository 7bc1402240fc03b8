package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// TestFleetCLI drives the fleet commands against real Redis and MinIO:
// scan s3://, worker, sweep --wait, sweep status/list, findings,
// findings buckets, worker archived, schedule --show, serve refusals.
func TestFleetCLI(t *testing.T) {
	rd := testenv.StartRedis(t)
	m := testenv.StartMinIO(t)
	t.Setenv("AWS_ENDPOINT_URL", m.URL())
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ACCESS_KEY_ID", m.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", m.SecretKey)
	t.Setenv("AWS_REGION", m.Region)
	t.Setenv("DREDGE_REDIS_ADDR", rd.Addr)
	t.Setenv("DREDGE_RESULTS", "s3://dredge-results")
	t.Setenv("DREDGE_EVENTS_TOKEN", "")
	t.Setenv("DREDGE_FINGERPRINT_KEY", "test")

	src, err := scanner.NewS3Source(scanner.S3ConfigFromEnv())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := src.Client.MakeBucket(ctx, "cli", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	objs := map[string]string{
		"hr/people.csv":   "row,ssn,email\n1," + rawSSN + ",ana.k77@quillpost.net\n",
		"hr/notes.txt":    "nothing to see here\n",
		"ops/keys.txt":    "aws_access_key_id = AKIAJQ7RZ2M4XK5LDP3W\n",
		"logs/app.json":   `{"user":{"ssn":"512-44-7781"}}` + "\n",
		"logs/empty.json": "{}\n",
	}
	for k, v := range objs {
		if _, err := src.Client.PutObject(ctx, "cli", k, strings.NewReader(v), int64(len(v)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	// In-process scan of a bucket prefix: no Redis involved.
	out, code := run(t, "scan", "--format", "jsonl", "s3://cli/hr/")
	res := jsonl(t, out)
	people := res["s3://cli/hr/people.csv"]
	if code != 0 || people.CountOf("US_SSN") != 1 || len(res) != 1 {
		t.Fatalf("scan s3://: exit %d\n%s", code, out)
	}
	if strings.Contains(out, rawSSN) {
		t.Fatal("raw value in scan output")
	}
	if _, code := run(t, "scan", "s3://cli/", "."); code != exitUsage {
		t.Errorf("mixing s3:// and local paths: exit %d", code)
	}

	// A worker.
	wctx, stopWorker := context.WithCancel(ctx)
	workerDone := make(chan error, 1)
	go func() {
		root := newRoot()
		root.SetArgs([]string{"worker", "--concurrency", "2", "--shutdown-timeout", "5s"})
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		workerDone <- root.ExecuteContext(wctx)
	}()
	defer func() {
		stopWorker()
		select {
		case err := <-workerDone:
			if err != nil {
				t.Errorf("worker: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("worker did not drain within 30s of its context ending")
		}
	}()

	out, code = run(t, "sweep", "s3://cli", "--wait", "--json", "--fail-on", "high", "--interval", "200ms")
	if code != exitFindings {
		t.Fatalf("sweep --wait --fail-on high: exit %d\n%s", code, out)
	}
	id, rest, _ := strings.Cut(out, "\n")
	var st queue.SweepStatus
	if err := json.Unmarshal([]byte(rest), &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if st.ID != id || st.State != "complete" || st.Matched != 5 || st.Complete != 5 || st.ByType["US_SSN"] != 2 ||
		st.ByType["AWS_ACCESS_KEY_ID"] != 1 || st.ByType["EMAIL_ADDRESS"] != 1 || st.SSE.Unencrypted != 5 {
		t.Errorf("sweep status: %+v", st)
	}
	out, code = run(t, "sweep", "status", id)
	if code != 0 || !strings.Contains(out, "US_SSN") || !strings.Contains(out, "complete") {
		t.Errorf("sweep status: exit %d\n%s", code, out)
	}
	if _, code := run(t, "sweep", "status", "sw-nope"); code != exitUsage {
		t.Errorf("status of an unknown sweep: exit %d", code)
	}
	// An incremental sweep with scope flags: all unchanged.
	out, code = run(t, "sweep", "s3://cli/logs/", "--include-ext", "json", "--max-size", "1KB", "--wait", "--json")
	_, rest, _ = strings.Cut(out, "\n")
	st = queue.SweepStatus{}
	json.Unmarshal([]byte(rest), &st)
	if code != 0 || st.Matched != 2 || st.UnchangedListed != 2 || st.Queued != 0 {
		t.Errorf("incremental sweep: exit %d %+v", code, st)
	}
	out, code = run(t, "sweep", "list")
	if code != 0 || !strings.Contains(out, id) || strings.Count(out, "\n") != 3 {
		t.Errorf("sweep list: exit %d\n%s", code, out)
	}
	if _, code := run(t, "sweep", "s3://cli", "--min-size", "2KB", "--max-size", "1KB"); code != exitUsage {
		t.Errorf("bad scope: exit %d", code)
	}
	if _, code := run(t, "sweep", "/local/path"); code != exitUsage {
		t.Errorf("local path: exit %d", code)
	}

	// Findings.
	out, code = run(t, "findings", "--kind", "object", "--format", "json")
	var recs []results.Record
	if err := json.Unmarshal([]byte(out), &recs); err != nil || code != 0 {
		t.Fatalf("findings: exit %d %v\n%s", code, err, out)
	}
	if len(recs) != 3 {
		t.Errorf("findings: %d objects with findings, want 3", len(recs))
	}
	if strings.Contains(out, rawSSN) {
		t.Fatal("raw value in findings output")
	}
	out, _ = run(t, "findings", "--type", "us_ssn", "--format", "jsonl", "s3://cli/hr/")
	if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, `"US_SSN"`) || strings.Contains(out, "EMAIL_ADDRESS") {
		t.Errorf("findings --type US_SSN s3://cli/hr/:\n%s", out)
	}
	out, _ = run(t, "findings", "--category", "credentials")
	if !strings.Contains(out, "ops/keys.txt") || strings.Contains(out, "people.csv") {
		t.Errorf("findings --category credentials:\n%s", out)
	}
	out, _ = run(t, "findings", "--all", "--sweep", id)
	if !strings.Contains(out, "hr/notes.txt") {
		t.Errorf("findings --all --sweep:\n%s", out)
	}
	out, code = run(t, "findings", "buckets", "--json")
	var bs []queue.BucketStats
	// The scans also counted how the objects are stored: none with SSE.
	if err := json.Unmarshal([]byte(out), &bs); err != nil || code != 0 || len(bs) != 1 || bs[0].Objects != 5 || bs[0].Score < 51 ||
		bs[0].SSE.Checked != 5 || bs[0].SSE.Unencrypted != 5 {
		t.Errorf("findings buckets: exit %d %v\n%s", code, err, out)
	}
	// dredge posture takes the objects without SSE from what the scans
	// counted (the fleet's Redis, DREDGE_REDIS_ADDR), and says so.
	out, code = run(t, "posture", "cli", "--format", "json", "--no-store")
	var pr struct {
		Buckets []posture.Report `json:"buckets"`
	}
	if err := json.Unmarshal([]byte(out), &pr); err != nil || code != 0 || len(pr.Buckets) != 1 {
		t.Fatalf("posture: exit %d %v\n%s", code, err, out)
	}
	if b := pr.Buckets[0]; b.ObjectSSESource != posture.SSEFromScans || b.ScanSSE == nil || b.ScanSSE.Unencrypted != 5 ||
		!b.Has(posture.FindingObjectsUnencrypted) || b.Objects != nil {
		t.Errorf("posture with the scans' counts: source %q scan %+v objects %+v", b.ObjectSSESource, b.ScanSSE, b.Objects)
	}
	// So do the worker's posture tasks: the incremental sweep's report,
	// checked after the first sweep's scans.
	var stored []posture.Report
	for deadline := time.Now().Add(20 * time.Second); ; {
		out, _ = run(t, "posture", "list", "--format", "json")
		pr.Buckets = nil
		json.Unmarshal([]byte(out), &pr)
		stored = pr.Buckets
		if len(stored) == 1 && stored[0].ObjectSSESource == posture.SSEFromScans || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if len(stored) != 1 || stored[0].ObjectSSESource != posture.SSEFromScans || stored[0].ScanSSE.Checked != 5 {
		t.Errorf("stored posture report:\n%s", out)
	}
	out, code = run(t, "worker", "archived")
	if code != 0 || !strings.Contains(out, "no archived tasks") {
		t.Errorf("worker archived: exit %d\n%s", code, out)
	}
	out, code = run(t, "worker", "queues")
	if code != 0 || !strings.Contains(out, "events") {
		t.Errorf("worker queues: exit %d\n%s", code, out)
	}

	// Local results folder.
	dir := t.TempDir()
	st2 := &results.Record{Bucket: "b", Key: "k", Result: scanner.Result{Object: "s3://b/k", Status: scanner.Error, Reason: "access denied: nope", Findings: []scanner.Finding{}}}
	ls, _ := results.NewLocalStore(dir)
	ls.Put(ctx, st2)
	out, code = run(t, "findings", "--results", dir, "--status", "error")
	if code != 0 || !strings.Contains(out, "access denied") {
		t.Errorf("findings on a folder: exit %d\n%s", code, out)
	}

	// Schedules.
	cfg := filepath.Join(t.TempDir(), "dredge.yaml")
	os.WriteFile(cfg, []byte("schedules:\n  - name: nightly\n    location: s3://cli/logs/\n    frequency: daily\n    time: \"02:30\"\n"), 0o600)
	out, code = run(t, "schedule", "--config", cfg, "--show")
	if code != 0 || !strings.Contains(out, "nightly") || !strings.Contains(out, "T02:30:00Z") {
		t.Errorf("schedule --show: exit %d\n%s", code, out)
	}
	os.WriteFile(cfg, []byte("schedules:\n  - name: bad\n    location: s3://cli\n    frequency: hourly\n"), 0o600)
	if _, code := run(t, "schedule", "--config", cfg, "--show"); code != exitUsage {
		t.Errorf("bad schedule: exit %d", code)
	}
	// serve refuses to run without a token.
	if _, code := run(t, "serve", "--listen", "127.0.0.1:0"); code != exitUsage {
		t.Errorf("serve without a token: exit %d", code)
	}
	// Unreachable Redis is a usage/setup error.
	if _, code := run(t, "sweep", "s3://cli", "--redis", "127.0.0.1:1"); code != exitUsage {
		t.Errorf("no Redis: exit %d", code)
	}
}
