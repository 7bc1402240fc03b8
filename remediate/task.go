package remediate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/hibiken/asynq"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
)

// TaskHandler runs queue.TypeRemediate tasks: the config's auto rules
// against one scanned object (and its bucket). Register it in
// queue.Worker.Handlers under queue.TypeRemediate, with the worker's
// Remediate on.
type TaskHandler struct {
	Engine *Engine
	// Results gives the stored result (categories, severity); without it
	// the payload's counts are used.
	Results results.Store
	// Posture gives the bucket's stored posture report (for posture
	// matches, and to raise a public bucket to critical once it is seen
	// to hold sensitive data). Checker, when set, checks a bucket that
	// has no stored report yet.
	Posture *posture.Store
	Checker *posture.Checker
	Logger  *slog.Logger
}

// Handlers returns the handler by task type, for queue.Worker.Handlers.
func (h *TaskHandler) Handlers() map[string]asynq.Handler {
	return map[string]asynq.Handler{queue.TypeRemediate: h}
}

// ProcessTask implements asynq.Handler.
func (h *TaskHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p queue.RemediatePayload
	if err := queue.Decode(t.Payload(), &p); err != nil {
		return err
	}
	if p.Bucket == "" || p.Key == "" {
		return fmt.Errorf("%w: no bucket or key: %w", queue.ErrPayload, asynq.SkipRetry)
	}
	log := h.Logger
	if log == nil {
		log = slog.Default()
	}
	target := h.target(ctx, &p)
	if target.total() == 0 {
		return nil
	}
	target.Posture = h.posture(ctx, p.Bucket, log)
	e := *h.Engine
	e.rewritten = nil
	id, _ := asynq.GetTaskID(ctx)
	e.Trigger = "task:" + id
	steps := e.Plan([]Target{target}, []Target{{Bucket: p.Bucket, Posture: target.Posture}}, true)
	if len(steps) == 0 {
		return nil
	}
	err := e.Apply(ctx, steps)
	for _, s := range steps {
		if s.State == StateChange {
			log.Info("remediated", "action_id", s.ActionID, "rule", s.Rule, "action", s.Action.Type, "bucket", s.Bucket, "key", s.Key)
		}
	}
	if err != nil && posture.IsDenied(err) {
		// Retrying won't grant the permission: archive it, loudly.
		log.Error("remediation denied", "bucket", p.Bucket, "err", err)
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}

func (h *TaskHandler) target(ctx context.Context, p *queue.RemediatePayload) Target {
	if h.Results != nil {
		if r, err := h.Results.Get(ctx, p.Bucket, p.Key); err == nil && (p.ScanID == "" || r.ScanID == p.ScanID) {
			return TargetFromRecord(r)
		}
	}
	cats := map[string]classifiers.Category{}
	for _, id := range managed.All() {
		cats[id.ID] = id.Category
	}
	t := Target{Bucket: p.Bucket, Key: p.Key, ETag: p.ETag, VersionID: p.VersionID, ScanID: p.ScanID,
		Counts: map[string]int{}, Categories: map[string]int{}}
	t.Severity, _ = classifiers.ParseSeverity(p.Severity)
	for id, n := range p.Counts {
		t.Counts[id] += n
		c := cats[id]
		if c == "" {
			c = classifiers.Custom
		}
		t.Categories[string(c)] += n
	}
	return t
}

// posture returns the bucket's report, checking it when none is stored
// (and a Checker is set), and raising a public bucket to critical now that
// it is known to hold sensitive data.
func (h *TaskHandler) posture(ctx context.Context, bucket string, log *slog.Logger) *posture.Report {
	if h.Posture == nil {
		return nil
	}
	rep, err := h.Posture.Get(ctx, bucket)
	if errors.Is(err, posture.ErrNotFound) && h.Checker != nil {
		rep, err = h.Checker.Check(ctx, bucket)
		if rep != nil {
			err = h.Posture.Put(ctx, rep)
		}
	}
	if err != nil {
		log.Warn("posture report unavailable", "bucket", bucket, "err", err)
		if rep == nil {
			return nil
		}
	}
	if rep.Public && rep.SensitiveObjects < 1 {
		rep.SensitiveObjects = 1
		var count func(ctx context.Context, bucket string) (int, error)
		if h.Checker != nil {
			count = h.Checker.Sensitive // the fleet's: from Redis
		}
		if count == nil && h.Results != nil {
			count = posture.SensitiveCounter(h.Results, 10000)
		}
		if count != nil {
			if n, err := count(ctx, bucket); err == nil && n > 0 {
				rep.SensitiveObjects = n
			}
		}
		rep.Evaluate()
		if err := h.Posture.Put(ctx, rep); err != nil {
			log.Warn("storing the raised posture report", "bucket", bucket, "err", err)
		}
	}
	return rep
}
