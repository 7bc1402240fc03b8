package scanner

import (
	"github.com/dredge-dev/dredge/classifiers"
)

// Status of an object scan.
type Status string

// Object statuses of DESIGN.md.
const (
	// Complete: every byte was read and scanned.
	Complete Status = "complete"
	// Partial: a limit stopped part of the scan; what was read is reported.
	Partial Status = "partial"
	// Skipped: nothing was scanned (unsupported format, too large, ...).
	Skipped Status = "skipped"
	// Error: the object could not be read or parsed; Reason says why.
	Error Status = "error"
)

// Result is the object result of DESIGN.md: what `dredge scan --format
// jsonl` prints and the results store keeps. It never holds a raw value.
type Result struct {
	Object   string               `json:"object"`
	ETag     string               `json:"etag,omitempty"`
	Version  string               `json:"version_id,omitempty"`
	Size     int64                `json:"size"`
	Format   string               `json:"format,omitempty"`
	Status   Status               `json:"status"`
	Reason   string               `json:"reason,omitempty"`
	Severity classifiers.Severity `json:"severity,omitempty"`
	Findings []Finding            `json:"findings"`
	// Scanned is how many bytes of text were scanned (after decoding).
	Scanned int64 `json:"scanned_bytes,omitempty"`
	// Formats counts the formats met inside (archive members included).
	Members int `json:"members,omitempty"`
	// Classifier identifies the classifier version that produced it.
	Classifier string `json:"classifier,omitempty"`
	ScannedAt  string `json:"scanned_at,omitempty"`
}

// Finding is every occurrence of one identifier in an object.
type Finding struct {
	Type        string               `json:"type"`
	Category    classifiers.Category `json:"category"`
	Count       int                  `json:"count"`
	Severity    classifiers.Severity `json:"severity"`
	Confidence  string               `json:"confidence"`
	Occurrences []Occurrence         `json:"occurrences"`
}

// Occurrence is one match's location and its safe forms.
type Occurrence struct {
	Path        string `json:"path,omitempty"`
	Line        int    `json:"line,omitempty"`
	Row         int    `json:"row,omitempty"`
	Column      string `json:"column,omitempty"`
	Cell        string `json:"cell,omitempty"`
	JSONPath    string `json:"json_path,omitempty"`
	Record      int    `json:"record,omitempty"`
	Page        int    `json:"page,omitempty"`
	Offset      int64  `json:"offset"`
	Length      int    `json:"length"`
	Masked      string `json:"masked"`
	Fingerprint string `json:"fingerprint"`
	Confidence  string `json:"confidence"`
}

// Count returns the total occurrences of every finding.
func (r *Result) Count() int {
	n := 0
	for _, f := range r.Findings {
		n += f.Count
	}
	return n
}

// CountOf returns the occurrences of one identifier.
func (r *Result) CountOf(id string) int {
	for _, f := range r.Findings {
		if f.Type == id {
			return f.Count
		}
	}
	return 0
}
