package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSITIN(t *testing.T) {
	classifierstest.Run(t, USITIN, []classifierstest.Case{
		{Text: "Her ITIN is 912-78-4321, issued in 2019.", Want: []string{"912-78-4321"}},
		{Text: "2024-05-01 INFO filer tin=950 55 1234 accepted", Want: []string{"950 55 1234"}},
		{Text: "name,itin\nAna,987-88-2468\n", Want: []string{"987-88-2468"}},
		{Text: `{"taxpayer_id": "900-70-1357"}`, Want: []string{"900-70-1357"}},
		{Text: "ITIN=912784321", Want: []string{"912784321"}},
		{Text: "912784321", Keys: []string{"itin"}, Want: []string{"912784321"}},
		{Text: "w7 filed 999-94-1234", Want: []string{"999-94-1234"}}, // no keyword needed for the dashed form
		// Not ITINs.
		{Text: "order 912784321 shipped"},                // bare digits, no keyword
		{Text: "ITIN 912-93-1234 and 912-40-1234"},       // group 93 and 40 are not issued
		{Text: "ITIN 812-78-1234 and 536-22-8471"},       // not 9XX (the second is an SSN)
		{Text: "ITIN 999-99-9999 and 912-78-0000"},       // placeholders
		{Text: "ref 2024-912-78-1234 and 912-78-1234-5"}, // longer dash chains
		{Text: "tel 1912-78-12345"},
	}, Identifiers...)
}
