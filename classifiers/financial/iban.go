package financial

import (
	"slices"
	"strconv"
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// ibanCountries is the IBAN length of every country of the SWIFT IBAN
// Registry (ISO 13616), as "CCnn" entries (the table validate.IBAN checks
// against).
const ibanCountries = "" +
	"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24" +
	"DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27" +
	"GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20" +
	"LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24" +
	"PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25" +
	"SV28TL23TN24TR26UA29VA22VG24XK20YE30"

// ibanRegex matches an IBAN of exactly its country's length, in the
// electronic format (DE89370400440532013000) or the paper format grouped
// by four (DE89 3704 0044 0532 0130 00), upper case. Matching the exact
// length keeps a following word or number ("... 7034 BIC GEBABEBB") out of
// the value. Built from ibanCountries: one alternative per length, e.g.
// (?:DE|GB|...)[0-9]{2}(?: ?[A-Z0-9]{4}){4} ?[A-Z0-9]{2}.
var ibanRegex = func() string {
	byLen := map[int][]string{}
	for i := 0; i+4 <= len(ibanCountries); i += 4 {
		n, _ := strconv.Atoi(ibanCountries[i+2 : i+4])
		byLen[n] = append(byLen[n], ibanCountries[i:i+2])
	}
	var lens []int
	for n := range byLen {
		lens = append(lens, n)
	}
	slices.Sort(lens)
	var alts []string
	for _, n := range lens {
		alt := `(?:` + strings.Join(byLen[n], "|") + `)[0-9]{2}(?: ?[A-Z0-9]{4}){` + strconv.Itoa((n-4)/4) + `}`
		if r := (n - 4) % 4; r > 0 {
			alt += ` ?[A-Z0-9]{` + strconv.Itoa(r) + `}`
		}
		alts = append(alts, alt)
	}
	return `\b(?P<v>` + strings.Join(alts, "|") + `)\b`
}()

// ibanStart is the trigger shape of ibanRegex: a registry country code and
// two check digits starting a word.
var ibanStart = func() string {
	var cc []string
	for i := 0; i+4 <= len(ibanCountries); i += 4 {
		cc = append(cc, ibanCountries[i:i+2])
	}
	return `(?:^|[^0-9A-Za-z_])(?:` + strings.Join(cc, "|") + `)[0-9]{2}`
}()

// IBAN: International Bank Account Number (ISO 13616-1): a country code of
// the SWIFT IBAN Registry, two check digits and the country's BBAN, with
// the registry length for that country and a valid ISO/IEC 7064 MOD 97-10
// check (validate.IBAN). A validated IBAN stands on its own (medium); a
// keyword makes it high.
//
// Trigger: every real-world IBAN has a run of at least 8 digits (NL, with
// a 4-letter bank code, has 10; most BBANs are all digits), so the first
// pattern runs only on lines with such a run (and an IBAN start, the
// shape that drives it). The registry allows BBANs with fewer digits (KW,
// QA, LC ... allow letters in the account part), so the same expression
// also runs near IBAN keywords.
//
// The example IBANs of the registry and of bank documentation (DE89 3704
// 0044 0532 0130 00, GB29 NWBK 6016 1331 9268 19, GB82 WEST 1234 5698 7654
// 32, ...) grant nothing.
var IBAN = &c.Identifier{
	ID:          "IBAN",
	Category:    c.Financial,
	Description: "International Bank Account Number (IBAN)",
	Patterns: []c.Pattern{
		{Regex: ibanRegex, Confidence: c.Medium, Trigger: c.Trigger{Digits: 8, Shapes: []string{ibanStart}}},
		{Regex: ibanRegex, Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{ibanStart}}},
	},
	Keywords: []string{
		"iban", "iban number", "international bank account number", "bank account", "account number",
		"account no", "account", "acct", "beneficiary account", "sepa",
	},
	Validate: iban,
	Examples: []string{
		"DE89370400440532013000", "GB29NWBK60161331926819", "GB82WEST12345698765432", "GB33BUKB20201555555555",
		"FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957",
		"ES9121000418450200051332",
	},
	Supersedes: []string{"CREDIT_CARD_NUMBER", "US_BANK_ACCOUNT_NUMBER"},
	Normalize:  c.UpperAlnum,
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// iban accepts a valid IBAN whose account part is not one character
// repeated (DE..0000000000000000).
func iban(v []byte) bool {
	if !validate.IBAN(v) {
		return false
	}
	n := 0
	for i, ch := range v {
		if ch != ' ' {
			n++
		}
		if n == 5 {
			return !validate.AllSameOrZero(v[i:])
		}
	}
	return false
}
