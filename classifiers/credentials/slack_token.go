package credentials

import (
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// SlackToken: a Slack API token or incoming-webhook URL. Token formats
// (Slack API docs, "Token types"): bot xoxb-<team>-<bot>-<24 alnum>, user
// xoxp-<team>-<user>-<id>-<32 hex>, legacy workspace / refresh / session
// tokens xoxa-, xoxr-, xoxs-, xoxo-, rotating tokens xoxe.xoxp-1-... and
// xoxe-1-..., app-level tokens xapp-<n>-<app id>-<digits>-<hex>. Webhook
// URLs (Slack API docs, "Sending messages using incoming webhooks"):
// https://hooks.slack.com/services/T<team>/B<hook>/<24 alnum secret>, and
// the workflow / trigger URLs of Workflow Builder. Placeholders
// (T00000000/B00000000/XXXX..., xoxb-your-token) are not findings.
var SlackToken = &c.Identifier{
	ID:          "SLACK_TOKEN",
	Category:    c.Credentials,
	Description: "Slack token or webhook URL",
	Patterns: []c.Pattern{
		{
			Regex:      `\b(?P<v>xox[abposr]-(?:[0-9]{1,13}-){1,4}[A-Za-z0-9]{16,64})\b`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-"}},
		},
		{
			Regex:      `\b(?P<v>xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{140,180}|xoxe-[0-9]-[A-Za-z0-9]{130,170})\b`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"xoxe"}},
		},
		{
			Regex:      `\b(?P<v>xapp-[0-9]-[A-Z0-9]{8,12}-[0-9]{8,13}-[A-Za-z0-9]{32,64})\b`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"xapp-"}},
		},
		{
			Regex: `(?P<v>https?://hooks\.slack\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{20,40}` +
				`|(?:workflows|triggers)/T[A-Z0-9]{8,12}/A[A-Z0-9]{8,12}/[0-9]{8,20}/[A-Za-z0-9]{20,40}))\b`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"hooks.slack.com/"}},
		},
	},
	Keywords: []string{"slack", "slack token", "slack webhook", "bot token"},
	Validate: validSlackToken,
	Examples: []string{
		// Slack's own documentation examples.
		"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
	},
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// validSlackToken checks the secret (last) part looks generated and that
// the numeric / team IDs are not all zeros.
func validSlackToken(v []byte) bool {
	s := string(v)
	sep := "-"
	if strings.HasPrefix(s, "http") {
		sep = "/"
	}
	parts := strings.Split(s, sep)
	secret := parts[len(parts)-1]
	if !randomToken(secret) {
		return false
	}
	for _, p := range parts[1 : len(parts)-1] {
		id := strings.TrimLeft(p, "TBA")
		if len(id) >= 6 && strings.Trim(id, "0") == "" {
			return false
		}
		if len(id) >= 8 && longRun(id, 6) {
			return false
		}
	}
	return true
}
