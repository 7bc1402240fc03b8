// Package classifiers finds sensitive values in text: identifier
// definitions, the multi-pattern matching engine, context scoring, custom
// identifiers and allow lists.
//
// An identifier reads as data: its patterns, keywords, distance, validator
// and severity in one small definition (see the credentials, financial,
// personal and health packages). The Engine runs any set of them over a
// stream in one pass.
package classifiers

import (
	"fmt"
	"strings"
)

// Category groups identifiers as DESIGN.md does.
type Category string

// The categories of DESIGN.md; custom identifiers default to Custom.
const (
	Credentials Category = "CREDENTIALS"
	Financial   Category = "FINANCIAL"
	Personal    Category = "PERSONAL"
	Health      Category = "HEALTH"
	Custom      Category = "CUSTOM"
)

// Confidence says how sure a match is: Low (pattern only), Medium (pattern
// plus validator or keyword), High (validator and keyword).
type Confidence int8

// Confidence levels, ordered.
const (
	Low Confidence = iota + 1
	Medium
	High
)

var confidenceNames = [...]string{"", "low", "medium", "high"}

func (c Confidence) String() string {
	if c < Low || c > High {
		return "unknown"
	}
	return confidenceNames[c]
}

// MarshalText writes the lower-case name.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads low, medium or high.
func (c *Confidence) UnmarshalText(b []byte) error {
	v, err := ParseConfidence(string(b))
	*c = v
	return err
}

// ParseConfidence reads low, medium or high.
func ParseConfidence(s string) (Confidence, error) {
	for i, n := range confidenceNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Confidence(i), nil
		}
	}
	return 0, fmt.Errorf("confidence %q: want low, medium or high", s)
}

// Severity of a finding. Critical is used by posture findings (public and
// holding sensitive data); identifiers use Low..High.
type Severity int8

// Severity levels, ordered.
const (
	SeverityNone Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"none", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return "unknown"
	}
	return severityNames[s]
}

// MarshalText writes the lower-case name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a lower-case name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// ParseSeverity reads none, low, medium, high or critical.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("severity %q: want low, medium, high or critical", s)
}

// SeverityLevel is one rung of Macie's occurrence ladder: from Threshold
// occurrences on, the finding has Severity.
type SeverityLevel struct {
	Threshold int      `yaml:"occurrences_threshold" json:"occurrences_threshold"`
	Severity  Severity `yaml:"severity" json:"severity"`
}

// SeverityLevels is an ascending ladder of thresholds.
type SeverityLevels []SeverityLevel

// Buckets is the managed-identifier ladder of Macie: 1, 2-99 and 100+
// occurrences.
func Buckets(one, some, many Severity) SeverityLevels {
	return SeverityLevels{{1, one}, {2, some}, {100, many}}
}

// For returns the severity of count occurrences: the level with the
// highest threshold not above count.
func (l SeverityLevels) For(count int) Severity {
	s := SeverityNone
	for _, lv := range l {
		if count >= lv.Threshold && lv.Severity > s {
			s = lv.Severity
		}
	}
	return s
}

// Pattern is one RE2 expression of an identifier.
//
// If the expression has a capture group named "v", that group is the value
// (validated, masked, fingerprinted and located); otherwise the whole match
// is.
type Pattern struct {
	Regex string
	// Confidence is what a validated match earns without a keyword.
	Confidence Confidence
	// Value, if set, returns where the value is in a whole match (start
	// and end offsets in it; start -1 if the match holds no value), for a
	// pattern whose match text alone tells (which alternative matched),
	// so that the engine finds matches without RE2's submatch search
	// (5-20 times the cost of finding a match). It must agree with the
	// "v" group: TestTriggerShapesNecessary compares with an engine that
	// ignores it.
	Value func(match []byte) (start, end int)
	// Trigger is a cheap necessary condition for a match: the engine only
	// runs the regex near places where it holds. It must hold for every
	// match or matches are lost; the identifier table tests check that.
	Trigger Trigger
}

// Trigger is a prefilter: the engine runs a pattern only on the lines
// where every condition its trigger sets holds, so each condition must
// hold on the line of every match, or matches are lost (the identifier
// table tests, the corpus quality test and the engine's tests check it).
// For a pattern with Reach, the conditions hold on the line where the
// match starts.
//
// The conditions are: one of Literals (or of the legacy class triggers
// Digits, At, HexPair) occurs on the line; each of Shapes matches on the
// line; with Keyword, the line is within the identifier's keyword
// distance of one of its keywords, or in a segment whose context names
// the identifier (keyword-only patterns run on all such lines).
type Trigger struct {
	// Literals are matched case-insensitively, with '_' and '-' read as
	// ' ' (see the engine's Aho-Corasick pass).
	Literals []string
	// Shapes are RE2-syntax expressions over bytes that the engine finds
	// with lazily built DFAs: literals, classes, alternation, repetition
	// (keep counts small: up to a few dozen). A shape is only a
	// prefilter: \b and \B are ignored (read as matching anywhere), and ^
	// and $ match a line break (text starts and ends with one). Write
	// each as a part every match of the pattern contains, on one line,
	// as selective as possible: digit groups with their separators,
	// token shapes anchored where the value starts a word, a value's
	// fixed prefix. Avoid digit classes narrower than [0-9] in a shape
	// not anchored to a word start ([2-9][0-9]{9} makes the DFA track
	// every alignment in a run of digits).
	//
	// Where they are looked for: the first shape of a pattern that is not
	// keyword-triggered is found in the engine's one pass over all text
	// (it drives a pattern with no literals); every other shape (all of
	// them for a keyword-triggered pattern) is checked only on the lines
	// the pattern's other conditions select, by a small DFA per
	// identifier that reads each such line once. So a long, precise shape
	// costs little after the first: put a cheap, selective one first and
	// the precise one after it.
	Shapes []string
	// Digits: a run of at least this many digits, single separators
	// (space, '-', '.', '/') allowed between them. Legacy: a shape is
	// far more selective.
	Digits int
	// At: the line has an '@'. Legacy.
	At bool
	// HexPair: two hex digits, ':' or '-', two hex digits. Legacy.
	HexPair bool
	// Reach lets a match run this many bytes past its trigger's line
	// (multi-line values such as PEM blocks); 0 keeps matches on one line.
	Reach int
	// Everywhere runs the pattern over all text (custom identifiers
	// with no keyword: slow, but nothing is missed).
	Everywhere bool
	// Keyword: the match needs one of the identifier's keywords (or a
	// column/key context) near it, so only those places are scanned.
	Keyword bool
}

// Identifier is one kind of sensitive value.
type Identifier struct {
	ID          string
	Category    Category
	Description string
	Patterns    []Pattern
	// Keywords raise confidence when found within Distance characters
	// before or after the match, or in the column name / JSON key path of
	// the value. Matched case-insensitively with ' ', '_' and '-' alike.
	Keywords []string
	// RequireKeyword drops matches with no keyword near them (Macie's
	// "keyword required" identifiers).
	RequireKeyword bool
	// Distance is the keyword proximity in characters (DefaultDistance if 0).
	Distance int
	// NearestKeyword: a keyword counts for a match only if it labels that
	// value and not another match of the identifier: none lies between
	// them; a keyword after the value counts only on its line and if no
	// match of the identifier starts within Distance after it (it labels
	// what follows it); a keyword on an earlier line only if it ends that
	// line as a header cell does (no digit, ':' or '=' after it there).
	// Column and key contexts count as usual. For identifiers whose
	// values come in lists and records (dates, nine-digit numbers), so
	// that "dob: 1964-01-24" does not lend its keyword to the next line's
	// timestamp.
	NearestKeyword bool
	// Validate, when set, must accept the value or the match is dropped.
	Validate func(value []byte) bool
	// Examples are documented example values that grant nothing: never
	// findings (compared after Normalize).
	Examples []string
	// IgnoreWords are values never reported (custom identifiers).
	IgnoreWords []string
	// Supersedes lists identifiers that a match of this one replaces where
	// they overlap: a span counts once, under its most specific type.
	Supersedes []string
	// Severity by occurrence count.
	Severity SeverityLevels
	// Normalize turns a value into its canonical form for fingerprints and
	// example lists (nil: as matched).
	Normalize func(value []byte) []byte
	// Mask returns the form of a value that may be written anywhere (nil:
	// MaskDefault).
	Mask func(value string) string
}

// DefaultDistance is the keyword proximity used when an identifier sets
// none: Macie's managed identifiers look about 30 characters around a
// match; we use 40 to allow for a separator and a label.
const DefaultDistance = 40

func (id *Identifier) distance() int {
	if id.Distance > 0 {
		return id.Distance
	}
	return DefaultDistance
}

func (id *Identifier) normalize(v []byte) []byte {
	if id.Normalize != nil {
		return id.Normalize(v)
	}
	return v
}

// MaskValue returns the maskable form of a value.
func (id *Identifier) MaskValue(v string) string {
	if id.Mask != nil {
		return id.Mask(v)
	}
	if id.Category == Credentials {
		return MaskSecret(v)
	}
	return MaskDefault(v)
}

// Version names the classifier behaviour. It is part of a scan's identity
// (bucket, key, ETag, classifier version): bump it when a change to
// identifiers or the engine can change results, so stored results are
// redone.
const Version = "2026.11.2"
