package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/notification"
	"github.com/minio/minio-go/v7/pkg/sse"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/scanner"
)

// dredge dev: the whole fleet on one machine without Docker. It starts
// redis-server and minio (installed by scripts/install-deps.sh), then
// dredge serve, a worker and the scheduler as child processes of this
// one, creates the buckets and the MinIO webhook notification, loads
// the corpus, sweeps it, prints where to look, and waits. SIGINT/SIGTERM
// stop every child (SIGTERM, then SIGKILL after a grace period); on Linux
// the children are also killed by the kernel if this process dies.

type devFlags struct {
	dir          string
	corpus       string
	bucket       string
	redisPort    int
	s3Port       int
	consolePort  int
	servePort    int
	metricsPort  int
	workers      int
	concurrency  int
	once         bool
	sweepTimeout time.Duration
}

func newDevCmd() *cobra.Command {
	f := &devFlags{}
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run the whole fleet locally without Docker: Redis, MinIO, serve, worker, scheduler; load and sweep the corpus",
		Long: `Start a local dredge fleet on this machine, without Docker:

  redis-server (AOF on)      Debian package redis-server
  minio (KMS key for SSE, webhook notifications to dredge serve)
                             scripts/install-deps.sh installs it
  dredge serve               events, API, metrics, /monitoring (asynqmon)
  dredge worker              --workers of them, each with /metrics
  dredge schedule            a nightly sweep of the corpus bucket

then create the buckets (the corpus bucket with SSE-S3 by default and a
webhook notification to dredge serve), upload the corpus (each upload
also arrives as an event), sweep the bucket, print the findings and
where to look, and wait. Ctrl-C (SIGINT) or SIGTERM stops everything.
State (data, logs, generated secrets, dredge.yaml, env) lives in --dir;
'source DIR/env' points the CLI at the stack. Ports 0 pick free ones.`,
		Example: "  make dev\n  dredge dev --dir /tmp/dredge-dev --once",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			return runDev(ctx, f, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dir, "dir", ".dredge-dev", "state folder: data, logs, secrets, config")
	fl.StringVar(&f.corpus, "corpus", "corpus/data", "folder uploaded into the corpus bucket")
	fl.StringVar(&f.bucket, "bucket", "corpus", "bucket the corpus goes into")
	fl.IntVar(&f.redisPort, "redis-port", 6390, "Redis port (0: a free one)")
	fl.IntVar(&f.s3Port, "s3-port", 9000, "MinIO S3 API port (0: a free one)")
	fl.IntVar(&f.consolePort, "console-port", 9001, "MinIO console port (0: a free one)")
	fl.IntVar(&f.servePort, "serve-port", 8080, "dredge serve port (0: a free one)")
	fl.IntVar(&f.metricsPort, "metrics-port", 9090, "first worker's /metrics port, the next ones follow (0: free ones)")
	fl.IntVar(&f.workers, "workers", 1, "worker processes")
	fl.IntVar(&f.concurrency, "concurrency", runtime.NumCPU(), "tasks each worker runs at once")
	fl.BoolVar(&f.once, "once", false, "stop the stack after the first sweep (exit 0 when it completed)")
	fl.DurationVar(&f.sweepTimeout, "sweep-timeout", 10*time.Minute, "longest wait for the corpus sweep")
	return cmd
}

// devProc is one child of the stack.
type devProc struct {
	name string
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{}
}

type devStack struct {
	dir   string
	out   io.Writer
	procs []*devProc
}

func (s *devStack) start(name, bin string, args, env []string) (*devProc, error) {
	logPath := filepath.Join(s.dir, "logs", name+".log")
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	c := exec.Command(bin, args...)
	c.Env = env
	c.Stdout, c.Stderr = lf, lf
	c.Dir = s.dir
	c.SysProcAttr = devSysProcAttr()
	if err := c.Start(); err != nil {
		lf.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &devProc{name: name, cmd: c, log: lf, done: make(chan struct{})}
	go func() { c.Wait(); close(p.done) }()
	s.procs = append(s.procs, p)
	s.writePIDs()
	return p, nil
}

func (s *devStack) writePIDs() {
	var b strings.Builder
	for _, p := range s.procs {
		fmt.Fprintf(&b, "%s %d\n", p.name, p.cmd.Process.Pid)
	}
	os.WriteFile(filepath.Join(s.dir, "pids"), []byte(b.String()), 0o600)
}

// stopAll stops the children in reverse order: SIGTERM to each process
// group, SIGKILL after grace.
func (s *devStack) stopAll(grace time.Duration) {
	for i := len(s.procs) - 1; i >= 0; i-- {
		p := s.procs[i]
		select {
		case <-p.done:
			continue
		default:
		}
		signalGroup(p.cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(grace):
			fmt.Fprintf(s.out, "dredge dev: %s did not stop within %s: killing it\n", p.name, grace)
			signalGroup(p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.done
		}
		// Whatever the child left in its group.
		signalGroup(p.cmd.Process.Pid, syscall.SIGKILL)
		p.log.Close()
	}
	os.Remove(filepath.Join(s.dir, "pids"))
}

// exited reports a child that died on its own.
func (s *devStack) exited() *devProc {
	for _, p := range s.procs {
		select {
		case <-p.done:
			return p
		default:
		}
	}
	return nil
}

func (s *devStack) logTail(p *devProc) string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "logs", p.name+".log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// secret returns the content of DIR/name, made once with n random bytes.
func devSecret(dir, name string, n int, enc func([]byte) string) (string, error) {
	p := filepath.Join(dir, name)
	if b, err := os.ReadFile(p); err == nil && len(bytes.TrimSpace(b)) > 0 {
		return string(bytes.TrimSpace(b)), nil
	}
	raw := make([]byte, n)
	rand.Read(raw)
	v := enc(raw)
	return v, os.WriteFile(p, []byte(v+"\n"), 0o600)
}

func freeOr(port int) (int, error) {
	if port != 0 {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			return 0, fmt.Errorf("port %d is taken (give another, or 0 for a free one): %w", port, err)
		}
		l.Close()
		return port, nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// findMinIOBinary looks where scripts/install-deps.sh puts minio.
func findMinIOBinary() (string, error) {
	var cands []string
	if v := os.Getenv("DREDGE_MINIO_BIN"); v != "" {
		cands = append(cands, v)
	}
	if p, err := exec.LookPath("minio"); err == nil {
		cands = append(cands, p)
	}
	if out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output(); err == nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) > 0 && strings.TrimSpace(lines[0]) != "" {
			cands = append(cands, filepath.Join(strings.TrimSpace(lines[0]), "minio"))
		}
		if len(lines) > 1 {
			for _, gp := range filepath.SplitList(strings.TrimSpace(lines[1])) {
				cands = append(cands, filepath.Join(gp, "bin", "minio"))
			}
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		cands = append(cands, filepath.Join(home, "go", "bin", "minio"))
	}
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return c, nil
		}
	}
	return "", errors.New("minio not found (DREDGE_MINIO_BIN, PATH, $(go env GOBIN), $(go env GOPATH)/bin, ~/go/bin): run scripts/install-deps.sh")
}

func findRedisBinary() (string, error) {
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/redis-server"); err == nil {
		return "/usr/bin/redis-server", nil
	}
	return "", errors.New("redis-server not found: run scripts/install-deps.sh (Debian package redis-server)")
}

// waitFor polls check until it succeeds, the process exits, or timeout.
func waitFor(ctx context.Context, s *devStack, p *devProc, timeout time.Duration, check func() error) error {
	deadline := time.Now().Add(timeout)
	var err error
	for {
		if err = check(); err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited: %s", p.name, s.logTail(p))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s: %v\n%s", p.name, timeout, err, s.logTail(p))
		}
	}
}

func httpOK(url string) error {
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	return nil
}

// childEnv is the environment of the stack's processes: the caller's,
// minus what would point them elsewhere, plus the stack's.
func childEnv(extra ...string) []string {
	drop := []string{"AWS_", "MINIO_", "DREDGE_"}
	var env []string
	for _, kv := range os.Environ() {
		keep := true
		for _, d := range drop {
			if strings.HasPrefix(kv, d) {
				keep = false
			}
		}
		if keep {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

func runDev(ctx context.Context, f *devFlags, out io.Writer) (err error) {
	self, err := os.Executable()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	redisBin, err := findRedisBinary()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	minioBin, err := findMinIOBinary()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	corpus, err := filepath.Abs(f.corpus)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if st, err := os.Stat(corpus); err != nil || !st.IsDir() {
		return usageErr("--corpus %s: not a folder (run from the repository, or give --corpus)", f.corpus)
	}
	dir, err := filepath.Abs(f.dir)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	for _, d := range []string{"redis", "minio", "minio-certs", "logs", "webhook-queue"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return &exitError{exitUsage, err}
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "pids")); err == nil && len(b) > 0 {
		return usageErr("%s/pids exists: another dredge dev may be running on this folder (stop it, or remove the file)", f.dir)
	}
	ports := map[string]*int{"redis": &f.redisPort, "s3": &f.s3Port, "console": &f.consolePort, "serve": &f.servePort}
	for name, p := range ports {
		if *p, err = freeOr(*p); err != nil {
			return usageErr("%s: %v", name, err)
		}
	}
	metricsPorts := make([]int, f.workers)
	for i := range metricsPorts {
		want := 0
		if f.metricsPort != 0 {
			want = f.metricsPort + i
		}
		if metricsPorts[i], err = freeOr(want); err != nil {
			return usageErr("worker metrics: %v", err)
		}
	}
	// Secrets, made once per folder (MinIO's KMS key must stay the same
	// across restarts, or its encrypted objects can't be read).
	hexEnc := func(b []byte) string { return hex.EncodeToString(b) }
	minioPass, err1 := devSecret(dir, "minio-password", 16, hexEnc)
	eventsToken, err2 := devSecret(dir, "events-token", 16, hexEnc)
	apiToken, err3 := devSecret(dir, "api-token", 16, hexEnc)
	fpKey, err4 := devSecret(dir, "fingerprint-key", 32, hexEnc)
	kmsKey, err5 := devSecret(dir, "kms-key", 32, base64.StdEncoding.EncodeToString)
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		return &exitError{exitUsage, err}
	}
	const minioUser = "dredge"
	redisAddr := fmt.Sprintf("127.0.0.1:%d", f.redisPort)
	s3URL := fmt.Sprintf("http://127.0.0.1:%d", f.s3Port)
	serveURL := fmt.Sprintf("http://127.0.0.1:%d", f.servePort)
	cfgPath := filepath.Join(dir, "dredge.yaml")
	cfgText := fmt.Sprintf(`# Written by dredge dev. Secrets come from the environment (DIR/env).
redis:
  addr: %q
s3:
  endpoint: %q
  region: us-east-1
results: s3://dredge-results
server:
  listen: "127.0.0.1:%d"
log:
  level: info
schedules:
  - name: nightly-%s
    location: s3://%s/
    frequency: daily
    time: "02:30"
`, redisAddr, s3URL, f.servePort, f.bucket, f.bucket)
	if err := os.WriteFile(cfgPath, []byte(cfgText), 0o600); err != nil {
		return &exitError{exitUsage, err}
	}
	dredgeEnv := []string{
		"DREDGE_CONFIG=" + cfgPath,
		"DREDGE_REDIS_ADDR=" + redisAddr,
		"DREDGE_RESULTS=s3://dredge-results",
		"DREDGE_EVENTS_TOKEN=" + eventsToken,
		"DREDGE_API_TOKENS=" + apiToken,
		"DREDGE_FINGERPRINT_KEY=" + fpKey,
		"AWS_ENDPOINT_URL=" + s3URL,
		"AWS_ACCESS_KEY_ID=" + minioUser,
		"AWS_SECRET_ACCESS_KEY=" + minioPass,
		"AWS_REGION=us-east-1",
	}
	var envFile strings.Builder
	envFile.WriteString("# source this file to point the dredge CLI at the dev stack\n")
	for _, kv := range dredgeEnv {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&envFile, "export %s=%q\n", k, v)
	}
	if err := os.WriteFile(filepath.Join(dir, "env"), []byte(envFile.String()), 0o600); err != nil {
		return &exitError{exitUsage, err}
	}

	s := &devStack{dir: dir, out: out}
	defer func() {
		fmt.Fprintln(out, "dredge dev: stopping the stack")
		s.stopAll(20 * time.Second)
		fmt.Fprintln(out, "dredge dev: stopped")
	}()
	fail := func(err error) error {
		if ctx.Err() != nil {
			return nil // interrupted while starting
		}
		return &exitError{exitUsage, err}
	}
	fmt.Fprintf(out, "dredge dev: starting the stack in %s\n", dir)

	// Redis, AOF on.
	rp, err := s.start("redis", redisBin, []string{"--port", strconv.Itoa(f.redisPort), "--bind", "127.0.0.1",
		"--dir", filepath.Join(dir, "redis"), "--appendonly", "yes", "--save", "", "--daemonize", "no"}, childEnv())
	if err != nil {
		return fail(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr, DialTimeout: time.Second})
	defer rdb.Close()
	if err := waitFor(ctx, s, rp, 30*time.Second, func() error { return rdb.Ping(ctx).Err() }); err != nil {
		return fail(err)
	}
	fmt.Fprintf(out, "  redis     %s  (pid %d)\n", redisAddr, rp.cmd.Process.Pid)

	// dredge serve before MinIO, so MinIO finds its webhook target up.
	sp, err := s.start("serve", self, []string{"serve", "--log-format", "json"}, childEnv(dredgeEnv...))
	if err != nil {
		return fail(err)
	}
	if err := waitFor(ctx, s, sp, 30*time.Second, func() error { return httpOK(serveURL + "/healthz") }); err != nil {
		return fail(err)
	}
	fmt.Fprintf(out, "  serve     %s  (pid %d)\n", serveURL, sp.cmd.Process.Pid)

	// MinIO: KMS key for SSE-S3, webhook notifications to dredge serve.
	mp, err := s.start("minio", minioBin, []string{"server", filepath.Join(dir, "minio"),
		"--address", fmt.Sprintf("127.0.0.1:%d", f.s3Port), "--console-address", fmt.Sprintf("127.0.0.1:%d", f.consolePort),
		"--certs-dir", filepath.Join(dir, "minio-certs")}, childEnv(
		"MINIO_ROOT_USER="+minioUser, "MINIO_ROOT_PASSWORD="+minioPass, "MINIO_UPDATE=off",
		"MINIO_KMS_SECRET_KEY=dredge-key:"+kmsKey,
		"MINIO_NOTIFY_WEBHOOK_ENABLE_DREDGE=on",
		"MINIO_NOTIFY_WEBHOOK_ENDPOINT_DREDGE="+serveURL+"/events/s3",
		"MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_DREDGE="+eventsToken,
		"MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_DREDGE="+filepath.Join(dir, "webhook-queue"),
	))
	if err != nil {
		return fail(err)
	}
	if err := waitFor(ctx, s, mp, 90*time.Second, func() error {
		if err := httpOK(s3URL + "/minio/health/live"); err != nil {
			return err
		}
		return httpOK(s3URL + "/minio/health/cluster")
	}); err != nil {
		return fail(err)
	}
	fmt.Fprintf(out, "  minio     %s  console http://127.0.0.1:%d  (pid %d)\n", s3URL, f.consolePort, mp.cmd.Process.Pid)

	// Buckets and the notification (what docker-compose's init service does).
	cl, err := scanner.NewS3Client(scanner.S3Config{Endpoint: s3URL, Region: "us-east-1", AccessKey: minioUser, SecretKey: minioPass, PathStyle: true})
	if err != nil {
		return fail(err)
	}
	if err := devBuckets(ctx, cl, f.bucket); err != nil {
		return fail(err)
	}

	// Workers and the scheduler.
	for i := range f.workers {
		name := "worker"
		if f.workers > 1 {
			name = fmt.Sprintf("worker-%d", i+1)
		}
		maddr := fmt.Sprintf("127.0.0.1:%d", metricsPorts[i])
		wp, err := s.start(name, self, []string{"worker", "--log-format", "json", "--concurrency", strconv.Itoa(f.concurrency),
			"--metrics-listen", maddr, "--shutdown-timeout", "10s"}, childEnv(dredgeEnv...))
		if err != nil {
			return fail(err)
		}
		if err := waitFor(ctx, s, wp, 30*time.Second, func() error { return httpOK("http://" + maddr + "/livez") }); err != nil {
			return fail(err)
		}
		fmt.Fprintf(out, "  %-9s metrics http://%s/metrics  (pid %d)\n", name, maddr, wp.cmd.Process.Pid)
	}
	schp, err := s.start("schedule", self, []string{"schedule", "--log-format", "json"}, childEnv(dredgeEnv...))
	if err != nil {
		return fail(err)
	}
	time.Sleep(300 * time.Millisecond)
	if p := s.exited(); p != nil {
		return fail(fmt.Errorf("%s exited: %s", p.name, s.logTail(p)))
	}
	fmt.Fprintf(out, "  schedule  nightly sweep of s3://%s/ at 02:30 UTC  (pid %d)\n", f.bucket, schp.cmd.Process.Pid)

	// The corpus: every upload is also an event to dredge serve.
	n, size, err := devUpload(ctx, cl, f.bucket, corpus)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(out, "dredge dev: uploaded %d files (%d bytes) of %s to s3://%s/\n", n, size, f.corpus, f.bucket)

	// Sweep it, through the CLI like a user would.
	sctx, cancel := context.WithTimeout(ctx, f.sweepTimeout)
	defer cancel()
	sweep := exec.CommandContext(sctx, self, "sweep", "s3://"+f.bucket, "--wait", "--json", "--interval", "500ms")
	sweep.Env = childEnv(dredgeEnv...)
	sweep.Dir = dir
	var sweepOutBuf, sweepErr bytes.Buffer
	sweep.Stdout, sweep.Stderr = &sweepOutBuf, &sweepErr
	if err := sweep.Start(); err != nil {
		return fail(err)
	}
	sweepDone := make(chan error, 1)
	go func() { sweepDone <- sweep.Wait() }()
	// A child that dies meanwhile (a crashed worker) ends the wait.
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case err = <-sweepDone:
			break wait
		case <-tick.C:
			if p := s.exited(); p != nil {
				cancel()
				<-sweepDone
				return fail(fmt.Errorf("%s exited during the sweep: %s", p.name, s.logTail(p)))
			}
		}
	}
	sweepOut := sweepOutBuf.Bytes()
	if ctx.Err() != nil {
		return nil
	}
	id, rest, _ := strings.Cut(string(sweepOut), "\n")
	var st queue.SweepStatus
	if jerr := json.Unmarshal([]byte(rest), &st); jerr != nil || st.State != "complete" {
		return fail(fmt.Errorf("sweep of s3://%s did not complete (%v): %s%s", f.bucket, err, sweepOut, sweepErr.String()))
	}
	fmt.Fprintf(out, "dredge dev: sweep %s complete: %d objects listed, %d scanned by the sweep, %d already scanned from upload events\n",
		id, st.Matched, st.Done()-st.Unchanged, st.UnchangedListed+st.Duplicate+st.Unchanged)
	bs, err := (&queue.Aggregates{R: rdb}).Bucket(ctx, f.bucket)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(out, "dredge dev: s3://%s: %d objects recorded (%d complete, %d partial, %d skipped, %d failed), %d findings in %d objects, sensitivity score %d\n",
		f.bucket, bs.Objects, bs.Complete, bs.Partial, bs.Skipped, bs.Failed, bs.Findings, bs.WithFindings, bs.Score)

	fmt.Fprintf(out, `
Look at:
  monitoring UI   %[1]s/monitoring/   (user: anything, password: the API token in %[2]s/api-token)
  metrics         curl -H "Authorization: Bearer $(cat %[2]s/api-token)" %[1]s/metrics
  API             curl -H "Authorization: Bearer $(cat %[2]s/api-token)" %[1]s/api/v1/buckets
  health          %[1]s/readyz
  MinIO console   http://127.0.0.1:%[3]d   (user dredge, password in %[2]s/minio-password)
  logs            %[2]s/logs/
The CLI against the stack:
  source %[2]s/env
  dredge findings s3://%[4]s/ --severity high
  dredge findings buckets
  dredge sweep status %[5]s
`, serveURL, dir, f.consolePort, f.bucket, id)
	if f.once {
		return nil
	}
	fmt.Fprintln(out, "dredge dev: ready; Ctrl-C stops everything")
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if p := s.exited(); p != nil {
				return &exitError{exitErrors, fmt.Errorf("%s exited; stopping the stack: %s", p.name, s.logTail(p))}
			}
		}
	}
}

// devBuckets creates the corpus bucket (default encryption SSE-S3 with
// MinIO's KMS key, webhook notification to dredge serve for puts and
// deletes) and the results bucket.
func devBuckets(ctx context.Context, cl *minio.Client, bucket string) error {
	for _, b := range []string{bucket, "dredge-results"} {
		ok, err := cl.BucketExists(ctx, b)
		if err != nil {
			return fmt.Errorf("bucket %s: %w", b, err)
		}
		if !ok {
			if err := cl.MakeBucket(ctx, b, minio.MakeBucketOptions{Region: "us-east-1"}); err != nil {
				return fmt.Errorf("creating bucket %s: %w", b, err)
			}
		}
	}
	if err := cl.SetBucketEncryption(ctx, bucket, sse.NewConfigurationSSES3()); err != nil {
		return fmt.Errorf("bucket %s: default encryption: %w", bucket, err)
	}
	arn := notification.NewArn("minio", "sqs", "", "DREDGE", "webhook")
	qc := notification.NewConfig(arn)
	qc.AddEvents(notification.ObjectCreatedAll, notification.ObjectRemovedAll)
	var nc notification.Configuration
	nc.AddQueue(qc)
	if err := cl.SetBucketNotification(ctx, bucket, nc); err != nil {
		return fmt.Errorf("bucket %s: notification: %w", bucket, err)
	}
	return nil
}

func devUpload(ctx context.Context, cl *minio.Client, bucket, root string) (n int, size int64, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		fh, err := os.Open(p)
		if err != nil {
			return err
		}
		defer fh.Close()
		st, err := fh.Stat()
		if err != nil {
			return err
		}
		if _, err := cl.PutObject(ctx, bucket, filepath.ToSlash(rel), fh, st.Size(), minio.PutObjectOptions{}); err != nil {
			return fmt.Errorf("uploading %s: %w", rel, err)
		}
		n++
		size += st.Size()
		return nil
	})
	return n, size, err
}
