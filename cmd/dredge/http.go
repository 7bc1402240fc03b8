package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/httpapi"
	"github.com/dredge-dev/dredge/metrics"
	"github.com/dredge-dev/dredge/scanner"
)

// serveFlags are dredge serve's flags for the HTTP surface (httpapi).
type serveFlags struct {
	apiTokens   []string
	tlsCert     string
	tlsKey      string
	eventsRate  float64
	eventsBurst int
	noMonitor   bool
	monReadOnly bool
}

func (f *serveFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringSliceVar(&f.apiTokens, "api-token", nil, "bearer token for /metrics, /api/ and /monitoring (repeatable); env DREDGE_API_TOKENS; default: the events token")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "PEM certificate: serve HTTPS (with --tls-key)")
	fl.StringVar(&f.tlsKey, "tls-key", "", "PEM private key of --tls-cert")
	fl.Float64Var(&f.eventsRate, "events-rate", 200, "requests per second accepted on /events/s3 (429 above; 0: no limit)")
	fl.IntVar(&f.eventsBurst, "events-burst", 400, "burst of requests above --events-rate")
	fl.BoolVar(&f.noMonitor, "no-monitoring", false, "do not serve the asynqmon web UI under /monitoring")
	fl.BoolVar(&f.monReadOnly, "monitoring-read-only", false, "asynqmon in view-only mode")
}

type httpSetup struct {
	rdb         redis.UniversalClient
	redisAddr   string
	results     string
	events      http.Handler
	eventsToken string
	listen      string
	maxBody     int64
	flags       serveFlags
}

// apiTokens: the flag's (or the config's / DREDGE_API_TOKENS), else the
// events token.
func apiTokens(ctx context.Context, flagged []string, eventsToken string) []string {
	var out []string
	for _, t := range flagged {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		out = append(out, serviceConfig(ctx).Server.APITokens...)
	}
	if len(out) == 0 && eventsToken != "" {
		out = []string{eventsToken}
	}
	return out
}

// objectStoreCheck is the readiness check of the object store: the
// results bucket when results live in one, else the endpoint itself. A
// store that answers (even "access denied" or "no such bucket") is
// reachable; a network error or a 5xx is not.
func objectStoreCheck(results string) (httpapi.Check, error) {
	cl, err := scanner.NewS3Client(scanner.S3ConfigFromEnv())
	if err != nil {
		return httpapi.Check{}, err
	}
	bucket := "dredge-readiness-probe"
	if scanner.IsS3URL(results) {
		if b, _, err := scanner.ParseS3URL(results); err == nil {
			bucket = b
		}
	}
	return httpapi.Check{Name: "object_store", Check: func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		_, err := cl.BucketExists(ctx, bucket)
		if err == nil {
			return nil
		}
		var er minio.ErrorResponse
		if errors.As(err, &er) && er.StatusCode > 0 && er.StatusCode < 500 {
			return nil
		}
		return err
	}}, nil
}

// runHTTP serves dredge serve's handler until ctx ends.
func runHTTP(ctx context.Context, cmd *cobra.Command, s httpSetup) error {
	tokens := apiTokens(cmd.Context(), s.flags.apiTokens, s.eventsToken)
	connOpt, _, err := redisConnOpt(cmd.Context(), s.redisAddr)
	if err != nil {
		return err
	}
	var ready []httpapi.Check
	if s.results == "" || scanner.IsS3URL(s.results) {
		c, err := objectStoreCheck(s.results)
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("object store: %w", err)}
		}
		ready = append(ready, c)
	}
	api, err := httpapi.New(httpapi.Options{
		Redis: s.rdb, RedisConnOpt: connOpt, Events: s.events, Tokens: tokens, MaxBody: s.maxBody,
		EventsRate: s.flags.eventsRate, EventsBurst: s.flags.eventsBurst, Metrics: metrics.New(), Ready: ready,
		NoMonitoring: s.flags.noMonitor, MonitoringReadOnly: s.flags.monReadOnly, Logger: slog.Default(),
	})
	if err != nil {
		return &exitError{exitUsage, err}
	}
	defer api.Close()
	scheme := "http"
	if s.flags.tlsCert != "" || s.flags.tlsKey != "" {
		if s.flags.tlsCert == "" || s.flags.tlsKey == "" {
			return usageErr("--tls-cert and --tls-key: give both")
		}
		scheme = "https"
	}
	lines := []string{
		fmt.Sprintf("dredge serve: POST %s://%%s/events/s3", scheme),
		"  /metrics, /api/v1/{queues,sweeps,buckets}, /monitoring/ (token required); /livez /healthz /readyz",
	}
	ln, err := net.Listen("tcp", s.listen)
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("--listen %s: %w", s.listen, err)}
	}
	return serveHTTP(ctx, cmd.ErrOrStderr(), ln, api, s.flags.tlsCert, s.flags.tlsKey, lines)
}

// serveHTTP serves h on ln until ctx ends, then shuts down gracefully.
func serveHTTP(ctx context.Context, stderr io.Writer, ln net.Listener, h http.Handler, cert, key string, banner []string) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelDebug)}
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			ln.Close()
			return &exitError{exitUsage, fmt.Errorf("--tls-cert/--tls-key: %w", err)}
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	}
	for i, l := range banner {
		if i == 0 {
			l = fmt.Sprintf(l, ln.Addr())
		}
		fmt.Fprintln(stderr, l)
	}
	errc := make(chan error, 1)
	go func() {
		if cert != "" {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return &exitError{exitUsage, err}
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return &exitError{exitUsage, err}
	}
	return nil
}

// workerMetrics starts a worker's own /metrics (with /livez and
// /healthz) on addr, behind the API tokens. It returns the metrics to
// wire into the worker and a stop function.
func workerMetrics(ctx context.Context, cmd *cobra.Command, addr string, rdb redis.UniversalClient) (*metrics.Metrics, func(), error) {
	cfg := serviceConfig(cmd.Context())
	tokens := apiTokens(cmd.Context(), nil, cfg.Server.EventsToken)
	if len(tokens) == 0 {
		return nil, nil, usageErr("--metrics-listen: needs an API token (server.api_tokens, DREDGE_API_TOKENS or DREDGE_EVENTS_TOKEN): /metrics is never open")
	}
	m := metrics.New()
	ins := asynq.NewInspectorFromRedisClient(rdb)
	if err := m.Registry.Register(metrics.QueueCollector(ins)); err != nil {
		ins.Close()
		return nil, nil, err
	}
	h, err := httpapi.NewMetricsOnly(rdb, m, tokens, slog.Default())
	if err != nil {
		ins.Close()
		return nil, nil, &exitError{exitUsage, err}
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		cancel()
		ins.Close()
		return nil, nil, &exitError{exitUsage, fmt.Errorf("--metrics-listen %s: %w", addr, err)}
	}
	go func() {
		done <- serveHTTP(sctx, cmd.ErrOrStderr(), ln, h, "", "", []string{"dredge worker: metrics on http://%s/metrics"})
	}()
	return m, func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
		}
		ins.Close()
	}, nil
}
