package queue

import (
	"errors"
	"slices"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// ArchivedTask is a task that ran out of retries or could not be retried
// (archived by asynq): what it was about and why it failed.
type ArchivedTask struct {
	Queue    string    `json:"queue"`
	ID       string    `json:"id"`
	Type     string    `json:"type"`
	Bucket   string    `json:"bucket,omitempty"`
	Key      string    `json:"key,omitempty"`
	Sweep    string    `json:"sweep,omitempty"`
	Retried  int       `json:"retried"`
	LastErr  string    `json:"last_error"`
	FailedAt time.Time `json:"failed_at,omitzero"`
}

// ListArchived returns the archived tasks of the given queues (all of
// dredge's when none), at most limit per queue (0: 1000).
func ListArchived(rdb redis.UniversalClient, queues []string, limit int) ([]ArchivedTask, error) {
	ins := asynq.NewInspectorFromRedisClient(rdb)
	defer ins.Close()
	if len(queues) == 0 {
		queues = []string{QueueEvents, QueueSweeps, QueueBackfill}
	}
	if limit <= 0 {
		limit = 1000
	}
	var out []ArchivedTask
	for _, q := range queues {
		infos, err := ins.ListArchivedTasks(q, asynq.PageSize(limit))
		if errors.Is(err, asynq.ErrQueueNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, t := range infos {
			a := ArchivedTask{Queue: q, ID: t.ID, Type: t.Type, Retried: t.Retried, LastErr: t.LastErr, FailedAt: t.LastFailedAt}
			var p struct {
				Bucket string `json:"bucket"`
				Key    string `json:"key"`
				Sweep  string `json:"sweep"`
			}
			if Decode(t.Payload, &p) == nil {
				a.Bucket, a.Key, a.Sweep = p.Bucket, p.Key, p.Sweep
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// QueueStats are the task counts of one queue.
type QueueStats struct {
	Queue     string `json:"queue"`
	Pending   int    `json:"pending"`
	Active    int    `json:"active"`
	Scheduled int    `json:"scheduled"`
	Retry     int    `json:"retry"`
	Archived  int    `json:"archived"`
}

// Stats returns the task counts of dredge's queues.
func Stats(rdb redis.UniversalClient) ([]QueueStats, error) {
	ins := asynq.NewInspectorFromRedisClient(rdb)
	defer ins.Close()
	known, err := ins.Queues()
	if err != nil {
		return nil, err
	}
	var out []QueueStats
	for _, q := range []string{QueueEvents, QueueSweeps, QueueBackfill} {
		if !slices.Contains(known, q) {
			out = append(out, QueueStats{Queue: q})
			continue
		}
		info, err := ins.GetQueueInfo(q)
		if err != nil {
			return nil, err
		}
		out = append(out, QueueStats{Queue: q, Pending: info.Pending, Active: info.Active, Scheduled: info.Scheduled,
			Retry: info.Retry, Archived: info.Archived})
	}
	return out, nil
}
