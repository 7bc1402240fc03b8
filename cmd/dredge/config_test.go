package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/config"
)

// docs/CONFIG.md is generated from the code; this keeps it current.
// Regenerate with: go run ./cmd/dredge config reference > docs/CONFIG.md
func TestConfigDocIsCurrent(t *testing.T) {
	var b bytes.Buffer
	if err := config.Reference(&b, scheduleSpecType); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../docs/CONFIG.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, b.Bytes()) {
		t.Fatal("docs/CONFIG.md is out of date: run `go run ./cmd/dredge config reference > docs/CONFIG.md`")
	}
	for _, k := range config.Keys(scheduleSpecType) {
		if !strings.Contains(b.String(), "`"+k.Path+"`") {
			t.Errorf("reference lacks %s", k.Path)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	for _, k := range []string{"DREDGE_CONFIG", "DREDGE_API_TOKENS", "DREDGE_EVENTS_TOKEN", "DREDGE_REDIS_ADDR", "DREDGE_WORKER_CONCURRENCY"} {
		t.Setenv(k, "")
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("redis:\n  addr: 127.0.0.1:6399\nserver:\n  api_tokens: [s3cr3t-api-token]\nschedules:\n  - name: n\n    location: s3://b/\n    frequency: daily\n"), 0o600)
	out, code := run(t, "config", "check", "--config", good)
	if code != 0 || !strings.Contains(out, "ok (0 custom identifiers, 1 schedules)") || !strings.Contains(out, "127.0.0.1:6399") {
		t.Errorf("config check: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "s3cr3t-api-token") {
		t.Error("config check printed a secret")
	}
	bad := filepath.Join(dir, "bad.yaml")
	for body, key := range map[string]string{
		"redis:\n  mode: ring\n": "redis.mode",
		"server:\n  listn: x\n":  "listn",
		"schedules:\n  - name: n\n    location: s3://b/\n    frequency: hourly\n": "frequency",
	} {
		os.WriteFile(bad, []byte(body), 0o600)
		root := newRoot()
		var errb bytes.Buffer
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&errb)
		root.SetArgs([]string{"config", "check", "--config", bad})
		err := root.Execute()
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%q: want an error naming %s, got %v", body, key, err)
		}
	}
	// The environment is checked too.
	t.Setenv("DREDGE_WORKER_CONCURRENCY", "lots")
	if _, code := run(t, "config", "check", "--config", good); code != exitUsage {
		t.Errorf("bad environment value: exit %d", code)
	}
}

// The config file's service settings reach the flags: flag > env > file.
func TestServiceConfigSetsFlags(t *testing.T) {
	for _, k := range []string{"DREDGE_CONFIG", "DREDGE_REDIS_ADDR", "DREDGE_WORKER_CONCURRENCY", "DREDGE_WORKER_QUEUES", "DREDGE_LOG_FORMAT"} {
		t.Setenv(k, "")
	}
	p := filepath.Join(t.TempDir(), "dredge.yaml")
	os.WriteFile(p, []byte("redis:\n  addr: 10.1.2.3:6379\nworker:\n  concurrency: 7\n  queues: events=2,sweeps=1\n  metrics_listen: 127.0.0.1:9999\nlog:\n  format: json\n"), 0o600)
	flags := func(args ...string) map[string]string {
		root := newRoot()
		cmd, rest, err := root.Find(args)
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Fatal(err)
		}
		if err := applyServiceConfig(cmd); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, n := range []string{"redis", "concurrency", "queues", "metrics-listen", "log-format"} {
			if f := cmd.Flags().Lookup(n); f != nil {
				m[n] = f.Value.String()
			}
		}
		return m
	}
	got := flags("worker", "--config", p)
	want := map[string]string{"redis": "10.1.2.3:6379", "concurrency": "7", "queues": "events=2,sweeps=1", "metrics-listen": "127.0.0.1:9999", "log-format": "json"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("file: --%s = %q, want %q", k, got[k], v)
		}
	}
	t.Setenv("DREDGE_WORKER_CONCURRENCY", "3")
	t.Setenv("DREDGE_CONFIG", p) // no --config: the environment names the file
	if got := flags("worker"); got["concurrency"] != "3" || got["redis"] != "10.1.2.3:6379" {
		t.Errorf("env over file: %v", got)
	}
	if got := flags("worker", "--concurrency", "9"); got["concurrency"] != "9" {
		t.Errorf("flag over env: %v", got)
	}
}
