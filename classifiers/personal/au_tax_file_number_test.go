package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestAUTaxFileNumber(t *testing.T) {
	classifierstest.Run(t, AUTaxFileNumber, []classifierstest.Case{
		{Text: "Employee TFN: 459 281 736", Want: []string{"459 281 736"}},
		{Text: "tax file number 302198761 supplied", Want: []string{"302198761"}},
		{Text: "name,tfn,state\nJack Lee,530-040-859,NSW", Want: []string{"530-040-859"}},
		{Text: `{"payee": {"taxFileNumber": "81534724"}}`, Want: []string{"81534724"}},
		{Text: "TFN=37829101", Want: []string{"37829101"}},
		{Text: "459281736", Keys: []string{"tfn"}, Want: []string{"459281736"}},
		{Text: "order 459 281 736 shipped"},    // no keyword
		{Text: "TFN: 459 281 737"},             // bad check
		{Text: "TFN: 123 456 782"},             // ATO example
		{Text: "TFN: 000 000 000"},             // zeros
		{Text: "TFN ref 459 281 736 5"},        // continues
		{Text: "TFN or phone +61 459 281 736"}, // phone with country code
		{Text: "tfn 1459281736"},               // ten digits
	}, Identifiers...)
}
