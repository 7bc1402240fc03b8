package validate

// vinValue holds the ISO 3779 / 49 CFR 565.15 transliteration of VIN
// letters (A-Z; I, O and Q are not allowed and map to 0xff).
var vinValue = [26]uint8{
	1, 2, 3, 4, 5, 6, 7, 8, 0xff, // A-I
	1, 2, 3, 4, 5, 0xff, 7, 0xff, 9, // J-R
	2, 3, 4, 5, 6, 7, 8, 9, // S-Z
}

// vinWeight holds the position weights of 49 CFR 565.15(c).
var vinWeight = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// VIN reports whether b is a 17-character Vehicle Identification Number
// (ISO 3779; US 49 CFR Part 565) whose check digit in position 9 verifies:
// letters are transliterated (A=1 … H=8, J=1 … N=5, P=7, R=9, S=2 … Z=9),
// weighted 8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2, and the sum mod 11 must equal
// the check digit, with X standing for 10. I, O and Q are not allowed. The
// check digit is mandatory only for North American VINs, so valid European
// or Asian VINs without one are rejected by design. Letters may be in either
// case; surrounding white space is ignored.
func VIN(b []byte) bool {
	b = trimSpace(b)
	if len(b) != 17 {
		return false
	}
	sum := 0
	for i, c := range b {
		c = toUpper(c)
		var v int
		switch {
		case isDigit(c):
			v = int(c - '0')
		case isUpper(c) && vinValue[c-'A'] != 0xff:
			v = int(vinValue[c-'A'])
		default:
			return false
		}
		sum += v * vinWeight[i]
	}
	check, r := toUpper(b[8]), sum%11
	if r == 10 {
		return check == 'X'
	}
	return check == byte('0'+r)
}
