package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// USITIN: US Individual Taxpayer Identification Number, issued by the IRS
// to people who cannot get an SSN: nine digits 9XX-GG-XXXX with a group GG
// in the ranges the IRS assigns (50-65, 70-88, 90-92, 94-99; IRS ITIN
// guidance, ranges extended April 2011), checked by validate.USITIN. The
// dashed or spaced form stands on its own; nine bare digits need a keyword.
// US_SSN never reports these (it rejects 9XX areas), so no overlap.
// Dash runs of four or more groups (2024-912-78-1234, phone-like codes)
// are consumed without a value.
var USITIN = &c.Identifier{
	ID:          "US_ITIN",
	Category:    c.Personal,
	Description: "US Individual Taxpayer Identification Number",
	Patterns: []c.Pattern{
		{Regex: `[0-9]{1,9}(?:-[0-9]{1,9}){3,8}|\b(?P<v>9[0-9]{2}-[0-9]{2}-[0-9]{4}|9[0-9]{2} [0-9]{2} [0-9]{4})\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}(?:[^0-9A-Za-z_]|$)`,
			// The value alternative: an ITIN starts with 9.
			`(?:^|[^0-9A-Za-z_])9[0-9]{2}[- ][0-9]{2}[- ][0-9]{4}(?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `\b(?P<v>9[0-9]{8})\b`, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`9[0-9]{8}`}}},
	},
	Keywords: []string{"itin", "individual taxpayer identification number", "taxpayer identification number",
		"taxpayer identification", "taxpayer id", "tax id", "tin"},
	Validate:  itinValid,
	Normalize: c.Digits,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

func itinValid(v []byte) bool {
	if !validate.USITIN(v) || validate.AllSameOrZero(v) {
		return false
	}
	n := len(v)
	return string(v[n-4:]) != "0000" // serial 0000 is never issued
}
