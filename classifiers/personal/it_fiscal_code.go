package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// ITFiscalCode: Italian personal fiscal code (codice fiscale; DPR
// 605/1973, DM 23/12/1976): 6 letters (surname, name), 2 year digits, a
// month letter, 2 day digits (+40 for women), a Belfiore place code
// (letter and 3 digits) and a check letter, e.g. "BNCLRA72E52F205U";
// digits after the year may be replaced by the omocodia letters L-V
// (validate.ITFiscalCode).
//
// Structure and check letter make the upper-case form unmistakable enough
// to stand alone (Medium); lower-case codes need a keyword. The two year
// digits are required to be digits: omocodia replaces them last, after
// five other digits, which practically never happens. "RSSMRA85T10A562S"
// (Mario Rossi, the textbook example) is suppressed.
var ITFiscalCode = &c.Identifier{
	ID:          "IT_FISCAL_CODE",
	Category:    c.Personal,
	Description: "Italian fiscal code (codice fiscale)",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>[A-Z]{6}\d{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-Z]{6}[0-9]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `(?i)\b(?P<v>[a-z]{6}\d{2}[abcdehlmprst][0-9lmnpqrstuv]{2}[a-z][0-9lmnpqrstuv]{3}[a-z])\b`, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-Za-z]{6}[0-9]{2}[A-Za-z]`}}},
	},
	Keywords: []string{"codice fiscale", "cod fiscale", "cod. fiscale", "cod. fisc", "c.f.", "cf", "tax code",
		"fiscal code", "codice fisc"},
	Validate:  nidValid(validate.ITFiscalCode),
	Examples:  []string{"RSSMRA85T10A562S"},
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
