package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// Worker runs dredge's task handlers.
type Worker struct {
	Redis   redis.UniversalClient
	Source  *scanner.S3Source
	Scanner *scanner.Scanner
	Store   results.Store
	// Classifier is the classifier version that goes into scan ids.
	Classifier string
	// Concurrency is how many tasks run at once (default: CPUs).
	Concurrency int
	// Queues and their weights (default DefaultQueues); StrictPriority
	// always drains higher queues first.
	Queues         map[string]int
	StrictPriority bool
	// MaxRetry is how often a failing task is retried before it is
	// archived (default 12). RetryBase and RetryMax bound the
	// exponential backoff (defaults 2s, 10m).
	MaxRetry  int
	RetryBase time.Duration
	RetryMax  time.Duration
	// ShutdownTimeout is how long SIGTERM waits for running tasks
	// before they are handed back to the queue (default 30s).
	ShutdownTimeout time.Duration
	// TaskCheckInterval is how long an idle worker waits between looks
	// at its empty queues (default 100ms; it sleeps 0.5-1.5 times this).
	// It bounds how long a new task (an S3 event) waits for an idle
	// worker: asynq's own default, 1s, alone put an event's p99 latency
	// above a second. Each look is one Lua script in Redis.
	TaskCheckInterval time.Duration
	// PageSize is the listing page of a sweep task (default 1000).
	PageSize int
	// Remediate enqueues a TypeRemediate task after each scan with
	// findings.
	Remediate bool
	// Handlers adds handlers for other task types (posture, remediate).
	Handlers map[string]asynq.Handler
	// Middleware wraps every handler (metrics: task durations, errors).
	Middleware []asynq.MiddlewareFunc
	// Logger (default slog.Default()).
	Logger *slog.Logger

	client    *asynq.Client
	inspector *asynq.Inspector
	agg       *Aggregates
}

func (w *Worker) init() {
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
	if w.client == nil {
		w.client = asynq.NewClientFromRedisClient(w.Redis)
		w.inspector = asynq.NewInspectorFromRedisClient(w.Redis)
		w.agg = &Aggregates{R: w.Redis}
	}
	if w.MaxRetry == 0 {
		w.MaxRetry = 12
	}
	if w.RetryBase == 0 {
		w.RetryBase = 2 * time.Second
	}
	if w.RetryMax == 0 {
		w.RetryMax = 10 * time.Minute
	}
	if w.ShutdownTimeout == 0 {
		w.ShutdownTimeout = 30 * time.Second
	}
	if w.TaskCheckInterval == 0 {
		w.TaskCheckInterval = DefaultTaskCheckInterval
	}
}

// Mux returns the handlers by task type.
func (w *Worker) Mux() *asynq.ServeMux {
	w.init()
	mux := asynq.NewServeMux()
	mux.Use(w.Middleware...)
	mux.HandleFunc(TypeScan, w.handleScan)
	mux.HandleFunc(TypeSweep, w.handleSweep)
	mux.HandleFunc(TypeRemove, w.handleRemove)
	for t, h := range w.Handlers {
		mux.Handle(t, h)
	}
	return mux
}

// DefaultTaskCheckInterval is Worker.TaskCheckInterval's default.
const DefaultTaskCheckInterval = 100 * time.Millisecond

// errBusy: another task holds the object's lock; retried soon, and not
// counted as a failure.
var errBusy = errors.New("object is being scanned by another task")

// RetryDelay is exponential backoff with jitter: base·2^n, capped, ±25%.
func (w *Worker) RetryDelay(n int, err error, _ *asynq.Task) time.Duration {
	w.init()
	if errors.Is(err, errBusy) {
		return time.Second + rand.N(2*time.Second)
	}
	if errors.Is(err, asynq.ErrLeaseExpired) {
		return time.Second // its worker died: run it again now
	}
	d := w.RetryBase << min(n, 30)
	if d <= 0 || d > w.RetryMax {
		d = w.RetryMax
	}
	return d*3/4 + rand.N(d/2+1)
}

// Server returns an asynq server for w.
func (w *Worker) Server() *asynq.Server {
	w.init()
	queues := w.Queues
	if len(queues) == 0 {
		queues = DefaultQueues
	}
	return asynq.NewServerFromRedisClient(w.Redis, asynq.Config{
		Concurrency:     w.Concurrency,
		Queues:          queues,
		StrictPriority:  w.StrictPriority,
		RetryDelayFunc:  w.RetryDelay,
		IsFailure:       func(err error) bool { return !errors.Is(err, errBusy) },
		ShutdownTimeout: w.ShutdownTimeout,
		// An idle worker looks at its queues this often.
		TaskCheckInterval: w.TaskCheckInterval,
		Logger:            asynqLogger{w.Logger},
		LogLevel:          asynq.WarnLevel,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			if errors.Is(err, errBusy) {
				return
			}
			id, _ := asynq.GetTaskID(ctx)
			n, _ := asynq.GetRetryCount(ctx)
			w.Logger.Warn("task failed", "type", t.Type(), "id", id, "retried", n, "err", err)
		}),
	})
}

// Run serves tasks until ctx ends, then drains: no new task starts, and
// running ones get ShutdownTimeout to finish before they go back to
// their queue.
func (w *Worker) Run(ctx context.Context) error {
	srv := w.Server()
	if err := srv.Start(w.Mux()); err != nil {
		return err
	}
	<-ctx.Done()
	srv.Shutdown()
	return nil
}

// Close releases the worker's clients (not the Redis client).
func (w *Worker) Close() {
	if w.client != nil {
		w.client.Close()
		w.inspector.Close()
	}
}

// lastAttempt reports whether a failure now archives the task.
func lastAttempt(ctx context.Context) bool {
	n, ok1 := asynq.GetRetryCount(ctx)
	m, ok2 := asynq.GetMaxRetry(ctx)
	return ok1 && ok2 && n >= m
}

func (w *Worker) handleScan(ctx context.Context, t *asynq.Task) error {
	var p ScanPayload
	if err := Decode(t.Payload(), &p); err != nil {
		return err
	}
	if p.Bucket == "" || p.Key == "" {
		return fmt.Errorf("%w: no bucket or key: %w", ErrPayload, asynq.SkipRetry)
	}
	if e, ok := w.Store.(excluder); ok && p.Bucket == e.Bucket() && strings.HasPrefix(p.Key, e.Prefix()) {
		return nil // our own results (an event on the results bucket): never scanned
	}
	taskID, _ := asynq.GetTaskID(ctx)
	qname, _ := asynq.GetQueueName(ctx)
	owner := qname + "/" + taskID
	obj := scanner.S3Object{Bucket: p.Bucket, Key: p.Key, ETag: scanner.TrimETag(p.ETag), VersionID: p.VersionID,
		Size: p.Size, StorageClass: p.StorageClass, LastModified: p.LastModified}
	if obj.Identity() == "" {
		st, err := w.Source.Stat(ctx, p.Bucket, p.Key, p.VersionID)
		if err != nil {
			return w.scanFailed(ctx, &p, obj, err)
		}
		obj = st
	}
	scanID := results.ScanID(p.Bucket, p.Key, obj.Identity(), w.Classifier)
	if !p.Force {
		done, err := w.agg.Unchanged(ctx, p.Bucket, p.Key, scanID, p.Sweep)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
	release, ok, err := w.agg.Hold(ctx, p.Bucket, p.Key, owner, lockTTL)
	if err != nil {
		return err
	}
	if !ok {
		return errBusy
	}
	defer release()
	unstored := false
	if !p.Force {
		// Scanned while we waited for the lock?
		done, recorded, err := w.agg.ScanState(ctx, p.Bucket, p.Key, scanID, p.Sweep)
		if err != nil || done {
			return err
		}
		// Never recorded (and we hold its lock): no result to compare
		// with, so the results store need not look for one.
		unstored = !recorded
	}
	res, got, err := w.Source.ScanObject(ctx, w.Scanner, obj)
	if err != nil {
		return w.scanFailed(ctx, &p, obj, err)
	}
	rec := &results.Record{Result: res, Bucket: p.Bucket, Key: p.Key, Sweep: p.Sweep, StorageClass: obj.StorageClass, Unstored: unstored,
		SSE: got.SSE, SSEKMSKeyID: got.SSEKMSKeyID}
	if !obj.LastModified.IsZero() {
		rec.LastModified = obj.LastModified.UTC().Format(time.RFC3339)
	}
	if err := w.record(ctx, rec, obj); err != nil {
		if !lastAttempt(ctx) || ctx.Err() != nil {
			return err
		}
		// Out of retries and the result can't be stored: count the
		// object as failed so its sweep can finish, and archive the task.
		n, _ := asynq.GetRetryCount(ctx)
		failed := &results.Record{Bucket: p.Bucket, Key: p.Key, Sweep: p.Sweep, ScanID: rec.ScanID,
			Result: scanner.Result{Object: obj.Name(), ETag: rec.ETag, Version: rec.Version, Size: rec.Size, Status: scanner.Error,
				Reason: fmt.Sprintf("gave up after %d attempts: storing the result: %v", n+1, err), Findings: []scanner.Finding{}}}
		if _, aerr := w.agg.Apply(ctx, failed); aerr != nil {
			return err
		}
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return nil
}

// record stores a result and counts it.
func (w *Worker) record(ctx context.Context, rec *results.Record, obj scanner.S3Object) error {
	identity := rec.ETag
	if identity == "" {
		identity = rec.Version
	}
	if identity == "" {
		identity = obj.Identity()
	}
	rec.ScanID = results.ScanID(rec.Bucket, rec.Key, identity, w.Classifier)
	rec.Classifier = w.Classifier
	rec.ScannedAt = time.Now().UTC().Format(time.RFC3339)
	if rec.Findings == nil {
		rec.Findings = []scanner.Finding{}
	}
	if _, err := w.Store.Put(ctx, rec); err != nil {
		return err
	}
	changed, err := w.agg.Apply(ctx, rec)
	if err != nil {
		return err
	}
	if changed && w.Remediate && rec.Count() > 0 {
		counts := map[string]int{}
		for _, f := range rec.Findings {
			counts[f.Type] = f.Count
		}
		payload, err := Encode(&RemediatePayload{Bucket: rec.Bucket, Key: rec.Key, ETag: rec.ETag, VersionID: rec.Version,
			ScanID: rec.ScanID, Sweep: rec.Sweep, Severity: rec.Severity.String(), Counts: counts, Result: w.Store.Location()})
		if err != nil {
			return err
		}
		_, err = w.client.EnqueueContext(ctx, asynq.NewTask(TypeRemediate, payload),
			asynq.Queue(QueueEvents), asynq.TaskID("remediate:"+rec.ScanID), asynq.MaxRetry(w.MaxRetry))
		if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) {
			return err
		}
	}
	return nil
}

// scanFailed decides what an error that kept a result from being made
// means: a gone object is forgotten; a transient error is retried, and
// recorded as an error result once the retries are used up.
func (w *Worker) scanFailed(ctx context.Context, p *ScanPayload, obj scanner.S3Object, err error) error {
	if errors.Is(err, scanner.ErrGone) || scanner.KindOf(err) == scanner.S3Gone {
		if _, rerr := w.agg.Remove(ctx, p.Bucket, p.Key, p.VersionID, p.Sweep); rerr != nil {
			return rerr
		}
		if rerr := w.Store.Delete(ctx, p.Bucket, p.Key); rerr != nil {
			w.Logger.Warn("object gone; its stored result could not be removed yet", "bucket", p.Bucket, "err", rerr)
			return rerr
		}
		return nil
	}
	kind := scanner.KindOf(err)
	if kind == scanner.S3Transient && !lastAttempt(ctx) || ctx.Err() != nil {
		return err
	}
	// Retrying can't fix it (or we are out of retries): record it.
	res := scanner.Result{Object: obj.Name(), ETag: obj.ETag, Version: obj.VersionID, Size: obj.Size,
		Status: scanner.Error, Reason: err.Error(), Findings: []scanner.Finding{}}
	if kind == scanner.S3Denied {
		res.Reason = "access denied: " + err.Error()
	}
	if kind == scanner.S3Transient {
		n, _ := asynq.GetRetryCount(ctx)
		res.Reason = fmt.Sprintf("gave up after %d attempts: %v", n+1, err)
	}
	rec := &results.Record{Result: res, Bucket: p.Bucket, Key: p.Key, Sweep: p.Sweep, StorageClass: obj.StorageClass}
	if rerr := w.record(ctx, rec, obj); rerr != nil {
		// The results store may be what is down: count the failure in
		// Redis at least, so the sweep can finish.
		rec.ScanID = results.ScanID(p.Bucket, p.Key, obj.Identity(), w.Classifier)
		if _, aerr := w.agg.Apply(ctx, rec); aerr != nil {
			return err
		}
	}
	if kind == scanner.S3Transient {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry) // archived: `dredge worker archived` lists it
	}
	return nil
}

// lockTTL is how long a dead holder keeps a per-object lock.
var lockTTL = time.Minute

// taskTimeout bounds one scan task (above the scanner's own per-object
// limit, 30 minutes by default).
var taskTimeout = 35 * time.Minute

func (w *Worker) handleRemove(ctx context.Context, t *asynq.Task) error {
	var p RemovePayload
	if err := Decode(t.Payload(), &p); err != nil {
		return err
	}
	taskID, _ := asynq.GetTaskID(ctx)
	qname, _ := asynq.GetQueueName(ctx)
	owner := qname + "/" + taskID
	release, ok, err := w.agg.Hold(ctx, p.Bucket, p.Key, owner, lockTTL)
	if err != nil {
		return err
	}
	if !ok {
		return errBusy
	}
	defer release()
	// Events arrive out of order: if the object exists (uploaded again
	// after this removal, or only a non-current version was deleted),
	// keep what is recorded; its own event or the next sweep rescans it.
	if w.Source != nil {
		cur, err := w.Source.Stat(ctx, p.Bucket, p.Key, "")
		switch {
		case err == nil && (p.VersionID == "" || cur.VersionID != p.VersionID):
			return nil
		case err == nil:
		case scanner.KindOf(err) == scanner.S3Transient:
			return err
		}
		// Gone (or we may not look): remove.
	}
	removed, err := w.agg.Remove(ctx, p.Bucket, p.Key, p.VersionID, p.Sweep)
	if err != nil {
		return err
	}
	if removed || p.VersionID == "" {
		if err := w.Store.Delete(ctx, p.Bucket, p.Key); err != nil {
			return err
		}
	}
	return nil
}

// asynqLogger sends asynq's logs to slog.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }
