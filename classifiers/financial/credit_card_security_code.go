package financial

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// Card security code labels: CVV/CVV2 (Visa), CVC/CVC2 (Mastercard), CVN,
// CSC, CAV2 (JCB), security code, card verification value/code.
const cvvLabels = `cvv2?|cvc2?|cvn2?|csc|cav2|security[ _-]?code|card[ _-]?security[ _-]?code|` +
	`card[ _-]?verification(?:[ _-]?(?:value|code|number))?`

// CreditCardSecurityCode: card verification value (PCI DSS glossary:
// CAV2/CVC2/CVV2/CID; 3 digits, 4 for American Express), written right
// after its label or under a column or key that names it. Three digits are
// nothing on their own, so a keyword within 20 characters is required. The
// Amex name "CID" is not a keyword: cid= is far more often a client,
// connection or content id. The masked form shows no digit at all.
var CreditCardSecurityCode = &c.Identifier{
	ID:          "CREDIT_CARD_SECURITY_CODE",
	Category:    c.Financial,
	Description: "Payment card security code (CVV/CVC)",
	Patterns: []c.Pattern{
		{Regex: labeled(cvvLabels, `[0-9]{3,4}`, numTail, 12), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}`}}},
		{Regex: field(`[0-9]{3,4}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}`}}},
	},
	Keywords: []string{
		"cvv", "cvv2", "cvc", "cvc2", "cvn", "cvn2", "csc", "cav2", "cvv code", "cvv number", "security code",
		"card security code", "card verification", "card verification value", "card verification code",
	},
	RequireKeyword: true,
	Distance:       20,
	Validate:       cvv,
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityMedium, c.SeverityHigh, c.SeverityHigh),
	Mask:           func(string) string { return "***" },
}

// cvv accepts 3 or 4 digits but all zeros (the placeholder 000). Other
// repeated digits stay: 888 is one real code in a hundred, no placeholder.
func cvv(v []byte) bool {
	if !validate.CVV(v) {
		return false
	}
	for _, ch := range v {
		if ch != '0' {
			return true
		}
	}
	return false
}
