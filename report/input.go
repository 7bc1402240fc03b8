package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// unmarshal decodes one result document. It uses the encoding/json/v2
// prototype, about four times faster than encoding/json here (the decoding
// is most of a large report's time; docs/BENCHMARKS.md), lenient as v1 is
// about duplicate names and invalid UTF-8. Go 1.27's encoding/json/v2 is
// the same API.
func unmarshal(data []byte, v any) error {
	return jsonv2.Unmarshal(data, v, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
}

// A Source yields the result documents of a results store: records of the
// results package (object result + bucket, key, sweep), or plain object
// results as `dredge scan --format jsonl` prints them.
type Source interface {
	// Each calls fn for every document, in a stable order. With light, only
	// the identity fields (object, bucket, key, sweep, scanned_at) need be
	// filled. bad is told about documents that cannot be read; reading
	// goes on.
	Each(ctx context.Context, light bool, fn func(*results.Record) error, bad func(where string, err error)) error
	// Location names the source.
	Location() string
	// Local reports whether documents may name local paths (not a results
	// bucket, whose records always carry their bucket).
	Local() bool
}

// OpenSource opens --results: s3://bucket[/prefix] (a results bucket, read
// with the results package), a folder (every *.json, *.jsonl and *.ndjson
// under it: a local results store, or any folder of result documents), or
// one file (JSON Lines, one JSON document, an array of them, or the
// `dredge scan --format json` document).
func OpenSource(ctx context.Context, loc string, s3 scanner.S3Config) (Source, error) {
	if loc == "" {
		return nil, errors.New("no results: give --results DIR|FILE|s3://bucket/prefix")
	}
	if scanner.IsS3URL(loc) {
		bucket, _, err := scanner.ParseS3URL(loc)
		if err != nil {
			return nil, err
		}
		cl, err := scanner.NewS3Client(s3)
		if err != nil {
			return nil, err
		}
		// A report reads; it must not create the results bucket on a typo
		// (results.Open would).
		ok, err := cl.BucketExists(ctx, bucket)
		if err != nil {
			return nil, fmt.Errorf("results bucket %s: %w", bucket, err)
		}
		if !ok {
			return nil, fmt.Errorf("results bucket %s: no such bucket", bucket)
		}
		st, err := results.Open(ctx, loc, s3)
		if err != nil {
			return nil, err
		}
		return &storeSource{st: st}, nil
	}
	if strings.Contains(loc, "://") {
		return nil, fmt.Errorf("--results %q: want a folder, a file or s3://bucket[/prefix]", loc)
	}
	fi, err := os.Stat(loc)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return &dirSource{dir: loc}, nil
	}
	return &fileSource{path: loc}, nil
}

// storeSource reads a results store through its List.
type storeSource struct {
	st results.Store
	q  results.Query
}

func (s *storeSource) Location() string { return s.st.Location() }
func (s *storeSource) Local() bool      { return false }
func (s *storeSource) Each(ctx context.Context, light bool, fn func(*results.Record) error, bad func(string, error)) error {
	return s.st.List(ctx, s.q, fn)
}

// NewStoreSource reads a results.Store (q narrows the listing).
func NewStoreSource(st results.Store, q results.Query) Source { return &storeSource{st: st, q: q} }

type dirSource struct{ dir string }

func (d *dirSource) Location() string { return d.dir }
func (d *dirSource) Local() bool      { return true }
func (d *dirSource) Each(ctx context.Context, light bool, fn func(*results.Record) error, bad func(string, error)) error {
	return filepath.WalkDir(d.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := e.Name()
		if e.IsDir() {
			// Dot folders, and the folders the posture and remediate
			// packages keep beside a results store (_posture, _audit):
			// bucket names never start with "_"; _hashed holds records.
			if p != d.dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") && name != "_hashed") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !e.Type().IsRegular() {
			return nil // temporary files of the store (.tmp-*), dot files
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".json", ".jsonl", ".ndjson":
			return readFile(ctx, p, light, fn, bad)
		}
		return nil
	})
}

type fileSource struct{ path string }

func (f *fileSource) Location() string { return f.path }
func (f *fileSource) Local() bool      { return true }
func (f *fileSource) Each(ctx context.Context, light bool, fn func(*results.Record) error, bad func(string, error)) error {
	return readFile(ctx, f.path, light, fn, bad)
}

// maxLine bounds one document (a record keeps at most ~100 occurrences per
// identifier: far below this).
const maxLine = 64 << 20

// doc decodes any of the accepted documents: a record or object result,
// or the `dredge scan --format json` wrapper with its results.
type doc struct {
	results.Record
	Results []results.Record `json:"results"`
}

// lightDoc is doc's identity fields only.
type lightDoc struct {
	Object    string     `json:"object"`
	Bucket    string     `json:"bucket"`
	Key       string     `json:"key"`
	Sweep     string     `json:"sweep"`
	ScannedAt string     `json:"scanned_at"`
	Status    string     `json:"status"`
	Results   []lightDoc `json:"results"`
}

func (l *lightDoc) record() *results.Record {
	r := &results.Record{Bucket: l.Bucket, Key: l.Key, Sweep: l.Sweep}
	r.Object, r.ScannedAt, r.Status = l.Object, l.ScannedAt, scanner.Status(l.Status)
	return r
}

func decodeDoc(data []byte, light bool, fn func(*results.Record) error) error {
	if light {
		var d lightDoc
		if err := unmarshal(data, &d); err != nil {
			return &decodeError{err}
		}
		if d.Results != nil {
			for i := range d.Results {
				if err := fn(d.Results[i].record()); err != nil {
					return err
				}
			}
			return nil
		}
		return fn(d.record())
	}
	var d doc
	if err := unmarshal(data, &d); err != nil {
		return &decodeError{err}
	}
	if d.Results != nil {
		for i := range d.Results {
			if err := fn(&d.Results[i]); err != nil {
				return err
			}
		}
		return nil
	}
	return fn(&d.Record)
}

type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }

// readFile reads JSON Lines (one document a line; a bad line is reported
// and skipped), or, when the file does not start with a one-line document,
// a stream of JSON documents or an array of them.
func readFile(ctx context.Context, path string, light bool, fn func(*results.Record) error, bad func(string, error)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	lineNo := 0
	for {
		line, err := readLine(br)
		if len(bytes.TrimSpace(line)) > 0 || err == nil {
			lineNo++
		}
		t := bytes.TrimSpace(line)
		if len(t) > 0 {
			if lineNo == 1 && !json.Valid(t) && (t[0] == '{' || t[0] == '[') {
				// A multi-line document: decode the file as a stream.
				if _, serr := f.Seek(0, io.SeekStart); serr != nil {
					return serr
				}
				return readStream(ctx, path, f, light, fn, bad)
			}
			if t[0] == '[' {
				if derr := readArray(t, light, fn); derr != nil {
					var de *decodeError
					if !errors.As(derr, &de) {
						return derr
					}
					bad(fmt.Sprintf("%s:%d", path, lineNo), de.err)
				}
			} else if derr := decodeDoc(t, light, fn); derr != nil {
				var de *decodeError
				if !errors.As(derr, &de) {
					return derr
				}
				bad(fmt.Sprintf("%s:%d", path, lineNo), de.err)
			}
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, errLongLine) {
				bad(fmt.Sprintf("%s:%d", path, lineNo), err)
				continue
			}
			return err
		}
	}
}

var errLongLine = fmt.Errorf("document longer than %d MiB", maxLine>>20)

// readLine returns one line without its newline; a line longer than
// maxLine is skipped and errLongLine returned.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		part, err := br.ReadSlice('\n')
		if len(buf)+len(part) > maxLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errLongLine
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			buf = append(buf, part...)
			continue
		}
		if buf != nil {
			buf = append(buf, part...)
			return buf, err
		}
		return part, err
	}
}

func readArray(data []byte, light bool, fn func(*results.Record) error) error {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return &decodeError{err}
	}
	for _, it := range items {
		if err := decodeDoc(it, light, fn); err != nil {
			return err
		}
	}
	return nil
}

func readStream(ctx context.Context, path string, r io.Reader, light bool, fn func(*results.Record) error, bad func(string, error)) error {
	br := bufio.NewReaderSize(r, 256<<10)
	array := false
	for {
		b, err := br.Peek(1)
		if err != nil {
			return nil // empty file
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
			br.ReadByte()
			continue
		}
		array = b[0] == '['
		break
	}
	dec := json.NewDecoder(br)
	if array {
		if _, err := dec.Token(); err != nil {
			bad(path, err)
			return nil
		}
	}
	for n := 1; !array || dec.More(); n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if err == io.EOF && !array {
				return nil
			}
			bad(fmt.Sprintf("%s: document %d", path, n), err)
			return nil // the stream cannot be resynchronised
		}
		if err := decodeDoc(raw, light, fn); err != nil {
			var de *decodeError
			if !errors.As(err, &de) {
				return err
			}
			bad(fmt.Sprintf("%s: document %d", path, n), de.err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
