package health

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSNPI(t *testing.T) {
	classifierstest.Run(t, USNPI, []classifierstest.Case{
		{Text: "NPI: 1987654328", Want: []string{"1987654328"}},
		{Text: "claim 42 rendering provider NPI 2453195994 billed 120.00", Want: []string{"2453195994"}},
		{Text: `{"npi": "1334567801", "name": "Dr. Kim"}`, Want: []string{"1334567801"}},
		{Text: "PROVIDER_ID=1987654328", Want: []string{"1987654328"}},
		{Text: "NPIs: 1987654328, 2453195994", Want: []string{"1987654328", "2453195994"}},
		{Text: "1334567801", Keys: []string{"billing_npi"}, Want: []string{"1334567801"}},
		{Text: "NPI: 1987654329"},                        // check digit wrong
		{Text: "NPI: 1234567893"},                        // CMS example
		{Text: "call 1987654328 today"},                  // no keyword
		{Text: "NPI: 3987654321 and 19876543280"},        // starts with 3; eleven digits
		{Text: "Provider phone: 2125551234"},             // not an NPI label
		{Text: "NPI 1987654328.5 and NPI 1987654328-01"}, // continued numbers
	}, Identifiers...)
}
