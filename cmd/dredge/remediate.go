package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/remediate"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

type remediateFlags struct {
	config   string
	results  string
	apply    bool
	rules    []string
	format   string
	account  string
	stored   bool
	force    bool
	verify   bool
	auditLog string
	redis    string
}

func (f *remediateFlags) common(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.config, "config", os.Getenv("DREDGE_CONFIG"), "YAML config with the remediation section; env DREDGE_CONFIG")
	fl.StringVar(&f.results, "results", os.Getenv("DREDGE_RESULTS"), "results store (s3://bucket[/prefix] or a folder); env DREDGE_RESULTS")
	fl.StringVar(&f.auditLog, "audit-log", "", "audit log (file or s3://bucket/prefix); default: remediation.audit_log, else beside the results")
	fl.StringVar(&f.format, "format", "table", "output: table or json")
	fl.StringVar(&f.redis, "redis", os.Getenv("DREDGE_REDIS_ADDR"), "the fleet's Redis: lock each bucket against the workers' remediations while changing its policy, ACL or encryption, update the recorded encryption of objects re-encrypted in place, and count objects with findings from its aggregates; env DREDGE_REDIS_ADDR")
}

func newRemediateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remediate",
		Short: "Plan, apply and undo remediation (tag, quarantine, block public access, encrypt, notify)",
		Long: `Remediation runs the rules of the config's remediation section against the
stored scan results and the buckets' posture. It is a dry run unless
--apply is given: 'dredge remediate plan' shows what would change. Every
applied action is idempotent (a second run changes nothing) and recorded in
an append-only, hash-chained audit log with the state before and after;
'dredge remediate undo ACTION_ID' reverts one. See docs/REMEDIATION.md.`,
	}
	cmd.AddCommand(newRemediatePlanCmd("plan", false), newRemediatePlanCmd("apply", true), newRemediateUndoCmd(), newRemediateLogCmd())
	return cmd
}

func newRemediatePlanCmd(use string, apply bool) *cobra.Command {
	f := &remediateFlags{apply: apply}
	short := "Show what the rules would change (dry run); --apply does it"
	if apply {
		short = "Apply the rules (same as plan --apply)"
	}
	cmd := &cobra.Command{
		Use:   use + " [s3://bucket[/prefix]]...",
		Short: short,
		Example: `  dredge remediate plan --config dredge.yaml --results s3://dredge-results
  dredge remediate plan s3://data-lake/exports/ --rule quarantine-cards --apply`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemediatePlan(cmd.Context(), f, args, cmd.OutOrStdout())
		},
	}
	f.common(cmd)
	fl := cmd.Flags()
	if !apply {
		fl.BoolVar(&f.apply, "apply", false, "apply the plan (default: dry run)")
	}
	fl.StringSliceVar(&f.rules, "rule", nil, "only these rules")
	fl.StringVar(&f.account, "account", os.Getenv("DREDGE_ACCOUNT_ID"), "the buckets' owner account ID; env DREDGE_ACCOUNT_ID")
	fl.BoolVar(&f.stored, "stored-posture", false, "use the stored posture reports instead of checking the buckets now")
	return cmd
}

// loadRemediation reads the config's remediation section.
func loadRemediation(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &exitError{exitUsage, err}
	}
	return cfg, nil
}

// newEngine returns the engine the flags describe, and with --redis the
// fleet's aggregates (else nil).
func newEngine(ctx context.Context, f *remediateFlags, cfg *config.Config, s3cfg scanner.S3Config) (*remediate.Engine, *queue.Aggregates, error) {
	cl, err := scanner.NewS3Client(s3cfg)
	if err != nil {
		return nil, nil, &exitError{exitUsage, err}
	}
	loc := f.auditLog
	if loc == "" {
		loc = cfg.Remediation.AuditLog
	}
	log, err := remediate.OpenAuditLog(ctx, loc, f.results, s3cfg)
	if err != nil {
		return nil, nil, &exitError{exitUsage, err}
	}
	e := &remediate.Engine{Client: cl, Config: cfg.Remediation, Log: log, OwnerAccount: f.account, Trigger: "cli", Logger: slog.Default()}
	if f.redis == "" {
		return e, nil, nil
	}
	rdb, err := openRedis(ctx, f.redis)
	if err != nil {
		return nil, nil, &exitError{exitUsage, fmt.Errorf("--redis: %w", err)}
	}
	context.AfterFunc(ctx, func() { rdb.Close() }) // the command's context ends with it
	agg := &queue.Aggregates{R: rdb}
	withFleet(e, agg)
	return e, agg, nil
}

// withFleet makes e lock buckets fleet-wide and keep the fleet's records
// of the objects it re-encrypts (agg: the fleet's Redis).
func withFleet(e *remediate.Engine, agg *queue.Aggregates) {
	e.Locker, e.Reencrypted = &queue.BucketLocker{Agg: agg}, agg.Reencrypted
}

func runRemediatePlan(ctx context.Context, f *remediateFlags, args []string, out io.Writer) error {
	ctx, stop := signalContext(ctx)
	defer stop()
	if f.format != "table" && f.format != "json" {
		return usageErr("--format %q: want table or json", f.format)
	}
	cfg, err := loadRemediation(f.config)
	if err != nil {
		return err
	}
	if len(f.rules) > 0 {
		var keep = cfg.Remediation.Rules[:0:0]
		for _, name := range f.rules {
			found := false
			for _, r := range cfg.Remediation.Rules {
				if r.Name == name {
					keep, found = append(keep, r), true
				}
			}
			if !found {
				return usageErr("--rule %q: no such rule in the config", name)
			}
		}
		cfg.Remediation.Rules = keep
	}
	if len(cfg.Remediation.Rules) == 0 {
		return usageErr("no remediation rules: add a remediation.rules section to the config (see docs/REMEDIATION.md)")
	}
	if f.results == "" {
		return usageErr("--results: required (the scan results the rules match), or DREDGE_RESULTS")
	}
	s3cfg := scanner.S3ConfigFromEnv()
	store, err := results.Open(ctx, f.results, s3cfg)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	e, agg, err := newEngine(ctx, f, cfg, s3cfg)
	if err != nil {
		return err
	}
	type scope struct{ bucket, prefix string }
	var scopes []scope
	for _, a := range args {
		b, p, err := scanner.ParseS3URL(a)
		if err != nil {
			return usageErr("%v", err)
		}
		scopes = append(scopes, scope{b, p})
	}
	if len(scopes) == 0 {
		scopes = []scope{{}}
	}
	var objects []remediate.Target
	buckets := map[string]bool{}
	for _, sc := range scopes {
		if sc.bucket != "" {
			buckets[sc.bucket] = true
		}
		err := store.List(ctx, results.Query{Bucket: sc.bucket, Prefix: sc.prefix}, func(r *results.Record) error {
			if r.Count() > 0 {
				objects = append(objects, remediate.TargetFromRecord(r))
				buckets[r.Bucket] = true
			}
			return nil
		})
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("reading results: %w", err)}
		}
	}
	pstore, err := posture.OpenStore(ctx, f.results, s3cfg)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if scopes[0].bucket == "" {
		pstore.List(ctx, func(r *posture.Report) error { buckets[r.Bucket] = true; return nil })
	}
	reports := map[string]*posture.Report{}
	ck := &posture.Checker{Client: e.Client, OwnerAccount: f.account, Sensitive: posture.SensitiveCounter(store, 10000)}
	if agg != nil {
		ck.Sensitive = posture.SensitiveFromAggregates(agg, ck.Sensitive)
	}
	var names []string
	for b := range buckets {
		names = append(names, b)
	}
	sort.Strings(names)
	var bucketTargets []remediate.Target
	for _, b := range names {
		var rep *posture.Report
		if f.stored {
			rep, _ = pstore.Get(ctx, b)
		} else {
			var cerr error
			rep, cerr = ck.Check(ctx, b)
			if cerr != nil {
				fmt.Fprintln(os.Stderr, "dredge remediate: posture:", cerr)
			}
		}
		reports[b] = rep
		bucketTargets = append(bucketTargets, remediate.Target{Bucket: b, Posture: rep})
	}
	for i := range objects {
		objects[i].Posture = reports[objects[i].Bucket]
	}
	steps := e.Plan(objects, bucketTargets, false)
	var runErr error
	if f.apply {
		runErr = e.Apply(ctx, steps)
	} else {
		runErr = e.Inspect(ctx, steps)
	}
	if err := printSteps(out, steps, f.format, f.apply, e.Log.Location()); err != nil {
		return err
	}
	if runErr != nil {
		fmt.Fprintln(os.Stderr, "dredge remediate:", runErr)
		return &exitError{exitErrors, nil}
	}
	return nil
}

func printSteps(out io.Writer, steps []*remediate.Step, format string, applied bool, logLoc string) error {
	if format == "json" {
		if steps == nil {
			steps = []*remediate.Step{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"applied": applied, "audit_log": logLoc, "steps": steps, "counts": remediate.Counts(steps)})
	}
	if len(steps) == 0 {
		fmt.Fprintln(out, "no rule matches: nothing to do")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	head := "STATE\tRULE\tACTION\tTARGET\tWHAT"
	if applied {
		head += "\tACTION ID"
	}
	fmt.Fprintln(tw, head)
	for _, s := range steps {
		target := "s3://" + s.Bucket
		if s.Key != "" {
			target += "/" + s.Key
		}
		state := s.State
		if !applied && state == remediate.StateChange {
			state = "would change"
		}
		what := s.Summary
		if s.Error != "" {
			what = s.Error
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s", state, s.Rule, s.Action.Type, target, oneLineText(what, 160))
		if applied {
			line += "\t" + dash(s.ActionID)
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	c := remediate.Counts(steps)
	if applied {
		fmt.Fprintf(out, "\n%d changed, %d already done, %d skipped, %d failed; audit log: %s\n",
			c[remediate.StateChange], c[remediate.StateNoop], c[remediate.StateSkip], c[remediate.StateError], logLoc)
	} else {
		fmt.Fprintf(out, "\ndry run: %d would change, %d already done, %d skipped, %d failed to plan; --apply to do it\n",
			c[remediate.StateChange], c[remediate.StateNoop], c[remediate.StateSkip], c[remediate.StateError])
	}
	return nil
}

func newRemediateUndoCmd() *cobra.Command {
	f := &remediateFlags{}
	cmd := &cobra.Command{
		Use:   "undo ACTION_ID",
		Short: "Revert an applied action: the previous policy, ACL, encryption setting, tags, or a quarantined object",
		Long: `Revert one action of the audit log by its ID. It refuses when the state
changed since the action (someone else changed the policy, say) unless
--force. An action already undone is a no-op. Notifications can't be
undone.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			cfg, err := loadRemediation(f.config)
			if err != nil {
				return err
			}
			e, _, err := newEngine(ctx, f, cfg, scanner.S3ConfigFromEnv())
			if err != nil {
				return err
			}
			u, err := e.Undo(ctx, args[0], f.force)
			if err != nil {
				return &exitError{exitErrors, err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "undone %s (%s); audit entry %s in %s\n", args[0], u.Detail, u.ID, e.Log.Location())
			return nil
		},
	}
	f.common(cmd)
	cmd.Flags().BoolVar(&f.force, "force", false, "revert even if the state changed since the action")
	return cmd
}

func newRemediateLogCmd() *cobra.Command {
	f := &remediateFlags{}
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the audit log; --verify checks its hash chain",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cfg, err := loadRemediation(f.config)
			if err != nil {
				return err
			}
			loc := f.auditLog
			if loc == "" {
				loc = cfg.Remediation.AuditLog
			}
			l, err := remediate.OpenAuditLog(ctx, loc, f.results, scanner.S3ConfigFromEnv())
			if err != nil {
				return &exitError{exitUsage, err}
			}
			if f.verify {
				n, err := remediate.Verify(ctx, l)
				if err != nil {
					return &exitError{exitErrors, err}
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d entries, hash chain intact (%s)\n", n, l.Location())
				return nil
			}
			out := cmd.OutOrStdout()
			if f.format == "json" {
				enc := json.NewEncoder(out)
				return l.List(ctx, func(e *remediate.Entry) error { return enc.Encode(e) })
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SEQ\tTIME\tACTION ID\tACTOR\tRULE\tACTION\tTARGET\tDETAIL")
			err = l.List(ctx, func(e *remediate.Entry) error {
				t := "s3://" + e.Bucket
				if e.Key != "" {
					t += "/" + e.Key
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.Time, e.ID, e.Actor, dash(e.Rule), e.Action, t, oneLineText(e.Detail, 120))
				return nil
			})
			if err != nil {
				return &exitError{exitUsage, err}
			}
			return tw.Flush()
		},
	}
	f.common(cmd)
	cmd.Flags().BoolVar(&f.verify, "verify", false, "check the hash chain and sequence")
	return cmd
}

// fleetHandlers returns the posture and remediation task handlers for a
// worker (queue.Worker.Handlers): posture tasks (sweeps with --posture)
// store their report beside the results; remediation tasks (workers with
// --remediate) run the config's auto rules. A setup error is logged and
// turns into failing tasks that say why, so the worker still scans.
func fleetHandlers(ctx context.Context, configPath, resultsLoc string, s3cfg scanner.S3Config, store results.Store, rdb redis.UniversalClient) map[string]asynq.Handler {
	hs, err := buildFleetHandlers(ctx, configPath, resultsLoc, s3cfg, store, rdb)
	if err != nil {
		slog.Error("posture/remediation handlers unavailable", "err", err)
		fail := asynq.HandlerFunc(func(context.Context, *asynq.Task) error { return err })
		return map[string]asynq.Handler{queue.TypePosture: fail, queue.TypeRemediate: fail}
	}
	return hs
}

func buildFleetHandlers(ctx context.Context, configPath, resultsLoc string, s3cfg scanner.S3Config, store results.Store, rdb redis.UniversalClient) (map[string]asynq.Handler, error) {
	cfg, err := config.Load(configPath)
	if err != nil {
		return nil, err
	}
	cl, err := scanner.NewS3Client(s3cfg)
	if err != nil {
		return nil, err
	}
	if resultsLoc == "" {
		return nil, errors.New("no results location")
	}
	pstore, err := posture.OpenStore(ctx, resultsLoc, s3cfg)
	if err != nil {
		return nil, err
	}
	account := os.Getenv("DREDGE_ACCOUNT_ID")
	// Posture tasks count objects stored without SSE from what scans
	// recorded (Redis per-bucket aggregates); until scans have, they HEAD
	// a sample (DREDGE_POSTURE_OBJECTS, default 1000; -1 all, 0 none).
	sample := 1000
	if v := os.Getenv("DREDGE_POSTURE_OBJECTS"); v != "" {
		if sample, err = strconv.Atoi(v); err != nil {
			return nil, fmt.Errorf("DREDGE_POSTURE_OBJECTS: %w", err)
		}
	}
	ck := &posture.Checker{Client: cl, OwnerAccount: account, Objects: sample, Sensitive: posture.SensitiveCounter(store, 10000)}
	var agg *queue.Aggregates
	if rdb != nil {
		agg = &queue.Aggregates{R: rdb}
		ck.ScanSSE = posture.ScanSSECounter(agg)
		ck.Sensitive = posture.SensitiveFromAggregates(agg, ck.Sensitive)
	}
	hs := map[string]asynq.Handler{queue.TypePosture: &posture.TaskHandler{Checker: ck, Store: pstore, Logger: slog.Default()}}
	log, err := remediate.OpenAuditLog(ctx, cfg.Remediation.AuditLog, resultsLoc, s3cfg)
	if err != nil {
		return nil, err
	}
	rh := &remediate.TaskHandler{
		Engine:  &remediate.Engine{Client: cl, Config: cfg.Remediation, Log: log, OwnerAccount: account, Logger: slog.Default()},
		Results: store, Posture: pstore, Checker: ck, Logger: slog.Default(),
	}
	if agg != nil {
		withFleet(rh.Engine, agg)
	}
	hs[queue.TypeRemediate] = rh
	return hs, nil
}
