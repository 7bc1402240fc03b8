package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/dredge-dev/dredge/queue"
)

func newScheduleCmd() *cobra.Command {
	var (
		ff   fleetFlags
		show bool
	)
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Run the scheduled sweeps of the config (daily, weekly, monthly or cron)",
		Long: `Run the scheduled sweeps listed under 'schedules:' in the config file. Each
fires at its time and starts a sweep on the fleet. Any number of schedulers
may run (for availability): each fire time is claimed in Redis by one of
them, so a schedule never starts twice for the same time.

  schedules:
    - name: nightly-logs
      location: s3://logs/app/
      frequency: daily          # daily | weekly | monthly
      time: "02:30"             # HH:MM, default 00:00
      day_of_week: monday       # weekly
      day_of_month: 31          # monthly; the last day in shorter months
      timezone: Europe/Paris    # default UTC
      # or, instead of frequency/time: cron: "0 30 2 * * *" (seconds optional)
      scope: {include_extensions: [csv, json], max_size: 104857600}
      queue: backfill           # default sweeps
      force: false              # rescan versions already scanned`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if ff.config == "" {
				return usageErr("--config: required (the file with 'schedules:')")
			}
			scheds, err := loadSchedules(ff.config)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			if show {
				return printSchedules(cmd.OutOrStdout(), scheds, time.Now())
			}
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			rdb, err := openRedis(ctx, ff.redis)
			if err != nil {
				return err
			}
			defer rdb.Close()
			printSchedules(cmd.ErrOrStderr(), scheds, time.Now())
			sc := &queue.Scheduler{Redis: rdb, Schedules: scheds, Logger: slog.Default(),
				Fired: func(s *queue.Schedule, at time.Time, id string) {
					fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\t%s\n", at.UTC().Format(time.RFC3339), s.Spec.Name, id)
				}}
			return sc.Run(ctx)
		},
	}
	ff.addRedis(cmd)
	ff.addConfig(cmd)
	cmd.Flags().BoolVar(&show, "show", false, "print each schedule's next runs and exit")
	return cmd
}

// loadSchedules reads the 'schedules:' list of a config file (the rest of
// the file is config.Load's).
func loadSchedules(path string) ([]*queue.Schedule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	var doc struct {
		Schedules []queue.ScheduleSpec `yaml:"schedules"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if len(doc.Schedules) == 0 {
		return nil, fmt.Errorf("config %s: no schedules", path)
	}
	seen := map[string]bool{}
	var out []*queue.Schedule
	for _, sp := range doc.Schedules {
		s, err := queue.ParseSchedule(sp)
		if err != nil {
			return nil, fmt.Errorf("config %s: %w", path, err)
		}
		if seen[sp.Name] {
			return nil, fmt.Errorf("config %s: schedule %q: name used twice", path, sp.Name)
		}
		seen[sp.Name] = true
		out = append(out, s)
	}
	return out, nil
}

func printSchedules(w io.Writer, scheds []*queue.Schedule, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCHEDULE\tLOCATION\tNEXT RUNS (UTC)")
	for _, s := range scheds {
		a := s.Next(now)
		b := s.Next(a)
		fmt.Fprintf(tw, "%s\ts3://%s/%s\t%s, %s\n", s.Spec.Name, s.Bucket, s.Scope.Prefix,
			a.UTC().Format(time.RFC3339), b.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}
