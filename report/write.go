package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Formats lists the --format values.
var Formats = []string{"html", "json", "csv"}

// Write renders the report in a format.
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "json":
		return WriteJSON(w, r)
	case "csv":
		return WriteCSV(w, r)
	case "html":
		return WriteHTML(w, r)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the report as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CSVHeader is the CSV's columns: a long (tidy) table, one number or
// label a row, so spreadsheets pivot it and SIEMs ingest it as is.
var CSVHeader = []string{"section", "framework", "code", "bucket", "prefix", "identifier", "object", "detail", "metric", "value"}

// csvRow is one CSV line.
type csvRow struct {
	section, framework, code, bucket, prefix, identifier, object, detail, metric, value string
}

// WriteCSV writes the report as CSV with the same numbers as the JSON.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	var err error
	emit := func(x csvRow) {
		if err != nil {
			return
		}
		// Text from the data is neutralised against spreadsheet formula
		// injection; the value column holds numbers or fixed labels except
		// where noted (masked examples, exposure reasons).
		err = cw.Write([]string{x.section, x.framework, cell(x.code), cell(x.bucket), cell(x.prefix), cell(x.identifier),
			cell(x.object), cell(x.detail), x.metric, valueCell(x.value)})
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

	sc := r.Scope
	emit(csvRow{section: "report", metric: "schema", value: r.Schema})
	emit(csvRow{section: "report", metric: "generated_at", value: r.GeneratedAt})
	emit(csvRow{section: "report", metric: "frameworks", value: strings.Join(r.Frameworks, " ")})
	emit(csvRow{section: "scope", metric: "source", detail: sc.Source})
	for _, s := range sc.Selections {
		emit(csvRow{section: "scope", metric: "selection", detail: s})
	}
	if sc.Sweep != "" {
		emit(csvRow{section: "scope", metric: "sweep", detail: sc.Sweep})
	}
	if sc.Since != "" {
		emit(csvRow{section: "scope", metric: "since", value: sc.Since})
	}
	if sc.Until != "" {
		emit(csvRow{section: "scope", metric: "until", value: sc.Until})
	}
	if sc.LocalRoot != "" {
		emit(csvRow{section: "scope", metric: "local_root", detail: sc.LocalRoot})
	}
	emit(csvRow{section: "scope", metric: "documents_read", value: n(sc.DocumentsRead)})
	emit(csvRow{section: "scope", metric: "documents_in_scope", value: n(sc.InScope)})
	emit(csvRow{section: "scope", metric: "documents_unreadable", value: n(sc.Unreadable)})
	for _, k := range sortedKeys(sc.Excluded) {
		emit(csvRow{section: "scope", code: k, metric: "excluded", value: n(sc.Excluded[k])})
	}

	s := r.Summary
	for _, m := range []struct {
		k string
		v int64
	}{{"buckets", int64(s.Buckets)}, {"objects", s.Objects}, {"complete", s.Complete}, {"partial", s.Partial},
		{"skipped", s.Skipped}, {"failed", s.Failed}, {"bytes", s.Bytes}, {"bytes_not_scanned", s.BytesNotScanned},
		{"objects_with_findings", s.ObjectsWithFindings}, {"findings", s.Findings}} {
		emit(csvRow{section: "summary", metric: m.k, value: n(m.v)})
	}
	emit(csvRow{section: "summary", metric: "coverage_percent", value: f(s.CoveragePercent)})
	emit(csvRow{section: "summary", metric: "analysed_percent", value: f(s.AnalysedPercent)})
	for _, sv := range []struct {
		k    string
		a, b int64
	}{{"critical", s.FindingsBySeverity.Critical, s.ObjectsBySeverity.Critical}, {"high", s.FindingsBySeverity.High, s.ObjectsBySeverity.High},
		{"medium", s.FindingsBySeverity.Medium, s.ObjectsBySeverity.Medium}, {"low", s.FindingsBySeverity.Low, s.ObjectsBySeverity.Low}} {
		emit(csvRow{section: "summary_severity", code: sv.k, metric: "findings", value: n(sv.a)})
		emit(csvRow{section: "summary_severity", code: sv.k, metric: "objects", value: n(sv.b)})
	}
	for _, k := range sortedKeys(s.FindingsByCategory) {
		emit(csvRow{section: "summary_category", code: k, metric: "findings", value: n(s.FindingsByCategory[k])})
	}
	for _, id := range s.Identifiers {
		emit(csvRow{section: "identifier", identifier: id.ID, detail: id.Category, metric: "occurrences", value: n(id.Occurrences)})
		emit(csvRow{section: "identifier", identifier: id.ID, detail: id.Category, metric: "objects", value: n(id.Objects)})
	}

	for _, fr := range r.Compliance {
		fw := fr.Framework
		emit(csvRow{section: "framework", framework: fw, detail: fr.Title, metric: "occurrences", value: n(fr.Occurrences)})
		emit(csvRow{section: "framework", framework: fw, detail: fr.Title, metric: "objects", value: n(fr.Objects)})
		emit(csvRow{section: "framework", framework: fw, detail: fr.Title, metric: "buckets", value: n(int64(fr.Buckets))})
		for _, t := range fr.Types {
			ids := strings.Join(t.Identifiers, " ")
			emit(csvRow{section: "type", framework: fw, code: t.Code, identifier: ids, detail: t.Name, metric: "occurrences", value: n(t.Occurrences)})
			emit(csvRow{section: "type", framework: fw, code: t.Code, identifier: ids, detail: t.Name, metric: "objects", value: n(t.Objects)})
			emit(csvRow{section: "type", framework: fw, code: t.Code, identifier: ids, detail: t.Name, metric: "buckets", value: n(int64(t.Buckets))})
		}
		for _, l := range fr.Locations {
			emit(csvRow{section: "location", framework: fw, bucket: l.Bucket, detail: l.Exposure, metric: "occurrences", value: n(l.Occurrences)})
			emit(csvRow{section: "location", framework: fw, bucket: l.Bucket, detail: l.Exposure, metric: "objects", value: n(l.Objects)})
			for _, t := range l.Types {
				emit(csvRow{section: "location_type", framework: fw, code: t.Code, bucket: l.Bucket, metric: "occurrences", value: n(t.Occurrences)})
				emit(csvRow{section: "location_type", framework: fw, code: t.Code, bucket: l.Bucket, metric: "objects", value: n(t.Objects)})
			}
			for _, p := range l.Prefixes {
				emit(csvRow{section: "prefix", framework: fw, bucket: l.Bucket, prefix: p.Prefix, metric: "occurrences", value: n(p.Occurrences)})
				emit(csvRow{section: "prefix", framework: fw, bucket: l.Bucket, prefix: p.Prefix, metric: "objects", value: n(p.Objects)})
				for _, t := range p.Types {
					emit(csvRow{section: "prefix_type", framework: fw, code: t.Code, bucket: l.Bucket, prefix: p.Prefix, metric: "occurrences", value: n(t.Occurrences)})
					emit(csvRow{section: "prefix_type", framework: fw, code: t.Code, bucket: l.Bucket, prefix: p.Prefix, metric: "objects", value: n(t.Objects)})
				}
			}
		}
		for _, e := range fr.Examples {
			emit(csvRow{section: "example", framework: fw, code: e.Code, bucket: e.Bucket, identifier: e.Identifier, object: e.Object,
				detail: e.Location, metric: "masked", value: e.Masked})
		}
	}

	for _, e := range r.Exposure {
		row := csvRow{section: "exposure", bucket: e.Bucket}
		for _, kv := range [][2]string{{"exposure", e.Exposure}, {"encryption", e.Encryption},
			{"sensitivity_score", strconv.Itoa(e.Score)}, {"findings", n(e.Findings)}, {"regulated_objects", n(e.RegulatedObjects)}} {
			row.metric, row.value = kv[0], kv[1]
			emit(row)
		}
		for _, fw := range r.Frameworks {
			emit(csvRow{section: "exposure", framework: fw, bucket: e.Bucket, metric: "regulated_occurrences", value: n(e.Regulated[fw])})
		}
		for _, why := range e.Reasons {
			emit(csvRow{section: "exposure", bucket: e.Bucket, detail: why, metric: "reason"})
		}
	}

	en := r.Encryption
	emit(csvRow{section: "encryption", metric: "encrypted", value: n(int64(en.Encrypted))})
	emit(csvRow{section: "encryption", metric: "unencrypted", value: n(int64(en.Unencrypted))})
	emit(csvRow{section: "encryption", metric: "unknown", value: n(int64(en.Unknown))})
	emit(csvRow{section: "encryption", metric: "unencrypted_regulated", value: n(int64(en.UnencryptedRegulated))})
	emit(csvRow{section: "encryption", metric: "objects_unencrypted", value: n(int64(en.ObjectsUnencrypted))})
	for _, b := range en.Buckets {
		emit(csvRow{section: "encryption_bucket", bucket: b.Bucket, code: b.Status, detail: b.Encryption, metric: "regulated_objects", value: n(b.RegulatedObjects)})
		emit(csvRow{section: "encryption_bucket", bucket: b.Bucket, code: b.Status, detail: b.Encryption, metric: "objects_checked", value: n(int64(b.ObjectsChecked))})
		emit(csvRow{section: "encryption_bucket", bucket: b.Bucket, code: b.Status, detail: b.Encryption, metric: "objects_unencrypted", value: n(int64(b.ObjectsUnencrypted))})
	}

	rm := r.Remediation
	if rm.Source != "" {
		emit(csvRow{section: "remediation", metric: "audit_log", detail: rm.Source})
		emit(csvRow{section: "remediation", metric: "log_entries", value: n(rm.Entries)})
		emit(csvRow{section: "remediation", metric: "chain_verified", value: strconv.FormatBool(rm.ChainVerified), detail: rm.ChainError})
	}
	if rm.PlanSource != "" {
		emit(csvRow{section: "remediation", metric: "plan", detail: rm.PlanSource})
	}
	emit(csvRow{section: "remediation", metric: "taken", value: n(rm.Taken)})
	emit(csvRow{section: "remediation", metric: "undone", value: n(rm.Undone)})
	emit(csvRow{section: "remediation", metric: "pending", value: n(rm.Pending)})
	emit(csvRow{section: "remediation", metric: "failed", value: n(rm.Failed)})
	emit(csvRow{section: "remediation", metric: "omitted", value: n(rm.Omitted)})
	for _, a := range rm.ByAction {
		emit(csvRow{section: "remediation_action", code: a.Action, metric: "taken", value: n(a.Taken)})
		emit(csvRow{section: "remediation_action", code: a.Action, metric: "undone", value: n(a.Undone)})
		emit(csvRow{section: "remediation_action", code: a.Action, metric: "pending", value: n(a.Pending)})
		emit(csvRow{section: "remediation_action", code: a.Action, metric: "failed", value: n(a.Failed)})
	}
	for _, a := range rm.Actions {
		emit(csvRow{section: "action", code: a.Action, bucket: a.Bucket, object: a.Object, identifier: a.Rule, prefix: a.ID,
			detail: strings.TrimSpace(a.Time + " " + a.Detail), metric: "state", value: a.State})
	}

	cv := r.Coverage
	emit(csvRow{section: "coverage", metric: "not_fully_scanned", value: n(cv.NotFullyScanned)})
	emit(csvRow{section: "coverage", metric: "listed", value: n(int64(len(cv.Objects)))})
	emit(csvRow{section: "coverage", metric: "omitted", value: n(cv.Omitted)})
	for _, g := range cv.ByReason {
		emit(csvRow{section: "gap_reason", code: g.Status, detail: g.Reason, metric: "objects", value: n(g.Objects)})
		emit(csvRow{section: "gap_reason", code: g.Status, detail: g.Reason, metric: "bytes", value: n(g.Bytes)})
	}
	for _, g := range cv.Objects {
		emit(csvRow{section: "gap", code: g.Status, bucket: g.Bucket, object: g.Object, detail: g.Reason, metric: "size", value: n(g.Size)})
	}
	for _, g := range cv.Unreadable {
		emit(csvRow{section: "unreadable", object: g.Object, detail: g.Reason, metric: "unreadable"})
	}
	for _, id := range cv.Unmapped {
		emit(csvRow{section: "unmapped", identifier: id.ID, detail: id.Category, metric: "occurrences", value: n(id.Occurrences)})
		emit(csvRow{section: "unmapped", identifier: id.ID, detail: id.Category, metric: "objects", value: n(id.Objects)})
	}
	for _, b := range cv.NoPosture {
		emit(csvRow{section: "no_posture", bucket: b, metric: "no_posture"})
	}
	for _, t := range cv.Undetectable {
		emit(csvRow{section: "undetectable", detail: t, metric: "undetectable"})
	}

	for _, b := range r.Buckets {
		for _, kv := range []struct {
			k string
			v int64
		}{{"objects", b.Objects}, {"complete", b.Complete}, {"partial", b.Partial}, {"skipped", b.Skipped}, {"failed", b.Failed},
			{"bytes", b.Bytes}, {"objects_with_findings", b.WithFindings}, {"findings", b.Findings},
			{"identifier_types", int64(b.Types)}, {"sensitivity_score", int64(b.Score)}} {
			emit(csvRow{section: "bucket", bucket: b.Bucket, code: b.Kind, detail: b.Band, metric: kv.k, value: n(kv.v)})
		}
	}

	if c := r.Change; c != nil {
		for _, d := range c.Summary {
			for _, kv := range [][2]any{{"previous", d.Previous}, {"current", d.Current}, {"delta", d.Delta}} {
				emit(csvRow{section: "change", code: d.Metric, detail: c.Against, metric: kv[0].(string), value: n(kv[1].(int64))})
			}
		}
		for _, d := range c.Types {
			for _, kv := range [][2]any{{"previous", d.Previous}, {"current", d.Current}, {"delta", d.Delta}} {
				emit(csvRow{section: "change_type", framework: d.Framework, code: d.Code, detail: d.Name, metric: kv[0].(string), value: n(kv[1].(int64))})
			}
		}
		for _, d := range c.Buckets {
			for _, kv := range [][2]any{{"previous_score", int64(d.PreviousScore)}, {"current_score", int64(d.CurrentScore)},
				{"previous_findings", d.PreviousFindings}, {"current_findings", d.CurrentFindings}, {"delta", d.Delta}} {
				emit(csvRow{section: "change_bucket", bucket: d.Bucket, code: d.State, metric: kv[0].(string), value: n(kv[1].(int64))})
			}
		}
	}
	for _, no := range r.Notices {
		emit(csvRow{section: "notice", detail: no, metric: "notice"})
	}
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// cell neutralises text a spreadsheet would run as a formula (OWASP CSV
// injection): a leading = + - @ tab or CR gets a quote in front.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// valueCell leaves numbers (negative deltas) alone and neutralises text.
func valueCell(s string) string {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return cell(s)
}
