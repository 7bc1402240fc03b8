package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// USDriversLicense: US driver's license number. Formats are set by each
// state (AAMVA DL/ID Card Design Standard, annex D lists them): one or two
// letters and 4-14 digits (CA A1234567, FL/IL/WI letter + 12 digits), 7-9
// digits (NY, PA, TX, ...), and the dashed letter-and-digit groups printed
// by some states (IL S123-4567-8901, FL S123-456-78-901-0). None has a
// public check digit, so a driver's license keyword is required within a
// short distance (25 characters) or a license column / key. The first
// pattern wants the label before the number (so that in "Passport:
// 488839667, DL: D1234567" the passport number is not taken for a
// license); the second takes a value that starts a line or a CSV cell, for
// license columns.
// Eight digits that read as a YYYYMMDD date are not reported (issue and
// expiry dates sit next to the number).
var USDriversLicense = &c.Identifier{
	ID:          "US_DRIVERS_LICENSE",
	Category:    c.Personal,
	Description: "US driver's license number",
	Patterns: []c.Pattern{
		{Regex: dlLabel + `[^0-9\n]{0,16}?` + dlValue, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[A-Z][0-9]{4}|[0-9]{7}|[A-Z][0-9]{3}-[0-9]{3}`}}},
		{Regex: `(?:(?m:^)|[,;\t|])[ \t]*"?` + dlValue, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[A-Z][0-9]{4}|[0-9]{7}|[A-Z][0-9]{3}-[0-9]{3}`}}},
	},
	Keywords: []string{"driver's license", "drivers license", "driver license", "driver's licence", "drivers licence",
		"driver licence", "driving licence", "driving license", "driver's license number", "drivers license number",
		"driver license number", "dl", "dl#", "dl #", "dln", "dl number", "dl no", "license number", "licence number",
		"license no", "licence no", "lic#", "lic no"},
	RequireKeyword: true,
	Distance:       25,
	Validate:       dlValid,
	Normalize:      c.UpperAlnum,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

const (
	dlLabel = `(?i:driver'?s?[ _-]?licen[cs]e|driving[ _-]?licen[cs]e|\bdln|\bdl|\blicen[cs]e[ _-]?(?:number|num|no)|\blic[ _-]?(?:#|no))(?i:[ _-]?(?:number|num|nbr|no|id|#)\.?)?`
	dlValue = `\b(?P<v>[A-Z]{1,2}[0-9]{4,14}|[0-9]{7,9}|[A-Z][0-9]{3}-[0-9]{3,4}-[0-9]{2,4}(?:-[0-9]{1,3}){0,2})\b`
)

func dlValid(v []byte) bool {
	if validate.AllSameOrZero(v) {
		return false
	}
	if len(v) == 8 && v[0] >= '0' && v[0] <= '9' {
		ys, ms, ds, n := dobParse(v)
		if n == 1 && ys[0] >= 1900 && ys[0] <= 2099 && dobCalendar(ys[0], ms[0], ds[0]) {
			return false
		}
	}
	return true
}
