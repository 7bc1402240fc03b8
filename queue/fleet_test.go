package queue_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/tags"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/fleetbench"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

const resultsBucket = "dredge-results"

func TestMain(m *testing.M) {
	fleetbench.RunLinkProcess() // the benchmarks' network link (DREDGE_BENCH_LINK_MBIT)
	if os.Getenv("DREDGE_TEST_WORKER") == "1" {
		os.Exit(subprocessWorker())
	}
	code := m.Run()
	removeBenchBinary()
	os.Exit(code)
}

// fleet is Redis + MinIO + a results bucket, for one test.
type fleet struct {
	t     testing.TB
	redis *testenv.Redis
	minio *testenv.MinIO
	rdb   redis.UniversalClient
	s3    scanner.S3Config
	src   *scanner.S3Source
	store *results.BucketStore
	agg   *queue.Aggregates
}

func newFleet(t testing.TB, ropts []testenv.RedisOption, mopts ...testenv.MinIOOption) *fleet {
	t.Helper()
	r := testenv.StartRedis(t, ropts...)
	f := newFleetOn(t, redis.NewClient(&redis.Options{Addr: r.Addr, DialTimeout: 2 * time.Second, MaxRetries: 3}), mopts...)
	f.redis = r
	return f
}

// newFleetOn is newFleet with a Redis client of the caller's (a Redis
// Cluster's, say); the fleet closes it.
func newFleetOn(t testing.TB, rdb redis.UniversalClient, mopts ...testenv.MinIOOption) *fleet {
	t.Helper()
	f := &fleet{t: t, rdb: rdb}
	f.minio = testenv.StartMinIO(t, mopts...)
	t.Cleanup(func() { f.rdb.Close() })
	f.s3 = scanner.S3Config{Endpoint: f.minio.URL(), Region: f.minio.Region, AccessKey: f.minio.AccessKey, SecretKey: f.minio.SecretKey}
	var err error
	if f.src, err = scanner.NewS3Source(f.s3); err != nil {
		t.Fatal(err)
	}
	if f.store, err = results.NewBucketStore(context.Background(), f.src.Client, resultsBucket, ""); err != nil {
		t.Fatal(err)
	}
	f.agg = &queue.Aggregates{R: f.rdb}
	return f
}

func (f *fleet) worker(concurrency int) *queue.Worker {
	return &queue.Worker{
		Redis: f.rdb, Source: f.src, Scanner: testScanner(f.t), Store: f.store, Classifier: classifiers.Version,
		Concurrency: concurrency, RetryBase: 300 * time.Millisecond, RetryMax: 3 * time.Second, MaxRetry: 25,
		ShutdownTimeout: 10 * time.Second, PageSize: 250, Logger: quietLogger(),
	}
}

func quietLogger() *slog.Logger {
	lvl := slog.LevelError
	if os.Getenv("DREDGE_TEST_LOG") != "" {
		lvl = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
}

// run starts an in-process worker until the test ends (or stop).
func (f *fleet) run(w *queue.Worker) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil {
			f.t.Errorf("worker: %v", err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done; w.Close() }) }
	f.t.Cleanup(stop)
	return stop
}

func (f *fleet) makeBucket(name string) {
	f.t.Helper()
	if err := f.src.Client.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		f.t.Fatal(err)
	}
}

// upload puts objects, 16 at a time.
func (f *fleet) upload(bucket string, objs []genObject) {
	f.t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	errs := make(chan error, len(objs))
	for _, o := range objs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			_, err := f.src.Client.PutObject(context.Background(), bucket, o.Key, bytes.NewReader(o.Data), int64(len(o.Data)), minio.PutObjectOptions{})
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		f.t.Fatalf("upload: %v", err)
	}
}

// waitSweep waits until a sweep is complete.
func (f *fleet) waitSweep(id string, timeout time.Duration) *queue.SweepStatus {
	f.t.Helper()
	deadline := time.Now().Add(timeout)
	var last *queue.SweepStatus
	for time.Now().Before(deadline) {
		st, err := f.agg.Sweep(context.Background(), id)
		if err == nil {
			last = st
			if st.State == "complete" {
				return st
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	f.t.Fatalf("sweep %s not complete after %s: %+v", id, timeout, last)
	return nil
}

// waitProgress waits until at least n objects of a sweep have an outcome.
func (f *fleet) waitProgress(id string, n int64, timeout time.Duration) *queue.SweepStatus {
	f.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		st, err := f.agg.Sweep(context.Background(), id)
		if err == nil && st.Done() >= n {
			return st
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.t.Fatalf("sweep %s: fewer than %d objects done after %s", id, n, timeout)
	return nil
}

// checkStored checks the results store and the bucket aggregates against
// the ground truth: one record per object, each agreeing with what was
// planted, and aggregate counts equal to the planted totals.
func (f *fleet) checkStored(bucket string, objs []genObject) {
	f.t.Helper()
	ctx := context.Background()
	byKey := map[string]*results.Record{}
	err := f.store.List(ctx, results.Query{Bucket: bucket}, func(r *results.Record) error {
		if byKey[r.Key] != nil {
			return fmt.Errorf("%s stored twice", r.Key)
		}
		byKey[r.Key] = r
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if len(byKey) != len(objs) {
		f.t.Errorf("stored %d results, want %d", len(byKey), len(objs))
	}
	want := map[string]int64{}
	bad := 0
	for _, o := range objs {
		for id, n := range o.Planted {
			want[id] += int64(n)
		}
		r := byKey[o.Key]
		if r == nil {
			f.t.Errorf("%s: no stored result", o.Key)
			continue
		}
		if err := checkPlanted(o, &r.Result); err != nil {
			if bad++; bad < 10 {
				f.t.Error(err)
			}
		}
		if r.ScanID != results.ScanID(bucket, o.Key, r.ETag, classifiers.Version) {
			f.t.Errorf("%s: scan id %s does not match its ETag", o.Key, r.ScanID)
		}
	}
	bs, err := f.agg.Bucket(ctx, bucket)
	if err != nil {
		f.t.Fatal(err)
	}
	if bs.Objects != int64(len(objs)) || bs.Complete != int64(len(objs)) {
		f.t.Errorf("bucket aggregate: %d objects, %d complete; want %d", bs.Objects, bs.Complete, len(objs))
	}
	for _, id := range plantedTypes {
		if bs.ByType[id] != want[id] {
			f.t.Errorf("bucket aggregate: %s = %d, planted %d", id, bs.ByType[id], want[id])
		}
	}
	var total int64
	for _, n := range want {
		total += n
	}
	if bs.Findings != total {
		f.t.Errorf("bucket aggregate: %d findings, planted %d", bs.Findings, total)
	}
}

// checkSweepExact checks that a sweep accounted for every object once.
func checkSweepExact(t testing.TB, st *queue.SweepStatus, n int) {
	t.Helper()
	if st.Matched != int64(n) {
		t.Errorf("sweep %s: matched %d, want %d", st.ID, st.Matched, n)
	}
	if got := st.Queued + st.UnchangedListed + st.Duplicate; got != int64(n) {
		t.Errorf("sweep %s: queued %d + unchanged %d + duplicate %d = %d, want %d", st.ID, st.Queued, st.UnchangedListed, st.Duplicate, got, n)
	}
	if st.Done() != st.Queued {
		t.Errorf("sweep %s: %d outcomes for %d queued objects (%+v)", st.ID, st.Done(), st.Queued, st)
	}
}

func plantedTotals(objs []genObject) map[string]int64 {
	m := map[string]int64{}
	for _, o := range objs {
		for id, n := range o.Planted {
			m[id] += int64(n)
		}
	}
	return m
}

// snapshot returns key -> ETag of every stored result object.
func (f *fleet) snapshot() map[string]string {
	out := map[string]string{}
	for info := range f.src.Client.ListObjects(context.Background(), resultsBucket, minio.ListObjectsOptions{Recursive: true}) {
		if info.Err != nil {
			f.t.Fatal(info.Err)
		}
		out[info.Key] = info.ETag + "@" + info.LastModified.String()
	}
	return out
}

// TestSweep2000 sweeps a bucket of 2,000 objects of mixed formats: every
// planted value is found exactly once. Two overlapping sweeps never
// double-scan or double-count, and a third, incremental one scans and
// writes nothing.
func TestSweep2000(t *testing.T) {
	t.Parallel()
	f := newFleet(t, nil)
	f.makeBucket("data")
	objs := genCorpus(2000, 2000, "")
	start := time.Now()
	f.upload("data", objs)
	t.Logf("uploaded %d objects in %s", len(objs), time.Since(start))

	ctx := context.Background()
	// Two sweeps started together, before any worker runs.
	a, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "data", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "data", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	f.run(f.worker(8))
	sa := f.waitSweep(a, 4*time.Minute)
	sb := f.waitSweep(b, 4*time.Minute)
	t.Logf("two overlapping sweeps done in %s", time.Since(start))
	checkSweepExact(t, sa, len(objs))
	checkSweepExact(t, sb, len(objs))
	if got := sa.Complete + sb.Complete; got != int64(len(objs)) {
		t.Errorf("objects scanned: %d by %s + %d by %s = %d, want %d (each once)", sa.Complete, a, sb.Complete, b, got, len(objs))
	}
	if sa.Failed+sb.Failed+sa.Partial+sb.Partial+sa.Skipped+sb.Skipped > 0 {
		t.Errorf("unexpected outcomes: %+v %+v", sa, sb)
	}
	// Findings: each object's were counted by the one sweep that scanned it.
	want := plantedTotals(objs)
	for _, id := range plantedTypes {
		if got := sa.ByType[id] + sb.ByType[id]; got != want[id] {
			t.Errorf("%s: sweeps counted %d, planted %d", id, got, want[id])
		}
	}
	f.checkStored("data", objs)
	before := f.snapshot()

	// An incremental sweep: everything is unchanged.
	c, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "data", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	sc := f.waitSweep(c, 2*time.Minute)
	if sc.UnchangedListed != int64(len(objs)) || sc.Queued != 0 {
		t.Errorf("incremental sweep: %d unchanged, %d queued; want %d, 0", sc.UnchangedListed, sc.Queued, len(objs))
	}
	if after := f.snapshot(); !equalMaps(before, after) {
		t.Errorf("an incremental sweep rewrote stored results")
	}
	// A forced rescan of unchanged objects writes nothing new either,
	// and counts each object once.
	d, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "data", Scope: queue.Scope{Prefix: "dir03/"}, Force: true, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	sd := f.waitSweep(d, 2*time.Minute)
	n := 0
	for _, o := range objs {
		if len(o.Key) > 6 && o.Key[:6] == "dir03/" {
			n++
		}
	}
	checkSweepExact(t, sd, n)
	if sd.Complete != int64(n) {
		t.Errorf("forced sweep scanned %d, want %d", sd.Complete, n)
	}
	if after := f.snapshot(); !equalMaps(before, after) {
		t.Errorf("a forced rescan of unchanged objects rewrote stored results")
	}
	f.checkStored("data", objs)
	bs, _ := f.agg.Bucket(ctx, "data")
	if bs.Score < 51 || bs.Score > 99 {
		t.Errorf("sensitivity score %d, want 51-99 for a bucket with findings", bs.Score)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestSweepScope checks the scope filters on a real listing.
func TestSweepScope(t *testing.T) {
	f := newFleet(t, nil)
	f.makeBucket("scope")
	objs := genCorpus(7, 120, "")
	f.upload("scope", objs)
	// Tag a few objects.
	tagged := map[string]bool{}
	for i, o := range objs {
		if i%10 == 0 {
			tags := map[string]string{"class": "pii"}
			if i%20 == 0 {
				tags["skip"] = "yes"
			}
			tg, _ := tagsOf(tags)
			if err := f.src.Client.PutObjectTagging(context.Background(), "scope", o.Key, tg, minio.PutObjectTaggingOptions{}); err != nil {
				t.Fatal(err)
			}
			if i%20 != 0 {
				tagged[o.Key] = true
			}
		}
	}
	f.run(f.worker(4))
	ctx := context.Background()
	cases := []struct {
		name  string
		scope queue.Scope
		keep  func(o genObject) bool
	}{
		{"prefix", queue.Scope{Prefix: "dir01/"}, func(o genObject) bool { return o.Key[:6] == "dir01/" }},
		{"include-ext", queue.Scope{IncludeExt: []string{"csv", ".JSON"}}, func(o genObject) bool { return ext(o.Key) == "csv" || ext(o.Key) == "json" }},
		{"exclude-ext", queue.Scope{ExcludeExt: []string{"txt"}}, func(o genObject) bool { return ext(o.Key) != "txt" }},
		{"size", queue.Scope{MinSize: 150, MaxSize: 400}, func(o genObject) bool { return len(o.Data) >= 150 && len(o.Data) <= 400 }},
		{"modified-before", queue.Scope{ModifiedBefore: time.Now().Add(-time.Hour)}, func(genObject) bool { return false }},
		{"tags", queue.Scope{Tags: []string{"class=pii"}, ExcludeTags: []string{"skip"}}, func(o genObject) bool { return tagged[o.Key] }},
	}
	for _, c := range cases {
		id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "scope", Scope: c.scope, Force: true})
		if err != nil {
			t.Fatal(err)
		}
		st := f.waitSweep(id, time.Minute)
		want := 0
		for _, o := range objs {
			if c.keep(o) {
				want++
			}
		}
		if st.Matched != int64(want) || st.Seen+0 < st.Matched || st.Complete != int64(want) {
			t.Errorf("%s: matched %d, scanned %d, want %d (%+v)", c.name, st.Matched, st.Complete, want, st)
		}
	}
	// Sampling: about the share asked, and a retried page samples the same.
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "scope", Scope: queue.Scope{SamplePercent: 25}, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	st := f.waitSweep(id, time.Minute)
	if st.Matched < 10 || st.Matched > 50 {
		t.Errorf("25%% sample of %d objects matched %d", len(objs), st.Matched)
	}
}

func ext(k string) string {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == '.' {
			return k[i+1:]
		}
	}
	return ""
}

// TestWorkerKilled kills -9 a worker process in the middle of a sweep and
// starts another: the sweep completes and every object is recorded once.
func TestWorkerKilled(t *testing.T) {
	t.Parallel()
	f := newFleet(t, nil)
	f.makeBucket("kill")
	objs := genCorpus(42, 800, "")
	f.upload("kill", objs)
	ctx := context.Background()
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "kill"})
	if err != nil {
		t.Fatal(err)
	}
	w1 := f.startProcess("w1", 4)
	st := f.waitProgress(id, 150, 2*time.Minute)
	if st.State == "complete" {
		t.Fatal("sweep finished before the kill")
	}
	if err := w1.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	w1.Wait()
	t.Logf("killed the worker at %d/%d objects", st.Done(), len(objs))
	start := time.Now()
	f.startProcess("w2", 4)
	done := f.waitSweep(id, 4*time.Minute)
	t.Logf("sweep completed %s after the restart", time.Since(start))
	checkSweepExact(t, done, len(objs))
	if done.Complete != int64(len(objs)) {
		t.Errorf("complete %d, want %d", done.Complete, len(objs))
	}
	want := plantedTotals(objs)
	for _, id := range plantedTypes {
		if done.ByType[id] != want[id] {
			t.Errorf("sweep counted %s %d times, planted %d", id, done.ByType[id], want[id])
		}
	}
	f.checkStored("kill", objs)
}

// startProcess runs a worker in a child process (this test binary).
func (f *fleet) startProcess(name string, concurrency int) *exec.Cmd {
	f.t.Helper()
	logf, err := os.Create(f.t.TempDir() + "/" + name + ".log")
	if err != nil {
		f.t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		"DREDGE_TEST_WORKER=1",
		"DREDGE_REDIS_ADDR="+f.redis.Addr,
		"AWS_ENDPOINT_URL="+f.minio.URL(),
		"AWS_ACCESS_KEY_ID="+f.minio.AccessKey,
		"AWS_SECRET_ACCESS_KEY="+f.minio.SecretKey,
		"AWS_REGION="+f.minio.Region,
		"DREDGE_TEST_CONCURRENCY="+strconv.Itoa(concurrency),
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				<-done
			}
		}
		logf.Close()
		if f.t.Failed() {
			data, _ := os.ReadFile(logf.Name())
			if len(data) > 4000 {
				data = data[len(data)-4000:]
			}
			f.t.Logf("%s log:\n%s", name, data)
		}
	})
	return cmd
}

// subprocessWorker is the child process of startProcess.
func subprocessWorker() int {
	t := &procTB{}
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("DREDGE_REDIS_ADDR")})
	src, err := scanner.NewS3Source(scanner.S3ConfigFromEnv())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	store, err := results.NewBucketStore(context.Background(), src.Client, resultsBucket, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	n, _ := strconv.Atoi(os.Getenv("DREDGE_TEST_CONCURRENCY"))
	w := &queue.Worker{
		Redis: rdb, Source: src, Scanner: testScanner(t), Store: store, Classifier: classifiers.Version,
		Concurrency: n, RetryBase: 300 * time.Millisecond, RetryMax: 3 * time.Second, MaxRetry: 25,
		ShutdownTimeout: 5 * time.Second, PageSize: 250,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := w.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// procTB is enough of testing.TB for testScanner in a child process.
type procTB struct{ testing.TB }

func (procTB) Helper()                   {}
func (procTB) Fatal(args ...any)         { fmt.Fprintln(os.Stderr, args...); os.Exit(2) }
func (procTB) Fatalf(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...); os.Exit(2) }

// TestRedisRestart restarts Redis (AOF on) in the middle of a sweep: no
// task is lost, every object is recorded once.
func TestRedisRestart(t *testing.T) {
	t.Parallel()
	f := newFleet(t, []testenv.RedisOption{testenv.WithAOF()})
	f.makeBucket("redis")
	objs := genCorpus(77, 800, "")
	f.upload("redis", objs)
	ctx := context.Background()
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "redis"})
	if err != nil {
		t.Fatal(err)
	}
	f.run(f.worker(4))
	st := f.waitProgress(id, 150, 2*time.Minute)
	if st.State == "complete" {
		t.Fatal("sweep finished before the restart")
	}
	f.redis.Restart()
	t.Logf("restarted Redis at %d/%d objects", st.Done(), len(objs))
	done := f.waitSweep(id, 4*time.Minute)
	checkSweepExact(t, done, len(objs))
	if done.Complete != int64(len(objs)) {
		t.Errorf("complete %d, want %d", done.Complete, len(objs))
	}
	f.checkStored("redis", objs)
}

// TestMinIODown stops MinIO for 20 s in the middle of a sweep: the sweep
// completes after it returns.
func TestMinIODown(t *testing.T) {
	t.Parallel()
	f := newFleet(t, nil)
	f.makeBucket("down")
	objs := genCorpus(99, 800, "")
	f.upload("down", objs)
	ctx := context.Background()
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "down"})
	if err != nil {
		t.Fatal(err)
	}
	f.run(f.worker(4))
	st := f.waitProgress(id, 150, 2*time.Minute)
	if st.State == "complete" {
		t.Fatal("sweep finished before MinIO stopped")
	}
	f.minio.Stop()
	t.Logf("stopped MinIO at %d/%d objects", st.Done(), len(objs))
	time.Sleep(20 * time.Second)
	mid, _ := f.agg.Sweep(ctx, id)
	f.minio.Start()
	start := time.Now()
	done := f.waitSweep(id, 4*time.Minute)
	t.Logf("sweep completed %s after MinIO returned (%d done while it was down)", time.Since(start), mid.Done()-st.Done())
	checkSweepExact(t, done, len(objs))
	if done.Complete != int64(len(objs)) || done.Failed != 0 {
		t.Errorf("complete %d, failed %d; want %d, 0", done.Complete, done.Failed, len(objs))
	}
	f.checkStored("down", objs)
	archived, err := queue.ListArchived(f.rdb, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(archived) > 0 {
		t.Errorf("%d archived tasks, e.g. %+v", len(archived), archived[0])
	}
}

func tagsOf(m map[string]string) (*tags.Tags, error) { return tags.NewTags(m, true) }

// TestUnfixableErrors: access denied is recorded as an error result and
// not retried; an object gone before its scan is forgotten; a task that
// runs out of retries is recorded as an error, archived, and listed.
func TestUnfixableErrors(t *testing.T) {
	t.Parallel()
	f := newFleet(t, nil)
	f.makeBucket("locked")
	objs := genCorpus(3, 20, "")
	f.upload("locked", objs)
	ctx := context.Background()
	// Anonymous may list the bucket but not read it.
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::locked"]}]}`
	if err := f.src.Client.SetBucketPolicy(ctx, "locked", policy); err != nil {
		t.Fatal(err)
	}
	w := f.worker(4)
	var err error
	w.Source, err = scanner.NewS3Source(scanner.S3Config{Endpoint: f.minio.URL(), Region: f.minio.Region, Anonymous: true, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	f.run(w)
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "locked"})
	if err != nil {
		t.Fatal(err)
	}
	st := f.waitSweep(id, time.Minute)
	if st.Failed != int64(len(objs)) || st.Complete != 0 {
		t.Errorf("access denied: %d failed, %d complete; want %d, 0", st.Failed, st.Complete, len(objs))
	}
	r, err := f.store.Get(ctx, "locked", objs[0].Key)
	if err != nil || r.Status != scanner.Error || !strings.Contains(r.Reason, "access denied") {
		t.Errorf("stored: %v %+v", err, r)
	}
	if a, _ := queue.ListArchived(f.rdb, nil, 0); len(a) != 0 {
		t.Errorf("access denied was retried until archived: %+v", a)
	}
	bs, _ := f.agg.Bucket(ctx, "locked")
	if bs.Failed != int64(len(objs)) || bs.Score != 50 {
		t.Errorf("bucket: %+v", bs)
	}

	// Gone: a scan task for an object deleted since it was listed (read
	// with credentials: anonymous reads of missing keys are denied).
	client := asynq.NewClientFromRedisClient(f.rdb)
	defer client.Close()
	owner := f.worker(1)
	owner.Queues = map[string]int{"goneq": 1}
	f.run(owner)
	payload, _ := queue.Encode(&queue.ScanPayload{Bucket: "locked", Key: "never-existed.txt", ETag: "abc", Source: "event"})
	if _, err := client.Enqueue(asynq.NewTask(queue.TypeScan, payload), asynq.Queue("goneq"), asynq.MaxRetry(1)); err != nil {
		t.Fatal(err)
	}
	// Out of retries: a worker whose object store is unreachable.
	dead := f.worker(2)
	dead.Source, _ = scanner.NewS3Source(scanner.S3Config{Endpoint: "http://127.0.0.1:1", Region: "us-east-1", AccessKey: "x", SecretKey: "y", MaxRetries: 1})
	dead.MaxRetry, dead.RetryBase, dead.RetryMax = 1, 100*time.Millisecond, 200*time.Millisecond
	dead.Queues = map[string]int{"deadq": 1}
	f.run(dead)
	payload, _ = queue.Encode(&queue.ScanPayload{Bucket: "locked", Key: objs[1].Key, ETag: "e1", Source: "event"})
	if _, err := client.Enqueue(asynq.NewTask(queue.TypeScan, payload), asynq.Queue("deadq"), asynq.MaxRetry(1)); err != nil {
		t.Fatal(err)
	}
	archived := waitFor(t, time.Minute, func() ([]queue.ArchivedTask, bool) {
		a, err := queue.ListArchived(f.rdb, []string{"deadq"}, 0)
		return a, err == nil && len(a) == 1
	})
	if a := archived[0]; a.Key != objs[1].Key || a.Bucket != "locked" || a.LastErr == "" {
		t.Errorf("archived: %+v", a)
	}
	r, err = f.store.Get(ctx, "locked", objs[1].Key)
	if err != nil || r.Status != scanner.Error || !strings.Contains(r.Reason, "gave up after 2 attempts") {
		t.Errorf("exhausted retries: %v %+v", err, r)
	}
	// The gone object left nothing behind, and it was not retried.
	waitFor(t, 30*time.Second, func() (struct{}, bool) {
		qs, err := asynq.NewInspectorFromRedisClient(f.rdb).GetQueueInfo("goneq")
		return struct{}{}, err == nil && qs.Size == 0
	})
	if _, err := f.store.Get(ctx, "locked", "never-existed.txt"); !errors.Is(err, results.ErrNotFound) {
		t.Errorf("gone object: %v", err)
	}
	if a, _ := queue.ListArchived(f.rdb, []string{"goneq", "events", "sweeps"}, 0); len(a) != 0 {
		t.Errorf("archived: %+v", a)
	}
}

// TestWorkerDrains sends SIGTERM to a worker process mid-sweep: it exits
// within its shutdown timeout, its tasks go back to the queue, and the
// next worker finishes the sweep with every object counted once.
func TestWorkerDrains(t *testing.T) {
	t.Parallel()
	f := newFleet(t, nil)
	f.makeBucket("drain")
	objs := genCorpus(55, 600, "")
	f.upload("drain", objs)
	ctx := context.Background()
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: "drain"})
	if err != nil {
		t.Fatal(err)
	}
	w1 := f.startProcess("w1", 4)
	f.waitProgress(id, 100, 2*time.Minute)
	start := time.Now()
	w1.Process.Signal(syscall.SIGTERM)
	if err := w1.Wait(); err != nil {
		t.Errorf("worker exit after SIGTERM: %v", err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("worker took %s to drain (shutdown timeout 5s)", d)
	}
	st, _ := f.agg.Sweep(ctx, id)
	t.Logf("drained in %s at %d/%d", time.Since(start), st.Done(), len(objs))
	start = time.Now()
	f.startProcess("w2", 4)
	done := f.waitSweep(id, 3*time.Minute)
	t.Logf("completed %s after the second worker started", time.Since(start))
	checkSweepExact(t, done, len(objs))
	f.checkStored("drain", objs)
}
