// Package queue runs dredge's fleet on asynq: task types and their
// versioned payloads, the worker's handlers, bucket sweeps, scheduled
// sweeps, S3 event intake, and the Redis aggregates (per sweep, per
// bucket) they keep.
//
// Payloads name objects (bucket, key, ETag, version) and never carry a
// scanned value: findings travel as identifier IDs and counts only.
package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hibiken/asynq"
)

// Task types. Each payload is JSON with "v": PayloadVersion.
const (
	// TypeSweep lists one page of a bucket and enqueues scans.
	TypeSweep = "dredge:sweep"
	// TypeScan scans one object version.
	TypeScan = "dredge:scan"
	// TypeRemove forgets a removed object (ObjectRemoved events).
	TypeRemove = "dredge:remove"
	// TypePosture checks one bucket's exposure (policy, ACL, public
	// access block, encryption). Enqueued when a sweep asks for it; a
	// handler is registered by the posture package.
	TypePosture = "dredge:posture"
	// TypeRemediate applies remediation rules to one scanned object.
	// Enqueued after a scan with findings when the worker runs with
	// remediation on; a handler is registered by the remediate package.
	TypeRemediate = "dredge:remediate"
)

// PayloadVersion is the version of every payload this build writes and
// reads. A payload of another version is archived, not guessed at.
const PayloadVersion = 1

// Queues, by priority: events > sweeps > backfill.
const (
	QueueEvents   = "events"
	QueueSweeps   = "sweeps"
	QueueBackfill = "backfill"
)

// DefaultQueues are the queue weights a worker serves.
var DefaultQueues = map[string]int{QueueEvents: 6, QueueSweeps: 3, QueueBackfill: 1}

// Scope selects the objects of a sweep, like a Macie job's scope.
type Scope struct {
	// Prefix is the key prefix (from s3://bucket/prefix).
	Prefix string `json:"prefix,omitempty" yaml:"prefix"`
	// IncludeExt keeps only keys with these extensions (no dot, any case).
	IncludeExt []string `json:"include_ext,omitempty" yaml:"include_extensions"`
	// ExcludeExt leaves out keys with these extensions.
	ExcludeExt []string `json:"exclude_ext,omitempty" yaml:"exclude_extensions"`
	// MinSize and MaxSize bound the object size in bytes (0: no bound).
	MinSize int64 `json:"min_size,omitempty" yaml:"min_size"`
	MaxSize int64 `json:"max_size,omitempty" yaml:"max_size"`
	// ModifiedAfter and ModifiedBefore bound LastModified.
	ModifiedAfter  time.Time `json:"modified_after,omitzero" yaml:"modified_after"`
	ModifiedBefore time.Time `json:"modified_before,omitzero" yaml:"modified_before"`
	// Tags: an object must carry at least one of them ("key=value", or
	// "key" for any value). ExcludeTags: an object carrying one is left
	// out. Either costs one GetObjectTagging per listed object.
	Tags        []string `json:"tags,omitempty" yaml:"tags"`
	ExcludeTags []string `json:"exclude_tags,omitempty" yaml:"exclude_tags"`
	// SamplePercent (0 < p < 100) scans a deterministic sample of the
	// objects in scope; 0 or 100 scans all.
	SamplePercent float64 `json:"sample_percent,omitempty" yaml:"sampling_percentage"`
}

// Validate checks the scope.
func (s *Scope) Validate() error {
	if s.MinSize < 0 || s.MaxSize < 0 {
		return errors.New("sizes must be >= 0")
	}
	if s.MaxSize > 0 && s.MinSize > s.MaxSize {
		return errors.New("min size is larger than max size")
	}
	if !s.ModifiedAfter.IsZero() && !s.ModifiedBefore.IsZero() && !s.ModifiedAfter.Before(s.ModifiedBefore) {
		return errors.New("modified-after is not before modified-before")
	}
	if s.SamplePercent < 0 || s.SamplePercent > 100 {
		return errors.New("sampling percentage must be 0-100")
	}
	for _, t := range append(append([]string{}, s.Tags...), s.ExcludeTags...) {
		if k, _, _ := strings.Cut(t, "="); k == "" {
			return fmt.Errorf("tag %q: want key=value or key", t)
		}
	}
	return nil
}

// SweepPayload is a TypeSweep task: one page of a sweep's listing.
type SweepPayload struct {
	V      int    `json:"v"`
	Sweep  string `json:"sweep"`
	Bucket string `json:"bucket"`
	Scope  Scope  `json:"scope"`
	// Page numbers the listing pages from 0; After is the last key of the
	// previous page.
	Page  int    `json:"page"`
	After string `json:"after,omitempty"`
	// Force rescans objects whose version was already scanned.
	Force bool `json:"force,omitempty"`
	// Queue receives the scan tasks (sweeps or backfill).
	Queue string `json:"queue"`
}

// ScanPayload is a TypeScan task.
type ScanPayload struct {
	V            int       `json:"v"`
	Bucket       string    `json:"bucket"`
	Key          string    `json:"key"`
	ETag         string    `json:"etag,omitempty"`
	VersionID    string    `json:"version_id,omitempty"`
	Size         int64     `json:"size"`
	StorageClass string    `json:"storage_class,omitempty"`
	LastModified time.Time `json:"last_modified,omitzero"`
	// Sweep is the sweep it counts toward ("" for events).
	Sweep string `json:"sweep,omitempty"`
	// Source is "sweep" or "event".
	Source string `json:"source"`
	Force  bool   `json:"force,omitempty"`
}

// RemovePayload is a TypeRemove task.
type RemovePayload struct {
	V         int    `json:"v"`
	Bucket    string `json:"bucket"`
	Key       string `json:"key"`
	VersionID string `json:"version_id,omitempty"`
	// Sweep counts the removal toward a sweep (an object gone between
	// listing and scanning); "" for events.
	Sweep string `json:"sweep,omitempty"`
}

// PosturePayload is a TypePosture task.
type PosturePayload struct {
	V      int    `json:"v"`
	Bucket string `json:"bucket"`
	Sweep  string `json:"sweep,omitempty"`
}

// RemediatePayload is a TypeRemediate task: which object, which scan,
// and what was found in it as identifier IDs and counts (never values).
type RemediatePayload struct {
	V         int            `json:"v"`
	Bucket    string         `json:"bucket"`
	Key       string         `json:"key"`
	ETag      string         `json:"etag,omitempty"`
	VersionID string         `json:"version_id,omitempty"`
	ScanID    string         `json:"scan_id"`
	Sweep     string         `json:"sweep,omitempty"`
	Severity  string         `json:"severity"`
	Counts    map[string]int `json:"counts"`
	// Result is where the stored result lives (results store location).
	Result string `json:"result,omitempty"`
}

// ErrPayload marks a payload this build can't read; such tasks are
// archived without retries.
var ErrPayload = errors.New("bad task payload")

// Encode marshals a payload (any of the *Payload types, V set here).
func Encode(p any) ([]byte, error) {
	switch x := p.(type) {
	case *SweepPayload:
		x.V = PayloadVersion
	case *ScanPayload:
		x.V = PayloadVersion
	case *RemovePayload:
		x.V = PayloadVersion
	case *PosturePayload:
		x.V = PayloadVersion
	case *RemediatePayload:
		x.V = PayloadVersion
	default:
		return nil, fmt.Errorf("queue: unknown payload type %T", p)
	}
	return json.Marshal(p)
}

// Decode unmarshals a payload and checks its version. Its errors wrap
// ErrPayload and asynq.SkipRetry.
func Decode(data []byte, p any) error {
	var head struct {
		V int `json:"v"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("%w: %v: %w", ErrPayload, err, asynq.SkipRetry)
	}
	if head.V != PayloadVersion {
		return fmt.Errorf("%w: version %d, this build reads %d: %w", ErrPayload, head.V, PayloadVersion, asynq.SkipRetry)
	}
	if err := json.Unmarshal(data, p); err != nil {
		return fmt.Errorf("%w: %v: %w", ErrPayload, err, asynq.SkipRetry)
	}
	return nil
}

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// ScanTaskID is the asynq task ID of the scan of one object version: the
// same version is never queued twice at once. Forced rescans get an ID
// of their own per sweep.
func ScanTaskID(scanID string, force bool, sweep string) string {
	if force {
		return "scan:" + scanID + ":force:" + sweep
	}
	return "scan:" + scanID
}

// SweepTaskID is the task ID of one page of a sweep.
func SweepTaskID(sweep string, page int) string { return fmt.Sprintf("sweep:%s:%d", sweep, page) }
