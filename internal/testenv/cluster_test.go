package testenv

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRedisCluster(t *testing.T) {
	t.Parallel()
	c := StartRedisCluster(t)
	if len(c.Nodes) != ClusterMasters || len(c.Addrs) != ClusterMasters {
		t.Fatalf("%d nodes, %d addrs; want %d", len(c.Nodes), len(c.Addrs), ClusterMasters)
	}
	seen := map[string]bool{}
	for _, n := range c.Nodes {
		if seen[n.Addr] || n.BusPort == 0 || n.BusPort == n.Port {
			t.Fatalf("node %s (bus %d): shared address or no bus port", n.Addr, n.BusPort)
		}
		seen[n.Addr] = true
		mustDo(t, n, "[cluster-enabled yes]", "CONFIG", "GET", "cluster-enabled")
		if _, err := os.Stat(filepath.Join(n.Dir, "nodes.conf")); err != nil {
			t.Errorf("%s: nodes.conf not in its data folder: %v", n.Addr, err)
		}
		v, err := n.Do("CLUSTER", "INFO")
		if s, _ := v.(string); err != nil || !strings.Contains(s, "cluster_state:ok") {
			t.Fatalf("%s: CLUSTER INFO: %v %q", n.Addr, err, s)
		}
	}
	// Keys spread over the masters; Do follows MOVED.
	holders := map[string]bool{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		if _, err := c.Do("SET", k, "v"+k); err != nil {
			t.Fatalf("SET %s: %v", k, err)
		}
		if v, err := c.Do("GET", k); err != nil || v != "v"+k {
			t.Fatalf("GET %s = %v, %v", k, v, err)
		}
		for _, n := range c.Nodes {
			if v, err := n.Do("GET", k); err == nil && v == "v"+k {
				holders[n.Addr] = true
			}
		}
	}
	if len(holders) < 2 {
		t.Errorf("8 keys all on %v: slots not spread over the masters", holders)
	}
	// A real cluster: keys of different slots in one command are refused;
	// a hash tag puts them in one slot.
	if _, err := c.Do("MSET", "a", "1", "b", "2"); !errors.As(err, new(RedisError)) || !strings.Contains(err.Error(), "CROSSSLOT") {
		t.Errorf("MSET across slots: %v, want CROSSSLOT", err)
	}
	if _, err := c.Do("MSET", "{t}a", "1", "{t}b", "2"); err != nil {
		t.Errorf("MSET in one slot: %v", err)
	}

	pids := c.PIDs()
	c.Stop()
	for i, n := range c.Nodes {
		assertGone(t, pids[i])
		assertRefused(t, n.Addr)
	}
	c.Stop() // no-op
}

// TestRedisClusterMissingCLI: without redis-cli the cluster starter skips,
// and fails under CI=true, as StartRedis does without redis-server.
func TestRedisClusterMissingCLI(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			t.Setenv("DREDGE_REDIS_CLI_BIN", "/nonexistent/redis-cli")
			rec := &recordTB{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				StartRedisCluster(rec)
				t.Errorf("StartRedisCluster returned without redis-cli")
			}()
			<-done
			if ci == "true" && !rec.failed || ci == "" && !rec.skipped {
				t.Fatalf("CI=%q: skipped=%v failed=%v", ci, rec.skipped, rec.failed)
			}
			if !strings.Contains(rec.msg, "install-deps.sh") || !strings.Contains(rec.msg, "/nonexistent/redis-cli") {
				t.Fatalf("message lacks install hint or path: %s", rec.msg)
			}
		})
	}
}
