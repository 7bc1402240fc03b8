package posture

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/encrypt"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// TestScanTimeSSE: a sweep of a MinIO bucket holding objects stored with
// SSE-S3, SSE-KMS and without SSE records each object's encryption on its
// stored result and counts the unencrypted ones per bucket and per sweep in
// Redis; the posture check then takes its S3ObjectsUnencrypted figure
// from those counts and says so. A repeated sweep counts nothing twice; a
// rewrite with SSE moves the object between the counts.
func TestScanTimeSSE(t *testing.T) {
	ctx := context.Background()
	rds := testenv.StartRedis(t)
	m := testenv.StartMinIO(t)
	rdb := redis.NewClient(&redis.Options{Addr: rds.Addr})
	t.Cleanup(func() { rdb.Close() })
	s3 := scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey}
	src, err := scanner.NewS3Source(s3)
	if err != nil {
		t.Fatal(err)
	}
	cl := src.Client
	store, err := results.NewBucketStore(ctx, cl, "dredge-results", "")
	if err != nil {
		t.Fatal(err)
	}
	kms, err := encrypt.NewSSEKMS(m.KMSKeyID, nil)
	if err != nil {
		t.Fatal(err)
	}
	mkBucket(t, cl, "mixed")
	mkBucket(t, cl, "unscanned")
	// The truth: 4 without SSE, 2 SSE-S3, 1 SSE-KMS.
	want := map[string]string{}
	for i, k := range []string{"plain/a.txt", "plain/b.csv", "plain/c.json", "notes.txt"} {
		put(t, cl, "mixed", k, "plain object "+strings.Repeat("x", i), minio.PutObjectOptions{})
		want[k] = "none"
	}
	for _, k := range []string{"s3/a.txt", "s3/b.txt"} {
		put(t, cl, "mixed", k, "sse-s3 object", minio.PutObjectOptions{ServerSideEncryption: encrypt.NewSSE()})
		want[k] = "AES256"
	}
	put(t, cl, "mixed", "kms/a.txt", "sse-kms object", minio.PutObjectOptions{ServerSideEncryption: kms})
	want["kms/a.txt"] = "aws:kms"
	put(t, cl, "unscanned", "u.txt", "u", minio.PutObjectOptions{})

	cfg := &config.Config{FingerprintKey: "test-key"}
	eng, err := cfg.Engine()
	if err != nil {
		t.Fatal(err)
	}
	agg := &queue.Aggregates{R: rdb}
	pstore := NewBucketStore(cl, "dredge-results", "")
	ck := &Checker{Client: cl, ScanSSE: ScanSSECounter(agg)}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	w := &queue.Worker{Redis: rdb, Source: src, Scanner: scanner.New(eng, scanner.Options{Classifier: classifiers.Version}),
		Store: store, Classifier: classifiers.Version, Concurrency: 2, RetryBase: 200 * time.Millisecond, RetryMax: 2 * time.Second,
		ShutdownTimeout: 5 * time.Second, Logger: log,
		Handlers: map[string]asynq.Handler{queue.TypePosture: &TaskHandler{Checker: ck, Store: pstore, Logger: log}}}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	t.Cleanup(func() { cancel(); <-done; w.Close() })

	sweep := func() *queue.SweepStatus {
		t.Helper()
		id, err := queue.StartSweep(ctx, rdb, queue.SweepSpec{Bucket: "mixed", Source: "test", Posture: true})
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			st, err := agg.Sweep(ctx, id)
			if err == nil && st.State == "complete" {
				return st
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("sweep %s did not complete", id)
		return nil
	}
	checkSSE := func(what string, got queue.SSECounts, checked, none, s3, kms int64) {
		t.Helper()
		if got.Checked != checked || got.Unencrypted != none || got.ByAlgorithm["none"] != none ||
			got.ByAlgorithm["AES256"] != s3 || got.ByAlgorithm["aws:kms"] != kms {
			t.Errorf("%s: %+v; want checked %d, none %d, AES256 %d, aws:kms %d", what, got, checked, none, s3, kms)
		}
	}

	st := sweep()
	checkSSE("first sweep", st.SSE, 7, 4, 2, 1)
	bs, err := agg.Bucket(ctx, "mixed")
	if err != nil {
		t.Fatal(err)
	}
	checkSSE("bucket after the first sweep", bs.SSE, 7, 4, 2, 1)
	// Each stored result says how its object is stored.
	for k, alg := range want {
		rec, err := store.Get(ctx, "mixed", k)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if rec.SSE != alg {
			t.Errorf("%s: stored sse %q, want %q", k, rec.SSE, alg)
		}
		if (alg == "aws:kms") != strings.Contains(rec.SSEKMSKeyID, m.KMSKeyID) {
			t.Errorf("%s: stored KMS key %q", k, rec.SSEKMSKeyID)
		}
	}
	// The posture check takes the scan-time count, and names its source.
	rep, err := ck.Check(ctx, "mixed")
	if err != nil {
		t.Fatal(err)
	}
	if rep.ObjectSSESource != SSEFromScans || rep.ScanSSE == nil || rep.ScanSSE.Unencrypted != 4 || rep.Objects != nil {
		t.Fatalf("report: source %q scan %+v objects %+v", rep.ObjectSSESource, rep.ScanSSE, rep.Objects)
	}
	f := findingOf(rep, FindingObjectsUnencrypted)
	if f == nil || f.Count != 4 || len(f.Sources) != 1 || !strings.Contains(f.Sources[0], "counted during scans: 4 of 7") {
		t.Fatalf("finding %+v", f)
	}
	// A second sweep of the unchanged bucket scans nothing again and
	// counts nothing twice.
	st = sweep()
	if st.Complete != 0 || st.UnchangedListed+st.Unchanged != 7 {
		t.Errorf("second sweep: %d scanned, %d unchanged; want 0 and 7", st.Complete, st.UnchangedListed+st.Unchanged)
	}
	checkSSE("second sweep", st.SSE, 0, 0, 0, 0)
	bs, _ = agg.Bucket(ctx, "mixed")
	checkSSE("bucket after the second sweep", bs.SSE, 7, 4, 2, 1)
	// Rewritten with SSE-KMS: one fewer unencrypted object.
	put(t, cl, "mixed", "notes.txt", "now encrypted", minio.PutObjectOptions{ServerSideEncryption: kms})
	st = sweep()
	checkSSE("third sweep", st.SSE, 1, 0, 0, 1)
	bs, _ = agg.Bucket(ctx, "mixed")
	checkSSE("bucket after the rewrite", bs.SSE, 7, 3, 2, 2)
	rep, err = ck.Check(ctx, "mixed")
	if err != nil {
		t.Fatal(err)
	}
	if f := findingOf(rep, FindingObjectsUnencrypted); f == nil || f.Count != 3 {
		t.Fatalf("after the rewrite: %+v", f)
	}
	// The report the sweep's posture task stored carries the source too.
	stored, err := pstore.Get(ctx, "mixed")
	if err != nil {
		t.Fatal(err)
	}
	if stored.ObjectSSESource != SSEFromScans || stored.ScanSSE == nil {
		t.Errorf("stored report: source %q scan %+v", stored.ObjectSSESource, stored.ScanSSE)
	}
	// With the scans' counts the HEADs are spared; a bucket no scan has
	// read falls back to the HEAD sample, and says so.
	ck2 := &Checker{Client: cl, ScanSSE: ScanSSECounter(agg), Objects: -1}
	rep, err = ck2.Check(ctx, "mixed")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Objects != nil || rep.ObjectSSESource != SSEFromScans || findingOf(rep, FindingObjectsUnencrypted).Count != 3 {
		t.Fatalf("scanned bucket with --objects: source %q objects %+v", rep.ObjectSSESource, rep.Objects)
	}
	rep, err = ck2.Check(ctx, "unscanned")
	if err != nil {
		t.Fatal(err)
	}
	f = findingOf(rep, FindingObjectsUnencrypted)
	if rep.ObjectSSESource != SSEFromHead || rep.ScanSSE != nil || f == nil || f.Count != 1 || !strings.Contains(f.Sources[0], "HEAD of 1 objects") {
		t.Fatalf("unscanned bucket: source %q scan %+v finding %+v", rep.ObjectSSESource, rep.ScanSSE, f)
	}
}

func findingOf(r *Report, typ string) *Finding {
	for i := range r.Findings {
		if r.Findings[i].Type == typ {
			return &r.Findings[i]
		}
	}
	return nil
}

// TestSensitiveFromAggregates: the count of a bucket's objects with
// findings comes from the fleet's aggregates (exactly, rescans and
// removals included); a bucket the fleet has no record of goes to the
// fallback.
func TestSensitiveFromAggregates(t *testing.T) {
	ctx := context.Background()
	rds := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: rds.Addr})
	t.Cleanup(func() { rdb.Close() })
	agg := &queue.Aggregates{R: rdb}
	record := func(key, etag string, ssns int) {
		t.Helper()
		r := &results.Record{Result: scanner.Result{Object: "s3://data/" + key, Status: scanner.Complete, Findings: []scanner.Finding{}},
			Bucket: "data", Key: key, ScanID: results.ScanID("data", key, etag, "test")}
		if ssns > 0 {
			r.Findings = []scanner.Finding{{Type: "US_SSN", Category: classifiers.Personal, Severity: classifiers.SeverityHigh, Count: ssns}}
		}
		if _, err := agg.Apply(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		record(fmt.Sprintf("k%d", i), "e1", i%2*3) // k1 and k3 hold findings
	}
	record("k0", "e2", 1) // rescanned: now holds one
	if _, err := agg.Remove(ctx, "data", "k3", "", ""); err != nil {
		t.Fatal(err)
	}
	fallbacks := 0
	count := SensitiveFromAggregates(agg, func(context.Context, string) (int, error) { fallbacks++; return 42, nil })
	if n, err := count(ctx, "data"); err != nil || n != 2 || fallbacks != 0 {
		t.Fatalf("data: %d, %v (fallbacks %d); want 2 (k0, k1)", n, err, fallbacks)
	}
	if n, err := count(ctx, "never-swept"); err != nil || n != 42 || fallbacks != 1 {
		t.Fatalf("never-swept: %d, %v (fallbacks %d); want the fallback's 42", n, err, fallbacks)
	}
}
