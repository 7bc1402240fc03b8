package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/scanner"
)

type sweepFlags struct {
	ff             fleetFlags
	includeExt     []string
	excludeExt     []string
	minSize        string
	maxSize        string
	modifiedAfter  string
	modifiedBefore string
	tags           []string
	excludeTags    []string
	sample         float64
	force          bool
	backfill       bool
	posture        bool
	wait           bool
	asJSON         bool
	failOn         string
	interval       time.Duration
}

func newSweepCmd() *cobra.Command {
	f := &sweepFlags{}
	cmd := &cobra.Command{
		Use:   "sweep s3://bucket[/prefix]",
		Short: "Start a bucket sweep on the fleet; print its ID",
		Long: `Start a sweep: workers list the bucket page by page and scan every object in
scope. Objects whose version was already scanned (same ETag, same classifier
version) are skipped as unchanged unless --force. Prints the sweep ID; with
--wait, shows live progress and exits like 'dredge scan' (1: findings at or
above --fail-on, 3: some objects failed).`,
		Example: `  dredge sweep s3://logs/2026/ --include-ext csv,json --max-size 100MB
  dredge sweep s3://data --modified-after 7d --sample 10 --wait
  dredge sweep status sw-20260101T000000-1a2b3c4d
  dredge sweep list`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSweep(cmd.Context(), f, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f.ff.addRedis(cmd)
	fl := cmd.Flags()
	fl.StringSliceVar(&f.includeExt, "include-ext", nil, "only keys with these extensions (comma-separated)")
	fl.StringSliceVar(&f.excludeExt, "exclude-ext", nil, "leave out keys with these extensions")
	fl.StringVar(&f.minSize, "min-size", "", "only objects at least this large (e.g. 1KB)")
	fl.StringVar(&f.maxSize, "max-size", "", "only objects at most this large (e.g. 100MB)")
	fl.StringVar(&f.modifiedAfter, "modified-after", "", "only objects modified at or after this time (RFC 3339, YYYY-MM-DD, or an age: 36h, 7d)")
	fl.StringVar(&f.modifiedBefore, "modified-before", "", "only objects modified before this time (same forms)")
	fl.StringArrayVar(&f.tags, "tag", nil, "only objects with one of these tags (key=value or key; repeatable)")
	fl.StringArrayVar(&f.excludeTags, "exclude-tag", nil, "leave out objects with this tag (repeatable)")
	fl.Float64Var(&f.sample, "sample", 0, "scan this percentage of the objects in scope (0-100; 0: all)")
	fl.BoolVar(&f.force, "force", false, "rescan objects already scanned at this version")
	fl.BoolVar(&f.backfill, "backfill", false, "use the low-priority backfill queue")
	fl.BoolVar(&f.posture, "posture", true, "check the bucket's posture (policy, ACL, encryption) first; --posture=false to skip")
	fl.BoolVar(&f.wait, "wait", false, "wait for the sweep and show live progress")
	fl.BoolVar(&f.asJSON, "json", false, "with --wait, print the final status as JSON")
	fl.StringVar(&f.failOn, "fail-on", "", "with --wait, exit 1 when a finding at or above this severity exists: low, medium, high")
	fl.DurationVar(&f.interval, "interval", time.Second, "with --wait, progress refresh interval")
	cmd.AddCommand(newSweepStatusCmd(), newSweepListCmd())
	return cmd
}

// parseWhen reads RFC 3339, YYYY-MM-DD, or an age (36h, 7d) before now.
func parseWhen(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscan(d, &n); err == nil && n >= 0 {
			return now.Add(-time.Duration(n) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339, YYYY-MM-DD or an age like 36h or 7d", s)
}

func (f *sweepFlags) scope(prefix string) (queue.Scope, error) {
	sc := queue.Scope{Prefix: prefix, IncludeExt: f.includeExt, ExcludeExt: f.excludeExt, Tags: f.tags,
		ExcludeTags: f.excludeTags, SamplePercent: f.sample}
	var err error
	if f.minSize != "" {
		if sc.MinSize, err = parseSize(f.minSize); err != nil {
			return sc, usageErr("--min-size: %v", err)
		}
	}
	if f.maxSize != "" {
		if sc.MaxSize, err = parseSize(f.maxSize); err != nil {
			return sc, usageErr("--max-size: %v", err)
		}
	}
	now := time.Now()
	if sc.ModifiedAfter, err = parseWhen(f.modifiedAfter, now); err != nil {
		return sc, usageErr("--modified-after: %v", err)
	}
	if sc.ModifiedBefore, err = parseWhen(f.modifiedBefore, now); err != nil {
		return sc, usageErr("--modified-before: %v", err)
	}
	if err := sc.Validate(); err != nil {
		return sc, usageErr("scope: %v", err)
	}
	return sc, nil
}

func runSweep(ctx context.Context, f *sweepFlags, target string, stdout, stderr io.Writer) error {
	ctx, stop := signalContext(ctx)
	defer stop()
	bucket, prefix, err := scanner.ParseS3URL(target)
	if err != nil {
		return usageErr("%v", err)
	}
	sc, err := f.scope(prefix)
	if err != nil {
		return err
	}
	var failOn classifiers.Severity
	if f.failOn != "" {
		if failOn, err = classifiers.ParseSeverity(f.failOn); err != nil || failOn == classifiers.SeverityNone {
			return usageErr("--fail-on %q: want low, medium or high", f.failOn)
		}
	}
	rdb, err := openRedis(ctx, f.ff.redis)
	if err != nil {
		return err
	}
	defer rdb.Close()
	q := queue.QueueSweeps
	if f.backfill {
		q = queue.QueueBackfill
	}
	id, err := queue.StartSweep(ctx, rdb, queue.SweepSpec{Bucket: bucket, Scope: sc, Force: f.force, Queue: q, Source: "cli", Posture: f.posture})
	if err != nil {
		return &exitError{exitUsage, err}
	}
	fmt.Fprintln(stdout, id)
	if !f.wait {
		return nil
	}
	st, err := waitSweep(ctx, rdb, id, stderr, f.interval)
	if err != nil {
		return err
	}
	if f.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(st)
	} else {
		printSweep(stdout, st)
	}
	return sweepExit(st, failOn)
}

func sweepExit(st *queue.SweepStatus, failOn classifiers.Severity) error {
	if failOn != classifiers.SeverityNone {
		for sev, n := range st.ObjectsBySeverity {
			if s, err := classifiers.ParseSeverity(sev); err == nil && n > 0 && s >= failOn {
				return &exitError{exitFindings, nil}
			}
		}
	}
	if st.Failed > 0 {
		return &exitError{exitErrors, fmt.Errorf("%d objects could not be scanned (see 'dredge findings --sweep %s --status error')", st.Failed, st.ID)}
	}
	return nil
}

// waitSweep polls until the sweep is complete, drawing progress.
func waitSweep(ctx context.Context, rdb redis.UniversalClient, id string, w io.Writer, every time.Duration) (*queue.SweepStatus, error) {
	agg := &queue.Aggregates{R: rdb}
	term := isTerminal(w)
	start := time.Now()
	var lastLine time.Time
	for {
		st, err := agg.Sweep(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil, &exitError{exitUsage, fmt.Errorf("interrupted; the sweep goes on: dredge sweep status %s", id)}
			}
			return nil, &exitError{exitUsage, err}
		}
		line := progressLine(st, time.Since(start))
		if term {
			fmt.Fprintf(w, "\r\033[K%s", line)
		} else if time.Since(lastLine) >= 10*every || st.State == "complete" {
			fmt.Fprintln(w, line)
			lastLine = time.Now()
		}
		if st.State == "complete" {
			if term {
				fmt.Fprintln(w)
			}
			return st, nil
		}
		select {
		case <-ctx.Done():
			if term {
				fmt.Fprintln(w)
			}
			return nil, &exitError{exitUsage, fmt.Errorf("interrupted; the sweep goes on: dredge sweep status %s", id)}
		case <-time.After(every):
		}
	}
}

func progressLine(st *queue.SweepStatus, elapsed time.Duration) string {
	listing := "listing"
	if st.ListingDone {
		listing = "listed"
	}
	scanned := st.Complete + st.Partial
	skipped := st.Skipped + st.Gone + st.Unchanged + st.UnchangedListed + st.Duplicate
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(st.Done()) / s
	}
	return fmt.Sprintf("%s %d | scanned %d | skipped %d | failed %d | %s | findings %d | %.1f obj/s | %s",
		listing, st.Matched, scanned, skipped, st.Failed, sizeText(st.Bytes), st.Findings, rate, st.State)
}

func sizeText(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func printSweep(w io.Writer, st *queue.SweepStatus) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	kv := func(k string, v any) { fmt.Fprintf(tw, "%s\t%v\n", k, v) }
	kv("sweep", st.ID)
	kv("bucket", "s3://"+st.Bucket+"/"+st.Scope.Prefix)
	kv("state", st.State)
	if st.Source != "" {
		kv("started by", st.Source)
	}
	kv("created", st.CreatedAt.UTC().Format(time.RFC3339))
	if !st.FinishedAt.IsZero() {
		kv("finished", fmt.Sprintf("%s (%s)", st.FinishedAt.UTC().Format(time.RFC3339), st.FinishedAt.Sub(st.CreatedAt).Round(time.Second)))
	}
	kv("listed", fmt.Sprintf("%d in scope of %d seen (%d excluded by scope)", st.Matched, st.Seen, st.Excluded))
	kv("queued", st.Queued)
	kv("scanned", fmt.Sprintf("%d complete, %d partial", st.Complete, st.Partial))
	kv("skipped", fmt.Sprintf("%d (unsupported/archived), %d unchanged, %d already queued elsewhere, %d gone", st.Skipped,
		st.Unchanged+st.UnchangedListed, st.Duplicate, st.Gone))
	kv("failed", st.Failed)
	kv("bytes", sizeText(st.Bytes))
	kv("findings", fmt.Sprintf("%d in %d objects", st.Findings, st.WithFindings))
	if st.SSE.Checked > 0 {
		kv("without SSE", fmt.Sprintf("%d of %d scanned objects (stored without server-side encryption)", st.SSE.Unencrypted, st.SSE.Checked))
	}
	tw.Flush()
	printCounts(w, &st.Counts)
}

func printCounts(w io.Writer, c *queue.Counts) {
	if len(c.ByType) == 0 {
		return
	}
	type kv struct {
		k string
		v int64
	}
	sorted := func(m map[string]int64) []kv {
		var out []kv
		for k, v := range m {
			out = append(out, kv{k, v})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].v > out[j].v || out[i].v == out[j].v && out[i].k < out[j].k })
		return out
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nBY IDENTIFIER\tCOUNT")
	for _, x := range sorted(c.ByType) {
		fmt.Fprintf(tw, "%s\t%d\n", x.k, x.v)
	}
	fmt.Fprintln(tw, "\nBY CATEGORY\tCOUNT")
	for _, x := range sorted(c.ByCategory) {
		fmt.Fprintf(tw, "%s\t%d\n", x.k, x.v)
	}
	fmt.Fprintln(tw, "\nBY SEVERITY\tFINDINGS\tOBJECTS")
	for _, s := range []string{"critical", "high", "medium", "low"} {
		if c.BySeverity[s] > 0 || c.ObjectsBySeverity[s] > 0 {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", s, c.BySeverity[s], c.ObjectsBySeverity[s])
		}
	}
	tw.Flush()
}

func newSweepStatusCmd() *cobra.Command {
	var (
		ff     fleetFlags
		asJSON bool
		wait   bool
	)
	cmd := &cobra.Command{
		Use:   "status SWEEP-ID",
		Short: "Show a sweep's progress and counts",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			rdb, err := openRedis(ctx, ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			var st *queue.SweepStatus
			if wait {
				st, err = waitSweep(ctx, rdb, args[0], cmd.ErrOrStderr(), time.Second)
			} else {
				st, err = (&queue.Aggregates{R: rdb}).Sweep(ctx, args[0])
				if errors.Is(err, queue.ErrNoSweep) {
					return &exitError{exitUsage, err}
				}
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			printSweep(cmd.OutOrStdout(), st)
			return nil
		},
	}
	ff.addRedis(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the sweep is complete, showing progress")
	return cmd
}

func newSweepListCmd() *cobra.Command {
	var (
		ff     fleetFlags
		bucket string
		limit  int
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List sweeps, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rdb, err := openRedis(ctx, ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			agg := &queue.Aggregates{R: rdb}
			ids, err := agg.Sweeps(ctx, 0)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			var list []*queue.SweepStatus
			for _, id := range ids {
				st, err := agg.Sweep(ctx, id)
				if errors.Is(err, queue.ErrNoSweep) {
					continue // expired
				}
				if err != nil {
					return &exitError{exitUsage, err}
				}
				if bucket != "" && st.Bucket != bucket {
					continue
				}
				list = append(list, st)
				if limit > 0 && len(list) >= limit {
					break
				}
			}
			if asJSON {
				if list == nil {
					list = []*queue.SweepStatus{}
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SWEEP\tLOCATION\tSTATE\tCREATED\tLISTED\tSCANNED\tSKIPPED\tFAILED\tFINDINGS\tSOURCE")
			for _, st := range list {
				fmt.Fprintf(tw, "%s\ts3://%s/%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", st.ID, st.Bucket, st.Scope.Prefix, st.State,
					st.CreatedAt.UTC().Format(time.RFC3339), st.Matched, st.Complete+st.Partial,
					st.Skipped+st.Gone+st.Unchanged+st.UnchangedListed+st.Duplicate, st.Failed, st.Findings, st.Source)
			}
			return tw.Flush()
		},
	}
	ff.addRedis(cmd)
	cmd.Flags().StringVar(&bucket, "bucket", "", "only sweeps of this bucket")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many (0: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
