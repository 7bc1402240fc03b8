package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

type postureFlags struct {
	results    string
	all        bool
	probe      bool
	objects    int
	objectACLs bool
	account    string
	redis      string
	noStore    bool
	format     string
	failOn     string
}

func newPostureCmd() *cobra.Command {
	f := &postureFlags{}
	cmd := &cobra.Command{
		Use:   "posture [BUCKET|s3://BUCKET]...",
		Short: "Check buckets' exposure: policy, ACLs, public access block, encryption, versioning",
		Long: `Judge each bucket from its documents: the bucket policy (Allow to everyone,
minus Deny statements, honouring conditions that really restrict access:
aws:SourceIp, aws:SourceVpc(e), aws:PrincipalOrgID, aws:PrincipalAccount),
bucket and object ACL grants to AllUsers/AuthenticatedUsers, the public
access block (NotImplemented means "unknown", not "off"), default
encryption and versioning. Objects stored without server-side encryption
are counted from what scans recorded (the fleet's Redis, --redis) when
scans have read the bucket; otherwise --objects HEADs objects to count
them. The finding says which source its figure came from. --probe confirms
with anonymous LIST and GET requests.

Findings follow Macie: public or shared externally is high; public and
holding objects with sensitive findings (from --results) is critical.
With --results the reports are stored beside the scan results
(<results>/_posture/) for 'dredge posture list', remediation rules and
'dredge report --posture'.

Exit codes: 1 a finding at or above --fail-on, 3 a document could not be
read (the error names the API call and the resource), 2 bad usage.`,
		Example: `  dredge posture data-lake logs --probe
  DREDGE_RESULTS=s3://dredge-results dredge posture --all --objects 1000 --fail-on high
  dredge posture data-lake --format jsonl > posture.jsonl && dredge report --posture posture.jsonl ...`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPosture(cmd.Context(), f, args, cmd.OutOrStdout())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.results, "results", os.Getenv("DREDGE_RESULTS"), "results store (s3://bucket[/prefix] or a folder): counts sensitive objects and keeps the reports; env DREDGE_RESULTS")
	fl.BoolVar(&f.all, "all", false, "every bucket the credentials can list")
	fl.BoolVar(&f.probe, "probe", false, "confirm with anonymous LIST/GET requests (read-only)")
	fl.IntVar(&f.objects, "objects", 0, "HEAD up to N objects per bucket for their encryption (-1: all)")
	fl.BoolVar(&f.objectACLs, "object-acls", false, "with --objects, also read each object's ACL")
	fl.StringVar(&f.account, "account", os.Getenv("DREDGE_ACCOUNT_ID"), "the buckets' owner account ID: other accounts' principals are external; env DREDGE_ACCOUNT_ID")
	fl.StringVar(&f.redis, "redis", os.Getenv("DREDGE_REDIS_ADDR"), "the fleet's Redis: count objects without SSE from what scans recorded; env DREDGE_REDIS_ADDR")
	fl.BoolVar(&f.noStore, "no-store", false, "don't store the reports even with --results")
	fl.StringVar(&f.format, "format", "table", "output: table, json or jsonl")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when a finding at or above this severity exists: low, medium, high, critical")
	cmd.AddCommand(newPostureListCmd())
	return cmd
}

func runPosture(ctx context.Context, f *postureFlags, args []string, out io.Writer) error {
	ctx, stop := signalContext(ctx)
	defer stop()
	switch f.format {
	case "table", "json", "jsonl":
	default:
		return usageErr("--format %q: want table, json or jsonl", f.format)
	}
	var failOn classifiers.Severity
	if f.failOn != "" {
		s, err := classifiers.ParseSeverity(f.failOn)
		if err != nil || s == classifiers.SeverityNone {
			return usageErr("--fail-on %q: want low, medium, high or critical", f.failOn)
		}
		failOn = s
	}
	if len(args) == 0 && !f.all {
		return usageErr("name buckets, or --all")
	}
	s3cfg := scanner.S3ConfigFromEnv()
	cl, err := scanner.NewS3Client(s3cfg)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	buckets := make([]string, 0, len(args))
	for _, a := range args {
		if scanner.IsS3URL(a) {
			b, _, err := scanner.ParseS3URL(a)
			if err != nil {
				return usageErr("%v", err)
			}
			a = b
		}
		buckets = append(buckets, a)
	}
	if f.all {
		list, err := cl.ListBuckets(ctx)
		if err != nil {
			return &exitError{exitUsage, posture.Call("ListBuckets", "*", "", err)}
		}
		for _, b := range list {
			buckets = append(buckets, b.Name)
		}
	}
	ck := &posture.Checker{Client: cl, OwnerAccount: f.account, Objects: f.objects, ObjectACLs: f.objectACLs, Probe: f.probe}
	var agg *queue.Aggregates // with --redis: the fleet's counts
	if f.redis != "" {
		rdb, err := openRedis(ctx, f.redis)
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("--redis: %w", err)}
		}
		defer rdb.Close()
		agg = &queue.Aggregates{R: rdb}
		ck.ScanSSE = posture.ScanSSECounter(agg)
	}
	var pstore *posture.Store
	if f.results != "" {
		rs, err := results.Open(ctx, f.results, s3cfg)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		ck.Sensitive = posture.SensitiveCounter(rs, 10000)
		if agg != nil {
			ck.Sensitive = posture.SensitiveFromAggregates(agg, ck.Sensitive)
		}
		if !f.noStore {
			if pstore, err = posture.OpenStore(ctx, f.results, s3cfg); err != nil {
				return &exitError{exitUsage, err}
			}
		}
	}
	var reports []*posture.Report
	var errs []error
	for _, b := range buckets {
		rep, err := ck.Check(ctx, b)
		if err != nil {
			errs = append(errs, err)
			fmt.Fprintln(os.Stderr, "dredge posture:", err)
		}
		if rep == nil {
			continue
		}
		if pstore != nil {
			if err := pstore.Put(ctx, rep); err != nil {
				errs = append(errs, err)
				fmt.Fprintln(os.Stderr, "dredge posture:", err)
			}
		}
		reports = append(reports, rep)
	}
	if err := printPosture(out, reports, f.format); err != nil {
		return err
	}
	if failOn > 0 {
		for _, r := range reports {
			if r.Severity >= failOn {
				return &exitError{exitFindings, nil}
			}
		}
	}
	if len(errs) > 0 {
		return &exitError{exitErrors, nil}
	}
	return nil
}

func printPosture(out io.Writer, reports []*posture.Report, format string) error {
	switch format {
	case "json":
		if reports == nil {
			reports = []*posture.Report{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"buckets": reports})
	case "jsonl":
		enc := json.NewEncoder(out)
		for _, r := range reports {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BUCKET\tEXPOSURE\tACCESS\tPUBLIC ACCESS BLOCK\tENCRYPTION\tVERSIONING\tSEVERITY")
	for _, r := range reports {
		acc := make([]string, len(r.Access))
		for i, a := range r.Access {
			acc[i] = string(a)
		}
		sev := "-"
		if r.Severity > 0 {
			sev = r.Severity.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Bucket, r.Exposure, dash(strings.Join(acc, "/")),
			r.PublicAccess.State, r.EncryptionSummary, r.Versioning, sev)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range reports {
		if len(r.Findings) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n%s:\n", r.Bucket)
		for _, fd := range r.Findings {
			fmt.Fprintf(out, "  %-8s %s: %s\n", fd.Severity, fd.Type, fd.Title)
			for _, s := range fd.Sources {
				fmt.Fprintf(out, "           - %s\n", s)
			}
		}
		if r.Policy != nil {
			for _, v := range r.Policy.Statements {
				if !v.Public && (len(v.RestrictedBy) > 0 || len(v.DeniedBy) > 0) {
					name := v.Sid
					if name == "" {
						name = fmt.Sprintf("#%d", v.Index)
					}
					fmt.Fprintf(out, "  note     statement %s: %s\n", name, v.Why)
				}
			}
		}
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newPostureListCmd() *cobra.Command {
	var (
		loc    string
		format string
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Show the stored posture reports (kept by posture checks and sweeps with --posture)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if loc == "" {
				return usageErr("--results: required (or DREDGE_RESULTS)")
			}
			st, err := posture.OpenStore(cmd.Context(), loc, scanner.S3ConfigFromEnv())
			if err != nil {
				return &exitError{exitUsage, err}
			}
			var reps []*posture.Report
			if err := st.List(cmd.Context(), func(r *posture.Report) error { reps = append(reps, r); return nil }); err != nil &&
				!errors.Is(err, posture.ErrNotFound) {
				return &exitError{exitUsage, err}
			}
			return printPosture(cmd.OutOrStdout(), reps, format)
		},
	}
	cmd.Flags().StringVar(&loc, "results", os.Getenv("DREDGE_RESULTS"), "results store; env DREDGE_RESULTS")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or jsonl")
	return cmd
}
