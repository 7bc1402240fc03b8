package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSABARoutingNumber(t *testing.T) {
	classifierstest.Run(t, USABARoutingNumber, []classifierstest.Case{
		{Text: "Routing number: 021000021", Want: []string{"021000021"}},
		{Text: "ABA/Routing #: 011000015, acct 5550001234", Want: []string{"011000015"}},
		{Text: `{"routingNumber": "261073326"}`, Want: []string{"261073326"}},
		{Text: "ACH_RTN=322271614", Want: []string{"322271614"}},
		{Text: "routing numbers: 021000021, 011000015", Want: []string{"021000021", "011000015"}},
		{Text: "071000013", Keys: []string{"aba"}, Want: []string{"071000013"}},
		{Text: "Routing number: 021000022"}, // check digit wrong
		{Text: "trace=7aba3,021000021"},     // "aba" inside a hex id is no keyword
		{Text: "aba,021000021", Want: []string{"021000021"}},
		{Text: "Routing number: 000000000"},              // zeros
		{Text: "Routing number: 131000025"},              // 13 is not a Fed routing symbol
		{Text: "order 021000021 shipped"},                // no keyword
		{Text: "routing 0210000211"},                     // ten digits
		{Text: "transit time 123456780 ms"},              // "transit" alone is no label
		{Text: "routing table 10.0.0.0/8 via 021000021"}, // second number after the label
	}, Identifiers...)
}
