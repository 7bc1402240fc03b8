package financial

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// Card numbers come in three shapes: 12 to 19 digits in a row, or digit
// groups separated by single spaces or by single dashes (4-4-4-4, 4-4-4-4-3,
// Amex 4-6-5, Diners 4-6-4, ...; see cardShape). Each pattern starts at a
// line start or after a character that cannot continue a number (not a
// letter, digit, underscore or '+', and '.', '-', '/' only after a
// non-digit), so decimals ("0.4539…"), E.164 phone numbers ("+4915…"),
// hex strings and pieces of longer numbers never start a card. The grouped
// patterns match the whole run of digit groups, so that a window of four
// groups inside a table of numbers is not mistaken for a card; and a first
// alternative without a value group swallows numbers continued by '.', '-'
// or '/' and a digit (decimals, dates, version strings).
const (
	cardContiguous = `(?m)(?:^|[^0-9A-Za-z_.+\-/\r\n]|[^0-9\r\n][.\-/])` +
		`(?:[0-9]{12,19}[.\-/][0-9]|(?P<v>[0-9]{12,19})\b)`
	cardSpaced = `(?m)(?:^|[^0-9A-Za-z_.+\-/ \r\n]|[^0-9\r\n][.\-/ ])` +
		`(?:[0-9]{1,19}(?: [0-9]{1,19}){1,15}[.\-/][0-9]|(?P<v>[0-9]{1,19}(?: [0-9]{1,19}){1,15})\b)`
	cardDashed = `(?m)(?:^|[^0-9A-Za-z_.+\-/\r\n]|[^0-9\r\n][.\-/])` +
		`(?:[0-9]{1,19}(?:-[0-9]{1,19}){1,15}[./][0-9]|(?P<v>[0-9]{1,19}(?:-[0-9]{1,19}){1,15})\b)`
)

// CreditCardNumber: payment card number (PAN, ISO/IEC 7812-1): 12 to 19
// digits whose Luhn check digit (ISO/IEC 7812-1 Annex B) verifies and whose
// issuer identification number lies in a range a card network publishes,
// with a length it issues (validate.CreditCard). A validated number stands
// on its own (medium); a card keyword makes it high.
//
// The test card numbers that the card networks and payment processors
// document (Visa 4111 1111 1111 1111, Stripe 4242 4242 4242 4242, ...)
// are examples and grant nothing: they are never findings.
var CreditCardNumber = &c.Identifier{
	ID:          "CREDIT_CARD_NUMBER",
	Category:    c.Financial,
	Description: "Payment card number (PAN)",
	Patterns: []c.Pattern{
		// Triggers: a whole run of 12-19 digits; or the first groups of a
		// cardShape layout (4-6-4+, 4-3-3-3, 4-4-4+) with one separator.
		{Regex: cardContiguous, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{12,19}(?:[^0-9A-Za-z_]|$)`}}},
		{Regex: cardSpaced, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9])[0-9]{4} (?:[0-9]{6} [0-9]{4}|[0-9]{3} [0-9]{3} [0-9]{3}|[0-9]{4} [0-9]{4} [0-9]{4})`}}},
		{Regex: cardDashed, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9])[0-9]{4}-(?:[0-9]{6}-[0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{3}|[0-9]{4}-[0-9]{4}-[0-9]{4})`}}},
	},
	Keywords: []string{
		"card", "credit card", "debit card", "payment card", "card number", "card no", "card num", "cardholder",
		"cc", "ccn", "cc number", "cc num", "pan", "primary account number",
		"visa", "mastercard", "master card", "amex", "american express", "discover", "jcb", "diners club",
		"maestro", "unionpay", "union pay",
	},
	Validate: cardNumber,
	Examples: []string{
		// Visa, Mastercard, Amex, Discover, JCB, Diners and UnionPay test
		// numbers published by the networks and by PayPal/Braintree,
		// Stripe and Adyen test documentation.
		"4111111111111111", "4012888888881881", "4222222222222", "4242424242424242", "4000056655665556",
		"4000000000000002", "5555555555554444", "5105105105105100", "5200828282828210", "5454545454545454",
		"2223003122003222", "378282246310005", "371449635398431", "378734493671000", "6011111111111117",
		"6011000990139424", "6011000400000000", "3530111333300000", "3566002020360505", "30569309025904",
		"38520000023237", "6200000000000005",
	},
	Supersedes: []string{"US_BANK_ACCOUNT_NUMBER"},
	Normalize:  c.Digits,
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// cardNumber accepts a valid PAN printed in a shape cards are printed in,
// and rejects one digit repeated.
func cardNumber(v []byte) bool {
	return cardShape(v) && validate.CreditCard(v) && !validate.AllSameOrZero(v)
}

// cardShape reports whether the digit groups of v (separated by one kind
// of single separator) are laid out as on a card: one group (checked for
// 12-19 digits by validate.CreditCard); 4-6-5 (Amex) or 4-6-4 (Diners);
// 4-3-3-3 (13-digit Visa); or groups of four with a last group of one to
// four digits (4-4-4-4, 4-4-4-4-3, 4-4-4-1, ...).
func cardShape(v []byte) bool {
	var g [20]int
	n, sep := 0, byte(0)
	for _, ch := range v {
		if ch >= '0' && ch <= '9' {
			g[n]++
			continue
		}
		if sep != 0 && ch != sep || g[n] == 0 || n == len(g)-1 {
			return false
		}
		sep = ch
		n++
	}
	n++
	switch {
	case n == 1:
		return true
	case n == 3 && g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4):
		return true
	case n == 4 && g[0] == 4 && g[1] == 3 && g[2] == 3 && g[3] == 3:
		return true
	case n < 3:
		return false
	}
	for i := 0; i < n-1; i++ {
		if g[i] != 4 {
			return false
		}
	}
	return g[n-1] >= 1 && g[n-1] <= 4
}
