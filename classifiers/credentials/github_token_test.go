package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestGitHubToken(t *testing.T) {
	const (
		ghp = "ghp_LaH7oRNTaxuIhZyvBbySdsrNXRP6kNm1RL6Z"
		gho = "gho_rFBnkPObtrilN26lTJynXyvVCsOeQW9uSQ69"
		ghs = "ghs_WlBjozf6USSjYYZ08ZYgtFGjfG2URRZRN88p"
		ghu = "ghu_twIuy4mrqvh5l2JZgXXZLLzCGoJETHMkjIe9"
		pat = "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"
	)
	classifierstest.Run(t, GitHubToken, []classifierstest.Case{
		{Text: "GITHUB_TOKEN=" + ghp, Want: []string{ghp}},
		{Text: `{"access_token": "` + gho + `", "token_type": "bearer", "scope": "repo"}`, Want: []string{gho}},
		{Text: "git clone https://x-access-token:" + ghs + "@github.com/acme/ledger.git", Want: []string{ghs}},
		{Text: "user,token\nalice," + ghu + "\nbob," + pat, Want: []string{ghu, pat}},
		{Text: "Authorization: token " + pat, Want: []string{pat}},
		{Text: "GITHUB_TOKEN=ghp_" + strings.Repeat("x", 36)},                       // placeholder
		{Text: "GITHUB_TOKEN=ghp_" + strings.Repeat("X", 36)},                       // placeholder
		{Text: "token ghp_1234567890abcdefghijklmnopqrstuvwxyz"},                    // sequential placeholder, no upper case
		{Text: "token ghp_000000000000000000000000000000000000"},                    // all zero
		{Text: "token ghp_your_personal_access_token_goes_here_123"},                // underscores
		{Text: "token ghp_yourTokenHere1234yourTokenHere1234ab"},                    // placeholder word
		{Text: "ghp_LaH7oRNTaxuIhZyvBbySdsrNXRP6kNm1RL6Zq"},                         // 37 characters
		{Text: "commit 6ed7316748a6924329efdad1e575a044d1b008db by github-actions"}, // classic 40-hex look-alike
	}, Identifiers...)
}
