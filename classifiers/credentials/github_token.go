package credentials

import (
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// GitHubToken: a GitHub access token in the prefixed formats GitHub has
// issued since 2021: ghp_ (personal access token, classic), gho_ (OAuth
// access token), ghu_ (user-to-server), ghs_ (server-to-server / app
// installation) and ghr_ (refresh token), each with 36 base62 characters,
// and github_pat_ fine-grained personal access tokens (22 + "_" + 59 base62
// characters). Source: GitHub Engineering blog, "Behind GitHub's new
// authentication token formats" (2021-04-05) and GitHub Docs, "About
// authentication to GitHub". Placeholders (ghp_xxxx..., one repeated
// character, one character class, sequential runs) are not findings.
var GitHubToken = &c.Identifier{
	ID:          "GITHUB_TOKEN",
	Category:    c.Credentials,
	Description: "GitHub access token",
	Patterns: []c.Pattern{
		{
			Regex:      `\b(?P<v>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"github_pat_"}},
		},
		{
			Regex:      `\b(?P<v>gh[pousr]_[A-Za-z0-9]{36}|ghr_[A-Za-z0-9]{76})\b`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}},
		},
	},
	Keywords:   []string{"github", "github token", "gh token", "personal access token"},
	Validate:   validGitHubToken,
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// validGitHubToken checks that the random part after the prefix looks
// generated (see randomToken); for github_pat_ both parts do.
func validGitHubToken(v []byte) bool {
	s := string(v)
	if rest, ok := strings.CutPrefix(s, "github_pat_"); ok {
		a, b, _ := strings.Cut(rest, "_")
		return randomToken(a) && randomToken(b)
	}
	return len(s) > 4 && randomToken(s[4:])
}
