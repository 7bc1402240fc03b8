package queue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// clusterClient is the client `redis.mode: cluster` gives every command
// (cmd/dredge: asynq.RedisClusterClientOpt).
func clusterClient(t testing.TB, c *testenv.RedisCluster) redis.UniversalClient {
	t.Helper()
	rdb, ok := asynq.RedisClusterClientOpt{Addrs: c.Addrs, DialTimeout: 2 * time.Second}.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		t.Fatal("asynq's cluster option made no redis.UniversalClient")
	}
	return rdb
}

// TestClusterSweep runs the fleet on a real three-master Redis Cluster
// (which refuses, with CROSSSLOT, any command or script whose keys are
// in different slots): two overlapping sweeps of a bucket of 300 mixed
// objects complete with every object scanned once and exact counts;
// findings and bucket aggregates match what was planted; an incremental
// sweep and a forced one change no count; removals and a second bucket
// (in other slots) keep every aggregate exact.
func TestClusterSweep(t *testing.T) {
	t.Parallel()
	c := testenv.StartRedisCluster(t)
	f := newFleetOn(t, clusterClient(t, c))
	ctx := context.Background()
	const bucket, other = "cluster-data", "cluster-other"
	f.makeBucket(bucket)
	f.makeBucket(other)
	objs := genCorpus(7001, 300, "")
	f.upload(bucket, objs)
	small := genCorpus(7002, 40, "x/")
	f.upload(other, small)

	// The bucket's keys and its sweeps' keys share one slot; the global
	// keys are elsewhere.
	slot := func(k string) int64 {
		v, err := c.Do("CLUSTER", "KEYSLOT", k)
		if err != nil {
			t.Fatal(err)
		}
		return v.(int64)
	}
	if slot("dredge:obj:{"+bucket+"}") == slot("dredge:buckets") {
		t.Fatal("pick another bucket name: its slot is the global keys' slot, which proves nothing")
	}

	// Two sweeps started together, before any worker runs (each object
	// is scanned by one of them), and one of the other bucket.
	a, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: bucket, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: bucket, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: other, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{a, b} {
		k := "dredge:sweep:{" + bucket + "}:" + id
		if n, err := c.Do("EXISTS", k); err != nil || n != int64(1) {
			t.Fatalf("sweep %s: no key %s: %v %v", id, k, n, err)
		}
		if slot(k) != slot("dredge:obj:{"+bucket+"}") {
			t.Fatalf("sweep key %s is not in its bucket's slot", k)
		}
	}
	start := time.Now()
	f.run(f.worker(4))
	sa := f.waitSweep(a, 4*time.Minute)
	sb := f.waitSweep(b, 4*time.Minute)
	so := f.waitSweep(o, 4*time.Minute)
	t.Logf("three sweeps (%d objects) done on the cluster in %s", len(objs)+len(small), time.Since(start))
	checkSweepExact(t, sa, len(objs))
	checkSweepExact(t, sb, len(objs))
	checkSweepExact(t, so, len(small))
	if got := sa.Complete + sb.Complete; got != int64(len(objs)) {
		t.Errorf("objects scanned: %d by %s + %d by %s = %d, want %d (each once)", sa.Complete, a, sb.Complete, b, got, len(objs))
	}
	if so.Complete != int64(len(small)) {
		t.Errorf("%s: %d scanned, want %d", other, so.Complete, len(small))
	}
	for _, s := range []*queue.SweepStatus{sa, sb, so} {
		if s.Failed+s.Partial+s.Skipped+s.Gone > 0 || s.Bucket == "" {
			t.Errorf("sweep %s: unexpected outcomes: %+v", s.ID, s)
		}
	}
	want := plantedTotals(objs)
	var total int64
	for _, id := range plantedTypes {
		if got := sa.ByType[id] + sb.ByType[id]; got != want[id] {
			t.Errorf("%s: sweeps counted %d, planted %d", id, got, want[id])
		}
		total += want[id]
	}
	if got := sa.Findings + sb.Findings; got != total {
		t.Errorf("sweeps counted %d findings, planted %d", got, total)
	}
	f.checkStored(bucket, objs)
	f.checkStored(other, small)
	buckets, err := f.agg.Buckets(ctx)
	if err != nil || strings.Join(buckets, ",") != other+","+bucket && strings.Join(buckets, ",") != bucket+","+other {
		t.Errorf("buckets: %v %v", buckets, err)
	}
	ids, err := f.agg.Sweeps(ctx, 0)
	if err != nil || len(ids) != 3 {
		t.Errorf("sweeps listed: %v %v", ids, err)
	}
	before := f.snapshot()

	// An incremental sweep: everything is unchanged, nothing counted twice.
	inc, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: bucket, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	si := f.waitSweep(inc, 2*time.Minute)
	if si.UnchangedListed != int64(len(objs)) || si.Queued != 0 || si.Findings != 0 {
		t.Errorf("incremental sweep: %d unchanged, %d queued, %d findings; want %d, 0, 0", si.UnchangedListed, si.Queued, si.Findings, len(objs))
	}
	// A forced rescan scans each object once more and counts it once:
	// the bucket's aggregates stay exact.
	fs, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: bucket, Force: true, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	sf := f.waitSweep(fs, 4*time.Minute)
	checkSweepExact(t, sf, len(objs))
	if sf.Complete != int64(len(objs)) || sf.Findings != total {
		t.Errorf("forced sweep: %d scanned, %d findings; want %d, %d", sf.Complete, sf.Findings, len(objs), total)
	}
	if after := f.snapshot(); !equalMaps(before, after) {
		t.Errorf("re-sweeps rewrote stored results of unchanged objects")
	}
	f.checkStored(bucket, objs)

	// Objects deleted, then swept: counted gone once, forgotten, and the
	// aggregates are those of what is left.
	gone := objs[:9]
	for _, g := range gone {
		if err := f.src.Client.RemoveObject(ctx, bucket, g.Key, minio.RemoveObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range gone[:3] {
		// A removal with no sweep (an event's) for some of them, twice.
		for range 2 {
			if _, err := f.agg.Remove(ctx, bucket, g.Key, "", ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.store.Delete(ctx, bucket, g.Key); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range gone[3:] {
		// The others are forgotten when a scan finds them gone.
		if _, err := f.agg.Remove(ctx, bucket, g.Key, "", fs); err != nil {
			t.Fatal(err)
		}
		if err := f.store.Delete(ctx, bucket, g.Key); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := f.agg.Sweep(ctx, fs); err != nil || st.Gone != int64(len(gone)-3) {
		t.Errorf("sweep %s after removals: %v, %v; want %d gone", fs, st, err, len(gone)-3)
	}
	f.checkStored(bucket, objs[len(gone):])
	f.checkStored(other, small)
}

// TestClusterRecordScripts drives every Aggregates script on a Redis
// Cluster, without a worker: a record, a repeat of it (no change), a
// newer version (swapped, not added), an unchanged check counting
// toward a sweep once, a lock.
func TestClusterRecordScripts(t *testing.T) {
	t.Parallel()
	c := testenv.StartRedisCluster(t)
	rdb := clusterClient(t, c)
	t.Cleanup(func() { rdb.Close() })
	agg := &queue.Aggregates{R: rdb}
	ctx := context.Background()
	// A sweep with nothing to list (its first page is queued, never run).
	id, err := queue.StartSweep(ctx, rdb, queue.SweepSpec{Bucket: "recs", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	rec := func(etag string, n int) *results.Record {
		return &results.Record{Bucket: "recs", Key: "k.txt", Sweep: id, ScanID: results.ScanID("recs", "k.txt", etag, "v1"),
			Result: scanner.Result{Object: "s3://recs/k.txt", ETag: etag, Size: 10, Status: scanner.Complete, Severity: classifiers.SeverityHigh,
				Findings: []scanner.Finding{{Type: "US_SSN", Category: classifiers.Personal, Severity: classifiers.SeverityHigh, Count: n}}}}
	}
	for i, step := range []struct {
		r       *results.Record
		changed bool
		ssn     int64
	}{{rec("e1", 2), true, 2}, {rec("e1", 2), false, 2}, {rec("e2", 5), true, 5}} {
		changed, err := agg.Apply(ctx, step.r)
		if err != nil {
			t.Fatalf("apply %d: %v", i, err)
		}
		bs, err := agg.Bucket(ctx, "recs")
		if err != nil {
			t.Fatal(err)
		}
		if changed != step.changed || bs.Objects != 1 || bs.ByType["US_SSN"] != step.ssn {
			t.Errorf("apply %d: changed %v, %d objects, %d SSN; want %v, 1, %d", i, changed, bs.Objects, bs.ByType["US_SSN"], step.changed, step.ssn)
		}
	}
	st, err := agg.Sweep(ctx, id)
	if err != nil || st.Complete != 2 || st.ByType["US_SSN"] != 7 || st.Bucket != "recs" {
		t.Errorf("sweep after two counted scans: %+v %v", st, err)
	}
	// Unchanged toward another sweep: counted once however often asked.
	id2, err := queue.StartSweep(ctx, rdb, queue.SweepSpec{Bucket: "recs", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if done, err := agg.Unchanged(ctx, "recs", "k.txt", results.ScanID("recs", "k.txt", "e2", "v1"), id2); err != nil || !done {
			t.Fatalf("unchanged: %v %v", done, err)
		}
	}
	if st, err := agg.Sweep(ctx, id2); err != nil || st.Unchanged != 1 {
		t.Errorf("sweep %s: %+v %v; want 1 unchanged", id2, st, err)
	}
	// The same id for another bucket is refused.
	if _, err := queue.StartSweep(ctx, rdb, queue.SweepSpec{ID: id, Bucket: "other", Source: "test"}); err == nil ||
		!strings.Contains(err.Error(), "recs") {
		t.Errorf("a sweep id reused for another bucket: %v", err)
	}
	// Locks.
	release, ok, err := agg.Hold(ctx, "recs", "k.txt", "me", time.Minute)
	if err != nil || !ok {
		t.Fatalf("hold: %v %v", ok, err)
	}
	if ok, err := agg.Lock(ctx, "recs", "k.txt", "you", time.Minute); err != nil || ok {
		t.Errorf("lock held by another: %v %v", ok, err)
	}
	release()
	if ok, err := agg.Lock(ctx, "recs", "k.txt", "you", time.Minute); err != nil || !ok {
		t.Errorf("lock after release: %v %v", ok, err)
	}
	if n, err := agg.Remove(ctx, "recs", "k.txt", "", id2); err != nil || !n {
		t.Errorf("remove: %v %v", n, err)
	}
	if bs, err := agg.Bucket(ctx, "recs"); err != nil || bs.Objects != 0 || bs.Findings != 0 {
		t.Errorf("bucket after the removal: %+v %v", bs, err)
	}
}

// TestLegacySweepKeys: a sweep an older dredge started (keys
// dredge:sweep:<id>, no hash tag) and still running through an upgrade
// keeps being counted on one Redis, and its status stays readable.
func TestLegacySweepKeys(t *testing.T) {
	t.Parallel()
	r := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	t.Cleanup(func() { rdb.Close() })
	ctx := context.Background()
	const id = "sw-20250101T000000-legacy01"
	// What the old StartSweep and a listed page left: one object queued.
	if err := rdb.HSet(ctx, "dredge:sweep:"+id, "id", id, "bucket", "old", "state", "running", "queue", "sweeps",
		"scope", "{}", "listing_done", "1", "queued", "2", "pages", "1", "seen", "2", "matched", "2").Err(); err != nil {
		t.Fatal(err)
	}
	rdb.ZAdd(ctx, "dredge:sweeps", redis.Z{Score: 1, Member: id})
	agg := &queue.Aggregates{R: rdb}
	rec := &results.Record{Bucket: "old", Key: "a.txt", Sweep: id, ScanID: "s1",
		Result: scanner.Result{Object: "s3://old/a.txt", ETag: "e", Size: 4, Status: scanner.Complete, Severity: classifiers.SeverityHigh,
			Findings: []scanner.Finding{{Type: "EMAIL_ADDRESS", Category: classifiers.Personal, Severity: classifiers.SeverityMedium, Count: 3}}}}
	if changed, err := agg.Apply(ctx, rec); err != nil || !changed {
		t.Fatalf("apply: %v %v", changed, err)
	}
	if _, err := agg.Remove(ctx, "old", "b.txt", "", id); err != nil {
		t.Fatal(err)
	}
	st, err := agg.Sweep(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != "complete" || st.Complete != 1 || st.Gone != 1 || st.ByType["EMAIL_ADDRESS"] != 3 || st.Bucket != "old" {
		t.Errorf("legacy sweep: %+v", st)
	}
	for _, k := range []string{"dredge:sweep:{old}:" + id, "dredge:sweep:{old}:" + id + ":f"} {
		if n, _ := rdb.Exists(ctx, k).Result(); n != 0 {
			t.Errorf("%s created for a legacy sweep", k)
		}
	}
	if ttl, _ := rdb.TTL(ctx, "dredge:sweep:"+id+":f").Result(); ttl <= 0 {
		t.Errorf("the finished legacy sweep's keys do not expire (TTL %v)", ttl)
	}
	if bs, err := agg.Bucket(ctx, "old"); err != nil || bs.Objects != 1 || bs.Findings != 3 {
		t.Errorf("bucket: %+v %v", bs, err)
	}
	if _, err := agg.Sweep(ctx, "sw-nope"); err == nil {
		t.Error("an unknown sweep was found")
	}
}
