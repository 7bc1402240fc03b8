package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestGoogleAPIKey(t *testing.T) {
	const (
		k1 = "AIzacva0W9EcOf6nN4GuxZyzekbGrqfDWx_ghAS"
		k2 = "AIzajD7iztSazQLhdlnLlgcbMM8RtiWrGqjYhM1"
		k3 = "AIzaYB80c6g0cTTZBx3fCQvW4qgn5WlvISpyrwB"
		k4 = "AIza8NeHG7n81JlNUM2SUqi6bgEJHV1HRq9lpg4"
	)
	classifierstest.Run(t, GoogleAPIKey, []classifierstest.Case{
		{Text: "GOOGLE_MAPS_API_KEY=" + k1, Want: []string{k1}},
		{Text: `const firebaseConfig = { apiKey: "` + k2 + `", authDomain: "ledger.firebaseapp.com" };`, Want: []string{k2}},
		{Text: "GET https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key=" + k3 + " 200", Want: []string{k3}},
		{Text: "service,key\nmaps," + k4 + "\ntranslate," + k1, Want: []string{k4, k1}},
		{Text: `<string name="google_api_key">` + k2 + `</string>`, Want: []string{k2}},
		{Text: "GOOGLE_API_KEY=AIza" + strings.Repeat("X", 35)},          // placeholder
		{Text: "GOOGLE_API_KEY=AIzaSyA-your-api-key-goes-here-1234567"},  // placeholder words
		{Text: "GOOGLE_API_KEY=" + k1 + "Q"},                             // 36 characters
		{Text: "GOOGLE_API_KEY=" + k1[:38]},                              // 34 characters
		{Text: "GOOGLE_API_KEY=AIzaabcdefghijklmnopqrstuvwxyzABCDEFGHI"}, // sequential
	}, Identifiers...)
}
