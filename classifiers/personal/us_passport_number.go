package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// USPassportNumber: US passport book number, nine digits, or one letter and
// eight digits for Next Generation passports (US Department of State;
// validate.USPassport). There is no published check digit, and nine digits
// are everywhere, so a passport keyword is required close by (or a passport
// column / key). The first pattern wants the label before the number ("US
// passport number 488839667", "passport_no": "A12345678"): in a record
// "Passport: 488839667, DL: D1234567" the number then belongs to the
// passport only. The second takes a value that starts a line or a CSV
// cell, for passport columns.
var USPassportNumber = &c.Identifier{
	ID:          "US_PASSPORT_NUMBER",
	Category:    c.Personal,
	Description: "US passport number",
	Patterns: []c.Pattern{
		{Regex: `(?i:passport)(?i:[ _-]?(?:number|num|nbr|no|id|#|book))?[^0-9\n]{0,16}?` + passportValue, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{8}`}}},
		{Regex: `(?:(?m:^)|[,;\t|])[ \t]*"?` + passportValue, Confidence: c.Low, Trigger: c.Trigger{Keyword: true,
			Shapes: []string{`(?:^|[,;\t|])[ \t]*"?(?:[A-Z][0-9]{8}|[0-9]{9})`}}},
	},
	Keywords: []string{"passport", "passport number", "passport no", "passport num", "passport#", "passport #",
		"passport id", "passport book"},
	RequireKeyword: true,
	Distance:       30,
	Validate:       passportValid,
	Normalize:      c.UpperAlnum,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

const passportValue = `\b(?P<v>[A-Z][0-9]{8}|[0-9]{9})\b`

func passportValid(v []byte) bool {
	return validate.USPassport(v) && !validate.AllSameOrZero(v)
}
