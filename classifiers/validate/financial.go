package validate

// Card brand names returned by CardBrand.
const (
	BrandVisa       = "visa"
	BrandMastercard = "mastercard"
	BrandAmex       = "amex"
	BrandDiscover   = "discover"
	BrandJCB        = "jcb"
	BrandDiners     = "diners"
	BrandUnionPay   = "unionpay"
	BrandMaestro    = "maestro"
)

// cardDigits collects the digits of a card number (separators allowed
// anywhere) and reports whether there are 12 to 19 of them.
func cardDigits(dst *[19]byte, b []byte) (int, bool) {
	n, ok := digitsInto(dst[:], trimSpace(b))
	return n, ok && n >= 12 && n <= 19
}

// cardBrand returns the brand of the PAN digits d (12 to 19 of them) whose
// issuer identification number (IIN) range allows len(d), or "".
func cardBrand(d []byte) string {
	n := len(d)
	p2, p3, p4, p6 := num(d[:2]), num(d[:3]), num(d[:4]), num(d[:6])
	in := func(lo, hi int) bool { return n >= lo && n <= hi }
	switch {
	case d[0] == '4' && (n == 13 || n == 16 || n == 19):
		return BrandVisa
	case (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) && n == 16:
		return BrandMastercard
	case (p2 == 34 || p2 == 37) && n == 15:
		return BrandAmex
	case (p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65 || p6 >= 622126 && p6 <= 622925) && in(16, 19):
		return BrandDiscover
	case p4 >= 3528 && p4 <= 3589 && in(16, 19):
		return BrandJCB
	case (p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39) && in(14, 19):
		return BrandDiners
	case p2 == 62 && in(16, 19):
		return BrandUnionPay
	}
	switch p4 {
	case 5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763:
		return BrandMaestro // 12-19 digits, guaranteed by the caller
	}
	return ""
}

// CardBrand returns the payment card brand ("visa", "mastercard", "amex",
// "discover", "jcb", "diners", "unionpay" or "maestro") whose issuer
// identification number range (ISO/IEC 7812-1; ranges and lengths as
// published by the card networks: Visa 4 with 13/16/19 digits, Mastercard
// 51-55 and 2221-2720 with 16, Amex 34/37 with 15, Discover 6011, 644-649,
// 65 and 622126-622925 with 16-19, JCB 3528-3589 with 16-19, Diners Club
// 300-305, 36, 38-39 with 14-19, UnionPay 62 with 16-19, Maestro 5018,
// 5020, 5038, 5893, 6304, 6759, 6761-6763 with 12-19) contains the number
// and allows its length, or "" if none does. Spaces, dashes and dots are
// allowed between digits. The Luhn check digit is not verified; use
// CreditCard for that. Co-branded Discover/UnionPay numbers in
// 622126-622925 are reported as "discover".
func CardBrand(b []byte) string {
	var d [19]byte
	n, ok := cardDigits(&d, b)
	if !ok {
		return ""
	}
	return cardBrand(d[:n])
}

// CreditCard reports whether b is a payment card number (PAN): 12 to 19
// digits (spaces, dashes and dots allowed between them) whose Luhn check
// digit (ISO/IEC 7812-1 Annex B) verifies and which lies in the issuer
// identification number range of a known brand with a length that brand
// issues (see CardBrand).
func CreditCard(b []byte) bool {
	var d [19]byte
	n, ok := cardDigits(&d, b)
	return ok && Luhn(d[:n]) && cardBrand(d[:n]) != ""
}

// CardExpiration reports whether b is a card expiry date as embossed on
// cards (ISO/IEC 7813): MM/YY, MM/YYYY, MM-YY or MM-YYYY (spaces allowed
// around the separator), with a month 01-12 and, for four-digit years, a
// year 1990-2099. Two-digit years are not restricted.
func CardExpiration(b []byte) bool {
	b = trimSpace(b)
	if len(b) < 5 || !isDigit(b[0]) || !isDigit(b[1]) {
		return false
	}
	if m := num(b[:2]); m < 1 || m > 12 {
		return false
	}
	i := 2
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i == len(b) || (b[i] != '/' && b[i] != '-') {
		return false
	}
	i++
	for i < len(b) && b[i] == ' ' {
		i++
	}
	y := b[i:]
	for _, c := range y {
		if !isDigit(c) {
			return false
		}
	}
	switch len(y) {
	case 2:
		return true
	case 4:
		v := num(y)
		return v >= 1990 && v <= 2099
	}
	return false
}

// CVV reports whether b is a card verification value: 3 digits (Visa CVV2,
// Mastercard CVC2, Discover CID) or 4 digits (American Express CID), per
// the PCI DSS glossary. Surrounding white space is ignored.
func CVV(b []byte) bool {
	b = trimSpace(b)
	if len(b) != 3 && len(b) != 4 {
		return false
	}
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// ibanLengths lists the IBAN length of every country in the SWIFT IBAN
// Registry (ISO 13616) as of 2025, as "CCnn" entries. Territories
// that use another country's IBAN (e.g. GF, GP, MQ, RE under FR; JE, GG, IM
// under GB; AX under FI) are not listed separately because their IBANs start
// with the parent code.
const ibanLengths = "" +
	"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24" +
	"DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27" +
	"GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20" +
	"LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24" +
	"PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25" +
	"SV28TL23TN24TR26UA29VA22VG24XK20YE30"

var ibanLen = func() (t countryTable) {
	for i := 0; i+4 <= len(ibanLengths); i += 4 {
		e := ibanLengths[i : i+4]
		t[ccIndex(e[0], e[1])] = (e[2]-'0')*10 + e[3] - '0'
	}
	return t
}()

// IBAN reports whether b is an International Bank Account Number per
// ISO 13616-1: a country code from the SWIFT IBAN Registry, two check
// digits (02-98) and a BBAN, with exactly the total length the registry
// specifies for that country, whose ISO/IEC 7064 MOD 97-10 check holds
// (moving the first four characters to the end and reading letters as
// A=10 … Z=35, the number mod 97 is 1). Spaces and dashes are ignored and
// letters are accepted in either case.
func IBAN(b []byte) bool {
	var s [34]byte
	n := 0
	for _, c := range b {
		if c == ' ' || c == '\t' || c == '-' {
			continue
		}
		if !isAlnum(c) || n == len(s) {
			return false
		}
		s[n] = toUpper(c)
		n++
	}
	if n < 5 || int(ibanLen.get(s[0], s[1])) != n || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	if ck := num(s[2:4]); ck < 2 || ck > 98 {
		return false
	}
	rem := 0
	for i := 4; i < n+4; i++ {
		c := s[i%n]
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A') + 10) % 97
		}
	}
	return rem == 1
}

// ABARouting reports whether b is an ABA routing transit number: 9 digits
// (separators allowed) whose first two digits are a Federal Reserve routing
// symbol in 00-12, 21-32, 61-72 or 80, whose ABA check digit verifies
// (3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 mod 10, per the ABA "Key to
// Routing Numbers"), and which is not all zeros.
func ABARouting(b []byte) bool {
	var d [9]byte
	n, ok := digitsInto(d[:], trimSpace(b))
	if !ok || n != 9 || allSameDigit(d[:]) && d[0] == '0' {
		return false
	}
	switch p := num(d[:2]); {
	case p <= 12, p >= 21 && p <= 32, p >= 61 && p <= 72, p == 80:
	default:
		return false
	}
	v := func(i int) int { return int(d[i] - '0') }
	sum := 3*(v(0)+v(3)+v(6)) + 7*(v(1)+v(4)+v(7)) + v(2) + v(5) + v(8)
	return sum%10 == 0
}

// iso3166 lists the ISO 3166-1 alpha-2 codes officially assigned by the
// ISO 3166 Maintenance Agency (249 codes), plus XK (Kosovo), a user-assigned
// code that SWIFT and the IBAN registry use.
const iso3166 = "" +
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZ" +
	"BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ" +
	"CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ" +
	"DEDJDKDMDODZ" +
	"ECEEEGEHERESET" +
	"FIFJFKFMFOFR" +
	"GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY" +
	"HKHMHNHRHTHU" +
	"IDIEILIMINIOIQIRISIT" +
	"JEJMJOJP" +
	"KEKGKHKIKMKNKPKRKWKYKZ" +
	"LALBLCLILKLRLSLTLULVLY" +
	"MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ" +
	"NANCNENFNGNINLNONPNRNUNZ" +
	"OM" +
	"PAPEPFPGPHPKPLPMPNPRPSPTPWPY" +
	"QA" +
	"RERORSRURW" +
	"SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ" +
	"TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ" +
	"UAUGUMUSUYUZ" +
	"VAVCVEVGVIVNVU" +
	"WFWS" +
	"XK" +
	"YEYT" +
	"ZAZMZW"

var countryCodes = func() (t countryTable) {
	for i := 0; i+2 <= len(iso3166); i += 2 {
		t[ccIndex(iso3166[i], iso3166[i+1])] = 1
	}
	return t
}()

// SWIFT reports whether b is a Business Identifier Code (BIC, "SWIFT code")
// per ISO 9362: 4 letters (business party prefix), a 2-letter ISO 3166-1
// alpha-2 country code that exists, 2 letters or digits (location) and an
// optional 3-character alphanumeric branch code, i.e. 8 or 11 characters.
// Spaces are ignored. Only upper case is accepted, as ISO 9362 prescribes;
// this keeps ordinary lower-case words such as "absolute" from matching.
func SWIFT(b []byte) bool {
	var s [11]byte
	n := 0
	for _, c := range b {
		if c == ' ' {
			continue
		}
		if n == len(s) {
			return false
		}
		s[n] = c
		n++
	}
	if n != 8 && n != 11 {
		return false
	}
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case i < 6 && !isUpper(c):
			return false
		case !isUpper(c) && !isDigit(c):
			return false
		}
	}
	return countryCodes.get(s[4], s[5]) != 0
}
