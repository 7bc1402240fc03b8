package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/dredge-dev/dredge/scanner"
)

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress draws one status line on a terminal: objects, bytes, findings,
// rate and ETA. Nothing is drawn on a pipe.
type progress struct {
	w          io.Writer
	mu         sync.Mutex
	start      time.Time
	last       time.Time
	objects    int
	bytes      int64
	findings   int
	totalObjs  int
	totalBytes int64
	counted    bool
}

func newProgress(w io.Writer, mode string) *progress {
	switch mode {
	case "never":
		return nil
	case "always":
	default:
		if !isTerminal(w) {
			return nil
		}
	}
	return &progress{w: w, start: time.Now()}
}

func (p *progress) countTotal(ctx context.Context, paths []string, f scanner.Filter) {
	var n int
	var b int64
	scanner.WalkLocal(ctx, paths, f, func(o scanner.Object) error { n++; b += o.Size; return nil })
	p.mu.Lock()
	p.totalObjs, p.totalBytes, p.counted = n, b, true
	p.mu.Unlock()
}

func (p *progress) add(r *scanner.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.objects++
	p.bytes += r.Size
	p.findings += r.Count()
	if time.Since(p.last) > 100*time.Millisecond {
		p.last = time.Now()
		p.draw()
	}
}

func (p *progress) draw() {
	el := time.Since(p.start).Seconds()
	rate := float64(p.bytes) / 1e6 / max(el, 1e-3)
	line := fmt.Sprintf("\r%d objects, %.1f MB, %d findings, %.1f MB/s", p.objects, float64(p.bytes)/1e6, p.findings, rate)
	if p.counted && p.totalBytes > 0 {
		pct := float64(p.bytes) / float64(p.totalBytes)
		eta := "?"
		if pct > 0 {
			eta = (time.Duration(el/pct*(1-pct)) * time.Second).Round(time.Second).String()
		}
		line = fmt.Sprintf("\r[%3.0f%%] %d/%d objects, %.1f MB, %d findings, %.1f MB/s, ETA %s",
			pct*100, p.objects, p.totalObjs, float64(p.bytes)/1e6, p.findings, rate, eta)
	}
	fmt.Fprintf(p.w, "%s\033[K", line)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	fmt.Fprintln(p.w)
}
