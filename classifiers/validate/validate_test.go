package validate

import (
	"testing"
)

// check runs f on every valid and invalid example.
func check(t *testing.T, f func([]byte) bool, valid, invalid []string) {
	t.Helper()
	for _, s := range valid {
		if !f([]byte(s)) {
			t.Errorf("want valid:   %q", s)
		}
	}
	for _, s := range invalid {
		if f([]byte(s)) {
			t.Errorf("want invalid: %q", s)
		}
	}
}

func TestLuhn(t *testing.T) {
	check(t, Luhn,
		[]string{"79927398713", "4111111111111111", "4111 1111 1111 1111", "18", "0000", "046454286", "x7x9x9x2x7x3x9x8x7x1x3"},
		[]string{"79927398710", "4111111111111112", "0", "", "abc", "1", "19"})
}

func TestVerhoeff(t *testing.T) {
	// 236 -> check digit 3 is the example of Verhoeff's paper / Wikipedia.
	check(t, Verhoeff,
		[]string{"2363", "234567890124", "2345 6789 0124", "499187021234"},
		[]string{"2364", "2336", "234567890125", "234567890142", "", "7"})
	// Verhoeff detects every single-digit error and every adjacent
	// transposition; this exercises all table entries used.
	base := []byte("234567890124")
	for i := range base {
		for d := byte('0'); d <= '9'; d++ {
			if d == base[i] {
				continue
			}
			m := append([]byte(nil), base...)
			m[i] = d
			if Verhoeff(m) {
				t.Errorf("single error not detected: %s", m)
			}
		}
		if i+1 < len(base) && base[i] != base[i+1] {
			m := append([]byte(nil), base...)
			m[i], m[i+1] = m[i+1], m[i]
			if Verhoeff(m) {
				t.Errorf("transposition not detected: %s", m)
			}
		}
	}
}

func TestAllSameOrZero(t *testing.T) {
	check(t, AllSameOrZero,
		[]string{"0000 0000 0000 0000", "4444444444444444", "XXX-XX-XXXX", "xxXX", "A00000000", "XX-0000000", "000-00-0000", "", "---"},
		[]string{"4111111111111111", "123-45-6780", "A12345678", "AB", "DEUTDEFF", "A0000001"})
}

func TestDigitsOnly(t *testing.T) {
	var buf [32]byte
	got := DigitsOnly(buf[:0], []byte("4111-1111 1111.1111"))
	if string(got) != "4111111111111111" {
		t.Errorf("DigitsOnly = %q", got)
	}
	got = DigitsOnly([]byte("x"), []byte("a1b2"))
	if string(got) != "x12" {
		t.Errorf("DigitsOnly append = %q", got)
	}
	if got := DigitsOnly(nil, []byte("abc")); len(got) != 0 {
		t.Errorf("DigitsOnly no digits = %q", got)
	}
}

func TestNoAllocs(t *testing.T) {
	inputs := map[string]func([]byte) bool{
		"4111 1111 1111 1111":           CreditCard,
		"12/2030":                       CardExpiration,
		"123":                           CVV,
		"GB29 NWBK 6016 1331 9268 19":   IBAN,
		"021000021":                     ABARouting,
		"DEUTDEFF500":                   SWIFT,
		"078-05-1120":                   USSSN,
		"912-70-1234":                   USITIN,
		"A12345678":                     USPassport,
		"AB 12 34 56 C":                 UKNINO,
		"943 476 5919":                  UKNHS,
		"130 454 283":                   CASIN,
		"1 89 05 2A 123 456 31":         FRNIR,
		"X1234567L":                     ESDNI,
		"RSSMRA85T10A562S":              ITFiscalCode,
		"2345 6789 0124":                INAadhaar,
		"ABCPE1234F":                    INPAN,
		"529.982.247-25":                BRCPF,
		"123 456 782":                   AUTFN,
		"1M8GDM9AXKP042788":             VIN,
		"1234567893":                    USNPI,
		"AB1234563":                     USDEA,
		"1EG4-TE5-MK73":                 USMBI,
		"S72.001A":                      ICD10,
		"4111111111111111 0000 abc":     AllSameOrZero,
		"-----BEGIN PRIVATE KEY-----\n": PrivateKeyPEM,
	}
	for in, f := range inputs {
		b := []byte(in)
		if n := testing.AllocsPerRun(100, func() { f(b) }); n != 0 {
			t.Errorf("%q: %v allocations", in, n)
		}
	}
	b := []byte("4111 1111 1111 1111")
	if n := testing.AllocsPerRun(100, func() { CardBrand(b) }); n != 0 {
		t.Errorf("CardBrand: %v allocations", n)
	}
	pem := []byte(testKeys(t)["ec"])
	if n := testing.AllocsPerRun(20, func() { PrivateKeyPEM(pem) }); n != 0 {
		t.Errorf("PrivateKeyPEM: %v allocations", n)
	}
}
