package testenv

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// RedisCluster is a Redis Cluster of three masters (no replicas) started
// for one test. Each node is a redis-server with --cluster-enabled yes on
// its own free loopback port and cluster bus port, with its own data
// folder (nodes.conf lives there); `redis-cli --cluster create` joins
// them and hands out the 16384 slots. The nodes stop when the test ends.
type RedisCluster struct {
	Nodes []*Redis
	// Addrs are the nodes' "127.0.0.1:port": the seeds a cluster client
	// takes.
	Addrs []string
}

// ClusterMasters is how many masters StartRedisCluster starts.
const ClusterMasters = 3

// findRedisCLI returns the redis-cli binary: $DREDGE_REDIS_CLI_BIN,
// /usr/bin/redis-cli, then PATH.
func findRedisCLI() (string, string) {
	return findBinary("DREDGE_REDIS_CLI_BIN", []string{"/usr/bin/redis-cli"}, "redis-cli", nil)
}

// StartRedisCluster starts a three-master Redis Cluster, joins it with
// redis-cli and waits until every node reports cluster_state:ok with
// all slots served and every node known. Without redis-server or
// redis-cli the test is skipped (failed under CI=true), as with
// StartRedis. opts apply to every node (WithAOF, WithRedisArgs).
func StartRedisCluster(t testing.TB, opts ...RedisOption) *RedisCluster {
	t.Helper()
	cli, where := findRedisCLI()
	if cli == "" {
		missingBinary(t, "redis-cli not found ("+where+"); install it with scripts/install-deps.sh "+
			"or `apt-get install -y redis-tools`, or point $DREDGE_REDIS_CLI_BIN at it")
	}
	c := &RedisCluster{}
	for i := range ClusterMasters {
		n := startRedis(t, "redis-cluster-"+strconv.Itoa(i+1), true, opts...)
		c.Nodes = append(c.Nodes, n)
		c.Addrs = append(c.Addrs, n.Addr)
	}
	args := append([]string{"--cluster", "create"}, c.Addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, args...)
	cmd.Env = envWithout([]string{"REDISCLI_"})
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testenv: %s %s: %v\n%s", cli, strings.Join(args, " "), err, out)
	}
	if err := c.waitOK(time.Minute); err != nil {
		t.Fatalf("testenv: redis cluster %s: %v", strings.Join(c.Addrs, ","), err)
	}
	return c
}

// waitOK waits until every node sees a healthy cluster of all nodes.
func (c *RedisCluster) waitOK(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := c.healthy()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %v: %w", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// healthy checks CLUSTER INFO on every node.
func (c *RedisCluster) healthy() error {
	for _, n := range c.Nodes {
		v, err := n.do(2*time.Second, "CLUSTER", "INFO")
		if err != nil {
			return fmt.Errorf("%s: CLUSTER INFO: %w", n.Addr, err)
		}
		info, _ := v.(string)
		for _, want := range []string{"cluster_state:ok", "cluster_slots_ok:16384",
			"cluster_known_nodes:" + strconv.Itoa(len(c.Nodes)), "cluster_size:" + strconv.Itoa(len(c.Nodes))} {
			if !strings.Contains(info, want+"\r\n") && !strings.HasSuffix(info, want) {
				return fmt.Errorf("%s: no %s yet", n.Addr, want)
			}
		}
	}
	return nil
}

// Do sends one command to the node serving its key, following Redis
// Cluster's MOVED redirections (see Redis.Do for the reply types).
func (c *RedisCluster) Do(args ...string) (any, error) {
	n := c.Nodes[0]
	for range len(c.Nodes) + 1 {
		v, err := n.Do(args...)
		var re RedisError
		if !errors.As(err, &re) || !strings.HasPrefix(string(re), "MOVED ") {
			return v, err
		}
		f := strings.Fields(string(re))
		if len(f) != 3 {
			return nil, err
		}
		if n = c.node(f[2]); n == nil {
			return nil, fmt.Errorf("%w (no such node here)", err)
		}
	}
	return nil, fmt.Errorf("redis cluster: too many redirections for %s", strings.Join(args, " "))
}

func (c *RedisCluster) node(addr string) *Redis {
	for _, n := range c.Nodes {
		if n.Addr == addr {
			return n
		}
	}
	return nil
}

// Stop shuts every node down (no-op for nodes not running).
func (c *RedisCluster) Stop() {
	for _, n := range c.Nodes {
		n.Stop()
	}
}

// PIDs returns the nodes' process ids (0 for a node not running).
func (c *RedisCluster) PIDs() []int {
	out := make([]int, len(c.Nodes))
	for i, n := range c.Nodes {
		out[i] = n.PID()
	}
	return out
}
