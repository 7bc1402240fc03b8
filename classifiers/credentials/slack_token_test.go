package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestSlackToken(t *testing.T) {
	const (
		bot  = "xoxb-12475135559-956224664728-XB5JllsdJoz9qmfNbzwygk9u"
		user = "xoxp-12475135559-956224664728-4710293847-28cdc1d8e49b9155a72130516b5018fd"
		app  = "xapp-1-A04QX7B2N3K-4811093847261-f1bcc58aef7b5d478a56d9fead9e9ce1dcabc697f7e096eda951cdf749b40a94"
		hook = "https://hooks.slack.com/services/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"
	)
	classifierstest.Run(t, SlackToken, []classifierstest.Case{
		{Text: "SLACK_BOT_TOKEN=" + bot, Want: []string{bot}},
		{Text: `{"ok": true, "access_token": "` + user + `", "scope": "chat:write"}`, Want: []string{user}},
		{Text: "socket mode app token: " + app, Want: []string{app}},
		{Text: "alerts:\n  webhook_url: " + hook + "\n", Want: []string{hook}},
		{Text: "2024-06-01 ERROR posting to " + hook + " failed: 404, retry with " + bot, Want: []string{hook, bot}},
		{Text: "SLACK_TOKEN=xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"},             // Slack docs example
		{Text: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"}, // docs placeholder
		{Text: "SLACK_BOT_TOKEN=xoxb-your-bot-token-here"},                                      // placeholder
		{Text: "SLACK_BOT_TOKEN=xoxb-0000000000-0000000000-" + strings.Repeat("x", 24)},         // placeholder
		{Text: "token pk_live_XB5JllsdJoz9qmfNbzwygk9u and xoxb-12475135559"},                   // truncated
		{Text: "see https://hooks.slack.com/services for setup"},                                // no webhook
	}, Identifiers...)
}
