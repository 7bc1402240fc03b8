package main

import (
	"fmt"
	"io"
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

	"github.com/dredge-dev/dredge/internal/testenv"
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
	if n, err := master.Do("EXISTS", "dredge:sweep:"+id1); err != nil || n != int64(1) {
		t.Fatalf("the sweep is not on the master: %v %v", n, err)
	}
	eventually(t, "the replica has the sweep", 10*time.Second, func() bool {
		n, err := replica.Do("EXISTS", "dredge:sweep:"+id1)
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
	if n, err := replica.Do("EXISTS", "dredge:sweep:"+id2); err != nil || n != int64(1) {
		t.Fatalf("the second sweep is not on the new master: %v %v", n, err)
	}
	out, code := run(t, "sweep", "list")
	if code != 0 || !strings.Contains(out, id1) || !strings.Contains(out, id2) {
		t.Errorf("sweep list after the failover: exit %d\n%s", code, out)
	}
}

// TestRedisClusterMode: with redis.mode cluster the commands reach a
// Redis Cluster through asynq's cluster client: tasks are enqueued and
// inspected there (asynq keeps each queue in one hash slot).
func TestRedisClusterMode(t *testing.T) {
	node := testenv.StartRedis(t, testenv.WithRedisArgs("--cluster-enabled", "yes", "--cluster-node-timeout", "2000"))
	if _, err := node.Do("CLUSTER", "ADDSLOTSRANGE", "0", "16383"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "cluster state ok", 20*time.Second, func() bool {
		v, err := node.Do("CLUSTER", "INFO")
		s, _ := v.(string)
		return err == nil && strings.Contains(s, "cluster_state:ok")
	})
	t.Setenv("DREDGE_CONFIG", "")
	t.Setenv("DREDGE_REDIS_ADDR", "")
	t.Setenv("DREDGE_REDIS_MODE", "cluster")
	t.Setenv("DREDGE_REDIS_CLUSTER_ADDRS", node.Addr)
	out, code := run(t, "worker", "queues")
	if code != 0 || !strings.Contains(out, "events") {
		t.Fatalf("worker queues on a cluster: exit %d\n%s", code, out)
	}
	// Event intake is asynq only: it works on a cluster.
	t.Setenv("DREDGE_EVENTS_TOKEN", opsEventsToken)
	t.Setenv("DREDGE_API_TOKENS", opsAPIToken)
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1") // no object store here; never a real one
	addr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))
	background(t, "serve", "--listen", addr)
	waitHTTP(t, "http://"+addr+"/healthz")
	c := client{t: t, http: &http.Client{Timeout: 10 * time.Second}}
	ev := `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k.csv","size":10,"eTag":"abc"}}}]}`
	if code, body, _ := c.do("POST", "http://"+addr+"/events/s3", opsEventsToken, strings.NewReader(ev)); code != http.StatusAccepted {
		t.Fatalf("event on a cluster: %d %s", code, body)
	}
	out, _ = run(t, "worker", "queues")
	if !regexp.MustCompile(`(?m)^events\s+1\s`).MatchString(out) {
		t.Errorf("the event's task is not pending on the cluster:\n%s", out)
	}
	if _, body, _ := c.do("GET", "http://"+addr+"/metrics", opsAPIToken, nil); metric(body, "asynq_queue_size", `queue="events"`) != 1 {
		t.Errorf("asynq_queue_size{events} on a cluster: %v", metric(body, "asynq_queue_size", `queue="events"`))
	}

	// dredge's own sweep and bucket state (Lua scripts over keys of
	// several slots) is not cluster-ready yet: a sweep is refused with
	// Redis's CROSSSLOT error rather than half-done (docs/OPERATIONS.md).
	root := newRoot()
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"sweep", "s3://cluster-bucket"})
	err := root.Execute()
	t.Logf("sweep on a cluster: %v", err)
}
