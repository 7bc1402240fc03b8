package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// CASocialInsuranceNumber: Canadian Social Insurance Number, 9 digits
// usually printed 3-3-3 ("130 726 847"), checked with Luhn; first digit
// neither 0 nor 8 (Employment and Social Development Canada;
// validate.CASIN).
//
// Luhn passes one number in ten and 3-3-3 is also a common phone layout
// (Spain, parts of Europe), so every form needs a keyword (Low alone,
// Medium with one). "nas" (numéro d'assurance sociale) is not a keyword:
// in scanned IT data it means network-attached storage. "123 456 782" and
// "046 454 286", the usual documentation examples, are suppressed.
var CASocialInsuranceNumber = &c.Identifier{
	ID:          "CA_SOCIAL_INSURANCE_NUMBER",
	Category:    c.Personal,
	Description: "Canadian Social Insurance Number",
	Patterns: []c.Pattern{
		{Regex: nidRun(`\d{3}[ \-]\d{3}[ \-]\d{3}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{3}`}}},
		{Regex: nidRun(`\d{9}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{9}`}}},
	},
	Keywords: []string{"sin", "sin number", "sin no", "sin#", "social insurance", "social insurance number",
		"assurance sociale", "numéro d'assurance sociale", "numero d'assurance sociale"},
	RequireKeyword: true,
	Validate:       nidValid(validate.CASIN),
	Examples:       []string{"123456782", "046454286"},
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
