package rules

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := Config{QuarantineBucket: "q", Webhooks: map[string]Webhook{"w": {URL: "https://h.example/x"}},
		Rules: []Rule{{Name: "r1", Match: Match{Identifiers: []string{"US_SSN"}, MinSeverity: "high", Keys: []string{"a/**/*.csv"}},
			Actions: []Action{{Type: Tag}, {Type: Quarantine}, {Type: Notify, Webhook: "w"}}}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(c *Config){
		"remediation.rules[0].name":                          func(c *Config) { c.Rules[0].Name = "bad name" },
		"(r1).match.categories":                              func(c *Config) { c.Rules[0].Match.Categories = []string{"MONEY"} },
		"(r1).match.min_severity":                            func(c *Config) { c.Rules[0].Match.MinSeverity = "huge" },
		"(r1).match.posture":                                 func(c *Config) { c.Rules[0].Match.Posture = []string{"Public"} },
		"(r1).match.identifiers":                             func(c *Config) { c.Rules[0].Match.Identifiers = []string{"us_ssn"} },
		"(r1).actions[1].bucket":                             func(c *Config) { c.QuarantineBucket = "" },
		"(r1).actions[1].original":                           func(c *Config) { c.Rules[0].Actions[1].Original = "shred" },
		"(r1).actions[2].webhook":                            func(c *Config) { c.Rules[0].Actions[2].Webhook = "nope" },
		"(r1).actions[0].type":                               func(c *Config) { c.Rules[0].Actions[0].Type = "delete" },
		"(r1).actions: at least one":                         func(c *Config) { c.Rules[0].Actions = nil },
		"remediation.webhooks.w.url":                         func(c *Config) { c.Webhooks["w"] = Webhook{URL: "ftp://x"} },
		"remediation.audit_log":                              func(c *Config) { c.AuditLog = "gs://x" },
		"(r1).actions[0].kms_key_id: required with sse: SSE": func(c *Config) { c.Rules[0].Actions[0] = Action{Type: EnforceEncryption, SSE: "SSE-KMS"} },
		"(r1).actions[0].sse":                                func(c *Config) { c.Rules[0].Actions[0] = Action{Type: EnforceEncryption, SSE: "rot13"} },
	}
	for want, mutate := range cases {
		c := ok
		c.Rules = []Rule{ok.Rules[0]}
		c.Rules[0].Actions = append([]Action(nil), ok.Rules[0].Actions...)
		c.Webhooks = map[string]Webhook{"w": ok.Webhooks["w"]}
		mutate(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

func TestGlobs(t *testing.T) {
	for _, c := range []struct {
		glob, key string
		want      bool
	}{
		{"*.csv", "a.csv", true}, {"*.csv", "x/a.csv", false}, {"**/*.csv", "x/y/a.csv", true}, {"**/*.csv", "a.csv", true},
		{"incoming/**", "incoming/a/b", true}, {"incoming/**", "other/a", false}, {"a?c", "abc", true}, {"a.c", "abc", false},
	} {
		if got := MatchKey([]string{c.glob}, c.key); got != c.want {
			t.Errorf("%s ~ %s = %v", c.glob, c.key, got)
		}
	}
	if !MatchBucket([]string{"prod-*"}, "prod-eu") || MatchBucket([]string{"prod-*"}, "dev") || !MatchBucket(nil, "x") {
		t.Error("bucket globs")
	}
}
