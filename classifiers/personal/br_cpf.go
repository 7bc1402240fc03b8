package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// BRCPF: Brazilian individual taxpayer number (Cadastro de Pessoas
// Físicas, Receita Federal; IN RFB nº 1.548/2015): 11 digits printed
// 000.000.000-00, the last two mod-11 check digits (validate.BRCPF).
//
// The dotted layout stands alone (Medium). Eleven bare digits are also
// Brazilian and Chinese mobile numbers and pass the check one time in a
// hundred, so they (and other layouts) need a keyword. "123.456.789-09",
// the usual example, is suppressed.
var BRCPF = &c.Identifier{
	ID:          "BR_CPF",
	Category:    c.Personal,
	Description: "Brazilian CPF number",
	Patterns: []c.Pattern{
		{Regex: nidRun(`\d{3}\.\d{3}\.\d{3}-\d{2}`), Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}`}}},
		{Regex: nidRun(`\d{3}[ .\-]?\d{3}[ .\-]?\d{3}[ .\-]?\d{2}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}[ .\-]?[0-9]{3}[ .\-]?[0-9]{3}[ .\-]?[0-9]{2}`}}},
	},
	Keywords: []string{"cpf", "cadastro de pessoas fisicas", "cadastro de pessoas físicas",
		"cadastro de pessoa fisica", "cadastro de pessoa física"},
	Validate:  nidValid(validate.BRCPF),
	Examples:  []string{"12345678909"},
	Normalize: c.Digits,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
