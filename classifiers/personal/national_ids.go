package personal

import "github.com/dredge-dev/dredge/classifiers/validate"

// Helpers shared by the national identity and tax number identifiers
// (UK_NATIONAL_INSURANCE_NUMBER ... AU_TAX_FILE_NUMBER).

// nidRun returns a pattern whose value group is format plus any digits
// that continue it on either side (each after at most one separator:
// space, dot, dash or slash). RE2 has no look-around, so a number that is
// only part of a longer digit run (the first twelve digits of a card
// number, a phone number after its country code, a number followed by
// more digits) is matched whole and then rejected by the validator, which
// checks the exact length and grouping, instead of yielding a sub-span.
func nidRun(format string) string {
	return `\b(?P<v>(?:\d[ .\-/]?){0,16}` + format + `(?:[ .\-/]?\d){0,16})\b`
}

// nidValid wraps a validator so that placeholders (all one character, or
// all-zero digits) are rejected too.
func nidValid(check func([]byte) bool) func([]byte) bool {
	return func(b []byte) bool { return check(b) && !validate.AllSameOrZero(b) }
}
