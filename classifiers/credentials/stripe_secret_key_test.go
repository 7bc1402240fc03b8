package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestStripeSecretKey(t *testing.T) {
	const (
		live = "sk_live_ubmjC3OTf948t7dBFzXTvlvT"
		test = "sk_test_KDEEK505gVcSACQaS2Bg5t1Z"
		long = "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"
	)
	classifierstest.Run(t, StripeSecretKey, []classifierstest.Case{
		{Text: "STRIPE_SECRET_KEY=" + live, Want: []string{live}},
		{Text: `stripe.api_key = "` + test + `"`, Want: []string{test}},
		{Text: `{"stripe": {"restricted_key": "` + long + `"}}`, Want: []string{long}},
		{Text: "2024-02-02 charge failed (key " + live + ") status=401", Want: []string{live}},
		{Text: "env,key\nstaging," + test + "\nprod," + live, Want: []string{test, live}},
		{Text: "STRIPE_PUBLISHABLE_KEY=pk_live_ubmjC3OTf948t7dBFzXTvlvT"}, // publishable key
		{Text: "Stripe.apiKey = \"sk_test_4eC39HqLyjWDarjtT1zdp7dc\";"},   // Stripe docs example
		{Text: "STRIPE_SECRET_KEY=sk_live_" + strings.Repeat("x", 24)},    // placeholder
		{Text: "STRIPE_SECRET_KEY=sk_live_123456789012345678901234"},      // digits only, sequential
		{Text: "STRIPE_SECRET_KEY=sk_live_ubmjC3OTf948t7dBFzXT"},          // too short
		{Text: "STRIPE_SECRET_KEY=sk_live_your_secret_key_here"},          // placeholder
	}, Identifiers...)
}
