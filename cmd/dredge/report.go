package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate"
	"github.com/dredge-dev/dredge/report"
	"github.com/dredge-dev/dredge/report/compliance"
	"github.com/dredge-dev/dredge/scanner"
)

type reportFlags struct {
	results     string
	frameworks  []string
	format      string
	output      string
	buckets     []string
	prefixes    []string
	scopes      []string
	sweep       string
	since       string
	until       string
	posture     string
	auditLog    string
	plan        string
	baseline    string
	configPath  string
	root        string
	prefixDepth int
	maxGaps     int
	title       string
}

func newReportCmd() *cobra.Command {
	f := &reportFlags{}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Compliance report (HIPAA, GDPR, PCI DSS) over a results store",
		Long: `Build a compliance report over stored object results: an executive
summary, the HIPAA Safe Harbor identifiers, GDPR personal data and PCI DSS
account data found and where (bucket, prefix, masked examples), exposure,
encryption, remediation from the audit log, coverage gaps, per-bucket
sensitivity scores and the change since the previous sweep.

--results is a results store (a folder, or s3://bucket/prefix), a folder of
result documents, or a file of them (dredge scan --format jsonl).
The mapping of identifiers to regulated data types is docs/COMPLIANCE.md.`,
		Example: `  dredge scan --format jsonl data/ > results.jsonl
  dredge report --results results.jsonl -o report.html
  dredge report --results s3://dredge-results --framework hipaa --format csv --bucket patients
  dredge remediate plan --format json > plan.json   # a dry run: the pending actions
  dredge report --results ./results --sweep latest --plan plan.json --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.Context(), f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.results, "results", os.Getenv("DREDGE_RESULTS"), "results: DIR, FILE (JSON Lines) or s3://bucket/prefix (default $DREDGE_RESULTS)")
	fl.StringSliceVar(&f.frameworks, "framework", []string{"all"}, "frameworks: hipaa, gdpr, pci or all (comma-separated or repeated)")
	fl.StringVar(&f.format, "format", "html", "output format: "+strings.Join(report.Formats, ", "))
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringSliceVar(&f.buckets, "bucket", nil, "only these buckets (repeatable)")
	fl.StringSliceVar(&f.prefixes, "prefix", nil, "only keys under these prefixes (repeatable; within --bucket when given)")
	fl.StringArrayVar(&f.scopes, "scope", nil, "only BUCKET[/PREFIX] or s3://BUCKET/PREFIX (repeatable)")
	fl.StringVar(&f.sweep, "sweep", "", "only the results of this sweep ID, or 'latest'; change is shown against the previous sweep")
	fl.StringVar(&f.since, "since", "", "only results scanned at or after this time (RFC 3339, or an age such as 24h or 7d)")
	fl.StringVar(&f.until, "until", "", "only results scanned before this time (RFC 3339, or an age)")
	fl.StringVar(&f.posture, "posture", "", "bucket posture documents (file or folder of JSON); default: the posture store beside the results")
	fl.StringVar(&f.auditLog, "audit-log", "", "remediation audit log (file or s3://bucket/prefix); default: _audit beside the results")
	fl.StringVar(&f.plan, "plan", "", "a saved dry run (dredge remediate plan --format json): its pending actions")
	fl.StringVar(&f.baseline, "baseline", "", "a previous report in JSON to show the change against")
	fl.StringVar(&f.configPath, "config", "", "YAML config: the compliance mapping of custom identifiers")
	fl.StringVar(&f.root, "root", "", "scanned root of local paths (default: their common folder); its first folders group as buckets")
	fl.IntVar(&f.prefixDepth, "prefix-depth", 1, "key folders that make a prefix")
	fl.IntVar(&f.maxGaps, "max-gaps", 1000, "objects not fully scanned listed by name (-1: all); all are counted")
	fl.StringVar(&f.title, "title", "", "report title")
	return cmd
}

// parseReportTime reads RFC 3339 (or a date), or an age (24h, 7d, 2w) before now.
func parseReportTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	if d, ok := unit[s[len(s)-1]]; ok {
		n, err := strconv.ParseFloat(s[:len(s)-1], 64)
		if err == nil && n >= 0 {
			return now.Add(-time.Duration(n * float64(d))), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339 time, a date, or an age such as 24h or 7d", s)
}

func runReport(ctx context.Context, f *reportFlags, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if f.results == "" {
		return usageErr("--results: required (a folder, a JSON Lines file or s3://bucket/prefix)")
	}
	o := report.Options{Title: f.title, Sweep: f.sweep, LocalRoot: f.root, PrefixDepth: f.prefixDepth, MaxGaps: f.maxGaps}
	if f.maxGaps == 0 {
		o.MaxGaps = report.NoGaps
	}
	seen := map[string]bool{}
	for _, fw := range f.frameworks {
		for _, x := range strings.Split(fw, ",") {
			x = strings.ToLower(strings.TrimSpace(x))
			switch {
			case x == "all":
				for _, id := range compliance.IDs {
					if !seen[id] {
						seen[id] = true
						o.Frameworks = append(o.Frameworks, id)
					}
				}
			case x == "":
			default:
				if _, ok := compliance.Get(x); !ok {
					return usageErr("--framework %q: want hipaa, gdpr, pci or all", x)
				}
				if !seen[x] {
					seen[x] = true
					o.Frameworks = append(o.Frameworks, x)
				}
			}
		}
	}
	if !formatKnown(f.format) {
		return usageErr("--format %q: want one of %s", f.format, strings.Join(report.Formats, ", "))
	}
	if f.maxGaps < -1 {
		return usageErr("--max-gaps: want -1 (all), 0 (none) or a count")
	}
	if f.prefixDepth < 0 {
		return usageErr("--prefix-depth: want >= 0")
	}
	prefixes := f.prefixes
	if len(prefixes) == 0 {
		prefixes = []string{""}
	}
	if len(f.buckets) > 0 {
		for _, b := range f.buckets {
			for _, p := range prefixes {
				o.Selections = append(o.Selections, report.Selection{Bucket: strings.TrimSpace(b), Prefix: p})
			}
		}
	} else if len(f.prefixes) > 0 {
		for _, p := range f.prefixes {
			o.Selections = append(o.Selections, report.Selection{Prefix: p})
		}
	}
	for _, s := range f.scopes {
		sel, err := report.ParseSelection(s)
		if err != nil {
			return usageErr("--scope: %v", err)
		}
		o.Selections = append(o.Selections, sel)
	}
	now := time.Now()
	var err error
	if o.Since, err = parseReportTime(f.since, now); err != nil {
		return usageErr("--since %v", err)
	}
	if o.Until, err = parseReportTime(f.until, now); err != nil {
		return usageErr("--until %v", err)
	}
	cfg, err := config.Load(f.configPath)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	o.Mapper = compliance.NewMapper(cfg.ComplianceMappings())
	s3cfg := scanner.S3ConfigFromEnv()
	// A results store (a folder or a results bucket) keeps the posture
	// reports and the audit log beside the results; a file of results has
	// neither.
	isStore := scanner.IsS3URL(f.results)
	if fi, err := os.Stat(f.results); err == nil && fi.IsDir() {
		isStore = true
	}
	switch {
	case f.posture != "":
		if o.Posture, err = report.ReadPosture(f.posture); err != nil {
			return usageErr("--posture: %v", err)
		}
		o.PostureFrom = f.posture
	case isStore:
		ps, err := posture.OpenStore(ctx, f.results, s3cfg)
		if err != nil {
			return usageErr("posture store: %v", err)
		}
		if o.Posture, err = report.ReadPostureStore(ctx, ps); err != nil {
			return &exitError{exitUsage, fmt.Errorf("posture store %s: %w", ps.Location(), err)}
		}
		o.PostureFrom = ps.Location()
	}
	if f.auditLog != "" || isStore {
		resultsLoc := ""
		if isStore {
			resultsLoc = f.results
		}
		if o.AuditLog, err = remediate.OpenAuditLog(ctx, f.auditLog, resultsLoc, s3cfg); err != nil {
			return usageErr("--audit-log: %v", err)
		}
	}
	if f.plan != "" {
		if o.Plan, err = report.ReadPlan(f.plan); err != nil {
			return usageErr("--plan: %v", err)
		}
		o.PlanFrom = f.plan
	}
	if f.baseline != "" {
		data, err := os.ReadFile(f.baseline)
		if err != nil {
			return usageErr("--baseline: %v", err)
		}
		var b report.Report
		if err := json.Unmarshal(data, &b); err != nil || b.Schema != report.Schema {
			return usageErr("--baseline %s: not a dredge report in JSON (%v)", f.baseline, err)
		}
		o.Baseline, o.BaselineFrom = &b, f.baseline
	}
	src, err := report.OpenSource(ctx, f.results, s3cfg)
	if err != nil {
		return usageErr("--results: %v", err)
	}
	rep, err := report.Build(ctx, src, o)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if err := writeReport(f, rep, stdout); err != nil {
		return &exitError{exitUsage, err}
	}
	if rep.Scope.Unreadable > 0 {
		fmt.Fprintf(stderr, "dredge report: %d result documents could not be read (listed under coverage gaps)\n", rep.Scope.Unreadable)
		return &exitError{exitErrors, nil}
	}
	return nil
}

func formatKnown(f string) bool {
	for _, x := range report.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// writeReport writes to --output through a temporary file, so a failed
// run leaves no half report behind.
func writeReport(f *reportFlags, rep *report.Report, stdout io.Writer) error {
	if f.output == "" {
		bw := bufio.NewWriter(stdout)
		if err := report.Write(bw, f.format, rep); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(dirOf(f.output), ".dredge-report-*")
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := report.Write(bw, f.format, rep); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.output)
}

func dirOf(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		if i == 0 {
			return "/"
		}
		return p[:i]
	}
	return "."
}
