package metrics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

type memStore struct {
	results.Store
	puts int
}

func (m *memStore) Put(ctx context.Context, r *results.Record) (bool, error) {
	m.puts++
	return true, nil
}
func (m *memStore) Location() string { return "mem" }
func (m *memStore) Bucket() string   { return "dredge-results" }
func (m *memStore) Prefix() string   { return "results" }

func TestObserveThroughStoreAndMiddleware(t *testing.T) {
	m := New()
	inner := &memStore{}
	store := m.WrapStore(inner)
	if e, ok := store.(interface {
		Bucket() string
		Prefix() string
	}); !ok || e.Bucket() != "dredge-results" || e.Prefix() != "results" {
		t.Fatal("the wrapped store hides the results bucket (the worker would scan its own results)")
	}
	rec := &results.Record{Bucket: "b", Key: "k", Result: scanner.Result{Size: 1000, Status: scanner.Complete,
		Findings: []scanner.Finding{{Type: "US_SSN", Count: 3, Severity: classifiers.SeverityHigh}, {Type: "EMAIL_ADDRESS", Count: 1, Severity: classifiers.SeverityLow}}}}
	h := m.TaskMiddleware(asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		_, err := store.Put(ctx, rec)
		return err
	}))
	if err := h.ProcessTask(context.Background(), asynq.NewTask(queue.TypeScan, nil)); err != nil {
		t.Fatal(err)
	}
	failing := m.TaskMiddleware(asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		return fmt.Errorf("decoding: %w", queue.ErrPayload)
	}))
	failing.ProcessTask(context.Background(), asynq.NewTask(queue.TypeScan, nil))
	errRec := &results.Record{Result: scanner.Result{Status: scanner.Error, Reason: "access denied"}}
	store.Put(context.Background(), errRec)

	if inner.puts != 2 {
		t.Errorf("puts reached the store %d times", inner.puts)
	}
	checks := map[string]float64{
		`dredge_objects_scanned_total{status="complete"}`:                        1,
		`dredge_objects_scanned_total{status="error"}`:                           1,
		`dredge_bytes_scanned_total`:                                             1000,
		`dredge_findings_total{identifier="US_SSN",severity="high"}`:             3,
		`dredge_findings_total{identifier="EMAIL_ADDRESS",severity="low"}`:       1,
		`dredge_errors_total{kind="payload"}`:                                    1,
		`dredge_errors_total{kind="object_error"}`:                               1,
		`dredge_scan_duration_seconds_count`:                                     1,
		`dredge_task_duration_seconds_count{outcome="ok",type="dredge:scan"}`:    1,
		`dredge_task_duration_seconds_count{outcome="error",type="dredge:scan"}`: 1,
	}
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, mf := range mfs {
		for _, mt := range mf.GetMetric() {
			var labels []string
			for _, l := range mt.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			name := mf.GetName()
			v := mt.GetCounter().GetValue()
			if mt.GetHistogram() != nil {
				name += "_count"
				v = float64(mt.GetHistogram().GetSampleCount())
			}
			if len(labels) > 0 {
				name += "{" + strings.Join(labels, ",") + "}"
			}
			fmt.Fprintf(&text, "%s %v\n", name, v)
		}
	}
	for series, want := range checks {
		if !strings.Contains(text.String(), fmt.Sprintf("%s %v\n", series, want)) {
			t.Errorf("want %s %v in\n%s", series, want, text.String())
		}
	}
	if n := strings.Count(text.String(), "dredge_findings_total{"); n != 2 {
		t.Errorf("findings series: %d", n)
	}
}

func TestErrorKind(t *testing.T) {
	cases := map[error]string{
		fmt.Errorf("x: %w", queue.ErrPayload): "payload",
		context.DeadlineExceeded:              "timeout",
		fmt.Errorf("w: %w", context.Canceled): "canceled",
		&scanner.S3Error{Kind: scanner.S3Denied, Op: "get", Err: errors.New("AccessDenied")}: "s3_denied",
		&scanner.S3Error{Kind: scanner.S3Transient, Op: "get", Err: errors.New("503")}:       "s3_transient",
		&scanner.S3Error{Kind: scanner.S3Gone, Op: "get", Err: errors.New("NoSuchKey")}:      "s3_gone",
		&scanner.S3Error{Kind: scanner.S3Permanent, Op: "get", Err: errors.New("bad")}:       "s3_other",
		errors.New("storing the result: broken"):                                             "store",
		errors.New("boom"):                                                                   "other",
	}
	for err, want := range cases {
		if got := ErrorKind(err); got != want {
			t.Errorf("ErrorKind(%v) = %q, want %q", err, got, want)
		}
	}
	if !busy(errors.New("object is being scanned by another task")) {
		t.Error("busy not recognised")
	}
}
