package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/scanner"
)

func s3TestScanner(t *testing.T) *scanner.Scanner {
	t.Helper()
	cfg := &config.Config{FingerprintKey: "k"}
	eng, err := cfg.Engine()
	if err != nil {
		t.Fatal(err)
	}
	return scanner.New(eng, scanner.Options{Classifier: classifiers.Version})
}

func TestS3ConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	os.WriteFile(cfgFile, []byte("[default]\nregion = eu-west-3\n\n[profile minio]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9000\n"), 0o600)
	for _, k := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CA_BUNDLE"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	if c := scanner.S3ConfigFromEnv(); c.Region != "eu-west-3" || c.Endpoint != "" {
		t.Errorf("default profile: %+v", c)
	}
	t.Setenv("AWS_PROFILE", "minio")
	if c := scanner.S3ConfigFromEnv(); c.Region != "us-east-1" || c.Endpoint != "http://127.0.0.1:9000" {
		t.Errorf("minio profile: %+v", c)
	}
	t.Setenv("AWS_ENDPOINT_URL", "https://generic:1")
	t.Setenv("AWS_ENDPOINT_URL_S3", "https://s3only:2")
	t.Setenv("AWS_DEFAULT_REGION", "ap-south-1")
	if c := scanner.S3ConfigFromEnv(); c.Endpoint != "https://s3only:2" || c.Region != "ap-south-1" {
		t.Errorf("env: %+v", c)
	}
	for _, bad := range []string{"ftp://x", "http://x/path", "http://[::1"} {
		if _, err := scanner.NewS3Client(scanner.S3Config{Endpoint: bad}); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if b, p, err := scanner.ParseS3URL("s3://bkt/a/b/"); err != nil || b != "bkt" || p != "a/b/" {
		t.Errorf("ParseS3URL: %q %q %v", b, p, err)
	}
	for _, bad := range []string{"s3://", "s3:///x", "/tmp", "gs://b"} {
		if _, _, err := scanner.ParseS3URL(bad); err == nil {
			t.Errorf("ParseS3URL(%q): no error", bad)
		}
	}
}

func minioSource(t *testing.T, m *testenv.MinIO) *scanner.S3Source {
	t.Helper()
	src, err := scanner.NewS3Source(scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func put(t *testing.T, cl *minio.Client, bucket, key string, data []byte, opts minio.PutObjectOptions) {
	t.Helper()
	if _, err := cl.PutObject(context.Background(), bucket, key, bytes.NewReader(data), int64(len(data)), opts); err != nil {
		t.Fatal(err)
	}
}

func TestS3Source(t *testing.T) {
	m := testenv.StartMinIO(t)
	src := minioSource(t, m)
	ctx := context.Background()
	cl := src.Client
	if err := cl.MakeBucket(ctx, "src", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		put(t, cl, "src", fmt.Sprintf("p/%02d.txt", i), []byte("hello"), minio.PutObjectOptions{})
	}
	put(t, cl, "src", "p/folder/", nil, minio.PutObjectOptions{})
	// Paging: 10 at a time, resuming after the last key.
	var keys []string
	after := ""
	for pages := 0; ; pages++ {
		last, more, err := src.List(ctx, "src", scanner.S3ListOptions{Prefix: "p/", StartAfter: after, Limit: 10}, func(o scanner.S3Object) error {
			keys = append(keys, o.Key)
			if o.ETag == "" || strings.Contains(o.ETag, `"`) || o.Size != 5 {
				t.Errorf("%+v", o)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		after = last
		if pages > 5 {
			t.Fatal("listing does not end")
		}
	}
	if len(keys) != 25 || keys[0] != "p/00.txt" || keys[24] != "p/24.txt" {
		t.Errorf("listed %d keys: %v", len(keys), keys)
	}

	// Streaming a large object: the value at the end is found.
	sc := s3TestScanner(t)
	big := bytes.Repeat([]byte("just some ordinary text without anything in it\n"), 200_000) // ~9.4 MB
	big = append(big, []byte("ssn: 512-44-7781\n")...)
	put(t, cl, "src", "big.txt", big, minio.PutObjectOptions{})
	st, err := src.Stat(ctx, "src", "big.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := src.Scan(ctx, sc, st)
	if err != nil || res.Status != scanner.Complete || res.CountOf("US_SSN") != 1 || res.Object != "s3://src/big.txt" || res.ETag != st.ETag {
		t.Errorf("big object: %v %+v", err, res)
	}

	// Gone.
	gone := st
	gone.Key = "no-such-key"
	if _, err := src.Scan(ctx, sc, gone); !errors.Is(err, scanner.ErrGone) {
		t.Errorf("missing object: %v", err)
	}
	if _, err := src.Stat(ctx, "src", "no-such-key", ""); scanner.KindOf(err) != scanner.S3Gone {
		t.Errorf("stat of a missing object: %v", err)
	}

	// Access denied: anonymous may list but not read.
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::src"]}]}`
	if err := cl.SetBucketPolicy(ctx, "src", policy); err != nil {
		t.Fatal(err)
	}
	anon, err := scanner.NewS3Client(scanner.S3Config{Endpoint: m.URL(), Region: m.Region, Anonymous: true, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	asrc := &scanner.S3Source{Client: anon}
	var first scanner.S3Object
	if _, _, err := asrc.List(ctx, "src", scanner.S3ListOptions{Prefix: "p/", Limit: 1}, func(o scanner.S3Object) error { first = o; return nil }); err != nil {
		t.Fatalf("anonymous listing: %v", err)
	}
	res, err = asrc.Scan(ctx, sc, first)
	if err != nil || res.Status != scanner.Error || !strings.Contains(res.Reason, "access denied") {
		t.Errorf("access denied: %v %+v", err, res)
	}
	w := &scanner.S3Walker{Src: asrc}
	n := 0
	err = sc.ScanAll(ctx, 2, 0, func(fn func(scanner.Object) error) error { return w.Walk(ctx, []string{"s3://src/p/0"}, fn) },
		func(r *scanner.Result) {
			w.Adjust(r)
			n++
			if r.Status != scanner.Error || !strings.Contains(r.Reason, "access denied") {
				t.Errorf("walker: %+v", r)
			}
		})
	if err != nil || n != 10 {
		t.Errorf("walker: %v, %d results", err, n)
	}
}

// countingTransport records the query of every request.
type countingTransport struct {
	mu      sync.Mutex
	queries []url.Values
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.queries = append(c.queries, r.URL.Query())
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// TestS3ListStopsInPage: a List that stops at its Limit sends no request
// with a continuation token (on MinIO one starts a walk of the rest of
// the bucket that outlives the request: sweeps slowed down with the
// bucket's size) and still says exactly whether more follows.
func TestS3ListStopsInPage(t *testing.T) {
	m := testenv.StartMinIO(t)
	ctr := &countingTransport{}
	cl, err := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, ""), Region: m.Region, Transport: ctr})
	if err != nil {
		t.Fatal(err)
	}
	src := &scanner.S3Source{Client: cl}
	ctx := context.Background()
	if err := cl.MakeBucket(ctx, "pages", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		put(t, cl, "pages", fmt.Sprintf("%02d.txt", i), []byte("x"), minio.PutObjectOptions{})
	}
	ctr.queries = nil
	type page struct {
		n    int
		last string
		more bool
	}
	var got []page
	after := ""
	for range 5 {
		p := page{}
		last, more, err := src.List(ctx, "pages", scanner.S3ListOptions{StartAfter: after, Limit: 10, PageSize: 10}, func(scanner.S3Object) error { p.n++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		p.last, p.more = last, more
		got = append(got, p)
		if !more {
			break
		}
		after = last
	}
	want := []page{{10, "09.txt", true}, {10, "19.txt", false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	lists := 0
	for _, q := range ctr.queries {
		if q.Get("list-type") == "2" {
			lists++
			if q.Has("continuation-token") {
				t.Errorf("a page was listed with a continuation token: %v", q)
			}
		}
	}
	if lists > 4 {
		t.Errorf("%d ListObjectsV2 requests for 2 pages, want at most 4", lists)
	}
}

// TestS3ResumedRead cuts the first GET after 1 MiB: the reader resumes
// with a ranged GET pinned to the ETag and the scan is complete.
func TestS3ResumedRead(t *testing.T) {
	m := testenv.StartMinIO(t)
	direct := minioSource(t, m)
	ctx := context.Background()
	if err := direct.Client.MakeBucket(ctx, "cut", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("plain words and nothing else here\n"), 100_000) // 3.4 MB
	data = append(data, []byte("email: kim.lee4412@quillpost.net\n")...)
	put(t, direct.Client, "cut", "cut.txt", data, minio.PutObjectOptions{})

	target, _ := url.Parse(m.URL())
	var gets, ranged atomic.Int32
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method == http.MethodGet && strings.Contains(resp.Request.URL.Path, "cut.txt") {
			if resp.Request.Header.Get("Range") != "" {
				ranged.Add(1)
			}
			if gets.Add(1) == 1 {
				resp.Body = &cutBody{r: resp.Body, n: 1 << 20}
			}
		}
		return nil
	}
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	src, err := scanner.NewS3Source(scanner.S3Config{Endpoint: srv.URL, Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	st, err := src.Stat(ctx, "cut", "cut.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := src.Scan(ctx, s3TestScanner(t), st)
	if err != nil || res.Status != scanner.Complete || res.CountOf("EMAIL_ADDRESS") != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	if gets.Load() < 2 || ranged.Load() < 1 {
		t.Errorf("%d GETs, %d ranged: the read was not resumed", gets.Load(), ranged.Load())
	}
}

type cutBody struct {
	r io.ReadCloser
	n int
}

func (c *cutBody) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, errors.New("connection cut")
	}
	if len(p) > c.n {
		p = p[:c.n]
	}
	k, err := c.r.Read(p)
	c.n -= k
	return k, err
}

func (c *cutBody) Close() error { return c.r.Close() }

// TestS3Archived: objects in Glacier and Deep Archive are skipped with
// the reason, on AWS semantics (moto).
func TestS3Archived(t *testing.T) {
	mo := testenv.StartMoto(t)
	src, err := scanner.NewS3Source(scanner.S3Config{Endpoint: mo.URL(), Region: "us-east-1", AccessKey: "testing", SecretKey: "testing", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := src.Client.MakeBucket(ctx, "arch", minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	body := []byte("ssn: 512-44-7781\n")
	put(t, src.Client, "arch", "cold.txt", body, minio.PutObjectOptions{StorageClass: "GLACIER"})
	put(t, src.Client, "arch", "colder.txt", body, minio.PutObjectOptions{StorageClass: "DEEP_ARCHIVE"})
	put(t, src.Client, "arch", "warm.txt", body, minio.PutObjectOptions{})
	sc := s3TestScanner(t)
	got := map[string]scanner.Result{}
	_, _, err = src.List(ctx, "arch", scanner.S3ListOptions{}, func(o scanner.S3Object) error {
		r, err := src.Scan(ctx, sc, o)
		if err != nil {
			return err
		}
		got[o.Key] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cold.txt", "colder.txt"} {
		r := got[k]
		if r.Status != scanner.Skipped || !strings.Contains(r.Reason, "restore") || r.Count() != 0 {
			t.Errorf("%s: %+v", k, r)
		}
	}
	if r := got["warm.txt"]; r.Status != scanner.Complete || r.CountOf("US_SSN") != 1 {
		t.Errorf("warm.txt: %+v", r)
	}
	// Listed as STANDARD (stale listing) but archived when read: the GET's
	// InvalidObjectState makes it skipped too.
	stale := scanner.S3Object{Bucket: "arch", Key: "cold.txt", StorageClass: "STANDARD", Size: int64(len(body))}
	if r, err := src.Scan(ctx, sc, stale); err != nil || r.Status != scanner.Skipped {
		t.Errorf("stale listing: %v %+v", err, r)
	}
}
