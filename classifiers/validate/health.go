package validate

// USNPI reports whether b is a US National Provider Identifier (CMS,
// "Requirements for National Provider Identifier (NPI) and NPI Enumerator"
// check digit standard, 45 CFR 162.406): 10 digits starting with 1 or 2
// whose last digit is the Luhn check digit computed over the card-issuer
// prefix 80840 followed by the first 9 digits (ISO/IEC 7812). Separators
// between digits are ignored.
func USNPI(b []byte) bool {
	var d [15]byte
	copy(d[:], "80840")
	n, ok := digitsInto(d[5:], trimSpace(b))
	return ok && n == 10 && (d[5] == '1' || d[5] == '2') && Luhn(d[:])
}

// deaFirst lists the registrant-type letters that begin a DEA number
// (DEA Diversion Control Division registration categories).
const deaFirst = "ABCDEFGHJKLMPRSTUX"

// USDEA reports whether b is a US DEA registration number (Drug Enforcement
// Administration, 21 CFR 1301): a registrant-type letter in
// ABCDEFGHJKLMPRSTUX, a second letter (initial of the registrant's last
// name) or 9, and 7 digits whose last is the check digit: the last digit of
// (d1+d3+d5) + 2·(d2+d4+d6) equals d7. Letters may be in either case;
// surrounding white space is ignored.
func USDEA(b []byte) bool {
	b = trimSpace(b)
	if len(b) != 9 {
		return false
	}
	first, second := toUpper(b[0]), toUpper(b[1])
	ok := false
	for i := 0; i < len(deaFirst); i++ {
		if deaFirst[i] == first {
			ok = true
		}
	}
	if !ok || !(isUpper(second) || second == '9') {
		return false
	}
	d := b[2:]
	for _, c := range d {
		if !isDigit(c) {
			return false
		}
	}
	v := func(i int) int { return int(d[i] - '0') }
	sum := v(0) + v(2) + v(4) + 2*(v(1)+v(3)+v(5))
	return sum%10 == v(6)
}

// isMBIAlpha reports whether c is one of the 20 letters allowed in a
// Medicare Beneficiary Identifier: A-Z except S, L, O, I, B and Z.
func isMBIAlpha(c byte) bool {
	switch c {
	case 'S', 'L', 'O', 'I', 'B', 'Z':
		return false
	}
	return isUpper(c)
}

// USMBI reports whether b is a Medicare Beneficiary Identifier in the
// format published by CMS ("Understanding the Medicare Beneficiary
// Identifier (MBI) Format", 2017): 11 characters, where position 1 is a
// digit 1-9; positions 2, 5, 8 and 9 are letters A-Z except S, L, O, I, B
// and Z; positions 3 and 6 are such letters or digits; positions 4, 7, 10
// and 11 are digits. It may be printed with dashes after the 4th and 7th
// characters (e.g. "1EG4-TE5-MK73"); either both dashes or none are
// accepted. Letters may be in either case. The MBI has no check digit.
func USMBI(b []byte) bool {
	b = trimSpace(b)
	var s [11]byte
	switch len(b) {
	case 11:
		copy(s[:], b)
	case 13:
		if b[4] != '-' || b[8] != '-' {
			return false
		}
		copy(s[:4], b[:4])
		copy(s[4:7], b[5:8])
		copy(s[7:], b[9:])
	default:
		return false
	}
	for i, c := range s {
		c = toUpper(c)
		var ok bool
		switch i {
		case 0:
			ok = c >= '1' && c <= '9'
		case 1, 4, 7, 8:
			ok = isMBIAlpha(c)
		case 2, 5:
			ok = isMBIAlpha(c) || isDigit(c)
		default: // 3, 6, 9, 10
			ok = isDigit(c)
		}
		if !ok {
			return false
		}
	}
	return true
}

// ICD10 reports whether b is structurally an ICD-10 / ICD-10-CM diagnosis
// code (WHO ICD-10; CDC/NCHS ICD-10-CM Tabular List): a category of an
// upper-case letter (U included, for codes such as U07.1), a digit and a
// digit or A/B (ICD-10-CM categories such as C4A, C7B, D3A, M1A, Z3A),
// optionally followed by a subcategory of 1 to 4 upper-case letters or
// digits, written after a '.' or directly (e.g. "E11.9", "J45.909",
// "S72.001A", "T36.0X1A", "C50.911", "Z79.4", "E119"). It does not check
// that the code exists in a particular release of the classification.
func ICD10(b []byte) bool {
	b = trimSpace(b)
	if len(b) < 3 || !isUpper(b[0]) || !isDigit(b[1]) ||
		!(isDigit(b[2]) || b[2] == 'A' || b[2] == 'B') {
		return false
	}
	rest := b[3:]
	if len(rest) > 0 && rest[0] == '.' {
		rest = rest[1:]
		if len(rest) == 0 {
			return false
		}
	}
	if len(rest) > 4 {
		return false
	}
	for _, c := range rest {
		if !isUpper(c) && !isDigit(c) {
			return false
		}
	}
	return true
}
