package credentials

import (
	"net/url"
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// URLCredentials: a URL with a password in its userinfo,
// scheme://user:password@host[:port] (RFC 3986 section 3.2.1; the
// user:password form is deprecated there but common in connection strings:
// postgres://, mysql://, mongodb+srv://, redis://, amqp://, https://,
// ftp://, jdbc:...://). The value runs from the scheme to the host and
// port. A password inside a URL counts here only, and the user:pass@host
// part is not an email (DESIGN.md), so this supersedes PASSWORD and
// EMAIL_ADDRESS where they overlap. Placeholder passwords (the PASSWORD
// rules, with 4 characters as the minimum here: user:pass@, foo:bar@,
// ${DB_PASS}) and a port where the password should be (host:8080@) are
// not findings. git@github.com:org/repo.git has no scheme and no password.
var URLCredentials = &c.Identifier{
	ID:          "URL_CREDENTIALS",
	Category:    c.Credentials,
	Description: "Credentials in a URL",
	Patterns: []c.Pattern{{
		Regex: `\b(?P<v>[A-Za-z][A-Za-z0-9+.\-]{1,30}://[^\s:/?#\[\]'"<>\x60]{0,128}:[^\s/?#'"<>\x60]{1,128}` +
			`@(?:[A-Za-z0-9\-._~%]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?)`,
		Confidence: c.Medium,
		Trigger:    c.Trigger{Literals: []string{"://"}, Shapes: []string{`[^\s/?#'"<>\x60]@`}},
	}},
	Keywords:   []string{"connection string", "dsn", "database url", "db url", "uri", "url", "remote"},
	Validate:   validURLCredentials,
	Supersedes: []string{"PASSWORD", "EMAIL_ADDRESS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

func validURLCredentials(v []byte) bool {
	s := string(v)
	i := strings.Index(s, "://")
	if i < 0 {
		return false
	}
	auth := s[i+3:]
	at := strings.LastIndexByte(auth, '@')
	if at < 0 {
		return false
	}
	_, pass, ok := strings.Cut(auth[:at], ":")
	if !ok || pass == "" {
		return false
	}
	if p, err := url.PathUnescape(pass); err == nil {
		pass = p
	}
	if len(pass) <= 5 && strings.Trim(pass, "0123456789") == "" {
		return false // user@host:port confusion (host:8080@...)
	}
	return plausiblePassword(pass, 4)
}
