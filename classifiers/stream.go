package classifiers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// Stream sizes. A block is cut at a line end where there is one, so that
// matches (which stay on one line unless a pattern has Reach) never cross
// a block boundary; the look-ahead lets multi-line matches finish and the
// look-behind keeps keywords that precede a block's first match.
//
// They are variables only so that tests can shrink them to put many block
// boundaries in small inputs.
var (
	blockSize = 1 << 20
	// structBlockSize is the block size of structured text (a Tracker):
	// its segments, each with its key path, live for a block, so deeply
	// nested JSON would hold four times the memory in 1 MiB blocks.
	structBlockSize = 256 << 10
	lookAhead       = 32 << 10
	lookBehind      = 1 << 10
)

// Tracker follows the structure of text (CSV cells, JSON values) as it
// streams through the engine.
type Tracker interface {
	// Track is given the next bytes of the stream, in order, each byte
	// exactly once, and appends the segments found in them with positions
	// relative to data. A value cut by the end of data is reported in part
	// and continued by the next call.
	Track(data []byte, segs []Segment) []Segment
}

// ScanReader scans r as plain text in blocks, in constant memory, and
// passes every match to emit in offset order. base is copied into every
// match's location. It returns the number of bytes read.
func (e *Engine) ScanReader(ctx context.Context, r io.Reader, base Location, emit func(Match)) (int64, error) {
	return e.ScanStream(ctx, r, base, nil, emit)
}

// ScanStream is ScanReader for structured text: tr, if not nil, supplies
// the segments (location and context keys) of each block.
func (e *Engine) ScanStream(ctx context.Context, r io.Reader, base Location, tr Tracker, emit func(Match)) (int64, error) {
	m := e.getMatcher()
	defer e.putMatcher(m)
	size := blockSize
	if tr != nil {
		size = min(size, structBlockSize)
	}
	if cap(m.buf) < blockSize+lookAhead+lookBehind {
		m.buf = make([]byte, 0, blockSize+lookAhead+lookBehind)
	}
	buf := m.buf[: 0 : size+lookAhead+lookBehind]
	// The scanned text does not stay in the idle matcher's buffer.
	used := 0
	defer func() { clear(m.buf[:used]) }()
	var (
		bufOff  int64 // stream offset of buf[0]
		line    = 1   // line of buf[0]
		from    = 0   // first byte of buf not yet reported on
		eof     bool
		total   int64
		segs    []Segment
		readErr error
	)
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		for !eof && len(buf) < cap(buf) {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			used = max(used, len(buf))
			total += int64(n)
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				// Scan what was read, then report why the rest was not.
				eof, readErr = true, fmt.Errorf("reading: %w", err)
			}
		}
		done := len(buf)
		if !eof {
			limit := len(buf) - lookAhead
			if nl := bytes.LastIndexByte(buf[from:limit], '\n'); nl >= 0 {
				done = from + nl + 1
			} else {
				done = limit // a very long line: cut inside it
			}
		}
		b := Block{Data: buf, Offset: bufOff, Line: line, From: from, Done: done, Loc: base}
		if tr != nil {
			segs = tr.Track(buf[from:done], segs[:0])
			for i := range segs {
				segs[i].Start += from
				segs[i].End += from
			}
			b.Segments = segs
		}
		e.scanBlock(m, &b, emit)
		if eof {
			return total, readErr
		}
		keep := done - lookBehind
		if keep < 0 {
			keep = 0
		}
		line += bytes.Count(buf[:keep], []byte{'\n'})
		n := copy(buf, buf[keep:])
		buf = buf[:n]
		bufOff += int64(keep)
		from = done - keep
	}
}
