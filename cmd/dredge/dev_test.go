package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// TestDevStack runs `dredge dev` end to end, as a separate process built
// from this package: the stack comes up (Redis, MinIO, serve, a worker,
// the scheduler), the corpus is uploaded and swept, the findings are
// there for the CLI, the logs hold no raw value, and after SIGTERM no
// process of the stack is left.
func TestDevStack(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	for _, find := range []func() (string, error){findRedisBinary, findMinIOBinary} {
		if _, err := find(); err != nil {
			if v, _ := strconv.ParseBool(os.Getenv("CI")); v {
				t.Fatal(err)
			}
			t.Skip(err)
		}
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "dredge")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "stack")
	cmd := exec.Command(bin, "dev", "--dir", dir, "--corpus", "../../corpus/data", "--bucket", "corpus",
		"--redis-port", "0", "--s3-port", "0", "--console-port", "0", "--serve-port", "0", "--metrics-port", "0",
		"--concurrency", "1", "--sweep-timeout", "6m")
	cmd.Env = os.Environ()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var lines []string
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if strings.HasPrefix(sc.Text(), "dredge dev: ready") {
				close(ready)
			}
		}
		exited <- cmd.Wait()
	}()
	killed := false
	t.Cleanup(func() {
		if !killed {
			cmd.Process.Kill() // its children die with it (Pdeathsig)
			<-exited
		}
	})
	select {
	case <-ready:
	case err := <-exited:
		killed = true
		t.Fatalf("dredge dev exited before it was ready: %v\n%s", err, strings.Join(lines, "\n"))
	case <-time.After(8 * time.Minute):
		t.Fatalf("dredge dev not ready after 8 minutes\n%s", strings.Join(lines, "\n"))
	}
	out := strings.Join(lines, "\n")
	for _, want := range []string{"redis ", "serve ", "minio ", "worker ", "schedule ", "uploaded ", "sweep sw-", "/monitoring/", "source " + dir + "/env"} {
		if !strings.Contains(out, want) {
			t.Errorf("dredge dev output lacks %q\n%s", want, out)
		}
	}
	pidsFile, err := os.ReadFile(filepath.Join(dir, "pids"))
	if err != nil {
		t.Fatal(err)
	}
	pids := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(pidsFile)), "\n") {
		name, p, _ := strings.Cut(l, " ")
		pids[name], _ = strconv.Atoi(p)
	}
	for _, n := range []string{"redis", "minio", "serve", "worker", "schedule"} {
		if pids[n] == 0 || syscall.Kill(pids[n], 0) != nil {
			t.Errorf("%s is not running (pids %v)", n, pids)
		}
	}

	// The CLI, pointed at the stack by DIR/env, finds the corpus findings.
	envFile, err := os.ReadFile(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(envFile), "\n") {
		kv, ok := strings.CutPrefix(l, "export ")
		if !ok {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		uq, err := strconv.Unquote(v)
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		t.Setenv(k, uq)
	}
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	// An upload reaches the stack as a MinIO webhook event and is scanned.
	src, err := scanner.NewS3Source(scanner.S3ConfigFromEnv())
	if err != nil {
		t.Fatal(err)
	}
	planted := "id,ssn\n1," + rawSSN + "\n"
	if _, err := src.Client.PutObject(context.Background(), "corpus", "zz-planted/people.csv", strings.NewReader(planted),
		int64(len(planted)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		out, _ := run(t, "findings", "s3://corpus/zz-planted/", "--format", "jsonl")
		if strings.Contains(out, `"US_SSN"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("an upload to the dev stack was not scanned within 90s (event path)\n%s", out)
		}
		time.Sleep(500 * time.Millisecond)
	}
	findings, code := run(t, "findings", "s3://corpus/", "--kind", "object", "--format", "json")
	var recs []results.Record
	if err := json.Unmarshal([]byte(findings), &recs); err != nil || code != 0 {
		t.Fatalf("findings: exit %d %v\n%.2000s", code, err, findings)
	}
	if len(recs) < 20 {
		t.Errorf("findings: %d objects with findings in the corpus bucket", len(recs))
	}
	bout, _ := run(t, "findings", "buckets", "--json")
	var bs []queue.BucketStats
	if err := json.Unmarshal([]byte(bout), &bs); err != nil || len(bs) != 1 || bs[0].Bucket != "corpus" || bs[0].Findings == 0 || bs[0].Failed != 0 {
		t.Errorf("findings buckets: %v\n%s", err, bout)
	}
	files := 0
	filepath.WalkDir("../../corpus/data", func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files++
		}
		return nil
	})
	if len(bs) == 1 && bs[0].Objects != int64(files)+1 {
		t.Errorf("corpus bucket: %d objects recorded, want %d files of the corpus + 1 upload", bs[0].Objects, files)
	}
	if strings.Contains(findings, rawSSN) {
		t.Error("a raw value in the findings")
	}

	// Stop: SIGTERM, everything goes.
	killed = true
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("dredge dev after SIGTERM: %v\n%s", err, strings.Join(lines, "\n"))
		}
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		<-exited
		t.Fatal("dredge dev did not stop within 90s of SIGTERM")
	}
	for n, p := range pids {
		if err := syscall.Kill(p, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("%s (pid %d) is still there after dredge dev stopped", n, p)
			syscall.Kill(-p, syscall.SIGKILL)
		}
	}
	if left := processesMentioning(dir); len(left) > 0 {
		t.Errorf("processes left behind: %v", left)
	}
	if _, err := os.Stat(filepath.Join(dir, "pids")); err == nil {
		t.Error("DIR/pids left behind")
	}
	// The logs never hold a raw value (nor a finding's fingerprint).
	logs, _ := filepath.Glob(filepath.Join(dir, "logs", "*.log"))
	for _, l := range logs {
		b, _ := os.ReadFile(l)
		if strings.Contains(string(b), rawSSN) {
			t.Errorf("%s holds a raw value", l)
		}
		if strings.Contains(string(b), "panic:") || strings.Contains(string(b), "fatal error") {
			t.Errorf("%s: a crash\n%.3000s", l, b)
		}
		for _, r := range recs {
			for _, f := range r.Findings {
				for _, o := range f.Occurrences {
					if o.Fingerprint != "" && strings.Contains(string(b), o.Fingerprint) {
						t.Errorf("%s holds a fingerprint of a finding (%s)", l, f.Type)
					}
				}
			}
		}
	}
}

// processesMentioning lists running processes whose command line holds s.
func processesMentioning(s string) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		if cl := strings.ReplaceAll(string(b), "\x00", " "); strings.Contains(cl, s) {
			out = append(out, e.Name()+": "+cl)
		}
	}
	return out
}
