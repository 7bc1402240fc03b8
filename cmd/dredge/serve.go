package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

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
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Take S3 event notifications over HTTP and queue scans",
		Long: `Serve POST /events/s3: S3 event notifications in MinIO's webhook format or
AWS's S3 event format, also inside an SNS, SQS or EventBridge envelope.
ObjectCreated (and ObjectRestore:Completed) events queue a scan of the
object on the high-priority events queue; ObjectRemoved events remove the
object's result. Requests must carry 'Authorization: Bearer <token>' (401
otherwise); malformed bodies get 400. Repeated events for one object
version are queued once. GET /healthz answers 200 when Redis does.

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
			mux := http.NewServeMux()
			mux.Handle("/events/s3", &queue.EventHandler{
				Enqueuer: &queue.Enqueuer{Client: client, Classifier: version},
				Token:    token, MaxBody: maxBody, Logger: slog.Default(),
			})
			mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
				if err := rdb.Ping(r.Context()).Err(); err != nil {
					http.Error(w, "redis: "+err.Error(), http.StatusServiceUnavailable)
					return
				}
				fmt.Fprintln(w, "ok")
			})
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return &exitError{exitUsage, fmt.Errorf("--listen: %w", err)}
			}
			srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute}
			fmt.Fprintf(cmd.ErrOrStderr(), "dredge serve: POST http://%s/events/s3\n", ln.Addr())
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				return &exitError{exitUsage, err}
			case <-ctx.Done():
			}
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return &exitError{exitUsage, err}
			}
			return nil
		},
	}
	ff.addRedis(cmd)
	ff.addConfig(cmd)
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&token, "token", os.Getenv("DREDGE_EVENTS_TOKEN"), "bearer token senders must present; env DREDGE_EVENTS_TOKEN")
	cmd.Flags().Int64Var(&maxBody, "max-body", 4<<20, "largest request body in bytes")
	return cmd
}
