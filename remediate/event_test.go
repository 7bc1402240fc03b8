package remediate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/notification"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// luhn completes a card number with its check digit.
func luhn(prefix string) string {
	sum := 0
	for i := len(prefix) - 1; i >= 0; i-- {
		d := int(prefix[i] - '0')
		if (len(prefix)-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return prefix + fmt.Sprint((10-sum%10)%10)
}

func quiet() *slog.Logger {
	lvl := slog.LevelError
	if os.Getenv("DREDGE_TEST_LOG") != "" {
		lvl = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
}

// TestEventTriggeredQuarantine: MinIO posts an upload event to the event
// endpoint, a worker scans the object, finds a card number, and the auto
// quarantine rule moves it to the quarantine bucket through a remediate
// task; the audit log records it.
func TestEventTriggeredQuarantine(t *testing.T) {
	const token = "event-token"
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	rds := testenv.StartRedis(t)
	m := testenv.StartMinIO(t,
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENABLE_DREDGE", "on"),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_ENDPOINT_DREDGE", "http://"+ln.Addr().String()+"/events/s3"),
		testenv.WithEnv("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_DREDGE", token))
	rdb := redis.NewClient(&redis.Options{Addr: rds.Addr})
	t.Cleanup(func() { rdb.Close() })
	s3 := scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey}
	src, err := scanner.NewS3Source(s3)
	if err != nil {
		t.Fatal(err)
	}
	cl := src.Client
	for _, b := range []string{"uploads", "quarantine"} {
		if err := cl.MakeBucket(ctx, b, minio.MakeBucketOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	store, err := results.NewBucketStore(ctx, cl, "dredge-results", "")
	if err != nil {
		t.Fatal(err)
	}
	nc := notification.Configuration{}
	q := notification.NewConfig(notification.NewArn("minio", "sqs", "", "DREDGE", "webhook"))
	q.AddEvents(notification.ObjectCreatedAll, notification.ObjectRemovedAll)
	nc.AddQueue(q)
	if err := cl.SetBucketNotification(ctx, "uploads", nc); err != nil {
		t.Fatal(err)
	}

	// The config, as a user writes it.
	cfgFile := t.TempDir() + "/dredge.yaml"
	auditPath := t.TempDir() + "/audit.jsonl"
	os.WriteFile(cfgFile, []byte(`fingerprint_key: test-key
remediation:
  audit_log: `+auditPath+`
  quarantine_bucket: quarantine
  rules:
    - name: quarantine-cards
      auto: true
      match:
        identifiers: [CREDIT_CARD_NUMBER]
        buckets: ["upl*"]
      actions:
        - type: quarantine
    - name: manual-tag
      match:
        categories: [FINANCIAL]
      actions:
        - type: tag
`), 0o600)
	cfg, err := config.Load(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := cfg.Engine()
	if err != nil {
		t.Fatal(err)
	}
	log, err := OpenAuditLog(ctx, cfg.Remediation.AuditLog, "", s3)
	if err != nil {
		t.Fatal(err)
	}
	pstore := posture.NewBucketStore(cl, "dredge-results", "")
	ck := &posture.Checker{Client: cl, Sensitive: posture.SensitiveCounter(store, 100)}
	rh := &TaskHandler{Engine: &Engine{Client: cl, Config: cfg.Remediation, Log: log, Actor: "worker"},
		Results: store, Posture: pstore, Checker: ck, Logger: quiet()}
	handlers := rh.Handlers()
	handlers[queue.TypePosture] = &posture.TaskHandler{Checker: ck, Store: pstore, Logger: quiet()}
	w := &queue.Worker{Redis: rdb, Source: src, Scanner: scanner.New(eng, scanner.Options{Classifier: classifiers.Version}),
		Store: store, Classifier: classifiers.Version, Concurrency: 2, RetryBase: 200 * time.Millisecond, RetryMax: 2 * time.Second,
		ShutdownTimeout: 5 * time.Second, Remediate: true, Handlers: handlers, Logger: quiet()}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); w.Run(wctx) }()
	t.Cleanup(func() { cancel(); <-done; w.Close() })

	client := asynq.NewClientFromRedisClient(rdb)
	defer client.Close()
	mux.Handle("/events/s3", &queue.EventHandler{Enqueuer: &queue.Enqueuer{Client: client, Classifier: classifiers.Version},
		Token: token, Logger: quiet()})

	card := luhn("493750187712345")
	body := "order 7781\ncustomer card number: " + card[:4] + " " + card[4:8] + " " + card[8:12] + " " + card[12:] + "\nexp 09/29\n"
	if _, err := cl.PutObject(ctx, "uploads", "orders/7781.txt", strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	// Wait for the quarantine.
	deadline := time.Now().Add(90 * time.Second)
	var es []*Entry
	for time.Now().Before(deadline) {
		es = nil
		log.List(ctx, func(e *Entry) error { es = append(es, e); return nil })
		if len(es) > 0 {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if len(es) != 1 {
		rec, err := store.Get(ctx, "uploads", "orders/7781.txt")
		t.Fatalf("audit log has %d entries; stored result %+v %v", len(es), rec, err)
	}
	e := es[0]
	if e.Action != "quarantine" || e.Rule != "quarantine-cards" || e.Key != "orders/7781.txt" || e.Actor != "worker" ||
		!strings.HasPrefix(e.Trigger, "task:") || !strings.Contains(string(e.After), `"original":"deleted"`) {
		t.Fatalf("audit entry %+v", e)
	}
	if _, err := cl.StatObject(ctx, "uploads", "orders/7781.txt", minio.StatObjectOptions{}); err == nil {
		t.Fatal("the original is still in the upload bucket")
	}
	obj, err := cl.GetObject(ctx, "quarantine", "uploads/orders/7781.txt", minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(obj)
	if err != nil || string(got) != body {
		t.Fatalf("quarantined copy: %v", err)
	}
	// Nothing raw in the audit log, and only the auto rule ran.
	raw, _ := os.ReadFile(auditPath)
	if bytes.Contains(raw, []byte(card)) || bytes.Contains(raw, []byte(card[12:]+"\n")) {
		t.Fatal("a card number in the audit log")
	}
	if _, err := Verify(ctx, log); err != nil {
		t.Fatal(err)
	}
	// The removal event of the original forgets its result.
	waitGone := time.Now().Add(60 * time.Second)
	for time.Now().Before(waitGone) {
		if _, err := store.Get(ctx, "uploads", "orders/7781.txt"); err != nil {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if _, err := store.Get(ctx, "uploads", "orders/7781.txt"); err == nil {
		t.Error("the result of the quarantined object is still stored")
	}
	_ = rules.Quarantine
}
