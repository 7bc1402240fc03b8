// Package output writes scan results: a summary table for people, and
// JSON, JSON Lines, CSV and SARIF for tools.
package output

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/scanner"
)

// Summary totals a scan.
type Summary struct {
	Objects    int                             `json:"objects"`
	Bytes      int64                           `json:"bytes"`
	ByStatus   map[scanner.Status]int          `json:"by_status"`
	Findings   int                             `json:"findings"`
	ByType     map[string]int                  `json:"by_identifier"`
	BySeverity map[string]int                  `json:"objects_by_severity"`
	ByFormat   map[string]map[string]int       `json:"by_format"`
	Categories map[string]classifiers.Category `json:"-"`
	Top        []TopObject                     `json:"top_objects"`
	Problems   []scanner.Result                `json:"-"`
	Elapsed    time.Duration                   `json:"-"`
	Seconds    float64                         `json:"seconds"`
}

// TopObject is one of the objects with the most findings.
type TopObject struct {
	Object   string `json:"object"`
	Severity string `json:"severity"`
	Findings int    `json:"findings"`
}

// NewSummary returns an empty summary.
func NewSummary() *Summary {
	return &Summary{ByStatus: map[scanner.Status]int{}, ByType: map[string]int{}, BySeverity: map[string]int{},
		ByFormat: map[string]map[string]int{}, Categories: map[string]classifiers.Category{}}
}

// Add counts one result.
func (s *Summary) Add(r *scanner.Result) {
	s.Objects++
	s.Bytes += r.Size
	s.ByStatus[r.Status]++
	f := r.Format
	if f == "" {
		f = "unknown"
	}
	if s.ByFormat[f] == nil {
		s.ByFormat[f] = map[string]int{}
	}
	s.ByFormat[f][string(r.Status)]++
	n := r.Count()
	s.Findings += n
	for _, fd := range r.Findings {
		s.ByType[fd.Type] += fd.Count
		s.Categories[fd.Type] = fd.Category
	}
	if n > 0 {
		s.BySeverity[r.Severity.String()]++
		s.Top = append(s.Top, TopObject{Object: r.Object, Severity: r.Severity.String(), Findings: n})
		sort.SliceStable(s.Top, func(i, j int) bool {
			if s.Top[i].Severity != s.Top[j].Severity {
				return sevRank(s.Top[i].Severity) > sevRank(s.Top[j].Severity)
			}
			return s.Top[i].Findings > s.Top[j].Findings
		})
		if len(s.Top) > 10 {
			s.Top = s.Top[:10]
		}
	}
	if r.Status != scanner.Complete && len(s.Problems) < 50 {
		s.Problems = append(s.Problems, scanner.Result{Object: r.Object, Status: r.Status, Reason: r.Reason, Format: r.Format})
	}
}

func sevRank(s string) int {
	v, _ := classifiers.ParseSeverity(s)
	return int(v)
}

// WriteTable prints the summary for people.
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\nScanned %d objects (%s) in %s: %d complete, %d partial, %d skipped, %d errors.\n",
		s.Objects, humanBytes(s.Bytes), s.Elapsed.Round(time.Millisecond), s.ByStatus[scanner.Complete],
		s.ByStatus[scanner.Partial], s.ByStatus[scanner.Skipped], s.ByStatus[scanner.Error])
	fmt.Fprintf(tw, "%d findings in %d objects (high: %d, medium: %d, low: %d).\n\n", s.Findings,
		s.BySeverity["high"]+s.BySeverity["medium"]+s.BySeverity["low"]+s.BySeverity["critical"],
		s.BySeverity["high"]+s.BySeverity["critical"], s.BySeverity["medium"], s.BySeverity["low"])
	if len(s.ByType) > 0 {
		fmt.Fprintln(tw, "IDENTIFIER\tCATEGORY\tCOUNT")
		types := make([]string, 0, len(s.ByType))
		for t := range s.ByType {
			types = append(types, t)
		}
		sort.Slice(types, func(i, j int) bool {
			ci, cj := s.Categories[types[i]], s.Categories[types[j]]
			if ci != cj {
				return ci < cj
			}
			return types[i] < types[j]
		})
		for _, t := range types {
			fmt.Fprintf(tw, "%s\t%s\t%d\n", t, s.Categories[t], s.ByType[t])
		}
		fmt.Fprintln(tw)
	}
	if len(s.Top) > 0 {
		fmt.Fprintln(tw, "TOP OBJECTS\tSEVERITY\tFINDINGS")
		for _, t := range s.Top {
			fmt.Fprintf(tw, "%s\t%s\t%d\n", t.Object, t.Severity, t.Findings)
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintln(tw, "FORMAT\tCOMPLETE\tPARTIAL\tSKIPPED\tERROR")
	formats := make([]string, 0, len(s.ByFormat))
	for f := range s.ByFormat {
		formats = append(formats, f)
	}
	slices.Sort(formats)
	for _, f := range formats {
		c := s.ByFormat[f]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", f, c["complete"], c["partial"], c["skipped"], c["error"])
	}
	if len(s.Problems) > 0 {
		fmt.Fprintln(tw, "\nNOT FULLY SCANNED\tSTATUS\tREASON")
		for _, p := range s.Problems {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Object, p.Status, oneLine(p.Reason, 120))
		}
	}
	return tw.Flush()
}

func oneLine(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}

func humanBytes(n int64) string {
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
