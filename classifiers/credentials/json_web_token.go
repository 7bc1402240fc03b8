package credentials

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// JSONWebToken: a signed JSON Web Token in compact serialization,
// base64url(header) "." base64url(payload) "." base64url(signature)
// (RFC 7519 section 3, RFC 7515 section 7.1). The header and payload must
// decode to JSON objects, the header must name a signing "alg" other than
// "none", and the signature is required (an unsigned token is not a
// bearer credential). The jwt.io sample token (sub 1234567890, John Doe)
// is a documented example.
var JSONWebToken = &c.Identifier{
	ID:          "JSON_WEB_TOKEN",
	Category:    c.Credentials,
	Description: "JSON Web Token",
	Patterns: []c.Pattern{{
		// Open-ended parts on purpose: payloads of identity tokens run past
		// any small bound, the classes cannot cross a line, and counted
		// repetitions of 1000 made this one pattern cost ~50 ms to compile
		// and ~45 ms of DFA building per matcher. No leading \b: a token
		// may follow %20 or %3D in a URL-encoded header or query.
		Regex:      `(?P<v>eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})`,
		Confidence: c.High,
		Trigger:    c.Trigger{Literals: []string{"eyJ"}},
	}},
	Keywords:   []string{"jwt", "bearer", "id token", "access token", "authorization"},
	Validate:   validJWT,
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// validJWT is validate.JWT (base64url parts, JSON object header with an
// alg other than none, JSON object payload, a signature) plus a signature
// of real length and not the jwt.io sample.
func validJWT(v []byte) bool {
	if !validate.JWT(v) {
		return false
	}
	parts := strings.Split(string(v), ".")
	if len(parts) != 3 || len(parts[2]) < 16 || distinct(parts[2]) < 8 {
		return false
	}
	var payload map[string]any
	if decodeJSONPart(parts[1], &payload) && payload["sub"] == "1234567890" && payload["name"] == "John Doe" {
		return false // the jwt.io sample, whatever its signature
	}
	return true
}

func decodeJSONPart(s string, into *map[string]any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return false
	}
	return json.Unmarshal(raw, into) == nil && *into != nil
}
