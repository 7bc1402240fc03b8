package credentials

import (
	c "github.com/dredge-dev/dredge/classifiers"
)

// StripeSecretKey: a Stripe secret API key (sk_live_, sk_test_) or
// restricted key (rk_live_, rk_test_) followed by 24 to 99 base62
// characters. Source: Stripe docs, "API keys" (key types and prefixes).
// Publishable keys (pk_live_, pk_test_) are public by design and not
// findings; test-mode secret keys are (DESIGN.md). The test keys printed
// in Stripe's API reference are documented examples.
var StripeSecretKey = &c.Identifier{
	ID:          "STRIPE_SECRET_KEY",
	Category:    c.Credentials,
	Description: "Stripe secret or restricted API key",
	Patterns: []c.Pattern{{
		Regex:      `\b(?P<v>[sr]k_(?:live|test)_[0-9A-Za-z]{24,99})\b`,
		Confidence: c.High,
		Trigger:    c.Trigger{Literals: []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_"}},
	}},
	Keywords: []string{"stripe", "stripe key", "stripe secret key", "secret key", "api key"},
	Validate: func(v []byte) bool { return len(v) > 8 && randomToken(string(v[8:])) },
	Examples: []string{
		// Stripe API reference and quickstart examples.
		"sk_test_4eC39HqLyjWDarjtT1zdp7dc",
		"sk_test_BQokikJOvBiI2HlWgH4olfQ2",
		"sk_test_26PHem9AhJZvU623DfE1x4sd",
	},
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
