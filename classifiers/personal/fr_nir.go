package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// FRNIR: French social security number (numéro d'inscription au
// répertoire, INSEE; décret n° 82-103): sex, year, month, département
// (2A/2B for Corsica), commune, order number and a 2-digit key
// 97 - (number mod 97), printed "2 55 08 14 168 025 38" or as 15 characters
// (validate.FRNIR).
//
// The key passes one number in 97, so numbers of people born in France or
// abroad (first digit 1 or 2) stand alone (Medium) when spaced in the
// printed layout, or bare with a real month (01-12) and the key optionally
// set apart. Other layouts (dots, partial spacing, lower-case 2a/2b), the
// temporary registrations (first digit 3, 4, 7 or 8) and the fictitious
// months (20-42, 50-99) of bare numbers need a keyword. "2 55 08 14 168 025 38",
// the usual documentation example, is suppressed.
var FRNIR = &c.Identifier{
	ID:          "FR_NIR",
	Category:    c.Personal,
	Description: "French social security number (NIR)",
	Patterns: []c.Pattern{
		{Regex: nidRun(`[12] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3} \d{2}`), Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`[0-9] [0-9]{2} [0-9]{2} [0-9][0-9AB] [0-9]{3} [0-9]{3} [0-9]{2}`}}},
		{Regex: nidRun(`[12]\d{2}(?:0[1-9]|1[0-2])(?:\d{2}|2[AB])\d{6} ?\d{2}`), Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`[0-9]{6}[0-9AB][0-9]{6}`,
			// The validator takes exactly the format, which starts and ends
			// the match at a word boundary (nidRun).
			`(?:^|[^0-9A-Za-z_])[12][0-9]{2}(?:0[1-9]|1[0-2])(?:[0-9]{2}|2[AB])[0-9]{6} ?[0-9]{2}(?:[^0-9A-Za-z_]|$)`}}},
		{Regex: nidRun(`(?i:[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ab])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2})`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}[ .]?[0-9]{3}[ .]?[0-9]{2}`}}},
	},
	Keywords: []string{"nir", "sécurité sociale",
		"securite sociale", "SÉCURITÉ SOCIALE", "sécu", "secu", "SÉCU", "insee", "carte vitale", "numéro ss", "numero ss", "n° ss"},
	Validate:  nidValid(validate.FRNIR),
	Examples:  []string{"255081416802538"},
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
