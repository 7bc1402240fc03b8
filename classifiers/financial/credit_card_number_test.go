package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestCreditCardNumber(t *testing.T) {
	classifierstest.Run(t, CreditCardNumber, []classifierstest.Case{
		{Text: "Card number: 4539 1488 0343 6467, thanks", Want: []string{"4539 1488 0343 6467"}},
		{Text: "jane,doe,4539148803436467,ok", Want: []string{"4539148803436467"}},
		{Text: `{"pan": "5524-6101-9273-6181"}`, Want: []string{"5524-6101-9273-6181"}},
		{Text: "2024-05-01T12:00:01Z INFO charged 2227123456789018 amount=12.00", Want: []string{"2227123456789018"}},
		{Text: "AMEX 3498 761234 56785 exp 04/27", Want: []string{"3498 761234 56785"}},
		{Text: "diners 3622 765432 1014", Want: []string{"3622 765432 1014"}},
		{Text: "unionpay 6212 3456 7890 1234 569.", Want: []string{"6212 3456 7890 1234 569"}},
		{Text: "cards=4539148803436467,5412345678901232", Want: []string{"4539148803436467", "5412345678901232"}},
		{Text: "GET /api/cards/6011987654321019/charge 200", Want: []string{"6011987654321019"}},
		{Text: "CC_NUMBER=4111222233334448\n4539148803436467", Want: []string{"4111222233334448", "4539148803436467"}},
		{Text: "4539148803436467", Keys: []string{"card_number"}, Want: []string{"4539148803436467"}},
		{Text: "Card number: 4539 1488 0343 6468"},                          // Luhn fails
		{Text: "id 9999999999999995 and 1234567890123452"},                  // Luhn ok, no issuer range
		{Text: "card 3530 1234 5678 906"},                                   // JCB range, 15 digits: no JCB card has 15
		{Text: "Card: 4111 1111 1111 1111 (test card), 4242424242424242"},   // documented test cards
		{Text: "row 1234 4539 1488 0343 6467"},                              // four groups inside a longer run
		{Text: "4539 1488 0343 6467 1200 1300"},                             // a table row, not a card
		{Text: "ratio=0.4539148803436467 x=4539148803436467.5"},             // decimals
		{Text: "call +4912345678900 now"},                                   // E.164 phone number
		{Text: "ref 97845391488034364670 and 45391488034364671"},            // longer digit runs
		{Text: "sha 8a4539148803436467ff e3b0c44298fc1c149afbf4c8996fb924"}, // hex
		{Text: "ts 1700000000000 1700000000000000000"},                      // timestamps
		{Text: "version 4539.1488.0343.6467"},                               // dotted groups are not a card layout
	}, Identifiers...)
}
