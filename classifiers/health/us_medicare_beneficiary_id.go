package health

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// mbiAlpha: the 20 letters an MBI uses (A-Z but S, L, O, I, B and Z).
const mbiAlpha = `[AC-HJKMNP-RT-Y]`

// USMedicareBeneficiaryID: Medicare Beneficiary Identifier (CMS,
// "Understanding the Medicare Beneficiary Identifier (MBI) Format"): 11
// characters C A AN N A AN N A A N N, where C is 1-9, N a digit, A one of
// 20 letters (no S L O I B Z) and AN either, printed plain or as 4-3-4
// with dashes (validate.USMBI). Upper case. The layout is distinctive
// enough to stand alone (medium); mbi/medicare keywords make it high. The
// CMS example 1EG4-TE5-MK73 grants nothing.
var USMedicareBeneficiaryID = &c.Identifier{
	ID:          "US_MEDICARE_BENEFICIARY_ID",
	Category:    c.Health,
	Description: "US Medicare Beneficiary Identifier (MBI)",
	Patterns: []c.Pattern{
		{
			Regex: `\b(?P<v>[1-9]` + mbiAlpha + `[0-9AC-HJKMNP-RT-Y][0-9]-?` + mbiAlpha + `[0-9AC-HJKMNP-RT-Y][0-9]-?` +
				mbiAlpha + `{2}[0-9]{2})\b`,
			Confidence: c.Medium,
			Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[1-9]` + mbiAlpha + `[0-9AC-HJKMNP-RT-Y][0-9]-?` + mbiAlpha + `[0-9AC-HJKMNP-RT-Y][0-9]-?` +
				mbiAlpha + `{2}[0-9]{2}`}},
		},
	},
	Keywords: []string{
		"mbi", "medicare", "medicare id", "medicare number", "medicare beneficiary identifier",
		"medicare beneficiary id", "beneficiary id", "beneficiary identifier", "medicare card",
	},
	Validate:   validate.USMBI,
	Examples:   []string{"1EG4TE5MK73"},
	Supersedes: []string{"MEDICAL_RECORD_NUMBER"},
	Normalize:  c.UpperAlnum,
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
