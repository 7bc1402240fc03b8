package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestCreditCardSecurityCode(t *testing.T) {
	classifierstest.Run(t, CreditCardSecurityCode, []classifierstest.Case{
		{Text: "Card 4539 1488 0343 6467, exp 04/27, cvv 311", Want: []string{"311"}},
		{Text: "CVV2/CVC2: 482 (back of card)", Want: []string{"482"}},
		{Text: `{"number": "4539148803436467", "cvc": "7294"}`, Want: []string{"7294"}},
		{Text: "card_security_code=815", Want: []string{"815"}},
		{Text: "2024-05-01 WARN payment retry cvv=902 user=7", Want: []string{"902"}},
		{Text: "exp,cvv\n04/27,311", Want: []string{"311"}},
		{Text: "311", Keys: []string{"cvv"}, Want: []string{"311"}},
		{Text: "cvv: 888", Want: []string{"888"}},
		{Text: "room 311, floor 4"},                          // no keyword
		{Text: "CVV: 000 and cvc 0000"},                      // placeholders
		{Text: "cvv: 12345"},                                 // too long
		{Text: "CVV 311 exp 12/2025", Want: []string{"311"}}, // the year is not a code
		{Text: "cvv: ***"},                       // masked already
		{Text: "cid=1234 session=5678"},          // cid is not a keyword
		{Text: "your verification code is 4821"}, // one-time codes
	}, Identifiers...)
}
