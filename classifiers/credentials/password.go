package credentials

import (
	c "github.com/dredge-dev/dredge/classifiers"
)

// Building blocks of the PASSWORD patterns (RE2, case-insensitive where
// marked). pwKey is a key naming a password: anything ending in password,
// passwd or passphrase (userPassword, DB_PASSWORD, spring.datasource.password),
// or pwd / pass as a whole word part (DB_PASS, Pwd). pwSep is the
// assignment between key and value, after an optional closing quote of the
// key (JSON, escaped JSON, PHP arrays): = : := == => ->.
const (
	pwKey = `(?:password|passwd|passphrase|(?:^|[^a-z])(?:pwd|pass))`
	pwSep = `\\?["']?\]?[ \t]*(?:[:=]{1,2}>?|->)[ \t]*`
	// pwBare is an unquoted value; it must end the line or be followed by
	// a delimiter, a comment or the next key=value, so "Password: must be
	// 12 characters" (prose after a label) is not a value.
	pwBare = `(?P<v>[^\s"'\x60,;&<>(){}\[\]|\\]{1,128})(?:[ \t]*\r?$|[ \t]*[,;&)}\]'"<>|\\]|[ \t]+(?:#|//|--|[A-Za-z_][A-Za-z0-9_.\-]{0,40}[:=]))`
)

// pwKeySepShape is a trigger shape every match of pwKey + pwSep holds: the
// end of the key and the assignment.
const pwKeySepShape = `(?i)(?:pass(?:word|wd|phrase)?|pwd)\\?["']?\]?[ \t]*(?:[:=]|->)`

// pwKeySepStart is pwKey + pwSep as a shape ("pass" stands for
// "(?:^|[^a-z])pass"): the second shapes add the start of the value.
const pwKeySepStart = `(?i)(?:pass(?:word|wd|phrase)?|pwd)` + pwSep

// pwKeyLiterals is a necessary condition of pwKey + pwSep: "passw" or
// "passphrase" or "pwd", or "pass" followed by what pwSep can start with
// (literals fold '_' and '-' to ' ', so "pass " covers pass_ and pass->).
// Plain "pass" would fire on every passes, compass and passenger.
var pwKeyLiterals = []string{"passw", "passphrase", "pwd", `pass\`, `pass"`, "pass'", "pass]", "pass ", "pass\t", "pass:", "pass="}

// Password: a password written in a configuration file, code, a log line,
// a connection string, a SQL statement or a command line. The value is the
// (?P<v>) group. Forms: key = value / key: value / "key": "value" (JSON,
// YAML, TOML, .env, properties, INI, ODBC/ADO.NET connection strings,
// query strings), <password>v</password> and <add key="...Password"
// value="v"/> (XML), IDENTIFIED BY 'v' and PASSWORD 'v' (SQL), --password v,
// -p'v' and mysql -pv (command lines), .netrc "machine h login u password
// v". Source: common configuration formats; the placeholder rules follow
// DESIGN.md ("placeholders are not passwords").
//
// Not passwords (plausiblePassword in helpers.go): values shorter than 6
// characters; templates and interpolation (${VAR}, $VAR, {{ var }},
// <%= %>, #{x}, %(pw)s, <password>, %VAR%, __X__); environment and
// secret-store lookups (os.getenv(...), process.env.X, ENV['X'],
// secrets.X, vault:...); code references (config.password, db_password,
// getPassword()); masks (****, xxxxxx, fewer than 3 distinct characters);
// hashes and aliases starting with $ or *; paths (PWD=/home/...); prose
// labels ("Enter your password"); and a short list of well-known defaults
// and schema words: password, changeme, changeit, secret, example, test,
// admin, root, default, guest, qwerty, letmein, 123456..., null, none,
// true, false, string, required, redacted, placeholder, hunter2 (and the
// same words with up to four trailing digits and no symbol: admin2024).
//
// Generic "secret" keys are deliberately not PASSWORD: they hold API
// secrets and signing keys of every shape, which the specific identifiers
// cover. Bare values in a "password" CSV column are not found either: the
// engine cannot tell a column context from a nearby prose mention, and a
// keyword-only pattern over every token near the word "password" is too
// imprecise.
var Password = &c.Identifier{
	ID:          "PASSWORD",
	Category:    c.Credentials,
	Description: "Password in configuration, code or logs",
	Patterns: []c.Pattern{
		{
			Regex:      `(?i)` + pwKey + pwSep + `(?:[rbuf]|@)?\\?"(?P<v>[^"\\\r\n]{1,128})\\?"`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{pwKeySepShape, pwKeySepStart + `(?:[rbuf]|@)?\\?"`}},
		},
		{
			Regex:      `(?i)` + pwKey + pwSep + `(?:[rbuf]|@)?'(?P<v>[^'\\\r\n]{1,128})'`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{pwKeySepShape, pwKeySepStart + `(?:[rbuf]|@)?'`}},
		},
		{
			Regex:      `(?im)` + pwKey + pwSep + pwBare,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{pwKeySepShape, pwKeySepStart + `[^\s"'\x60,;&<>(){}\[\]|\\]`}},
		},
		{
			// Prose: "Your temporary password is: F!F%XI6tsgi8".
			Regex:      `(?i)\bpass(?:word|phrase)[ \t]+(?:is|was|has been (?:set|reset|changed) to|will be)[ \t]*:?[ \t]+["']?(?P<v>[^\s"']{0,64}?[0-9!@#$%^&*_+=~?\-][^\s"']{0,64}?)["']?(?:[.,;]?(?:[ \t]|$))`,
			Confidence: c.Medium,
			Trigger: c.Trigger{Literals: []string{"password", "passphrase"},
				Shapes: []string{`(?i)pass(?:word|phrase)[ \t]+(?:is|was|has been (?:set|reset|changed) to|will be)[ \t]*:?[ \t]+`}},
		},
		{
			// XML elements: <password>v</password>, <db:adminPassword>v</...>.
			Regex:      `(?i)<[a-z0-9_.:\-]{0,40}(?:password|passwd|pwd|passphrase)>(?P<v>[^<\r\n]{1,128})</`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Literals: []string{"password>", "passwd>", "pwd>", "passphrase>"}},
		},
		{
			// .NET appSettings and Spring properties: key="SmtpPassword" value="v".
			Regex:      `(?i)(?:key|name)[ \t]*=[ \t]*"[a-z0-9_.:\-]{0,40}(?:password|passwd|pwd|passphrase)"[ \t]+value[ \t]*=[ \t]*"(?P<v>[^"\r\n]{1,128})"`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Literals: []string{`password"`, `passwd"`, `pwd"`, `passphrase"`}},
		},
		{
			// SQL: CREATE USER ... IDENTIFIED [WITH plugin] BY 'v'.
			Regex:      `(?i)\bIDENTIFIED(?:[ \t]+WITH[ \t]+[a-z0-9_]{1,40})?[ \t]+BY[ \t]+(?:PASSWORD[ \t]+)?'(?P<v>[^'\r\n]{1,128})'`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Literals: []string{"identified"}, Shapes: []string{`(?i)[ \t]BY[ \t]+(?:PASSWORD[ \t]+)?'`}},
		},
		{
			// SQL: CREATE ROLE ... [ENCRYPTED] PASSWORD 'v'.
			Regex:      `(?i)\bPASSWORD[ \t]+'(?P<v>[^'\r\n]{1,128})'`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{`(?i)PASSWORD[ \t]+'`}},
		},
		{
			// .netrc: machine h login u password v.
			Regex:      `(?i)\bmachine[ \t]+[^\s]{1,253}[ \t]+login[ \t]+[^\s]{1,128}[ \t]+password[ \t]+(?P<v>[^\s]{1,128})`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Literals: []string{"machine"}, Shapes: []string{`(?i)[ \t]login[ \t]`, `(?i)[ \t]password[ \t]`}},
		},
		{
			// Command lines: --password v, --db-pass 'v' (--password=v is pwSep's).
			Regex:      `(?i)(?:^|[ \t])--?(?:[a-z]{1,20}-)?(?:password|passwd|pass|pwd)[ \t]+["']?(?P<v>[^\s"'<>$\x60|;&]{1,128})`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{`(?i)-(?:password|passwd|pass|pwd)[ \t]`}},
		},
		{
			// -p'v' (mysql and friends).
			Regex:      `(?:^|[ \t])-p'(?P<v>[^'\r\n]{1,128})'`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{`[ \t]-p'`}},
		},
		{
			// -p"v".
			Regex:      `(?:^|[ \t])-p"(?P<v>[^"\r\n]{1,128})"`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Shapes: []string{`[ \t]-p"`}},
		},
		{
			// mysql -u root -pv: -p glued to the value, only after a mysql
			// command. [^\r\n]*? stays on the line; a counted {0,200} here
			// cost 15x the scan speed (DFA blow-up).
			Regex:      `\b(?i:mysql(?:dump|admin|import|sh|check)?)[ \t][^\r\n]*?[ \t]-p(?P<v>[^\s'"\x60;&|<>$]{1,128})`,
			Confidence: c.Medium,
			Trigger:    c.Trigger{Literals: []string{"mysql"}, Shapes: []string{`[ \t]-p[^\s'"\x60;&|<>$]`}},
		},
	},
	Keywords: []string{"password", "passwd", "pwd", "passphrase", "pass", "identified by"},
	Validate: func(v []byte) bool { return plausiblePassword(string(v), 6) },
	Severity: c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
