package config

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Key is one key of the config file, as the reference lists it.
type Key struct {
	Path string // custom_identifiers[].regex
	Type string
	Doc  string
}

// keyDocs describes the keys whose structs carry no doc tag (they belong
// to other packages). TestReferenceCoversEveryKey fails when a key of the
// file has neither a doc tag nor an entry here, so the reference can't
// fall behind the code.
var keyDocs = map[string]string{
	"fingerprint_key":     "key of the HMAC of fingerprints (hex or text); env DREDGE_FINGERPRINT_KEY overrides it; default: generated once and kept in the user's config folder",
	"min_confidence":      "reporting threshold: low, medium (default) or high",
	"disable_identifiers": "managed identifier IDs not to report",
	"custom_identifiers":  "custom identifiers (Macie's custom data identifiers)",

	"custom_identifiers[].id":                                      "identifier ID (upper snake case), reported as the finding type",
	"custom_identifiers[].category":                                "CUSTOM (default), CREDENTIALS, FINANCIAL, PERSONAL or HEALTH",
	"custom_identifiers[].description":                             "free text",
	"custom_identifiers[].regex":                                   "RE2 pattern (at most 512 characters); a pattern that does not compile is refused, naming the identifier",
	"custom_identifiers[].keywords":                                "words that must appear near a match (at most 50)",
	"custom_identifiers[].require_keyword":                         "report only matches near a keyword (default true when keywords are given)",
	"custom_identifiers[].ignore_words":                            "matches never reported",
	"custom_identifiers[].maximum_match_distance":                  "largest distance in characters between keyword and match (1-300, default 50)",
	"custom_identifiers[].severity_levels":                         "severity ladder by number of occurrences",
	"custom_identifiers[].severity_levels[].occurrences_threshold": "from this many occurrences on (>= 1)",
	"custom_identifiers[].severity_levels[].severity":              "low, medium or high",
	"custom_identifiers[].compliance":                              "regulated data types of `dredge report` (docs/COMPLIANCE.md)",
	"custom_identifiers[].compliance.hipaa":                        "HIPAA data type codes",
	"custom_identifiers[].compliance.gdpr":                         "GDPR data type codes",
	"custom_identifiers[].compliance.pci":                          "PCI DSS data type codes",
	"custom_identifiers[].compliance.note":                         "free text shown in reports",

	"allow_list":         "values never reported, for every identifier",
	"allow_list.values":  "exact values",
	"allow_list.regexes": "RE2 patterns matched against the whole value",

	"remediation":                                       "remediation rules and actions (`dredge remediate`, docs/IAM.md)",
	"remediation.audit_log":                             "append-only audit log location (default: beside the results, <results>/_audit)",
	"remediation.quarantine_bucket":                     "default destination of quarantine actions",
	"remediation.actor":                                 "who acts, in the audit log (default user@host)",
	"remediation.webhooks":                              "named webhooks for notify actions",
	"remediation.webhooks.*.url":                        "URL the notification is POSTed to",
	"remediation.webhooks.*.secret_env":                 "environment variable holding the webhook's signing secret",
	"remediation.webhooks.*.format":                     "payload format (json, or slack for {\"text\": ...})",
	"remediation.rules":                                 "rules, applied in order",
	"remediation.rules[].name":                          "rule name (in the audit log)",
	"remediation.rules[].match":                         "which objects the rule applies to (all conditions must hold)",
	"remediation.rules[].match.identifiers":             "the object has a finding of one of these IDs",
	"remediation.rules[].match.categories":              "... of one of these categories",
	"remediation.rules[].match.min_severity":            "the object's severity is at least this",
	"remediation.rules[].match.posture":                 "the bucket has one of these posture findings",
	"remediation.rules[].match.buckets":                 "bucket globs",
	"remediation.rules[].match.keys":                    "key globs (* within a segment, ** across)",
	"remediation.rules[].actions":                       "actions, run in order",
	"remediation.rules[].actions[].type":                "tag, quarantine, block_public, enforce_encryption or notify",
	"remediation.rules[].actions[].key":                 "tag: the tag key",
	"remediation.rules[].actions[].value":               "tag: the tag value (may use the object's categories)",
	"remediation.rules[].actions[].bucket":              "quarantine: destination bucket",
	"remediation.rules[].actions[].original":            "quarantine: what to do with the original",
	"remediation.rules[].actions[].public_access_block": "block_public: also set a public access block",
	"remediation.rules[].actions[].sse":                 "enforce_encryption: SSE-S3 or SSE-KMS",
	"remediation.rules[].actions[].kms_key_id":          "enforce_encryption: KMS key for SSE-KMS",
	"remediation.rules[].actions[].reencrypt":           "enforce_encryption: copy unencrypted objects in place",
	"remediation.rules[].actions[].webhook":             "notify: name of a webhook of remediation.webhooks",
	"remediation.rules[].auto":                          "run from the worker after each scan (otherwise only from `dredge remediate plan --apply`)",

	"schedules":                             "scheduled sweeps, run by `dredge schedule`",
	"schedules[].name":                      "schedule name: 1-64 of letters, digits, '.', '_', '-'",
	"schedules[].location":                  "s3://bucket[/prefix] to sweep",
	"schedules[].frequency":                 "daily, weekly or monthly (or give cron)",
	"schedules[].time":                      "HH:MM (default 00:00)",
	"schedules[].day_of_week":               "weekly: monday ... sunday",
	"schedules[].day_of_month":              "monthly: 1-31, the last day in shorter months",
	"schedules[].cron":                      "instead of frequency/time: a cron spec (5 or 6 fields, @daily ...; @every is refused)",
	"schedules[].timezone":                  "IANA time zone (default UTC)",
	"schedules[].scope":                     "which objects (as a Macie job's scope)",
	"schedules[].scope.prefix":              "key prefix (or give it in location)",
	"schedules[].scope.include_extensions":  "only these extensions",
	"schedules[].scope.exclude_extensions":  "leave these out",
	"schedules[].scope.min_size":            "only objects at least this many bytes",
	"schedules[].scope.max_size":            "only objects at most this many bytes",
	"schedules[].scope.modified_after":      "only objects modified at or after (RFC 3339)",
	"schedules[].scope.modified_before":     "only objects modified before (RFC 3339)",
	"schedules[].scope.tags":                "only objects with one of these tags (key or key=value)",
	"schedules[].scope.exclude_tags":        "leave out objects with one of these tags",
	"schedules[].scope.sampling_percentage": "scan this percentage of the objects in scope",
	"schedules[].force":                     "rescan versions already scanned",
	"schedules[].queue":                     "sweeps (default) or backfill",
	"schedules[].posture":                   "also check the bucket's posture",
	"redis":                                 "the Redis of the fleet (queues, progress, aggregates)",
	"s3":                                    "the object store (AWS S3 or MinIO)",
	"server":                                "dredge serve: events, API, metrics, monitoring UI",
	"worker":                                "dredge worker",
	"log":                                   "logs of every command (log/slog, standard error)",
	"redis.sentinel":                        "Redis Sentinel (mode sentinel)",
	"redis.cluster":                         "Redis Cluster (mode cluster)",
}

// Keys lists every key of the config file. schedules is the element type
// of the schedules list (queue.ScheduleSpec), which this package does not
// import; nil leaves its fields out.
func Keys(schedules reflect.Type) []Key {
	var out []Key
	t := reflect.TypeOf(Config{})
	for i := range t.NumField() {
		f := t.Field(i)
		name := yamlName(f)
		if name == "" {
			continue
		}
		ft := f.Type
		if name == "schedules" {
			if schedules == nil {
				out = append(out, Key{Path: name, Type: "list", Doc: keyDocs[name]})
				continue
			}
			ft = reflect.SliceOf(schedules)
		}
		keys(name, ft, f, &out)
	}
	return out
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	timeType     = reflect.TypeOf(time.Time{})
	nodeType     = reflect.TypeOf(yaml.Node{})
)

func keys(path string, t reflect.Type, f reflect.StructField, out *[]Key) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	doc := f.Tag.Get("doc")
	if doc == "" {
		doc = keyDocs[path]
	}
	if env := f.Tag.Get("env"); env != "" {
		doc += " (env " + env + ")"
	}
	k := Key{Path: path, Doc: doc}
	switch {
	case t == durationType:
		k.Type = "duration"
	case t == timeType:
		k.Type = "time (RFC 3339)"
	case t == nodeType:
		k.Type = "any"
	case t.Kind() == reflect.Struct:
		k.Type = "map"
		*out = append(*out, k)
		for i := range t.NumField() {
			sf := t.Field(i)
			if name := yamlName(sf); name != "" {
				keys(path+"."+name, sf.Type, sf, out)
			}
		}
		return
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		k.Type = "list of maps"
		*out = append(*out, k)
		et := t.Elem()
		for i := range et.NumField() {
			sf := et.Field(i)
			if name := yamlName(sf); name != "" {
				keys(path+"[]."+name, sf.Type, sf, out)
			}
		}
		return
	case t.Kind() == reflect.Map && t.Elem().Kind() == reflect.Struct:
		k.Type = "map of maps"
		*out = append(*out, k)
		et := t.Elem()
		for i := range et.NumField() {
			sf := et.Field(i)
			if name := yamlName(sf); name != "" {
				keys(path+".*."+name, sf.Type, sf, out)
			}
		}
		return
	case t.Kind() == reflect.Slice:
		k.Type = "list of " + kindName(t.Elem())
	default:
		k.Type = kindName(t)
	}
	*out = append(*out, k)
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t.PkgPath() != "" && t.Name() == "Severity" {
			return "severity"
		}
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	}
	return t.Kind().String()
}

// Reference writes docs/CONFIG.md: every key of the file, and for the
// service settings their environment variable, flag and default.
func Reference(w io.Writer, schedules reflect.Type) error {
	var b strings.Builder
	b.WriteString(`# Configuration reference

<!-- Generated by ` + "`dredge config reference`" + ` from the code (config/); do not edit.
     Regenerate: go run ./cmd/dredge config reference > docs/CONFIG.md -->

One YAML file (` + "`--config FILE`" + ` or ` + "`DREDGE_CONFIG`" + `) serves every command.
Unknown keys and bad values are errors that name the key;
` + "`dredge config check [--config FILE]`" + ` checks a file (and the environment)
without running anything, and prints the effective service settings with
secrets masked.

Precedence for the service settings: **flag > environment variable >
file > default**. Object store credentials are never read from the file:
give them in the environment (` + "`AWS_ACCESS_KEY_ID`" + `, ` + "`AWS_SECRET_ACCESS_KEY`" + `,
` + "`AWS_SESSION_TOKEN`" + `, ` + "`AWS_PROFILE`" + `, or ` + "`MINIO_ROOT_USER`" + `/` + "`MINIO_ROOT_PASSWORD`" + `), or use
an instance role.

## Service settings

`)
	var c Config
	section := ""
	for _, s := range c.Settings() {
		top, _, _ := strings.Cut(s.Key, ".")
		if top != section {
			section = top
			if section != "redis" {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "### `%s`\n\n| key | type | default | environment | flag | meaning |\n|---|---|---|---|---|---|\n", top)
		}
		flag := ""
		if s.Flag != "" {
			flag = "`--" + s.Flag + "`"
		}
		def := ""
		if s.Default != "" {
			def = "`" + s.Default + "`"
		}
		env := ""
		if s.Env != "" {
			env = "`" + s.Env + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", s.Key, s.Type, def, env, flag, mdCell(s.Doc))
	}
	b.WriteString(`
Redis modes: ` + "`standalone`" + ` (one server, ` + "`redis.addr`" + `), ` + "`sentinel`" + `
(` + "`redis.sentinel.master`" + ` and ` + "`redis.sentinel.addrs`" + `: the clients follow a
failover to the new master) and ` + "`cluster`" + ` (` + "`redis.cluster.addrs`" + `); they are
asynq's RedisClientOpt, RedisFailoverClientOpt and RedisClusterClientOpt.
See docs/OPERATIONS.md for what each supports.

## Every key of the file

| key | type | meaning |
|---|---|---|
`)
	service := map[string]bool{}
	for _, s := range c.Settings() {
		service[s.Key] = true
	}
	all := Keys(schedules)
	for _, k := range all {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k.Path, k.Type, mdCell(k.Doc))
	}
	b.WriteString(`
## Example

` + "```yaml" + `
redis:
  mode: sentinel
  sentinel: {master: dredge, addrs: ["sentinel-0:26379", "sentinel-1:26379", "sentinel-2:26379"]}
s3:
  endpoint: http://minio:9000
results: s3://dredge-results
server:
  listen: 0.0.0.0:8080
  # events_token and api_tokens: better from DREDGE_EVENTS_TOKEN / DREDGE_API_TOKENS
  events_rate: 200
worker:
  concurrency: 4
  metrics_listen: 0.0.0.0:9090
log: {level: info, format: json}
min_confidence: medium
schedules:
  - name: nightly
    location: s3://data/
    frequency: daily
    time: "02:30"
` + "```" + `
`)
	_, err := io.WriteString(w, b.String())
	return err
}

func mdCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

// Masked returns a setting's value for display: secrets as "***".
func (s Setting) Masked() string {
	if s.Secret && s.Value != "" {
		return "***"
	}
	return s.Value
}
