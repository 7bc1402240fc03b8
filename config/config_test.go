package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dredge.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadErrorsNameTheKey(t *testing.T) {
	cases := []struct{ body, want string }{
		{"min_confidence: sure\n", "min_confidence"},
		{"unknown_key: 1\n", "unknown_key"},
		{"custom_identifiers:\n  - id: BROKEN_ID\n    regex: '(unclosed'\n", "BROKEN_ID"},
		{"custom_identifiers:\n  - regex: 'x'\n", "custom_identifiers[0].id"},
		{"custom_identifiers:\n  - id: US_SSN\n    regex: 'x'\n", "already an identifier"},
		{"custom_identifiers:\n  - id: X1\n    regex: 'x'\n    category: SECRET\n", "category"},
		{"custom_identifiers:\n  - id: X1\n    regex: 'x'\n    maximum_match_distance: 100000\n", "maximum_match_distance"},
		{"allow_list:\n  regexes: ['(bad']\n", "allow_list.regexes[0]"},
		{"disable_identifiers: [NOPE]\n", "disable_identifiers"},
		{"custom_identifiers: {a: 1}\n", "custom_identifiers"},
	}
	for _, c := range cases {
		_, err := Load(write(t, c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: want an error naming %q, got %v", c.body, c.want, err)
		}
	}
}

func TestCustomIdentifierAndAllowList(t *testing.T) {
	t.Setenv("DREDGE_FINGERPRINT_KEY", "test-key")
	cfg, err := Load(write(t, `
custom_identifiers:
  - id: EMPLOYEE_ID
    regex: 'EMP-\d{6}'
    keywords: [employee]
    ignore_words: [EMP-000001]
    severity_levels:
      - {occurrences_threshold: 1, severity: low}
      - {occurrences_threshold: 3, severity: high}
  - id: TICKET
    regex: 'TCK-\d{4}'
allow_list:
  values: [EMP-999999]
  regexes: ['TCK-00\d\d']
`))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := cfg.AllIdentifiers()
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cfg.EngineOptions()
	if err != nil {
		t.Fatal(err)
	}
	if string(opts.FingerprintKey) != "test-key" {
		t.Fatalf("fingerprint key from env: %q", opts.FingerprintKey)
	}
	e, err := classifiers.NewEngine(ids, opts)
	if err != nil {
		t.Fatal(err)
	}
	text := "employee EMP-123456 and EMP-000001 and EMP-999999\nno keyword EMP-654321 here at all, far away from any word\nTCK-1234 TCK-0042\n"
	var got []string
	b := &classifiers.Block{Data: []byte(text), Line: 1, Done: len(text)}
	e.ScanBlock(b, func(m classifiers.Match) {
		if m.Identifier.Category == classifiers.Custom {
			got = append(got, string(m.Value))
		}
	})
	want := "EMP-123456,TCK-1234"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	var emp *classifiers.Identifier
	for _, id := range ids {
		if id.ID == "EMPLOYEE_ID" {
			emp = id
		}
	}
	if emp.Severity.For(1) != classifiers.SeverityLow || emp.Severity.For(5) != classifiers.SeverityHigh {
		t.Fatal("severity thresholds not applied")
	}
}

func TestGeneratedFingerprintKeyIsKept(t *testing.T) {
	t.Setenv("DREDGE_FINGERPRINT_KEY", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	c := &Config{}
	a, err := c.EngineOptions()
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.EngineOptions()
	if err != nil {
		t.Fatal(err)
	}
	if len(a.FingerprintKey) < 32 || string(a.FingerprintKey) != string(b.FingerprintKey) {
		t.Fatalf("want one generated key kept between runs, got %q and %q", a.FingerprintKey, b.FingerprintKey)
	}
}

func TestCustomComplianceMapping(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("custom_identifiers:\n  - id: EMPLOYEE_ID\n    regex: 'EMP-[0-9]{6}'\n    compliance:\n      hipaa: [R]\n      gdpr: [art4_id]\n"), 0o600)
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.ComplianceMappings()["EMPLOYEE_ID"]; m == nil || len(m.HIPAA) != 1 || m.HIPAA[0] != "R" {
		t.Fatalf("mapping: %+v", m)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("custom_identifiers:\n  - id: EMPLOYEE_ID\n    regex: 'EMP-[0-9]{6}'\n    compliance:\n      pci: [CVV]\n"), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "EMPLOYEE_ID") || !strings.Contains(err.Error(), "compliance.pci") {
		t.Fatalf("bad mapping: %v", err)
	}
}
