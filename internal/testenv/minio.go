package testenv

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// MinIOKMSKeyID is the name of the static KMS key MinIO is started with
// (MINIO_KMS_SECRET_KEY), usable as the SSE-KMS key id.
const MinIOKMSKeyID = "dredge-test-key"

// MinIOModule is the MinIO build scripts/install-deps.sh installs (go install argument).
const MinIOModule = "github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c"

// MinIO is a MinIO server started for one test (single drive, plain HTTP).
type MinIO struct {
	Endpoint        string // S3 API, "127.0.0.1:port"
	ConsoleEndpoint string // web console, "127.0.0.1:port"
	AccessKey       string // MINIO_ROOT_USER
	SecretKey       string // MINIO_ROOT_PASSWORD
	Region          string // "us-east-1", MinIO's default
	Dir             string // data folder
	KMSKeyID        string // MinIOKMSKeyID, or "" with WithoutKMS
	KMSSecretKey    string // the MINIO_KMS_SECRET_KEY value, or "" with WithoutKMS

	srv      *server
	bin      string
	certsDir string
	cfg      minioConfig
}

type minioConfig struct {
	noKMS bool
	env   []string // "K=V"
}

// MinIOOption configures StartMinIO.
type MinIOOption func(*minioConfig)

// WithEnv sets an extra environment variable for the MinIO server, e.g.
// MINIO_NOTIFY_WEBHOOK_ENABLE_DREDGE=on. It is kept across Start/Restart.
func WithEnv(k, v string) MinIOOption {
	return func(c *minioConfig) { c.env = append(c.env, k+"="+v) }
}

// WithoutKMS starts MinIO without MINIO_KMS_SECRET_KEY (no SSE-KMS/SSE-S3).
func WithoutKMS() MinIOOption {
	return func(c *minioConfig) { c.noKMS = true }
}

var (
	goEnvOnce         sync.Once
	goEnvBin, goEnvGP string
)

// goEnv returns `go env GOBIN GOPATH` (empty when go is unavailable).
func goEnv() (gobin, gopath string) {
	goEnvOnce.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, goCmd, "env", "GOBIN", "GOPATH").Output()
		if err != nil {
			return
		}
		lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
		if len(lines) == 2 {
			goEnvBin, goEnvGP = strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1])
		}
	})
	return goEnvBin, goEnvGP
}

// findMinIO returns the minio binary: $DREDGE_MINIO_BIN, PATH,
// $(go env GOBIN)/minio, $(go env GOPATH)/bin/minio, then $HOME/go/bin/minio.
func findMinIO() (string, string) {
	return findBinary("DREDGE_MINIO_BIN", nil, "minio", func() []string {
		var c []string
		gobin, gopath := goEnv()
		if gobin != "" {
			c = append(c, filepath.Join(gobin, "minio"))
		}
		for _, gp := range filepath.SplitList(gopath) {
			if gp != "" {
				c = append(c, filepath.Join(gp, "bin", "minio"))
			}
		}
		if home, err := os.UserHomeDir(); err == nil {
			c = append(c, filepath.Join(home, "go", "bin", "minio"))
		}
		return c
	})
}

// StartMinIO starts `minio server DIR` on free loopback ports with random
// root credentials and a static KMS key, waits until it is healthy and stops
// it when the test ends. Without the minio binary the test is skipped (failed
// under CI=true).
func StartMinIO(t testing.TB, opts ...MinIOOption) *MinIO {
	t.Helper()
	bin, where := findMinIO()
	if bin == "" {
		missingBinary(t, "minio not found ("+where+"); install it with scripts/install-deps.sh "+
			"or `GOFLAGS= go install "+MinIOModule+"` (the first build takes ~4 minutes), "+
			"or point $DREDGE_MINIO_BIN at it")
	}
	m := &MinIO{
		bin:       bin,
		Dir:       t.TempDir(),
		certsDir:  t.TempDir(), // not ~/.minio/certs: no stray TLS, no writes to $HOME
		AccessKey: "dredge-" + randomHex(t, 6),
		SecretKey: randomHex(t, 20),
		Region:    "us-east-1",
		srv:       newServer(t, "minio"),
	}
	for _, o := range opts {
		o(&m.cfg)
	}
	if !m.cfg.noKMS {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			t.Fatalf("testenv: %v", err)
		}
		m.KMSKeyID = MinIOKMSKeyID
		m.KMSSecretKey = MinIOKMSKeyID + ":" + base64.StdEncoding.EncodeToString(key)
	}
	t.Cleanup(m.srv.cleanup)
	if err := m.pickPorts(); err != nil {
		t.Fatalf("testenv: finding free ports: %v", err)
	}
	m.srv.start(m.spec, m.pickPorts)
	return m
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return hex.EncodeToString(b)
}

func (m *MinIO) pickPorts() error {
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	m.Endpoint = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	m.ConsoleEndpoint = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))
	return nil
}

func (m *MinIO) spec() launchSpec {
	env := []string{
		"MINIO_ROOT_USER=" + m.AccessKey,
		"MINIO_ROOT_PASSWORD=" + m.SecretKey,
		"MINIO_UPDATE=off",
	}
	if m.KMSSecretKey != "" {
		env = append(env, "MINIO_KMS_SECRET_KEY="+m.KMSSecretKey)
	}
	env = append(env, m.cfg.env...) // last wins
	return launchSpec{
		bin: m.bin,
		args: []string{"server", m.Dir,
			"--address", m.Endpoint,
			"--console-address", m.ConsoleEndpoint,
			"--certs-dir", m.certsDir,
		},
		// The server's configuration is ours alone: drop MINIO_* from the
		// caller's environment.
		env:     envWithout([]string{"MINIO_"}, env...),
		dir:     m.Dir,
		timeout: 60 * time.Second,
		ready:   m.healthy,
	}
}

// healthy is nil once /minio/health/live answers 200 and the object layer
// is up (/minio/health/cluster answers 200), so S3 calls work right away.
func (m *MinIO) healthy() error {
	for _, p := range []string{"/minio/health/live", "/minio/health/cluster"} {
		code, err := httpGet(m.URL() + p)
		if err != nil {
			return err
		}
		if code != http.StatusOK {
			return fmt.Errorf("GET %s: HTTP %d", p, code)
		}
	}
	return nil
}

// URL returns "http://127.0.0.1:port" (the S3 API).
func (m *MinIO) URL() string { return "http://" + m.Endpoint }

// PID returns the server's process id, 0 when it is not running.
func (m *MinIO) PID() int { return m.srv.pid() }

// Stop shuts the server down (SIGTERM, then SIGKILL after 15s). No-op when
// not running.
func (m *MinIO) Stop() { m.srv.stop() }

// Kill SIGKILLs the server (a crash). No-op when not running.
func (m *MinIO) Kill() { m.srv.kill() }

// Start starts the server again after Stop or Kill with the same data
// folder, ports, credentials, KMS key and environment.
func (m *MinIO) Start() {
	m.srv.t.Helper()
	m.srv.start(m.spec, nil)
}

// Restart is Stop then Start.
func (m *MinIO) Restart() {
	m.srv.t.Helper()
	m.Stop()
	m.Start()
}
