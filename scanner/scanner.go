// Package scanner turns objects into object results: it reads them from a
// source (local files, S3), detects their format, extracts their text and
// runs the classification engine over it within limits.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
)

// Object is one thing to scan.
type Object struct {
	// Name is how results name it: the path given for local files,
	// s3://bucket/key for objects.
	Name    string
	Size    int64
	ETag    string
	Version string
	// Open streams its bytes.
	Open func(ctx context.Context) (io.ReadCloser, error)
}

// LocalObject describes a local file.
func LocalObject(path string) (Object, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Object{}, err
	}
	if !st.Mode().IsRegular() {
		return Object{}, fmt.Errorf("%s is not a regular file", path)
	}
	return Object{
		Name: path,
		Size: st.Size(),
		Open: func(context.Context) (io.ReadCloser, error) { return os.Open(path) },
	}, nil
}

// Limits bound the work spent on one object. Hitting one makes the result
// partial with a reason that names it.
type Limits struct {
	// MaxBytes is the most bytes read from an object (0: no limit).
	MaxBytes int64
	// MaxDecompressed is the most bytes produced by decompression, per
	// object, all members together.
	MaxDecompressed int64
	// MaxMemberBytes is the most bytes produced by one archive member.
	MaxMemberBytes int64
	// MaxRatio is the largest decompressed/compressed ratio allowed.
	MaxRatio int64
	// MaxDepth is the deepest nesting of archives in archives.
	MaxDepth int
	// MaxMembers is the most archive members read per object.
	MaxMembers int
	// MaxJSONDepth is the deepest JSON nesting tracked.
	MaxJSONDepth int
	// Timeout bounds the time per object.
	Timeout time.Duration
}

// DefaultLimits are close to Macie's.
var DefaultLimits = Limits{
	MaxBytes:        20 << 30,
	MaxDecompressed: 20 << 30,
	MaxMemberBytes:  8 << 30,
	MaxRatio:        1000,
	MaxDepth:        10,
	MaxMembers:      1_000_000,
	MaxJSONDepth:    256,
	Timeout:         30 * time.Minute,
}

// Options tune a Scanner.
type Options struct {
	Limits Limits
	// MaxOccurrences caps the occurrences kept per identifier per object
	// (count stays exact). 0 means 100.
	MaxOccurrences int
	// Types, if set, keeps only these identifier IDs.
	Types []string
	// Classifier is the classifier version recorded in results.
	Classifier string
}

// Scanner runs the per-object pipeline. It is safe for concurrent use.
type Scanner struct {
	eng  *classifiers.Engine
	opts Options
}

// New returns a Scanner over eng.
func New(eng *classifiers.Engine, opts Options) *Scanner {
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	if opts.MaxOccurrences == 0 {
		opts.MaxOccurrences = 100
	}
	return &Scanner{eng: eng, opts: opts}
}

// Engine returns the engine the scanner runs.
func (s *Scanner) Engine() *classifiers.Engine { return s.eng }

// ErrLimit marks an error that is a limit being reached.
var ErrLimit = errors.New("limit reached")

// Scan reads one object and returns its result. It never fails: read and
// parse errors become an error result, limits a partial one.
func (s *Scanner) Scan(ctx context.Context, obj Object) Result {
	res := Result{Object: obj.Name, ETag: obj.ETag, Version: obj.Version, Size: obj.Size, Status: Complete,
		Classifier: s.opts.Classifier, Findings: []Finding{}}
	if s.opts.Limits.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.opts.Limits.Timeout)
		defer cancel()
	}
	rc, err := obj.Open(ctx)
	if err != nil {
		res.Status, res.Reason = Error, "opening: "+err.Error()
		return res
	}
	defer rc.Close()
	x := &Extraction{s: s, agg: newAggregator(s.opts.MaxOccurrences, s.opts.Types), res: &res}
	var r io.Reader = rc
	if s.opts.Limits.MaxBytes > 0 {
		r = &limitReader{r: rc, n: s.opts.Limits.MaxBytes, x: x, what: fmt.Sprintf("max bytes per object (%d) reached", s.opts.Limits.MaxBytes)}
	}
	if ra, ok := rc.(io.ReaderAt); ok && obj.Size > 0 && (s.opts.Limits.MaxBytes <= 0 || obj.Size <= s.opts.Limits.MaxBytes) {
		// Seekable (a local file): formats that need random access read
		// it in place instead of spooling it.
		x.at = io.NewSectionReader(ra, 0, obj.Size)
	}
	format, err := x.extract(ctx, obj.Name, r, 0)
	res.Format = string(format)
	x.finish(ctx, err)
	return res
}

// Extraction collects what the handlers of one object report.
type Extraction struct {
	s        *Scanner
	agg      *aggregator
	res      *Result
	members  int
	inflated int64
	skipped  []string
	partial  []string
	errs     []string
	scanned  bool
	// at is the object itself when it is seekable.
	at *io.SectionReader
	// limitHits counts the limits hit; a parse error that follows one is
	// the cut's doing, not corruption.
	limitHits int
	// moreSkipped and moreErrs count what maxReasons left unnamed.
	moreSkipped, moreErrs, morePartial int
}

// Limits returns the scanner's limits.
func (x *Extraction) Limits() Limits { return x.s.opts.Limits }

// Text scans r as plain text. loc.Path is the member path, if any.
func (x *Extraction) Text(ctx context.Context, r io.Reader, loc classifiers.Location) error {
	return x.Structured(ctx, r, loc, nil)
}

// Structured scans r as text whose structure tr follows.
func (x *Extraction) Structured(ctx context.Context, r io.Reader, loc classifiers.Location, tr classifiers.Tracker) error {
	x.scanned = true
	n, err := x.s.eng.ScanStream(ctx, r, loc, tr, x.agg.add)
	x.res.Scanned += n
	return err
}

// Block scans one self-contained block.
func (x *Extraction) Block(b *classifiers.Block) {
	x.scanned = true
	if b.Done == 0 {
		b.Done = len(b.Data)
	}
	x.s.eng.ScanBlock(b, x.agg.add)
	x.res.Scanned += int64(b.Done - b.From)
}

// Partial records that a limit ended part of the scan.
func (x *Extraction) Partial(reason string) {
	if !slices.Contains(x.partial, reason) {
		if len(x.partial) >= maxReasons {
			x.morePartial++
			return
		}
		x.partial = append(x.partial, reason)
	}
}

// Skip records that a part was not scanned, and why.
func (x *Extraction) Skip(what, reason string) {
	if len(x.skipped) >= maxReasons {
		x.moreSkipped++ // an archive of a million pictures: counted
		return
	}
	x.skipped = append(x.skipped, what+": "+reason)
}

// maxReasons caps the skipped parts and the failures named in a reason.
const maxReasons = 20

// Fail records that a part could not be parsed; its siblings go on.
func (x *Extraction) Fail(what string, err error) {
	if len(x.errs) >= maxReasons {
		x.moreErrs++
		return
	}
	x.errs = append(x.errs, what+": "+err.Error())
}

// Member scans a nested object (an archive member, an attachment): its
// format is detected and its handler run, one level deeper. A failing
// member is recorded and does not stop its siblings.
func (x *Extraction) Member(ctx context.Context, path string, r io.Reader, depth int) {
	x.members++
	x.res.Members = x.members
	if lim := x.Limits().MaxMembers; lim > 0 && x.members > lim {
		x.Partial(fmt.Sprintf("max members (%d) reached", lim))
		return
	}
	if lim := x.Limits().MaxDepth; lim > 0 && depth > lim {
		x.Partial(fmt.Sprintf("max nesting depth (%d) reached at %s", lim, path))
		return
	}
	hits := x.limitHits
	if _, err := x.extract(ctx, path, r, depth); err != nil {
		if errors.Is(err, ErrLimit) {
			x.Partial(limitReason(err))
			return
		}
		if ctx.Err() != nil || x.limitHits > hits {
			// Cut short by the deadline or a limit, already reported.
			return
		}
		x.Fail(path, err)
	}
}

// Inflated accounts n decompressed bytes against the per-object limit; it
// returns ErrLimit once the limit is passed.
func (x *Extraction) Inflated(n int64) error {
	x.inflated += n
	if lim := x.Limits().MaxDecompressed; lim > 0 && x.inflated > lim {
		return fmt.Errorf("%w: max decompressed bytes per object (%d)", ErrLimit, lim)
	}
	return nil
}

// extract detects the format of r and runs its handler.
func (x *Extraction) extract(ctx context.Context, name string, r io.Reader, depth int) (Format, error) {
	br, head, err := peek(r, sniffLen)
	if err != nil {
		return "", fmt.Errorf("reading: %w", err)
	}
	f := Detect(name, head)
	h, ok := handlers[f]
	if !ok {
		what := name
		if depth == 0 {
			what = "object"
		}
		x.Skip(what, "unsupported format ("+string(f)+")")
		return f, nil
	}
	loc := classifiers.Location{}
	if depth > 0 {
		loc.Path = name
	}
	in := &Input{Name: name, Loc: loc, Depth: depth, Format: f}
	if sr, ok := r.(*io.SectionReader); ok {
		in.At, in.Size = sr, sr.Size()
	} else if depth == 0 && x.at != nil {
		in.At, in.Size = x.at, x.at.Size()
	}
	return f, h(ctx, br, in, x)
}

// finish sets the result's status, reason and findings.
func (x *Extraction) finish(ctx context.Context, err error) {
	res := x.res
	res.Findings, res.Severity = x.agg.findings()
	var reasons []string
	switch {
	case err != nil && errors.Is(err, ErrLimit):
		x.Partial(limitReason(err))
	case err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		x.Partial(fmt.Sprintf("per-object time limit (%s) reached", x.Limits().Timeout))
	case err != nil && x.limitHits > 0:
		// A stream cut by a limit ends early; the parser's complaint
		// about that is not corruption.
		x.Partial("after the limit: " + err.Error())
	case err != nil:
		res.Status = Error
		reasons = append(reasons, err.Error())
	}
	if len(x.errs) > 0 && res.Status != Error {
		// A corrupt member: its siblings were read, so the object is
		// partial, with the member named.
		res.Status = Partial
	}
	reasons = append(reasons, x.errs...)
	if x.moreErrs > 0 {
		reasons = append(reasons, fmt.Sprintf("and %d more failed", x.moreErrs))
	}
	if len(x.partial) > 0 && res.Status == Complete {
		res.Status = Partial
	}
	reasons = append(reasons, x.partial...)
	if x.morePartial > 0 {
		reasons = append(reasons, fmt.Sprintf("and %d more limits reached", x.morePartial))
	}
	if !x.scanned && res.Status == Complete {
		res.Status = Skipped
	}
	if len(x.skipped) > 0 {
		if res.Status == Complete && x.scanned {
			res.Status = Partial
		}
		reasons = append(reasons, x.skipped...)
		if x.moreSkipped > 0 {
			reasons = append(reasons, fmt.Sprintf("and %d more skipped", x.moreSkipped))
		}
	}
	res.Reason = strings.Join(reasons, "; ")
}

// limitReason is the reason text of a limit error.
func limitReason(err error) string {
	var le *limitError
	if errors.As(err, &le) {
		return le.msg
	}
	return strings.TrimPrefix(err.Error(), "limit reached: ")
}

// limitReader reads at most n bytes, then records the limit and ends like
// a file, so that what was read is still scanned.
type limitReader struct {
	r    io.Reader
	n    int64
	x    *Extraction
	what string
	hit  bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		if l.hit {
			return 0, io.EOF
		}
		// Is there more? Only then is it a limit.
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k == 0 {
			return 0, io.EOF
		}
		l.hit = true
		l.x.limitHit(l.what)
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}
