package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// VehicleIdentificationNumber: a 17-character VIN (ISO 3779; US 49 CFR
// Part 565) whose position-9 check digit verifies (49 CFR 565.25(c) and
// 565.26(c): transliteration, weights 8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2,
// mod 11, X for 10; validate.VIN). Upper-case letters and digits without
// I, O and Q; position 10 (model year, 565.25(d)) is one of the year codes
// (no U, Z or 0).
//
// Trigger: 49 CFR 565.25(d) requires the last five characters of the VIN
// of passenger cars, MPVs and light trucks, and the last four of every
// other vehicle, to be numeric; the expression demands four trailing digits,
// so the trigger (the whole value as a word) is selective. VINs of the
// rest of the world (no check digit, possibly alphabetic serials) are not
// matched by design: the check digit is what makes a bare match credible.
//
// Hashes and other ids: a check digit passes by chance once in eleven, so
// the value must also hold at least two letters (hex digests are lower
// case anyway and 17 all-digit numbers are not VINs), and it must stand
// alone (word boundaries). Medium alone, High with a keyword (vin, vehicle,
// chassis).
var VehicleIdentificationNumber = &c.Identifier{
	ID:          "VEHICLE_IDENTIFICATION_NUMBER",
	Category:    c.Personal,
	Description: "Vehicle identification number (VIN)",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>[A-HJ-NPR-Z0-9]{8}[0-9X][A-HJ-NPR-TV-Y1-9][A-HJ-NPR-Z0-9]{3}[0-9]{4})\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[A-HJ-NPR-Z0-9]{8}[0-9X][A-HJ-NPR-TV-Y1-9][A-HJ-NPR-Z0-9]{3}[0-9]{4}(?:[^0-9A-Za-z_]|$)`}}},
	},
	Keywords: []string{"vin", "vins", "vin number", "vehicle identification number", "vehicle id", "vehicle", "chassis",
		"chassis number"},
	Validate: vinValid,
	// Examples of the check-digit computation printed in references
	// (Wikipedia's "Vehicle identification number", VIN decoder manuals).
	Examples:  []string{"1M8GDM9AXKP042788", "1HGCM82633A004352", "11111111111111111"},
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityLow, c.SeverityMedium, c.SeverityMedium),
}

func vinValid(v []byte) bool {
	if !validate.VIN(v) || validate.AllSameOrZero(v) {
		return false
	}
	letters := 0
	for _, ch := range v {
		if ch >= 'A' && ch <= 'Z' {
			letters++
		}
	}
	return letters >= 2
}
