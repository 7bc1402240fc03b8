package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// INPAN: Indian Permanent Account Number (Income Tax Department, section
// 139A of the Income-tax Act 1961): 5 letters, 4 digits, 1 letter, the
// 4th letter the holder type (P individual, C company, H HUF, F firm,
// A, B, G, J, L, T, K), e.g. "BXGPK4821R" (validate.INPAN). The check letter
// algorithm is unpublished, so only the structure is checked; the
// upper-case structure is distinctive enough to stand alone (Medium).
// Lower-case values need a keyword. The commonly printed examples are
// suppressed.
var INPAN = &c.Identifier{
	ID:          "IN_PAN",
	Category:    c.Personal,
	Description: "Indian Permanent Account Number (PAN)",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>[A-Z]{3}[ABCFGHJKLPT][A-Z]\d{4}[A-Z])\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-Z]{3}[ABCFGHJKLPT][A-Z][0-9]{4}[A-Z](?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `(?i)\b(?P<v>[a-z]{3}[abcfghjklpt][a-z]\d{4}[a-z])\b`, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?i)[a-z]{3}[abcfghjklpt][a-z][0-9]{4}[a-z]`}}},
	},
	Keywords: []string{"pan", "pan no", "pan number", "pan card", "permanent account number", "income tax",
		"income tax department"},
	Validate:  nidValid(validate.INPAN),
	Examples:  []string{"ABCPE1234F", "AAAPZ1234C", "AAAPL1234C", "ABCPD1234E", "ABCDE1234F"},
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
