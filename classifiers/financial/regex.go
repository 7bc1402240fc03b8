package financial

import "strconv"

// RE2 building blocks shared by the identifiers of this package. Every
// pattern keeps its match on one line: anchors are (?m) line anchors and no
// class crosses '\r' or '\n'.

// numTail ends a numeric value written after a label: the end of the line,
// or a character that cannot continue the number. A letter, digit or
// underscore does, and so does '.', '-', '/' or ':' followed by a letter or
// digit (decimals, dates, times, longer identifiers).
const numTail = `(?:\r?$|[^0-9A-Za-z_.\-/:\r\n]|[.\-/:](?:\r?$|[^0-9A-Za-z\r\n]))`

// labeled is a pattern for a value written after its label on the same
// line: one of labels (case-insensitive, starting a word or following an
// underscore, so "bank_account_number" counts), a character that is neither
// a letter nor a digit, at most gap more characters that are not digits
// nor field or markup delimiters (',', ';', '|', tab, '<', '>'), as in
// "number for Jane Doe: ", then the value (group v) starting a word, then
// tail. The value is the first number after its label, in the same field,
// so in "Routing: 021000021 Account: 12345678" each number binds to its own
// label rather than to every keyword within reach.
func labeled(labels, value, tail string, gap int) string {
	return `(?m)(?i:(?:\b|_)(?:` + labels + `)s?)[^0-9A-Za-z\r\n][^0-9\r\n<>,;|\t]{0,` + strconv.Itoa(gap) +
		`}?\b(?P<v>` + value + `)` + tail
}

// field is a pattern for a value that is a whole delimited field: the whole
// line, or a cell between ',', ';', tab or '|' delimiters (spaces and one
// quote allowed around it). It finds values under a CSV column or JSON key
// that names the identifier, and lists such as "NPIs: 1234567893,
// 1245319599". A field that goes on with other text, or whose value is
// continued by '.', '-', '/' or ':' and a letter or digit, is matched by
// the first alternative, which has no value group, and so never reported.
func field(value string) string {
	// Only spaces around a value: a tab is a delimiter (TSV, and the cells
	// of spreadsheets and columnar files).
	return `(?m)(?:^|[,;\t|])[ ]*["']?(?:` + value + `\b(?:[.\-/:][0-9A-Za-z]|["']?[ ]*[^,;.\t|"'\r\n ])|(?P<v>` +
		value + `)\b)`
}
