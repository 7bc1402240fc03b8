package posture

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/hibiken/asynq"

	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/scanner"
)

// TaskHandler runs queue.TypePosture tasks: check the bucket and store the
// report beside the results. Register it in queue.Worker.Handlers under
// queue.TypePosture.
type TaskHandler struct {
	Checker *Checker
	Store   *Store
	Logger  *slog.Logger
}

// ProcessTask implements asynq.Handler.
func (h *TaskHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p queue.PosturePayload
	if err := queue.Decode(t.Payload(), &p); err != nil {
		return err
	}
	if p.Bucket == "" {
		return fmt.Errorf("%w: no bucket: %w", queue.ErrPayload, asynq.SkipRetry)
	}
	rep, err := h.Checker.Check(ctx, p.Bucket)
	if rep == nil {
		if IsDenied(err) || scanner.ClassifyS3Error(errors.Unwrap(err)) == scanner.S3Gone {
			return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
		}
		return err
	}
	rep.Sweep = p.Sweep
	if err != nil {
		// Some documents could not be read: keep what could, say which.
		log := h.Logger
		if log == nil {
			log = slog.Default()
		}
		log.Warn("posture check incomplete", "bucket", p.Bucket, "err", err)
	}
	if perr := h.Store.Put(ctx, rep); perr != nil {
		return perr
	}
	var ce *CallError
	if err != nil && errors.As(err, &ce) && !ce.Denied() {
		return err // transient: retry
	}
	return nil
}
