package health

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestICD10Code(t *testing.T) {
	classifierstest.Run(t, ICD10Code, []classifierstest.Case{
		{Text: "Diagnosis: E11.9 (type 2 diabetes)", Want: []string{"E11.9"}},
		{Text: "Dx: E11.9, I10, Z79.4", Want: []string{"E11.9", "I10", "Z79.4"}},
		{Text: "claim,icd10_code\n1001,E119", Want: []string{"E119"}},
		{Text: `{"diagnosis_code": "S72.001A"}`, Want: []string{"S72.001A"}},
		{Text: "ICD-10-CM T36.0X1A adverse effect of penicillins", Want: []string{"T36.0X1A"}},
		{Text: "J45.909", Keys: []string{"dx"}, Want: []string{"J45.909"}},
		{Text: "lot E11.9 shipped to bay C14"},             // no keyword
		{Text: "Diagnosis: vitamin B12 deficiency"},        // B12 is a vitamin
		{Text: "ICD-10 chapter A00-B99 covers infections"}, // a range
		{Text: "diagnosis tool v1.2.3, build A12.3.4"},     // versions
		{Text: "Dx: e11.9"},                            // lower case
		{Text: "Dx: COVID-19, HbA1c 7.2, H1N1, PM2.5"}, // look-alikes
	}, Identifiers...)
}
