// Package financial defines the FINANCIAL identifiers of DESIGN.md: one file per
// identifier, listed once in Identifiers.
package financial

import c "github.com/dredge-dev/dredge/classifiers"

// Identifiers is the registry of this category.
var Identifiers = []*c.Identifier{
	CreditCardNumber,
	CreditCardExpiration,
	CreditCardSecurityCode,
	IBAN,
	USBankAccountNumber,
	USABARoutingNumber,
	SwiftCode,
}
