package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/output"
	"github.com/dredge-dev/dredge/scanner"
)

type scanFlags struct {
	format        string
	output        string
	failOn        string
	include       []string
	exclude       []string
	maxSize       string
	minConfidence string
	types         []string
	configPath    string
	workers       int
	progress      string
}

func newScanCmd() *cobra.Command {
	f := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "scan PATH... | scan s3://bucket[/prefix]...",
		Short: "Scan files and folders for sensitive data (no servers needed)",
		Long: `Scan files and folders in-process: every file is detected by content,
its text extracted and every identifier run over it. Prints a summary table
on a terminal, or results in the chosen --format.`,
		Example: "  dredge scan corpus/\n  dredge scan --format jsonl --fail-on high ./data\n  dredge scan s3://bucket/prefix/",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), f, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: "+strings.Join(output.Formats, ", "))
	fl.StringVarP(&f.output, "output", "o", "", "write results to this file instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when a finding at or above this severity exists: low, medium, high")
	fl.StringSliceVar(&f.include, "include", nil, "only scan files matching these globs (repeatable)")
	fl.StringSliceVar(&f.exclude, "exclude", nil, "skip files matching these globs (repeatable)")
	fl.StringVar(&f.maxSize, "max-size", "", "skip files larger than this (e.g. 100MB, 2GiB)")
	fl.StringVar(&f.minConfidence, "min-confidence", "", "report matches at or above this confidence: low, medium, high (default medium)")
	fl.StringSliceVar(&f.types, "types", nil, "only these identifier IDs (comma-separated)")
	fl.StringVar(&f.configPath, "config", "", "YAML config: custom identifiers, allow lists, fingerprint key")
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "files scanned at once")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar: auto (on a terminal), always, never")
	return cmd
}

func usageErr(format string, a ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, a...)}
}

func runScan(ctx context.Context, f *scanFlags, paths []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := config.Load(f.configPath)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	ids, err := cfg.AllIdentifiers()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if len(f.types) > 0 {
		var keep []*classifiers.Identifier
		for _, t := range f.types {
			t = strings.ToUpper(strings.TrimSpace(t))
			i := slices.IndexFunc(ids, func(id *classifiers.Identifier) bool { return id.ID == t })
			if i < 0 {
				return usageErr("--types: %q is not an identifier", t)
			}
			keep = append(keep, ids[i])
		}
		ids = keep
	}
	opts, err := cfg.EngineOptions()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if f.minConfidence != "" {
		if opts.MinConfidence, err = classifiers.ParseConfidence(f.minConfidence); err != nil {
			return usageErr("--min-confidence: %v", err)
		}
	}
	var failOn classifiers.Severity
	if f.failOn != "" {
		if failOn, err = classifiers.ParseSeverity(f.failOn); err != nil || failOn == classifiers.SeverityNone {
			return usageErr("--fail-on %q: want low, medium or high", f.failOn)
		}
	}
	var maxSize int64
	if f.maxSize != "" {
		if maxSize, err = parseSize(f.maxSize); err != nil {
			return usageErr("--max-size: %v", err)
		}
	}
	eng, err := classifiers.NewEngine(ids, opts)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	out := stdout
	if f.output != "" {
		file, err := os.Create(f.output)
		if err != nil {
			return usageErr("--output: %v", err)
		}
		defer file.Close()
		out = file
	}
	w, err := output.New(f.format, out)
	if err != nil {
		return usageErr("--format: %v", err)
	}
	for _, p := range paths {
		if scanner.IsS3URL(p) {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			return usageErr("%v", err)
		}
	}

	sc := scanner.New(eng, scanner.Options{Classifier: classifiers.Version})
	filter := scanner.Filter{Include: f.include, Exclude: f.exclude}
	walk, adjust, err := scanWalk(ctx, paths, filter)
	if err != nil {
		return err
	}

	bar := newProgress(stderr, f.progress)
	if bar != nil && !hasS3(paths) {
		go bar.countTotal(ctx, paths, filter)
	}
	sum := output.NewSummary()
	start := time.Now()
	var writeErr error
	worst := classifiers.SeverityNone
	walkErr := sc.ScanAll(ctx, f.workers, maxSize, walk, func(r *scanner.Result) {
		if adjust != nil {
			adjust(r)
		}
		sum.Add(r)
		if r.Severity > worst {
			worst = r.Severity
		}
		if bar != nil {
			bar.add(r)
		}
		if err := w.Write(r); err != nil && writeErr == nil {
			writeErr = err
		}
	})
	sum.Elapsed = time.Since(start)
	if bar != nil {
		bar.finish()
	}
	if err := w.Close(sum); err != nil && writeErr == nil {
		writeErr = err
	}
	if f.format != "table" && f.output != "" || f.format != "table" && bar != nil {
		// Results went to a file or the terminal shows a bar: still give
		// people the summary, on stderr.
		if isTerminal(stderr) {
			sum.WriteTable(stderr)
		}
	}
	switch {
	case walkErr != nil:
		return &exitError{exitUsage, walkErr}
	case writeErr != nil:
		return &exitError{exitUsage, fmt.Errorf("writing results: %w", writeErr)}
	case failOn != classifiers.SeverityNone && worst >= failOn:
		return &exitError{exitFindings, nil}
	case sum.ByStatus[scanner.Error] > 0:
		return &exitError{exitErrors, fmt.Errorf("%d objects could not be scanned", sum.ByStatus[scanner.Error])}
	}
	return nil
}

// parseSize reads 1234, 10KB, 5MiB, 2G ...
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"TIB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.m
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	return n * mult, nil
}
