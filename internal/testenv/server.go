// Package testenv starts real backing servers (Redis, MinIO, moto) for tests.
//
// Every server runs on a free loopback port with its own temporary data
// folder, logs to a file in t.TempDir() and is stopped by t.Cleanup. Servers
// run in their own process group; the whole group is signalled on stop, and
// on Linux the kernel kills the server if the test binary dies without
// running its cleanups, so no process outlives the test binary.
//
// When a server binary is missing the test is skipped with a message that
// says how to install it (scripts/install-deps.sh), except under CI=true,
// where it is a test failure.
//
// Methods that can fail (Start, Restart, ...) report through the testing.TB
// given to the constructor, so call them from that test's goroutine.
package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	stopGrace   = 15 * time.Second // SIGTERM → SIGKILL
	logTailSize = 8 << 10
	logTailRows = 60
	startTries  = 3 // fresh ports tried when a port was taken meanwhile
)

// FreePort returns a TCP port that was free on all interfaces a moment ago.
// The port is closed again before returning, so another process may grab it;
// the Start functions retry with a new port when that happens.
func FreePort(t testing.TB) int {
	t.Helper()
	ports, err := freePorts(1)
	if err != nil {
		t.Fatalf("testenv: finding a free port: %v", err)
	}
	return ports[0]
}

// freePorts returns n distinct free ports (all listeners are held open until
// every port is chosen so they differ).
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", ":0")
		if err != nil {
			if l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
				return nil, err
			}
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// inCI reports whether CI=true (or 1): missing binaries then fail the test.
func inCI() bool {
	v, _ := strconv.ParseBool(os.Getenv("CI"))
	return v
}

// missingBinary skips the test, or fails it under CI=true.
func missingBinary(t testing.TB, msg string) {
	t.Helper()
	if inCI() {
		t.Fatalf("testenv: %s (CI=true, so this is a failure)", msg)
	}
	t.Skipf("testenv: %s", msg)
}

// isExecutable reports whether path is a regular file with an exec bit.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// findBinary looks for a server binary: $envVar (if set it must be valid),
// then the fixed candidates, then PATH (pathName), then late candidates.
// It returns "" and a description of where it looked when nothing is found.
func findBinary(envVar string, early []string, pathName string, late func() []string) (string, string) {
	if v := os.Getenv(envVar); v != "" {
		if isExecutable(v) {
			return v, ""
		}
		if p, err := exec.LookPath(v); err == nil {
			return p, ""
		}
		return "", fmt.Sprintf("$%s=%q is not an executable", envVar, v)
	}
	looked := []string{"$" + envVar}
	for _, c := range early {
		if isExecutable(c) {
			return c, ""
		}
		looked = append(looked, c)
	}
	if p, err := exec.LookPath(pathName); err == nil {
		return p, ""
	}
	looked = append(looked, "PATH")
	if late != nil {
		for _, c := range late() {
			if isExecutable(c) {
				return c, ""
			}
			looked = append(looked, c)
		}
	}
	return "", "looked in " + strings.Join(looked, ", ")
}

// ---- spawning ----

type spawnReq struct {
	cmd *exec.Cmd
	res chan error
}

var (
	spawnOnce sync.Once
	spawnCh   chan spawnReq
)

// startCmd starts cmd from one goroutine locked to its OS thread for the life
// of the test binary. Pdeathsig fires when the *thread* that forked the child
// exits; Go may retire threads, so forking from a thread that never exits
// makes the signal mean "the test binary is gone".
func startCmd(cmd *exec.Cmd) error {
	spawnOnce.Do(func() {
		spawnCh = make(chan spawnReq)
		go func() {
			runtime.LockOSThread() // never unlocked, on purpose
			for r := range spawnCh {
				r.res <- r.cmd.Start()
			}
		}()
	})
	res := make(chan error, 1)
	spawnCh <- spawnReq{cmd: cmd, res: res}
	return <-res
}

// process is one run of a server binary.
type process struct {
	cmd  *exec.Cmd
	pid  int
	done chan struct{}
	err  error // exit status, valid once done is closed
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// signalGroup signals the process group the server leads.
func (p *process) signalGroup(sig syscall.Signal) {
	_ = syscall.Kill(-p.pid, sig)
}

// stop sends SIGTERM to the group, waits up to grace, then SIGKILLs it.
func (p *process) stop(grace time.Duration) {
	if !p.exited() {
		p.signalGroup(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(grace):
			p.signalGroup(syscall.SIGKILL)
			<-p.done
		}
	}
	p.reapGroup()
}

// kill SIGKILLs the group and waits for the server to exit.
func (p *process) kill() {
	p.signalGroup(syscall.SIGKILL)
	<-p.done
	p.reapGroup()
}

// reapGroup kills what is left of the group (children the server forked)
// and waits briefly for it to disappear.
func (p *process) reapGroup() {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(-p.pid, syscall.SIGKILL); errors.Is(err, syscall.ESRCH) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// server holds what is common to every managed server: log file, the
// current process and the lifecycle bookkeeping.
type server struct {
	t       testing.TB
	name    string
	logPath string

	mu        sync.Mutex
	proc      *process
	logOffset int64 // log size when the current/last run was launched
	tailShown bool  // log tail already in a failure message
}

func newServer(t testing.TB, name string) *server {
	return &server{t: t, name: name, logPath: t.TempDir() + "/" + name + ".log"}
}

// launchSpec describes one run.
type launchSpec struct {
	bin     string
	args    []string
	env     []string // nil: inherit
	dir     string
	timeout time.Duration
	ready   func() error // nil error once the server answers
}

// launch starts the binary with stdout/stderr appended to the log file.
func (s *server) launch(spec launchSpec) (*process, error) {
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child holds its own descriptor
	if fi, err := logf.Stat(); err == nil {
		s.logOffset = fi.Size()
	}
	fmt.Fprintf(logf, "==== testenv %s: %s %s\n", time.Now().Format(time.RFC3339Nano), spec.bin, strings.Join(quoteArgs(spec.args), " "))
	cmd := exec.Command(spec.bin, spec.args...)
	cmd.Env = spec.env
	cmd.Dir = spec.dir
	cmd.Stdout = logf // *os.File: handed to the child as is, no copying goroutine
	cmd.Stderr = logf
	cmd.SysProcAttr = sysProcAttr()
	if err := startCmd(cmd); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, pid: cmd.Process.Pid, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'") {
			a = strconv.Quote(a)
		}
		out[i] = a
	}
	return out
}

// startOnce launches one run and waits until it is ready. On failure the
// process is killed and the error returned.
func (s *server) startOnce(spec launchSpec) error {
	p, err := s.launch(spec)
	if err != nil {
		return fmt.Errorf("starting %s: %w", spec.bin, err)
	}
	deadline := time.Now().Add(spec.timeout)
	delay := 20 * time.Millisecond
	for {
		lastErr := spec.ready()
		if lastErr == nil {
			s.proc = p
			return nil
		}
		if time.Now().After(deadline) {
			p.kill()
			return fmt.Errorf("%s not ready after %v: %v", s.name, spec.timeout, lastErr)
		}
		select {
		case <-p.done:
			p.reapGroup()
			return fmt.Errorf("%s exited before it was ready (%v); last probe: %v", s.name, p.err, lastErr)
		case <-time.After(delay):
		}
		delay = min(delay*2, 250*time.Millisecond)
	}
}

// portTaken reports whether the last run's log says its port was in use.
func (s *server) portTaken() bool {
	b, _ := os.ReadFile(s.logPath)
	if int64(len(b)) >= s.logOffset {
		b = b[s.logOffset:]
	}
	return bytes.Contains(bytes.ToLower(b), []byte("already in use"))
}

// start runs spec(port choice) with retries on a taken port (when newPorts is
// non-nil); it fails the test with the log tail if the server won't start.
func (s *server) start(spec func() launchSpec, newPorts func() error) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil && !s.proc.exited() {
		s.t.Fatalf("testenv: %s is already running", s.name)
	}
	for try := 1; ; try++ {
		err := s.startOnce(spec())
		if err == nil {
			return
		}
		if newPorts != nil && try < startTries && s.portTaken() {
			if perr := newPorts(); perr == nil {
				continue
			}
		}
		s.tailShown = true
		s.t.Fatalf("testenv: %v\n--- %s log tail (%s) ---\n%s", err, s.name, s.logPath, s.logTail())
	}
}

// stop stops the server gracefully (SIGTERM, then SIGKILL after a grace
// period). It is a no-op when the server is not running.
func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		s.proc.stop(stopGrace)
		s.proc = nil
	}
}

// kill SIGKILLs the server. It is a no-op when the server is not running.
func (s *server) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		s.proc.kill()
		s.proc = nil
	}
}

func (s *server) pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.pid
}

// cleanup stops the server; when the test failed it logs the log tail first
// because the log file goes away with t.TempDir().
func (s *server) cleanup() {
	if s.t.Failed() && !s.tailShown {
		s.t.Logf("testenv: %s log tail (%s):\n%s", s.name, s.logPath, s.logTail())
	}
	s.stop()
}

// logTail returns the end of the log file.
func (s *server) logTail() string {
	f, err := os.Open(s.logPath)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > logTailSize {
		f.Seek(fi.Size()-logTailSize, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > logTailRows {
		lines = lines[len(lines)-logTailRows:]
	}
	return strings.Join(lines, "\n")
}

// envWithout returns os.Environ() minus variables with one of the prefixes,
// plus extra ("K=V").
func envWithout(prefixes []string, extra ...string) []string {
	var env []string
outer:
	for _, kv := range os.Environ() {
		for _, p := range prefixes {
			if strings.HasPrefix(kv, p) {
				continue outer
			}
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}
