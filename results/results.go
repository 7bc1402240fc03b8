// Package results keeps object results durably: one JSON document per
// object (the latest scanned version), in a results bucket of the object
// store (the fleet) or in a local folder (embedded use).
//
// A document is DESIGN.md's object result plus where it came from
// (bucket, key, scan id, sweep). It never holds a raw sensitive value:
// only masked forms and keyed fingerprints, as the scanner produced them.
package results

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dredge-dev/dredge/scanner"
)

// Record is the stored document: the object result and its identity.
type Record struct {
	scanner.Result
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	// ScanID identifies the scan: bucket, key, ETag (or version id) and
	// classifier version (see ScanID).
	ScanID       string `json:"scan_id"`
	Sweep        string `json:"sweep,omitempty"`
	StorageClass string `json:"storage_class,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// SSE is how the object is stored, as the GET of its scan answered:
	// "AES256" (SSE-S3), "aws:kms", "aws:kms:dsse", "SSE-C" or "none"
	// (no server-side encryption); absent when the object was not read.
	// SSEKMSKeyID names the KMS key of SSE-KMS objects. Beside the
	// object result, like the identity fields, not part of it.
	SSE         string `json:"sse,omitempty"`
	SSEKMSKeyID string `json:"sse_kms_key_id,omitempty"`
	// Unstored says the caller knows of no stored result for this object
	// (the fleet: no record of it in Redis, a first scan). Put then writes
	// without first reading what is stored to compare digests, which
	// would find nothing: one request fewer per new object. Writing is
	// always correct; the comparison only saves rewriting an identical
	// document. Not part of the document.
	Unstored bool `json:"-"`
}

// ScanID is the idempotence key of a scan: one per object version and
// classifier version. identity is the ETag, or the version id when there
// is no ETag.
func ScanID(bucket, key, identity, classifier string) string {
	h := sha256.New()
	for _, s := range []string{bucket, key, strings.Trim(identity, `"`), classifier} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Digest identifies what a record says, leaving out when and by which
// sweep it was produced: two scans of the same version with the same
// outcome have the same digest, and the second writes nothing.
func (r *Record) Digest() string {
	c := *r
	c.ScannedAt, c.Sweep = "", ""
	b, _ := json.Marshal(&c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// ErrNotFound is returned by Get for an object with no stored result.
var ErrNotFound = errors.New("no stored result")

// Query selects stored results.
type Query struct {
	Bucket string // "" for every bucket
	Prefix string // key prefix
}

// Store keeps one record per (bucket, key).
type Store interface {
	// Put stores r unless the stored record has the same digest (not
	// looked at when r.Unstored); it reports whether it wrote.
	Put(ctx context.Context, r *Record) (bool, error)
	// Get returns the stored record, or ErrNotFound.
	Get(ctx context.Context, bucket, key string) (*Record, error)
	// Delete removes the stored record (no error when there is none).
	Delete(ctx context.Context, bucket, key string) error
	// List calls fn for every stored record matching q.
	List(ctx context.Context, q Query, fn func(*Record) error) error
	// Location describes the store (a folder or s3://bucket/prefix).
	Location() string
}

// Open returns the store at loc: s3://bucket[/prefix] for a results
// bucket (created when missing), or a folder.
func Open(ctx context.Context, loc string, s3 scanner.S3Config) (Store, error) {
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
		return NewBucketStore(ctx, cl, bucket, prefix)
	}
	if strings.Contains(loc, "://") {
		return nil, fmt.Errorf("results location %q: want a folder or s3://bucket[/prefix]", loc)
	}
	return NewLocalStore(loc)
}

// validBucket: S3 bucket names are 3-63 of [a-z0-9.-], starting with a
// letter or digit, which keeps them safe as path segments.
func validBucket(b string) error {
	if len(b) < 1 || len(b) > 255 {
		return fmt.Errorf("bucket name %q: bad length", b)
	}
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c >= 'A' && c <= 'Z'
		if !ok || i == 0 && (c == '.' || c == '-' || c == '_') {
			return fmt.Errorf("bucket name %q: not a valid bucket name", b)
		}
	}
	if b == "." || b == ".." || strings.Contains(b, "..") {
		return fmt.Errorf("bucket name %q: not a valid bucket name", b)
	}
	return nil
}

func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// hashedDir holds records whose key is too long for a plain path. Bucket
// names never start with "_", so it can't clash with a bucket folder.
const hashedDir = "_hashed"
