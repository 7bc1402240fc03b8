package fleetbench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// Link is a TCP proxy in front of a server that carries at most a given
// number of bytes per second in each direction, shared by all of its
// connections, like one network interface. On one machine a fleet reaches
// its MinIO over loopback at memory speed, where downloading costs CPU and
// nothing else; behind a Link a download is bounded by bandwidth, as from
// a real store (no latency is added), so a benchmark can ask whether the
// fleet keeps up with its link.
type Link struct {
	ln       net.Listener
	target   string
	down, up *rate.Limiter

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// linkChunk is the most one write carries: small enough that concurrent
// connections share the rate evenly, large enough to cost little CPU.
const linkChunk = 32 << 10

// StartLink listens on a free loopback port and forwards every connection
// to target at bytesPerSec each way.
func StartLink(target string, bytesPerSec int) (*Link, error) {
	if bytesPerSec < linkChunk {
		return nil, fmt.Errorf("link rate %d B/s is below one %d-byte chunk per second", bytesPerSec, linkChunk)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("link: listen: %w", err)
	}
	l := &Link{
		ln: ln, target: target, conns: map[net.Conn]struct{}{},
		// A burst of two chunks: the link never runs ahead of its rate by
		// more than 64 KiB, about half a millisecond at 1 Gbit/s.
		down: rate.NewLimiter(rate.Limit(bytesPerSec), 2*linkChunk),
		up:   rate.NewLimiter(rate.Limit(bytesPerSec), 2*linkChunk),
	}
	l.wg.Add(1)
	go l.accept()
	return l, nil
}

// Addr is the host:port clients connect to instead of the target.
func (l *Link) Addr() string { return l.ln.Addr().String() }

// Close stops accepting, cuts every open connection and waits for the
// copies to end.
func (l *Link) Close() error {
	l.mu.Lock()
	l.closed = true
	for c := range l.conns {
		c.Close()
	}
	l.mu.Unlock()
	err := l.ln.Close()
	l.wg.Wait()
	return err
}

func (l *Link) track(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		c.Close()
		return false
	}
	l.conns[c] = struct{}{}
	return true
}

func (l *Link) untrack(c net.Conn) {
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
	c.Close()
}

func (l *Link) accept() {
	defer l.wg.Done()
	for {
		client, err := l.ln.Accept()
		if err != nil {
			return // closed
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.serve(client)
		}()
	}
}

func (l *Link) serve(client net.Conn) {
	if !l.track(client) {
		return
	}
	defer l.untrack(client)
	server, err := net.Dial("tcp", l.target)
	if err != nil {
		return // the client sees its connection closed, as with a dead server
	}
	if !l.track(server) {
		return
	}
	defer l.untrack(server)
	done := make(chan struct{}, 2)
	pump := func(dst, src net.Conn, lim *rate.Limiter) {
		copyLimited(dst, src, lim)
		// Half-close so that the other side sees EOF and the other pump
		// ends when its peer does.
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		done <- struct{}{}
	}
	go pump(server, client, l.up)
	go pump(client, server, l.down)
	<-done
	<-done
}

// copyLimited copies src to dst, each chunk after lim allows it.
func copyLimited(dst io.Writer, src io.Reader, lim *rate.Limiter) {
	buf := make([]byte, linkChunk)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if lim.WaitN(context.Background(), n) != nil {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // EOF or a cut connection: either way this direction is done
		}
	}
}

// linkEnv names the environment variable that makes a test binary a link
// process (RunLinkProcess): "target bytesPerSec".
const linkEnv = "DREDGE_FLEETBENCH_LINK"

// LinkProcess is a Link in a child process. In the benchmark's own process
// the link's goroutines wait for a P behind the workers' CPU-bound scans
// and the link slows down as the workers get busy, which no network does;
// the kernel schedules a separate process promptly on wake-up.
type LinkProcess struct {
	cmd   *exec.Cmd
	stdin io.Closer
	addr  string
}

// StartLinkProcess runs a Link to target at bytesPerSec in a copy of the
// current (test) binary, whose TestMain must call RunLinkProcess first.
func StartLinkProcess(target string, bytesPerSec int) (*LinkProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("link process: %w", err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d", linkEnv, target, bytesPerSec))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("link process: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("link process: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("link process: %w", err)
	}
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stdin.Close()
		cmd.Wait()
		return nil, fmt.Errorf("link process: no address: %w", err)
	}
	return &LinkProcess{cmd: cmd, stdin: stdin, addr: strings.TrimSpace(addr)}, nil
}

// Addr is the host:port clients connect to instead of the target.
func (p *LinkProcess) Addr() string { return p.addr }

// PID is the link process's, for its CPU time.
func (p *LinkProcess) PID() int { return p.cmd.Process.Pid }

// Close ends the link process (it exits when its stdin closes).
func (p *LinkProcess) Close() error {
	p.stdin.Close()
	return p.cmd.Wait()
}

// RunLinkProcess, called first in a TestMain, turns the process into a
// link when StartLinkProcess started it: it serves until its stdin closes,
// then exits. Otherwise it returns at once.
func RunLinkProcess() {
	spec, ok := os.LookupEnv(linkEnv)
	if !ok {
		return
	}
	target, rate, _ := strings.Cut(spec, " ")
	bps, err := strconv.Atoi(rate)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s=%q: %v\n", linkEnv, spec, err)
		os.Exit(2)
	}
	l, err := StartLink(target, bps)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(l.Addr())
	io.Copy(io.Discard, os.Stdin)
	l.Close()
	os.Exit(0)
}
