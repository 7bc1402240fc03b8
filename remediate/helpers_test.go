package remediate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/scanner"
)

func TestMain(m *testing.M) {
	if os.Getenv("DREDGE_REMEDIATE_CRASH") == "1" {
		os.Exit(crashHelper())
	}
	os.Exit(m.Run())
}

// crashHelper quarantines one object and stops forever between the
// verified copy and the removal of the original; the test kills it there.
func crashHelper() int {
	var env struct {
		S3     scanner.S3Config
		Log    string
		Config rules.Config
		Target Target
	}
	if err := json.Unmarshal([]byte(os.Getenv("DREDGE_CRASH_ENV")), &env); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cl, err := scanner.NewS3Client(env.S3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	testHookAfterCopy = func(*Step) {
		fmt.Println("COPIED")
		select {} // killed here
	}
	e := &Engine{Client: cl, Config: env.Config, Log: &FileLog{Path: env.Log}, Actor: "crash-helper"}
	steps := e.Plan([]Target{env.Target}, nil, false)
	if err := e.Apply(context.Background(), steps); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("DONE")
	return 0
}

type env struct {
	t     *testing.T
	minio *testenv.MinIO
	s3    scanner.S3Config
	cl    *minio.Client
	log   *FileLog
}

func newMinIO(t *testing.T) *env {
	t.Helper()
	m := testenv.StartMinIO(t)
	s3 := scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey}
	cl, err := scanner.NewS3Client(s3)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, minio: m, s3: s3, cl: cl, log: &FileLog{Path: t.TempDir() + "/audit.jsonl"}}
}

func newMoto(t *testing.T) *env {
	t.Helper()
	m := testenv.StartMoto(t)
	s3 := scanner.S3Config{Endpoint: m.URL(), Region: "us-east-1", AccessKey: "testing", SecretKey: "testing", PathStyle: true}
	cl, err := scanner.NewS3Client(s3)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, s3: s3, cl: cl, log: &FileLog{Path: t.TempDir() + "/audit.jsonl"}}
}

func (e *env) bucket(name string) {
	e.t.Helper()
	if err := e.cl.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) put(bucket, key, body string, opts minio.PutObjectOptions) minio.UploadInfo {
	e.t.Helper()
	info, err := e.cl.PutObject(context.Background(), bucket, key, strings.NewReader(body), int64(len(body)), opts)
	if err != nil {
		e.t.Fatal(err)
	}
	return info
}

func (e *env) engine(cfg rules.Config) *Engine {
	return &Engine{Client: e.cl, Config: cfg, Log: e.log, Actor: "test"}
}

// cardTarget is an object target with a card number finding.
func cardTarget(bucket, key, etag string) Target {
	return Target{Bucket: bucket, Key: key, ETag: etag, ScanID: "scan-" + key, Severity: classifiers.SeverityHigh,
		Counts: map[string]int{"CREDIT_CARD_NUMBER": 2}, Categories: map[string]int{"FINANCIAL": 2}}
}

// run plans and applies, failing on error; it returns the steps.
func run(t *testing.T, e *Engine, objs, buckets []Target) []*Step {
	t.Helper()
	steps := e.Plan(objs, buckets, false)
	if len(steps) == 0 {
		t.Fatal("no step planned")
	}
	if err := e.Apply(context.Background(), steps); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return steps
}

func states(steps []*Step) string {
	var s []string
	for _, st := range steps {
		s = append(s, st.Action.Type+":"+st.State)
	}
	return strings.Join(s, ",")
}

func entries(t *testing.T, l AuditLog) []*Entry {
	t.Helper()
	var out []*Entry
	if err := l.List(context.Background(), func(e *Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return out
}
