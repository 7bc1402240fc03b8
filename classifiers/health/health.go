// Package health defines the HEALTH identifiers of DESIGN.md: one file per
// identifier, listed once in Identifiers.
package health

import c "github.com/dredge-dev/dredge/classifiers"

// Identifiers is the registry of this category.
var Identifiers = []*c.Identifier{
	USNPI,
	USDEANumber,
	USMedicareBeneficiaryID,
	MedicalRecordNumber,
	ICD10Code,
}
