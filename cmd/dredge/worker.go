package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// fleetFlags are the flags every fleet command shares.
type fleetFlags struct {
	redis   string
	results string
	config  string
}

func (f *fleetFlags) addRedis(cmd *cobra.Command) {
	def := os.Getenv("DREDGE_REDIS_ADDR")
	if def == "" {
		def = "127.0.0.1:6379"
	}
	cmd.Flags().StringVar(&f.redis, "redis", def, "Redis address (host:port or redis://[:password@]host:port/db); env DREDGE_REDIS_ADDR")
}

func (f *fleetFlags) addResults(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.results, "results", os.Getenv("DREDGE_RESULTS"),
		"results store: s3://bucket[/prefix] or a folder; env DREDGE_RESULTS")
}

func (f *fleetFlags) addConfig(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.config, "config", os.Getenv("DREDGE_CONFIG"), "YAML config (custom identifiers, allow lists, schedules); env DREDGE_CONFIG")
}

// redisLog sends go-redis's own messages (reconnects, ...) to slog at
// debug level instead of standard error.
type redisLog struct{}

func (redisLog) Printf(ctx context.Context, format string, v ...any) {
	slog.Debug(fmt.Sprintf(format, v...), "component", "redis")
}

// openRedis connects and pings Redis: the deployment the config selects
// (redis.mode: standalone at addr, sentinel or cluster; see service.go).
func openRedis(ctx context.Context, addr string) (redis.UniversalClient, error) {
	redis.SetLogger(redisLog{})
	return newRedisClient(ctx, addr)
}

// loadEngine builds the scanner from the config, and the classifier
// version that goes into scan ids: the classifiers' version, plus a hash
// of whatever in the config changes what is found.
func loadEngine(path string) (*scanner.Scanner, string, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, "", &exitError{exitUsage, err}
	}
	eng, err := cfg.Engine()
	if err != nil {
		return nil, "", &exitError{exitUsage, err}
	}
	version := classifierVersion(cfg)
	return scanner.New(eng, scanner.Options{Classifier: version}), version, nil
}

func classifierVersion(cfg *config.Config) string {
	if len(cfg.Identifiers) == 0 && len(cfg.Allow.Values) == 0 && len(cfg.Allow.Regexes) == 0 &&
		len(cfg.Disabled) == 0 && cfg.MinConfidence == "" {
		return classifiers.Version
	}
	// Custom identifiers minus what does not change matching.
	var custom []map[string]any
	b, _ := json.Marshal(cfg.Identifiers)
	json.Unmarshal(b, &custom)
	for _, c := range custom {
		delete(c, "Compliance")
		delete(c, "Description")
	}
	b, _ = json.Marshal(map[string]any{"custom": custom, "allow": cfg.Allow, "disabled": cfg.Disabled, "min": cfg.MinConfidence})
	sum := sha256.Sum256(b)
	return classifiers.Version + "+" + hex.EncodeToString(sum[:4])
}

func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

func newWorkerCmd() *cobra.Command {
	var (
		ff              fleetFlags
		concurrency     int
		queues          string
		strict          bool
		maxRetry        int
		retryBase       time.Duration
		retryMax        time.Duration
		shutdownTimeout time.Duration
		remediate       bool
		metricsListen   string
	)
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run a worker: scan objects from the queue (Redis) and store results",
		Long: `Run a worker of the fleet. It takes tasks from Redis (queues by priority:
events > sweeps > backfill), streams objects from S3/MinIO, scans them and
stores each object result in the results store, keeping per-sweep and
per-bucket aggregates in Redis. Run any number of workers on any number of
machines.

Failed tasks are retried with exponential backoff; errors retrying can't fix
(access denied, object gone) are recorded, not retried. Tasks that run out
of retries are archived: list them with 'dredge worker archived'.
SIGTERM drains: no new task starts, running ones get --shutdown-timeout to
finish, then go back to the queue.

Object store: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE (~/.aws/credentials and
~/.aws/config), MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, or an instance role.`,
		Example: "  DREDGE_RESULTS=s3://dredge-results dredge worker --concurrency 8",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			qs, err := parseQueues(queues)
			if err != nil {
				return usageErr("--queues: %v", err)
			}
			sc, version, err := loadEngine(ff.config)
			if err != nil {
				return err
			}
			rdb, err := openRedis(ctx, ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			s3cfg := scanner.S3ConfigFromEnv()
			src, err := scanner.NewS3Source(s3cfg)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			store, err := results.Open(ctx, ff.results, s3cfg)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			// --metrics-listen: the worker's own /metrics (http.go).
			workerStore, mw := results.Store(store), []asynq.MiddlewareFunc(nil)
			if metricsListen != "" {
				m, stopMetrics, err := workerMetrics(ctx, cmd, metricsListen, rdb)
				if err != nil {
					return err
				}
				defer stopMetrics()
				workerStore, mw = m.WrapStore(store), []asynq.MiddlewareFunc{m.TaskMiddleware}
			}
			w := &queue.Worker{
				Redis: rdb, Source: src, Scanner: sc, Store: workerStore, Classifier: version, Middleware: mw,
				Concurrency: concurrency, Queues: qs, StrictPriority: strict,
				MaxRetry: maxRetry, RetryBase: retryBase, RetryMax: retryMax,
				ShutdownTimeout: shutdownTimeout, Remediate: remediate, Logger: slog.Default(),
				Handlers: fleetHandlers(ctx, ff.config, ff.results, s3cfg, store, rdb), // posture + remediate tasks (cmd/dredge/remediate.go)
			}
			defer w.Close()
			slog.Info("worker started", "concurrency", concurrency, "results", store.Location(), "classifier", version)
			fmt.Fprintf(cmd.ErrOrStderr(), "dredge worker: %d at once, results in %s; SIGTERM drains\n", concurrency, store.Location())
			if err := w.Run(ctx); err != nil {
				return &exitError{exitUsage, err}
			}
			return nil
		},
	}
	ff.addRedis(cmd)
	ff.addResults(cmd)
	ff.addConfig(cmd)
	fl := cmd.Flags()
	fl.IntVar(&concurrency, "concurrency", runtime.NumCPU(), "tasks run at once")
	fl.StringVar(&queues, "queues", "events=6,sweeps=3,backfill=1", "queues and their weights")
	fl.BoolVar(&strict, "strict-priority", false, "always drain higher-priority queues first")
	fl.IntVar(&maxRetry, "max-retry", 12, "retries of a failing task before it is archived")
	fl.DurationVar(&retryBase, "retry-base", 2*time.Second, "first retry delay (doubles each time)")
	fl.DurationVar(&retryMax, "retry-max", 10*time.Minute, "longest retry delay")
	fl.DurationVar(&shutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGTERM, time given to running tasks")
	fl.BoolVar(&remediate, "remediate", false, "enqueue a remediation task after each scan with findings")
	fl.StringVar(&metricsListen, "metrics-listen", "", "serve this worker's /metrics (and /healthz) on this address, behind the API tokens")
	cmd.AddCommand(newArchivedCmd(), newQueuesCmd())
	return cmd
}

func parseQueues(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 1 || name == "" {
			return nil, fmt.Errorf("%q: want name=weight", part)
		}
		out[name] = n
	}
	return out, nil
}

func newArchivedCmd() *cobra.Command {
	var (
		ff     fleetFlags
		qnames []string
		limit  int
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "archived",
		Short: "List archived tasks: tasks that ran out of retries or can't be retried",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rdb, err := openRedis(cmd.Context(), ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			tasks, err := queue.ListArchived(rdb, qnames, limit)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			return printArchived(cmd.OutOrStdout(), tasks, asJSON)
		},
	}
	ff.addRedis(cmd)
	cmd.Flags().StringSliceVar(&qnames, "queue", nil, "only these queues (default: events, sweeps, backfill)")
	cmd.Flags().IntVar(&limit, "limit", 1000, "at most this many per queue")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printArchived(w io.Writer, tasks []queue.ArchivedTask, asJSON bool) error {
	if asJSON {
		if tasks == nil {
			tasks = []queue.ArchivedTask{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(tasks)
	}
	if len(tasks) == 0 {
		fmt.Fprintln(w, "no archived tasks")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "QUEUE\tTYPE\tOBJECT\tSWEEP\tRETRIED\tFAILED AT\tLAST ERROR")
	for _, t := range tasks {
		obj := ""
		if t.Bucket != "" {
			obj = "s3://" + t.Bucket + "/" + t.Key
		}
		at := ""
		if !t.FailedAt.IsZero() {
			at = t.FailedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", t.Queue, t.Type, obj, t.Sweep, t.Retried, at, oneLineText(t.LastErr, 120))
	}
	return tw.Flush()
}

func newQueuesCmd() *cobra.Command {
	var ff fleetFlags
	cmd := &cobra.Command{
		Use:   "queues",
		Short: "Show task counts per queue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			rdb, err := openRedis(cmd.Context(), ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			stats, err := queue.Stats(rdb)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "QUEUE\tPENDING\tACTIVE\tSCHEDULED\tRETRY\tARCHIVED")
			for _, s := range stats {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\n", s.Queue, s.Pending, s.Active, s.Scheduled, s.Retry, s.Archived)
			}
			return tw.Flush()
		},
	}
	ff.addRedis(cmd)
	return cmd
}

func oneLineText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n-1] + "…"
	}
	return s
}
