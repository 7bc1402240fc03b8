// Package report builds compliance reports (HIPAA, GDPR, PCI DSS) over a
// results store: a streaming aggregation of object results into bounded
// counters, written as one self-contained HTML file, JSON or CSV. Every
// format is rendered from the same Report value, so they carry the same
// numbers; no format ever holds a raw sensitive value, only the masked
// forms the scanner kept.
package report

// Schema names the JSON document's version.
const Schema = "dredge.report/v1"

// Report is the whole report (the JSON format is this value).
type Report struct {
	Schema      string            `json:"schema"`
	Title       string            `json:"title"`
	GeneratedAt string            `json:"generated_at"`
	Frameworks  []string          `json:"frameworks"`
	Scope       Scope             `json:"scope"`
	Summary     Summary           `json:"summary"`
	Compliance  []FrameworkReport `json:"compliance"`
	Exposure    []BucketExposure  `json:"exposure"`
	Encryption  Encryption        `json:"encryption"`
	Remediation Remediation       `json:"remediation"`
	Coverage    Coverage          `json:"coverage"`
	Buckets     []BucketScore     `json:"buckets"`
	Change      *Change           `json:"change,omitempty"`
	Notices     []string          `json:"notices"`
}

// Scope says what the report covers and what was left out of it.
type Scope struct {
	Source      string   `json:"source"`
	Selections  []string `json:"selections,omitempty"`
	Sweep       string   `json:"sweep,omitempty"`
	Since       string   `json:"since,omitempty"`
	Until       string   `json:"until,omitempty"`
	LocalRoot   string   `json:"local_root,omitempty"`
	PrefixDepth int      `json:"prefix_depth"`
	// DocumentsRead counts result documents read; InScope those reported;
	// Excluded those outside the scope, by why.
	DocumentsRead int64            `json:"documents_read"`
	InScope       int64            `json:"documents_in_scope"`
	Excluded      map[string]int64 `json:"excluded"`
	Unreadable    int64            `json:"documents_unreadable"`
}

// Severities counts by severity.
type Severities struct {
	Critical int64 `json:"critical"`
	High     int64 `json:"high"`
	Medium   int64 `json:"medium"`
	Low      int64 `json:"low"`
}

// Summary is the executive summary.
type Summary struct {
	Buckets  int   `json:"buckets"`
	Objects  int64 `json:"objects"`
	Complete int64 `json:"complete"`
	Partial  int64 `json:"partial"`
	Skipped  int64 `json:"skipped"`
	Failed   int64 `json:"failed"`
	Bytes    int64 `json:"bytes"`
	// BytesNotScanned is the size of skipped and failed objects.
	BytesNotScanned int64 `json:"bytes_not_scanned"`
	// CoveragePercent: objects scanned completely / objects; AnalysedPercent
	// also counts partial scans.
	CoveragePercent     float64 `json:"coverage_percent"`
	AnalysedPercent     float64 `json:"analysed_percent"`
	ObjectsWithFindings int64   `json:"objects_with_findings"`
	Findings            int64   `json:"findings"`
	// FindingsBySeverity counts occurrences by their finding's severity;
	// ObjectsBySeverity counts objects by their highest severity.
	FindingsBySeverity Severities        `json:"findings_by_severity"`
	ObjectsBySeverity  Severities        `json:"objects_by_severity"`
	FindingsByCategory map[string]int64  `json:"findings_by_category"`
	Identifiers        []IdentifierCount `json:"identifiers"`
	Regulated          []FrameworkTotal  `json:"regulated"`
}

// IdentifierCount is one identifier's total.
type IdentifierCount struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	Occurrences int64  `json:"occurrences"`
	Objects     int64  `json:"objects"`
}

// FrameworkTotal is how much of one framework's data was found.
type FrameworkTotal struct {
	Framework   string `json:"framework"`
	Occurrences int64  `json:"occurrences"`
	Objects     int64  `json:"objects"`
	Buckets     int    `json:"buckets"`
}

// FrameworkReport is one framework's section.
type FrameworkReport struct {
	Framework   string           `json:"framework"`
	Title       string           `json:"title"`
	Citation    string           `json:"citation"`
	Occurrences int64            `json:"occurrences"`
	Objects     int64            `json:"objects"`
	Buckets     int              `json:"buckets"`
	Types       []TypeSummary    `json:"types"`
	Locations   []BucketLocation `json:"locations"`
	Examples    []Example        `json:"examples"`
}

// TypeSummary is one regulated data type: every type of the framework is
// listed, found or not, with the identifiers that can find it (none: dredge
// cannot detect it, a coverage gap).
type TypeSummary struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Group       string   `json:"group"`
	Citation    string   `json:"citation"`
	NeverStore  bool     `json:"never_store,omitempty"`
	Note        string   `json:"note,omitempty"`
	Identifiers []string `json:"identifiers"`
	Occurrences int64    `json:"occurrences"`
	Objects     int64    `json:"objects"`
	Buckets     int      `json:"buckets"`
}

// CodeCount counts one type somewhere.
type CodeCount struct {
	Code        string `json:"code"`
	Occurrences int64  `json:"occurrences"`
	Objects     int64  `json:"objects"`
}

// BucketLocation is where a framework's data sits in one bucket.
type BucketLocation struct {
	Bucket      string           `json:"bucket"`
	Exposure    string           `json:"exposure"`
	Occurrences int64            `json:"occurrences"`
	Objects     int64            `json:"objects"`
	Types       []CodeCount      `json:"types"`
	Prefixes    []PrefixLocation `json:"prefixes"`
}

// PrefixLocation is one prefix of a bucket.
type PrefixLocation struct {
	Prefix      string      `json:"prefix"`
	Occurrences int64       `json:"occurrences"`
	Objects     int64       `json:"objects"`
	Types       []CodeCount `json:"types"`
}

// Example is one masked occurrence and where it is.
type Example struct {
	Code       string `json:"code"`
	Identifier string `json:"identifier"`
	Bucket     string `json:"bucket"`
	Object     string `json:"object"`
	Location   string `json:"location"`
	Masked     string `json:"masked"`
}

// BucketExposure is one bucket's exposure and what it holds.
type BucketExposure struct {
	Bucket     string   `json:"bucket"`
	Exposure   string   `json:"exposure"`
	Reasons    []string `json:"reasons,omitempty"`
	Encryption string   `json:"encryption"`
	Score      int      `json:"sensitivity_score"`
	Findings   int64    `json:"findings"`
	// Regulated occurrences per selected framework, and objects holding any.
	Regulated        map[string]int64 `json:"regulated"`
	RegulatedObjects int64            `json:"regulated_objects"`
}

// Encryption is the encryption status of the buckets in scope.
type Encryption struct {
	Encrypted   int `json:"encrypted"`
	Unencrypted int `json:"unencrypted"`
	Unknown     int `json:"unknown"`
	// UnencryptedRegulated counts unencrypted buckets holding regulated data.
	UnencryptedRegulated int `json:"unencrypted_regulated"`
	// ObjectsUnencrypted sums the posture checks' objects stored without
	// server-side encryption.
	ObjectsUnencrypted int                `json:"objects_unencrypted"`
	Buckets            []BucketEncryption `json:"buckets"`
}

// BucketEncryption is one bucket's default encryption.
type BucketEncryption struct {
	Bucket           string `json:"bucket"`
	Encryption       string `json:"encryption"`
	Status           string `json:"status"` // encrypted, unencrypted, unknown
	RegulatedObjects int64  `json:"regulated_objects"`
	// Objects the posture check looked at, and those without SSE;
	// ObjectsSource says where the figures came from: "scans" (counted
	// during scans) or "head" (the posture check's HEAD sample).
	ObjectsChecked     int    `json:"objects_checked"`
	ObjectsUnencrypted int    `json:"objects_unencrypted"`
	ObjectsSource      string `json:"objects_source,omitempty"`
}

// Remediation is what the audit log says was done and is still to do.
type Remediation struct {
	// Source is the audit log, PlanSource the dry-run plan.
	Source     string `json:"source,omitempty"`
	PlanSource string `json:"plan_source,omitempty"`
	// Entries in the log; ChainVerified: its hash chain is intact
	// (ChainError says where it breaks).
	Entries       int64  `json:"log_entries"`
	ChainVerified bool   `json:"chain_verified"`
	ChainError    string `json:"chain_error,omitempty"`
	// Taken: applied (audit log); Undone: applied then undone; Pending:
	// the plan would change it; Failed: the plan could not be made.
	Taken    int64         `json:"taken"`
	Undone   int64         `json:"undone"`
	Pending  int64         `json:"pending"`
	Failed   int64         `json:"failed"`
	ByAction []ActionCount `json:"by_action"`
	Actions  []Action      `json:"actions"`
	Omitted  int64         `json:"omitted"`
}

// ActionCount totals one kind of action.
type ActionCount struct {
	Action  string `json:"action"`
	Taken   int64  `json:"taken"`
	Undone  int64  `json:"undone"`
	Pending int64  `json:"pending"`
	Failed  int64  `json:"failed"`
}

// Action is one remediation action's latest state.
type Action struct {
	ID     string `json:"id,omitempty"`
	Time   string `json:"time,omitempty"`
	Action string `json:"action"`
	Bucket string `json:"bucket,omitempty"`
	Object string `json:"object,omitempty"`
	Rule   string `json:"rule,omitempty"`
	State  string `json:"state"` // taken, undone, pending, failed
	Detail string `json:"detail,omitempty"`
}

// Coverage lists what was not scanned and why.
type Coverage struct {
	NotFullyScanned int64      `json:"not_fully_scanned"`
	ByReason        []GapGroup `json:"by_reason"`
	Objects         []Gap      `json:"objects"`
	Omitted         int64      `json:"omitted"`
	Unreadable      []Gap      `json:"unreadable_documents,omitempty"`
	// Unmapped: identifiers found with no compliance mapping (custom
	// identifiers without one, or IDs the running config does not know).
	Unmapped []IdentifierCount `json:"unmapped_identifiers"`
	// NoPosture: buckets with no exposure/encryption assessment.
	NoPosture []string `json:"buckets_without_posture"`
	// Undetectable: framework types no identifier can find.
	Undetectable []string `json:"undetectable_types"`
}

// GapGroup counts objects not fully scanned for one reason.
type GapGroup struct {
	Status  string `json:"status"`
	Reason  string `json:"reason"`
	Objects int64  `json:"objects"`
	Bytes   int64  `json:"bytes"`
}

// Gap is one object not fully scanned.
type Gap struct {
	Bucket string `json:"bucket"`
	Object string `json:"object"`
	Status string `json:"status"`
	Reason string `json:"reason"`
	Size   int64  `json:"size"`
}

// BucketScore is one bucket's totals and sensitivity score.
type BucketScore struct {
	Bucket       string `json:"bucket"`
	Kind         string `json:"kind"` // s3 or local
	Objects      int64  `json:"objects"`
	Complete     int64  `json:"complete"`
	Partial      int64  `json:"partial"`
	Skipped      int64  `json:"skipped"`
	Failed       int64  `json:"failed"`
	Bytes        int64  `json:"bytes"`
	WithFindings int64  `json:"objects_with_findings"`
	Findings     int64  `json:"findings"`
	Types        int    `json:"identifier_types"`
	Score        int    `json:"sensitivity_score"`
	Band         string `json:"band"` // sensitive, not sensitive, not yet analysed
	Exposure     string `json:"exposure"`
	Encryption   string `json:"encryption"`
}

// Change compares the report with the previous sweep of the same scope (or
// a baseline report).
type Change struct {
	Against    string        `json:"against"`
	PreviousAt string        `json:"previous_generated_at,omitempty"`
	Summary    []Delta       `json:"summary"`
	Types      []TypeDelta   `json:"types"`
	Buckets    []BucketDelta `json:"buckets"`
}

// Delta is one number then and now.
type Delta struct {
	Metric   string `json:"metric"`
	Previous int64  `json:"previous"`
	Current  int64  `json:"current"`
	Delta    int64  `json:"delta"`
}

// TypeDelta is one regulated type's occurrences then and now.
type TypeDelta struct {
	Framework string `json:"framework"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Previous  int64  `json:"previous"`
	Current   int64  `json:"current"`
	Delta     int64  `json:"delta"`
}

// BucketDelta is one bucket then and now.
type BucketDelta struct {
	Bucket           string `json:"bucket"`
	State            string `json:"state"` // new, gone, changed, unchanged
	PreviousScore    int    `json:"previous_score"`
	CurrentScore     int    `json:"current_score"`
	PreviousFindings int64  `json:"previous_findings"`
	CurrentFindings  int64  `json:"current_findings"`
	Delta            int64  `json:"delta"`
}
