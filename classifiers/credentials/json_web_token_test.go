package credentials

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestJSONWebToken(t *testing.T) {
	hs := jwtOf(`{"alg":"HS256","typ":"JWT"}`, `{"sub":"u-4821","iss":"https://auth.ledger.internal","exp":1767225600}`, fixtureBytes("hs256", 32))
	rs := jwtOf(`{"alg":"RS256","kid":"k1-2024"}`, `{"sub":"svc-ingest","aud":"api","scope":"read write","iat":1714550400}`, fixtureBytes("rs256", 256))
	es := jwtOf(`{"typ":"JWT","alg":"ES256"}`, `{"email":"a@b.c","roles":["admin"]}`, fixtureBytes("es256", 64))
	none := jwtOf(`{"alg":"none","typ":"JWT"}`, `{"sub":"u-4821","admin":true}`, fixtureBytes("none", 32))
	noAlg := jwtOf(`{"typ":"JWT"}`, `{"sub":"u-4821"}`, fixtureBytes("noalg", 32))
	unsigned := jwtOf(`{"alg":"HS256","typ":"JWT"}`, `{"sub":"u-4821"}`, nil) + "."
	notJSON := jwtOf(`{"alg":"HS256","typ":"JWT"}`, `not json at all`, fixtureBytes("x", 32))
	classifierstest.Run(t, JSONWebToken, []classifierstest.Case{
		{Text: "Authorization: Bearer " + hs, Want: []string{hs}},
		{Text: `{"access_token": "` + rs + `", "expires_in": 3600}`, Want: []string{rs}},
		{Text: "2024-05-01 DEBUG callback?id_token=" + es + "&state=af0ifjsldkj", Want: []string{es}},
		{Text: "user,token\nalice," + hs + "\nbob," + es, Want: []string{hs, es}},
		{Text: "token=" + rs + ".", Want: []string{rs}},
		{Text: "GET /cb?h=Bearer%20" + hs + " HTTP/1.1", Want: []string{hs}},
		{Text: "Bearer " + none},     // alg none
		{Text: "Bearer " + noAlg},    // no alg
		{Text: "Bearer " + unsigned}, // no signature
		{Text: "Bearer " + notJSON},  // payload is not JSON
		{Text: "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"}, // jwt.io sample
		{Text: "eyJhbGciOiJIUzI1NiJ9 is the base64 of the header alone"},
	}, Identifiers...)
}
