package financial

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// Card expiration labels: exp, expiry, expiration, expires, valid thru, ...
// (also glued to Date/Month: expDate, ExpiryDate).
const cardExpLabels = `exp(?:iry|iration|ires|ire)?(?:[ _-]?(?:date|dt|month))?|valid[ _-]?(?:thru|through|until)|` +
	`good[ _-]?(?:thru|through)|mm[ _-]?/[ _-]?yy(?:yy)?`

// cardExpValue is MM/YY or MM/YYYY (also with '-', spaces around the
// separator, or a one-digit month).
const cardExpValue = `(?:0?[1-9]|1[0-2]) ?[/-] ?(?:20[0-9]{2}|[0-9]{2})`

// CreditCardExpiration: payment card expiration date as embossed on cards
// (ISO/IEC 7813: month and year, MM/YY), written after an expiry label
// (exp, expiry, expiration date, valid thru, ...) or under a column or key
// that names it. A bare MM/YY is only a date, so a keyword is required.
// Full dates (12/25/2024, 2024-12-25) are not card expirations.
var CreditCardExpiration = &c.Identifier{
	ID:          "CREDIT_CARD_EXPIRATION",
	Category:    c.Financial,
	Description: "Payment card expiration date",
	Patterns: []c.Pattern{
		{Regex: labeled(cardExpLabels, cardExpValue, numTail, 20), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9] ?[/\-] ?[0-9]{2}`}}},
		{Regex: field(cardExpValue), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9] ?[/\-] ?[0-9]{2}`}}},
	},
	Keywords: []string{
		"exp", "exp date", "expiry", "expiry date", "expiration", "expiration date", "expires", "expire",
		"card expiration", "card expiry", "valid thru", "valid through", "valid until", "good thru",
		"good through", "mm/yy", "mm/yyyy",
	},
	RequireKeyword: true,
	Validate:       cardExpiry,
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityMedium, c.SeverityHigh, c.SeverityHigh),
}

// cardExpiry accepts what validate.CardExpiration does, and a one-digit
// month ("4/27").
func cardExpiry(v []byte) bool {
	if len(v) > 1 && (v[1] < '0' || v[1] > '9') {
		var b [16]byte
		if len(v)+1 > len(b) {
			return false
		}
		b[0] = '0'
		n := copy(b[1:], v)
		return validate.CardExpiration(b[:n+1])
	}
	return validate.CardExpiration(v)
}
