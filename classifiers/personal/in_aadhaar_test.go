package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestINAadhaar(t *testing.T) {
	classifierstest.Run(t, INAadhaar, []classifierstest.Case{
		{Text: "Aadhaar No: 4918 2736 4507", Want: []string{"4918 2736 4507"}},
		{Text: "kyc verified for 7301 6248 5916 at 10:32", Want: []string{"7301 6248 5916"}},
		{Text: "name,aadhaar,city\nRavi Kumar,619273840154,Pune", Want: []string{"619273840154"}},
		{Text: `{"kyc": {"aadhaar_number": "7301-6248-5916"}}`, Want: []string{"7301-6248-5916"}},
		{Text: "UIDAI=491827364507", Want: []string{"491827364507"}},
		{Text: "491827364507", Keys: []string{"aadhar"}, Want: []string{"491827364507"}},
		{Text: "kyc verified for 7301 6248 5917"},    // bad Verhoeff
		{Text: "kyc verified for 1301 6248 5916"},    // first digit 1 is reserved
		{Text: "order 619273840154 shipped"},         // bare, no keyword
		{Text: "licence 7301-6248-5916"},             // dashed, no keyword
		{Text: "card 5210 4400 5677 1234 exp 09/27"}, // first 12 digits of a card pass Verhoeff
		{Text: "call +91 4918 2736 4507"},            // country code before
		{Text: "IBAN DE89 3704 0044 0532 0130 00"},   // IBAN groups
		{Text: "uid=619273840154 gid=1000"},          // Unix uid is not a keyword
		{Text: "Aadhaar: 2222 2222 2222"},            // placeholder
	}, Identifiers...)
}
