package remediate

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// Entry is one audit log record: an action applied (or undone), with the
// state before and after, the rule, the time and the actor. It names
// objects and settings, never a scanned value.
type Entry struct {
	Seq int64 `json:"seq"`
	// ID is the action ID `dredge remediate undo` takes.
	ID     string `json:"id"`
	Time   string `json:"time"`
	Actor  string `json:"actor"`
	Rule   string `json:"rule,omitempty"`
	Action string `json:"action"` // tag, quarantine, block_public, enforce_encryption, notify, undo
	Bucket string `json:"bucket"`
	Key    string `json:"key,omitempty"`
	// Version and ETag of the object acted on.
	Version string `json:"version_id,omitempty"`
	ETag    string `json:"etag,omitempty"`
	ScanID  string `json:"scan_id,omitempty"`
	// Idem is the idempotence key of a one-shot action (notify).
	Idem   string          `json:"idem,omitempty"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Outcome is "applied" or "undone"; Detail says what changed (the
	// fields `dredge report --audit-log` reads).
	Outcome string `json:"outcome"`
	Detail  string `json:"detail,omitempty"`
	// Undoes is the action ID an undo entry reverts.
	Undoes string `json:"undoes,omitempty"`
	// Trigger says what ran it: "cli", "task:<id>".
	Trigger string `json:"trigger,omitempty"`
	// Prev is the hash of the previous entry, Hash this entry's hash
	// (SHA-256 over Prev and the entry without Hash): a chain that shows
	// an edited or removed line.
	Prev string `json:"prev"`
	Hash string `json:"hash"`
}

// computeHash returns the entry's chain hash.
func (e *Entry) computeHash() string {
	c := *e
	c.Hash = ""
	b, _ := json.Marshal(&c)
	h := sha256.New()
	h.Write([]byte(e.Prev))
	h.Write([]byte{0})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// AuditLog is an append-only log of entries.
type AuditLog interface {
	// Append sets e's Seq, Prev and Hash and appends it.
	Append(ctx context.Context, e *Entry) error
	// List calls fn for every entry in order.
	List(ctx context.Context, fn func(*Entry) error) error
	Location() string
}

// ErrChain reports a broken hash chain.
var ErrChain = errors.New("audit log hash chain broken")

// Verify walks the log and checks the chain and sequence.
func Verify(ctx context.Context, l AuditLog) (int, error) {
	prev := ""
	var seq int64
	n := 0
	err := l.List(ctx, func(e *Entry) error {
		n++
		if e.Prev != prev {
			return fmt.Errorf("%w at entry %d (%s): prev %q, want %q", ErrChain, e.Seq, e.ID, e.Prev, prev)
		}
		if e.computeHash() != e.Hash {
			return fmt.Errorf("%w at entry %d (%s): content does not match its hash", ErrChain, e.Seq, e.ID)
		}
		if e.Seq != seq+1 {
			return fmt.Errorf("%w at entry %d (%s): sequence jumps from %d", ErrChain, e.Seq, e.ID, seq)
		}
		seq, prev = e.Seq, e.Hash
		return nil
	})
	return n, err
}

// OpenAuditLog opens the log at loc: s3://bucket[/prefix] or a file path.
// An empty loc puts it beside the results: <folder>/_audit/audit.jsonl or
// s3://<results bucket>/<prefix>/_audit/.
func OpenAuditLog(ctx context.Context, loc, resultsLoc string, s3 scanner.S3Config) (AuditLog, error) {
	if loc == "" {
		switch {
		case resultsLoc == "":
			return nil, errors.New("no audit log: set remediation.audit_log or give a results location")
		case scanner.IsS3URL(resultsLoc):
			b, p, err := scanner.ParseS3URL(resultsLoc)
			if err != nil {
				return nil, err
			}
			p = strings.Trim(p, "/")
			if p == "" {
				p = results.DefaultPrefix
			}
			loc = "s3://" + b + "/" + p + "/_audit"
		default:
			loc = filepath.Join(resultsLoc, "_audit", "audit.jsonl")
		}
	}
	if scanner.IsS3URL(loc) {
		b, p, err := scanner.ParseS3URL(loc)
		if err != nil {
			return nil, err
		}
		cl, err := scanner.NewS3Client(s3)
		if err != nil {
			return nil, err
		}
		return NewS3Log(cl, b, p), nil
	}
	return &FileLog{Path: loc}, nil
}

// FileLog is a JSON Lines file. Appends from several processes are
// serialized with an exclusive flock on the file.
type FileLog struct {
	Path string
	mu   sync.Mutex
}

// Location is the file path.
func (l *FileLog) Location() string { return l.Path }

// Append adds e at the end of the file (fsynced).
func (l *FileLog) Append(ctx context.Context, e *Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o750); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	f, err := os.OpenFile(l.Path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("audit log: lock: %w", err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	last, err := lastLine(f)
	if err != nil {
		return fmt.Errorf("audit log %s: %w", l.Path, err)
	}
	e.Seq, e.Prev = 1, ""
	if len(last) > 0 {
		var p Entry
		if err := json.Unmarshal(last, &p); err != nil {
			return fmt.Errorf("audit log %s: last line: %w", l.Path, err)
		}
		e.Seq, e.Prev = p.Seq+1, p.Hash
	}
	e.Hash = e.computeHash()
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return f.Sync()
}

// lastLine returns the last complete line of f. A torn tail (a crash
// mid-write left a line without its newline) is cut off first, so the
// next entry starts on a line of its own.
func lastLine(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, nil
	}
	const chunk = 64 << 10
	var buf []byte
	off := size
	for off > 0 {
		n := min(int64(chunk), off)
		off -= n
		b := make([]byte, n)
		if _, err := f.ReadAt(b, off); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		buf = append(b, buf...)
		end := bytes.LastIndexByte(buf, '\n')
		if end < 0 {
			if off > 0 {
				continue
			}
			// No complete line at all: the whole file is a torn write.
			return nil, f.Truncate(0)
		}
		if int64(end)+1 < int64(len(buf)) {
			if err := f.Truncate(off + int64(end) + 1); err != nil {
				return nil, err
			}
			buf = buf[:end+1]
		}
		body := buf[:end]
		if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
			return body[i+1:], nil
		}
		if off == 0 {
			return body, nil
		}
	}
	return nil, nil
}

// List reads every complete line in order.
func (l *FileLog) List(ctx context.Context, fn func(*Entry) error) error {
	f, err := os.Open(l.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil // a torn last line has no '\n': skipped
		}
		if err != nil {
			return err
		}
		var e Entry
		if err := json.Unmarshal(line, &e); err != nil {
			return fmt.Errorf("audit log %s line %d: %w", l.Path, n, err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
}

// S3Log keeps one object per entry, <prefix>/<seq, 20 digits>.jsonl,
// written with If-None-Match: * so two writers never take the same
// sequence number (the loser re-reads the head and retries).
type S3Log struct {
	cl     *minio.Client
	bucket string
	prefix string
	mu     sync.Mutex
	head   *Entry
}

// NewS3Log returns a log in bucket under prefix (default "audit").
func NewS3Log(cl *minio.Client, bucket, prefix string) *S3Log {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		prefix = "audit"
	}
	return &S3Log{cl: cl, bucket: bucket, prefix: prefix + "/"}
}

// Location is s3://bucket/prefix.
func (l *S3Log) Location() string {
	return "s3://" + l.bucket + "/" + strings.TrimSuffix(l.prefix, "/")
}

func (l *S3Log) key(seq int64) string { return fmt.Sprintf("%s%020d.jsonl", l.prefix, seq) }

// findHead reads the last entry (listing from the cached head on).
func (l *S3Log) findHead(ctx context.Context) error {
	after := ""
	if l.head != nil {
		after = l.key(l.head.Seq)
	}
	lastKey := ""
	for info := range l.cl.ListObjects(ctx, l.bucket, minio.ListObjectsOptions{Prefix: l.prefix, StartAfter: after, Recursive: true}) {
		if info.Err != nil {
			if scanner.ClassifyS3Error(info.Err) == scanner.S3Gone {
				return nil
			}
			return posture.Call("ListObjectsV2", l.bucket, "", info.Err)
		}
		if strings.HasSuffix(info.Key, ".jsonl") {
			lastKey = info.Key
		}
	}
	if lastKey == "" {
		return nil
	}
	e, err := l.get(ctx, lastKey)
	if err != nil {
		return err
	}
	l.head = e
	return nil
}

func (l *S3Log) get(ctx context.Context, key string) (*Entry, error) {
	obj, err := l.cl.GetObject(ctx, l.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, posture.Call("GetObject", l.bucket, key, err)
	}
	defer obj.Close()
	b, err := io.ReadAll(io.LimitReader(obj, 16<<20))
	if err != nil {
		return nil, posture.Call("GetObject", l.bucket, key, err)
	}
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("audit log s3://%s/%s: %w", l.bucket, key, err)
	}
	return &e, nil
}

// Append writes e as the next entry.
func (l *S3Log) Append(ctx context.Context, e *Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for attempt := 0; attempt < 20; attempt++ {
		if err := l.findHead(ctx); err != nil {
			return err
		}
		e.Seq, e.Prev = 1, ""
		if l.head != nil {
			e.Seq, e.Prev = l.head.Seq+1, l.head.Hash
		}
		e.Hash = e.computeHash()
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		b = append(b, '\n')
		opts := minio.PutObjectOptions{ContentType: "application/x-ndjson"}
		opts.SetMatchETagExcept("*")
		_, err = l.cl.PutObject(ctx, l.bucket, l.key(e.Seq), bytes.NewReader(b), int64(len(b)), opts)
		if err == nil {
			c := *e
			l.head = &c
			return nil
		}
		if code := minio.ToErrorResponse(err).Code; code == "PreconditionFailed" || code == "ConditionalRequestConflict" {
			continue // another writer took this number
		}
		return posture.Call("PutObject", l.bucket, l.key(e.Seq), err)
	}
	return errors.New("audit log: too much contention appending")
}

// List reads every entry in sequence order.
func (l *S3Log) List(ctx context.Context, fn func(*Entry) error) error {
	for info := range l.cl.ListObjects(ctx, l.bucket, minio.ListObjectsOptions{Prefix: l.prefix, Recursive: true}) {
		if info.Err != nil {
			if scanner.ClassifyS3Error(info.Err) == scanner.S3Gone {
				return nil
			}
			return posture.Call("ListObjectsV2", l.bucket, "", info.Err)
		}
		if !strings.HasSuffix(info.Key, ".jsonl") {
			continue
		}
		if _, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(info.Key, l.prefix), ".jsonl"), 10, 64); err != nil {
			continue
		}
		e, err := l.get(ctx, info.Key)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Find returns the entry with action ID id.
func Find(ctx context.Context, l AuditLog, id string) (*Entry, error) {
	var found *Entry
	err := l.List(ctx, func(e *Entry) error {
		if e.ID == id {
			found = e
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, fmt.Errorf("no action %s in the audit log %s", id, l.Location())
	}
	return found, nil
}
