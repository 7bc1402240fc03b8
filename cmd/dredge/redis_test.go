package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/scanner"
)

// startSentinel runs redis-server in sentinel mode watching master as
// "dredge" (quorum 1, down after 1 s) and stops it when the test ends.
func startSentinel(t *testing.T, master *testenv.Redis) string {
	t.Helper()
	bin, err := findRedisBinary()
	if err != nil {
		t.Skip(err)
	}
	port := testenv.FreePort(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf(`port %d
bind 127.0.0.1
dir %s
sentinel monitor dredge 127.0.0.1 %d 1
sentinel down-after-milliseconds dredge 1000
sentinel failover-timeout dredge 10000
`, port, dir, master.Port)), 0o600)
	logf, _ := os.Create(filepath.Join(dir, "sentinel.log"))
	cmd := exec.Command(bin, conf, "--sentinel")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = devSysProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		logf.Close()
	})
	return fmt.Sprintf("127.0.0.1:%d", port)
}

func eventually(t *testing.T, what string, d time.Duration, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestRedisSentinelFailover: with redis.mode sentinel the commands find
// the master through Sentinel, and after the master dies and Sentinel
// promotes the replica they write to the new master; nothing written
// before is lost.
func TestRedisSentinelFailover(t *testing.T) {
	master := testenv.StartRedis(t)
	replica := testenv.StartRedis(t, testenv.WithRedisArgs("--replicaof", "127.0.0.1", strconv.Itoa(master.Port)))
	sentinel := startSentinel(t, master)
	t.Setenv("DREDGE_CONFIG", "")
	t.Setenv("DREDGE_REDIS_ADDR", "")
	t.Setenv("DREDGE_REDIS_MODE", "sentinel")
	t.Setenv("DREDGE_REDIS_SENTINEL_ADDRS", sentinel)
	t.Setenv("DREDGE_REDIS_SENTINEL_MASTER", "dredge")
	// Sentinel knows the replica (so it can fail over), and the replica is in sync.
	eventually(t, "sentinel sees the replica", 30*time.Second, func() bool {
		out, err := exec.Command("redis-cli", "-p", strings.TrimPrefix(sentinel, "127.0.0.1:"), "sentinel", "replicas", "dredge").Output()
		return err == nil && strings.Contains(string(out), strconv.Itoa(replica.Port))
	})

	id1, code := run(t, "sweep", "s3://sentinel-bucket")
	id1 = strings.TrimSpace(id1)
	if code != 0 || !strings.HasPrefix(id1, "sw-") {
		t.Fatalf("sweep through sentinel: exit %d %q", code, id1)
	}
	if n, err := master.Do("EXISTS", "dredge:sweep:{sentinel-bucket}:"+id1); err != nil || n != int64(1) {
		t.Fatalf("the sweep is not on the master: %v %v", n, err)
	}
	eventually(t, "the replica has the sweep", 10*time.Second, func() bool {
		n, err := replica.Do("EXISTS", "dredge:sweep:{sentinel-bucket}:"+id1)
		return err == nil && n == int64(1)
	})

	master.Kill()
	eventually(t, "sentinel promotes the replica", 60*time.Second, func() bool {
		out, err := exec.Command("redis-cli", "-p", strings.TrimPrefix(sentinel, "127.0.0.1:"), "sentinel", "get-master-addr-by-name", "dredge").Output()
		return err == nil && strings.Contains(string(out), strconv.Itoa(replica.Port))
	})
	eventually(t, "the new master takes writes", 20*time.Second, func() bool {
		v, err := replica.Do("ROLE")
		l, _ := v.([]any)
		return err == nil && len(l) > 0 && l[0] == "master"
	})
	id2, code := run(t, "sweep", "s3://sentinel-bucket")
	id2 = strings.TrimSpace(id2)
	if code != 0 || !strings.HasPrefix(id2, "sw-") {
		t.Fatalf("sweep after the failover: exit %d %q", code, id2)
	}
	if n, err := replica.Do("EXISTS", "dredge:sweep:{sentinel-bucket}:"+id2); err != nil || n != int64(1) {
		t.Fatalf("the second sweep is not on the new master: %v %v", n, err)
	}
	out, code := run(t, "sweep", "list")
	if code != 0 || !strings.Contains(out, id1) || !strings.Contains(out, id2) {
		t.Errorf("sweep list after the failover: exit %d\n%s", code, out)
	}
}

// TestRedisClusterMode: with redis.mode cluster every command runs on a
// real three-master Redis Cluster (testenv.StartRedisCluster), whose
// nodes refuse keys of different slots in one command or script: serve
// is ready and takes events, a worker scans them, and a sweep run by
// `dredge worker` completes with exact counts; a second sweep finds
// everything unchanged.
func TestRedisClusterMode(t *testing.T) {
	cl := testenv.StartRedisCluster(t)
	m := testenv.StartMinIO(t)
	t.Setenv("DREDGE_CONFIG", "")
	t.Setenv("DREDGE_REDIS_ADDR", "")
	t.Setenv("DREDGE_REDIS_MODE", "cluster")
	t.Setenv("DREDGE_REDIS_CLUSTER_ADDRS", strings.Join(cl.Addrs, ","))
	t.Setenv("DREDGE_EVENTS_TOKEN", opsEventsToken)
	t.Setenv("DREDGE_API_TOKENS", opsAPIToken)
	t.Setenv("AWS_ENDPOINT_URL", m.URL())
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ACCESS_KEY_ID", m.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", m.SecretKey)
	t.Setenv("AWS_REGION", m.Region)
	t.Setenv("DREDGE_RESULTS", "s3://dredge-results")
	t.Setenv("DREDGE_FINGERPRINT_KEY", "test")

	src, err := scanner.NewS3Source(scanner.S3ConfigFromEnv())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	objs := map[string]string{
		"cluster-bucket/hr/people.csv": "row,ssn,email\n1," + rawSSN + ",ana.k77@quillpost.net\n",
		"cluster-bucket/ops/keys.txt":  "aws_access_key_id = AKIAJQ7RZ2M4XK5LDP3W\n",
		"cluster-bucket/logs/app.json": `{"user":{"ssn":"512-44-7781"}}` + "\n",
		"cluster-events/in/e.csv":      "row,ssn\n1," + rawSSN + "\n",
	}
	for i := range 40 {
		objs[fmt.Sprintf("cluster-bucket/notes/%02d.txt", i)] = "nothing to see here, note " + strconv.Itoa(i) + "\n"
	}
	for _, b := range []string{"cluster-bucket", "cluster-events"} {
		if err := src.Client.MakeBucket(ctx, b, minio.MakeBucketOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range objs {
		b, key, _ := strings.Cut(k, "/")
		if _, err := src.Client.PutObject(ctx, b, key, strings.NewReader(v), int64(len(v)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	out, code := run(t, "worker", "queues")
	if code != 0 || !strings.Contains(out, "events") {
		t.Fatalf("worker queues on a cluster: exit %d\n%s", code, out)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))
	base := "http://" + addr
	background(t, "serve", "--listen", addr)
	waitHTTP(t, base+"/healthz")
	c := client{t: t, http: &http.Client{Timeout: 10 * time.Second}}
	if code, body, _ := c.do("GET", base+"/readyz", "", nil); code != http.StatusOK {
		t.Fatalf("/readyz on a cluster: %d %s", code, body)
	}
	// An event, before any worker runs: pending on the cluster.
	ev := `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"cluster-events"},"object":{"key":"in/e.csv","size":20,"eTag":"abc"}}}]}`
	if code, body, _ := c.do("POST", base+"/events/s3", opsEventsToken, strings.NewReader(ev)); code != http.StatusAccepted {
		t.Fatalf("event on a cluster: %d %s", code, body)
	}
	out, _ = run(t, "worker", "queues")
	if !regexp.MustCompile(`(?m)^events\s+1\s`).MatchString(out) {
		t.Errorf("the event's task is not pending on the cluster:\n%s", out)
	}
	if _, body, _ := c.do("GET", base+"/metrics", opsAPIToken, nil); metric(body, "asynq_queue_size", `queue="events"`) != 1 {
		t.Errorf("asynq_queue_size{events} on a cluster: %v", metric(body, "asynq_queue_size", `queue="events"`))
	}

	background(t, "worker", "--concurrency", "2", "--shutdown-timeout", "5s")
	n := 0
	for k := range objs {
		if strings.HasPrefix(k, "cluster-bucket/") {
			n++
		}
	}
	sweep := func() queue.SweepStatus {
		t.Helper()
		out, code := run(t, "sweep", "s3://cluster-bucket", "--wait", "--json", "--interval", "200ms")
		id, rest, _ := strings.Cut(out, "\n")
		var st queue.SweepStatus
		if err := json.Unmarshal([]byte(rest), &st); err != nil || code != 0 || st.ID != id || st.State != "complete" {
			t.Fatalf("sweep --wait on a cluster: exit %d, %v\n%s", code, err, out)
		}
		return st
	}
	st := sweep()
	if st.Matched != int64(n) || st.Queued != int64(n) || st.Complete != int64(n) || st.Findings != 4 || st.ByType["US_SSN"] != 2 ||
		st.ByType["AWS_ACCESS_KEY_ID"] != 1 || st.ByType["EMAIL_ADDRESS"] != 1 || st.WithFindings != 3 {
		t.Errorf("sweep on a cluster: %+v", st)
	}
	again := sweep()
	if again.UnchangedListed != int64(n) || again.Queued != 0 || again.Findings != 0 {
		t.Errorf("second sweep on a cluster: %d unchanged, %d queued, %d findings; want %d, 0, 0", again.UnchangedListed, again.Queued, again.Findings, n)
	}
	out, code = run(t, "sweep", "list")
	if code != 0 || !strings.Contains(out, st.ID) || !strings.Contains(out, again.ID) {
		t.Errorf("sweep list on a cluster: exit %d\n%s", code, out)
	}
	// The bucket aggregates, through the API: each object once; the
	// event's object scanned by the worker.
	var buckets []queue.BucketStats
	eventually(t, "the event's object recorded", 30*time.Second, func() bool {
		code, body, _ := c.do("GET", base+"/api/v1/buckets", opsAPIToken, nil)
		buckets = nil
		return code == 200 && json.Unmarshal([]byte(body), &buckets) == nil && len(buckets) == 2
	})
	for _, b := range buckets {
		want := queue.BucketStats{Bucket: "cluster-bucket", Objects: int64(n), Findings: 4}
		if b.Bucket == "cluster-events" {
			want = queue.BucketStats{Bucket: "cluster-events", Objects: 1, Findings: 1}
		}
		if b.Objects != want.Objects || b.Complete != want.Objects || b.Findings != want.Findings {
			t.Errorf("bucket %s on a cluster: %d objects, %d complete, %d findings; want %d, %d, %d",
				b.Bucket, b.Objects, b.Complete, b.Findings, want.Objects, want.Objects, want.Findings)
		}
	}
	if code, body, _ := c.do("GET", base+"/api/v1/sweeps/"+st.ID, opsAPIToken, nil); code != 200 || !strings.Contains(body, `"complete"`) {
		t.Errorf("/api/v1/sweeps/%s on a cluster: %d %s", st.ID, code, body)
	}
	if code, body, _ := c.do("GET", base+"/readyz", "", nil); code != http.StatusOK {
		t.Errorf("/readyz on a cluster after the sweeps: %d %s", code, body)
	}
	// Queue inspection and asynqmon read the cluster too.
	for _, p := range []string{"/api/v1/queues", "/monitoring/api/queues"} {
		if code, body, _ := c.do("GET", base+p, opsAPIToken, nil); code != http.StatusOK || !strings.Contains(body, "sweeps") {
			t.Errorf("GET %s on a cluster: %d %s", p, code, body)
		}
	}
}
