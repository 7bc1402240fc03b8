package queue

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// SweepSpec describes a sweep to start.
type SweepSpec struct {
	// ID is the sweep ID; NewSweepID() when empty. Scheduled sweeps pass
	// one derived from the schedule and its fire time, so two schedulers
	// create the same sweep once.
	ID     string
	Bucket string
	Scope  Scope
	// Force rescans versions already scanned.
	Force bool
	// Queue for the sweep's tasks: QueueSweeps (default) or QueueBackfill.
	Queue string
	// Source says who started it ("cli", "schedule:<name>", ...).
	Source string
	// Posture also enqueues a TypePosture task for the bucket.
	Posture bool
}

// NewSweepID returns a new sortable sweep ID: sw-<UTC time>-<random>.
func NewSweepID() string {
	var b [4]byte
	rand.Read(b[:])
	return "sw-" + time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}

// ErrSweepExists is returned by StartSweep when the ID is taken.
var ErrSweepExists = errors.New("sweep already exists")

// StartSweep records a sweep and enqueues its first page. When a sweep
// with that ID exists it returns ErrSweepExists, after making sure the
// first page is queued if its starter died before doing so.
func StartSweep(ctx context.Context, rdb redis.UniversalClient, spec SweepSpec) (string, error) {
	if spec.Bucket == "" {
		return "", errors.New("sweep: no bucket")
	}
	if err := spec.Scope.Validate(); err != nil {
		return "", fmt.Errorf("sweep scope: %w", err)
	}
	if spec.ID == "" {
		spec.ID = NewSweepID()
	}
	switch spec.Queue {
	case "":
		spec.Queue = QueueSweeps
	case QueueSweeps, QueueBackfill, QueueEvents:
	default:
		return "", fmt.Errorf("sweep: unknown queue %q", spec.Queue)
	}
	scope, err := json.Marshal(spec.Scope)
	if err != nil {
		return "", err
	}
	now := time.Now().UTC()
	force := "0"
	if spec.Force {
		force = "1"
	}
	// The sweep's bucket by id (Sweep looks its keys up with it), before
	// the sweep exists: whatever lists the sweep can find it.
	if ok, err := rdb.HSetNX(ctx, sweepBucketsKey, spec.ID, spec.Bucket).Result(); err != nil {
		return "", fmt.Errorf("starting sweep %s: %w", spec.ID, err)
	} else if !ok {
		b, err := rdb.HGet(ctx, sweepBucketsKey, spec.ID).Result()
		if err != nil {
			return "", fmt.Errorf("starting sweep %s: %w", spec.ID, err)
		}
		if b != spec.Bucket {
			return spec.ID, fmt.Errorf("%w: %s (of bucket %s)", ErrSweepExists, spec.ID, b)
		}
	}
	sk := newSweepKeys(spec.Bucket, spec.ID)
	created, err := rdb.HSetNX(ctx, sk.main, "id", spec.ID).Result()
	if err != nil {
		return "", fmt.Errorf("starting sweep %s: %w", spec.ID, err)
	}
	var exists error
	if !created {
		exists = fmt.Errorf("%w: %s", ErrSweepExists, spec.ID)
		// Another starter got here first. If it did not get as far as
		// queueing the first page (it crashed), finish its job: the
		// spec is the same, the task ID dedupes.
		m, err := rdb.HMGet(ctx, sk.main, "bucket", "state").Result()
		if err != nil {
			return "", fmt.Errorf("starting sweep %s: %w", spec.ID, err)
		}
		if m[0] != nil && m[1] != nil && m[1] != "queued" {
			return spec.ID, exists
		}
	}
	{
		// One key, so one slot: a transaction on Redis Cluster too.
		pipe := rdb.TxPipeline()
		pipe.HSetNX(ctx, sk.main, "created_at", now.Format(time.RFC3339Nano))
		pipe.HSetNX(ctx, sk.main, "state", "queued")
		pipe.HSet(ctx, sk.main, "bucket", spec.Bucket, "scope", string(scope), "force", force,
			"queue", spec.Queue, "source", spec.Source)
		if _, err := pipe.Exec(ctx); err != nil {
			return "", fmt.Errorf("starting sweep %s: %w", spec.ID, err)
		}
	}
	// The list of sweeps is global (its own slot); a starter that dies
	// before this leaves the sweep "queued", and the retry adds it.
	if err := rdb.ZAddNX(ctx, sweepsKey, redis.Z{Score: float64(now.UnixNano()) / 1e9, Member: spec.ID}).Err(); err != nil {
		return "", fmt.Errorf("listing sweep %s: %w", spec.ID, err)
	}
	cl := asynq.NewClientFromRedisClient(rdb)
	defer cl.Close()
	payload, err := Encode(&SweepPayload{Sweep: spec.ID, Bucket: spec.Bucket, Scope: spec.Scope, Force: spec.Force, Queue: spec.Queue})
	if err != nil {
		return "", err
	}
	if _, err := cl.EnqueueContext(ctx, asynq.NewTask(TypeSweep, payload), asynq.Queue(spec.Queue),
		asynq.TaskID(SweepTaskID(spec.ID, 0)), asynq.MaxRetry(25), asynq.Timeout(15*time.Minute)); err != nil &&
		!errors.Is(err, asynq.ErrTaskIDConflict) {
		return "", err
	}
	if spec.Posture {
		pp, err := Encode(&PosturePayload{Bucket: spec.Bucket, Sweep: spec.ID})
		if err != nil {
			return "", err
		}
		if _, err := cl.EnqueueContext(ctx, asynq.NewTask(TypePosture, pp), asynq.Queue(spec.Queue),
			asynq.TaskID("posture:"+spec.ID)); err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) {
			return "", err
		}
	}
	return spec.ID, exists
}

// excluder leaves the results bucket's own records out of sweeps.
type excluder interface {
	Bucket() string
	Prefix() string
}

// scopeMatch applies the listing-level scope filters (everything but
// tags): it reports whether the object is in scope.
func scopeMatch(sc *Scope, sweep string, o scanner.S3Object) bool {
	if !strings.HasPrefix(o.Key, sc.Prefix) {
		return false
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(o.Key), "."))
	if len(sc.IncludeExt) > 0 && !containsFold(sc.IncludeExt, ext) {
		return false
	}
	if len(sc.ExcludeExt) > 0 && containsFold(sc.ExcludeExt, ext) {
		return false
	}
	if sc.MinSize > 0 && o.Size < sc.MinSize || sc.MaxSize > 0 && o.Size > sc.MaxSize {
		return false
	}
	if !sc.ModifiedAfter.IsZero() && o.LastModified.Before(sc.ModifiedAfter) {
		return false
	}
	if !sc.ModifiedBefore.IsZero() && !o.LastModified.Before(sc.ModifiedBefore) {
		return false
	}
	if p := sc.SamplePercent; p > 0 && p < 100 {
		// Deterministic per sweep and key: a retried page samples the
		// same objects.
		h := shortHash(sweep, o.Key)
		b, _ := hex.DecodeString(h[:16])
		if float64(binary.BigEndian.Uint64(b)%1_000_000) >= p*10_000 {
			return false
		}
	}
	return true
}

func containsFold(list []string, ext string) bool {
	for _, e := range list {
		if strings.EqualFold(strings.TrimPrefix(e, "."), ext) {
			return true
		}
	}
	return false
}

// tagsMatch applies the tag filters.
func tagsMatch(sc *Scope, tags map[string]string) bool {
	has := func(t string) bool {
		k, v, withValue := strings.Cut(t, "=")
		got, ok := tags[k]
		return ok && (!withValue || got == v)
	}
	if len(sc.Tags) > 0 {
		any := false
		for _, t := range sc.Tags {
			if has(t) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	for _, t := range sc.ExcludeTags {
		if has(t) {
			return false
		}
	}
	return true
}

// handleSweep lists one page, enqueues its scans, counts the page once
// and enqueues the next page. Every step is safe to repeat: a retried
// page re-enqueues nothing twice (task IDs) and counts nothing twice
// (the page is counted by pageScript once).
func (w *Worker) handleSweep(ctx context.Context, t *asynq.Task) error {
	var p SweepPayload
	if err := Decode(t.Payload(), &p); err != nil {
		return err
	}
	sk, err := w.agg.sweepKeys(ctx, p.Bucket, p.Sweep)
	if err != nil {
		return err
	}
	// Already counted (a retry after a crash)? Go straight to the next
	// page.
	next, err := w.Redis.HGet(ctx, sk.pages, strconv.Itoa(p.Page)).Result()
	if err == nil {
		st, err := w.Redis.HGet(ctx, sk.main, "listing_done").Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		if st == "1" {
			return nil
		}
		return w.enqueueNextPage(ctx, &p, next)
	} else if !errors.Is(err, redis.Nil) {
		return err
	}
	if n, err := w.Redis.Exists(ctx, sk.main).Result(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("sweep %s: %w: %w", p.Sweep, ErrNoSweep, asynq.SkipRetry)
	}
	var objs []scanner.S3Object
	seen := 0
	last, more, err := w.Source.List(ctx, p.Bucket, scanner.S3ListOptions{
		Prefix: p.Scope.Prefix, StartAfter: p.After, Limit: w.pageSize(), PageSize: w.pageSize(),
	}, func(o scanner.S3Object) error {
		seen++
		objs = append(objs, o)
		return nil
	})
	if err != nil {
		if scanner.KindOf(err) == scanner.S3Gone || scanner.KindOf(err) == scanner.S3Denied {
			w.Redis.HSet(ctx, sk.main, "error", err.Error())
			return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
		}
		return err
	}
	c := pageCounts{seen: int64(seen)}
	// Scope.
	var excl excluder
	if e, ok := w.Store.(excluder); ok && e.Bucket() == p.Bucket {
		excl = e
	}
	inScope := make([]bool, len(objs))
	for i, o := range objs {
		inScope[i] = scopeMatch(&p.Scope, p.Sweep, o) && (excl == nil || !strings.HasPrefix(o.Key, excl.Prefix()))
	}
	if len(p.Scope.Tags) > 0 || len(p.Scope.ExcludeTags) > 0 {
		if err := w.filterTags(ctx, &p.Scope, objs, inScope); err != nil {
			return err
		}
	}
	var keep []scanner.S3Object
	for i, o := range objs {
		if inScope[i] {
			keep = append(keep, o)
		} else {
			c.excluded++
		}
	}
	c.matched = int64(len(keep))
	// Already scanned?
	keys := make([]string, len(keep))
	for i, o := range keep {
		keys[i] = o.Key
	}
	ids, sweeps, errs, err := w.agg.Recorded(ctx, p.Bucket, keys)
	if err != nil {
		return err
	}
	var todo []scanner.S3Object
	for i, o := range keep {
		id := results.ScanID(p.Bucket, o.Key, o.Identity(), w.Classifier)
		switch {
		case ids[i] == id && sweeps[i] == p.Sweep:
			c.queued++ // ours, counted when it was scanned (a retried page)
		case ids[i] == id && !p.Force && !errs[i]:
			c.unchangedListed++
		default:
			todo = append(todo, o)
		}
	}
	q, dup, err := w.enqueueScans(ctx, &p, todo)
	if err != nil {
		return err
	}
	c.queued += q
	c.duplicate += dup
	if !more {
		last = ""
	}
	args := []any{p.Page, last, boolStr(more), nowString(), ttlSeconds(),
		"seen", c.seen, "matched", c.matched, "excluded", c.excluded, "queued", c.queued,
		"unchanged_listed", c.unchangedListed, "duplicate", c.duplicate}
	if _, err := pageScript.Run(ctx, w.Redis, []string{sk.main, sk.pages}, args...).Result(); err != nil {
		return fmt.Errorf("counting page %d of sweep %s: %w", p.Page, p.Sweep, err)
	}
	if !more {
		return nil
	}
	return w.enqueueNextPage(ctx, &p, last)
}

type pageCounts struct {
	seen, matched, excluded, queued, unchangedListed, duplicate int64
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func (w *Worker) pageSize() int {
	if w.PageSize > 0 {
		return w.PageSize
	}
	return 1000
}

func (w *Worker) enqueueNextPage(ctx context.Context, p *SweepPayload, after string) error {
	np := *p
	np.Page, np.After = p.Page+1, after
	payload, err := Encode(&np)
	if err != nil {
		return err
	}
	_, err = w.client.EnqueueContext(ctx, asynq.NewTask(TypeSweep, payload), asynq.Queue(p.Queue),
		asynq.TaskID(SweepTaskID(p.Sweep, np.Page)), asynq.MaxRetry(25), asynq.Timeout(15*time.Minute))
	if err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) {
		return err
	}
	return nil
}

// filterTags fetches tags (16 at a time) for objects still in scope.
func (w *Worker) filterTags(ctx context.Context, sc *Scope, objs []scanner.S3Object, inScope []bool) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, 16)
	)
	for i := range objs {
		if !inScope[i] {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			tags, err := w.Source.Tags(ctx, objs[i])
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				inScope[i] = tagsMatch(sc, tags)
			case scanner.KindOf(err) == scanner.S3Gone:
				inScope[i] = false
			case first == nil:
				first = err
			}
		}()
	}
	wg.Wait()
	return first
}

// enqueueScans queues one scan per object (16 at a time). An object
// whose scan is already queued counts as ours when that task belongs to
// this sweep (a retried page) and as a duplicate otherwise.
func (w *Worker) enqueueScans(ctx context.Context, p *SweepPayload, objs []scanner.S3Object) (queued, dup int64, err error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, 16)
	)
	for _, o := range objs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			mine, err := w.enqueueScan(ctx, p, o)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				if first == nil {
					first = err
				}
			case mine:
				queued++
			default:
				dup++
			}
		}()
	}
	wg.Wait()
	return queued, dup, first
}

func (w *Worker) enqueueScan(ctx context.Context, p *SweepPayload, o scanner.S3Object) (mine bool, err error) {
	payload, err := Encode(&ScanPayload{Bucket: p.Bucket, Key: o.Key, ETag: o.ETag, VersionID: o.VersionID, Size: o.Size,
		StorageClass: o.StorageClass, LastModified: o.LastModified, Sweep: p.Sweep, Source: "sweep", Force: p.Force})
	if err != nil {
		return false, err
	}
	scanID := results.ScanID(p.Bucket, o.Key, o.Identity(), w.Classifier)
	id := ScanTaskID(scanID, p.Force, p.Sweep)
	for range 3 {
		_, err = w.client.EnqueueContext(ctx, asynq.NewTask(TypeScan, payload), asynq.Queue(p.Queue), asynq.TaskID(id),
			asynq.MaxRetry(w.MaxRetry), asynq.Timeout(taskTimeout))
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, asynq.ErrTaskIDConflict) {
			return false, err
		}
		info, ierr := w.inspector.GetTaskInfo(p.Queue, id)
		if errors.Is(ierr, asynq.ErrTaskNotFound) {
			continue // finished meanwhile: enqueue again
		}
		if ierr != nil {
			return false, ierr
		}
		if info.State == asynq.TaskStateArchived || info.State == asynq.TaskStateCompleted {
			// A dead task of an earlier run: replace it.
			if derr := w.inspector.DeleteTask(p.Queue, id); derr != nil && !errors.Is(derr, asynq.ErrTaskNotFound) {
				return false, derr
			}
			continue
		}
		var other ScanPayload
		if Decode(info.Payload, &other) == nil && other.Sweep == p.Sweep {
			return true, nil
		}
		return false, nil
	}
	return false, fmt.Errorf("enqueueing the scan of s3://%s/%s: %w", p.Bucket, o.Key, err)
}
