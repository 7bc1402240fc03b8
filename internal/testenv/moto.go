package testenv

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Moto is a moto_server (AWS mock, for AWS-only semantics) started for one
// test. It keeps all state in memory.
type Moto struct {
	Endpoint string // "127.0.0.1:port"
	Port     int

	srv *server
	bin string
	dir string
}

// findMoto returns moto_server: $DREDGE_MOTO_BIN, then PATH.
func findMoto() (string, string) {
	return findBinary("DREDGE_MOTO_BIN", nil, "moto_server", nil)
}

// StartMoto starts `moto_server -H 127.0.0.1 -p PORT`, waits until it answers
// HTTP and stops it when the test ends. Without moto_server the test is
// skipped (failed under CI=true).
func StartMoto(t testing.TB) *Moto {
	t.Helper()
	bin, where := findMoto()
	if bin == "" {
		missingBinary(t, "moto_server not found ("+where+"); install it with scripts/install-deps.sh "+
			"or `pip install 'moto[server]'`, or point $DREDGE_MOTO_BIN at it")
	}
	m := &Moto{bin: bin, dir: t.TempDir(), srv: newServer(t, "moto")}
	t.Cleanup(m.srv.cleanup)
	if err := m.pickPort(); err != nil {
		t.Fatalf("testenv: finding a free port: %v", err)
	}
	m.srv.start(m.spec, m.pickPort)
	return m
}

func (m *Moto) pickPort() error {
	ports, err := freePorts(1)
	if err != nil {
		return err
	}
	m.Port = ports[0]
	m.Endpoint = net.JoinHostPort("127.0.0.1", strconv.Itoa(m.Port))
	return nil
}

func (m *Moto) spec() launchSpec {
	return launchSpec{
		bin:     m.bin,
		args:    []string{"-H", "127.0.0.1", "-p", strconv.Itoa(m.Port)},
		dir:     m.dir,
		timeout: 60 * time.Second,
		ready: func() error {
			_, err := httpGet(m.URL() + "/")
			return err
		},
	}
}

// URL returns "http://127.0.0.1:port".
func (m *Moto) URL() string { return "http://" + m.Endpoint }

// PID returns the server's process id, 0 when it is not running.
func (m *Moto) PID() int { return m.srv.pid() }

// Stop stops the server. No-op when not running.
func (m *Moto) Stop() { m.srv.stop() }

// Reset drops all of moto's state (POST /moto-api/reset).
func (m *Moto) Reset() error {
	resp, err := probeClient.Post(m.URL()+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("moto reset: %s", resp.Status)
	}
	return nil
}

// probeClient is used for readiness probes; it never reuses connections so
// a restarted server is probed afresh.
var probeClient = &http.Client{
	Timeout:   2 * time.Second,
	Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
}

// httpGet returns the status code of GET url (body discarded).
func httpGet(url string) (int, error) {
	resp, err := probeClient.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
