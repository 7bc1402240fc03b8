package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// INAadhaar: Indian Aadhaar number (UIDAI, "Aadhaar Numbering Scheme"): 12
// digits printed 4-4-4 on the card ("4918 2736 4507"), first digit 2-9,
// last digit a Verhoeff check digit (validate.INAadhaar).
//
// The space-grouped card layout stands alone (Medium). Twelve bare digits
// (order, account and phone-with-country-code numbers) and the dashed form
// (licence and voucher codes) need a keyword. Plain "uid" is not a
// keyword: it is the Unix user id and a generic user-id column name.
var INAadhaar = &c.Identifier{
	ID:          "IN_AADHAAR",
	Category:    c.Personal,
	Description: "Indian Aadhaar number",
	Patterns: []c.Pattern{
		{Regex: nidRun(`[2-9]\d{3} \d{4} \d{4}`), Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`[0-9]{4} [0-9]{4} [0-9]{4}`}}},
		{Regex: nidRun(`[2-9]\d{3}(?:-\d{4}-\d{4}|\d{8})`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[2-9][0-9]{3}(?:-[0-9]{4}-[0-9]{4}|[0-9]{8})`}}},
	},
	Keywords: []string{"aadhaar", "aadhar", "adhaar", "aadhaar number", "aadhaar no", "uidai", "uid number", "uid no",
		"unique identification", "आधार"},
	Validate:  nidValid(validate.INAadhaar),
	Normalize: c.Digits,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
