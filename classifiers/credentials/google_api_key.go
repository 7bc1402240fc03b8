package credentials

import (
	c "github.com/dredge-dev/dredge/classifiers"
)

// GoogleAPIKey: a Google API key (Google Cloud / Maps / Firebase), "AIza"
// followed by 35 characters of [0-9A-Za-z_-] (39 in all). Source: Google
// Cloud docs, "Manage API keys" (key format as shown in the console and
// API responses). Placeholders (AIzaXXXX..., sequential runs) are not
// findings.
var GoogleAPIKey = &c.Identifier{
	ID:          "GOOGLE_API_KEY",
	Category:    c.Credentials,
	Description: "Google API key",
	Patterns: []c.Pattern{{
		Regex:      `\b(?P<v>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)`,
		Confidence: c.High,
		Trigger:    c.Trigger{Literals: []string{"AIza"}},
	}},
	Keywords:   []string{"google api key", "api key", "apikey", "firebase", "maps api key", "google"},
	Validate:   func(v []byte) bool { return len(v) == 39 && randomToken(string(v[4:])) },
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
