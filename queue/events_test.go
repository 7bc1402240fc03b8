package queue_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/notification"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
)

// TestMinIOWebhook configures a real MinIO webhook notification to
// dredge's event endpoint: an upload produces a stored result, a repeated
// upload of the same bytes scans nothing again, a delete removes the
// result; a bad token and a malformed body are refused.
func TestMinIOWebhook(t *testing.T) {
	const token = "s3cret-webhook-token"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var handler atomic.Pointer[http.Handler]
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := handler.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		http.Error(w, "starting", http.StatusServiceUnavailable)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	url := "http://" + ln.Addr().String() + "/events/s3"

	f := newFleet(t, nil,
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENABLE_DREDGE", "on"),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENDPOINT_DREDGE", url),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_DREDGE", token))
	client := asynq.NewClientFromRedisClient(f.rdb)
	defer client.Close()
	mux := http.NewServeMux()
	var eh http.Handler = &queue.EventHandler{Enqueuer: &queue.Enqueuer{Client: client, Classifier: classifiers.Version}, Token: token, Logger: quietLogger()}
	mux.Handle("/events/s3", eh)
	var h http.Handler = mux
	handler.Store(&h)

	ctx := context.Background()
	f.makeBucket("uploads")
	cfg := notification.Configuration{}
	q := notification.NewConfig(notification.NewArn("minio", "sqs", "", "DREDGE", "webhook"))
	q.AddEvents(notification.ObjectCreatedAll, notification.ObjectRemovedAll)
	cfg.AddQueue(q)
	if err := f.src.Client.SetBucketNotification(ctx, "uploads", cfg); err != nil {
		t.Fatal(err)
	}
	f.run(f.worker(2))

	obj := genCorpus(5, 1, "in box/")[0] // a space: keys arrive URL-encoded
	obj.Planted = map[string]int{"EMAIL_ADDRESS": 1, "US_SSN": 1}
	obj.Data = []byte("customer file\nemail: kim.lee4412@quillpost.net\nssn: 512-44-7781\n")
	put := func() {
		if _, err := f.src.Client.PutObject(ctx, "uploads", obj.Key, bytes.NewReader(obj.Data), int64(len(obj.Data)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	put()
	rec := waitFor(t, 60*time.Second, func() (*results.Record, bool) {
		r, err := f.store.Get(ctx, "uploads", obj.Key)
		return r, err == nil
	})
	if err := checkPlanted(obj, &rec.Result); err != nil {
		t.Fatal(err)
	}
	if rec.Object != "s3://uploads/"+obj.Key || rec.Sweep != "" {
		t.Errorf("stored %q (sweep %q)", rec.Object, rec.Sweep)
	}
	// Same bytes again: a new event, the same version identity; nothing
	// is scanned or written again.
	before := f.snapshot()
	put()
	time.Sleep(3 * time.Second)
	if !equalMaps(before, f.snapshot()) {
		t.Error("a repeated upload of the same bytes rewrote the result")
	}
	bs, err := f.agg.Bucket(ctx, "uploads")
	if err != nil {
		t.Fatal(err)
	}
	if bs.Objects != 1 || bs.ByType["US_SSN"] != 1 || bs.ByType["EMAIL_ADDRESS"] != 1 {
		t.Errorf("bucket aggregate after a repeated event: %+v", bs)
	}
	// A stale removal (the object exists) changes nothing.
	stale := fmt.Sprintf(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"uploads"},"object":{"key":%q,"sequencer":"0001"}}}]}`,
		strings.ReplaceAll(obj.Key, " ", "+"))
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(stale))
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("stale removal: %v %v", err, resp)
	}
	time.Sleep(2 * time.Second)
	if _, err := f.store.Get(ctx, "uploads", obj.Key); err != nil {
		t.Errorf("a stale removal event removed the result of an existing object: %v", err)
	}
	// ObjectRemoved removes the result and the counts.
	if err := f.src.Client.RemoveObject(ctx, "uploads", obj.Key, minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, func() (struct{}, bool) {
		_, err := f.store.Get(ctx, "uploads", obj.Key)
		return struct{}{}, errors.Is(err, results.ErrNotFound)
	})
	bs, _ = f.agg.Bucket(ctx, "uploads")
	if bs.Objects != 0 || bs.Findings != 0 {
		t.Errorf("bucket aggregate after removal: %+v", bs)
	}

	// Refusals.
	post := func(auth, body string) int {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	valid := `{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"uploads"},"object":{"key":"x.txt","size":3,"eTag":"abc"}}}]}`
	if c := post("", valid); c != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", c)
	}
	if c := post("Bearer wrong", valid); c != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", c)
	}
	if c := post("Bearer "+token, `{"Records":[{"eventName":`); c != http.StatusBadRequest {
		t.Errorf("malformed body: %d, want 400", c)
	}
	if c := post("Bearer "+token, `{"hello":"world"}`); c != http.StatusBadRequest {
		t.Errorf("not an event: %d, want 400", c)
	}
	sns, _ := json.Marshal(map[string]string{"Type": "Notification", "Message": valid})
	if c := post("Bearer "+token, string(sns)); c != http.StatusAccepted {
		t.Errorf("SNS envelope: %d, want 202", c)
	}
}

func waitFor[T any](t *testing.T, timeout time.Duration, f func() (T, bool)) T {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		v, ok := f()
		if ok {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met after %s", timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestScheduledSweep runs two schedulers (started by mistake) with a
// schedule that fires a few seconds from now: it fires on time, once.
func TestScheduledSweep(t *testing.T) {
	f := newFleet(t, nil)
	f.makeBucket("nightly")
	objs := genCorpus(11, 30, "")
	f.upload("nightly", objs)
	f.run(f.worker(2))

	at := time.Now().UTC().Truncate(time.Second).Add(4 * time.Second)
	// Daily, at a second a few seconds from now.
	spec := queue.ScheduleSpec{Name: "soon", Location: "s3://nightly",
		Cron: fmt.Sprintf("%d %d %d * * *", at.Second(), at.Minute(), at.Hour())}
	var fired atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	for range 2 {
		s, err := queue.ParseSchedule(spec)
		if err != nil {
			t.Fatal(err)
		}
		sc := &queue.Scheduler{Redis: f.rdb, Schedules: []*queue.Schedule{s}, Logger: quietLogger(),
			Fired: func(_ *queue.Schedule, got time.Time, id string) {
				fired.Add(1)
				if !got.Equal(at) {
					t.Errorf("fired for %s, want %s", got, at)
				}
			}}
		go func() { sc.Run(ctx); done <- struct{}{} }()
	}
	time.Sleep(time.Until(at) + 3*time.Second)
	cancel()
	<-done
	<-done
	if n := fired.Load(); n != 1 {
		t.Fatalf("fired %d times, want once", n)
	}
	ids, err := f.agg.Sweeps(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != queue.ScheduledSweepID("soon", at) {
		t.Fatalf("sweeps %v, want [%s]", ids, queue.ScheduledSweepID("soon", at))
	}
	st := f.waitSweep(ids[0], time.Minute)
	checkSweepExact(t, st, len(objs))
	if st.Source != "schedule:soon" || st.CreatedAt.Before(at) {
		t.Errorf("sweep source %q created %s (scheduled %s)", st.Source, st.CreatedAt, at)
	}
}
