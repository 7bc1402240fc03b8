package health

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// NPI labels: NPI, national provider identifier, provider id/number (also
// glued: npiNumber, providerId).
const npiLabels = `npi(?:[ _-]?(?:number|num|no|id))?|national[ _-]?provider(?:[ _-]?(?:identifier|id|number|num|no))?|` +
	`provider[ _-]?(?:identifier|id|number|num|no)`

// USNPI: US National Provider Identifier (45 CFR 162.406; CMS "NPI check
// digit" standard): 10 digits starting with 1 or 2 whose last digit is the
// Luhn check digit over the prefix 80840 and the first nine
// (validate.USNPI), written after an NPI label or as a field under a column
// or key that names it. One 10-digit number in fifty passes, and phone
// numbers are 10 digits, so a keyword is required. CMS's worked example
// 1234567893 grants nothing.
var USNPI = &c.Identifier{
	ID:          "US_NPI",
	Category:    c.Health,
	Description: "US National Provider Identifier (NPI)",
	Patterns: []c.Pattern{
		{Regex: labeled(npiLabels, `[12][0-9]{9}`, numTail, 20), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[12][0-9]{9}`}}},
		{Regex: field(`[12][0-9]{9}`), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[12][0-9]{9}`}}},
	},
	Keywords: []string{
		"npi", "npi number", "npi no", "national provider identifier", "national provider id",
		"national provider", "provider id", "provider identifier", "provider number", "provider npi",
		"billing npi", "rendering npi", "referring npi", "prescriber npi",
	},
	RequireKeyword: true,
	Validate:       func(v []byte) bool { return validate.USNPI(v) && !validate.AllSameOrZero(v) },
	Examples:       []string{"1234567893"},
	Supersedes:     []string{"MEDICAL_RECORD_NUMBER"},
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
