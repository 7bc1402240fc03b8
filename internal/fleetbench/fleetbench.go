// Package fleetbench instruments an in-process dredge fleet for the fleet
// benchmarks (queue/fleet_bench_test.go): where a worker's time goes, task
// by task, and how much CPU each process of the fleet used.
//
// Method. Every task runs under Middleware, which gives its context a
// per-task accumulator. The S3 client's HTTP transport (Transport) and the
// Redis client's hook (RedisHook) add the wall time of each request they
// carry to the accumulator of the task whose context it is, by kind:
//
//   - S3: listing (ListObjectsV2), GET (until the response headers) and
//     the body reads of that GET (time spent inside Read), HEAD, and the
//     results bucket's HEAD/PUT;
//   - Redis: asynq's own commands (keys "asynq:*": enqueueing a scan,
//     inspecting a task) and dredge's (per-object record, lock, page
//     counts).
//
// Redis commands that run outside any task are asynq's machinery: the
// processor dequeueing and acknowledging tasks, the heartbeater extending
// leases, the forwarder, janitor and server-state writes. They are summed
// separately ("asynq, outside tasks").
//
// A scan task's "scan" time is what is left of its handler time once its
// GET, body reads, Redis calls and result write are taken out: the
// scanner's own work (decoding, matching) plus the handler's few
// allocations. A sweep task's "listing" is its ListObjectsV2 time; its
// enqueueing is its asynq Redis time. All figures are wall-clock sums over
// concurrent slots: they add up to the busy time of the worker slots, not
// to the run's wall time; their ratios say where a slot's time goes.
package fleetbench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/results"
)

// Stage names.
const (
	SweepHandler = "sweep handler" // total of sweep tasks
	ScanHandler  = "scan handler"  // total of scan tasks
	List         = "s3 list"
	Get          = "s3 get (headers)"
	Read         = "s3 get (body reads)"
	Head         = "s3 head"
	ResultsHead  = "results store head"
	ResultsPut   = "results store put"
	ResultsHTTP  = "results store other"
	OtherHTTP    = "s3 other"
	StorePut     = "result write"
	RedisAsynq   = "redis asynq (in task)"
	RedisDredge  = "redis dredge (in task)"
	AsynqOutside = "redis asynq (outside tasks)"
	DredgeOut    = "redis dredge (outside tasks)"
	RedisConn    = "redis connection setup" // HELLO, CLIENT SETINFO: not counted
)

// Stages accumulates wall time and counts by stage, and per task type.
type Stages struct {
	mu    sync.Mutex
	dur   map[string]time.Duration
	count map[string]int64
	// ResultsBucket is the results bucket (its requests are ResultsHTTP).
	ResultsBucket string
}

// NewStages returns empty accumulators.
func NewStages(resultsBucket string) *Stages {
	return &Stages{dur: map[string]time.Duration{}, count: map[string]int64{}, ResultsBucket: resultsBucket}
}

// Reset zeroes every accumulator.
func (s *Stages) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dur, s.count = map[string]time.Duration{}, map[string]int64{}
}

func (s *Stages) add(stage string, d time.Duration, n int64) {
	s.mu.Lock()
	s.dur[stage] += d
	s.count[stage] += n
	s.mu.Unlock()
}

// Dur returns the time summed for a stage.
func (s *Stages) Dur(stage string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dur[stage]
}

// Count returns how many calls a stage counted.
func (s *Stages) Count(stage string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[stage]
}

// Snapshot copies the accumulators.
func (s *Stages) Snapshot() (map[string]time.Duration, map[string]int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, c := map[string]time.Duration{}, map[string]int64{}
	for k, v := range s.dur {
		d[k] = v
	}
	for k, v := range s.count {
		c[k] = v
	}
	return d, c
}

// taskAcc is one task's accumulator; the task type prefixes its stages
// ("scan:", "sweep:").
type taskAcc struct {
	typ string
	mu  sync.Mutex
	dur map[string]time.Duration
	n   map[string]int64
}

func (a *taskAcc) add(stage string, d time.Duration) {
	a.mu.Lock()
	a.dur[stage] += d
	a.n[stage]++
	a.mu.Unlock()
}

type accKey struct{}

func accFrom(ctx context.Context) *taskAcc {
	if ctx == nil {
		return nil
	}
	a, _ := ctx.Value(accKey{}).(*taskAcc)
	return a
}

// short names the task types.
func short(typ string) string {
	return strings.TrimPrefix(typ, "dredge:")
}

// Middleware times each task and gives its context an accumulator.
func (s *Stages) Middleware(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		a := &taskAcc{typ: short(t.Type()), dur: map[string]time.Duration{}, n: map[string]int64{}}
		start := time.Now()
		err := next.ProcessTask(context.WithValue(ctx, accKey{}, a), t)
		d := time.Since(start)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.dur[a.typ+":handler"] += d
		s.count[a.typ+":handler"]++
		if err != nil {
			s.count[a.typ+":errors"]++
		}
		a.mu.Lock()
		for k, v := range a.dur {
			s.dur[a.typ+":"+k] += v
			s.count[a.typ+":"+k] += a.n[k]
		}
		a.mu.Unlock()
		return err
	})
}

// record adds d to the task of ctx, or to the stage outside tasks.
func (s *Stages) record(ctx context.Context, inTask, outside string, d time.Duration) {
	if a := accFrom(ctx); a != nil {
		a.add(inTask, d)
		return
	}
	s.add(outside, d, 1)
}

// Transport times S3 requests by kind (see the package comment).
func (s *Stages) Transport(next http.RoundTripper) http.RoundTripper {
	return &transport{s: s, next: next}
}

type transport struct {
	s    *Stages
	next http.RoundTripper
}

func (t *transport) kind(r *http.Request) string {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ := strings.Cut(path, "/")
	q := r.URL.Query()
	switch {
	case t.s.ResultsBucket != "" && bucket == t.s.ResultsBucket && r.Method == http.MethodHead:
		return ResultsHead
	case t.s.ResultsBucket != "" && bucket == t.s.ResultsBucket && r.Method == http.MethodPut:
		return ResultsPut
	case t.s.ResultsBucket != "" && bucket == t.s.ResultsBucket:
		return ResultsHTTP
	case r.Method == http.MethodGet && q.Get("list-type") == "2":
		return List
	case r.Method == http.MethodGet && key != "" && len(q) == 0 || r.Method == http.MethodGet && key != "" && q.Has("versionId"):
		return Get
	case r.Method == http.MethodHead && key != "":
		return Head
	}
	return OtherHTTP
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	kind := t.kind(r)
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	t.s.record(r.Context(), kind, "outside:"+kind, time.Since(start))
	if err == nil && kind == Get && resp.Body != nil {
		resp.Body = &timedBody{ReadCloser: resp.Body, s: t.s, ctx: r.Context()}
	}
	return resp, err
}

type timedBody struct {
	io.ReadCloser
	s   *Stages
	ctx context.Context
	d   time.Duration
}

func (b *timedBody) Read(p []byte) (int, error) {
	start := time.Now()
	n, err := b.ReadCloser.Read(p)
	b.d += time.Since(start)
	return n, err
}

func (b *timedBody) Close() error {
	if b.d > 0 {
		b.s.record(b.ctx, Read, "outside:"+Read, b.d)
		b.d = 0
	}
	return b.ReadCloser.Close()
}

// RedisHook returns a go-redis hook that times commands (see the package
// comment).
func (s *Stages) RedisHook() redis.Hook { return redisHook{s} }

type redisHook struct{ s *Stages }

func (h redisHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func isAsynq(cmd redis.Cmder) bool {
	args := cmd.Args()
	key := ""
	switch strings.ToLower(cmd.Name()) {
	case "eval", "evalsha", "eval_ro", "evalsha_ro":
		if len(args) > 3 {
			key, _ = args[3].(string)
		}
	default:
		if len(args) > 1 {
			key, _ = args[1].(string)
		}
	}
	return strings.HasPrefix(key, "asynq:")
}

// connSetup: commands go-redis sends when it opens a connection.
func connSetup(cmd redis.Cmder) bool {
	switch strings.ToLower(cmd.Name()) {
	case "hello", "client", "auth", "select":
		return true
	}
	return false
}

func (h redisHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmd)
		if connSetup(cmd) {
			h.s.add(RedisConn, time.Since(start), 1)
			return err
		}
		h.rec(ctx, isAsynq(cmd), time.Since(start))
		return err
	}
}

func (h redisHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmds)
		asy, setup := false, len(cmds) > 0
		for _, c := range cmds {
			if isAsynq(c) {
				asy = true
			}
			if !connSetup(c) {
				setup = false
			}
		}
		if setup {
			h.s.add(RedisConn, time.Since(start), 1)
			return err
		}
		h.rec(ctx, asy, time.Since(start))
		return err
	}
}

func (h redisHook) rec(ctx context.Context, asy bool, d time.Duration) {
	if asy {
		h.s.record(ctx, RedisAsynq, AsynqOutside, d)
	} else {
		h.s.record(ctx, RedisDredge, DredgeOut, d)
	}
}

// Store times Put on a results store. It keeps the results bucket's
// Bucket/Prefix (sweeps leave the results out).
type Store struct {
	*results.BucketStore
	S *Stages
}

// Put stores r, timing it as StorePut of the task.
func (st *Store) Put(ctx context.Context, r *results.Record) (bool, error) {
	start := time.Now()
	ok, err := st.BucketStore.Put(ctx, r)
	st.S.record(ctx, StorePut, "outside:"+StorePut, time.Since(start))
	return ok, err
}

// Breakdown is where the busy time of the worker slots went.
type Breakdown struct {
	Rows  []Row
	Total time.Duration
	// Queue is asynq's share: enqueueing (the sweep tasks' time less
	// listing and dredge's Redis calls) plus its Redis work outside tasks
	// (dequeue, acknowledgement, leases, housekeeping).
	Queue time.Duration
}

// Row is one stage of a Breakdown.
type Row struct {
	Stage string
	Dur   time.Duration
	Calls int64
}

// Breakdown sums the stages of a run into disjoint parts:
// listing, enqueueing, asynq outside tasks, dredge's Redis bookkeeping,
// GET, scan, result write, and the rest of the sweep handler.
func (s *Stages) Breakdown() Breakdown {
	d, c := s.Snapshot()
	rows := []Row{}
	add := func(name string, v time.Duration, n int64) {
		rows = append(rows, Row{name, v, n})
	}
	// A sweep task enqueues its scans 16 at a time: the sum of those
	// calls exceeds the time they take. Its enqueueing is the handler's
	// time less its (sequential) listing and dredge Redis calls.
	enqueue := d["sweep:handler"] - d["sweep:"+List] - d["sweep:"+RedisDredge] - d["sweep:"+OtherHTTP]
	getT := d["scan:"+Get] + d["scan:"+Read] + d["scan:"+Head]
	write := d["scan:"+StorePut]
	scanRedis := d["scan:"+RedisDredge] + d["scan:"+RedisAsynq]
	scanT := d["scan:handler"] - getT - write - scanRedis - d["scan:"+OtherHTTP]
	add("listing (ListObjectsV2)", d["sweep:"+List], c["sweep:"+List])
	add("enqueueing scans (rest of the sweep tasks)", enqueue, c["sweep:"+RedisAsynq])
	add("asynq outside tasks (dequeue, ack, leases, housekeeping)", d[AsynqOutside], c[AsynqOutside])
	add("dredge Redis in sweep tasks (recorded? page count)", d["sweep:"+RedisDredge], c["sweep:"+RedisDredge])
	add("dredge Redis in scan tasks (unchanged? lock, record, unlock)", scanRedis, c["scan:"+RedisDredge]+c["scan:"+RedisAsynq])
	add("dredge Redis outside tasks (lock keep-alive)", d[DredgeOut], c[DredgeOut])
	add("GET (headers + body reads + HEAD)", getT, c["scan:"+Get])
	add("scan (handler time less the rest)", scanT, c["scan:handler"])
	add("result write (HEAD + PUT to the results bucket)", write, c["scan:"+StorePut])
	add("  of which HEAD", d["scan:"+ResultsHead], c["scan:"+ResultsHead])
	add("  of which PUT", d["scan:"+ResultsPut], c["scan:"+ResultsPut])
	if v := d["scan:"+OtherHTTP] + d["sweep:"+OtherHTTP]; v > 0 {
		add("other S3 requests", v, c["scan:"+OtherHTTP]+c["sweep:"+OtherHTTP])
	}
	var total time.Duration
	for _, r := range rows {
		if !strings.HasPrefix(r.Stage, " ") {
			total += r.Dur
		}
	}
	return Breakdown{Rows: rows, Total: total, Queue: enqueue + d[AsynqOutside]}
}

// Format prints a breakdown, per object.
func (b Breakdown) Format(objects int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "  %-62s %10s %8s %6s\n", "stage", "per object", "calls", "share")
	for _, r := range b.Rows {
		share := 0.0
		if b.Total > 0 {
			share = 100 * float64(r.Dur) / float64(b.Total)
		}
		fmt.Fprintf(&sb, "  %-62s %10s %8d %5.1f%%\n", r.Stage, perObject(r.Dur, objects), r.Calls, share)
	}
	fmt.Fprintf(&sb, "  %-62s %10s %8s %5.1f%%\n", "queue's own (asynq) overhead", perObject(b.Queue, objects), "", b.QueueShare())
	return sb.String()
}

// QueueShare is the queue's share of the total, in percent.
func (b Breakdown) QueueShare() float64 {
	if b.Total == 0 {
		return 0
	}
	return 100 * float64(b.Queue) / float64(b.Total)
}

func perObject(d time.Duration, n int) string {
	if n == 0 {
		return "-"
	}
	us := float64(d.Microseconds()) / float64(n)
	if us >= 10000 {
		return fmt.Sprintf("%.1f ms", us/1000)
	}
	return fmt.Sprintf("%.0f us", us)
}

// StartCPU starts measuring the CPU time of processes (name -> PID); the
// function it returns gives each one's CPU time since.
func StartCPU(pids map[string]int) func() map[string]time.Duration {
	cpu0 := map[string]time.Duration{}
	for k, p := range pids {
		cpu0[k] = CPUTime(p)
	}
	return func() map[string]time.Duration {
		cpu := map[string]time.Duration{}
		for k, p := range pids {
			cpu[k] = CPUTime(p) - cpu0[k]
		}
		return cpu
	}
}

// CPUTime returns a process's user+system CPU time (/proc/PID/stat).
func CPUTime(pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ = 100 on Linux
}

// Status returns a field of /proc/PID/status in bytes (VmHWM, VmRSS).
func Status(pid int, field string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != field {
			continue
		}
		fs := strings.Fields(v)
		if len(fs) == 0 {
			return 0
		}
		n, _ := strconv.ParseInt(fs[0], 10, 64)
		return n * 1024 // kB
	}
	return 0
}

// LoadAvg returns the 1-minute load average.
func LoadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return f[0] + " " + f[1] + " " + f[2]
}

// Percentile returns the p-th percentile (0-100) of ds (nearest rank).
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := int(float64(len(s))*p/100+0.999999) - 1
	k = max(0, min(len(s)-1, k))
	return s[k]
}

// Median of xs.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
