package validate

// USSSN reports whether b is a US Social Security Number that the Social
// Security Administration could have issued: 9 digits written as AAAGGSSSS
// or with a single separator between the groups (e.g. "AAA-GG-SSSS"), where
// per SSA rules (20 CFR 422.103; SSA "Social Security Number Randomization",
// 2011) the area AAA is not 000, 666 or 900-999, the group GG is not 00 and
// the serial SSSS is not 0000.
//
// Numbers that circulated publicly and were voided or never assigned are
// also rejected: 078-05-1120 (printed on sample cards in Woolworth wallets,
// 1938) and 219-09-9999 (printed in a 1940 SSA pamphlet), both documented
// on ssa.gov/history/ssn/misused.html, and 123-45-6789, the canonical
// example used in forms, advertisements and documentation (the SSA's own
// samples use it); a match on it is virtually always a placeholder.
// Advertising numbers 987-65-4320..4329 fall in the invalid 9xx area.
func USSSN(b []byte) bool {
	var d [9]byte
	if !grouped(d[:], b, 3, 2, 4) {
		return false
	}
	area, group, serial := num(d[:3]), num(d[3:5]), num(d[5:])
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return false
	}
	switch string(d[:]) { // does not allocate
	case "078051120", "219099999", "123456789":
		return false
	}
	return true
}

// USITIN reports whether b is a US Individual Taxpayer Identification
// Number: 9 digits grouped like an SSN (9XX-GG-XXXX, separators optional),
// starting with 9 and with a group GG in 50-65, 70-88, 90-92 or 94-99, the
// ranges the IRS assigns (IRS ITIN guidance, expanded ranges effective
// April 2011).
func USITIN(b []byte) bool {
	var d [9]byte
	if !grouped(d[:], b, 3, 2, 4) || d[0] != '9' {
		return false
	}
	g := num(d[3:5])
	return g >= 50 && g <= 65 || g >= 70 && g <= 88 || g >= 90 && g <= 92 || g >= 94
}

// USPassport reports whether b is a US passport book number in the formats
// issued by the Department of State: 9 digits, or (Next Generation Passport,
// since 2021) one upper-case letter followed by 8 digits; the digits must
// not all be zero. No check digit is published for the book number, so this
// is a format check only. Surrounding white space is ignored.
func USPassport(b []byte) bool {
	b = trimSpace(b)
	if len(b) != 9 {
		return false
	}
	start := 0
	if isUpper(b[0]) {
		start = 1
	}
	zero := true
	for _, c := range b[start:] {
		if !isDigit(c) {
			return false
		}
		if c != '0' {
			zero = false
		}
	}
	return !zero
}

// UKNINO reports whether b is a UK National Insurance number per HMRC's
// National Insurance Manual NIM39110: a two-letter prefix, six digits and a
// suffix letter A-D (e.g. "AB 12 34 56 C"; spaces are ignored, letters are
// accepted in either case). Neither prefix letter may be D, F, I, Q, U or V,
// the second may not be O, and the prefixes BG, GB, KN, NK, NT, TN and ZZ
// are not allocated.
func UKNINO(b []byte) bool {
	var s [9]byte
	n := 0
	for _, c := range b {
		if isSpace(c) {
			continue
		}
		if n == len(s) {
			return false
		}
		s[n] = toUpper(c)
		n++
	}
	if n != 9 || !isUpper(s[0]) || !isUpper(s[1]) || s[8] < 'A' || s[8] > 'D' {
		return false
	}
	for _, c := range s[2:8] {
		if !isDigit(c) {
			return false
		}
	}
	switch s[0] {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	switch s[1] {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return false
	}
	switch string(s[:2]) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

// UKNHS reports whether b is an NHS number (England, Wales and Isle of Man;
// NHS Data Dictionary, "NHS Number"): 10 digits, optionally grouped 3-3-4,
// whose last digit is the modulus 11 check digit: with weights 10..2 over
// the first nine digits, check = 11 - (sum mod 11), where 11 becomes 0 and
// 10 means the number is invalid.
func UKNHS(b []byte) bool {
	var d [10]byte
	if !grouped(d[:], b, 3, 3, 4) {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}

// CASIN reports whether b is a Canadian Social Insurance Number
// (Employment and Social Development Canada): 9 digits, optionally grouped
// 3-3-3, that pass the Luhn check (ISO/IEC 7812-1 Annex B) and whose first
// digit is neither 0 (never assigned) nor 8 (used for business numbers, not
// individuals).
func CASIN(b []byte) bool {
	var d [9]byte
	return grouped(d[:], b, 3, 3, 3) && d[0] != '0' && d[0] != '8' && Luhn(d[:])
}

// FRNIR reports whether b is a French social security number (numéro
// d'inscription au répertoire, NIR, INSEE; décret n° 82-103): 13 characters
// (sex, year, month, département, commune, order) followed by a 2-digit key
// equal to 97 - (number mod 97), e.g. "2 55 08 14 168 025 38". For people
// born in Corsica the département is "2A" or "2B", replaced by 19 and 18
// respectively for the key computation (INSEE). The first digit must be 1 or
// 2, or 3, 4, 7 or 8 (temporary and foreign-born registrations). Spaces,
// dots and dashes are ignored.
func FRNIR(b []byte) bool {
	var s [15]byte
	n := 0
	for _, c := range b {
		if isSep(c) {
			continue
		}
		if n == len(s) {
			return false
		}
		s[n] = toUpper(c)
		n++
	}
	if n != 15 {
		return false
	}
	switch s[0] {
	case '1', '2', '3', '4', '7', '8':
	default:
		return false
	}
	for i, c := range s {
		if !isDigit(c) && !(i == 6 && (c == 'A' || c == 'B') && s[5] == '2') {
			return false
		}
	}
	rem := 0
	for i := 0; i < 13; i++ {
		c := s[i]
		switch {
		case i == 5 && (s[6] == 'A' || s[6] == 'B'):
			c = '1'
		case i == 6 && c == 'A':
			c = '9'
		case i == 6 && c == 'B':
			c = '8'
		}
		rem = (rem*10 + int(c-'0')) % 97
	}
	return num(s[13:]) == 97-rem
}

// dniLetters maps n mod 23 to the DNI/NIE control letter (Ministerio del
// Interior; Real Decreto 1553/2005).
const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// ESDNI reports whether b is a Spanish DNI (8 digits and a control letter,
// e.g. "12345678-Z") or NIE (X, Y or Z, 7 digits and a control letter,
// Orden INT/2058/2008), whose control letter is
// "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23], with the NIE prefix read as
// X=0, Y=1, Z=2. Spaces, dots and dashes are ignored; letters may be in
// either case.
func ESDNI(b []byte) bool {
	var s [9]byte
	n := 0
	for _, c := range b {
		if isSep(c) {
			continue
		}
		if n == len(s) {
			return false
		}
		s[n] = toUpper(c)
		n++
	}
	if n != 9 {
		return false
	}
	v := 0
	for i, c := range s[:8] {
		switch {
		case isDigit(c):
			v = v*10 + int(c-'0')
		case i == 0 && c >= 'X' && c <= 'Z':
			v = int(c - 'X')
		default:
			return false
		}
	}
	return s[8] == dniLetters[v%23]
}

// Tables of the Italian codice fiscale (Decreto Ministeriale 23 dicembre
// 1976, Ministero delle Finanze): values of characters in odd (1st, 3rd, …)
// positions, indexed by letter (digits use the value of the letter with the
// same index, 0=A … 9=J); even positions use 0-9 / A=0 … Z=25.
var cfOdd = [26]uint8{
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18,
	20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
}

// cfOmocodia lists the letters that replace the digits 0-9 when codes
// collide (omocodia), in digit order.
const cfOmocodia = "LMNPQRSTUV"

// cfMonths lists the birth month letters January-December.
const cfMonths = "ABCDEHLMPRST"

// cfDigit returns the digit value of c in a numeric position of a codice
// fiscale, decoding omocodia letters, or -1.
func cfDigit(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	for i := 0; i < len(cfOmocodia); i++ {
		if cfOmocodia[i] == c {
			return i
		}
	}
	return -1
}

// ITFiscalCode reports whether b is an Italian personal codice fiscale
// (DPR 605/1973; DM 23/12/1976): 16 characters, 6 letters (surname, name),
// 2 year digits, a month letter in ABCDEHLMPRST, 2 day digits (01-31, or
// 41-71 for women), a letter and 3 digits (Belfiore place code) and a
// check letter computed with the odd/even position tables of the DM
// (sum mod 26, A=0). Digits may be replaced by the omocodia letters
// L M N P Q R S T U V (0-9). Letters may be in either case; surrounding
// white space is ignored. The 11-digit numeric codice fiscale of legal
// entities is not accepted.
func ITFiscalCode(b []byte) bool {
	b = trimSpace(b)
	if len(b) != 16 {
		return false
	}
	var s [16]byte
	for i, c := range b {
		s[i] = toUpper(c)
	}
	for i, c := range s {
		switch i {
		case 6, 7, 9, 10, 12, 13, 14:
			if cfDigit(c) < 0 {
				return false
			}
		default:
			if !isUpper(c) {
				return false
			}
		}
	}
	month := false
	for i := 0; i < len(cfMonths); i++ {
		if cfMonths[i] == s[8] {
			month = true
		}
	}
	day := cfDigit(s[9])*10 + cfDigit(s[10])
	if !month || !(day >= 1 && day <= 31 || day >= 41 && day <= 71) {
		return false
	}
	sum := 0
	for i, c := range s[:15] {
		v := int(c - 'A')
		if isDigit(c) {
			v = int(c - '0')
		}
		if i%2 == 0 { // odd 1-based position
			sum += int(cfOdd[v])
		} else {
			sum += v
		}
	}
	return s[15] == byte('A'+sum%26)
}

// INAadhaar reports whether b is an Indian Aadhaar number (UIDAI, "Aadhaar
// Numbering Scheme"): 12 digits, optionally grouped 4-4-4, whose first
// digit is 2-9 (0 and 1 are reserved) and whose last digit is a Verhoeff
// check digit.
func INAadhaar(b []byte) bool {
	var d [12]byte
	return grouped(d[:], b, 4, 4, 4) && d[0] >= '2' && Verhoeff(d[:])
}

// INPAN reports whether b is an Indian Permanent Account Number (Income Tax
// Department, section 139A of the Income-tax Act 1961): 5 letters, 4
// digits, 1 check letter, e.g. "ABCPE1234F", where the 4th letter is the
// holder type (A association of persons, B body of individuals, C company,
// F firm, G government, H Hindu undivided family, L local authority,
// J artificial juridical person, P individual, T trust, K also allocated)
// and the 4 digits are a sequence number 0001-9999. The check letter algorithm
// is not published, so it is not verified. Letters may be in either case.
func INPAN(b []byte) bool {
	b = trimSpace(b)
	if len(b) != 10 {
		return false
	}
	for i, c := range b {
		if i >= 5 && i <= 8 {
			if !isDigit(c) {
				return false
			}
		} else if !isLetter(c) {
			return false
		}
	}
	switch toUpper(b[3]) {
	case 'A', 'B', 'C', 'F', 'G', 'H', 'L', 'J', 'P', 'T', 'K':
	default:
		return false
	}
	return num(b[5:9]) != 0
}

// BRCPF reports whether b is a Brazilian CPF (Cadastro de Pessoas Físicas,
// Receita Federal; Instrução Normativa RFB nº 1.548/2015): 11 digits,
// optionally written 000.000.000-00, whose two mod-11 check digits verify
// (weights 10..2 then 11..2; remainder r gives 0 if r < 2, else 11 - r).
// Numbers made of a single repeated digit pass the arithmetic but are
// never issued, and are rejected.
func BRCPF(b []byte) bool {
	var d [11]byte
	if !grouped(d[:], b, 3, 3, 3, 2) || allSameDigit(d[:]) {
		return false
	}
	for k := 9; k <= 10; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += int(d[i]-'0') * (k + 1 - i)
		}
		check := 0
		if r := sum % 11; r >= 2 {
			check = 11 - r
		}
		if int(d[k]-'0') != check {
			return false
		}
	}
	return true
}

// AUTFN reports whether b is an Australian Tax File Number (Australian
// Taxation Office): 9 digits with weights 1,4,3,7,5,8,6,9,10, or an older
// 8-digit TFN with weights 10,7,8,4,6,3,5,1, where the weighted sum must be
// divisible by 11. Spaces, dashes and dots between digits are ignored.
func AUTFN(b []byte) bool {
	var d [9]byte
	n, ok := digitsInto(d[:], trimSpace(b))
	if !ok {
		return false
	}
	var w []int
	switch n {
	case 9:
		w = []int{1, 4, 3, 7, 5, 8, 6, 9, 10}
	case 8:
		w = []int{10, 7, 8, 4, 6, 3, 5, 1}
	default:
		return false
	}
	sum := 0
	for i, wi := range w {
		sum += int(d[i]-'0') * wi
	}
	return sum%11 == 0
}
