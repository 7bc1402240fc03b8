package financial

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// Bank account labels: account, acct, a/c, checking, savings, ... (also
// glued to Number/No: accountNumber, acctNo).
const bankAccountLabels = `(?:account|acct|a/c|checking|chequing|savings|dda)(?:number|num|nbr|no)?`

// USBankAccountNumber: US bank (deposit) account number: 8 to 17 digits
// (the range US banks issue; ABA/X9 leave the format to each bank, and
// there is no check digit), written after an account label ("Account
// number: ...", "acct #", "checking: ...") or as a field under a column or
// key that names it, with a bank keyword (bank account, account number,
// acct, checking, savings, routing, ...) near. A bare "account" is not a
// keyword: AWS, customer and utility account ids are not bank accounts.
// Sequential placeholders (12345678, 123456789, ...) grant nothing.
var USBankAccountNumber = &c.Identifier{
	ID:          "US_BANK_ACCOUNT_NUMBER",
	Category:    c.Financial,
	Description: "US bank account number",
	Patterns: []c.Pattern{
		{Regex: labeled(bankAccountLabels, `[0-9]{8,17}`, numTail, 20), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{8}`}}},
		{Regex: field(`[0-9]{8,17}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{8}`}}},
	},
	Keywords: []string{
		"bank account", "bank acct", "bank account number", "account number", "account no", "account num",
		"acct", "acct no", "acct number", "checking account", "checking", "savings account", "savings",
		"chequing", "deposit account", "direct deposit", "dda", "routing", "routing number", "aba",
	},
	RequireKeyword: true,
	Validate:       func(v []byte) bool { return !validate.AllSameOrZero(v) },
	Examples: []string{
		"12345678", "123456789", "1234567890", "12345678901", "123456789012", "0123456789", "987654321",
		"9876543210",
	},
	Normalize: c.Digits,
	Severity:  c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
