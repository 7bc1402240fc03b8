package credentials

import (
	"strings"
)

// Shared checks of this package's validators: is a token's random part
// random-looking (not a placeholder such as ghp_xxxx...), and is a password
// value a real value rather than a placeholder, template or code reference.

// charClasses reports which ASCII classes s uses.
func charClasses(s string) (upper, lower, digit, other bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		default:
			other = true
		}
	}
	return
}

// distinct counts the distinct bytes of s.
func distinct(s string) int {
	var seen [256]bool
	n := 0
	for i := 0; i < len(s); i++ {
		if !seen[s[i]] {
			seen[s[i]] = true
			n++
		}
	}
	return n
}

// longRun reports a run of at least n equal bytes, or of n bytes each one
// more (or one less) than the previous (abcde, 12345, ZYXWV).
func longRun(s string, n int) bool {
	same, up, down := 1, 1, 1
	for i := 1; i < len(s); i++ {
		d := int(s[i]) - int(s[i-1])
		same, up, down = next(same, d == 0), next(up, d == 1), next(down, d == -1)
		if same >= n || up >= n || down >= n {
			return true
		}
	}
	return false
}

func next(run int, cont bool) int {
	if cont {
		return run + 1
	}
	return 1
}

// placeholderTokenWords are substrings (lower case) that mark the random
// part of a token as a documentation placeholder.
var placeholderTokenWords = []string{"xxxx", "example", "sample", "placeholder", "redacted", "your", "dummy", "fake", "token"}

// randomToken reports whether the random part of a prefixed token looks
// generated: enough distinct characters, no long same or sequential run,
// no placeholder word, and at least two character classes (letters of both
// cases, or letters and digits).
func randomToken(s string) bool {
	if len(s) < 8 {
		return false
	}
	min := len(s) / 3
	if min < 4 {
		min = 4
	}
	if min > 12 {
		min = 12 // hex secrets have 16 symbols at most
	}
	if distinct(s) < min || longRun(s, 5) {
		return false
	}
	l := strings.ToLower(s)
	for _, w := range placeholderTokenWords {
		if strings.Contains(l, w) {
			return false
		}
	}
	up, lo, dg, _ := charClasses(s)
	classes := 0
	for _, b := range []bool{up, lo, dg} {
		if b {
			classes++
		}
	}
	return classes >= 2
}

// isBase64Body reports whether s (standard alphabet, optional '=' padding)
// has a length and padding a real base64 encoding can have.
func isBase64Body(s string) bool {
	if len(s) == 0 || len(s)%4 != 0 {
		return false
	}
	pad := 0
	for i := len(s) - 1; i >= 0 && s[i] == '='; i-- {
		pad++
	}
	if pad > 2 {
		return false
	}
	for i := 0; i < len(s)-pad; i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// placeholderPasswords are values (lower case, letters and digits only)
// that are well-known defaults, documentation placeholders or schema words
// rather than passwords: DESIGN.md's "placeholders are not passwords".
var placeholderPasswords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		password passwd pass pwd passw0rd pssw0rd pssword password1 password12 password123 password1234
		mypassword yourpassword newpassword oldpassword userpassword dbpassword adminpassword rootpassword
		testpassword testpass secretpassword defaultpassword somepassword
		changeme changeit secret secrets secret123 mysecret supersecret topsecret s3cr3t
		example examples sample demo test test123 test1234 testing tests
		admin admin123 administrator root toor default guest user username login
		qwerty qwerty123 letmein welcome welcome1 monkey dragon iloveyou sunshine
		123456 1234567 12345678 123456789 1234567890 abc123 abcdef abcdefg foobar foobarbaz
		dummy placeholder redacted hidden masked removed omitted
		none null nil undefined true false yes no empty blank notset unset
		required optional string str text value varchar char secure
		postgres mysql mariadb oracle
		tbd todo fixme xxx hunter2 correcthorsebatterystaple tr0ub4dor3
		passwort contrasena contrasea senha wachtwoord motdepasse parola losenord
	`) {
		placeholderPasswords[w] = true
	}
}

// placeholderPasswordParts are substrings (lower case, letters and digits
// only) of placeholder values: "<your-password-here>", "CHANGE_ME_123", ...
var placeholderPasswordParts = []string{
	"changeme", "changeit", "changethis", "replaceme", "placeholder", "redacted", "example",
	"yourpass", "yourpwd", "yoursecret", "passwordhere", "passhere", "enterpassword",
	"enteryourpass", "insertpassword", "setpassword", "notreal", "dummy", "xxxx", "tobechanged",
	"setme", "fillme", "masked",
}

// templateMarks are substrings of templated, interpolated or looked-up
// values: ${VAR}, {{ var }}, <%= %>, #{...}, %(pw)s, $(cmd), env lookups,
// secret-store references.
var templateMarks = []string{
	"${", "{{", "}}", "<%", "%>", "#{", "%(", "$(", "getenv", "environ", "process.env",
	"env[", "env(", "env.", "secrets.", "vault:", "vault(", "lookup(", "ssm:", "arn:aws:",
	"secretsmanager", "keyvault", "getpass", "credentials(", "secret(",
}

// plausiblePassword reports whether v is a password value rather than a
// placeholder: at least min bytes (at most 128), no surrounding space, no
// template or environment lookup, not a masked or one-character value, not
// a code reference (config.password, getPassword()), not prose, not a
// well-known default or placeholder word.
func plausiblePassword(v string, min int) bool {
	if len(v) < min || len(v) > 128 {
		return false
	}
	if v[0] == ' ' || v[0] == '\t' || v[len(v)-1] == ' ' || v[len(v)-1] == '\t' {
		return false
	}
	lower := strings.ToLower(v)
	for _, m := range templateMarks {
		if strings.Contains(lower, m) {
			return false
		}
	}
	first, last := v[0], v[len(v)-1]
	switch {
	case first == '$', first == '*', first == ':', first == '?':
		// $VAR, $2b$... hashes, YAML aliases and masks, bind parameters.
		return false
	case first == '/', strings.HasPrefix(v, "~/"), strings.HasPrefix(v, "./"):
		return false // a path (PWD=/home/...)
	case first == '!' && len(v) > 1 && (v[1]|0x20) >= 'a' && (v[1]|0x20) <= 'z':
		return false // a YAML tag such as !vault
	case first == '<' && last == '>', first == '{' && last == '}', first == '[' && last == ']',
		first == '(' && last == ')', first == '%' && last == '%', first == '@' && last == '@':
		return false
	case strings.HasPrefix(v, "__") && strings.HasSuffix(v, "__"):
		return false
	}
	if strings.ContainsAny(v, "()") {
		return false // a call: getPassword(), os.getenv("X")
	}
	if strings.Count(v, ":") >= 3 {
		return false // an /etc/passwd or .pgpass line, a time, an address
	}
	// Masked or degenerate: no letter or digit, or fewer than 3 distinct
	// characters (******, xxxxxx, ababab).
	up, lo, dg, _ := charClasses(v)
	if !(up || lo || dg) || distinct(strings.ToLower(v)) < 3 {
		return false
	}
	if codeReference(v) || proseText(v) {
		return false
	}
	var b strings.Builder
	for i := 0; i < len(lower); i++ {
		if c := lower[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	norm := b.String()
	if placeholderPasswords[norm] {
		return false
	}
	// A default word with a few digits and no symbol: admin2024, test01.
	if stem := strings.TrimRight(norm, "0123456789"); placeholderPasswords[stem] && len(norm)-len(stem) <= 4 && !strings.ContainsAny(v, "!#%&*+=?^~@") {
		return false
	}
	for _, p := range placeholderPasswordParts {
		if strings.Contains(norm, p) {
			return false
		}
	}
	return true
}

// codeReference reports an identifier or dotted member path that names a
// variable rather than holding a password: config.password, self.pw,
// settings.DB_PASS, db_password, userPassword.
func codeReference(v string) bool {
	ident := func(s string) bool {
		if s == "" || !(s[0] == '_' || (s[0]|0x20) >= 'a' && (s[0]|0x20) <= 'z') {
			return false
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !(c == '_' || c >= '0' && c <= '9' || (c|0x20) >= 'a' && (c|0x20) <= 'z') {
				return false
			}
		}
		return true
	}
	parts := strings.Split(v, ".")
	if len(parts) > 1 {
		// config.db.password, settings.DB_PASSWORD, process.env.dbPass: each
		// part is a word-like name; a random password with a dot in it
		// (zV92d1de0Zy.M) is not.
		for _, p := range parts {
			if !ident(p) || !wordLikeName(p) {
				return false
			}
		}
		return true
	}
	if !ident(v) {
		return false
	}
	l := strings.ToLower(v)
	return strings.Contains(l, "password") || strings.Contains(l, "passwd") || strings.Contains(l, "pwd") ||
		strings.Contains(l, "_pass") || strings.Contains(l, "pass_") || strings.Contains(l, "secret_") || strings.Contains(l, "_secret")
}

// proseText reports words with spaces and nothing but letters and light
// punctuation: a label or sentence ("Mot de passe", "Enter your password").
func proseText(v string) bool {
	if !strings.Contains(v, " ") {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !((c|0x20) >= 'a' && (c|0x20) <= 'z' || c >= 0x80 || strings.IndexByte(" .,!?'-:", c) >= 0) {
			return false
		}
	}
	return true
}

// wordLikeName: snake_case, SCREAMING_CASE or camelCase without digits in
// the middle: how code names things, unlike generated secrets.
func wordLikeName(p string) bool {
	lower, upper, digitsAt := true, true, -1
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z':
			upper = false
			if digitsAt >= 0 {
				return false
			}
		case c >= 'A' && c <= 'Z':
			lower = false
			if digitsAt >= 0 {
				return false
			}
		case c >= '0' && c <= '9':
			if digitsAt < 0 {
				digitsAt = i
			}
		}
	}
	if digitsAt == 0 {
		return false
	}
	if lower || upper {
		return true
	}
	// camelCase: starts lower-case, no two capitals in a row.
	if p[0] < 'a' || p[0] > 'z' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if p[i] >= 'A' && p[i] <= 'Z' && p[i-1] >= 'A' && p[i-1] <= 'Z' {
			return false
		}
	}
	return true
}
