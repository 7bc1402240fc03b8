package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestCreditCardExpiration(t *testing.T) {
	classifierstest.Run(t, CreditCardExpiration, []classifierstest.Case{
		{Text: "Card 4539 1488 0343 6467, exp 04/27, cvv 311", Want: []string{"04/27"}},
		{Text: "Expiration date: 11/2029", Want: []string{"11/2029"}},
		{Text: `{"card": {"expDate": "09-28", "brand": "visa"}}`, Want: []string{"09-28"}},
		{Text: "CARD_EXPIRY=3/26", Want: []string{"3/26"}},
		{Text: "Valid thru 12 / 30 for the holder", Want: []string{"12 / 30"}},
		{Text: "name,card,expiry\njane,4539148803436467,06/27", Want: []string{"06/27"}},
		{Text: "06/27", Keys: []string{"card_expiration"}, Want: []string{"06/27"}},
		{Text: "Exp: 05/26; exp: 07/28", Want: []string{"05/26", "07/28"}},
		{Text: "meeting on 04/27 in room 5"},      // no keyword
		{Text: "Expiration date: 12/25/2024"},     // full date
		{Text: "Passport expiry 2031-04-12"},      // ISO date
		{Text: "exp: 13/27"},                      // no month 13
		{Text: "expires in 10.5 days, exp 10.27"}, // not a card date
		{Text: "export 04/27 rows"},               // "export" is not "exp"
	}, Identifiers...)
}
