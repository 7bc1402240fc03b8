package health

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// MRN labels: MRN, medical record (number), med rec, patient id/number,
// chart number, hospital number, health record number (also glued:
// patientId, medicalRecordNumber).
const mrnLabels = `mrn|medical[ _-]?records?(?:[ _-]?(?:number|num|nbr|no|id))?|med[ _-]?rec(?:ord)?(?:[ _-]?(?:number|num|no))?|` +
	`patient[ _-]?(?:id|identifier|number|num|no)|chart[ _-]?(?:number|num|no|id)|hospital[ _-]?(?:number|num|no)|` +
	`health[ _-]?record[ _-]?(?:number|num|no)`

// mrnValue: up to four letters (and a dash), then 5 to 12 digits, then up
// to two letters: 00123456, MR1234567, PT-0012345, 4455667A.
const mrnValue = `(?:[A-Z]{1,4}-?)?[0-9]{5,12}[A-Z]{0,2}`

// MedicalRecordNumber: medical record number. Each provider numbers its
// records its own way (there is no standard and no check digit), so an MRN
// is a value of 6 to 12 letters and digits with at least 5 digits written
// right after an MRN label (MRN, medical record number, patient id, chart
// number, ...) or as a field under a column or key that names it; a
// keyword is required.
var MedicalRecordNumber = &c.Identifier{
	ID:          "MEDICAL_RECORD_NUMBER",
	Category:    c.Health,
	Description: "Medical record number (MRN)",
	Patterns: []c.Pattern{
		{Regex: labeled(mrnLabels, mrnValue, numTail, 20), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{5}`}}},
		{Regex: field(mrnValue), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{5}`}}},
	},
	Keywords: []string{
		"mrn", "medical record", "medical record number", "medical record no", "medicalrecordnumber",
		"med rec", "med rec no", "patient id", "patient identifier", "patient number", "patient no",
		"chart number", "chart no", "chart id", "hospital number", "health record number",
	},
	RequireKeyword: true,
	Validate:       mrn,
	Normalize:      c.UpperAlnum,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// mrn accepts 6 to 12 letters and digits (a dash aside), at least 5 of
// them digits, and not one digit repeated or all zeros.
func mrn(v []byte) bool {
	alnum, digits := 0, 0
	for _, ch := range v {
		switch {
		case ch >= '0' && ch <= '9':
			digits++
			alnum++
		case ch >= 'A' && ch <= 'Z':
			alnum++
		}
	}
	return alnum >= 6 && alnum <= 12 && digits >= 5 && !validate.AllSameOrZero(v)
}
