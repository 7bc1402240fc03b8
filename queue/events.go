package queue

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// ObjectEvent is one S3 event notification, whatever its envelope.
type ObjectEvent struct {
	// Kind is "created" (scan it), "removed" (forget it) or "" (ignored).
	Kind      string
	Name      string // event name as sent ("s3:ObjectCreated:Put", "Object Created", ...)
	Bucket    string
	Key       string // decoded
	ETag      string
	VersionID string
	Size      int64
	Sequencer string
	// AnyVersion: the removal applies to the current object whatever its
	// version (a delete marker was created).
	AnyVersion bool
}

// ParseEvents reads S3 event notifications: MinIO's webhook body,
// AWS's S3 event ({"Records": [...]}), and either wrapped in an SNS
// notification, an SQS message (or a Lambda SQS batch), or sent through
// EventBridge ("detail-type": "Object Created"). Test events and
// subscription confirmations give no event and no error.
func ParseEvents(body []byte) ([]ObjectEvent, error) {
	return parseEvents(body, 0)
}

func parseEvents(body []byte, depth int) ([]ObjectEvent, error) {
	if depth > 4 {
		return nil, errors.New("envelopes nested too deep")
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	str := func(k string) string {
		var s string
		json.Unmarshal(m[k], &s)
		return s
	}
	switch {
	case m["Records"] != nil:
		var recs []json.RawMessage
		if err := json.Unmarshal(m["Records"], &recs); err != nil {
			return nil, fmt.Errorf("Records: %w", err)
		}
		var out []ObjectEvent
		for i, r := range recs {
			evs, err := parseRecord(r, depth)
			if err != nil {
				return nil, fmt.Errorf("Records[%d]: %w", i, err)
			}
			out = append(out, evs...)
		}
		return out, nil
	case str("Type") == "Notification" && m["Message"] != nil: // SNS
		return parseEvents([]byte(str("Message")), depth+1)
	case str("Type") == "SubscriptionConfirmation" || str("Type") == "UnsubscribeConfirmation":
		return nil, nil
	case m["Body"] != nil || m["body"] != nil: // an SQS message
		b := str("Body")
		if b == "" {
			b = str("body")
		}
		return parseEvents([]byte(b), depth+1)
	case m["detail-type"] != nil && m["detail"] != nil: // EventBridge
		return parseEventBridge(str("detail-type"), m["detail"])
	case str("Event") == "s3:TestEvent":
		return nil, nil
	}
	return nil, errors.New("not an S3 event notification")
}

func parseRecord(raw json.RawMessage, depth int) ([]ObjectEvent, error) {
	var r struct {
		EventSource string `json:"eventSource"`
		EventName   string `json:"eventName"`
		Body        string `json:"body"`
		S3          *struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key       string `json:"key"`
				Size      int64  `json:"size"`
				ETag      string `json:"eTag"`
				VersionID string `json:"versionId"`
				Sequencer string `json:"sequencer"`
			} `json:"object"`
		} `json:"s3"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	if r.EventSource == "aws:sqs" || r.S3 == nil && r.Body != "" {
		return parseEvents([]byte(r.Body), depth+1)
	}
	if r.S3 == nil {
		return nil, errors.New("no s3 field")
	}
	if r.S3.Bucket.Name == "" || r.S3.Object.Key == "" {
		return nil, errors.New("no bucket name or object key")
	}
	key, err := url.QueryUnescape(r.S3.Object.Key)
	if err != nil {
		return nil, fmt.Errorf("object key: %w", err)
	}
	name := strings.TrimPrefix(r.EventName, "s3:")
	ev := ObjectEvent{Name: r.EventName, Bucket: r.S3.Bucket.Name, Key: key, ETag: scanner.TrimETag(r.S3.Object.ETag),
		VersionID: r.S3.Object.VersionID, Size: r.S3.Object.Size, Sequencer: r.S3.Object.Sequencer}
	switch {
	case strings.HasPrefix(name, "ObjectCreated:"), name == "ObjectRestore:Completed":
		ev.Kind = "created"
	case strings.HasPrefix(name, "ObjectRemoved:"):
		ev.Kind = "removed"
		ev.AnyVersion = name == "ObjectRemoved:DeleteMarkerCreated"
	}
	return []ObjectEvent{ev}, nil
}

func parseEventBridge(detailType string, raw json.RawMessage) ([]ObjectEvent, error) {
	var d struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key       string `json:"key"`
			Size      int64  `json:"size"`
			ETag      string `json:"etag"`
			VersionID string `json:"version-id"`
			Sequencer string `json:"sequencer"`
		} `json:"object"`
		DeletionType string `json:"deletion-type"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("detail: %w", err)
	}
	if d.Bucket.Name == "" || d.Object.Key == "" {
		return nil, errors.New("detail: no bucket name or object key")
	}
	// EventBridge sends keys as they are (not URL-encoded).
	ev := ObjectEvent{Name: detailType, Bucket: d.Bucket.Name, Key: d.Object.Key, ETag: scanner.TrimETag(d.Object.ETag),
		VersionID: d.Object.VersionID, Size: d.Object.Size, Sequencer: d.Object.Sequencer}
	switch detailType {
	case "Object Created", "Object Restore Completed":
		ev.Kind = "created"
	case "Object Deleted":
		ev.Kind = "removed"
		ev.AnyVersion = d.DeletionType == "Delete Marker Created"
	}
	return []ObjectEvent{ev}, nil
}

// Enqueuer puts event tasks on the events queue.
type Enqueuer struct {
	Client *asynq.Client
	// Classifier goes into scan ids (dedupe of repeated events).
	Classifier string
	MaxRetry   int
}

// Enqueue queues a scan or a removal for ev. Repeated events for one
// object version map to one task ID; it reports whether a task was added.
func (e *Enqueuer) Enqueue(ctx context.Context, ev ObjectEvent) (bool, error) {
	maxRetry := e.MaxRetry
	if maxRetry == 0 {
		maxRetry = 12
	}
	var (
		task *asynq.Task
		id   string
	)
	switch ev.Kind {
	case "created":
		p := &ScanPayload{Bucket: ev.Bucket, Key: ev.Key, ETag: ev.ETag, VersionID: ev.VersionID, Size: ev.Size, Source: "event"}
		payload, err := Encode(p)
		if err != nil {
			return false, err
		}
		task = asynq.NewTask(TypeScan, payload)
		if identity := firstNonEmpty(ev.ETag, ev.VersionID); identity != "" {
			id = ScanTaskID(results.ScanID(ev.Bucket, ev.Key, identity, e.Classifier), false, "")
		} else {
			id = "scan-event:" + shortHash(ev.Bucket, ev.Key, ev.Sequencer)
		}
	case "removed":
		version := ev.VersionID
		if ev.AnyVersion {
			version = ""
		}
		payload, err := Encode(&RemovePayload{Bucket: ev.Bucket, Key: ev.Key, VersionID: version})
		if err != nil {
			return false, err
		}
		task = asynq.NewTask(TypeRemove, payload)
		id = "remove:" + shortHash(ev.Bucket, ev.Key, version, ev.Sequencer)
	default:
		return false, nil
	}
	_, err := e.Client.EnqueueContext(ctx, task, asynq.Queue(QueueEvents), asynq.TaskID(id),
		asynq.MaxRetry(maxRetry), asynq.Timeout(taskTimeout))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return false, nil
	}
	return err == nil, err
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// EventHandler serves POST /events/s3.
type EventHandler struct {
	Enqueuer *Enqueuer
	// Token is the bearer token senders must present. It must not be
	// empty.
	Token string
	// MaxBody bounds a request body (default 4 MiB).
	MaxBody int64
	Logger  *slog.Logger
}

// EventResponse is the JSON answer to an accepted request.
type EventResponse struct {
	Events   int `json:"events"`
	Scans    int `json:"scans"`
	Removals int `json:"removals"`
	// Duplicates were already queued; Ignored are neither created nor
	// removed events.
	Duplicates int `json:"duplicates"`
	Ignored    int `json:"ignored"`
}

func (h *EventHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.Logger
	if log == nil {
		log = slog.Default()
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dredge"`)
		httpError(w, http.StatusUnauthorized, "missing or wrong bearer token")
		return
	}
	max := h.MaxBody
	if max <= 0 {
		max = 4 << 20
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", max))
			return
		}
		httpError(w, http.StatusBadRequest, "reading body: "+err.Error())
		return
	}
	var sub struct{ Type, TopicArn, SubscribeURL string }
	if json.Unmarshal(body, &sub) == nil && sub.Type == "SubscriptionConfirmation" {
		// Not followed automatically (that would let anyone make us fetch
		// a URL): an operator confirms it.
		log.Warn("SNS subscription confirmation received: confirm it by opening SubscribeURL",
			"topic", sub.TopicArn, "subscribe_url", sub.SubscribeURL)
	}
	evs, err := ParseEvents(body)
	if err != nil {
		httpError(w, http.StatusBadRequest, "malformed event notification: "+err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	resp := EventResponse{Events: len(evs)}
	for _, ev := range evs {
		if ev.Kind == "" {
			resp.Ignored++
			continue
		}
		added, err := h.Enqueuer.Enqueue(ctx, ev)
		if err != nil {
			log.Error("enqueueing an event", "bucket", ev.Bucket, "event", ev.Name, "err", err)
			// 503: the sender retries (MinIO and SNS do); repeated
			// events are deduplicated.
			httpError(w, http.StatusServiceUnavailable, "queue unavailable")
			return
		}
		switch {
		case !added:
			resp.Duplicates++
		case ev.Kind == "created":
			resp.Scans++
		default:
			resp.Removals++
		}
	}
	log.Debug("events accepted", "events", resp.Events, "scans", resp.Scans, "removals", resp.Removals)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	json.NewEncoder(w).Encode(resp)
}

func (h *EventHandler) authorized(r *http.Request) bool {
	if h.Token == "" {
		return false
	}
	auth := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(h.Token)) == 1
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
