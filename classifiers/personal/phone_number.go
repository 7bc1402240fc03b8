package personal

import (
	"bytes"
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// PhoneNumber: a telephone number in international E.164 form (ITU-T
// E.164: "+", country code, at most 15 digits in all; common groupings with
// spaces, dots, dashes and a "(0)" trunk prefix) or in a North American
// Numbering Plan form ((212) 555-0199, 212-555-0199, 212.555.0199,
// 212 555 0199, optionally preceded by 1 or +1).
//
// NANP numbers are checked against the plan (ATIS-0300115 / NANPA): the
// area code is [2-9][0-8]X and not an N11 service code, the exchange is
// [2-9]XX and not N11. Numbers of the 555-0100..0199 block, reserved for
// fiction, ARE reported: they have the exact shape of real numbers and test
// data and corpora use them for phone numbers; a scanner that drops them
// would hide the very fields it must flag.
//
// Ten bare digits (2125550199) are Low: they need a keyword (phone, tel,
// mobile, cell, fax, contact...) or a phone column. The expressions refuse
// digit groups glued to other digits, dots or dashes (card numbers, SSNs
// 3-2-4, dates, IPs, versions, ISO timestamps, decimals such as +40.712776).
var PhoneNumber = &c.Identifier{
	ID:          "PHONE_NUMBER",
	Category:    c.Personal,
	Description: "Telephone number (E.164 or North American)",
	Patterns: []c.Pattern{
		{Regex: phoneNANPRegex, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:\([0-9]{3}\)[ \-]?[0-9]{3}[\-. ]|[0-9]{3}-[0-9]{3}-|[0-9]{3}\.[0-9]{3}\.)[0-9]{4}(?:[^0-9A-Za-z_]|x|$)`}}},
		// Eight digits at least (phoneValid), at most two separators apart.
		{Regex: phoneE164Regex, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`\+[1-9](?:[ .\-()]{0,2}[0-9]){7}`}}},
		{Regex: phoneSpacedRegex, Confidence: c.Low, Trigger: c.Trigger{Shapes: []string{`[0-9]{3} [0-9]{3} [0-9]{4}(?:[^0-9A-Za-z_]|$)`}}},
		{Regex: phoneBareRegex, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_+.\-/@$])[0-9]{10}`}}},
		{Regex: phoneNationalRegex, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_+.\-/@$])0[1-9][0-9]`}}},
	},
	Keywords: []string{"phone", "phone number", "telephone", "tel", "mobile", "cell", "cellphone", "fax",
		"contact", "call", "whatsapp", "sms"},
	Validate:  phoneValid,
	Normalize: phoneNormalize,
	Severity:  c.Buckets(c.SeverityLow, c.SeverityLow, c.SeverityMedium),
}

const (
	// A character that may precede a number: not a letter, digit, '_',
	// sign, or a separator that would make it part of a longer token.
	phoneLead = `(?:(?m:^)|[^0-9A-Za-z_\n+.\-/@$])`
	// The NANP shapes (consistent separators within the 3-3-4 body).
	phoneNANPBody = `(?:\+?1[ .-]?)?(?:\([0-9]{3}\)[ -]?[0-9]{3}[-. ][0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{3}\.[0-9]{3}\.[0-9]{4})`
	// 212 555 0199 with spaces only is also how NHS numbers, account and
	// reference numbers are grouped: it needs a keyword.
	phoneSpacedRegex = phoneLead + `(?:[0-9]{3} [0-9]{3} [0-9]{4}[-./ ][0-9]|(?P<v>(?:\+?1 )?[0-9]{3} [0-9]{3} [0-9]{4})\b)`
	// National forms with a trunk 0 (UK 0161 383 2485, 020 7946 0958):
	// with a keyword or a phone column.
	phoneNationalRegex = phoneLead + `(?P<v>0[1-9][0-9]{1,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4})\b`
	// An extension glued to the number (212-555-0199x12) is not part of the value.
	phoneTail = `(?:x[0-9]{1,6})?\b`
	// A body continued by another group ("212-555-0199-3", "212.555.0199.1") is
	// consumed without a value.
	phoneNANPRegex = phoneLead + `(?:` + phoneNANPBody + `[-./][0-9]|(?P<v>` + phoneNANPBody + `)` + phoneTail + `)`

	phoneE164Body = `\+[1-9][0-9]{0,3}(?:[ .-]?\([0-9]{1,4}\)[ .-]?[0-9]{1,6}|[ .-][0-9]{1,6}){1,6}|\+[1-9][0-9]{7,14}`
	// Groups are greedy, so a trailing group is part of the value (and
	// counted by the validator) rather than left behind.
	phoneE164Regex = `(?:(?m:^)|[^0-9A-Za-z_\n+.])(?P<v>` + phoneE164Body + `)` + phoneTail

	phoneBareRegex = phoneLead + `(?P<v>1?[2-9][0-9]{9})\b`
)

// phoneNANP reports whether ten digits are a dialable NANP number.
func phoneNANP(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	area, exch := d[0:3], d[3:6]
	if area[0] < '2' || area[1] == '9' || area[1] == '1' && area[2] == '1' {
		return false
	}
	if exch[0] < '2' || exch[1] == '1' && exch[2] == '1' {
		return false
	}
	return true
}

func phoneValid(v []byte) bool {
	var buf [24]byte
	plus := len(v) > 0 && v[0] == '+'
	// Drop a "(0)" trunk prefix of international forms before counting.
	d := buf[:0]
	dots := 0
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case plus && ch == '(' && i+2 < len(v) && v[i+1] == '0' && v[i+2] == ')':
			i += 2
		case ch >= '0' && ch <= '9':
			if len(d) == len(buf) {
				return false
			}
			d = append(d, ch)
		case ch == '.':
			dots++
		}
	}
	if validate.AllSameOrZero(d) {
		return false
	}
	if !plus {
		switch {
		case d[0] == '0':
			// A national number with its trunk prefix: 10 or 11 digits.
			return (len(d) == 10 || len(d) == 11) && d[1] != '0'
		case len(d) == 10:
			return phoneNANP(d)
		case len(d) == 11 && d[0] == '1':
			return phoneNANP(d[1:])
		}
		return false
	}
	if len(d) < 8 || len(d) > 15 {
		return false
	}
	// One dot only is a signed decimal (+40.712776), not a grouping.
	if dots > 0 && dots < 2 {
		return false
	}
	if d[0] == '1' {
		return len(d) == 11 && phoneNANP(d[1:])
	}
	// An unseparated +digits run needs a full-size number (+25000000 is a
	// signed count, +4930123456 a number).
	if dots == 0 && !bytes.ContainsAny(v, " -()") && len(d) < 10 {
		return false
	}
	return phoneCountryCode(d)
}

// phoneCC2 are the assigned one- and two-digit country codes (ITU-T E.164
// list of assigned country codes); phoneCC3 the two-digit prefixes whose
// country codes have three digits.
var (
	phoneCC2 = "7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 " +
		"60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 "
	phoneCC3 = "21 22 23 24 25 26 29 35 37 38 42 50 59 67 68 69 80 85 87 88 96 97 99 "
)

// phoneCountryCode reports whether the digits start with an assigned
// country code (zone 1 is handled by phoneNANP).
func phoneCountryCode(d []byte) bool {
	if d[0] == '7' {
		return true
	}
	p := string(d[:2]) + " "
	return strings.Contains(phoneCC2, p) || strings.Contains(phoneCC3, p)
}

// phoneNormalize keeps the digits, without the NANP country code, so that
// +1 212 555 0199 and (212) 555-0199 share a fingerprint.
func phoneNormalize(v []byte) []byte {
	d := c.Digits(v)
	if len(d) == 11 && d[0] == '1' {
		return d[1:]
	}
	return d
}
