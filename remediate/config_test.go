package remediate

import (
	"os"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/config"
)

// The remediation section is part of the config file: unknown keys and bad
// values are refused at load, naming the key.
func TestConfigRemediationSection(t *testing.T) {
	dir := t.TempDir()
	for body, want := range map[string]string{
		"remediation:\n  rules:\n    - name: r\n      match: {identifiers: [US_SSN]}\n      actions: [{type: tag}]\n": "",
		"remediation:\n  rules:\n    - name: r\n      actions: [{type: quarantine}]\n":                                "remediation.rules[0] (r).actions[0].bucket",
		"remediation:\n  rules:\n    - name: r\n      actions: [{type: tag, colour: red}]\n":                          "field colour not found",
		"remediation:\n  rulez: []\n": "remediation",
	} {
		p := dir + "/c.yaml"
		os.WriteFile(p, []byte(body), 0o600)
		cfg, err := config.Load(p)
		if want == "" {
			if err != nil || len(cfg.Remediation.Rules) != 1 || cfg.Remediation.Rules[0].Actions[0].Type != "tag" {
				t.Errorf("%q: %v", body, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", body, err, want)
		}
	}
}
