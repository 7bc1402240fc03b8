package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// AUTaxFileNumber: Australian Tax File Number (Australian Taxation
// Office): 9 digits (often 3-3-3) or an older 8-digit TFN, whose weighted
// sum is divisible by 11 (validate.AUTFN).
//
// One number in eleven passes and nothing in the layout is specific, so a
// keyword is always required. "123 456 782", the ATO's documentation
// example, is suppressed.
var AUTaxFileNumber = &c.Identifier{
	ID:          "AU_TAX_FILE_NUMBER",
	Category:    c.Personal,
	Description: "Australian Tax File Number",
	Patterns: []c.Pattern{
		{Regex: nidRun(`\d{3}[ \-]\d{3}[ \-]\d{2,3}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{2}`}}},
		{Regex: nidRun(`\d{8,9}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{8}`}}},
	},
	Keywords:       []string{"tfn", "tfn no", "tax file number", "tax file no", "tax file num"},
	RequireKeyword: true,
	Validate:       nidValid(validate.AUTFN),
	Examples:       []string{"123456782"},
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
