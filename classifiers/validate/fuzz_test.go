package validate

import (
	"bytes"
	"testing"
)

// validators lists every func([]byte) bool validator of the package.
var validators = map[string]func([]byte) bool{
	"Luhn": Luhn, "Verhoeff": Verhoeff, "CreditCard": CreditCard,
	"CardExpiration": CardExpiration, "CVV": CVV, "IBAN": IBAN,
	"ABARouting": ABARouting, "SWIFT": SWIFT, "USSSN": USSSN, "USITIN": USITIN,
	"USPassport": USPassport, "UKNINO": UKNINO, "UKNHS": UKNHS, "CASIN": CASIN,
	"FRNIR": FRNIR, "ESDNI": ESDNI, "ITFiscalCode": ITFiscalCode,
	"INAadhaar": INAadhaar, "INPAN": INPAN, "BRCPF": BRCPF, "AUTFN": AUTFN,
	"VIN": VIN, "USNPI": USNPI, "USDEA": USDEA, "USMBI": USMBI, "ICD10": ICD10,
	"PrivateKeyPEM": PrivateKeyPEM, "JWT": JWT, "AllSameOrZero": AllSameOrZero,
}

func FuzzValidators(f *testing.F) {
	for _, s := range []string{
		"", "4111 1111 1111 1111", "6011000990139424", "12/2030", "737",
		"GB29 NWBK 6016 1331 9268 19", "021000021", "DEUTDEFF500", "536-22-1234",
		"912-70-1234", "A12345678", "AB 12 34 56 C", "943 476 5919", "130 454 283",
		"1 89 05 2A 123 456 31", "X1234567L", "RSSMRAURTMLARSNL", "2345 6789 0124",
		"ABCPE1234F", "529.982.247-25", "123 456 782", "1M8GDM9AXKP042788",
		"1234567893", "AB1234563", "1EG4-TE5-MK73", "S72.001A",
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
		"eyJhbGciOiJIUzI1NiJ9.eyJ9.e30", `eyJ7fQ.e30.\\n`, "-----BEGIN PRIVATE KEY-----\\\\n",
		"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ==\n=AAAA\n-----END PGP PRIVATE KEY BLOCK-----",
		"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIB\\/\n-----END RSA PRIVATE KEY-----",
	} {
		f.Add([]byte(s))
	}
	for _, k := range testKeys(f) {
		f.Add([]byte(k))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		orig := bytes.Clone(b)
		res := map[string]bool{}
		for name, v := range validators {
			res[name] = v(b)
		}
		brand := CardBrand(b)
		if !bytes.Equal(b, orig) {
			t.Fatalf("input modified: %q -> %q", orig, b)
		}
		d := DigitsOnly(nil, b)
		for _, c := range d {
			if c < '0' || c > '9' {
				t.Fatalf("DigitsOnly returned %q", d)
			}
		}
		if res["CreditCard"] && (!Luhn(b) || brand == "" || len(d) < 12 || len(d) > 19) {
			t.Errorf("CreditCard(%q) without Luhn/brand/length", b)
		}
		if res["CASIN"] && !Luhn(b) {
			t.Errorf("CASIN(%q) without Luhn", b)
		}
		if res["INAadhaar"] && !Verhoeff(b) {
			t.Errorf("INAadhaar(%q) without Verhoeff", b)
		}
		if res["USSSN"] && res["USITIN"] {
			t.Errorf("%q is both an SSN and an ITIN", b)
		}
		for name, n := range wantDigits {
			if res[name] && len(d) != n {
				t.Errorf("%s(%q) with %d digits, want %d", name, b, len(d), n)
			}
		}
	})
}

// wantDigits gives the number of digits of purely numeric identifiers.
var wantDigits = map[string]int{
	"USSSN": 9, "USITIN": 9, "ABARouting": 9, "UKNHS": 10, "CASIN": 9,
	"BRCPF": 11, "INAadhaar": 12, "USNPI": 10,
}
