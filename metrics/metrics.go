// Package metrics exposes dredge's Prometheus metrics.
//
// Two kinds:
//
//   - In-process counters and histograms of the process that does the
//     work (a worker's /metrics, --metrics-listen): objects and bytes
//     scanned, findings by identifier and severity, task and scan
//     durations, errors by kind.
//   - Fleet gauges read from Redis at scrape time (dredge serve's
//     /metrics): asynq's queue metrics (size, latency, states, processed
//     and failed counts per queue, the names of
//     github.com/hibiken/asynq/x/metrics), and the per-bucket aggregates
//     the workers keep (objects, bytes, findings by identifier and
//     severity, sensitivity score).
//
// Labels are identifier IDs, severities, statuses, task types, queue and
// bucket names: never an object key and never a scanned value.
package metrics

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// Metrics are one process's metrics and their registry.
type Metrics struct {
	Registry *prometheus.Registry

	objects  *prometheus.CounterVec
	bytes    prometheus.Counter
	findings *prometheus.CounterVec
	taskDur  *prometheus.HistogramVec
	scanDur  prometheus.Histogram
	errs     *prometheus.CounterVec
	// HTTP is the request counter of an HTTP server (route, code).
	HTTP *prometheus.CounterVec
	// HTTPDuration is its latency (route).
	HTTPDuration *prometheus.HistogramVec
	// RateLimited counts requests refused by a rate limit (route).
	RateLimited *prometheus.CounterVec
}

// DurationBuckets spans a tiny object (milliseconds) to a large archive
// (tens of minutes).
var DurationBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800}

// New returns fresh metrics in their own registry, with the Go runtime
// and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		objects: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dredge_objects_scanned_total",
			Help: "Objects scanned by this process, by result status (complete, partial, skipped, error)."}, []string{"status"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{Name: "dredge_bytes_scanned_total",
			Help: "Bytes of the objects scanned by this process."}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dredge_findings_total",
			Help: "Findings (occurrences) by identifier and severity, in the objects this process scanned."}, []string{"identifier", "severity"}),
		taskDur: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "dredge_task_duration_seconds",
			Help: "Time to run a task, by task type and outcome (ok, error, busy).", Buckets: DurationBuckets}, []string{"type", "outcome"}),
		scanDur: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "dredge_scan_duration_seconds",
			Help: "Time to scan one object (stream, extract, classify, store), for scan tasks that stored a result.", Buckets: DurationBuckets}),
		errs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dredge_errors_total",
			Help: "Errors by kind: s3_transient, s3_denied, s3_gone, s3_other, payload, timeout, canceled, store, other (task errors); object_error (error results)."}, []string{"kind"}),
		HTTP: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dredge_http_requests_total",
			Help: "HTTP requests by route and status code."}, []string{"route", "code"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "dredge_http_request_duration_seconds",
			Help: "HTTP request latency by route.", Buckets: prometheus.DefBuckets}, []string{"route"}),
		RateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dredge_http_rate_limited_total",
			Help: "Requests refused with 429 by a rate limit, by route."}, []string{"route"}),
	}
	reg.MustRegister(m.objects, m.bytes, m.findings, m.taskDur, m.scanDur, m.errs, m.HTTP, m.HTTPDuration, m.RateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, s := range []string{"complete", "partial", "skipped", "error"} {
		m.objects.WithLabelValues(s)
	}
	return m
}

// ObserveRecord counts one object result.
func (m *Metrics) ObserveRecord(r *results.Record) {
	status := string(r.Status)
	if status == "" {
		status = "complete"
	}
	m.objects.WithLabelValues(status).Inc()
	if r.Size > 0 {
		m.bytes.Add(float64(r.Size))
	}
	if r.Status == scanner.Error {
		m.errs.WithLabelValues("object_error").Inc()
	}
	for _, f := range r.Findings {
		m.findings.WithLabelValues(f.Type, f.Severity.String()).Add(float64(f.Count))
	}
}

// ErrorKind names the kind of a task error, for dredge_errors_total.
func ErrorKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, queue.ErrPayload):
		return "payload"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	var se *scanner.S3Error
	if errors.As(err, &se) {
		switch scanner.KindOf(err) {
		case scanner.S3Transient:
			return "s3_transient"
		case scanner.S3Denied:
			return "s3_denied"
		case scanner.S3Gone:
			return "s3_gone"
		}
		return "s3_other"
	}
	if strings.Contains(err.Error(), "result") || strings.Contains(err.Error(), "store") {
		return "store"
	}
	return "other"
}

// busy: queue's errBusy (another task holds the object's lock) is retried
// quickly and is not a failure.
func busy(err error) bool {
	return err != nil && strings.Contains(err.Error(), "being scanned by another task")
}

// TaskMiddleware times every task and counts its errors by kind. Give it
// to queue.Worker.Middleware.
func (m *Metrics) TaskMiddleware(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		sc := &scanCtx{}
		err := next.ProcessTask(context.WithValue(ctx, scanKey{}, sc), t)
		d := time.Since(start).Seconds()
		outcome := "ok"
		switch {
		case busy(err):
			outcome = "busy"
		case err != nil:
			outcome = "error"
			m.errs.WithLabelValues(ErrorKind(err)).Inc()
		}
		m.taskDur.WithLabelValues(t.Type(), outcome).Observe(d)
		if t.Type() == queue.TypeScan && sc.stored {
			m.scanDur.Observe(d)
		}
		return err
	})
}

type scanKey struct{}

// scanCtx marks a task that stored a result (set by the store wrapper).
type scanCtx struct{ stored bool }

// WrapStore counts every result the worker stores.
func (m *Metrics) WrapStore(s results.Store) results.Store {
	return &countingStore{Store: s, m: m}
}

type countingStore struct {
	results.Store
	m *Metrics
}

func (c *countingStore) Put(ctx context.Context, r *results.Record) (bool, error) {
	wrote, err := c.Store.Put(ctx, r)
	if err != nil {
		return wrote, err
	}
	c.m.ObserveRecord(r)
	if sc, ok := ctx.Value(scanKey{}).(*scanCtx); ok {
		sc.stored = true
	}
	return wrote, nil
}

// Bucket and Prefix pass the results store's own location through, so
// the worker still leaves its own results out (queue's excluder).
func (c *countingStore) Bucket() string {
	if e, ok := c.Store.(interface{ Bucket() string }); ok {
		return e.Bucket()
	}
	return ""
}

func (c *countingStore) Prefix() string {
	if e, ok := c.Store.(interface{ Prefix() string }); ok {
		return e.Prefix()
	}
	return ""
}

// Unwrap returns the wrapped store.
func (c *countingStore) Unwrap() results.Store { return c.Store }
