package results

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LocalStore keeps records as files under a folder:
// DIR/<bucket>/<escaped key>.json, or DIR/_hashed/<bucket>/<sha256>.json
// for keys too long for a path. Writes are atomic (temporary file, then
// rename).
type LocalStore struct {
	dir string
}

// NewLocalStore returns a store in dir (created when missing).
func NewLocalStore(dir string) (*LocalStore, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("results folder: %w", err)
	}
	return &LocalStore{dir: dir}, nil
}

// Location is the folder.
func (s *LocalStore) Location() string { return s.dir }

// escapeSegment makes one key segment a safe file name: everything but
// [A-Za-z0-9._-] is %XX-escaped, and ".", ".." and "" get an escaped form
// of their own, so no key can leave the folder or clash with another.
func escapeSegment(seg string) string {
	switch seg {
	case "":
		return "%"
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func (s *LocalStore) path(bucket, key string) (string, error) {
	if err := validBucket(bucket); err != nil {
		return "", err
	}
	segs := strings.Split(key, "/")
	long := len(key) > 900
	for i, seg := range segs {
		segs[i] = escapeSegment(seg)
		if len(segs[i]) > 200 {
			long = true
		}
	}
	if long {
		return filepath.Join(s.dir, hashedDir, bucket, hashKey(key)+".json"), nil
	}
	return filepath.Join(append([]string{s.dir, bucket}, segs...)...) + ".json", nil
}

// Put writes r unless the stored record has the same digest (not read
// when r.Unstored).
func (s *LocalStore) Put(ctx context.Context, r *Record) (bool, error) {
	p, err := s.path(r.Bucket, r.Key)
	if err != nil {
		return false, err
	}
	if !r.Unstored {
		if old, err := readRecord(p); err == nil && old.Digest() == r.Digest() {
			return false, nil
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return false, err
	}
	return true, nil
}

func readRecord(p string) (*Record, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(bytes.TrimSpace(data), &r); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &r, nil
}

// Get returns the stored record of bucket/key.
func (s *LocalStore) Get(ctx context.Context, bucket, key string) (*Record, error) {
	p, err := s.path(bucket, key)
	if err != nil {
		return nil, err
	}
	return readRecord(p)
}

// Delete removes the stored record of bucket/key.
func (s *LocalStore) Delete(ctx context.Context, bucket, key string) error {
	p, err := s.path(bucket, key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// List calls fn for every record matching q, bucket by bucket in name
// order.
func (s *LocalStore) List(ctx context.Context, q Query, fn func(*Record) error) error {
	var roots []string
	if q.Bucket != "" {
		if err := validBucket(q.Bucket); err != nil {
			return err
		}
		roots = []string{filepath.Join(s.dir, q.Bucket), filepath.Join(s.dir, hashedDir, q.Bucket)}
	} else {
		ents, err := os.ReadDir(s.dir)
		if err != nil {
			return err
		}
		for _, e := range ents {
			if e.IsDir() && e.Name() != hashedDir {
				roots = append(roots, filepath.Join(s.dir, e.Name()))
			}
		}
		roots = append(roots, filepath.Join(s.dir, hashedDir))
	}
	sort.Strings(roots)
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if d.IsDir() || !strings.HasSuffix(p, ".json") || strings.HasPrefix(d.Name(), ".tmp-") {
				return nil
			}
			r, err := readRecord(p)
			if err != nil {
				if errors.Is(err, ErrNotFound) {
					return nil
				}
				return err
			}
			if q.Bucket != "" && r.Bucket != q.Bucket || !strings.HasPrefix(r.Key, q.Prefix) {
				return nil
			}
			return fn(r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
