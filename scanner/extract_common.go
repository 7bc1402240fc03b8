package scanner

// Helpers shared by the format extractors (extract_*.go).
//
// Limits, and what hitting one does (see Limits and DefaultLimits):
//
//   - MaxBytes (20 GiB): bytes read from the object itself. The stream ends
//     there; what was read is scanned; the object is partial.
//   - MaxDecompressed (20 GiB): bytes produced by decompression and archive
//     members, all layers and members of one object together. It ends the
//     whole object (no further member is opened).
//   - MaxMemberBytes (8 GiB): bytes produced by one member or one
//     decompressed stream. It ends that member; its siblings go on.
//   - MaxRatio (1000): decompressed/compressed bytes, checked per stream
//     (once it has produced more than ratioFloor bytes) and for the object
//     as a whole (all bytes produced against the object's size), so that a
//     nested 42.zip-style bomb whose layers each look reasonable still ends
//     quickly. The stream check ends the member, the object check the
//     object.
//   - MaxDepth (10): nesting of archives, compressed streams and
//     attachments; a deeper member is not opened.
//   - MaxMembers (1,000,000): archive members and attachments per object;
//     it ends the object.
//   - Timeout (30 min): time per object; it ends the object.
//
// A limit is never a silent stop: the first time each one is hit its
// reason (which limit, and where) is recorded and the object is partial.
// A stream cut by a limit ends like a file (io.EOF) so that everything
// before the cut is scanned; a parse error that the cut causes in the
// format reading it is not reported as a corrupt member.
//
// Zip and the other formats that need random access (XLSX, DOCX, PPTX,
// ODF, PDF, Parquet) read the object in place when it is seekable (a local
// file, a stored zip member) and otherwise spool the stream to a temporary
// file, which every read limit above bounds; the spool is removed at once.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dredge-dev/dredge/classifiers"
)

// limitError is a limit being reached; its text names the limit.
type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLimit }

func limitf(format string, a ...any) error { return &limitError{msg: fmt.Sprintf(format, a...)} }

// ratioFloor is the output below which the compression ratio is not
// checked: small, highly compressible files are fine.
const ratioFloor = 1 << 20

// limitHit records that a limit ended part of the scan.
func (x *Extraction) limitHit(reason string) {
	x.limitHits++
	x.Partial(reason)
}

// spent returns an error when an object-wide limit (decompressed bytes,
// members, overall compression ratio, time) has been reached, so that an
// archive stops opening members.
func (x *Extraction) spent(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l := x.Limits()
	if l.MaxDecompressed > 0 && x.inflated > l.MaxDecompressed {
		return limitf("max decompressed bytes per object (%d) reached", l.MaxDecompressed)
	}
	if l.MaxMembers > 0 && x.members >= l.MaxMembers {
		return limitf("max members (%d) reached", l.MaxMembers)
	}
	if err := x.overallRatio(); err != nil {
		return err
	}
	return nil
}

func (x *Extraction) overallRatio() error {
	l := x.Limits()
	if l.MaxRatio <= 0 || x.inflated <= ratioFloor {
		return nil
	}
	base := max(x.res.Size, 1024)
	if x.res.Size <= 0 {
		return nil
	}
	if x.inflated/base > l.MaxRatio {
		return limitf("max compression ratio (%d:1) reached: %d bytes out of a %d-byte object", l.MaxRatio, x.inflated, x.res.Size)
	}
	return nil
}

// childPath names a member of in: `name` for a member of the object
// itself, `path!name` deeper down.
func childPath(in *Input, name string) string {
	if in.Loc.Path == "" {
		return name
	}
	return in.Loc.Path + "!" + name
}

// what names in for reasons: its member path, or "object".
func what(in *Input) string {
	if in.Loc.Path == "" {
		return "object"
	}
	return in.Loc.Path
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	return k, err
}

// countByteReader counts bytes and is an io.ByteReader, so that a flate
// reader on it never reads past the end of its stream.
type countByteReader struct {
	r *bufio.Reader
	n int64
}

func (c *countByteReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	return k, err
}

func (c *countByteReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// inflateReader accounts the bytes a decompressor or an archive member
// produces against the limits. At a limit it records the reason and ends
// like a file, so what came before is scanned.
type inflateReader struct {
	x    *Extraction
	r    io.Reader
	src  func() int64 // compressed bytes consumed so far (nil: no ratio check)
	src0 int64
	path string
	n    int64
	hit  error
}

func (x *Extraction) inflate(r io.Reader, path string, src func() int64) *inflateReader {
	z := &inflateReader{x: x, r: r, src: src, path: path}
	if src != nil {
		z.src0 = src()
	}
	return z
}

func (z *inflateReader) Read(p []byte) (int, error) {
	if z.hit != nil {
		return 0, io.EOF
	}
	k, err := z.r.Read(p)
	if k > 0 {
		z.n += int64(k)
		if lerr := z.check(int64(k)); lerr != nil {
			z.hit = lerr
			z.x.limitHit(lerr.Error())
			return k, io.EOF
		}
	}
	return k, err
}

func (z *inflateReader) check(k int64) error {
	x := z.x
	l := x.Limits()
	if err := x.Inflated(k); err != nil {
		return limitf("max decompressed bytes per object (%d) reached at %s", l.MaxDecompressed, z.where())
	}
	if l.MaxMemberBytes > 0 && z.n > l.MaxMemberBytes {
		return limitf("max decompressed bytes per member (%d) reached at %s", l.MaxMemberBytes, z.where())
	}
	if l.MaxRatio > 0 && z.src != nil && z.n > ratioFloor {
		in := max(z.src()-z.src0, 1)
		if z.n/in > l.MaxRatio {
			return limitf("max compression ratio (%d:1) reached at %s", l.MaxRatio, z.where())
		}
	}
	return x.overallRatio()
}

func (z *inflateReader) where() string {
	if z.path == "" {
		return "object"
	}
	return z.path
}

// unwrap scans the decompressed stream r of a compressed object in (gzip,
// bzip2, xz, zstd): its format is detected by its content and by
// detectName (the name less its compression suffix); the compression layer
// adds nesting depth but no member path component, so a tar.gz's members
// are `x.tar.gz!file`.
func (x *Extraction) unwrap(ctx context.Context, in *Input, detectName string, r io.Reader) error {
	depth := in.Depth + 1
	if lim := x.Limits().MaxDepth; lim > 0 && depth > lim {
		x.limitHit(fmt.Sprintf("max nesting depth (%d) reached at %s", lim, what(in)))
		return nil
	}
	br, head, err := peek(r, sniffLen)
	if err != nil {
		return fmt.Errorf("reading: %w", err)
	}
	f := Detect(detectName, head)
	h, ok := handlers[f]
	if !ok {
		x.Skip(what(in), "unsupported format ("+string(f)+")")
		return nil
	}
	return h(ctx, br, &Input{Name: in.Name, Format: f, Depth: depth, Loc: in.Loc}, x)
}

// randomAccess gives in's bytes as an io.ReaderAt: in place when the
// object or member is seekable, else spooled to a temporary file. done
// removes the spool. A limit met while spooling leaves what was read.
func randomAccess(ctx context.Context, in *Input, r io.Reader) (ra io.ReaderAt, size int64, done func(), err error) {
	if in.At != nil {
		return in.At, in.Size, func() {}, nil
	}
	f, err := os.CreateTemp("", "dredge-spool-*")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("spooling: %w", err)
	}
	done = func() { f.Close(); os.Remove(f.Name()) }
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err != nil {
		done()
		return nil, 0, nil, err
	}
	return f, n, done, nil
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// emitter builds blocks of extracted text for the engine: plain text and
// located values (segments), cut into blocks the way ScanStream cuts a
// stream (at a line end, with look-behind and look-ahead), so memory stays
// bounded however much a document holds.
type emitter struct {
	ctx  context.Context
	x    *Extraction
	base classifiers.Location
	buf  []byte
	segs []classifiers.Segment
	off  int64 // stream offset of buf[0]
	line int   // line of buf[0]
	from int   // first byte of buf not yet reported on
	nl   int   // newlines in buf
	open bool  // the last segment is still growing
}

const (
	emitBlock  = 256 << 10
	emitAhead  = 32 << 10
	emitBehind = 1 << 10
	emitPiece  = 64 << 10
)

func newEmitter(ctx context.Context, x *Extraction, base classifiers.Location) *emitter {
	return &emitter{ctx: ctx, x: x, base: base, line: 1, buf: make([]byte, 0, emitBlock+emitAhead+emitBehind)}
}

// curLine is the line the next byte goes on.
func (e *emitter) curLine() int { return e.line + e.nl }

// text appends plain text.
func (e *emitter) text(b []byte) {
	e.open = false
	for len(b) > 0 {
		k := min(len(b), emitPiece)
		e.add(b[:k])
		b = b[k:]
		e.maybeFlush()
	}
}

func (e *emitter) textString(s string) { e.text([]byte(s)) }

func (e *emitter) add(b []byte) {
	e.buf = append(e.buf, b...)
	e.nl += bytes.Count(b, []byte{'\n'})
}

// value appends b as one located value with its context keys, then sep
// (if not 0) outside the value.
func (e *emitter) value(b []byte, loc classifiers.Location, keys []string, sep byte) {
	e.open = false
	for first := true; first || len(b) > 0; first = false {
		k := min(len(b), emitPiece)
		if k > 0 {
			start := len(e.buf)
			e.add(b[:k])
			if e.open && len(e.segs) > 0 && e.segs[len(e.segs)-1].End == start {
				e.segs[len(e.segs)-1].End = len(e.buf)
			} else {
				e.segs = append(e.segs, classifiers.Segment{Start: start, End: len(e.buf), Keys: keys, Loc: loc})
			}
			e.open = true
		}
		b = b[k:]
		if len(b) > 0 {
			e.maybeFlush()
		}
	}
	e.open = false
	if sep != 0 {
		e.add([]byte{sep})
	}
	e.maybeFlush()
}

// padLines appends newlines until the next byte is on line target (when
// the text follows the lines of its source).
func (e *emitter) padLines(target int) {
	if n := target - e.curLine(); n > 0 {
		e.open = false
		for ; n > 0; n-- {
			e.buf = append(e.buf, '\n')
			e.nl++
			if n%4096 == 0 {
				e.maybeFlush()
			}
		}
		e.maybeFlush()
	}
}

func (e *emitter) maybeFlush() {
	if len(e.buf) >= emitBlock+emitAhead {
		e.flush(false)
	}
}

// flush scans what is buffered; with final false it keeps the tail (the
// look-ahead) for the next block.
func (e *emitter) flush(final bool) {
	if e.ctx.Err() != nil {
		e.buf, e.segs, e.from = e.buf[:0], e.segs[:0], 0
		return
	}
	done := len(e.buf)
	if !final {
		limit := len(e.buf) - emitAhead
		if i := bytes.LastIndexByte(e.buf[e.from:limit], '\n'); i >= 0 {
			done = e.from + i + 1
		} else if i := bytes.LastIndexByte(e.buf[e.from:limit], ' '); i >= 0 {
			done = e.from + i + 1
		} else {
			done = limit
		}
	}
	if done > e.from {
		b := classifiers.Block{Data: e.buf, Offset: e.off, Line: e.line, From: e.from, Done: done,
			Loc: e.base, Segments: e.segs}
		e.x.Block(&b)
	}
	if final {
		e.off += int64(len(e.buf))
		e.line += e.nl
		e.buf, e.segs, e.from, e.nl, e.open = e.buf[:0], e.segs[:0], 0, 0, false
		return
	}
	keep := max(done-emitBehind, 0)
	dropped := bytes.Count(e.buf[:keep], []byte{'\n'})
	e.line += dropped
	e.nl -= dropped
	n := copy(e.buf, e.buf[keep:])
	e.buf = e.buf[:n]
	e.off += int64(keep)
	e.from = done - keep
	segs := e.segs[:0]
	for _, s := range e.segs {
		if s.End <= keep {
			continue
		}
		s.Start = max(s.Start-keep, 0)
		s.End -= keep
		segs = append(segs, s)
	}
	e.segs = segs
}

// close scans the rest.
func (e *emitter) close() { e.flush(true) }
