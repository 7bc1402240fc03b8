package main

import (
	"fmt"
	"reflect"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/queue"
)

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check the config file, or print its reference",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newConfigCheckCmd(), newConfigReferenceCmd())
	return cmd
}

func newConfigCheckCmd() *cobra.Command {
	var ff fleetFlags
	var quiet bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Validate the config file and the environment; print the effective service settings",
		Long: `Validate the config file (--config or DREDGE_CONFIG) together with the
environment variables that override it, as every command would at start:
unknown keys and bad values are errors that name the key (exit 2). Then
print the effective service settings, secrets masked.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := configPath(cmd)
			cfg, err := config.Load(path)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			nsched := 0
			if path != "" && cfg.Schedules.Kind != 0 {
				scheds, err := loadSchedules(path)
				if err != nil {
					return &exitError{exitUsage, err}
				}
				nsched = len(scheds)
			}
			if _, err := cfg.AllIdentifiers(); err != nil {
				return &exitError{exitUsage, err}
			}
			if quiet {
				return nil
			}
			out := cmd.OutOrStdout()
			where := path
			if where == "" {
				where = "(no file: defaults and environment)"
			}
			fmt.Fprintf(out, "config %s: ok (%d custom identifiers, %d schedules)\n\n", where, len(cfg.Identifiers), nsched)
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tVALUE\tENV")
			for _, s := range cfg.Settings() {
				v := s.Masked()
				if v == "" {
					v = s.Default
					if v != "" {
						v += " (default)"
					} else {
						v = "-"
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, v, s.Env)
			}
			return tw.Flush()
		},
	}
	ff.addConfig(cmd)
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing; the exit code says it all")
	return cmd
}

func newConfigReferenceCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "reference",
		Short: "Print the config reference (Markdown, docs/CONFIG.md) generated from the code",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return config.Reference(cmd.OutOrStdout(), scheduleSpecType)
		},
	}
}

// scheduleSpecType is the element of the config's schedules list.
var scheduleSpecType = reflect.TypeOf(queue.ScheduleSpec{})
