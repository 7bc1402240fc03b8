package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUKNationalInsuranceNumber(t *testing.T) {
	classifierstest.Run(t, UKNationalInsuranceNumber, []classifierstest.Case{
		{Text: "Employee NI number: JT 47 91 36 B, start date 2021-04-06", Want: []string{"JT 47 91 36 B"}},
		{Text: "2024-03-01T10:22:01Z payroll: updated record SX729104C for employee 4471", Want: []string{"SX729104C"}},
		{Text: "name,nino,dept\nAnna Hill,PE482193A,Sales", Want: []string{"PE482193A"}},
		{Text: `{"employee": {"nino": "KL 90 21 77 D"}}`, Want: []string{"KL 90 21 77 D"}},
		{Text: "NINO=wr381745c", Want: []string{"wr381745c"}},                                     // lower case with keyword
		{Text: "jt479136b", Keys: []string{"national_insurance_no"}, Want: []string{"jt479136b"}}, // column context
		{Text: "NI number: AB 12 34 56 C"},                                                        // HMRC's example
		{Text: "nino: DA123456A"},                                                                 // D is never a prefix letter
		{Text: "nino: GB123456A"},                                                                 // unallocated prefix
		{Text: "nino: TO123456A"},                                                                 // O is never the second letter
		{Text: "ref JT479136E"},                                                                   // suffix E
		{Text: "ref jt479136b"},                                                                   // lower case, no keyword
		{Text: "part XJT479136B and JT479136BX and JT4791367B"},                                   // embedded / too long
		{Text: "nino: ZZ000000A"},                                                                 // placeholder
	}, Identifiers...)
}
