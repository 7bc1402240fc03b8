package results

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/scanner"
)

// BucketStore keeps records in a results bucket:
// <prefix>/<bucket>/<key>.json, or <prefix>/_hashed/<bucket>/<sha256>.json
// for keys too long to carry. Each document's digest is kept in its user
// metadata (x-amz-meta-dredge-digest) so an unchanged record is not
// written again.
type BucketStore struct {
	cl     *minio.Client
	bucket string
	prefix string // "" or "p/" ...
}

// DefaultPrefix is the key prefix of records when the location gives none.
const DefaultPrefix = "results"

// NewBucketStore returns a store in bucket under prefix (DefaultPrefix
// when empty), creating the bucket when missing.
func NewBucketStore(ctx context.Context, cl *minio.Client, bucket, prefix string) (*BucketStore, error) {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		prefix = DefaultPrefix
	}
	s := &BucketStore{cl: cl, bucket: bucket, prefix: prefix + "/"}
	ok, err := cl.BucketExists(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("results bucket %s: %w", bucket, err)
	}
	if !ok {
		if err := cl.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
			var er minio.ErrorResponse
			if !errors.As(err, &er) || er.Code != "BucketAlreadyOwnedByYou" && er.Code != "BucketAlreadyExists" {
				return nil, fmt.Errorf("creating results bucket %s: %w", bucket, err)
			}
		}
	}
	return s, nil
}

// Location is s3://bucket/prefix.
func (s *BucketStore) Location() string {
	return "s3://" + s.bucket + "/" + strings.TrimSuffix(s.prefix, "/")
}

// Bucket and Prefix name where records live (a sweep of the results
// bucket leaves them out).
func (s *BucketStore) Bucket() string { return s.bucket }

// Prefix is the key prefix of every record ("results/").
func (s *BucketStore) Prefix() string { return s.prefix }

func (s *BucketStore) objectKey(bucket, key string) (string, error) {
	if err := validBucket(bucket); err != nil {
		return "", err
	}
	k := s.prefix + bucket + "/" + key + ".json"
	if len(k) > 1000 || awkwardKey(key) {
		return s.prefix + hashedDir + "/" + bucket + "/" + hashKey(key) + ".json", nil
	}
	return k, nil
}

const digestMeta = "Dredge-Digest"

// Put writes r unless the stored record has the same digest (one HEAD
// request; none when r.Unstored).
func (s *BucketStore) Put(ctx context.Context, r *Record) (bool, error) {
	k, err := s.objectKey(r.Bucket, r.Key)
	if err != nil {
		return false, err
	}
	digest := r.Digest()
	if !r.Unstored {
		info, err := s.cl.StatObject(ctx, s.bucket, k, minio.StatObjectOptions{})
		if err == nil {
			for mk, v := range info.UserMetadata {
				if strings.EqualFold(mk, digestMeta) && v == digest {
					return false, nil
				}
			}
		} else if scanner.ClassifyS3Error(err) != scanner.S3Gone {
			return false, fmt.Errorf("results store: %w", err)
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		return false, err
	}
	data = append(data, '\n')
	meta := map[string]string{"dredge-digest": digest, "dredge-status": string(r.Status)}
	if r.Severity > 0 {
		meta["dredge-severity"] = r.Severity.String()
	}
	_, err = s.cl.PutObject(ctx, s.bucket, k, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{
		ContentType: "application/json", UserMetadata: meta,
	})
	if err != nil {
		return false, fmt.Errorf("results store: %w", err)
	}
	return true, nil
}

// Get returns the stored record of bucket/key.
func (s *BucketStore) Get(ctx context.Context, bucket, key string) (*Record, error) {
	k, err := s.objectKey(bucket, key)
	if err != nil {
		return nil, err
	}
	return s.get(ctx, k)
}

func (s *BucketStore) get(ctx context.Context, k string) (*Record, error) {
	rc, _, _, err := minio.Core{Client: s.cl}.GetObject(ctx, s.bucket, k, minio.GetObjectOptions{})
	if err != nil {
		if scanner.ClassifyS3Error(err) == scanner.S3Gone {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("results store: %w", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("results store: %w", err)
	}
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("results store: s3://%s/%s: %w", s.bucket, k, err)
	}
	return &r, nil
}

// Delete removes the stored record of bucket/key.
func (s *BucketStore) Delete(ctx context.Context, bucket, key string) error {
	k, err := s.objectKey(bucket, key)
	if err != nil {
		return err
	}
	if err := s.cl.RemoveObject(ctx, s.bucket, k, minio.RemoveObjectOptions{}); err != nil &&
		scanner.ClassifyS3Error(err) != scanner.S3Gone {
		return fmt.Errorf("results store: %w", err)
	}
	return nil
}

// listFetchers is how many stored results List reads at once. One GET
// at a time, a report or a findings query over a million results waited
// on a million round trips (about 800 results per second from a local
// MinIO; docs/BENCHMARKS.md, Results store).
const listFetchers = 16

// List calls fn for every record matching q, in the listing's key order.
func (s *BucketStore) List(ctx context.Context, q Query, fn func(*Record) error) error {
	var prefixes []string
	if q.Bucket != "" {
		if err := validBucket(q.Bucket); err != nil {
			return err
		}
		prefixes = []string{s.prefix + q.Bucket + "/" + q.Prefix, s.prefix + hashedDir + "/" + q.Bucket + "/"}
	} else {
		prefixes = []string{s.prefix}
	}
	for _, p := range prefixes {
		if err := s.listPrefix(ctx, p, q, fn); err != nil {
			return err
		}
	}
	return nil
}

// listPrefix lists the documents under prefix and reads up to
// listFetchers of them ahead of fn, handing them to fn in order.
func (s *BucketStore) listPrefix(ctx context.Context, prefix string, q Query, fn func(*Record) error) error {
	type fetched struct {
		r   *Record
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	// Each listed document gets a slot, queued in listing order; its GET
	// fills it. The queue's capacity bounds the GETs in flight.
	slots := make(chan chan fetched, listFetchers)
	var listErr error
	go func() {
		defer close(slots)
		for info := range s.cl.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
			if info.Err != nil {
				listErr = fmt.Errorf("results store: listing: %w", info.Err)
				return
			}
			if !strings.HasSuffix(info.Key, ".json") {
				continue
			}
			slot := make(chan fetched, 1)
			select {
			case slots <- slot:
			case <-ctx.Done():
				return
			}
			go func(k string) {
				r, err := s.get(ctx, k)
				slot <- fetched{r, err}
			}(info.Key)
		}
	}()
	stop := func(err error) error {
		cancel()
		for range slots { // until the lister has returned
		}
		return err
	}
	for slot := range slots {
		f := <-slot
		if errors.Is(f.err, ErrNotFound) {
			continue // deleted meanwhile
		}
		if f.err != nil {
			return stop(f.err)
		}
		if q.Bucket != "" && f.r.Bucket != q.Bucket || !strings.HasPrefix(f.r.Key, q.Prefix) {
			continue
		}
		if err := fn(f.r); err != nil {
			return stop(err)
		}
	}
	err := listErr // set before slots was closed
	if err == nil {
		// The caller's context ended (the lister stops at that, and the
		// documents already read may all have arrived): the listing is
		// not complete.
		err = ctx.Err()
	}
	cancel()
	return err
}

// awkwardKey: keys some stores refuse or rewrite as object names (empty,
// "." or ".." segments, backslashes, control characters) are stored
// under their hash.
func awkwardKey(key string) bool {
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return true
		}
	}
	for _, c := range key {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return true
		}
	}
	return false
}
