package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// ESDNI: Spanish national identity document number (DNI: 8 digits and a
// control letter, "48291736-Q"; Real Decreto 1553/2005) and foreigner
// identity number (NIE: X, Y or Z, 7 digits and a control letter,
// "X-4827193-E"; Orden INT/2058/2008). The control letter is
// "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23] (validate.ESDNI).
//
// Upper-case values written solid, with a dash, or with dots
// (48.291.736-Q) stand alone (Medium); lower-case letters or a space before
// the letter need a keyword. "12345678Z" and "X1234567L", the usual
// examples, are suppressed.
var ESDNI = &c.Identifier{
	ID:          "ES_DNI",
	Category:    c.Personal,
	Description: "Spanish DNI / NIE number",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>(?:\d[ .\-/]?){0,16}(?:\d{8}|\d{2}\.\d{3}\.\d{3})-?[A-Z])\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:[0-9]{8}|[0-9]{2}\.[0-9]{3}\.[0-9]{3})-?[A-Z](?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `\b(?P<v>[XYZ]-?\d{7}-?[A-Z])\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[XYZ]-?[0-9]{7}-?[A-Z](?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `(?i)\b(?P<v>(?:\d[ .\-/]?){0,16}(?:\d{8}|\d{2}\.\d{3}\.\d{3}|[xyz][ \-]?\d{7})[ \-]?[a-z])\b`, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{7}[ \-]?[A-Za-z]|[0-9]\.[0-9]{3}[ \-]?[A-Za-z]`}}},
	},
	Keywords: []string{"dni", "nie", "nif", "documento nacional de identidad", "identidad de extranjero",
		"número de identidad", "numero de identidad", "n.i.f", "d.n.i", "n.i.e"},
	Validate:  nidValid(validate.ESDNI),
	Examples:  []string{"12345678Z", "X1234567L"},
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
