// Package httpapi is dredge serve's HTTP surface around the event intake:
// bearer-token auth on every route but health, request size limits, a
// rate limit on the event endpoint, health and readiness, Prometheus
// metrics, a small read-only JSON API, and asynqmon under /monitoring.
//
// Routes:
//
//	GET  /livez           200 while the process runs (no auth)
//	GET  /healthz         200 when Redis answers (no auth)
//	GET  /readyz          200 when Redis and the object store answer (no auth)
//	POST /events/s3       S3/MinIO event notifications (the events token; rate limited)
//	GET  /metrics         Prometheus metrics
//	GET  /api/v1/queues   task counts per queue
//	GET  /api/v1/sweeps   recent sweeps; /api/v1/sweeps/{id} one sweep's progress
//	GET  /api/v1/buckets  per-bucket aggregates and sensitivity scores
//	     /monitoring/     asynqmon (web UI and its API)
//
// Everything but the three health routes needs `Authorization: Bearer
// <token>` with one of the API tokens (or HTTP Basic auth with the token
// as password, so a browser can open /monitoring); /events/s3 checks the
// events token itself (queue.EventHandler). Unknown paths answer 401
// without a token, so routes can't be probed.
package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/dredge-dev/dredge/metrics"
	"github.com/dredge-dev/dredge/queue"
)

// Check is one readiness check.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
}

// Options configure the server.
type Options struct {
	// Redis is the fleet's Redis (health, API, fleet metrics).
	Redis redis.UniversalClient
	// RedisConnOpt makes asynqmon's own connections (same Redis).
	RedisConnOpt asynq.RedisConnOpt
	// Events is the event intake (queue.EventHandler), mounted at
	// /events/s3.
	Events http.Handler
	// Tokens are the API bearer tokens. At least one is required.
	Tokens []string
	// MaxBody bounds every request body (default 4 MiB).
	MaxBody int64
	// EventsRate and EventsBurst limit /events/s3 (0: no limit).
	EventsRate  float64
	EventsBurst int
	// Metrics holds the registry served at /metrics and the HTTP
	// counters. Fleet and queue collectors are added to its registry.
	Metrics *metrics.Metrics
	// Ready are the readiness checks besides Redis (the object store).
	Ready []Check
	// NoMonitoring leaves asynqmon out; MonitoringReadOnly makes it
	// view-only.
	NoMonitoring       bool
	MonitoringReadOnly bool
	Logger             *slog.Logger
}

// Server is the HTTP handler of dredge serve.
type Server struct {
	o       Options
	mux     *http.ServeMux
	tokens  [][32]byte
	limiter *rate.Limiter
	closers []func() error
}

// New builds the handler. Close releases asynqmon's and the inspector's
// Redis connections.
func New(o Options) (*Server, error) {
	if len(o.Tokens) == 0 {
		return nil, errors.New("httpapi: no API token: every route but health needs one")
	}
	if o.Redis == nil {
		return nil, errors.New("httpapi: no Redis client")
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 4 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Metrics == nil {
		o.Metrics = metrics.New()
	}
	s := &Server{o: o, mux: http.NewServeMux()}
	for _, t := range o.Tokens {
		if t == "" {
			return nil, errors.New("httpapi: empty API token")
		}
		s.tokens = append(s.tokens, sha256.Sum256([]byte(t)))
	}
	if o.EventsRate > 0 {
		burst := o.EventsBurst
		if burst < 1 {
			burst = max(1, int(o.EventsRate))
		}
		s.limiter = rate.NewLimiter(rate.Limit(o.EventsRate), burst)
	}

	ins := asynq.NewInspectorFromRedisClient(o.Redis)
	s.closers = append(s.closers, ins.Close)
	reg := o.Metrics.Registry
	if err := reg.Register(metrics.QueueCollector(ins)); err != nil {
		return nil, err
	}
	fleet := metrics.NewFleetCollector(o.Redis)
	fleet.Logger = o.Logger
	if err := reg.Register(fleet); err != nil {
		return nil, err
	}

	s.mux.HandleFunc("GET /livez", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	if o.Events != nil {
		s.mux.Handle("/events/s3", s.rateLimit("/events/s3", o.Events))
	}
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn), ErrorHandling: promhttp.ContinueOnError}))
	api := &api{rdb: o.Redis, agg: &queue.Aggregates{R: o.Redis}}
	s.mux.HandleFunc("GET /api/v1/queues", api.queues)
	s.mux.HandleFunc("GET /api/v1/sweeps", api.sweeps)
	s.mux.HandleFunc("GET /api/v1/sweeps/{id}", api.sweep)
	s.mux.HandleFunc("GET /api/v1/buckets", api.buckets)
	if !o.NoMonitoring {
		if o.RedisConnOpt == nil {
			return nil, errors.New("httpapi: monitoring needs RedisConnOpt")
		}
		mon := asynqmon.New(asynqmon.Options{RootPath: "/monitoring", RedisConnOpt: o.RedisConnOpt, ReadOnly: o.MonitoringReadOnly})
		s.closers = append(s.closers, mon.Close)
		s.mux.Handle("/monitoring/", mon)
		s.mux.Handle("GET /monitoring", http.RedirectHandler("/monitoring/", http.StatusMovedPermanently))
	}
	return s, nil
}

// NewMetricsOnly is a worker's HTTP surface: /livez and /healthz (no
// auth) and /metrics (tokens).
func NewMetricsOnly(rdb redis.UniversalClient, m *metrics.Metrics, tokens []string, logger *slog.Logger) (*Server, error) {
	if len(tokens) == 0 {
		return nil, errors.New("httpapi: no API token: /metrics needs one")
	}
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{o: Options{Redis: rdb, Metrics: m, MaxBody: 1 << 10, Logger: logger}, mux: http.NewServeMux()}
	for _, t := range tokens {
		s.tokens = append(s.tokens, sha256.Sum256([]byte(t)))
	}
	s.mux.HandleFunc("GET /livez", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn), ErrorHandling: promhttp.ContinueOnError}))
	return s, nil
}

// Close releases the server's Redis connections (not Options.Redis).
func (s *Server) Close() error {
	var errs []error
	for _, c := range s.closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}

// public routes: no auth.
func public(path string) bool {
	return path == "/livez" || path == "/healthz" || path == "/readyz"
}

// ServeHTTP applies, in order: metrics and logging, the body limit, auth
// (but for health and the event endpoint, which checks its own token),
// then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
	_, pattern := s.mux.Handler(r)
	route := routeLabel(pattern)
	defer func() {
		code := strconv.Itoa(rec.code)
		s.o.Metrics.HTTP.WithLabelValues(route, code).Inc()
		s.o.Metrics.HTTPDuration.WithLabelValues(route).Observe(time.Since(start).Seconds())
		// The path only, never the query string (it could carry anything).
		s.o.Logger.Debug("http", "method", r.Method, "route", route, "code", rec.code, "duration", time.Since(start).Round(time.Millisecond))
	}()
	if r.ContentLength > s.o.MaxBody {
		http.Error(rec, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(rec, r.Body, s.o.MaxBody)
	}
	if !public(r.URL.Path) && r.URL.Path != "/events/s3" && !s.authorized(r) {
		if strings.HasPrefix(r.URL.Path, "/monitoring") {
			rec.Header().Set("WWW-Authenticate", `Basic realm="dredge", charset="UTF-8"`)
		} else {
			rec.Header().Set("WWW-Authenticate", `Bearer realm="dredge"`)
		}
		http.Error(rec, "unauthorized", http.StatusUnauthorized)
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// authorized: a bearer token, or Basic auth with the token as password.
func (s *Server) authorized(r *http.Request) bool {
	var presented string
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		presented = strings.TrimSpace(t)
	} else if _, p, ok := r.BasicAuth(); ok {
		presented = p
	}
	if presented == "" {
		return false
	}
	sum := sha256.Sum256([]byte(presented))
	ok := 0
	for _, t := range s.tokens {
		ok |= subtle.ConstantTimeCompare(sum[:], t[:])
	}
	return ok == 1
}

func (s *Server) rateLimit(route string, next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.limiter.Allow() {
			s.o.Metrics.RateLimited.WithLabelValues(route).Inc()
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.o.Redis.Ping(ctx).Err(); err != nil {
		http.Error(w, "redis: unreachable", http.StatusServiceUnavailable)
		s.o.Logger.Warn("health: redis", "err", err)
		return
	}
	io.WriteString(w, "ok\n")
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 4*time.Second)
	defer cancel()
	checks := append([]Check{{Name: "redis", Check: func(ctx context.Context) error { return s.o.Redis.Ping(ctx).Err() }}}, s.o.Ready...)
	out := map[string]string{}
	code := http.StatusOK
	for _, c := range checks {
		if err := c.Check(ctx); err != nil {
			out[c.Name] = "unreachable"
			code = http.StatusServiceUnavailable
			s.o.Logger.Warn("readiness", "check", c.Name, "err", err)
			continue
		}
		out[c.Name] = "ok"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(out)
}

// routeLabel is the route's pattern without its method, or "other" for
// unknown paths (so a scan of random paths can't grow the label set).
func routeLabel(pattern string) string {
	if pattern == "" {
		return "other"
	}
	if _, p, ok := strings.Cut(pattern, " "); ok {
		return p
	}
	return pattern
}

type statusRecorder struct {
	http.ResponseWriter
	code    int
	written bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.written {
		r.code, r.written = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.written = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// api is the read-only JSON API.
type api struct {
	rdb redis.UniversalClient
	agg *queue.Aggregates
}

func writeJSON(w http.ResponseWriter, v any, err error) {
	if err != nil {
		http.Error(w, "unavailable: "+oneLine(err.Error()), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

func (a *api) queues(w http.ResponseWriter, r *http.Request) {
	st, err := queue.Stats(a.rdb)
	writeJSON(w, st, err)
}

func (a *api) sweeps(w http.ResponseWriter, r *http.Request) {
	limit := 50
	if n, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && n > 0 && n <= 1000 {
		limit = n
	}
	ids, err := a.agg.Sweeps(r.Context(), limit)
	if err != nil {
		writeJSON(w, nil, err)
		return
	}
	out := []*queue.SweepStatus{}
	for _, id := range ids {
		st, err := a.agg.Sweep(r.Context(), id)
		if err != nil {
			continue // expired meanwhile
		}
		out = append(out, st)
	}
	writeJSON(w, out, nil)
}

func (a *api) sweep(w http.ResponseWriter, r *http.Request) {
	st, err := a.agg.Sweep(r.Context(), r.PathValue("id"))
	if err != nil {
		if errors.Is(err, queue.ErrNoSweep) {
			http.Error(w, fmt.Sprintf("no sweep %q", r.PathValue("id")), http.StatusNotFound)
			return
		}
		writeJSON(w, nil, err)
		return
	}
	writeJSON(w, st, nil)
}

func (a *api) buckets(w http.ResponseWriter, r *http.Request) {
	names, err := a.agg.Buckets(r.Context())
	if err != nil {
		writeJSON(w, nil, err)
		return
	}
	out := []*queue.BucketStats{}
	for _, b := range names {
		st, err := a.agg.Bucket(r.Context(), b)
		if err != nil {
			writeJSON(w, nil, err)
			return
		}
		out = append(out, st)
	}
	writeJSON(w, out, nil)
}

var _ prometheus.Collector = (*metrics.FleetCollector)(nil)
