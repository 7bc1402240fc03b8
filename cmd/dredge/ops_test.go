package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/scanner"
)

const (
	opsEventsToken = "ops-events-token-1"
	opsAPIToken    = "ops-api-token-1234"
)

// background runs a dredge command in this process until the test ends
// (or stop is called); it fails the test if the command does not return
// within 30 s of its context ending.
func background(t *testing.T, args ...string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var errb bytes.Buffer
	go func() {
		root := newRoot()
		root.SetArgs(args)
		root.SetOut(io.Discard)
		root.SetErr(&errb)
		done <- root.ExecuteContext(ctx)
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("dredge %s: %v", strings.Join(args, " "), err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("dredge %s did not stop within 30s", strings.Join(args, " "))
		}
	}
	t.Cleanup(stop)
	return stop
}

type client struct {
	t    *testing.T
	http *http.Client
}

func (c client) do(method, url, token string, body io.Reader) (int, string, http.Header) {
	c.t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err.Error(), nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, string(b), resp.Header
}

func waitHTTP(t *testing.T, url string) {
	t.Helper()
	c := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := c.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer 200 within 30s", url)
}

// metric returns the value of the sample whose line starts with
// name and contains every label given ("k=\"v\""), summed over matches;
// -1 when there is none.
func metric(body, name string, labels ...string) float64 {
	sum, found := 0.0, false
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp < 0 {
			continue
		}
		series := line[:sp]
		n, _, _ := strings.Cut(series, "{")
		if n != name {
			continue
		}
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(series, l)
		}
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(line[sp+1:], 64)
		if err == nil {
			sum += v
			found = true
		}
	}
	if !found {
		return -1
	}
	return sum
}

// TestServeOperations starts `dredge serve` and a worker against real
// Redis and MinIO: auth on every route but health, asynqmon under
// /monitoring, /metrics moving after a scan (serve's fleet and queue
// metrics, the worker's own counters and histograms), request size and
// rate limits, health and readiness following a stopped Redis and a
// stopped MinIO, and TLS.
func TestServeOperations(t *testing.T) {
	rd := testenv.StartRedis(t, testenv.WithAOF())
	m := testenv.StartMinIO(t)
	t.Setenv("AWS_ENDPOINT_URL", m.URL())
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ACCESS_KEY_ID", m.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", m.SecretKey)
	t.Setenv("AWS_REGION", m.Region)
	t.Setenv("DREDGE_REDIS_ADDR", rd.Addr)
	t.Setenv("DREDGE_RESULTS", "s3://dredge-results")
	t.Setenv("DREDGE_EVENTS_TOKEN", opsEventsToken)
	t.Setenv("DREDGE_API_TOKENS", opsAPIToken)
	t.Setenv("DREDGE_FINGERPRINT_KEY", "test")
	t.Setenv("DREDGE_CONFIG", "")

	src, err := scanner.NewS3Source(scanner.S3ConfigFromEnv())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, b := range []string{"ops", "dredge-results"} {
		if err := src.Client.MakeBucket(ctx, b, minio.MakeBucketOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	body := "name,ssn\nAna," + rawSSN + "\n"
	if _, err := src.Client.PutObject(ctx, "ops", "people.csv", strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}

	addr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))
	base := "http://" + addr
	background(t, "serve", "--listen", addr, "--events-rate", "5", "--events-burst", "5", "--max-body", "65536")
	waitHTTP(t, base+"/livez")
	c := client{t: t, http: &http.Client{Timeout: 10 * time.Second}}

	// Auth on every route but health.
	guarded := []struct{ method, path string }{
		{"GET", "/metrics"}, {"GET", "/api/v1/queues"}, {"GET", "/api/v1/sweeps"}, {"GET", "/api/v1/sweeps/sw-x"},
		{"GET", "/api/v1/buckets"}, {"GET", "/monitoring/"}, {"GET", "/monitoring/api/queues"},
		{"GET", "/monitoring/queues/events"}, {"GET", "/no/such/route"}, {"POST", "/api/v1/queues"},
	}
	for _, r := range guarded {
		for _, tok := range []string{"", "wrong-token-123", opsEventsToken} {
			if code, _, _ := c.do(r.method, base+r.path, tok, nil); code != http.StatusUnauthorized {
				t.Errorf("%s %s with token %q: %d, want 401", r.method, r.path, tok, code)
			}
		}
		if code, _, _ := c.do(r.method, base+r.path, opsAPIToken, nil); code == http.StatusUnauthorized {
			t.Errorf("%s %s with the API token: 401", r.method, r.path)
		}
	}
	for _, tok := range []string{"", "wrong-token-123", opsAPIToken} {
		if code, _, _ := c.do("POST", base+"/events/s3", tok, strings.NewReader("{}")); code != http.StatusUnauthorized {
			t.Errorf("POST /events/s3 with token %q: %d, want 401", tok, code)
		}
	}
	for _, p := range []string{"/livez", "/healthz", "/readyz"} {
		if code, body, _ := c.do("GET", base+p, "", nil); code != 200 {
			t.Errorf("GET %s without a token: %d %s", p, code, body)
		}
	}
	// asynqmon under /monitoring, with a browser's Basic auth too.
	code, page, _ := c.do("GET", base+"/monitoring/", opsAPIToken, nil)
	if code != 200 || !strings.Contains(strings.ToLower(page), "<html") {
		t.Errorf("GET /monitoring/: %d\n%.300s", code, page)
	}
	req, _ := http.NewRequest("GET", base+"/monitoring/api/queues", nil)
	req.SetBasicAuth("admin", opsAPIToken)
	if resp, err := c.http.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("asynqmon API with Basic auth: %v %v", err, resp)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), `"queues"`) {
			t.Errorf("asynqmon /api/queues: %s", b)
		}
	}
	if _, _, h := c.do("GET", base+"/monitoring/", "", nil); !strings.HasPrefix(h.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("/monitoring/ without auth: WWW-Authenticate %q", h.Get("WWW-Authenticate"))
	}

	// Metrics before any scan.
	_, before, _ := c.do("GET", base+"/metrics", opsAPIToken, nil)
	if v := metric(before, "dredge_fleet_up"); v != 1 {
		t.Errorf("dredge_fleet_up = %v before\n%s", v, before)
	}
	if v := metric(before, "dredge_fleet_objects", `status="complete"`); v != 0 {
		t.Errorf("dredge_fleet_objects{complete} = %v before a scan", v)
	}

	// A worker with its own /metrics; one sweep.
	maddr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))
	stopWorker := background(t, "worker", "--concurrency", "1", "--shutdown-timeout", "5s", "--metrics-listen", maddr)
	waitHTTP(t, "http://"+maddr+"/livez")
	if out, code := run(t, "sweep", "s3://ops", "--wait", "--interval", "200ms"); code != 0 {
		t.Fatalf("sweep: exit %d\n%s", code, out)
	}
	_, after, _ := c.do("GET", base+"/metrics", opsAPIToken, nil)
	for _, chk := range []struct {
		name   string
		labels []string
	}{
		{"dredge_fleet_objects", []string{`status="complete"`}},
		{"dredge_fleet_findings", []string{`identifier="US_SSN"`}},
		{"dredge_fleet_bytes", nil},
		{"dredge_bucket_objects", []string{`bucket="ops"`}},
		{"asynq_tasks_processed_total", []string{`queue="sweeps"`}},
		{"asynq_queue_size", []string{`queue="sweeps"`}},
		{"asynq_queue_latency_seconds", []string{`queue="sweeps"`}},
		{"dredge_http_requests_total", []string{`route="/metrics"`}},
	} {
		if v := metric(after, chk.name, chk.labels...); v < 0 || (v <= 0 && chk.name != "asynq_queue_size" && chk.name != "asynq_queue_latency_seconds") {
			t.Errorf("serve /metrics after a scan: %s%v = %v", chk.name, chk.labels, v)
		}
	}
	wc := client{t: t, http: c.http}
	if code, _, _ := wc.do("GET", "http://"+maddr+"/metrics", "", nil); code != 401 {
		t.Errorf("worker /metrics without a token: %d", code)
	}
	_, wm, _ := wc.do("GET", "http://"+maddr+"/metrics", opsAPIToken, nil)
	for _, chk := range []struct {
		name   string
		labels []string
	}{
		{"dredge_objects_scanned_total", []string{`status="complete"`}},
		{"dredge_bytes_scanned_total", nil},
		{"dredge_findings_total", []string{`identifier="US_SSN"`, `severity="`}},
		{"dredge_scan_duration_seconds_count", nil},
		{"dredge_task_duration_seconds_count", []string{`type="dredge:sweep"`}},
		{"dredge_task_duration_seconds_count", []string{`type="dredge:scan"`}},
	} {
		if v := metric(wm, chk.name, chk.labels...); v <= 0 {
			t.Errorf("worker /metrics after a scan: %s%v = %v", chk.name, chk.labels, v)
		}
	}
	if strings.Contains(after+wm, rawSSN) {
		t.Fatal("a raw value in /metrics")
	}
	_, api, _ := c.do("GET", base+"/api/v1/buckets", opsAPIToken, nil)
	if !strings.Contains(api, `"bucket": "ops"`) || !strings.Contains(api, "US_SSN") {
		t.Errorf("/api/v1/buckets: %s", api)
	}
	stopWorker()

	// Limits: a body over --max-body, then a burst over --events-rate.
	if code, _, _ := c.do("POST", base+"/events/s3", opsEventsToken, bytes.NewReader(make([]byte, 70000))); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", code)
	}
	limited := 0
	for range 20 {
		code, _, h := c.do("POST", base+"/events/s3", opsEventsToken, strings.NewReader(`{"Records":[]}`))
		if code == http.StatusTooManyRequests {
			limited++
			if h.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if limited == 0 {
		t.Error("20 events at once over --events-rate 5 --events-burst 5: none refused")
	}
	_, lm, _ := c.do("GET", base+"/metrics", opsAPIToken, nil)
	if v := metric(lm, "dredge_http_rate_limited_total", `route="/events/s3"`); v != float64(limited) {
		t.Errorf("dredge_http_rate_limited_total = %v, want %d", v, limited)
	}

	// Health follows Redis, readiness Redis and the object store.
	rd.Stop()
	if code, _, _ := c.do("GET", base+"/healthz", "", nil); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz with Redis stopped: %d", code)
	}
	if code, body, _ := c.do("GET", base+"/readyz", "", nil); code != http.StatusServiceUnavailable || !strings.Contains(body, `"redis":"unreachable"`) {
		t.Errorf("/readyz with Redis stopped: %d %s", code, body)
	}
	if code, _, _ := c.do("GET", base+"/livez", "", nil); code != 200 {
		t.Errorf("/livez with Redis stopped: %d", code)
	}
	if _, body, _ := c.do("GET", base+"/metrics", opsAPIToken, nil); metric(body, "dredge_fleet_up") != 0 {
		t.Errorf("dredge_fleet_up with Redis stopped: %v", metric(body, "dredge_fleet_up"))
	}
	rd.Start()
	waitHTTP(t, base+"/healthz")
	m.Stop()
	if code, body, _ := c.do("GET", base+"/readyz", "", nil); code != http.StatusServiceUnavailable || !strings.Contains(body, `"object_store":"unreachable"`) {
		t.Errorf("/readyz with MinIO stopped: %d %s", code, body)
	}
	m.Start()
	waitHTTP(t, base+"/readyz")

	// TLS.
	cert, key := selfSigned(t)
	taddr := fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))
	background(t, "serve", "--listen", taddr, "--tls-cert", cert, "--tls-key", key, "--no-monitoring")
	waitHTTP(t, "https://"+taddr+"/livez")
	tc := client{t: t, http: &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}}
	if code, _, _ := tc.do("GET", "https://"+taddr+"/metrics", opsAPIToken, nil); code != 200 {
		t.Errorf("https /metrics: %d", code)
	}
	if code, _, _ := tc.do("GET", "https://"+taddr+"/monitoring/", opsAPIToken, nil); code != 404 {
		t.Errorf("--no-monitoring: /monitoring/ answered %d", code)
	}
	if code, _, _ := c.do("GET", "http://"+taddr+"/livez", "", nil); code == 200 {
		t.Error("plain HTTP answered on the TLS listener")
	}
	// Refusals at start.
	if _, code := run(t, "serve", "--listen", taddr, "--tls-cert", cert); code != exitUsage {
		t.Errorf("--tls-cert without --tls-key: exit %d", code)
	}
}

func selfSigned(t *testing.T) (certPath, keyPath string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certPath, keyPath
}
