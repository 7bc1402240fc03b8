package health

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// USDEANumber: US DEA registration number (21 CFR 1301; DEA Diversion
// Control Division): a registrant-type letter (A B C D E F G H J K L M P R
// S T U X), the registrant's last-name initial (or 9 for a business), and
// 7 digits whose last is the check digit: the last digit of
// (d1+d3+d5) + 2(d2+d4+d6) (validate.USDEA). Upper case, as printed. The
// check passes one number in ten and two letters and seven digits is a
// common reference shape, so a match alone is low: it is reported with a
// keyword (dea, prescriber, ...). The textbook example AB1234563 grants
// nothing.
var USDEANumber = &c.Identifier{
	ID:          "US_DEA_NUMBER",
	Category:    c.Health,
	Description: "US DEA registration number",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7})\b`, Confidence: c.Low, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[ABCDEFGHJKLMPRSTUX][A-Z9][0-9]{7}(?:[^0-9A-Za-z_]|$)`}}},
	},
	Keywords: []string{
		"dea", "dea number", "dea no", "dea registration", "dea registration number", "dea license",
		"drug enforcement administration", "prescriber", "prescriber dea", "prescribing physician",
	},
	Validate:   func(v []byte) bool { return validate.USDEA(v) && !validate.AllSameOrZero(v[2:]) },
	Examples:   []string{"AB1234563"},
	Supersedes: []string{"MEDICAL_RECORD_NUMBER"},
	Normalize:  c.UpperAlnum,
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
