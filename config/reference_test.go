package config

import (
	"strings"
	"testing"
)

// Every key of the file is described: a doc tag on its field, or an
// entry of keyDocs. A key added without one fails here.
func TestReferenceCoversEveryKey(t *testing.T) {
	for _, k := range Keys(nil) {
		if strings.TrimSpace(strings.TrimSuffix(k.Doc, ")")) == "" || strings.HasPrefix(k.Doc, " (env") {
			t.Errorf("config key %s has no description: add a doc tag or a keyDocs entry", k.Path)
		}
	}
	for _, s := range (&Config{}).Settings() {
		if s.Env == "" {
			t.Errorf("service setting %s has no environment variable", s.Key)
		}
	}
}

func TestServiceSettingsEnvAndErrors(t *testing.T) {
	p := write(t, "redis:\n  mode: sentinel\n  sentinel:\n    master: m\n    addrs: [\"127.0.0.1:26379\"]\nworker:\n  concurrency: 3\nserver:\n  api_tokens: [abcdefgh12]\n")
	t.Setenv("DREDGE_WORKER_CONCURRENCY", "5")
	t.Setenv("DREDGE_REDIS_SENTINEL_ADDRS", "127.0.0.1:1, 127.0.0.1:2")
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Worker.Concurrency != 5 || len(c.Redis.Sentinel.Addrs) != 2 || c.Redis.Sentinel.Master != "m" || c.Server.APITokens[0] != "abcdefgh12" {
		t.Errorf("env overrides: %+v %+v", c.Worker, c.Redis)
	}
	for _, s := range c.Settings() {
		if s.Key == "server.api_tokens" && s.Masked() != "***" {
			t.Errorf("api_tokens not masked: %q", s.Masked())
		}
	}
	t.Setenv("DREDGE_WORKER_CONCURRENCY", "many")
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "worker.concurrency") || !strings.Contains(err.Error(), "DREDGE_WORKER_CONCURRENCY") {
		t.Errorf("bad env value: %v", err)
	}
	t.Setenv("DREDGE_WORKER_CONCURRENCY", "")
	cases := []struct{ body, want string }{
		{"redis:\n  mode: galaxy\n", "redis.mode"},
		{"redis:\n  mode: sentinel\n", "redis.sentinel.master"},
		{"redis:\n  mode: cluster\n", "redis.cluster.addrs"},
		{"redis:\n  addr: nope\n", "redis.addr"},
		{"redis:\n  adr: x\n", "adr"},
		{"server:\n  listen: 8080\n", "server.listen"},
		{"server:\n  tls_cert: /x.pem\n", "server.tls_cert"},
		{"server:\n  events_token: short\n", "server.events_token"},
		{"server:\n  max_body: -1\n", "server.max_body"},
		{"worker:\n  queues: events\n", "worker.queues"},
		{"worker:\n  retry_base: soon\n", "worker"},
		{"log:\n  format: xml\n", "log.format"},
		{"results: ftp://x\n", "results"},
	}
	for _, c := range cases {
		_, err := Load(write(t, c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: want an error naming %q, got %v", c.body, c.want, err)
		}
	}
	// schedules are accepted by the strict loader (checked by `dredge schedule`).
	if _, err := Load(write(t, "schedules:\n  - name: n\n    location: s3://b\n")); err != nil {
		t.Errorf("schedules: %v", err)
	}
}
