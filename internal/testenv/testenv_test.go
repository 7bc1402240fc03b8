package testenv

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// assertGone checks that the process (and its group) no longer exists.
func assertGone(t *testing.T, pid int) {
	t.Helper()
	if pid == 0 {
		t.Fatal("no pid recorded")
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process %d still exists after stop (kill 0: %v)", pid, err)
	}
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still exists after stop (kill 0: %v)", pid, err)
	}
}

func assertRefused(t *testing.T, addr string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after stop", addr)
	}
}

func mustDo(t *testing.T, r *Redis, want any, args ...string) {
	t.Helper()
	got, err := r.Do(args...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%v = %#v, want %#v", args, got, want)
	}
}

func TestFreePort(t *testing.T) {
	p := FreePort(t)
	if p <= 0 || p > 65535 {
		t.Fatalf("FreePort = %d", p)
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
	if err != nil {
		t.Fatalf("port %d not free: %v", p, err)
	}
	l.Close()
}

func TestRedisAOF(t *testing.T) {
	t.Parallel()
	r := StartRedis(t, WithAOF())
	if !strings.HasPrefix(r.Addr, "127.0.0.1:") || r.URL() != "redis://"+r.Addr {
		t.Fatalf("Addr = %q, URL = %q", r.Addr, r.URL())
	}
	mustDo(t, r, "PONG", "PING")
	mustDo(t, r, "OK", "SET", "dredge:key", "value with spaces\r\nand CRLF")
	mustDo(t, r, "value with spaces\r\nand CRLF", "GET", "dredge:key")
	mustDo(t, r, "[appendonly yes]", "CONFIG", "GET", "appendonly")
	mustDo(t, r, "[save ]", "CONFIG", "GET", "save")
	if _, err := r.Do("NOSUCHCOMMAND"); !errors.As(err, new(RedisError)) {
		t.Fatalf("unknown command: err = %v, want RedisError", err)
	}

	addr, pid := r.Addr, r.PID()
	r.Restart()
	assertGone(t, pid)
	if r.Addr != addr {
		t.Fatalf("Restart moved from %s to %s", addr, r.Addr)
	}
	mustDo(t, r, "value with spaces\r\nand CRLF", "GET", "dredge:key")

	// A crash loses nothing Redis acknowledged (appendfsync always).
	mustDo(t, r, 1, "RPUSH", "dredge:list", "job")
	pid = r.PID()
	r.Kill()
	assertGone(t, pid)
	assertRefused(t, r.Addr)
	r.Start()
	mustDo(t, r, "[job]", "LRANGE", "dredge:list", "0", "-1")

	pid = r.PID()
	r.Stop()
	assertGone(t, pid)
	assertRefused(t, r.Addr)
	r.Stop() // no-op
}

func TestRedisNoAOF(t *testing.T) {
	t.Parallel()
	r := StartRedis(t)
	mustDo(t, r, "[appendonly no]", "CONFIG", "GET", "appendonly")
	mustDo(t, r, "OK", "SET", "k", "v")
	r.Restart()
	mustDo(t, r, "<nil>", "GET", "k") // no AOF, no RDB: data is gone
}

func TestRedisTwoAtOnce(t *testing.T) {
	t.Parallel()
	a, b := StartRedis(t), StartRedis(t)
	if a.Addr == b.Addr || a.Dir == b.Dir {
		t.Fatalf("servers share address or folder: %s %s", a.Addr, b.Addr)
	}
	mustDo(t, a, "OK", "SET", "k", "a")
	mustDo(t, b, "<nil>", "GET", "k")
}

func healthCode(m *MinIO) (int, error) {
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(m.URL() + "/minio/health/live")
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func assertHealthy(t *testing.T, m *MinIO) {
	t.Helper()
	code, err := healthCode(m)
	if err != nil || code != http.StatusOK {
		t.Fatalf("health/live: code %d, err %v", code, err)
	}
}

func TestMinIO(t *testing.T) {
	t.Parallel()
	m := StartMinIO(t, WithEnv("MINIO_REGION", "us-east-1"))
	assertHealthy(t, m)
	if m.AccessKey == "" || len(m.SecretKey) < 8 || m.KMSKeyID != MinIOKMSKeyID ||
		!strings.HasPrefix(m.KMSSecretKey, MinIOKMSKeyID+":") || m.Endpoint == m.ConsoleEndpoint {
		t.Fatalf("unexpected fields: %+v", m)
	}
	ep, key := m.Endpoint, m.KMSSecretKey

	pid := m.PID()
	m.Stop()
	assertGone(t, pid)
	if _, err := healthCode(m); err == nil {
		t.Fatal("health endpoint answers after Stop")
	}
	m.Start()
	assertHealthy(t, m)
	if m.Endpoint != ep || m.KMSSecretKey != key {
		t.Fatalf("Start changed endpoint or KMS key")
	}

	pid = m.PID()
	m.Kill()
	assertGone(t, pid)
	assertRefused(t, m.Endpoint)
	m.Restart() // Stop is a no-op after Kill
	assertHealthy(t, m)
}

func TestMinIOWithoutKMS(t *testing.T) {
	t.Parallel()
	m := StartMinIO(t, WithoutKMS())
	assertHealthy(t, m)
	if m.KMSKeyID != "" || m.KMSSecretKey != "" {
		t.Fatalf("KMS set despite WithoutKMS: %q", m.KMSSecretKey)
	}
}

func TestMoto(t *testing.T) {
	t.Parallel()
	m := StartMoto(t)
	resp, err := http.Get(m.URL() + "/")
	if err != nil {
		t.Fatalf("GET /: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Fatalf("GET /: %s", resp.Status)
	}
	if err := m.Reset(); err != nil {
		t.Fatal(err)
	}
	pid := m.PID()
	m.Stop()
	assertGone(t, pid)
	assertRefused(t, m.Endpoint)
}

// recordTB captures Skipf/Fatalf instead of ending the real test.
type recordTB struct {
	testing.TB
	mu              sync.Mutex
	skipped, failed bool
	msg             string
}

func (r *recordTB) Helper() {}
func (r *recordTB) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}
func (r *recordTB) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func TestMissingBinary(t *testing.T) {
	starters := map[string]func(testing.TB){
		"redis": func(tb testing.TB) { StartRedis(tb) },
		"minio": func(tb testing.TB) { StartMinIO(tb) },
		"moto":  func(tb testing.TB) { StartMoto(tb) },
	}
	for _, ci := range []string{"", "true"} {
		for name, start := range starters {
			t.Run(name+"/CI="+ci, func(t *testing.T) {
				t.Setenv("CI", ci)
				t.Setenv("DREDGE_"+strings.ToUpper(name)+"_BIN", "/nonexistent/"+name)
				rec := &recordTB{TB: t}
				done := make(chan struct{})
				go func() {
					defer close(done)
					start(rec)
					t.Errorf("Start%s returned without a binary", name)
				}()
				<-done
				if ci == "true" && !rec.failed || ci == "" && !rec.skipped {
					t.Fatalf("CI=%q: skipped=%v failed=%v", ci, rec.skipped, rec.failed)
				}
				if !strings.Contains(rec.msg, "install-deps.sh") || !strings.Contains(rec.msg, "/nonexistent/"+name) {
					t.Fatalf("message lacks install hint or path: %s", rec.msg)
				}
			})
		}
	}
}
