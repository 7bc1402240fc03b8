package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUKNHSNumber(t *testing.T) {
	classifierstest.Run(t, UKNHSNumber, []classifierstest.Case{
		{Text: "Patient NHS Number: 401 023 2137 (verified)", Want: []string{"401 023 2137"}},
		{Text: "nhs_no=4857773457", Want: []string{"4857773457"}},
		{Text: "patient,nhs_number,ward\nJ Smith,485-777-3457,B2", Want: []string{"485-777-3457"}},
		{Text: `{"patient": {"nhsNumber": "4010232137"}}`, Want: []string{"4010232137"}},
		{Text: "4857773457", Keys: []string{"nhs_number"}, Want: []string{"4857773457"}},
		{Text: "NHS no 401 023 2137; call the ward desk on the main line anytime at 212 555 0199",
			Want: []string{"401 023 2137"}}, // the phone passes mod 11 but is far from the keyword
		{Text: "Call 212 555 0199 or 415-555-2671"},           // US phones that pass mod 11, no keyword
		{Text: "order 4010232137 shipped"},                    // ten bare digits, no keyword
		{Text: "NHS Number: 401 023 2138"},                    // bad check digit
		{Text: "NHS number 943 476 5919"},                     // Data Dictionary example
		{Text: "NHS number 000 000 0000"},                     // placeholder
		{Text: "NHS helpline +1 212 555 0199"},                // phone with country code
		{Text: "NHS card 5210 4010 2321 3712"},                // part of a longer number
		{Text: "NHS trust ticket 401 023 2137 4 of 9 closed"}, // digits continue the run
	}, Identifiers...)
}
