package output

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/dredge-dev/dredge/scanner"
)

// Writer writes results as they come, then the summary.
type Writer interface {
	Write(r *scanner.Result) error
	Close(s *Summary) error
}

// Formats lists the --format values.
var Formats = []string{"table", "json", "jsonl", "csv", "sarif"}

// New returns the writer for a format.
func New(format string, w io.Writer) (Writer, error) {
	switch format {
	case "table":
		return &tableWriter{w: w}, nil
	case "jsonl":
		return &jsonlWriter{enc: json.NewEncoder(w)}, nil
	case "json":
		return &jsonWriter{w: w}, nil
	case "csv":
		cw := csv.NewWriter(w)
		return &csvWriter{w: cw}, nil
	case "sarif":
		return &sarifWriter{w: w}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %v)", format, Formats)
}

// reported: objects with findings, and every object that was not fully
// scanned, so a reader sees what was not read.
func reported(r *scanner.Result) bool { return len(r.Findings) > 0 || r.Status != scanner.Complete }

type tableWriter struct{ w io.Writer }

func (t *tableWriter) Write(*scanner.Result) error { return nil }
func (t *tableWriter) Close(s *Summary) error      { return s.WriteTable(t.w) }

type jsonlWriter struct{ enc *json.Encoder }

func (j *jsonlWriter) Write(r *scanner.Result) error {
	if !reported(r) {
		return nil
	}
	return j.enc.Encode(r)
}
func (j *jsonlWriter) Close(*Summary) error { return nil }

type jsonWriter struct {
	w       io.Writer
	results []*scanner.Result
}

func (j *jsonWriter) Write(r *scanner.Result) error {
	if reported(r) {
		j.results = append(j.results, r)
	}
	return nil
}

func (j *jsonWriter) Close(s *Summary) error {
	s.Seconds = s.Elapsed.Seconds()
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	if j.results == nil {
		j.results = []*scanner.Result{}
	}
	return enc.Encode(struct {
		Summary *Summary          `json:"summary"`
		Results []*scanner.Result `json:"results"`
	}{s, j.results})
}

type csvWriter struct {
	w      *csv.Writer
	header bool
}

// One row per occurrence kept (plus one per object that was not fully
// scanned), for spreadsheets.
func (c *csvWriter) Write(r *scanner.Result) error {
	if !c.header {
		c.header = true
		c.w.Write([]string{"object", "status", "reason", "object_severity", "identifier", "category", "count",
			"severity", "path", "line", "row", "column", "cell", "json_path", "page", "offset", "masked", "fingerprint", "confidence"})
	}
	if len(r.Findings) == 0 && r.Status != scanner.Complete {
		return c.w.Write([]string{r.Object, string(r.Status), r.Reason, "", "", "", "0", "", "", "", "", "", "", "", "", "", "", "", ""})
	}
	for _, f := range r.Findings {
		for _, o := range f.Occurrences {
			err := c.w.Write([]string{r.Object, string(r.Status), r.Reason, r.Severity.String(), f.Type, string(f.Category),
				strconv.Itoa(f.Count), f.Severity.String(), o.Path, itoa(o.Line), itoa(o.Row), o.Column, o.Cell, o.JSONPath,
				itoa(o.Page), strconv.FormatInt(o.Offset, 10), o.Masked, o.Fingerprint, o.Confidence})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *csvWriter) Close(*Summary) error { c.w.Flush(); return c.w.Error() }

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// sarifWriter writes SARIF 2.1.0 for code-scanning tools: one rule per
// identifier, one result per occurrence kept.
type sarifWriter struct {
	w       io.Writer
	results []map[string]any
	rules   map[string]string
}

func (s *sarifWriter) Write(r *scanner.Result) error {
	if s.rules == nil {
		s.rules = map[string]string{}
	}
	for _, f := range r.Findings {
		s.rules[f.Type] = string(f.Category)
		level := map[string]string{"high": "error", "critical": "error", "medium": "warning"}[f.Severity.String()]
		if level == "" {
			level = "note"
		}
		for _, o := range f.Occurrences {
			region := map[string]any{"byteOffset": o.Offset, "byteLength": o.Length}
			if o.Line > 0 {
				region["startLine"] = o.Line
			}
			msg := fmt.Sprintf("%s %s found (%d in object)", f.Type, o.Masked, f.Count)
			if o.Path != "" {
				msg += " in " + o.Path
			}
			s.results = append(s.results, map[string]any{
				"ruleId":  f.Type,
				"level":   level,
				"message": map[string]any{"text": msg},
				"locations": []any{map[string]any{"physicalLocation": map[string]any{
					"artifactLocation": map[string]any{"uri": r.Object},
					"region":           region,
				}}},
				"partialFingerprints": map[string]any{"dredgeValue/v1": o.Fingerprint},
			})
		}
	}
	return nil
}

func (s *sarifWriter) Close(*Summary) error {
	ids := make([]string, 0, len(s.rules))
	for id := range s.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := []any{}
	for _, id := range ids {
		rules = append(rules, map[string]any{"id": id, "name": id,
			"shortDescription": map[string]any{"text": id + " (" + s.rules[id] + ")"}})
	}
	if s.results == nil {
		s.results = []map[string]any{}
	}
	enc := json.NewEncoder(s.w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "dredge", "informationUri": "https://github.com/dredge-dev/dredge", "rules": rules}},
			"results": s.results,
		}},
	})
}
