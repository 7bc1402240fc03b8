package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// BucketLocker is a lock per bucket that every worker sees (a Redis key
// with a keep-alive, as the scans' object locks): remediation takes it
// around each change to a bucket's policy, ACL or encryption
// (remediate.Locker). The empty key names the bucket: no object has it.
type BucketLocker struct {
	Agg *Aggregates
	// TTL bounds how long a dead holder blocks the bucket (default 30s;
	// a live holder keeps extending it).
	TTL time.Duration
	// Poll is the wait between attempts (default 100ms).
	Poll time.Duration
}

// LockBucket waits until it holds the bucket's lock, or ctx ends.
func (l *BucketLocker) LockBucket(ctx context.Context, bucket string) (func(), error) {
	ttl, poll := l.TTL, l.Poll
	if ttl <= 0 {
		ttl = 30 * time.Second
	}
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	var b [8]byte
	rand.Read(b[:])
	owner := "bucket:" + hex.EncodeToString(b[:]) // one per holder: not re-entrant
	for {
		release, ok, err := l.Agg.Hold(ctx, bucket, "", owner, ttl)
		if err != nil {
			return nil, fmt.Errorf("locking bucket %s: %w", bucket, err)
		}
		if ok {
			return release, nil
		}
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(poll):
		}
	}
}
