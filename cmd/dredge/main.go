// Command dredge finds sensitive data in files and object storage.
//
// Exit codes (every command):
//
//	0  done; no finding at or above --fail-on
//	1  findings at or above --fail-on
//	2  bad usage, bad configuration, or the run could not proceed
//	3  done, but some objects could not be scanned (error results)
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitErrors   = 3
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func main() {
	root := newRoot()
	err := root.Execute()
	if err == nil {
		return
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "dredge:", ee.err)
		}
		os.Exit(ee.code)
	}
	fmt.Fprintln(os.Stderr, "dredge:", err)
	os.Exit(exitUsage)
}

func newRoot() *cobra.Command {
	var logLevel, logFormat string
	root := &cobra.Command{
		Use:           "dredge",
		Short:         "Find sensitive data in files and object storage",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := applyServiceConfig(cmd); err != nil { // config file + env: service.go
				return err
			}
			return setupLogging(logLevel, logFormat)
		},
	}
	root.PersistentFlags().StringVar(&logLevel, "log-level", "warn", "log level: debug, info, warn, error")
	root.PersistentFlags().StringVar(&logFormat, "log-format", "text", "log format: text or json")
	root.AddCommand(newScanCmd())
	root.AddCommand(newWorkerCmd())
	root.AddCommand(newSweepCmd())
	root.AddCommand(newScheduleCmd())
	root.AddCommand(newServeCmd())
	root.AddCommand(newFindingsCmd())
	root.AddCommand(newIdentifiersCmd())
	root.AddCommand(newReportCmd())
	root.AddCommand(newConfigCmd(), newDevCmd()) // config.go, dev.go
	root.AddCommand(newPostureCmd())
	root.AddCommand(newRemediateCmd())
	return root
}

func setupLogging(level, format string) error {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return &exitError{exitUsage, fmt.Errorf("--log-level: %w", err)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, opts)))
	case "json":
		slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, opts)))
	default:
		return &exitError{exitUsage, fmt.Errorf("--log-format %q: want text or json", format)}
	}
	return nil
}
