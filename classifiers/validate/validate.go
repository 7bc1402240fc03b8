// Package validate holds pure, allocation-light validators for identifier
// values found by dredge's classifiers (payment cards, bank identifiers,
// national identity and tax numbers, health identifiers, vehicle numbers and
// secrets).
//
// Every validator takes the raw matched text as a []byte, which may contain
// the separators customarily used when the identifier is printed (spaces,
// dashes, dots), and returns whether the value is structurally valid and its
// check digit (if the scheme has one) verifies. Validators never modify their
// input, never panic and, except where noted (JWT), do not allocate.
//
// The validators only answer "could this be a real identifier?"; they do not
// decide whether a value is a placeholder. Use AllSameOrZero for that.
package validate

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isUpper reports whether c is an ASCII upper-case letter.
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }

// toUpper upper-cases an ASCII letter and returns other bytes unchanged.
func toUpper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isSep reports whether c is one of the separators commonly printed inside
// numeric identifiers: space, tab, dash or dot.
func isSep(c byte) bool { return c == ' ' || c == '\t' || c == '-' || c == '.' }

// trimSpace returns b without leading and trailing ASCII white space.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// digitsInto copies the digits of b into dst, skipping separators (isSep)
// anywhere. It fails if b holds any other byte or more than len(dst) digits.
func digitsInto(dst, b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		switch {
		case isDigit(c):
			if n == len(dst) {
				return n, false
			}
			dst[n] = c
			n++
		case isSep(c):
		default:
			return n, false
		}
	}
	return n, true
}

// grouped copies into dst the digits of b, which must consist of digit
// groups of exactly the given sizes, optionally separated at the group
// boundaries (and only there) by a single separator (isSep). Surrounding
// white space is ignored. dst must have room for the sum of the groups.
func grouped(dst, b []byte, groups ...int) bool {
	b = trimSpace(b)
	pos, n := 0, 0
	for gi, g := range groups {
		if gi > 0 && pos < len(b) && isSep(b[pos]) {
			pos++
		}
		for k := 0; k < g; k++ {
			if pos >= len(b) || !isDigit(b[pos]) || n >= len(dst) {
				return false
			}
			dst[n] = b[pos]
			n++
			pos++
		}
	}
	return pos == len(b)
}

// num returns the integer value of the ASCII digits d.
func num(d []byte) int {
	v := 0
	for _, c := range d {
		v = v*10 + int(c-'0')
	}
	return v
}

// allSameDigit reports whether every byte of d equals d[0].
func allSameDigit(d []byte) bool {
	for _, c := range d {
		if c != d[0] {
			return false
		}
	}
	return true
}

// DigitsOnly appends the ASCII digits of b to dst and returns the extended
// slice, like strconv's Append functions. Passing a stack buffer as dst
// (e.g. DigitsOnly(buf[:0], b)) avoids allocation.
func DigitsOnly(dst, b []byte) []byte {
	for _, c := range b {
		if isDigit(c) {
			dst = append(dst, c)
		}
	}
	return dst
}

// AllSameOrZero reports whether b looks like a placeholder: either every
// ASCII letter or digit in b is the same character (compared
// case-insensitively, e.g. "0000 0000", "XXX-XX-XXXX", "4444444444444444"),
// or b contains digits and all of them are '0' (e.g. "A00000000",
// "XX-0000000"). Text without any letter or digit is also reported as a
// placeholder. It is meant for suppressing findings whose value passed a
// validator but is obviously a dummy.
func AllSameOrZero(b []byte) bool {
	var first byte
	same, digits, zero := true, false, true
	for _, c := range b {
		if !isAlnum(c) {
			continue
		}
		if isDigit(c) {
			digits = true
			if c != '0' {
				zero = false
			}
		}
		c = toUpper(c)
		if first == 0 {
			first = c
		} else if c != first {
			same = false
		}
	}
	return same || (digits && zero)
}

// Luhn reports whether the digits of the input satisfy the Luhn (mod 10)
// check, as specified in ISO/IEC 7812-1 Annex B and US patent 2,950,048
// (H. P. Luhn, 1960). Non-digit bytes are ignored; at least two digits are
// required.
func Luhn(digits []byte) bool {
	sum, n := 0, 0
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if !isDigit(c) {
			continue
		}
		d := int(c - '0')
		if n&1 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n >= 2 && sum%10 == 0
}

// Verhoeff tables from J. Verhoeff, "Error Detecting Decimal Codes",
// Mathematical Centre Tract 29, Amsterdam 1969: the multiplication table of
// the dihedral group D5 and the position permutation table.
var (
	verhoeffD = [10][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
		{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
)

// Verhoeff reports whether the digits of the input, the last of which is
// the check digit, satisfy the Verhoeff dihedral-group check (J. Verhoeff,
// "Error Detecting Decimal Codes", 1969). Non-digit bytes are ignored; at
// least two digits are required.
func Verhoeff(digits []byte) bool {
	c, n := uint8(0), 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := digits[i]
		if !isDigit(d) {
			continue
		}
		c = verhoeffD[c][verhoeffP[n%8][d-'0']]
		n++
	}
	return n >= 2 && c == 0
}

// countryTable is a 26×26 lookup indexed by a two-letter upper-case code.
type countryTable [26 * 26]uint8

// ccIndex returns the table index of the upper-case letters a, b.
func ccIndex(a, b byte) int { return int(a-'A')*26 + int(b-'A') }

// get returns the entry for the code a, b, or 0 if either is not an
// upper-case ASCII letter.
func (t *countryTable) get(a, b byte) uint8 {
	if !isUpper(a) || !isUpper(b) {
		return 0
	}
	return t[ccIndex(a, b)]
}
