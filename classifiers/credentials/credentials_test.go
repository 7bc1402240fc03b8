package credentials

import (
	"context"
	"slices"
	"strings"
	"testing"

	c "github.com/dredge-dev/dredge/classifiers"
)

// emailStandIn plays EMAIL_ADDRESS (a personal identifier) so that the
// supersession rules of this package can be checked here.
var emailStandIn = &c.Identifier{
	ID: "EMAIL_ADDRESS", Category: c.Personal,
	Patterns: []c.Pattern{{Regex: `\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}\b`, Trigger: c.Trigger{At: true}}},
}

// TestOverlaps checks which identifier a span counts under when several
// match it (DESIGN.md: a span counts once, under its most specific type).
func TestOverlaps(t *testing.T) {
	e, err := c.NewEngine(append(slices.Clone(Identifiers), emailStandIn), c.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ghs := "ghs_WlBjozf6USSjYYZ08ZYgtFGjfG2URRZRN88p"
	jsonKey := gcpKeyFile(gcpKeyID, "service_account", false, false)
	cases := []struct {
		text string
		want []string
	}{
		// The user:pass@host of a URL is not an email, its password not a PASSWORD.
		{"ftp://alice@ledger.io:Y4Uvgkm7rtQ4@files.ledger.io/in",
			[]string{"URL_CREDENTIALS=ftp://alice@ledger.io:Y4Uvgkm7rtQ4@files.ledger.io"}},
		{"postgres://app:Xk9mQ2vLrT@db.ledger.io:5432/app mail ops@ledger.io",
			[]string{"URL_CREDENTIALS=postgres://app:Xk9mQ2vLrT@db.ledger.io:5432", "EMAIL_ADDRESS=ops@ledger.io"}},
		{"password=postgres://app:Xk9mQ2vLrT@db01",
			[]string{"URL_CREDENTIALS=postgres://app:Xk9mQ2vLrT@db01"}},
		// A token is more specific than the URL or the password field it sits in.
		{"https://x-access-token:" + ghs + "@github.com/acme/ledger.git", []string{"GITHUB_TOKEN=" + ghs}},
		{`{"password": "` + ghs + `"}`, []string{"GITHUB_TOKEN=" + ghs}},
		// A key file counts once, and its private key and client_email too.
		{jsonKey, []string{
			"GCP_SERVICE_ACCOUNT_KEY=" + gcpKeyID,
			"PRIVATE_KEY=" + pemBlock("PRIVATE KEY", derLike("gcp-test-key", 1218), `\n`),
			"EMAIL_ADDRESS=ingest@ledger-prod-4471.iam.gserviceaccount.com",
		}},
		// An access key pair: both halves.
		{"aws_access_key_id=AKIAP3GFUXGOJWCPPU4F\naws_secret_access_key=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",
			[]string{"AWS_ACCESS_KEY_ID=AKIAP3GFUXGOJWCPPU4F", "AWS_SECRET_ACCESS_KEY=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"}},
	}
	for _, tc := range cases {
		var got []string
		_, err := e.ScanReader(context.Background(), strings.NewReader(tc.text), c.Location{}, func(m c.Match) {
			got = append(got, m.Identifier.ID+"="+string(m.Value))
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

// TestRegistry checks every identifier's contract fields.
func TestRegistry(t *testing.T) {
	want := []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GCP_SERVICE_ACCOUNT_KEY", "AZURE_STORAGE_ACCOUNT_KEY",
		"GITHUB_TOKEN", "SLACK_TOKEN", "STRIPE_SECRET_KEY", "GOOGLE_API_KEY", "PRIVATE_KEY", "JSON_WEB_TOKEN",
		"PASSWORD", "URL_CREDENTIALS"}
	var got []string
	for _, id := range Identifiers {
		got = append(got, id.ID)
		if id.Category != c.Credentials || id.Description == "" || id.Severity.For(1) != c.SeverityHigh {
			t.Errorf("%s: category, description or severity missing", id.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("registry %q, want %q", got, want)
	}
	if _, err := c.NewEngine(Identifiers, c.Options{}); err != nil {
		t.Fatal(err)
	}
}
