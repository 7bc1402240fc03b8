package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestVehicleIdentificationNumber(t *testing.T) {
	classifierstest.Run(t, VehicleIdentificationNumber, []classifierstest.Case{
		{Text: "The stolen car, VIN 1G1YY22GXW5100001, was recovered.", Want: []string{"1G1YY22GXW5100001"}},
		{Text: "2024-05-01 INFO telematics vehicle=5YJSA1E25HF123456 online", Want: []string{"5YJSA1E25HF123456"}},
		{Text: "make,vin\nBMW,WBA3A5C57CF256651\n", Want: []string{"WBA3A5C57CF256651"}},
		{Text: `{"vin": "1FTFW1ET9DFC10312"}`, Want: []string{"1FTFW1ET9DFC10312"}},
		{Text: "CAR=3VWDX7AJ2DM123456", Want: []string{"3VWDX7AJ2DM123456"}},
		{Text: "JH4KA7561PC008269", Want: []string{"JH4KA7561PC008269"}}, // no keyword: still Medium
		// Not VINs.
		{Text: "VIN 5YJSA1E26HF123456"},                       // bad check digit
		{Text: "VIN 1M8GDM9AXKP042788 and 11111111111111111"}, // documented example, placeholder
		{Text: "VIN 1G1YY22GXW510000I"},                       // I is not allowed
		{Text: "sha 7d865e959b2466918c9863afca942d0f and 1G1YY22GXW5100001A"},
		{Text: "num 12345678901234567 and 9F86D081884C7D659"}, // all digits, hex-ish
		{Text: "VIN 1G1YY22GXU5100001"},                       // U is no model year
	}, Identifiers...)
}
