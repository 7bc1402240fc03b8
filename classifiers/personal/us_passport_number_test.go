package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSPassportNumber(t *testing.T) {
	classifierstest.Run(t, USPassportNumber, []classifierstest.Case{
		{Text: "Traveler presented US passport number 488839667 at the gate.", Want: []string{"488839667"}},
		{Text: "2024-05-01 INFO kyc passport_no=A12345678 verified", Want: []string{"A12345678"}},
		{Text: "name,passport\nAna,Z98765432\n", Want: []string{"Z98765432"}},
		{Text: `{"passportNumber": "530129874"}`, Want: []string{"530129874"}},
		{Text: "PASSPORT=C03005988", Want: []string{"C03005988"}},
		{Text: "530129874", Keys: []string{"passport_id"}, Want: []string{"530129874"}},
		{Text: "Name: John Roe, SSN: 536-22-8471, Passport: 488839667, DL: D1234567, DOB: 1987-03-04", Want: []string{"488839667"}},
		{Text: `{"passport":"530129874","dl":"492031887"}`, Want: []string{"530129874"}},
		// Not passport numbers.
		{Text: "order 488839667 shipped, ref A12345678"},                              // no keyword
		{Text: "passport 000000000 and 111111111"},                                    // placeholders
		{Text: "passport 48883966 and 4888396671"},                                    // wrong length
		{Text: "passport ab1234567 and AB1234567"},                                    // lower case / two letters
		{Text: "passport renewal: the fee is listed in the appendix, form 488839667"}, // too far
	}, Identifiers...)
}
