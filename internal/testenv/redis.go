package testenv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Redis is a redis-server started for one test.
type Redis struct {
	Addr string // "127.0.0.1:port"
	Port int
	Dir  string // data folder (--dir); AOF files live here
	// BusPort is the cluster bus port of a Redis Cluster node
	// (StartRedisCluster), 0 otherwise.
	BusPort int

	srv *server
	bin string
	cfg redisConfig
}

type redisConfig struct {
	aof     bool
	cluster bool // a cluster node: --cluster-enabled, with a bus port
	args    []string
}

// RedisOption configures StartRedis.
type RedisOption func(*redisConfig)

// WithAOF turns on the append-only file (--appendonly yes), so data survives
// Restart and Kill. It uses --appendfsync always so that a write Redis
// acknowledged is on disk even after Kill; pass
// WithRedisArgs("--appendfsync", "everysec") to test the production default.
func WithAOF() RedisOption {
	return func(c *redisConfig) { c.aof = true }
}

// WithRedisArgs appends raw redis-server command-line arguments (they come
// last, so they override the defaults), e.g. WithRedisArgs("--maxmemory", "10mb").
func WithRedisArgs(args ...string) RedisOption {
	return func(c *redisConfig) { c.args = append(c.args, args...) }
}

// findRedis returns the redis-server binary: $DREDGE_REDIS_BIN,
// /usr/bin/redis-server, then PATH.
func findRedis() (string, string) {
	return findBinary("DREDGE_REDIS_BIN", []string{"/usr/bin/redis-server"}, "redis-server", nil)
}

// StartRedis starts redis-server on a free loopback port with a temporary
// data folder and no RDB snapshots, waits until it answers PING, and stops it
// when the test ends. Without redis-server the test is skipped (failed under
// CI=true).
func StartRedis(t testing.TB, opts ...RedisOption) *Redis {
	t.Helper()
	return startRedis(t, "redis", false, opts...)
}

func startRedis(t testing.TB, name string, cluster bool, opts ...RedisOption) *Redis {
	t.Helper()
	bin, where := findRedis()
	if bin == "" {
		missingBinary(t, "redis-server not found ("+where+"); install it with scripts/install-deps.sh "+
			"or `apt-get install -y redis-server`, or point $DREDGE_REDIS_BIN at it")
	}
	r := &Redis{bin: bin, Dir: t.TempDir(), srv: newServer(t, name)}
	r.cfg.cluster = cluster
	for _, o := range opts {
		o(&r.cfg)
	}
	t.Cleanup(r.srv.cleanup)
	if err := r.pickPort(); err != nil {
		t.Fatalf("testenv: finding a free port: %v", err)
	}
	r.srv.start(r.spec, r.pickPort)
	return r
}

func (r *Redis) pickPort() error {
	n := 1
	if r.cfg.cluster {
		n = 2 // and the cluster bus
	}
	ports, err := freePorts(n)
	if err != nil {
		return err
	}
	r.Port = ports[0]
	if r.cfg.cluster {
		r.BusPort = ports[1]
	}
	r.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(r.Port))
	return nil
}

func (r *Redis) spec() launchSpec {
	aof := "no"
	if r.cfg.aof {
		aof = "yes"
	}
	args := []string{
		"--port", strconv.Itoa(r.Port),
		"--bind", "127.0.0.1",
		"--dir", r.Dir,
		"--save", "",
		"--appendonly", aof,
		"--daemonize", "no",
		"--logfile", "",
	}
	if r.cfg.aof {
		args = append(args, "--appendfsync", "always")
	}
	if r.cfg.cluster {
		// The bus port is chosen, not port+10000 (which may be taken,
		// or above 65535); nodes.conf lives in Dir.
		args = append(args, "--cluster-enabled", "yes", "--cluster-port", strconv.Itoa(r.BusPort),
			"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000")
	}
	args = append(args, r.cfg.args...)
	return launchSpec{
		bin:     r.bin,
		args:    args,
		dir:     r.Dir,
		timeout: 30 * time.Second,
		ready:   r.ping,
	}
}

// ping answers nil once the server replies +PONG (not -LOADING etc.).
func (r *Redis) ping() error {
	v, err := r.do(time.Second, "PING")
	if err != nil {
		return err
	}
	if v != "PONG" {
		return fmt.Errorf("PING answered %v", v)
	}
	return nil
}

// URL returns "redis://127.0.0.1:port".
func (r *Redis) URL() string { return "redis://" + r.Addr }

// PID returns the server's process id, 0 when it is not running.
func (r *Redis) PID() int { return r.srv.pid() }

// Stop shuts the server down (SIGTERM, then SIGKILL after 15s). With AOF
// Redis flushes it on the way out. No-op when not running.
func (r *Redis) Stop() { r.srv.stop() }

// Kill SIGKILLs the server (a crash). No-op when not running.
func (r *Redis) Kill() { r.srv.kill() }

// Start starts the server again after Stop or Kill, on the same port and
// data folder.
func (r *Redis) Start() {
	r.srv.t.Helper()
	r.srv.start(r.spec, nil)
}

// Restart stops the server and starts it again on the same port and data
// folder, so with WithAOF the data survives.
func (r *Redis) Restart() {
	r.srv.t.Helper()
	r.Stop()
	r.Start()
}

// RedisError is an error reply (-ERR ...) from Redis.
type RedisError string

func (e RedisError) Error() string { return "redis: " + string(e) }

// Do sends one command over a fresh raw TCP connection (RESP, no client
// library) and returns the reply: string for simple and bulk strings, nil for
// a null bulk string or array, int64 for integers, []any for arrays, and a
// RedisError as err for an error reply.
func (r *Redis) Do(args ...string) (any, error) {
	return r.do(10*time.Second, args...)
}

func (r *Redis) do(timeout time.Duration, args ...string) (any, error) {
	conn, err := net.DialTimeout("tcp", r.Addr, timeout)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(timeout))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return nil, err
	}
	return readRESP(bufio.NewReader(conn))
}

// readRESP reads one RESP2 reply.
func readRESP(br *bufio.Reader) (any, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimSuffix(line, "\r\n")
	if line == "" {
		return nil, errors.New("redis: empty reply line")
	}
	kind, rest := line[0], line[1:]
	switch kind {
	case '+':
		return rest, nil
	case '-':
		return nil, RedisError(rest)
	case ':':
		return strconv.ParseInt(rest, 10, 64)
	case '$':
		n, err := strconv.Atoi(rest)
		if err != nil {
			return nil, fmt.Errorf("redis: bad bulk length %q", rest)
		}
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(br, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(rest)
		if err != nil {
			return nil, fmt.Errorf("redis: bad array length %q", rest)
		}
		if n < 0 {
			return nil, nil
		}
		out := make([]any, n)
		for i := range out {
			v, err := readRESP(br)
			if err != nil {
				var re RedisError
				if !errors.As(err, &re) {
					return nil, err
				}
				v = re
			}
			out[i] = v
		}
		return out, nil
	default:
		return nil, fmt.Errorf("redis: unexpected reply %q", line)
	}
}
