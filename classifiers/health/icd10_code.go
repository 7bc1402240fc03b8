package health

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// icd10Pattern: a code starts a token (not after a letter, digit, '.', '-'
// or '/'). Two first alternatives without a value group swallow look-alikes:
// a code followed by '-' and more (ranges such as A00-B99, part numbers)
// and a dotted code followed by another dot (version strings A12.3.4).
const icd10Pattern = `(?m)(?:^|[^0-9A-Za-z_.\-/\r\n])(?:` +
	`[A-Z][0-9][0-9AB](?:\.?[0-9A-Z]{1,4})?-[0-9A-Za-z]|` +
	`[A-Z][0-9][0-9AB]\.[0-9A-Z]{1,4}\.[0-9A-Za-z]|` +
	`(?P<v>[A-Z][0-9][0-9AB](?:\.[0-9A-Z]{1,4}|[0-9A-Z]{1,4})?)\b)`

// ICD10Code: ICD-10 / ICD-10-CM diagnosis code (WHO ICD-10; CDC/NCHS
// ICD-10-CM Tabular List): a category letter, a digit, a digit or A/B, and
// up to four more characters after a dot or run together as in claims
// (E11.9, J45.909, S72.001A, T36.0X1A, E119) (validate.ICD10). Upper case.
// Such short codes are also room, model and part numbers, so a diagnosis
// keyword (diagnosis, dx, icd-10, ...) within 40 characters is required,
// which also covers lists ("Dx: E11.9, I10, Z79.4").
var ICD10Code = &c.Identifier{
	ID:          "ICD10_CODE",
	Category:    c.Health,
	Description: "ICD-10 diagnosis code",
	Patterns: []c.Pattern{
		{Regex: icd10Pattern, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_.\-/])[A-Z][0-9][0-9AB]`}}},
	},
	Keywords: []string{
		"diagnosis", "diagnoses", "diagnosed", "diag", "dx", "icd", "icd10", "icd 10", "icd 10 cm", "icd10cm",
		"icd code", "diagnosis code", "dx code", "primary diagnosis", "admitting diagnosis", "condition",
		"condition code",
	},
	RequireKeyword: true,
	Validate:       icd10,
	Normalize:      c.UpperAlnum,
	Severity:       c.Buckets(c.SeverityMedium, c.SeverityHigh, c.SeverityHigh),
}

// icd10 accepts what validate.ICD10 does except the categories B11-B14,
// which no ICD-10 release has and of which B12 is vitamin B12, named in
// the same sentences as diagnoses.
func icd10(v []byte) bool {
	if len(v) >= 3 && v[0] == 'B' && v[1] == '1' && v[2] >= '1' && v[2] <= '4' {
		return false
	}
	return validate.ICD10(v)
}
