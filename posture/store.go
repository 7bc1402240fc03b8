package posture

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// Store keeps the latest posture report of each bucket beside the scan
// results: <results folder>/_posture/<bucket>.posture, or
// s3://<results bucket>/<prefix>/_posture/<bucket>.posture. The suffix is
// not .json, so the results store's own listings never see them, and a
// sweep of the results bucket leaves them out with the results.
type Store struct {
	dir    string
	cl     *minio.Client
	bucket string
	prefix string
}

// ErrNotFound: no report stored for the bucket.
var ErrNotFound = errors.New("no posture report stored")

const storeDir = "_posture"
const storeExt = ".posture"

// OpenStore opens the posture store at a results location (a folder or
// s3://bucket[/prefix], as results.Open takes).
func OpenStore(ctx context.Context, loc string, s3 scanner.S3Config) (*Store, error) {
	if loc == "" {
		return nil, errors.New("no results location: give --results or DREDGE_RESULTS (a folder or s3://bucket[/prefix])")
	}
	if scanner.IsS3URL(loc) {
		bucket, prefix, err := scanner.ParseS3URL(loc)
		if err != nil {
			return nil, err
		}
		cl, err := scanner.NewS3Client(s3)
		if err != nil {
			return nil, err
		}
		return NewBucketStore(cl, bucket, prefix), nil
	}
	if strings.Contains(loc, "://") {
		return nil, fmt.Errorf("results location %q: want a folder or s3://bucket[/prefix]", loc)
	}
	return &Store{dir: loc}, nil
}

// NewBucketStore keeps reports in bucket under prefix (results.DefaultPrefix
// when empty), beside a results.BucketStore of the same bucket and prefix.
func NewBucketStore(cl *minio.Client, bucket, prefix string) *Store {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		prefix = results.DefaultPrefix
	}
	return &Store{cl: cl, bucket: bucket, prefix: prefix + "/" + storeDir + "/"}
}

// Location describes where reports live.
func (s *Store) Location() string {
	if s.cl != nil {
		return "s3://" + s.bucket + "/" + strings.TrimSuffix(s.prefix, "/")
	}
	return filepath.Join(s.dir, storeDir)
}

// Put stores a report (replacing the bucket's previous one).
func (s *Store) Put(ctx context.Context, r *Report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if s.cl != nil {
		_, err := s.cl.PutObject(ctx, s.bucket, s.prefix+r.Bucket+storeExt, bytes.NewReader(data), int64(len(data)),
			minio.PutObjectOptions{ContentType: "application/json"})
		if err != nil {
			return fmt.Errorf("posture store: %w", Call("PutObject", s.bucket, s.prefix+r.Bucket+storeExt, err))
		}
		return nil
	}
	dir := filepath.Join(s.dir, storeDir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, r.Bucket+storeExt))
}

// Get returns the stored report of a bucket, or ErrNotFound.
func (s *Store) Get(ctx context.Context, bucket string) (*Report, error) {
	var data []byte
	if s.cl != nil {
		obj, err := s.cl.GetObject(ctx, s.bucket, s.prefix+bucket+storeExt, minio.GetObjectOptions{})
		if err == nil {
			data, err = io.ReadAll(io.LimitReader(obj, 64<<20))
			obj.Close()
		}
		if err != nil {
			if scanner.ClassifyS3Error(err) == scanner.S3Gone {
				return nil, ErrNotFound
			}
			return nil, fmt.Errorf("posture store: %w", err)
		}
	} else {
		var err error
		data, err = os.ReadFile(filepath.Join(s.dir, storeDir, bucket+storeExt))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNotFound
		}
		if err != nil {
			return nil, err
		}
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("posture report of %s: %w", bucket, err)
	}
	return &r, nil
}

// List calls fn for every stored report, in bucket order.
func (s *Store) List(ctx context.Context, fn func(*Report) error) error {
	var names []string
	if s.cl != nil {
		for info := range s.cl.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
			if info.Err != nil {
				if scanner.ClassifyS3Error(info.Err) == scanner.S3Gone {
					return nil
				}
				return fmt.Errorf("posture store: %w", info.Err)
			}
			if strings.HasSuffix(info.Key, storeExt) {
				names = append(names, strings.TrimSuffix(strings.TrimPrefix(info.Key, s.prefix), storeExt))
			}
		}
	} else {
		ents, err := os.ReadDir(filepath.Join(s.dir, storeDir))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), storeExt) && !strings.HasPrefix(e.Name(), ".") {
				names = append(names, strings.TrimSuffix(e.Name(), storeExt))
			}
		}
	}
	sort.Strings(names)
	for _, n := range names {
		r, err := s.Get(ctx, n)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// errStop ends a listing early.
var errStop = errors.New("stop")

// SensitiveCounter counts a bucket's stored results with findings (up to
// limit, 0: no limit), for Checker.Sensitive.
func SensitiveCounter(st results.Store, limit int) func(ctx context.Context, bucket string) (int, error) {
	return func(ctx context.Context, bucket string) (int, error) {
		n := 0
		err := st.List(ctx, results.Query{Bucket: bucket}, func(r *results.Record) error {
			if r.Count() > 0 {
				n++
				if limit > 0 && n >= limit {
					return errStop
				}
			}
			return nil
		})
		if errors.Is(err, errStop) {
			err = nil
		}
		return n, err
	}
}

// SensitiveFromAggregates counts a bucket's objects with findings from the
// fleet's per-bucket aggregates in Redis (exact, one read), for
// Checker.Sensitive. Counting from the results store reads every stored
// result of the bucket until it has found enough: a posture check, which
// every sweep runs, of a million mostly clean objects read a million
// documents. A bucket without aggregates (never swept by this fleet) is
// counted by fallback.
func SensitiveFromAggregates(agg *queue.Aggregates, fallback func(ctx context.Context, bucket string) (int, error)) func(ctx context.Context, bucket string) (int, error) {
	return func(ctx context.Context, bucket string) (int, error) {
		st, err := agg.Bucket(ctx, bucket)
		if err != nil {
			return 0, fmt.Errorf("bucket aggregates of %s: %w", bucket, err)
		}
		if st.Objects == 0 && fallback != nil {
			return fallback(ctx, bucket)
		}
		return int(st.WithFindings), nil
	}
}

// ScanSSECounter reads the per-object encryption counted during scans from
// the fleet's per-bucket aggregates in Redis, for Checker.ScanSSE. A
// bucket no scan has read an encryption for gives nil.
func ScanSSECounter(agg *queue.Aggregates) func(ctx context.Context, bucket string) (*ScanSSE, error) {
	return func(ctx context.Context, bucket string) (*ScanSSE, error) {
		st, err := agg.Bucket(ctx, bucket)
		if err != nil {
			return nil, fmt.Errorf("bucket aggregates of %s: %w", bucket, err)
		}
		if st.SSE.Checked == 0 {
			return nil, nil
		}
		return &ScanSSE{Checked: st.SSE.Checked, Unencrypted: st.SSE.Unencrypted, ByAlgorithm: st.SSE.ByAlgorithm,
			Source: "Redis per-bucket aggregates over each object's latest scan"}, nil
	}
}
