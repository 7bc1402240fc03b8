package validate

import "testing"

func TestUSNPI(t *testing.T) {
	// 1234567893 is the example of the CMS check digit standard.
	check(t, USNPI,
		[]string{"1234567893", "1999999992", "2345678900", "1538287768", "1000000004"},
		[]string{"1234567890", "1234567894", "3234567893", "0234567893", "123456789", "12345678930", ""})
}

func TestUSDEA(t *testing.T) {
	check(t, USDEA,
		[]string{"AB1234563", "BJ6137411", "M90000101", "XS9876547", "FN5555555", "ab1234563"},
		[]string{"AB1234564", "IB1234563", "NB1234563", "A11234563", "AB123456", "AB12345633", "ABC234563", ""})
}

func TestUSMBI(t *testing.T) {
	// 1EG4-TE5-MK73 is the example MBI published by CMS.
	check(t, USMBI,
		[]string{"1EG4-TE5-MK73", "1EG4TE5MK73", "9AA0A00AA00", "1eg4-te5-mk73", "5C77-X89-YW00"},
		[]string{
			"0EG4-TE5-MK73", "1SG4-TE5-MK73", "1EG4-TE5MK73", "1EGA-TE5-MK73", "1EG4-TE5-MK7",
			"1EG4-TB5-MK73", "1EG4TE5MK7Z", "1EG4TE5MZ73", "1LG4TE5MK73", "1EG4 TE5 MK73", "",
		})
}

func TestICD10(t *testing.T) {
	check(t, ICD10,
		[]string{"E11.9", "J45.909", "S72.001A", "C50.911", "Z79.4", "U07.1", "I10", "E119", "T36.0X1A", "C4A.10", "M1A.0110", "Z3A.38"},
		[]string{"E1.9", "11.9", "e11.9", "E11.", "E11.12345", "E11-9", "EE1.9", "E1C.9", "E11.9a", "", "E1"})
}
