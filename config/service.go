package config

import (
	"fmt"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Service settings: what `dredge worker`, `schedule`, `serve` and `dev`
// need to run as a service. Every leaf has a `yaml` key, an `env`
// variable that overrides the file, a `doc` line (docs/CONFIG.md is
// generated from these tags: `dredge config reference`), and, where a
// command has a flag for it, the `flag` that overrides both.
//
// Precedence: command-line flag > environment variable > config file >
// built-in default.

// RedisConfig selects the Redis deployment (asynq's client options).
type RedisConfig struct {
	Addr     string `yaml:"addr" env:"DREDGE_REDIS_ADDR" flag:"redis" doc:"Redis address: host:port or redis://[user:password@]host:port/db (mode standalone)" default:"127.0.0.1:6379"`
	Username string `yaml:"username" env:"DREDGE_REDIS_USERNAME" doc:"Redis ACL user name"`
	Password string `yaml:"password" env:"DREDGE_REDIS_PASSWORD" doc:"Redis password (prefer the environment variable to the file)" secret:"true"`
	DB       int    `yaml:"db" env:"DREDGE_REDIS_DB" doc:"Redis database number (standalone and sentinel)"`
	// Mode: standalone, sentinel or cluster.
	Mode     string         `yaml:"mode" env:"DREDGE_REDIS_MODE" doc:"standalone, sentinel (failover through Redis Sentinel) or cluster (Redis Cluster)" default:"standalone"`
	Sentinel SentinelConfig `yaml:"sentinel"`
	Cluster  ClusterConfig  `yaml:"cluster"`
	TLS      bool           `yaml:"tls" env:"DREDGE_REDIS_TLS" doc:"connect to Redis over TLS (system roots)"`
	// DialTimeout bounds connecting.
	DialTimeout time.Duration `yaml:"dial_timeout" env:"DREDGE_REDIS_DIAL_TIMEOUT" doc:"time allowed to connect to Redis" default:"5s"`
}

// SentinelConfig is Redis Sentinel failover (asynq.RedisFailoverClientOpt).
type SentinelConfig struct {
	Master   string   `yaml:"master" env:"DREDGE_REDIS_SENTINEL_MASTER" doc:"name of the master set the sentinels watch (mode sentinel)"`
	Addrs    []string `yaml:"addrs" env:"DREDGE_REDIS_SENTINEL_ADDRS" doc:"sentinel addresses, host:port (comma-separated in the environment)"`
	Password string   `yaml:"password" env:"DREDGE_REDIS_SENTINEL_PASSWORD" doc:"password of the sentinels themselves, when they require one" secret:"true"`
}

// ClusterConfig is Redis Cluster (asynq.RedisClusterClientOpt).
type ClusterConfig struct {
	Addrs []string `yaml:"addrs" env:"DREDGE_REDIS_CLUSTER_ADDRS" doc:"seed nodes of the cluster, host:port (comma-separated in the environment)"`
}

// S3Settings are the object store settings. Credentials stay in the
// environment (AWS_ACCESS_KEY_ID, ...), never in the file.
type S3Settings struct {
	Endpoint  string `yaml:"endpoint" env:"AWS_ENDPOINT_URL" doc:"S3 endpoint URL (http://minio:9000); empty for AWS S3"`
	Region    string `yaml:"region" env:"AWS_REGION" doc:"region; empty: looked up per bucket"`
	PathStyle bool   `yaml:"path_style" env:"DREDGE_S3_PATH_STYLE" doc:"force path-style requests (automatic otherwise)"`
	CABundle  string `yaml:"ca_bundle" env:"AWS_CA_BUNDLE" doc:"PEM file of extra trusted roots"`
}

// ServerConfig is `dredge serve` (and the worker's metrics listener).
type ServerConfig struct {
	Listen string `yaml:"listen" env:"DREDGE_LISTEN" flag:"listen" doc:"address dredge serve listens on" default:"127.0.0.1:8080"`
	// EventsToken is what S3/MinIO event senders present.
	EventsToken string `yaml:"events_token" env:"DREDGE_EVENTS_TOKEN" flag:"token" doc:"bearer token event senders (MinIO webhook, SNS relay) present on /events/s3; required" secret:"true"`
	// APITokens guard every other route but health.
	APITokens []string `yaml:"api_tokens" env:"DREDGE_API_TOKENS" flag:"api-token" doc:"bearer tokens for /metrics, /api/ and /monitoring (comma-separated in the environment); empty: the events token" secret:"true"`
	TLSCert   string   `yaml:"tls_cert" env:"DREDGE_TLS_CERT" flag:"tls-cert" doc:"PEM certificate: serve HTTPS (with tls_key)"`
	TLSKey    string   `yaml:"tls_key" env:"DREDGE_TLS_KEY" flag:"tls-key" doc:"PEM private key of tls_cert"`
	MaxBody   int64    `yaml:"max_body" env:"DREDGE_MAX_BODY" flag:"max-body" doc:"largest request body in bytes (413 above)" default:"4194304"`
	// EventsRate limits /events/s3 (token bucket, per server).
	EventsRate  float64 `yaml:"events_rate" env:"DREDGE_EVENTS_RATE" flag:"events-rate" doc:"requests per second accepted on /events/s3 (429 above; 0: no limit)" default:"200"`
	EventsBurst int     `yaml:"events_burst" env:"DREDGE_EVENTS_BURST" flag:"events-burst" doc:"burst of requests above events_rate" default:"400"`
	// Monitoring mounts asynqmon under /monitoring.
	MonitoringDisabled bool `yaml:"monitoring_disabled" env:"DREDGE_MONITORING_DISABLED" flag:"no-monitoring" doc:"do not serve the asynqmon web UI under /monitoring"`
	MonitoringReadOnly bool `yaml:"monitoring_read_only" env:"DREDGE_MONITORING_READ_ONLY" flag:"monitoring-read-only" doc:"asynqmon in view-only mode (no deleting, retrying or pausing)"`
}

// WorkerConfig is `dredge worker`.
type WorkerConfig struct {
	Concurrency     int           `yaml:"concurrency" env:"DREDGE_WORKER_CONCURRENCY" flag:"concurrency" doc:"tasks run at once; 0: one per CPU"`
	Queues          string        `yaml:"queues" env:"DREDGE_WORKER_QUEUES" flag:"queues" doc:"queues and their weights" default:"events=6,sweeps=3,backfill=1"`
	StrictPriority  bool          `yaml:"strict_priority" env:"DREDGE_WORKER_STRICT_PRIORITY" flag:"strict-priority" doc:"always drain higher-priority queues first"`
	MaxRetry        int           `yaml:"max_retry" env:"DREDGE_WORKER_MAX_RETRY" flag:"max-retry" doc:"retries of a failing task before it is archived" default:"12"`
	RetryBase       time.Duration `yaml:"retry_base" env:"DREDGE_WORKER_RETRY_BASE" flag:"retry-base" doc:"first retry delay (doubles each time)" default:"2s"`
	RetryMax        time.Duration `yaml:"retry_max" env:"DREDGE_WORKER_RETRY_MAX" flag:"retry-max" doc:"longest retry delay" default:"10m"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout" env:"DREDGE_WORKER_SHUTDOWN_TIMEOUT" flag:"shutdown-timeout" doc:"on SIGTERM, time given to running tasks" default:"30s"`
	MetricsListen   string        `yaml:"metrics_listen" env:"DREDGE_WORKER_METRICS_LISTEN" flag:"metrics-listen" doc:"address of the worker's own /metrics and /healthz (scan durations); empty: none"`
}

// LogConfig is the log output of every command.
type LogConfig struct {
	Level  string `yaml:"level" env:"DREDGE_LOG_LEVEL" flag:"log-level" doc:"debug, info, warn or error" default:"warn"`
	Format string `yaml:"format" env:"DREDGE_LOG_FORMAT" flag:"log-format" doc:"text or json (one JSON object a line, for log shippers)" default:"text"`
}

// Setting is one leaf of the service settings, as the reference lists it.
type Setting struct {
	Key     string // dotted YAML path: redis.sentinel.addrs
	Env     string
	Flag    string
	Doc     string
	Type    string
	Default string
	Secret  bool
	// Value is the effective value (file, then environment), "" when unset.
	Value string
	field reflect.Value
}

// serviceRoots are the top-level keys holding service settings.
func (c *Config) serviceRoots() []struct {
	key string
	v   reflect.Value
} {
	return []struct {
		key string
		v   reflect.Value
	}{
		{"redis", reflect.ValueOf(&c.Redis).Elem()},
		{"s3", reflect.ValueOf(&c.S3).Elem()},
		{"results", reflect.ValueOf(&c.Results).Elem()},
		{"server", reflect.ValueOf(&c.Server).Elem()},
		{"worker", reflect.ValueOf(&c.Worker).Elem()},
		{"log", reflect.ValueOf(&c.Log).Elem()},
	}
}

// resultsTags: Results is a plain string field of Config; its tags are
// read from Config's struct field.
func resultsField() reflect.StructField {
	f, _ := reflect.TypeOf(Config{}).FieldByName("Results")
	return f
}

// Settings lists every service setting with its effective value.
func (c *Config) Settings() []Setting {
	var out []Setting
	for _, r := range c.serviceRoots() {
		if r.v.Kind() != reflect.Struct {
			out = append(out, leaf(r.key, resultsField(), r.v))
			continue
		}
		walk(r.key, r.v, &out)
	}
	return out
}

func walk(prefix string, v reflect.Value, out *[]Setting) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		key := prefix + "." + name
		fv := v.Field(i)
		if fv.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) {
			walk(key, fv, out)
			continue
		}
		*out = append(*out, leaf(key, f, fv))
	}
}

func leaf(key string, f reflect.StructField, fv reflect.Value) Setting {
	s := Setting{Key: key, Env: f.Tag.Get("env"), Flag: f.Tag.Get("flag"), Doc: f.Tag.Get("doc"),
		Default: f.Tag.Get("default"), Secret: f.Tag.Get("secret") == "true", field: fv}
	switch fv.Interface().(type) {
	case time.Duration:
		s.Type = "duration"
	case []string:
		s.Type = "list of strings"
	case bool:
		s.Type = "bool"
	case int, int64:
		s.Type = "integer"
	case float64:
		s.Type = "number"
	default:
		s.Type = "string"
	}
	s.Value = formatValue(fv)
	return s
}

func formatValue(fv reflect.Value) string {
	switch x := fv.Interface().(type) {
	case time.Duration:
		if x == 0 {
			return ""
		}
		return x.String()
	case []string:
		return strings.Join(x, ",")
	case bool:
		if !x {
			return ""
		}
		return "true"
	case int:
		if x == 0 {
			return ""
		}
		return strconv.Itoa(x)
	case int64:
		if x == 0 {
			return ""
		}
		return strconv.FormatInt(x, 10)
	case float64:
		if x == 0 {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	return ""
}

// setValue parses s into the field (environment values).
func setValue(fv reflect.Value, s string) error {
	switch fv.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		fv.SetInt(int64(d))
	case []string:
		var l []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				l = append(l, p)
			}
		}
		fv.Set(reflect.ValueOf(l))
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q: want true or false", s)
		}
		fv.SetBool(b)
	case int, int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%q: want an integer", s)
		}
		fv.SetInt(n)
	case float64:
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%q: want a number", s)
		}
		fv.SetFloat(n)
	default:
		fv.SetString(s)
	}
	return nil
}

// applyEnv lets the environment override the file's service settings.
// An environment value that does not parse is an error naming both the
// variable and the key.
func (c *Config) applyEnv() error {
	for _, s := range c.Settings() {
		if s.Env == "" {
			continue
		}
		v, ok := os.LookupEnv(s.Env)
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		if s.Key == "s3.endpoint" {
			// The S3-specific variable wins over the generic one, as in the AWS SDKs.
			if e := strings.TrimSpace(os.Getenv("AWS_ENDPOINT_URL_S3")); e != "" {
				v = e
			}
		}
		if err := setValue(s.field, strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("%s (from $%s): %w", s.Key, s.Env, err)
		}
	}
	return nil
}

// validateService checks the service settings; errors name the key.
func (c *Config) validateService() error {
	r := &c.Redis
	switch r.Mode {
	case "", "standalone":
		if r.Addr != "" && !strings.Contains(r.Addr, "://") {
			if _, _, err := net.SplitHostPort(r.Addr); err != nil {
				return fmt.Errorf("redis.addr: %q: want host:port or redis://host:port/db", r.Addr)
			}
		}
	case "sentinel":
		if r.Sentinel.Master == "" {
			return fmt.Errorf("redis.sentinel.master: required with redis.mode sentinel")
		}
		if len(r.Sentinel.Addrs) == 0 {
			return fmt.Errorf("redis.sentinel.addrs: required with redis.mode sentinel")
		}
		for i, a := range r.Sentinel.Addrs {
			if _, _, err := net.SplitHostPort(a); err != nil {
				return fmt.Errorf("redis.sentinel.addrs[%d]: %q: want host:port", i, a)
			}
		}
	case "cluster":
		if len(r.Cluster.Addrs) == 0 {
			return fmt.Errorf("redis.cluster.addrs: required with redis.mode cluster")
		}
		for i, a := range r.Cluster.Addrs {
			if _, _, err := net.SplitHostPort(a); err != nil {
				return fmt.Errorf("redis.cluster.addrs[%d]: %q: want host:port", i, a)
			}
		}
		if r.DB != 0 {
			return fmt.Errorf("redis.db: Redis Cluster has database 0 only")
		}
	default:
		return fmt.Errorf("redis.mode: %q: want standalone, sentinel or cluster", r.Mode)
	}
	if r.DB < 0 || r.DB > 15 {
		return fmt.Errorf("redis.db: %d: want 0-15", r.DB)
	}
	if r.DialTimeout < 0 {
		return fmt.Errorf("redis.dial_timeout: negative")
	}
	if c.Results != "" && strings.Contains(c.Results, "://") && !strings.HasPrefix(c.Results, "s3://") {
		return fmt.Errorf("results: %q: want a folder or s3://bucket[/prefix]", c.Results)
	}
	s := &c.Server
	if s.Listen != "" {
		if _, _, err := net.SplitHostPort(s.Listen); err != nil {
			return fmt.Errorf("server.listen: %q: want host:port", s.Listen)
		}
	}
	if (s.TLSCert == "") != (s.TLSKey == "") {
		return fmt.Errorf("server.tls_cert, server.tls_key: give both or neither")
	}
	if s.TLSCert != "" {
		for key, p := range map[string]string{"server.tls_cert": s.TLSCert, "server.tls_key": s.TLSKey} {
			if _, err := os.Stat(p); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if err := checkToken("server.events_token", s.EventsToken); err != nil {
		return err
	}
	for i, t := range s.APITokens {
		if err := checkToken(fmt.Sprintf("server.api_tokens[%d]", i), t); err != nil {
			return err
		}
		if t == "" {
			return fmt.Errorf("server.api_tokens[%d]: empty", i)
		}
	}
	if s.MaxBody < 0 || s.MaxBody > 1<<30 {
		return fmt.Errorf("server.max_body: %d: want 0 (default) to 1 GiB", s.MaxBody)
	}
	if s.EventsRate < 0 {
		return fmt.Errorf("server.events_rate: negative")
	}
	if s.EventsBurst < 0 {
		return fmt.Errorf("server.events_burst: negative")
	}
	w := &c.Worker
	if w.Concurrency < 0 || w.Concurrency > 4096 {
		return fmt.Errorf("worker.concurrency: %d: want 0-4096", w.Concurrency)
	}
	if w.Queues != "" {
		for _, part := range strings.Split(w.Queues, ",") {
			name, weight, ok := strings.Cut(strings.TrimSpace(part), "=")
			n, err := strconv.Atoi(weight)
			if !ok || err != nil || n < 1 || name == "" {
				return fmt.Errorf("worker.queues: %q: want name=weight,...", part)
			}
		}
	}
	if w.MaxRetry < 0 {
		return fmt.Errorf("worker.max_retry: negative")
	}
	for key, d := range map[string]time.Duration{"worker.retry_base": w.RetryBase, "worker.retry_max": w.RetryMax, "worker.shutdown_timeout": w.ShutdownTimeout} {
		if d < 0 {
			return fmt.Errorf("%s: negative", key)
		}
	}
	if w.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(w.MetricsListen); err != nil {
			return fmt.Errorf("worker.metrics_listen: %q: want host:port", w.MetricsListen)
		}
	}
	switch c.Log.Level {
	case "", "debug", "info", "warn", "error", "DEBUG", "INFO", "WARN", "ERROR":
	default:
		return fmt.Errorf("log.level: %q: want debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "", "text", "json":
	default:
		return fmt.Errorf("log.format: %q: want text or json", c.Log.Format)
	}
	return nil
}

func checkToken(key, t string) error {
	if t == "" {
		return nil
	}
	if strings.ContainsAny(t, " \t\r\n") {
		return fmt.Errorf("%s: contains white space", key)
	}
	if len(t) < 8 {
		return fmt.Errorf("%s: shorter than 8 characters", key)
	}
	return nil
}
