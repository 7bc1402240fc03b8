package credentials

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
)

// Deterministic synthetic fixtures (never real keys): bytes from a SHA-256
// chain over a seed.

func fixtureBytes(seed string, n int) []byte {
	out := make([]byte, 0, n+32)
	h := sha256.Sum256([]byte(seed))
	for len(out) < n {
		out = append(out, h[:]...)
		h = sha256.Sum256(h[:])
	}
	return out[:n]
}

// derLike is a DER SEQUENCE header and n-4 filler bytes, the shape of a
// PKCS#1 / PKCS#8 / SEC 1 key.
func derLike(seed string, n int) []byte {
	b := fixtureBytes(seed, n)
	b[0], b[1] = 0x30, 0x82
	binary.BigEndian.PutUint16(b[2:], uint16(n-4))
	return b
}

// pemBlock wraps body in a PEM block with 64-character lines; nl is the
// line separator ("\n", "\r\n", or the two characters `\n` of a JSON
// string).
func pemBlock(label string, body []byte, nl string, headers ...string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN " + label + "-----" + nl)
	for _, h := range headers {
		b.WriteString(h + nl)
	}
	if len(headers) > 0 {
		b.WriteString(nl)
	}
	s := base64.StdEncoding.EncodeToString(body)
	for len(s) > 64 {
		b.WriteString(s[:64] + nl)
		s = s[64:]
	}
	b.WriteString(s + nl)
	b.WriteString("-----END " + label + "-----")
	return b.String()
}

// jwtOf builds header.payload.signature from JSON texts and signature bytes.
func jwtOf(header, payload string, sig []byte) string {
	e := base64.RawURLEncoding
	s := e.EncodeToString([]byte(header)) + "." + e.EncodeToString([]byte(payload))
	if sig != nil {
		s += "." + e.EncodeToString(sig)
	}
	return s
}
