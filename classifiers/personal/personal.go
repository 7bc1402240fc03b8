// Package personal defines the PERSONAL identifiers of DESIGN.md: one
// file per identifier, listed once in Identifiers.
package personal

import c "github.com/dredge-dev/dredge/classifiers"

// Identifiers is the registry of this category.
var Identifiers = []*c.Identifier{
	USSSN,
	PersonName,
	PostalAddress,
	EmailAddress,
	PhoneNumber,
	IPAddress,
	MACAddress,
	DateOfBirth,
	USITIN,
	USPassportNumber,
	USDriversLicense,
	VehicleIdentificationNumber,
	UKNationalInsuranceNumber,
	UKNHSNumber,
	CASocialInsuranceNumber,
	FRNIR,
	ESDNI,
	ITFiscalCode,
	INAadhaar,
	INPAN,
	BRCPF,
	AUTaxFileNumber,
}
