// Package config reads dredge's YAML configuration: custom identifiers,
// allow lists, the fingerprint key and scan settings. Unknown keys and bad
// values are errors that name the key.
package config

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/report/compliance"
)

// Config is the whole file.
type Config struct {
	// FingerprintKey keys the HMAC of fingerprints (hex or text). The
	// DREDGE_FINGERPRINT_KEY environment variable overrides it.
	FingerprintKey string `yaml:"fingerprint_key"`
	// MinConfidence is the reporting threshold (low, medium, high).
	MinConfidence string `yaml:"min_confidence"`
	// Identifiers are custom identifiers.
	Identifiers []CustomIdentifier `yaml:"custom_identifiers"`
	// Allow lists apply to every identifier.
	Allow AllowList `yaml:"allow_list"`
	// Disabled managed identifier IDs.
	Disabled []string `yaml:"disable_identifiers"`
	// Remediation holds remediation rules and actions (remediate package).
	Remediation rules.Config `yaml:"remediation"`

	// Service settings (service.go): the fleet's Redis, object store,
	// results store, HTTP server, worker and logs. The environment
	// overrides them; flags override both.
	Redis   RedisConfig  `yaml:"redis"`
	S3      S3Settings   `yaml:"s3"`
	Results string       `yaml:"results" env:"DREDGE_RESULTS" flag:"results" doc:"results store: s3://bucket[/prefix] or a folder"`
	Server  ServerConfig `yaml:"server"`
	Worker  WorkerConfig `yaml:"worker"`
	Log     LogConfig    `yaml:"log"`
	// Schedules are read and checked by `dredge schedule` (queue.ScheduleSpec);
	// kept here so one file serves every command.
	Schedules yaml.Node `yaml:"schedules"`
}

// CustomIdentifier follows Macie's custom data identifiers.
type CustomIdentifier struct {
	ID          string   `yaml:"id"`
	Category    string   `yaml:"category"`
	Description string   `yaml:"description"`
	Regex       string   `yaml:"regex"`
	Keywords    []string `yaml:"keywords"`
	// RequireKeyword: Macie requires a keyword when keywords are given;
	// so do we unless this is set to false.
	RequireKeyword *bool    `yaml:"require_keyword"`
	IgnoreWords    []string `yaml:"ignore_words"`
	// MaximumMatchDistance is Macie's keyword distance (default 50).
	MaximumMatchDistance int                        `yaml:"maximum_match_distance"`
	SeverityLevels       classifiers.SeverityLevels `yaml:"severity_levels"`
	// Compliance maps the identifier to the regulated data types of
	// `dredge report` (docs/COMPLIANCE.md); without it the identifier is
	// listed as unmapped.
	Compliance *compliance.Mapping `yaml:"compliance"`
}

// AllowList holds values never reported.
type AllowList struct {
	Values  []string `yaml:"values"`
	Regexes []string `yaml:"regexes"`
}

// Load reads and validates a config file. An empty path gives defaults.
func Load(path string) (*Config, error) {
	c := &Config{}
	if path == "" {
		if err := c.applyEnv(); err != nil {
			return nil, err
		}
		if err := c.validateService(); err != nil {
			return nil, err
		}
		return c, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Parse reads and validates the config in data; path names it in errors.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{}
	if len(data) > 16<<20 {
		return nil, fmt.Errorf("config %s: larger than 16 MiB", path)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %w", path, nameKey(data, err))
	}
	if err := c.applyEnv(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Validate checks every value, naming the key of the first bad one.
func (c *Config) Validate() error {
	if c.MinConfidence != "" {
		if _, err := classifiers.ParseConfidence(c.MinConfidence); err != nil {
			return fmt.Errorf("min_confidence: %w", err)
		}
	}
	known := map[string]bool{}
	for _, id := range managed.All() {
		known[id.ID] = true
	}
	for _, d := range c.Disabled {
		if !known[d] {
			return fmt.Errorf("disable_identifiers: %q is not a managed identifier", d)
		}
	}
	for i, ci := range c.Identifiers {
		key := fmt.Sprintf("custom_identifiers[%d]", i)
		if ci.ID == "" {
			return fmt.Errorf("%s.id: required", key)
		}
		if known[ci.ID] {
			return fmt.Errorf("%s.id: %q is already an identifier", key, ci.ID)
		}
		known[ci.ID] = true
		if ci.Regex == "" {
			return fmt.Errorf("%s (%s).regex: required", key, ci.ID)
		}
		if len(ci.Regex) > 512 {
			return fmt.Errorf("%s (%s).regex: longer than 512 characters", key, ci.ID)
		}
		if len(ci.Keywords) > 50 {
			return fmt.Errorf("%s (%s).keywords: more than 50", key, ci.ID)
		}
		if ci.MaximumMatchDistance < 0 || ci.MaximumMatchDistance > 300 {
			return fmt.Errorf("%s (%s).maximum_match_distance: want 1-300", key, ci.ID)
		}
		for j, l := range ci.SeverityLevels {
			if l.Threshold < 1 {
				return fmt.Errorf("%s (%s).severity_levels[%d].occurrences_threshold: want >= 1", key, ci.ID, j)
			}
		}
		switch strings.ToUpper(ci.Category) {
		case "", "CUSTOM", "CREDENTIALS", "FINANCIAL", "PERSONAL", "HEALTH":
		default:
			return fmt.Errorf("%s (%s).category: %q is not a category", key, ci.ID, ci.Category)
		}
		if _, err := ci.Identifier(); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if ci.Compliance != nil {
			if err := ci.Compliance.Validate(); err != nil {
				return fmt.Errorf("%s (%s).compliance.%w", key, ci.ID, err)
			}
		}
	}
	if err := c.Remediation.Validate(); err != nil {
		return err
	}
	if err := c.validateService(); err != nil {
		return err
	}
	for i, r := range c.Allow.Regexes {
		if _, err := classifiers.NewEngine(nil, classifiers.Options{AllowPatterns: []string{r}}); err != nil {
			return fmt.Errorf("allow_list.regexes[%d]: %w", i, err)
		}
	}
	return nil
}

// Identifier converts a custom identifier to the engine's form. Its
// pattern must compile as RE2: the error names the identifier.
func (ci CustomIdentifier) Identifier() (*classifiers.Identifier, error) {
	cat := classifiers.Category(strings.ToUpper(ci.Category))
	if cat == "" {
		cat = classifiers.Custom
	}
	req := len(ci.Keywords) > 0
	if ci.RequireKeyword != nil {
		req = *ci.RequireKeyword && len(ci.Keywords) > 0
	}
	dist := ci.MaximumMatchDistance
	if dist == 0 {
		dist = 50
	}
	sev := ci.SeverityLevels
	if len(sev) == 0 {
		sev = classifiers.Buckets(classifiers.SeverityMedium, classifiers.SeverityMedium, classifiers.SeverityHigh)
	}
	trig := classifiers.Trigger{Keyword: req}
	if !req {
		// No keyword to narrow it: the pattern runs over all text.
		trig = classifiers.Trigger{Everywhere: true}
	}
	id := &classifiers.Identifier{
		ID: ci.ID, Category: cat, Description: ci.Description,
		Patterns:       []classifiers.Pattern{{Regex: ci.Regex, Confidence: classifiers.Medium, Trigger: trig}},
		Keywords:       ci.Keywords,
		RequireKeyword: req,
		Distance:       dist,
		IgnoreWords:    ci.IgnoreWords,
		Severity:       sev,
	}
	if req {
		id.Patterns[0].Confidence = classifiers.Low // the keyword lifts it to medium
	}
	if _, err := classifiers.NewEngine([]*classifiers.Identifier{id}, classifiers.Options{}); err != nil {
		return nil, err
	}
	return id, nil
}

// ComplianceMappings returns each custom identifier's compliance mapping
// (nil when it has none).
func (c *Config) ComplianceMappings() map[string]*compliance.Mapping {
	m := map[string]*compliance.Mapping{}
	for _, ci := range c.Identifiers {
		m[ci.ID] = ci.Compliance
	}
	return m
}

// Identifiers returns the managed identifiers minus the disabled ones, plus
// the custom ones.
func (c *Config) AllIdentifiers() ([]*classifiers.Identifier, error) {
	var out []*classifiers.Identifier
	for _, id := range managed.All() {
		if !contains(c.Disabled, id.ID) {
			out = append(out, id)
		}
	}
	for _, ci := range c.Identifiers {
		id, err := ci.Identifier()
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Engine returns the matching engine the config describes: its
// identifiers (AllIdentifiers) with its options (EngineOptions).
func (c *Config) Engine() (*classifiers.Engine, error) {
	ids, err := c.AllIdentifiers()
	if err != nil {
		return nil, err
	}
	opts, err := c.EngineOptions()
	if err != nil {
		return nil, err
	}
	return classifiers.NewEngine(ids, opts)
}

// EngineOptions returns the engine options the config sets, with the
// fingerprint key resolved (see FingerprintKey).
func (c *Config) EngineOptions() (classifiers.Options, error) {
	o := classifiers.Options{AllowValues: c.Allow.Values, AllowPatterns: c.Allow.Regexes}
	if c.MinConfidence != "" {
		o.MinConfidence, _ = classifiers.ParseConfidence(c.MinConfidence)
	}
	key, err := c.fingerprintKey()
	if err != nil {
		return o, err
	}
	o.FingerprintKey = key
	return o, nil
}

// fingerprintKey: DREDGE_FINGERPRINT_KEY, then the config, then a key
// generated once and kept in the user's config folder, so fingerprints stay
// comparable between runs.
func (c *Config) fingerprintKey() ([]byte, error) {
	if k := os.Getenv("DREDGE_FINGERPRINT_KEY"); k != "" {
		return []byte(k), nil
	}
	if c.FingerprintKey != "" {
		return []byte(c.FingerprintKey), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("no fingerprint key configured and no user config folder: %w", err)
	}
	path := filepath.Join(dir, "dredge", "fingerprint.key")
	if b, err := os.ReadFile(path); err == nil && len(bytes.TrimSpace(b)) > 0 {
		return bytes.TrimSpace(b), nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading fingerprint key: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	key := []byte(hex.EncodeToString(raw))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("keeping fingerprint key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) { // another process made it first
			return c.fingerprintKey()
		}
		return nil, fmt.Errorf("keeping fingerprint key: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(append(key, '\n')); err != nil {
		return nil, fmt.Errorf("keeping fingerprint key: %w", err)
	}
	return key, nil
}

// nameKey re-decodes each top-level key on its own to say which one holds
// the value yaml could not read.
func nameKey(data []byte, err error) error {
	var root map[string]yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return err
	}
	fields := map[string]func() any{
		"fingerprint_key":     func() any { return new(string) },
		"min_confidence":      func() any { return new(string) },
		"custom_identifiers":  func() any { return new([]CustomIdentifier) },
		"allow_list":          func() any { return new(AllowList) },
		"disable_identifiers": func() any { return new([]string) },
		"remediation":         func() any { return new(rules.Config) },
		"redis":               func() any { return new(RedisConfig) },
		"s3":                  func() any { return new(S3Settings) },
		"results":             func() any { return new(string) },
		"server":              func() any { return new(ServerConfig) },
		"worker":              func() any { return new(WorkerConfig) },
		"log":                 func() any { return new(LogConfig) },
	}
	for key, node := range root {
		mk, ok := fields[key]
		if !ok {
			continue
		}
		b, merr := yaml.Marshal(&node)
		if merr != nil {
			continue
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if derr := dec.Decode(mk()); derr != nil {
			return fmt.Errorf("%s: %w", key, derr)
		}
	}
	return err
}
