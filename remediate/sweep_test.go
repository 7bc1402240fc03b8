package remediate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// TestSweepPosture: a sweep with Posture runs the posture task, whose
// report is stored beside the results; once the sweep's scans find
// sensitive data in that public bucket, the remediate task raises the
// stored report to critical.
func TestSweepPosture(t *testing.T) {
	ctx := context.Background()
	rds := testenv.StartRedis(t)
	env := newMinIO(t)
	rdb := redis.NewClient(&redis.Options{Addr: rds.Addr})
	t.Cleanup(func() { rdb.Close() })
	src := &scanner.S3Source{Client: env.cl}
	store, err := results.NewBucketStore(ctx, env.cl, "dredge-results", "")
	if err != nil {
		t.Fatal(err)
	}
	env.bucket("site")
	pub := `{"Version":"2012-10-17","Statement":[{"Sid":"Web","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::site/*"]}]}`
	if err := env.cl.SetBucketPolicy(ctx, "site", pub); err != nil {
		t.Fatal(err)
	}
	env.put("site", "index.html", "<html>hello</html>", minio.PutObjectOptions{})
	env.put("site", "dump/customers.txt", "customer ssn: 512-44-7781\nemail: kim.lee4412@quillpost.net\n", minio.PutObjectOptions{})

	cfg := &config.Config{FingerprintKey: "k"}
	eng, err := cfg.Engine()
	if err != nil {
		t.Fatal(err)
	}
	pstore := posture.NewBucketStore(env.cl, "dredge-results", "")
	ck := &posture.Checker{Client: env.cl, Sensitive: posture.SensitiveCounter(store, 100)}
	rh := &TaskHandler{Engine: &Engine{Client: env.cl, Log: env.log}, Results: store, Posture: pstore, Logger: quiet()}
	hs := rh.Handlers()
	hs[queue.TypePosture] = &posture.TaskHandler{Checker: ck, Store: pstore, Logger: quiet()}
	w := &queue.Worker{Redis: rdb, Source: src, Scanner: scanner.New(eng, scanner.Options{Classifier: classifiers.Version}),
		Store: store, Classifier: classifiers.Version, Concurrency: 1, StrictPriority: true, RetryBase: 200 * time.Millisecond,
		RetryMax: time.Second, ShutdownTimeout: 5 * time.Second, Remediate: true, Handlers: hs, Logger: quiet()}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	t.Cleanup(func() { cancel(); <-done; w.Close() })

	id, err := queue.StartSweep(ctx, rdb, queue.SweepSpec{Bucket: "site", Posture: true, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var rep *posture.Report
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		rep, err = pstore.Get(ctx, "site")
		if err == nil && rep.Has(posture.FindingPublicSensitive) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if rep == nil {
		t.Fatalf("no posture report stored: %v", err)
	}
	if rep.Sweep != id || !rep.Public || !rep.Has(posture.FindingPublicSensitive) || rep.Severity != classifiers.SeverityCritical ||
		rep.SensitiveObjects != 1 {
		t.Fatalf("report: sweep=%q public=%v sensitive=%d findings=%+v", rep.Sweep, rep.Public, rep.SensitiveObjects, rep.Findings)
	}
	// The report does not show up as an object result.
	agg := &queue.Aggregates{R: rdb}
	for time.Now().Before(deadline) {
		if st, err := agg.Sweep(ctx, id); err == nil && st.State == "complete" {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	n := 0
	store.List(ctx, results.Query{}, func(r *results.Record) error {
		if strings.Contains(r.Key, "_posture") || r.Bucket == "" {
			t.Errorf("posture report listed as a result: %+v", r)
		}
		n++
		return nil
	})
	if n != 2 {
		t.Errorf("%d results, want 2", n)
	}
}
