package health

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestMedicalRecordNumber(t *testing.T) {
	classifierstest.Run(t, MedicalRecordNumber, []classifierstest.Case{
		{Text: "MRN: 00123456", Want: []string{"00123456"}},
		{Text: "2024-03-02 ADT^A01 Patient ID PT-0012345 admitted to ward 4", Want: []string{"PT-0012345"}},
		{Text: `{"medicalRecordNumber": "4455667A", "ward": 4}`, Want: []string{"4455667A"}},
		{Text: "Name: Jane Doe, DOB 01/02/1980, MRN 7788990, SSN 536-22-8471", Want: []string{"7788990"}},
		{Text: "CHART_NO=55512349", Want: []string{"55512349"}},
		{Text: "A1234567", Keys: []string{"mrn"}, Want: []string{"A1234567"}},
		{Text: "mrn,name\n00123456,Jane", Want: []string{"00123456"}},
		{Text: "MRN: 12345"},                                            // too short
		{Text: "MRN: 00000000"},                                         // zeros
		{Text: "patient 12345678 seen"},                                 // no keyword
		{Text: "MRN: pending, call 555-123-4567"},                       // a phone number later on
		{Text: "Patient ID: 8f14e45f-ceea-467f-a0e6-536228471aaa"},      // a UUID
		{Text: "MRN assigned 2024-01-15 at 10:30"},                      // a date
		{Text: "medical record number: 12345678.5 and MRN: 1234567-01"}, // continued numbers
	}, Identifiers...)
}
