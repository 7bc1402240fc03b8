package httpapi

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/metrics"
)

func TestAuthLimitsAndRoutes(t *testing.T) {
	rd := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: rd.Addr})
	defer rdb.Close()
	if _, err := New(Options{Redis: rdb}); err == nil {
		t.Error("New without a token: no error")
	}
	events := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	m := metrics.New()
	s, err := New(Options{Redis: rdb, RedisConnOpt: asynq.RedisClientOpt{Addr: rd.Addr}, Events: events,
		Tokens: []string{"token-one-1", "token-two-2"}, MaxBody: 1024, EventsRate: 1, EventsBurst: 2, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	do := func(method, path string, body io.Reader, set func(*http.Request)) int {
		req, _ := http.NewRequest(method, srv.URL+path, body)
		if set != nil {
			set(req)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	cases := []struct {
		method, path string
		set          func(*http.Request)
		want         int
	}{
		{"GET", "/livez", nil, 200},
		{"GET", "/healthz", nil, 200},
		{"GET", "/readyz", nil, 200},
		{"GET", "/metrics", nil, 401},
		{"GET", "/metrics", bearer("token-one-1x"), 401},
		{"GET", "/metrics", bearer("token-one"), 401},
		{"GET", "/metrics", bearer("token-one-1"), 200},
		{"GET", "/metrics", bearer("token-two-2"), 200},
		{"GET", "/metrics", func(r *http.Request) { r.SetBasicAuth("x", "token-two-2") }, 200},
		{"GET", "/metrics", func(r *http.Request) { r.SetBasicAuth("token-two-2", "") }, 401},
		{"GET", "/api/v1/queues", bearer("token-one-1"), 200},
		{"GET", "/api/v1/sweeps/none", bearer("token-one-1"), 404},
		{"GET", "/nowhere", nil, 401},
		{"GET", "/nowhere", bearer("token-one-1"), 404},
		{"GET", "/monitoring", bearer("token-one-1"), 200}, // redirected to /monitoring/
		{"POST", "/api/v1/queues", bearer("token-one-1"), 405},
		{"POST", "/api/v1/queues", bearer("token-one-1"), 405},
	}
	for _, c := range cases {
		if got := do(c.method, c.path, nil, c.set); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, got, c.want)
		}
	}
	// Body limit, on any route (Content-Length, then the reader).
	if got := do("POST", "/events/s3", strings.NewReader(strings.Repeat("x", 2000)), nil); got != 413 {
		t.Errorf("oversized body: %d", got)
	}
	// Rate limit on the event endpoint: burst 2, then 429.
	codes := map[int]int{}
	for range 5 {
		codes[do("POST", "/events/s3", strings.NewReader("{}"), nil)]++
	}
	if codes[202] != 2 || codes[429] != 3 {
		t.Errorf("rate limit: %v", codes)
	}
	// Metrics route labels: unknown paths share one label.
	mfs, _ := m.Registry.Gather()
	seen := map[string]bool{}
	for _, mf := range mfs {
		if mf.GetName() != "dredge_http_requests_total" {
			continue
		}
		for _, mt := range mf.GetMetric() {
			for _, l := range mt.GetLabel() {
				if l.GetName() == "route" {
					seen[l.GetValue()] = true
				}
			}
		}
	}
	if !seen["other"] || seen["/nowhere"] || !seen["/metrics"] || !seen["/events/s3"] {
		t.Errorf("route labels: %v", seen)
	}
	// Health follows Redis.
	rd.Stop()
	if got := do("GET", "/healthz", nil, nil); got != 503 {
		t.Errorf("/healthz with Redis stopped: %d", got)
	}
	if got := do("GET", "/livez", nil, nil); got != 200 {
		t.Errorf("/livez with Redis stopped: %d", got)
	}
}
