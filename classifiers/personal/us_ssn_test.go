package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSSSN(t *testing.T) {
	classifierstest.Run(t, USSSN, []classifierstest.Case{
		{Text: "SSN: 536-22-8471", Want: []string{"536-22-8471"}},
		{Text: "id 536 22 8471 on file", Want: []string{"536 22 8471"}},
		{Text: "social security number 536228471", Want: []string{"536228471"}},
		{Text: "ssn,536-22-8471\nssn,536-22-8471", Want: []string{"536-22-8471", "536-22-8471"}},
		{Text: "536228471", Keys: []string{"patient_ssn"}, Want: []string{"536228471"}},
		{Text: "order 536228471 shipped"},                                         // nine digits, no keyword
		{Text: "SSN: 536-22-8471, acct 412345678", Want: []string{"536-22-8471"}}, // the keyword labels the dashed number
		{Text: "acct 412345678 SSN: 536-22-8471", Want: []string{"536-22-8471"}},  // and what follows it
		{Text: "member 412345678 (SSN) enrolled", Want: []string{"412345678"}},    // a keyword after its value
		{Text: "ssn:\n412345678"},                                  // a label on the previous line
		{Text: "id,ssn\n7,412345678", Want: []string{"412345678"}}, // a header cell
		{Text: "SSN: 000-22-8471"},                                 // area 000
		{Text: "SSN: 666-22-8471"},                                 // area 666
		{Text: "SSN: 936-22-8471"},                                 // area 9xx
		{Text: "SSN: 536-00-8471"},                                 // group 00
		{Text: "SSN: 536-22-0000"},                                 // serial 0000
		{Text: "tel 1536-22-84711"},                                // longer digit run
		{Text: "uuid 8f14e45f-ceea-467f-a0e6-536228471aaa"},        // hex id
	}, Identifiers...)
}
