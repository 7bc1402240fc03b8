package remediate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/remediate/rules"
)

func TestFileLogChain(t *testing.T) {
	ctx := context.Background()
	l := &FileLog{Path: t.TempDir() + "/a/audit.jsonl"}
	// Concurrent appenders (two FileLog values: separate processes share
	// only the flock).
	l2 := &FileLog{Path: l.Path}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lg := l
			if i%2 == 1 {
				lg = l2
			}
			if err := lg.Append(ctx, &Entry{ID: fmt.Sprintf("a-%d", i), Action: "tag", Bucket: "b", Before: json.RawMessage(`{}`)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n, err := Verify(ctx, l)
	if err != nil || n != 40 {
		t.Fatalf("verify: %d %v", n, err)
	}
	// A torn last line (a crash mid-write) is skipped and appending goes on.
	f, _ := os.OpenFile(l.Path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"seq":41,"id":"torn"`)
	f.Close()
	if err := l.Append(ctx, &Entry{ID: "after-torn", Action: "tag"}); err != nil {
		t.Fatal(err)
	}
	if n, err := Verify(ctx, l); err != nil || n != 41 {
		t.Fatalf("after a torn line: %d %v", n, err)
	}
	// Tampering is detected.
	l3 := &FileLog{Path: t.TempDir() + "/audit.jsonl"}
	for i := range 3 {
		l3.Append(ctx, &Entry{ID: fmt.Sprintf("x-%d", i), Action: "tag", Bucket: "b", Detail: "tag k=v"})
	}
	data, _ := os.ReadFile(l3.Path)
	os.WriteFile(l3.Path, []byte(strings.Replace(string(data), `"id":"x-1","time":"","actor":"","action":"tag","bucket":"b"`, `"id":"x-1","time":"","actor":"","action":"tag","bucket":"c"`, 1)), 0o600)
	if _, err := Verify(ctx, l3); !errors.Is(err, ErrChain) {
		t.Fatalf("tampered log verified: %v", err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	os.WriteFile(l3.Path, []byte(lines[0]+lines[2]), 0o600)
	if _, err := Verify(ctx, l3); !errors.Is(err, ErrChain) {
		t.Fatalf("log with a removed line verified: %v", err)
	}
}

func TestS3Log(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("results")
	l := NewS3Log(env.cl, "results", "results/_audit")
	other := NewS3Log(env.cl, "results", "results/_audit") // a second writer
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lg := l
			if i%2 == 1 {
				lg = other
			}
			if err := lg.Append(ctx, &Entry{ID: fmt.Sprintf("a-%d", i), Action: "tag"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n, err := Verify(ctx, l)
	if err != nil || n != 10 {
		t.Fatalf("verify: %d %v", n, err)
	}
	// The engine writes to it like to a file.
	env.bucket("data")
	info := env.put("data", "x.csv", "4111111111111111", minio.PutObjectOptions{})
	e := &Engine{Client: env.cl, Log: l, Actor: "test", Config: rules.Config{Rules: []rules.Rule{{Name: "t",
		Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Tag}}}}}}
	steps := run(t, e, []Target{cardTarget("data", "x.csv", info.ETag)}, nil)
	if _, err := Find(ctx, l, steps[0].ActionID); err != nil {
		t.Fatal(err)
	}
	if n, err := Verify(ctx, l); err != nil || n != 11 {
		t.Fatalf("verify: %d %v", n, err)
	}
}
