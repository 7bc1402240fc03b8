package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

type findingsFlags struct {
	ff         fleetFlags
	bucket     string
	prefix     string
	types      []string
	categories []string
	severity   string
	sweep      string
	status     []string
	all        bool
	kind       string
	format     string
	limit      int
}

func newFindingsCmd() *cobra.Command {
	f := &findingsFlags{}
	cmd := &cobra.Command{
		Use:   "findings [s3://bucket[/prefix]]",
		Short: "List stored object results and bucket posture findings, filtered, as a table or JSON",
		Long: `List the object results kept in the results store (a results bucket or a
folder) and the posture findings of the bucket posture reports stored beside
them (<results>/_posture/, kept by 'dredge posture --results' and sweeps).
--kind chooses: object, posture or all (default).

Filters: bucket and key prefix, identifier, category, severity (at or
above), sweep, status. With an identifier, category or severity filter only
the matching findings of each object are shown. Objects without findings are
shown only with --all or --status. Posture findings are bucket-wide: --bucket,
--severity, --sweep (the sweep whose posture task stored the report) and
--type (posture finding types such as S3BucketPublic) select them, --prefix
does not narrow them, and --category or --status (object-only criteria)
leave them out.

--format json prints an array of object results with --kind object, an
array of posture findings with --kind posture, and {"objects": [...],
"posture": [...]} with --kind all; jsonl prints one document per line, posture
findings with "kind": "posture".`,
		Example: `  dredge findings --results s3://dredge-results s3://data/exports/
  dredge findings --type US_SSN,CREDIT_CARD_NUMBER --severity high --kind object --format json
  dredge findings --kind posture --severity high
  dredge findings --sweep sw-20260101T000000-1a2b3c4d --status error
  dredge findings buckets`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				b, p, err := scanner.ParseS3URL(args[0])
				if err != nil {
					return usageErr("%v", err)
				}
				if f.bucket != "" && f.bucket != b || f.prefix != "" && f.prefix != p {
					return usageErr("give the location or --bucket/--prefix, not both")
				}
				f.bucket, f.prefix = b, p
			}
			return runFindings(cmd.Context(), f, cmd.OutOrStdout())
		},
	}
	f.ff.addResults(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.bucket, "bucket", "", "only this bucket")
	fl.StringVar(&f.prefix, "prefix", "", "only keys with this prefix")
	fl.StringSliceVar(&f.types, "type", nil, "only these identifier IDs (comma-separated)")
	fl.StringSliceVar(&f.categories, "category", nil, "only these categories: CREDENTIALS, FINANCIAL, PERSONAL, HEALTH, CUSTOM")
	fl.StringVar(&f.severity, "severity", "", "only findings at or above: low, medium, high")
	fl.StringVar(&f.sweep, "sweep", "", "only results of this sweep")
	fl.StringSliceVar(&f.status, "status", nil, "only these statuses: complete, partial, skipped, error")
	fl.BoolVar(&f.all, "all", false, "also list objects without findings")
	fl.StringVar(&f.kind, "kind", "all", "which findings: object (scan results), posture (bucket posture reports) or all")
	fl.StringVar(&f.format, "format", "table", "table, json or jsonl")
	fl.IntVar(&f.limit, "limit", 0, "at most this many objects (0: all)")
	cmd.AddCommand(newBucketsCmd())
	return cmd
}

// filter keeps the findings f selects; it reports whether the record is
// shown.
func (f *findingsFlags) filter(r *results.Record, minSev classifiers.Severity) bool {
	if f.sweep != "" && r.Sweep != f.sweep {
		return false
	}
	if len(f.status) > 0 && !slices.ContainsFunc(f.status, func(s string) bool { return strings.EqualFold(s, string(r.Status)) }) {
		return false
	}
	narrowed := len(f.types) > 0 || len(f.categories) > 0 || minSev > classifiers.SeverityNone
	if narrowed {
		keep := r.Findings[:0:0]
		for _, fd := range r.Findings {
			if len(f.types) > 0 && !slices.ContainsFunc(f.types, func(t string) bool { return strings.EqualFold(t, fd.Type) }) {
				continue
			}
			if len(f.categories) > 0 && !slices.ContainsFunc(f.categories, func(c string) bool { return strings.EqualFold(c, string(fd.Category)) }) {
				continue
			}
			if fd.Severity < minSev {
				continue
			}
			keep = append(keep, fd)
		}
		r.Findings = keep
		if len(keep) == 0 {
			return false
		}
		r.Severity = classifiers.SeverityNone
		for _, fd := range keep {
			r.Severity = max(r.Severity, fd.Severity)
		}
	}
	return len(r.Findings) > 0 || f.all || len(f.status) > 0
}

func runFindings(ctx context.Context, f *findingsFlags, w io.Writer) error {
	var minSev classifiers.Severity
	if f.severity != "" {
		s, err := classifiers.ParseSeverity(f.severity)
		if err != nil {
			return usageErr("--severity: %v", err)
		}
		minSev = s
	}
	switch f.format {
	case "table", "json", "jsonl":
	default:
		return usageErr("--format %q: want table, json or jsonl", f.format)
	}
	objects, postures := true, true
	switch strings.ToLower(f.kind) {
	case "all", "":
	case "object", "objects":
		postures = false
	case "posture":
		objects = false
		if len(f.categories) > 0 || len(f.status) > 0 {
			return usageErr("--kind posture: --category and --status select object results only")
		}
	default:
		return usageErr("--kind %q: want object, posture or all", f.kind)
	}
	// The output's shape follows --kind; posture findings have no
	// category or scan status, so those filters leave them out.
	shape := map[bool]string{true: "all", false: "object"}[postures]
	if !objects {
		shape = "posture"
	}
	postures = postures && len(f.categories) == 0 && len(f.status) == 0
	s3cfg := scanner.S3ConfigFromEnv()
	var out []*results.Record
	enc := json.NewEncoder(w)
	if objects {
		var err error
		if out, err = f.listObjects(ctx, s3cfg, minSev, enc); err != nil {
			return err
		}
	}
	var pf []postureFinding
	if postures {
		ps, err := posture.OpenStore(ctx, f.ff.results, s3cfg)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		if pf, err = f.listPosture(ctx, ps, minSev); err != nil {
			return &exitError{exitUsage, err}
		}
	}
	switch f.format {
	case "jsonl":
		for i := range pf {
			if err := enc.Encode(&pf[i]); err != nil {
				return err
			}
		}
	case "json":
		if out == nil {
			out = []*results.Record{}
		}
		if pf == nil {
			pf = []postureFinding{}
		}
		enc.SetIndent("", "  ")
		switch shape {
		case "object":
			return enc.Encode(out)
		case "posture":
			return enc.Encode(pf)
		}
		return enc.Encode(map[string]any{"objects": out, "posture": pf})
	case "table":
		if objects {
			if err := findingsTable(w, out); err != nil {
				return err
			}
		}
		if postures {
			if objects {
				fmt.Fprintln(w)
			}
			return postureFindingsTable(w, pf)
		}
	}
	return nil
}

// postureFinding is one posture finding as `dredge findings` shows it.
type postureFinding struct {
	Kind string `json:"kind"` // "posture"
	posture.Finding
	CheckedAt string `json:"checked_at"`
	Sweep     string `json:"sweep,omitempty"`
}

// listPosture returns the stored posture findings f selects (bucket,
// severity, type, sweep), in bucket order, at most --limit.
func (f *findingsFlags) listPosture(ctx context.Context, ps *posture.Store, minSev classifiers.Severity) ([]postureFinding, error) {
	var out []postureFinding
	errStop := errors.New("limit")
	err := ps.List(ctx, func(r *posture.Report) error {
		if f.bucket != "" && r.Bucket != f.bucket || f.sweep != "" && r.Sweep != f.sweep {
			return nil
		}
		for _, fd := range r.Findings {
			if fd.Severity < minSev {
				continue
			}
			if len(f.types) > 0 && !slices.ContainsFunc(f.types, func(t string) bool { return strings.EqualFold(t, fd.Type) }) {
				continue
			}
			if fd.Bucket == "" {
				fd.Bucket = r.Bucket
			}
			out = append(out, postureFinding{Kind: "posture", Finding: fd, CheckedAt: r.CheckedAt, Sweep: r.Sweep})
			if f.limit > 0 && len(out) >= f.limit {
				return errStop
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return out, nil
}

func postureFindingsTable(w io.Writer, pf []postureFinding) error {
	if len(pf) == 0 {
		fmt.Fprintln(w, "no posture findings match")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BUCKET\tSEVERITY\tPOSTURE FINDING\tCOUNT\tDETAIL\tCHECKED")
	for _, p := range pf {
		detail := p.Title
		if len(p.Sources) > 0 {
			detail += " [" + strings.Join(p.Sources, "; ") + "]"
		}
		count := "-"
		if p.Count > 0 {
			count = fmt.Sprint(p.Count)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Bucket, p.Severity, p.Type, count, oneLineText(detail, 160), p.CheckedAt)
	}
	return tw.Flush()
}

// listObjects lists the stored object results f selects: jsonl is written
// as it goes, the other formats collect them.
func (f *findingsFlags) listObjects(ctx context.Context, s3cfg scanner.S3Config, minSev classifiers.Severity, enc *json.Encoder) ([]*results.Record, error) {
	store, err := results.Open(ctx, f.ff.results, s3cfg)
	if err != nil {
		return nil, &exitError{exitUsage, err}
	}
	var out []*results.Record
	errStop := errors.New("limit")
	n := 0
	err = store.List(ctx, results.Query{Bucket: f.bucket, Prefix: f.prefix}, func(r *results.Record) error {
		if !f.filter(r, minSev) {
			return nil
		}
		n++
		if f.format == "jsonl" {
			if err := enc.Encode(r); err != nil {
				return err
			}
		} else {
			out = append(out, r)
		}
		if f.limit > 0 && n >= f.limit {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, &exitError{exitUsage, err}
	}
	return out, nil
}

func findingsTable(w io.Writer, recs []*results.Record) error {
	if len(recs) == 0 {
		fmt.Fprintln(w, "no results match")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECT\tSTATUS\tSEVERITY\tCOUNT\tFINDINGS\tSCANNED")
	for _, r := range recs {
		var parts []string
		for _, fd := range r.Findings {
			parts = append(parts, fmt.Sprintf("%s×%d", fd.Type, fd.Count))
		}
		detail := strings.Join(parts, ", ")
		if r.Status != scanner.Complete && r.Reason != "" {
			if detail != "" {
				detail += "; "
			}
			detail += oneLineText(r.Reason, 80)
		}
		sev := ""
		if r.Count() > 0 {
			sev = r.Severity.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", r.Object, r.Status, sev, r.Count(), detail, r.ScannedAt)
	}
	return tw.Flush()
}

func newBucketsCmd() *cobra.Command {
	var (
		ff     fleetFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "buckets [BUCKET...]",
		Short: "Per-bucket aggregates and sensitivity scores (from Redis)",
		Long: `Per-bucket aggregates over each object's latest scan: objects scanned,
skipped, failed; findings by identifier, category and severity; objects
stored without server-side encryption, as their scans' GETs answered
(WITHOUT SSE: unencrypted/known); and the sensitivity score: 50 not yet
analysed, 1-49 nothing sensitive found (lower as more of the bucket was
analysed), 51-99 sensitive data found (higher with more identifier types,
more findings and a larger share of objects with findings). docs/FLEET.md
gives the formula.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rdb, err := openRedis(ctx, ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			agg := &queue.Aggregates{R: rdb}
			names := args
			if len(names) == 0 {
				if names, err = agg.Buckets(ctx); err != nil {
					return &exitError{exitUsage, err}
				}
			}
			var stats []*queue.BucketStats
			for _, b := range names {
				s, err := agg.Bucket(ctx, b)
				if err != nil {
					return &exitError{exitUsage, err}
				}
				stats = append(stats, s)
			}
			if asJSON {
				if stats == nil {
					stats = []*queue.BucketStats{}
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(stats)
			}
			w := cmd.OutOrStdout()
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "BUCKET\tSCORE\tOBJECTS\tSCANNED\tSKIPPED\tFAILED\tWITH FINDINGS\tFINDINGS\tWITHOUT SSE\tTOP IDENTIFIERS")
			for _, s := range stats {
				nosse := "-"
				if s.SSE.Checked > 0 {
					nosse = fmt.Sprintf("%d/%d", s.SSE.Unencrypted, s.SSE.Checked)
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Bucket, s.Score, s.Objects, s.Complete+s.Partial,
					s.Skipped, s.Failed, s.WithFindings, s.Findings, nosse, topTypes(s.ByType, 3))
			}
			return tw.Flush()
		},
	}
	ff.addRedis(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func topTypes(m map[string]int64, n int) string {
	type kv struct {
		k string
		v int64
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
	var parts []string
	for i, x := range l {
		if i == n {
			break
		}
		parts = append(parts, fmt.Sprintf("%s×%d", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}
