package main

import (
	"log/slog"
	"os"

	"github.com/hibiken/asynq"
	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/queue"
)

func newServeCmd() *cobra.Command {
	var (
		ff      fleetFlags
		listen  string
		token   string
		maxBody int64
		sf      serveFlags
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve S3 event intake, the API, metrics and the monitoring UI",
		Long: `Serve POST /events/s3: S3 event notifications in MinIO's webhook format or
AWS's S3 event format, also inside an SNS, SQS or EventBridge envelope.
ObjectCreated (and ObjectRestore:Completed) events queue a scan of the
object on the high-priority events queue; ObjectRemoved events remove the
object's result. Requests must carry 'Authorization: Bearer <token>' (401
otherwise); malformed bodies get 400; the endpoint is rate limited
(--events-rate, 429 above). Repeated events for one object version are
queued once.

Also: GET /metrics (Prometheus), /api/v1/{queues,sweeps,buckets} (JSON),
/monitoring/ (asynqmon web UI), all behind the API tokens (--api-token,
DREDGE_API_TOKENS; the events token when none is given; HTTP Basic auth
with the token as password works too, for browsers); GET /livez, /healthz
(Redis) and /readyz (Redis and the object store) need no token. TLS with
--tls-cert and --tls-key.

MinIO: mc admin config set ALIAS notify_webhook:dredge \
         endpoint=http://HOST:8080/events/s3 auth_token=TOKEN
       mc event add ALIAS/BUCKET arn:minio:sqs::dredge:webhook --event put,delete`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if token == "" {
				return usageErr("--token or DREDGE_EVENTS_TOKEN: required (senders must present it)")
			}
			cfg, err := config.Load(ff.config)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			version := classifierVersion(cfg)
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			rdb, err := openRedis(ctx, ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			client := asynq.NewClientFromRedisClient(rdb)
			defer client.Close()
			events := &queue.EventHandler{
				Enqueuer: &queue.Enqueuer{Client: client, Classifier: version},
				Token:    token, MaxBody: maxBody, Logger: slog.Default(),
			}
			return runHTTP(ctx, cmd, httpSetup{rdb: rdb, redisAddr: ff.redis, results: ff.results, events: events,
				eventsToken: token, listen: listen, maxBody: maxBody, flags: sf})
		},
	}
	ff.addRedis(cmd)
	ff.addConfig(cmd)
	ff.addResults(cmd)
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&token, "token", os.Getenv("DREDGE_EVENTS_TOKEN"), "bearer token senders must present; env DREDGE_EVENTS_TOKEN")
	cmd.Flags().Int64Var(&maxBody, "max-body", 4<<20, "largest request body in bytes")
	sf.add(cmd)
	return cmd
}
