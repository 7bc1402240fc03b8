package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSDriversLicense(t *testing.T) {
	classifierstest.Run(t, USDriversLicense, []classifierstest.Case{
		{Text: "Her California driver's license is D1234567 (exp 2027).", Want: []string{"D1234567"}},
		{Text: "2024-05-01 INFO verify dl#=S123-4567-8901 state=IL", Want: []string{"S123-4567-8901"}},
		{Text: "name,state,drivers_license\nAna,NY,492031887\n", Want: []string{"492031887"}},
		{Text: `{"driverLicenseNumber": "W426545307610"}`, Want: []string{"W426545307610"}},
		{Text: "DLN=S530-460-56-735-0", Want: []string{"S530-460-56-735-0"}},
		{Text: "Driver License No. 24681357", Want: []string{"24681357"}},
		{Text: "49203188", Keys: []string{"license_number"}, Want: []string{"49203188"}},
		{Text: "Name: John Roe, SSN: 536-22-8471, Passport: 488839667, DL: D1234567, DOB: 1987-03-04", Want: []string{"D1234567"}},
		{Text: `{"passport":"530129874","dl":"492031887"}`, Want: []string{"492031887"}},
		// Not license numbers.
		{Text: "order D1234567 shipped, ref 492031887"},                            // no keyword
		{Text: "driver's license 0000000 and 11111111"},                            // placeholders
		{Text: "driver's license expires 20270315"},                                // a date
		{Text: "drivers license: see the attached scan of the card, id 492031887"}, // too far
		{Text: "driver license 123456 and DL AB12"},                                // too short
	}, Identifiers...)
}
