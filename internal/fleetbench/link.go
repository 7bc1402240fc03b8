package fleetbench

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"

	"golang.org/x/time/rate"
)

// Link is a TCP proxy in front of a server that carries at most a given
// number of bytes per second in each direction, shared by all of its
// connections, like one network interface. On one machine a fleet reaches
// its MinIO over loopback at memory speed, where downloading costs CPU and
// nothing else; behind a Link the store is as far away as a real one, so
// a benchmark can ask whether the fleet keeps up with its link.
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
