package financial

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// SWIFT/BIC labels: swift, bic (also glued: swiftCode, SWIFTBIC).
const swiftLabels = `(?:swift|bic)(?:code|bic|id)?`

// swiftValue: 4-letter business party prefix, 2-letter country, 2-character
// location, optional 3-character branch; upper case.
const swiftValue = `[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?`

// SwiftCode: Business Identifier Code (BIC, "SWIFT code", ISO 9362): 8 or
// 11 upper-case characters with an ISO 3166 country at positions 5-6
// (validate.SWIFT), written after a SWIFT/BIC label or as a field under a
// column or key that names it. Eight capital letters are too often a word,
// so a keyword is required.
var SwiftCode = &c.Identifier{
	ID:          "SWIFT_CODE",
	Category:    c.Financial,
	Description: "SWIFT/BIC bank identifier code",
	Patterns: []c.Pattern{
		{Regex: labeled(swiftLabels, swiftValue, `\b`, 20), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-Z]{6}[A-Z0-9]{2}`}}},
		{Regex: field(swiftValue), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-Z]{6}[A-Z0-9]{2}`}}},
	},
	Keywords: []string{
		"swift", "swift code", "swift bic", "bic", "bic code", "bic swift", "swift address",
		"bank identifier code", "business identifier code", "bank identifier",
	},
	RequireKeyword: true,
	Validate:       validate.SWIFT,
	Normalize:      c.UpperAlnum,
	Severity:       c.Buckets(c.SeverityLow, c.SeverityMedium, c.SeverityMedium),
}
