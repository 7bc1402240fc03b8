package remediate

import (
	"context"
	"fmt"
	"sync"

	"github.com/dredge-dev/dredge/remediate/rules"
)

// Locker serializes the changes to one bucket's own documents (policy,
// ACL, public access block, default encryption). Each of those changes
// reads the document, edits it and writes it back: two at once on one
// bucket (two quarantine lockdowns, a lockdown and a block_public) would
// lose the first one's edit, and with it, say, the Deny that keeps a
// quarantined original unreadable. A fleet needs a lock all its workers
// see (queue.BucketLocker); without one an Engine locks within its
// process.
type Locker interface {
	// LockBucket waits for the bucket's lock (or ctx) and returns its
	// release.
	LockBucket(ctx context.Context, bucket string) (unlock func(), err error)
}

// localLocks are the in-process bucket locks (a one-slot channel each:
// waiting can be cancelled).
var localLocks sync.Map // bucket -> chan struct{}

type localLocker struct{}

func (localLocker) LockBucket(ctx context.Context, bucket string) (func(), error) {
	v, _ := localLocks.LoadOrStore(bucket, make(chan struct{}, 1))
	ch := v.(chan struct{})
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// lockBucket takes the bucket's lock when action writes a bucket
// document, and returns its release (a no-op otherwise).
func (e *Engine) lockBucket(ctx context.Context, action, original, bucket string) (func(), error) {
	switch action {
	case rules.BlockPublic, rules.EnforceEncryption:
	case rules.Quarantine:
		// Only a lockdown edits the policy; a delete touches objects.
		if original != "lockdown" {
			return func() {}, nil
		}
	default:
		return func() {}, nil
	}
	var l Locker = localLocker{}
	if e.Locker != nil {
		l = e.Locker
	}
	unlock, err := l.LockBucket(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("waiting for the remediation lock of bucket %s: %w", bucket, err)
	}
	return unlock, nil
}
