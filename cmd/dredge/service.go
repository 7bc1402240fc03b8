package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dredge-dev/dredge/config"
)

// The service settings of the config file (config/service.go) reach the
// commands in two ways: a setting with a flag sets that flag, when the
// command has it and it was not given (flag > environment > file >
// default); the Redis deployment (mode, sentinel, cluster) travels in the
// command's context to openRedis.

type serviceKey struct{}

// serviceConfig returns the config loaded for this command (defaults
// and environment when there is no file).
func serviceConfig(ctx context.Context) *config.Config {
	if ctx != nil {
		if c, ok := ctx.Value(serviceKey{}).(*config.Config); ok {
			return c
		}
	}
	c, err := config.Load("")
	if err != nil {
		return &config.Config{}
	}
	return c
}

// configPath is the --config flag when the command has one and it was
// given, else DREDGE_CONFIG.
func configPath(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("config"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	return os.Getenv("DREDGE_CONFIG")
}

// applyServiceConfig loads the config and applies its service settings
// to cmd's flags and context (root PersistentPreRunE).
func applyServiceConfig(cmd *cobra.Command) error {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Name() == "config" && c.Parent() != nil && c.Parent().Parent() == nil {
			return nil // dredge config ...: reports config errors itself
		}
	}
	path := configPath(cmd)
	cfg, err := config.Load(path)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	for _, s := range cfg.Settings() {
		if s.Flag == "" || s.Value == "" {
			continue
		}
		f := cmd.Flags().Lookup(s.Flag)
		if f == nil || f.Changed {
			continue
		}
		if err := setFlag(f, s.Value); err != nil {
			return &exitError{exitUsage, fmt.Errorf("%s (for --%s): %w", s.Key, s.Flag, err)}
		}
	}
	// The object store is configured through the environment everywhere
	// (scanner.S3ConfigFromEnv): give it the file's values where the
	// environment has none.
	for _, s := range cfg.Settings() {
		if !strings.HasPrefix(s.Key, "s3.") || s.Value == "" || s.Env == "" {
			continue
		}
		if os.Getenv(s.Env) == "" && (s.Key != "s3.endpoint" || os.Getenv("AWS_ENDPOINT_URL_S3") == "") {
			os.Setenv(s.Env, s.Value)
		}
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	cmd.SetContext(context.WithValue(ctx, serviceKey{}, cfg))
	return nil
}

func setFlag(f *pflag.Flag, v string) error {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		return sv.Replace(strings.Split(v, ","))
	}
	return f.Value.Set(v)
}

// redisConnOpt is asynq's connection option for the configured Redis:
// RedisClientOpt (standalone; addr is host:port or a redis:// URL, as the
// --redis flag gives it), RedisFailoverClientOpt (Sentinel) or
// RedisClusterClientOpt (Cluster).
func redisConnOpt(ctx context.Context, addr string) (asynq.RedisConnOpt, string, error) {
	rc := serviceConfig(ctx).Redis
	var tlsCfg *tls.Config
	if rc.TLS {
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	dial := rc.DialTimeout
	if dial == 0 {
		dial = 5 * time.Second
	}
	password := rc.Password
	if password == "" {
		password = os.Getenv("DREDGE_REDIS_PASSWORD")
	}
	switch rc.Mode {
	case "sentinel":
		return asynq.RedisFailoverClientOpt{MasterName: rc.Sentinel.Master, SentinelAddrs: rc.Sentinel.Addrs,
				SentinelPassword: rc.Sentinel.Password, Username: rc.Username, Password: password, DB: rc.DB,
				DialTimeout: dial, TLSConfig: tlsCfg},
			fmt.Sprintf("sentinel %s (master %s)", strings.Join(rc.Sentinel.Addrs, ","), rc.Sentinel.Master), nil
	case "cluster":
		return asynq.RedisClusterClientOpt{Addrs: rc.Cluster.Addrs, Username: rc.Username, Password: password,
			DialTimeout: dial, TLSConfig: tlsCfg}, "cluster " + strings.Join(rc.Cluster.Addrs, ","), nil
	}
	if addr == "" {
		addr = rc.Addr
	}
	if addr == "" {
		addr = "127.0.0.1:6379"
	}
	if strings.Contains(addr, "://") {
		o, err := redis.ParseURL(addr)
		if err != nil {
			return nil, "", &exitError{exitUsage, fmt.Errorf("--redis: %w", err)}
		}
		if o.Password == "" {
			o.Password = password
		}
		if o.TLSConfig == nil {
			o.TLSConfig = tlsCfg
		}
		return asynq.RedisClientOpt{Network: o.Network, Addr: o.Addr, Username: o.Username, Password: o.Password,
			DB: o.DB, DialTimeout: dial, TLSConfig: o.TLSConfig}, o.Addr, nil
	}
	return asynq.RedisClientOpt{Addr: addr, Username: rc.Username, Password: password, DB: rc.DB,
		DialTimeout: dial, TLSConfig: tlsCfg}, addr, nil
}

// newRedisClient makes (and pings) a client for the configured Redis.
func newRedisClient(ctx context.Context, addr string) (redis.UniversalClient, error) {
	opt, where, err := redisConnOpt(ctx, addr)
	if err != nil {
		return nil, err
	}
	rdb, ok := opt.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		return nil, &exitError{exitUsage, fmt.Errorf("redis: unsupported connection option %T", opt)}
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		rdb.Close()
		return nil, &exitError{exitUsage, fmt.Errorf("Redis at %s: %w", where, err)}
	}
	return rdb, nil
}
