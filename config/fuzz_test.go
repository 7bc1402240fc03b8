package config

import (
	"os"
	"testing"
)

// FuzzParse: a config file is operator input, and a hostile or broken one
// must end in an error that names the problem, never a panic or a hang.
// What Parse accepts is valid (Validate passes again) and builds an engine.
//
//	go test ./config/ -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../deploy/compose/dredge.yaml"); err == nil {
		f.Add(b)
	}
	for _, seed := range []string{
		"min_confidence: high\n",
		"disable_identifiers: [US_SSN]\n",
		"custom_identifiers:\n  - id: EMPLOYEE_ID\n    regex: 'EMP-[0-9]{6}'\n    keywords: [employee]\n    maximum_match_distance: 20\n",
		"custom_identifiers:\n  - id: X1\n    regex: '(unclosed'\n",
		"allow_list:\n  values: [a@example.com]\n  regexes: ['^test-']\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n",
		"fingerprint_key: k\ncustom_identifiers: {a: 1}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		t.Setenv("DREDGE_FINGERPRINT_KEY", "fuzz-key") // never write a key file
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse accepted a config Validate refuses: %v", err)
		}
		if _, err := c.Engine(); err != nil {
			t.Fatalf("Parse accepted a config whose engine fails: %v", err)
		}
	})
}
