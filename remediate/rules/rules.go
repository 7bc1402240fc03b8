// Package rules holds the remediation section of dredge's config: rules
// (what to match) and their actions (what to do). It is a leaf package so
// the config package can validate rules at load time; the remediate
// package runs them.
package rules

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dredge-dev/dredge/classifiers"
)

// Config is the `remediation:` section of the config file.
type Config struct {
	// AuditLog is where the append-only audit log lives: a file path
	// (JSON Lines) or s3://bucket[/prefix] (one object per entry). Empty:
	// beside the results (<results>/_audit).
	AuditLog string `yaml:"audit_log"`
	// QuarantineBucket is the default destination of quarantine actions.
	QuarantineBucket string `yaml:"quarantine_bucket"`
	// Actor names who acts in the audit log (default: user@host).
	Actor string `yaml:"actor"`
	// Webhooks by name, for notify actions.
	Webhooks map[string]Webhook `yaml:"webhooks"`
	Rules    []Rule             `yaml:"rules"`
}

// Webhook is a notification endpoint.
type Webhook struct {
	URL string `yaml:"url"`
	// SecretEnv names the environment variable holding the HMAC key
	// (the secret itself never goes in the config file).
	SecretEnv string `yaml:"secret_env"`
	// Format: "json" (default, dredge's event document) or "slack" (a
	// Slack-compatible {"text": ...} payload).
	Format string `yaml:"format"`
}

// Rule matches scan results or bucket posture and lists actions.
type Rule struct {
	Name  string `yaml:"name"`
	Match Match  `yaml:"match"`
	// Actions run in order.
	Actions []Action `yaml:"actions"`
	// Auto: scan results trigger the rule through remediate tasks on the
	// queue (the worker must run with remediation on). Without it the
	// rule runs only from `dredge remediate plan --apply`.
	Auto bool `yaml:"auto"`
}

// Match selects targets. Every given criterion must hold; within one,
// any listed value will do.
type Match struct {
	// Identifiers: the object has a finding of one of these IDs.
	Identifiers []string `yaml:"identifiers"`
	// Categories: ... of one of these categories (FINANCIAL, ...).
	Categories []string `yaml:"categories"`
	// MinSeverity: the object's severity is at least this.
	MinSeverity string `yaml:"min_severity"`
	// Posture: the bucket has one of these posture findings
	// (S3BucketPublic, ...).
	Posture []string `yaml:"posture"`
	// Buckets and Keys are globs: * and ? within a name (keys: within a
	// path segment, ** across segments).
	Buckets []string `yaml:"buckets"`
	Keys    []string `yaml:"keys"`
}

// Action types.
const (
	Tag               = "tag"
	Quarantine        = "quarantine"
	BlockPublic       = "block_public"
	EnforceEncryption = "enforce_encryption"
	Notify            = "notify"
)

// Action is one action of a rule. Only the fields of its type apply.
type Action struct {
	Type string `yaml:"type" json:"type,omitempty"`
	// tag: Key (default dredge-classification) and Value (default: the
	// object's categories, e.g. FINANCIAL+PERSONAL).
	Key   string `yaml:"key" json:"key,omitempty"`
	Value string `yaml:"value" json:"value,omitempty"`
	// quarantine: Bucket (default: the config's quarantine_bucket) and
	// what becomes of the original after the verified copy: "delete"
	// (default) or "lockdown" (kept, tagged, and denied to everyone by a
	// bucket policy statement).
	Bucket   string `yaml:"bucket" json:"bucket,omitempty"`
	Original string `yaml:"original" json:"original,omitempty"`
	// block_public: also turn every public access block setting on (on
	// stores that have one).
	PublicAccessBlock bool `yaml:"public_access_block" json:"public_access_block,omitempty"`
	// enforce_encryption: SSE ("SSE-S3" or "SSE-KMS"), KMSKeyID for
	// SSE-KMS, and Reencrypt to copy existing unencrypted objects in place.
	SSE       string `yaml:"sse" json:"sse,omitempty"`
	KMSKeyID  string `yaml:"kms_key_id" json:"kms_key_id,omitempty"`
	Reencrypt bool   `yaml:"reencrypt" json:"reencrypt,omitempty"`
	// notify: Webhook names one of the config's webhooks.
	Webhook string `yaml:"webhook" json:"webhook,omitempty"`
}

// ObjectAction reports whether the action works on objects (tag,
// quarantine); the others work on buckets (notify goes with the rule's
// targets).
func (a Action) ObjectAction() bool { return a.Type == Tag || a.Type == Quarantine }

// ObjectRule reports whether the rule's targets are objects: it matches
// on findings or keys, or has an object action.
func (r *Rule) ObjectRule() bool {
	m := r.Match
	if len(m.Identifiers)+len(m.Categories)+len(m.Keys) > 0 || m.MinSeverity != "" {
		return true
	}
	return slices.ContainsFunc(r.Actions, Action.ObjectAction)
}

// PostureFindings are the posture finding types a rule may match (the
// posture package's FindingTypes; a test keeps them equal).
var PostureFindings = []string{"S3BucketPublic", "S3BucketPublicWithSensitiveData", "S3BucketSharedExternally",
	"S3BlockPublicAccessDisabled", "S3BucketEncryptionDisabled", "S3BucketVersioningDisabled",
	"S3ObjectsUnencrypted", "S3ObjectPublicACL"}

var ruleName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Validate checks the section; errors name the key (remediation.rules[i]...).
func (c *Config) Validate() error {
	for name, w := range c.Webhooks {
		key := "remediation.webhooks." + name
		u, err := url.Parse(w.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s.url: want an http(s) URL", key)
		}
		switch w.Format {
		case "", "json", "slack":
		default:
			return fmt.Errorf("%s.format: %q: want json or slack", key, w.Format)
		}
	}
	if c.AuditLog != "" && strings.Contains(c.AuditLog, "://") && !strings.HasPrefix(c.AuditLog, "s3://") {
		return fmt.Errorf("remediation.audit_log: %q: want a file or s3://bucket[/prefix]", c.AuditLog)
	}
	seen := map[string]bool{}
	for i := range c.Rules {
		r := &c.Rules[i]
		key := fmt.Sprintf("remediation.rules[%d]", i)
		if !ruleName.MatchString(r.Name) {
			return fmt.Errorf("%s.name: %q: want 1-64 of letters, digits, _ . - ", key, r.Name)
		}
		if seen[r.Name] {
			return fmt.Errorf("%s.name: %q used twice", key, r.Name)
		}
		seen[r.Name] = true
		key += " (" + r.Name + ")"
		if err := r.Match.validate(key + ".match"); err != nil {
			return err
		}
		if len(r.Actions) == 0 {
			return fmt.Errorf("%s.actions: at least one action", key)
		}
		for j, a := range r.Actions {
			if err := c.validateAction(a, fmt.Sprintf("%s.actions[%d]", key, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *Match) validate(key string) error {
	for _, id := range m.Identifiers {
		if strings.ToUpper(id) != id || id == "" {
			return fmt.Errorf("%s.identifiers: %q: identifier IDs are upper snake case", key, id)
		}
	}
	for _, c := range m.Categories {
		switch strings.ToUpper(c) {
		case "CREDENTIALS", "FINANCIAL", "PERSONAL", "HEALTH", "CUSTOM":
		default:
			return fmt.Errorf("%s.categories: %q is not a category", key, c)
		}
	}
	if m.MinSeverity != "" {
		if s, err := classifiers.ParseSeverity(m.MinSeverity); err != nil || s == classifiers.SeverityNone {
			return fmt.Errorf("%s.min_severity: %q: want low, medium, high or critical", key, m.MinSeverity)
		}
	}
	for _, p := range m.Posture {
		if !slices.Contains(PostureFindings, p) {
			return fmt.Errorf("%s.posture: %q: want one of %s", key, p, strings.Join(PostureFindings, ", "))
		}
	}
	for _, g := range m.Buckets {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("%s.buckets: %q: %v", key, g, err)
		}
	}
	for _, g := range m.Keys {
		if _, err := KeyGlob(g); err != nil {
			return fmt.Errorf("%s.keys: %q: %v", key, g, err)
		}
	}
	return nil
}

func (c *Config) validateAction(a Action, key string) error {
	switch a.Type {
	case Tag:
		k := a.Key
		if k == "" {
			k = "dredge-classification"
		}
		if len(k) > 128 || len(a.Value) > 256 {
			return fmt.Errorf("%s: tag key at most 128 and value at most 256 characters", key)
		}
	case Quarantine:
		if a.Bucket == "" && c.QuarantineBucket == "" {
			return fmt.Errorf("%s.bucket: no quarantine bucket (set it here or remediation.quarantine_bucket)", key)
		}
		switch a.Original {
		case "", "delete", "lockdown":
		default:
			return fmt.Errorf("%s.original: %q: want delete or lockdown", key, a.Original)
		}
	case BlockPublic:
	case EnforceEncryption:
		switch strings.ToUpper(a.SSE) {
		case "SSE-S3", "AES256":
			if a.KMSKeyID != "" {
				return fmt.Errorf("%s.kms_key_id: only with sse: SSE-KMS", key)
			}
		case "SSE-KMS", "AWS:KMS":
			if a.KMSKeyID == "" {
				return fmt.Errorf("%s.kms_key_id: required with sse: SSE-KMS", key)
			}
		default:
			return fmt.Errorf("%s.sse: %q: want SSE-S3 or SSE-KMS", key, a.SSE)
		}
	case Notify:
		if _, ok := c.Webhooks[a.Webhook]; !ok {
			return fmt.Errorf("%s.webhook: %q is not one of remediation.webhooks", key, a.Webhook)
		}
	default:
		return fmt.Errorf("%s.type: %q: want tag, quarantine, block_public, enforce_encryption or notify", key, a.Type)
	}
	return nil
}

// KeyGlob compiles a key glob: ** matches across '/', * and ? within a
// segment.
func KeyGlob(g string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(g); i++ {
		switch c := g[i]; c {
		case '*':
			if i+1 < len(g) && g[i+1] == '*' {
				i++
				if i+1 < len(g) && g[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// MatchBucket: does bucket match one of the globs (or are there none)?
func MatchBucket(globs []string, bucket string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		if ok, _ := path.Match(g, bucket); ok {
			return true
		}
	}
	return false
}

// MatchKey: does key match one of the globs (or are there none)?
func MatchKey(globs []string, key string) bool {
	if len(globs) == 0 {
		return true
	}
	for _, g := range globs {
		if re, err := KeyGlob(g); err == nil && re.MatchString(key) {
			return true
		}
	}
	return false
}
