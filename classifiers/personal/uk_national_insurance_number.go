package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// UKNationalInsuranceNumber: UK National Insurance number (NINO), two
// prefix letters, six digits and a suffix letter A-D, e.g. "AB 12 34 56 C"
// (HMRC National Insurance Manual NIM39110; allocation rules in
// validate.UKNINO). The upper-case format is distinctive enough to stand
// alone (Medium); lower-case forms need a keyword.
// "AB123456C" is HMRC's own example and is suppressed.
var UKNationalInsuranceNumber = &c.Identifier{
	ID:          "UK_NATIONAL_INSURANCE_NUMBER",
	Category:    c.Personal,
	Description: "UK National Insurance number",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `(?i)\b(?P<v>[a-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[a-d])\b`, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?i)[a-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[a-d]`}}},
	},
	Keywords: []string{"nino", "national insurance", "national insurance number", "national insurance no",
		"ni number", "ni no", "ni#", "nat ins", "nat ins no"},
	Validate:  nidValid(validate.UKNINO),
	Examples:  []string{"AB123456C", "AB123456A", "AB123456B", "AB123456D"},
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
