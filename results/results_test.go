package results_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

func rec(bucket, key string, n int) *results.Record {
	r := &results.Record{Bucket: bucket, Key: key, ScanID: results.ScanID(bucket, key, "etag", "v1"),
		Result: scanner.Result{Object: "s3://" + bucket + "/" + key, ETag: "etag", Size: 10, Status: scanner.Complete,
			Findings: []scanner.Finding{}, ScannedAt: "2026-01-01T00:00:00Z"}}
	if n > 0 {
		r.Findings = []scanner.Finding{{Type: "US_SSN", Category: "PERSONAL", Count: n,
			Occurrences: []scanner.Occurrence{{Line: 1, Masked: "***-**-1234", Fingerprint: "hmac-sha256:ab"}}}}
	}
	return r
}

// storeContract runs the same checks on any Store.
func storeContract(t *testing.T, s results.Store) {
	ctx := context.Background()
	keys := []string{"a.txt", "dir/b.csv", "dir/sub/c.json", "../../etc/passwd", "x/./y/../z", "a//b", "sp ace/é%.txt",
		strings.Repeat("long/", 250) + "k.txt", "a", "a.json"}
	for i, k := range keys {
		w, err := s.Put(ctx, rec("bkt", k, i))
		if err != nil || !w {
			t.Fatalf("put %q: %v %v", k, w, err)
		}
	}
	// Same record again (another time, another sweep): nothing written.
	r := rec("bkt", "a.txt", 0)
	r.ScannedAt, r.Sweep = "2027-01-01T00:00:00Z", "sw-2"
	if w, err := s.Put(ctx, r); err != nil || w {
		t.Errorf("unchanged record written again: %v %v", w, err)
	}
	// Unstored: written without a comparison (the caller knows of no
	// stored result), and the flag is not part of the document.
	r = rec("bkt", "a.txt", 0)
	r.Unstored = true
	if w, err := s.Put(ctx, r); err != nil || !w {
		t.Errorf("unstored record not written: %v %v", w, err)
	}
	if got, err := s.Get(ctx, "bkt", "a.txt"); err != nil || got.Unstored || got.Digest() != rec("bkt", "a.txt", 0).Digest() {
		t.Errorf("unstored record read back: %+v %v", got, err)
	}
	if w, err := s.Put(ctx, rec("bkt", "a.txt", 0)); err != nil || w {
		t.Errorf("record written by an unstored put written again: %v %v", w, err)
	}
	// A different outcome is written.
	if w, err := s.Put(ctx, rec("bkt", "a.txt", 3)); err != nil || !w {
		t.Errorf("changed record not written: %v %v", w, err)
	}
	for i, k := range keys {
		got, err := s.Get(ctx, "bkt", k)
		if err != nil {
			t.Fatalf("get %q: %v", k, err)
		}
		want := i
		if k == "a.txt" {
			want = 3
		}
		if got.Key != k || got.Count() != want || got.Object != "s3://bkt/"+k {
			t.Errorf("get %q: %+v", k, got)
		}
	}
	if _, err := s.Get(ctx, "bkt", "nope"); !errors.Is(err, results.ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := s.Put(ctx, rec("other", "dir/b.csv", 1)); err != nil {
		t.Fatal(err)
	}
	list := func(q results.Query) []string {
		var out []string
		if err := s.List(ctx, q, func(r *results.Record) error { out = append(out, r.Bucket+":"+r.Key); return nil }); err != nil {
			t.Fatal(err)
		}
		sort.Strings(out)
		return out
	}
	if got := list(results.Query{Bucket: "bkt"}); len(got) != len(keys) {
		t.Errorf("list bkt: %d, want %d: %v", len(got), len(keys), got)
	}
	if got := list(results.Query{}); len(got) != len(keys)+1 {
		t.Errorf("list all: %d, want %d", len(got), len(keys)+1)
	}
	if got := list(results.Query{Bucket: "bkt", Prefix: "dir/"}); strings.Join(got, ",") != "bkt:dir/b.csv,bkt:dir/sub/c.json" {
		t.Errorf("list prefix: %v", got)
	}
	if got := list(results.Query{Bucket: "bkt", Prefix: "long/"}); len(got) != 1 {
		t.Errorf("list prefix of a hashed key: %v", got)
	}
	for _, k := range keys {
		if err := s.Delete(ctx, "bkt", k); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, "bkt", "never-there"); err != nil {
		t.Errorf("deleting a missing record: %v", err)
	}
	if got := list(results.Query{Bucket: "bkt"}); len(got) != 0 {
		t.Errorf("after delete: %v", got)
	}
	if _, err := s.Put(ctx, rec("../evil", "k", 0)); err == nil {
		t.Error("bad bucket name accepted")
	}
}

func TestLocalStore(t *testing.T) {
	dir := t.TempDir()
	s, err := results.NewLocalStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	storeContract(t, s)
	// Nothing escaped the folder.
	filepath.Walk(filepath.Dir(dir), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasPrefix(p, dir) && strings.HasSuffix(p, ".json") {
			t.Errorf("written outside the store: %s", p)
		}
		return nil
	})
}

// bucketStore opens a results store at loc on a fresh MinIO.
func bucketStore(tb testing.TB, loc string) results.Store {
	tb.Helper()
	m := testenv.StartMinIO(tb)
	s, err := results.Open(context.Background(), loc, scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestBucketStore(t *testing.T) {
	s := bucketStore(t, "s3://dredge-results/some/prefix")
	if s.Location() != "s3://dredge-results/some/prefix" {
		t.Errorf("location %s", s.Location())
	}
	storeContract(t, s)
}

func TestScanID(t *testing.T) {
	a := results.ScanID("b", "k", `"etag"`, "v1")
	if a != results.ScanID("b", "k", "etag", "v1") {
		t.Error("quotes change the scan id")
	}
	for _, other := range []string{results.ScanID("b", "k", "etag2", "v1"), results.ScanID("b", "k", "etag", "v2"),
		results.ScanID("b", "k2", "etag", "v1"), results.ScanID("b2", "k", "etag", "v1"), results.ScanID("bk", "", "etag", "v1")} {
		if other == a {
			t.Error("scan ids collide")
		}
	}
	if _, err := results.Open(context.Background(), "", scanner.S3Config{}); err == nil {
		t.Error("empty location accepted")
	}
	if _, err := results.Open(context.Background(), "gs://x", scanner.S3Config{}); err == nil {
		t.Error("gs:// accepted")
	}
}

// TestBucketStoreListOrder: a bucket store lists records in key order
// (the listing's), also while it fetches them in parallel, and an error
// from fn stops the listing with that error.
func TestBucketStoreListOrder(t *testing.T) {
	s := bucketStore(t, "s3://dredge-results")
	ctx := context.Background()
	var want []string
	for i := range 300 {
		k := fmt.Sprintf("k%04d.txt", i)
		want = append(want, k)
		if _, err := s.Put(ctx, rec("bkt", k, i%3)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	if err := s.List(ctx, results.Query{Bucket: "bkt"}, func(r *results.Record) error { got = append(got, r.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("listed %d records out of key order: %v", len(got), got)
	}
	stop := errors.New("enough")
	n := 0
	err := s.List(ctx, results.Query{Bucket: "bkt"}, func(r *results.Record) error {
		if n++; n == 50 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 50 {
		t.Fatalf("stopping at 50: %v after %d records", err, n)
	}
	// A context that ends midway is an error, never a shorter listing.
	for range 20 {
		cctx, cancel := context.WithCancel(ctx)
		n = 0
		err = s.List(cctx, results.Query{Bucket: "bkt"}, func(r *results.Record) error {
			if n++; n == 5 {
				cancel()
			}
			return nil
		})
		cancel()
		if err == nil {
			t.Fatalf("context cancelled after 5 records: no error, %d of %d records listed", n, len(want))
		}
	}
}

// BenchmarkBucketStoreList reads back 2,000 stored results from MinIO:
// what `dredge findings` and `dredge report` do per stored object.
//
//	go test ./results/ -run '^$' -bench BucketStoreList -benchtime 3x
func BenchmarkBucketStoreList(b *testing.B) {
	s := bucketStore(b, "s3://dredge-results")
	ctx := context.Background()
	const n = 2000
	for i := range n {
		if _, err := s.Put(ctx, rec("bkt", fmt.Sprintf("dir%02d/k%05d.txt", i%20, i), i%4)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		got := 0
		if err := s.List(ctx, results.Query{Bucket: "bkt"}, func(*results.Record) error { got++; return nil }); err != nil || got != n {
			b.Fatalf("listed %d: %v", got, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
