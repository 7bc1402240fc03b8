package queue_test

// Fleet benchmarks (docs/BENCHMARKS.md, "Fleet (issue: worker fleet)").
// They start real Redis and MinIO servers (internal/testenv; skipped when
// the binaries are missing) and run only with -bench, never in `go test
// ./...`:
//
//	go test ./queue/ -run '^$' -bench BenchmarkFleetThroughput -benchtime 1x -timeout 60m
//	go test ./queue/ -run '^$' -bench BenchmarkEventLatency -benchtime 1x -timeout 30m
//	go test ./queue/ -run '^$' -bench BenchmarkSweepMemory -benchtime 1x -timeout 120m
//
// Environment: DREDGE_BENCH_ROUNDS (throughput rounds, default 3),
// DREDGE_BENCH_CONCURRENCY (slots per worker, default 8),
// DREDGE_BENCH_SMALL (objects of 4 KiB, default 10000), DREDGE_BENCH_LARGE
// (objects of 16 MiB, default 100), DREDGE_BENCH_SWEEP_SIZES (default
// "20000,200000"), DREDGE_BENCH_EVENT_RATE (uploads/s, default 20) and
// DREDGE_BENCH_EVENT_SECONDS (default 60); DREDGE_BENCH_MODES picks the
// throughput runs ("raw;workers=1;workers=2;workers=2,engine=2-identifiers").
// DREDGE_BENCH_LINK_MBIT puts the throughput runs' MinIO behind a network
// link of that many megabits per second (fleetbench.LinkProcess): raw
// downloads and workers read through it, uploads do not.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/notification"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/internal/benchtext"
	"github.com/dredge-dev/dredge/internal/fleetbench"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchFleet is Redis (AOF, fsync every second: the production setting)
// and MinIO for one benchmark.
type benchFleet struct {
	b     *testing.B
	redis *testenv.Redis
	minio *testenv.MinIO
	rdb   *redis.Client
	plain *minio.Client // uninstrumented, direct: uploads
	// link, when not nil, stands between MinIO and the readers (raw
	// downloads, workers); reads is a client through it, or plain.
	link  *fleetbench.LinkProcess
	reads *minio.Client
	// lastResults is the results folder of the last sweep (memory).
	lastResults string
}

func newBenchFleet(b *testing.B, mopts ...testenv.MinIOOption) *benchFleet {
	b.Helper()
	f := &benchFleet{b: b}
	f.redis = testenv.StartRedis(b, testenv.WithAOF(), testenv.WithRedisArgs("--appendfsync", "everysec"))
	f.minio = testenv.StartMinIO(b, append([]testenv.MinIOOption{testenv.WithoutKMS()}, mopts...)...)
	f.rdb = redis.NewClient(&redis.Options{Addr: f.redis.Addr, PoolSize: 64})
	b.Cleanup(func() { f.rdb.Close() })
	f.plain = f.clientOf(f.minio.Endpoint, nil)
	f.reads = f.plain
	if mbit := envInt("DREDGE_BENCH_LINK_MBIT", 0); mbit > 0 {
		link, err := fleetbench.StartLinkProcess(f.minio.Endpoint, mbit*1e6/8)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { link.Close() })
		f.link = link
		f.reads = f.client(nil)
	}
	return f
}

// client returns a MinIO client for readers (through the link, if any)
// whose transport is the one dredge uses, wrapped by wrap when not nil.
func (f *benchFleet) client(wrap func(http.RoundTripper) http.RoundTripper) *minio.Client {
	if f.link != nil {
		return f.clientOf(f.link.Addr(), wrap)
	}
	return f.clientOf(f.minio.Endpoint, wrap)
}

// clientOf returns a MinIO client of endpoint whose transport has
// scanner.NewS3Client's settings, wrapped by wrap when not nil.
func (f *benchFleet) clientOf(endpoint string, wrap func(http.RoundTripper) http.RoundTripper) *minio.Client {
	var tr http.RoundTripper = &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	if wrap != nil {
		tr = wrap(tr)
	}
	cl, err := minio.New(endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(f.minio.AccessKey, f.minio.SecretKey, ""), Region: f.minio.Region, Transport: tr,
	})
	if err != nil {
		f.b.Fatal(err)
	}
	return cl
}

func (f *benchFleet) makeBucket(name string) {
	f.b.Helper()
	if err := f.plain.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		f.b.Fatal(err)
	}
}

// putAll uploads n objects made by gen, conc at a time.
func (f *benchFleet) putAll(bucket string, n, conc int, key func(int) string, gen func(int) []byte) {
	f.b.Helper()
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		first atomic.Pointer[error]
	)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || first.Load() != nil {
					return
				}
				data := gen(i)
				var err error
				for try := 0; try < 5; try++ {
					_, err = f.plain.PutObject(context.Background(), bucket, key(i), bytes.NewReader(data), int64(len(data)),
						minio.PutObjectOptions{ContentType: "text/plain", DisableContentSha256: true})
					if err == nil {
						break
					}
					time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
				}
				if err != nil {
					first.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if p := first.Load(); p != nil {
		f.b.Fatalf("upload: %v", *p)
	}
}

// benchScanner is the scanner `dredge worker` runs with no config: every
// managed identifier.
var benchScanner = sync.OnceValue(func() *scanner.Scanner { return benchScannerOf() })

// minimalScanner has two identifiers (US_SSN, EMAIL_ADDRESS): the fleet
// with a cheap engine, to see the fleet's own limits.
var minimalScanner = sync.OnceValue(func() *scanner.Scanner { return benchScannerOf("US_SSN", "EMAIL_ADDRESS") })

func benchScannerOf(only ...string) *scanner.Scanner {
	cfg := &config.Config{FingerprintKey: "dredge-bench-fingerprint-key"}
	ids, err := cfg.AllIdentifiers()
	if err != nil {
		panic(err)
	}
	if len(only) > 0 {
		keep := ids[:0]
		for _, id := range ids {
			if slices.Contains(only, id.ID) {
				keep = append(keep, id)
			}
		}
		ids = keep
	}
	opts, err := cfg.EngineOptions()
	if err != nil {
		panic(err)
	}
	eng, err := classifiers.NewEngine(ids, opts)
	if err != nil {
		panic(err)
	}
	return scanner.New(eng, scanner.Options{Classifier: classifiers.Version})
}

// fleetRun is one timed sweep by a fleet of in-process workers.
type fleetRun struct {
	objects   int
	bytes     int64
	wall      time.Duration
	breakdown fleetbench.Breakdown
	cpu       map[string]time.Duration
	findings  int64
	load      string
}

func (r fleetRun) objPerSec() float64 { return float64(r.objects) / r.wall.Seconds() }
func (r fleetRun) mbPerSec() float64  { return float64(r.bytes) / 1e6 / r.wall.Seconds() }

// sweepWithWorkers flushes Redis, starts n workers of conc slots, sweeps
// bucket and waits for the sweep to complete. Results go to a fresh
// prefix of the results bucket (no result exists yet: every write is a
// first write).
func (f *benchFleet) sweepWithWorkers(bucket string, n, conc, round int, wantObjects int, sc *scanner.Scanner) fleetRun {
	b := f.b
	b.Helper()
	ctx := context.Background()
	if err := f.rdb.FlushAll(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	st := fleetbench.NewStages(resultsBucket)
	var stops []func()
	for i := range n {
		rdb := redis.NewClient(&redis.Options{Addr: f.redis.Addr, PoolSize: 4 * conc})
		rdb.AddHook(st.RedisHook())
		cl := f.client(st.Transport)
		store, err := results.NewBucketStore(ctx, cl, resultsBucket, fmt.Sprintf("bench-%s-w%d-r%d-%d", bucket, n, round, time.Now().UnixNano()))
		if err != nil {
			b.Fatal(err)
		}
		w := &queue.Worker{
			Redis: rdb, Source: &scanner.S3Source{Client: cl}, Scanner: sc,
			Store: &fleetbench.Store{BucketStore: store, S: st}, Classifier: classifiers.Version,
			Concurrency: conc, Logger: quietLogger(), Middleware: []asynq.MiddlewareFunc{st.Middleware},
		}
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := w.Run(wctx); err != nil {
				b.Errorf("worker %d: %v", i, err)
			}
		}()
		stops = append(stops, func() { cancel(); <-done; w.Close(); rdb.Close() })
	}
	defer func() {
		for _, s := range stops {
			s()
		}
	}()
	time.Sleep(2 * time.Second) // workers up and polling
	st.Reset()
	pids := map[string]int{"minio": f.minio.PID(), "redis": f.redis.PID(), "bench process (workers)": os.Getpid()}
	if f.link != nil {
		pids["link"] = f.link.PID()
	}
	cpuSince := fleetbench.StartCPU(pids)
	load := fleetbench.LoadAvg()
	agg := &queue.Aggregates{R: f.rdb}
	start := time.Now()
	id, err := queue.StartSweep(ctx, f.rdb, queue.SweepSpec{Bucket: bucket, Source: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	var s *queue.SweepStatus
	deadline := start.Add(30 * time.Minute)
	for {
		s, err = agg.Sweep(ctx, id)
		if err == nil && s.State == "complete" {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("sweep not complete after 30 minutes: %+v", s)
		}
		time.Sleep(10 * time.Millisecond)
	}
	wall := time.Since(start)
	cpu := cpuSince()
	// The last handlers return just after recording their objects.
	for t0 := time.Now(); st.Count("scan:handler") < int64(wantObjects) && time.Since(t0) < 5*time.Second; {
		time.Sleep(5 * time.Millisecond)
	}
	if s.Complete != int64(wantObjects) || s.Failed != 0 {
		b.Fatalf("sweep: %d complete, %d failed, want %d complete: %+v", s.Complete, s.Failed, wantObjects, s)
	}
	return fleetRun{objects: wantObjects, bytes: s.Bytes, wall: wall, breakdown: st.Breakdown(), cpu: cpu,
		findings: s.Findings, load: load}
}

// rawDownload lists bucket and GETs every object, conc at a time,
// discarding the bytes: the limit a fleet could reach.
func (f *benchFleet) rawDownload(bucket string, conc int) fleetRun {
	ctx := context.Background()
	load := fleetbench.LoadAvg()
	pids := map[string]int{"minio": f.minio.PID(), "bench process (downloader)": os.Getpid()}
	if f.link != nil {
		pids["link"] = f.link.PID()
	}
	cpuSince := fleetbench.StartCPU(pids)
	start := time.Now()
	keys := make(chan string, 1000)
	var (
		wg    sync.WaitGroup
		total atomic.Int64
		n     atomic.Int64
		first atomic.Pointer[error]
	)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for k := range keys {
				obj, err := f.reads.GetObject(ctx, bucket, k, minio.GetObjectOptions{})
				if err == nil {
					var m int64
					m, err = io.CopyBuffer(io.Discard, struct{ io.Reader }{obj}, buf)
					obj.Close()
					total.Add(m)
					n.Add(1)
				}
				if err != nil {
					first.CompareAndSwap(nil, &err)
				}
			}
		}()
	}
	for o := range f.reads.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			f.b.Fatal(o.Err)
		}
		keys <- o.Key
	}
	close(keys)
	wg.Wait()
	wall := time.Since(start)
	if p := first.Load(); p != nil {
		f.b.Fatalf("raw download: %v", *p)
	}
	cpu := cpuSince()
	return fleetRun{objects: int(n.Load()), bytes: total.Load(), wall: wall, load: load, cpu: cpu}
}

func formatCPU(cpu map[string]time.Duration, wall time.Duration) string {
	var parts []string
	for _, k := range []string{"bench process (workers)", "bench process (downloader)", "minio", "redis", "link"} {
		if d, ok := cpu[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1fs (%.0f%% of a core)", k, d.Seconds(), 100*d.Seconds()/wall.Seconds()))
		}
	}
	return strings.Join(parts, ", ")
}

// BenchmarkFleetThroughput sweeps (a) 10,000 objects of 4 KiB and (b) 100
// objects of 16 MiB with 1 and 2 workers, and downloads the same objects
// with minio-go alone (raw), in rounds: raw, 1 worker, 2 workers.
func BenchmarkFleetThroughput(b *testing.B) {
	rounds := envInt("DREDGE_BENCH_ROUNDS", 3)
	conc := envInt("DREDGE_BENCH_CONCURRENCY", 8)
	sets := []struct {
		name, bucket string
		n, size, up  int
	}{
		{"4KiB", "small", envInt("DREDGE_BENCH_SMALL", 10000), 4 << 10, 32},
		{"16MiB", "large", envInt("DREDGE_BENCH_LARGE", 100), 16 << 20, 4},
	}
	f := newBenchFleet(b)
	f.makeBucket(resultsBucket)
	var base [4][]byte
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			f.b = b
			f.makeBucket(set.bucket)
			if set.size > 1<<20 && base[0] == nil {
				for i := range base {
					base[i] = benchtext.Generate(set.size, uint64(i+1))[:set.size]
				}
			}
			upStart := time.Now()
			f.putAll(set.bucket, set.n, set.up, func(i int) string { return fmt.Sprintf("obj-%06d.txt", i) }, func(i int) []byte {
				var data []byte
				if set.size > 1<<20 {
					data = bytes.Clone(base[i%len(base)])
				} else {
					data = benchtext.Generate(set.size, uint64(i+1))[:set.size]
				}
				copy(data, fmt.Sprintf("object %06d\n", i)) // each object its own ETag
				return data
			})
			fmt.Printf("fleet %s: uploaded %d objects in %s\n", set.name, set.n, time.Since(upStart).Round(time.Millisecond))
			type sample struct{ obj, mb []float64 }
			samples := map[string]*sample{}
			order := []string{"raw", "workers=1", "workers=2"}
			if set.size > 1<<20 {
				order = append(order, "workers=2,engine=2-identifiers")
			}
			if m := os.Getenv("DREDGE_BENCH_MODES"); m != "" { // e.g. "raw,workers=1"
				order = strings.Split(m, ";")
			}
			for _, k := range order {
				samples[k] = &sample{}
			}
			for round := 1; round <= rounds; round++ {
				for _, mode := range order {
					var r fleetRun
					b.Run(mode, func(b *testing.B) {
						f.b = b
						for range b.N {
							if mode == "raw" {
								r = f.rawDownload(set.bucket, conc)
							} else {
								workers, engine, _ := strings.Cut(strings.TrimPrefix(mode, "workers="), ",")
								n, _ := strconv.Atoi(workers)
								sc := benchScanner()
								if engine != "" {
									sc = minimalScanner()
								}
								r = f.sweepWithWorkers(set.bucket, n, conc, round, set.n, sc)
							}
						}
						b.ReportMetric(r.objPerSec(), "objects/s")
						b.ReportMetric(r.mbPerSec(), "MB/s")
						if mode != "raw" {
							b.ReportMetric(r.breakdown.QueueShare(), "queue-%")
							// Comparable with the engine's MB/cpu-s: what the
							// fleet adds per byte shows as the difference.
							if c := r.cpu["bench process (workers)"]; c > 0 {
								b.ReportMetric(float64(r.bytes)/1e6/c.Seconds(), "MB/worker-cpu-s")
							}
						}
					})
					if r.wall == 0 {
						continue
					}
					samples[mode].obj = append(samples[mode].obj, r.objPerSec())
					samples[mode].mb = append(samples[mode].mb, r.mbPerSec())
					fmt.Printf("fleet %s round %d %s: %d objects, %.1f MB in %s: %.1f objects/s, %.1f MB/s (load %s)\n  cpu: %s\n",
						set.name, round, mode, r.objects, float64(r.bytes)/1e6, r.wall.Round(time.Millisecond), r.objPerSec(), r.mbPerSec(),
						r.load, formatCPU(r.cpu, r.wall))
					if mode != "raw" {
						fmt.Printf("  findings %d; where the slots' time went (%s of busy slot time):\n%s", r.findings,
							r.breakdown.Total.Round(time.Millisecond), r.breakdown.Format(r.objects))
					}
				}
			}
			raw := 0.0
			if s := samples["raw"]; s != nil {
				raw = fleetbench.Median(s.mb)
			}
			for _, mode := range order {
				s := samples[mode]
				fmt.Printf("fleet %s median of %d: %-10s %8.1f objects/s %8.1f MB/s", set.name, len(s.obj), mode,
					fleetbench.Median(s.obj), fleetbench.Median(s.mb))
				if raw > 0 {
					fmt.Printf("  (%.0f%% of raw)", 100*fleetbench.Median(s.mb)/raw)
				}
				fmt.Println()
			}
		})
	}
}

// dredgeBinary builds cmd/dredge once per benchmark process (removed by
// TestMain through removeBenchBinary).
var dredgeBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "dredge-bench-bin-")
	if err != nil {
		return "", err
	}
	benchBinDir.Store(&dir)
	bin := filepath.Join(dir, "dredge")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/dredge-dev/dredge/cmd/dredge").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

var benchBinDir atomic.Pointer[string]

// removeBenchBinary removes the dredge binary built for benchmarks.
func removeBenchBinary() {
	if d := benchBinDir.Load(); d != nil {
		os.RemoveAll(*d)
	}
}

func (f *benchFleet) dredgeEnv() []string {
	return append(os.Environ(),
		"DREDGE_REDIS_ADDR="+f.redis.Addr,
		"AWS_ENDPOINT_URL="+f.minio.URL(),
		"AWS_ACCESS_KEY_ID="+f.minio.AccessKey,
		"AWS_SECRET_ACCESS_KEY="+f.minio.SecretKey,
		"AWS_REGION="+f.minio.Region,
		"AWS_EC2_METADATA_DISABLED=true",
		"DREDGE_FINGERPRINT_KEY=dredge-bench-fingerprint-key",
	)
}

// startDredge runs `dredge args...` until the benchmark ends (SIGTERM).
func (f *benchFleet) startDredge(name string, args ...string) *exec.Cmd {
	b := f.b
	b.Helper()
	bin, err := dredgeBinary()
	if err != nil {
		b.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(b.TempDir(), name+".log"))
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = f.dredgeEnv()
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stopProcess(cmd)
		logf.Close()
		if b.Failed() {
			data, _ := os.ReadFile(logf.Name())
			if len(data) > 4000 {
				data = data[len(data)-4000:]
			}
			b.Logf("%s log:\n%s", name, data)
		}
	})
	return cmd
}

// stopProcess sends SIGTERM and waits (SIGKILL after 30 s).
func stopProcess(cmd *exec.Cmd) {
	if cmd.ProcessState != nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

func maxRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

// BenchmarkEventLatency uploads DREDGE_BENCH_EVENT_RATE objects a second
// (4 KiB) for DREDGE_BENCH_EVENT_SECONDS to a bucket whose MinIO webhook
// posts to `dredge serve`; a `dredge worker` scans them into a results
// bucket. Latency: from PutObject's return to the result document's
// creation, as a second MinIO webhook (on the results bucket, to this
// process) reports it; that delivery is included, so the figures are
// upper bounds.
func BenchmarkEventLatency(b *testing.B) {
	rate := envInt("DREDGE_BENCH_EVENT_RATE", 20)
	secs := envInt("DREDGE_BENCH_EVENT_SECONDS", 60)
	conc := envInt("DREDGE_BENCH_CONCURRENCY", 8)
	const token = "dredge-bench-token"
	if _, err := dredgeBinary(); err != nil {
		b.Fatal(err)
	}
	port := testenv.FreePort(b)
	listen := fmt.Sprintf("127.0.0.1:%d", port)
	f := &benchFleet{b: b}
	f.redis = testenv.StartRedis(b, testenv.WithAOF(), testenv.WithRedisArgs("--appendfsync", "everysec"))
	// dredge serve first: MinIO checks its webhook target when it starts.
	// Serve needs only Redis for the events (its object store settings are
	// placeholders: its readiness probe is not used here).
	serve := f.startServe(token, listen)
	// The probe: a second webhook, on the results bucket, to this
	// process: when each result document is created.
	var probe atomic.Pointer[func([]queue.ObjectEvent)]
	pln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	psrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if evs, err := queue.ParseEvents(body); err == nil {
			if fn := probe.Load(); fn != nil {
				(*fn)(evs)
			}
		}
		w.WriteHeader(http.StatusOK)
	})}
	go psrv.Serve(pln)
	b.Cleanup(func() { psrv.Close() })
	f.minio = testenv.StartMinIO(b, testenv.WithoutKMS(),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENABLE_DREDGE", "on"),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENDPOINT_DREDGE", "http://"+listen+"/events/s3"),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_DREDGE", token),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENABLE_PROBE", "on"),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENDPOINT_PROBE", "http://"+pln.Addr().String()+"/"))
	f.rdb = redis.NewClient(&redis.Options{Addr: f.redis.Addr})
	b.Cleanup(func() { f.rdb.Close() })
	f.plain = f.client(nil)
	ctx := context.Background()
	f.makeBucket("uploads")
	f.makeBucket(resultsBucket)
	for _, n := range []struct{ bucket, target, prefix string }{{"uploads", "DREDGE", ""}, {resultsBucket, "PROBE", "results/uploads/"}} {
		cfg := notification.Configuration{}
		q := notification.NewConfig(notification.NewArn("minio", "sqs", "", n.target, "webhook"))
		q.AddEvents(notification.ObjectCreatedAll)
		if n.prefix != "" {
			q.AddFilterPrefix(n.prefix)
		}
		cfg.AddQueue(q)
		if err := f.plain.SetBucketNotification(ctx, n.bucket, cfg); err != nil {
			b.Fatal(err)
		}
	}
	worker := f.startDredge("worker", "worker", "--concurrency", strconv.Itoa(conc), "--results", "s3://"+resultsBucket)

	// Result documents, as they are created: MinIO posts them to probe.
	var (
		mu      sync.Mutex
		stored  = map[string]time.Time{}
		putDone = map[string]time.Time{}
	)
	record := func(evs []queue.ObjectEvent) {
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		for _, ev := range evs {
			if ev.Kind != "created" || ev.Bucket != resultsBucket {
				continue
			}
			k := strings.TrimSuffix(strings.TrimPrefix(ev.Key, "results/uploads/"), ".json")
			if _, ok := stored[k]; !ok {
				stored[k] = now
			}
		}
	}
	probe.Store(&record)
	// Warm up: one object end to end (the worker is up, the webhook
	// target online).
	put := func(key string) error {
		data := benchtext.Generate(4096, uint64(len(key))*7919+uint64(time.Now().UnixNano()))[:4096]
		_, err := f.plain.PutObject(ctx, "uploads", key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{ContentType: "text/plain"})
		return err
	}
	for i := 0; ; i++ {
		key := fmt.Sprintf("warmup-%d.txt", i)
		if err := put(key); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		got := false
		for time.Now().Before(deadline) && !got {
			mu.Lock()
			_, got = stored[key]
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
		if got {
			break
		}
		if i > 12 {
			stats, _ := queue.Stats(f.rdb)
			_, serr := f.plain.StatObject(ctx, resultsBucket, "results/uploads/"+key+".json", minio.StatObjectOptions{})
			b.Fatalf("no result for a warm-up upload after a minute (queues %+v; result stat: %v)", stats, serr)
		}
	}
	time.Sleep(2 * time.Second)
	total := rate * secs
	load := fleetbench.LoadAvg()
	cpuSince := fleetbench.StartCPU(map[string]int{"minio": f.minio.PID(), "redis": f.redis.PID(),
		"worker": worker.Process.Pid, "serve": serve.Process.Pid})
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	var putErrs atomic.Int64
	tick := time.NewTicker(time.Second / time.Duration(rate))
	for i := 0; i < total; i++ {
		if i > 0 {
			<-tick.C
		}
		key := fmt.Sprintf("ev/%06d.txt", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := put(key); err != nil {
				putErrs.Add(1)
				return
			}
			now := time.Now()
			mu.Lock()
			putDone[key] = now
			mu.Unlock()
		}()
	}
	tick.Stop()
	wg.Wait()
	sent := time.Since(start)
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := 0
		for k := range putDone {
			if _, ok := stored[k]; ok {
				n++
			}
		}
		mu.Unlock()
		if n == len(putDone) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.StopTimer()
	wall := time.Since(start)
	cpu := cpuSince()
	mu.Lock()
	var lat []time.Duration
	missing := 0
	for k, t := range putDone {
		s, ok := stored[k]
		if !ok {
			missing++
			continue
		}
		lat = append(lat, s.Sub(t))
	}
	mu.Unlock()
	if putErrs.Load() > 0 || missing > 0 {
		b.Errorf("%d uploads failed, %d results missing", putErrs.Load(), missing)
	}
	p50, p90, p99, pmax := fleetbench.Percentile(lat, 50), fleetbench.Percentile(lat, 90), fleetbench.Percentile(lat, 99), fleetbench.Percentile(lat, 100)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	fmt.Printf("events: %d uploads at %d/s (sent in %s), %d results: p50 %s, p90 %s, p99 %s, max %s (load %s)\n",
		total, rate, sent.Round(time.Millisecond), len(lat), p50.Round(time.Millisecond), p90.Round(time.Millisecond),
		p99.Round(time.Millisecond), pmax.Round(time.Millisecond), load)
	fmt.Printf("  cpu over %s: worker %.1fs, serve %.1fs, minio %.1fs, redis %.1fs\n", wall.Round(time.Second),
		cpu["worker"].Seconds(), cpu["serve"].Seconds(), cpu["minio"].Seconds(), cpu["redis"].Seconds())
}

// startServe runs `dredge serve` (Redis only so far) and waits for
// /livez.
func (f *benchFleet) startServe(token, listen string) *exec.Cmd {
	b := f.b
	bin, err := dredgeBinary()
	if err != nil {
		b.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(b.TempDir(), "serve.log"))
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--token", token, "--listen", listen)
	cmd.Env = append(os.Environ(), "DREDGE_REDIS_ADDR="+f.redis.Addr, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_ENDPOINT_URL=http://127.0.0.1:1", "AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=y", "AWS_REGION=us-east-1")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stopProcess(cmd)
		logf.Close()
		if b.Failed() {
			data, _ := os.ReadFile(logf.Name())
			b.Logf("serve log:\n%s", data)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + listen + "/livez")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			data, _ := os.ReadFile(logf.Name())
			b.Fatalf("dredge serve did not start: %v\n%s", err, data)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// BenchmarkSweepMemory creates buckets of 1-byte objects (20,000 and
// 200,000 by default) and sweeps each with a fresh `dredge worker`
// process (it lists, enqueues and scans) started by `dredge sweep
// --wait`; then an incremental sweep of the same bucket with another
// fresh worker (it lists and finds every object unchanged). It reports
// the peak RSS of each process (getrusage ru_maxrss, as /usr/bin/time -v
// shows it).
func BenchmarkSweepMemory(b *testing.B) {
	var sizes []int
	for _, s := range strings.Split(envOr("DREDGE_BENCH_SWEEP_SIZES", "20000,200000"), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			b.Fatalf("DREDGE_BENCH_SWEEP_SIZES: %q", s)
		}
		sizes = append(sizes, n)
	}
	conc := envInt("DREDGE_BENCH_CONCURRENCY", 8)
	if _, err := dredgeBinary(); err != nil {
		b.Fatal(err)
	}
	f := newBenchFleet(b)
	for _, n := range sizes {
		b.Run(fmt.Sprintf("objects=%d", n), func(b *testing.B) {
			f.b = b
			bucket := fmt.Sprintf("tiny-%d", n)
			f.makeBucket(bucket)
			upStart := time.Now()
			one := []byte{'x'}
			f.putAll(bucket, n, 64, func(i int) string { return fmt.Sprintf("d%03d/obj-%07d.txt", i%100, i) }, func(int) []byte { return one })
			fmt.Printf("sweep memory: %d objects uploaded in %s\n", n, time.Since(upStart).Round(time.Second))
			for _, pass := range []string{"first", "incremental"} {
				if pass == "first" {
					if err := f.rdb.FlushAll(context.Background()).Err(); err != nil {
						b.Fatal(err)
					}
				}
				resultsDir := filepath.Join(b.TempDir(), "results")
				if pass == "incremental" {
					resultsDir = f.lastResults
				}
				f.lastResults = resultsDir
				load := fleetbench.LoadAvg()
				worker := f.startDredge("worker-"+pass, "worker", "--concurrency", strconv.Itoa(conc), "--results", resultsDir)
				bin, _ := dredgeBinary()
				sweep := exec.Command(bin, "sweep", "s3://"+bucket, "--wait", "--json", "--interval", "2s")
				sweep.Env = f.dredgeEnv()
				var out, errb bytes.Buffer
				sweep.Stdout, sweep.Stderr = &out, &errb
				start := time.Now()
				var peak atomic.Int64
				stopPoll := make(chan struct{})
				polled := make(chan struct{})
				go func() { // the worker's VmHWM, while it runs
					defer close(polled)
					for {
						if v := fleetbench.Status(worker.Process.Pid, "VmHWM"); v > peak.Load() {
							peak.Store(v)
						}
						select {
						case <-stopPoll:
							return
						case <-time.After(500 * time.Millisecond):
						}
					}
				}()
				if err := sweep.Run(); err != nil {
					b.Fatalf("dredge sweep: %v\n%s\n%s", err, out.String(), errb.String())
				}
				wall := time.Since(start)
				close(stopPoll)
				<-polled
				stopProcess(worker)
				workerRSS := max(peak.Load(), maxRSS(worker.ProcessState))
				var st queue.SweepStatus
				if err := json.Unmarshal(out.Bytes()[bytes.IndexByte(out.Bytes(), '{'):], &st); err != nil {
					b.Fatalf("sweep output: %v\n%s", err, out.String())
				}
				if st.Seen != int64(n) || st.Failed != 0 {
					b.Fatalf("sweep: seen %d, failed %d, want %d seen", st.Seen, st.Failed, n)
				}
				b.ReportMetric(float64(workerRSS)/(1<<20), pass+"-worker-MiB")
				b.ReportMetric(float64(maxRSS(sweep.ProcessState))/(1<<20), pass+"-sweep-MiB")
				fmt.Printf("sweep memory: %d objects, %s sweep (%d scanned, %d unchanged) in %s: worker peak RSS %.1f MiB, `dredge sweep --wait` peak RSS %.1f MiB (load %s)\n",
					n, pass, st.Complete, st.UnchangedListed, wall.Round(time.Second), float64(workerRSS)/(1<<20),
					float64(maxRSS(sweep.ProcessState))/(1<<20), load)
			}
		})
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
