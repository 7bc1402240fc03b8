package validate

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"
	"sync"
	"testing"
)

// placeholderLike reports whether a freshly generated key body happens to
// contain one of the substrings PrivateKeyPEM treats as a placeholder
// (probability ~1e-4 for a 2048-bit RSA key); such keys are regenerated so
// the tests are not flaky.
func placeholderLike(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(s, "xxxx") || strings.Contains(s, "XXXX") ||
		strings.Contains(l, "redacted") || strings.Contains(l, "example")
}

// wrap base64-encodes data in lines of width characters.
func wrap(data []byte, width int) string {
	s := base64.StdEncoding.EncodeToString(data)
	var sb strings.Builder
	for len(s) > width {
		sb.WriteString(s[:width])
		sb.WriteByte('\n')
		s = s[width:]
	}
	sb.WriteString(s)
	return sb.String()
}

// crc24 is the OpenPGP armor checksum of RFC 4880 section 6.1.
func crc24(data []byte) []byte {
	crc := uint32(0xB704CE)
	for _, b := range data {
		crc ^= uint32(b) << 16
		for i := 0; i < 8; i++ {
			crc <<= 1
			if crc&0x1000000 != 0 {
				crc ^= 0x1864CFB
			}
		}
	}
	return []byte{byte(crc >> 16), byte(crc >> 8), byte(crc)}
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

var (
	keysOnce sync.Once
	keys     map[string]string
)

// testKeys returns freshly generated private keys in every supported PEM
// flavour. Keys are generated at test time so that no private key is
// committed to the repository.
func testKeys(t testing.TB) map[string]string {
	t.Helper()
	keysOnce.Do(func() {
		keys = map[string]string{}
		gen := func(name string, f func() string) {
			for {
				s := f()
				if !placeholderLike(s) {
					keys[name] = s
					return
				}
			}
		}
		enc := func(typ string, der []byte, h map[string]string) string {
			return string(pem.EncodeToMemory(&pem.Block{Type: typ, Headers: h, Bytes: der}))
		}
		gen("rsa-pkcs1", func() string {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			return enc("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(k), nil)
		})
		gen("ec", func() string {
			k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			der, _ := x509.MarshalECPrivateKey(k)
			return enc("EC PRIVATE KEY", der, nil)
		})
		gen("pkcs8-ec", func() string {
			k, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
			der, _ := x509.MarshalPKCS8PrivateKey(k)
			return enc("PRIVATE KEY", der, nil)
		})
		gen("pkcs8-ed25519", func() string { // 48 bytes, the smallest accepted
			_, k, _ := ed25519.GenerateKey(rand.Reader)
			der, _ := x509.MarshalPKCS8PrivateKey(k)
			return enc("PRIVATE KEY", der, nil)
		})
		gen("dsa", func() string { // DER SEQUENCE header + random content
			return enc("DSA PRIVATE KEY", append([]byte{0x30, 0x82, 0x01, 0xbb}, randBytes(443)...), nil)
		})
		gen("pkcs8-encrypted", func() string {
			return enc("ENCRYPTED PRIVATE KEY", append([]byte{0x30, 0x82, 0x05, 0x0e}, randBytes(1294)...), nil)
		})
		gen("rsa-legacy-encrypted", func() string {
			return enc("RSA PRIVATE KEY", randBytes(1200), map[string]string{
				"Proc-Type": "4,ENCRYPTED",
				"DEK-Info":  "AES-128-CBC,3F17F5316E2BAC89B4D3B2A6E1F5B2C1",
			})
		})
		gen("openssh", func() string {
			body := append([]byte("openssh-key-v1\x00"), randBytes(380)...)
			return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + wrap(body, 70) +
				"\n-----END OPENSSH PRIVATE KEY-----\n"
		})
		gen("pgp", func() string {
			body := append([]byte{0x95, 0x03, 0xc6}, randBytes(966)...) // old-format secret-key packet
			return "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + wrap(body, 64) +
				"\n=" + base64.StdEncoding.EncodeToString(crc24(body)) +
				"\n-----END PGP PRIVATE KEY BLOCK-----\n"
		})
		gen("pgp-new-format-no-crc", func() string {
			body := append([]byte{0xc5, 0xc1, 0x58}, randBytes(500)...) // new-format tag 5
			return "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + wrap(body, 76) +
				"\n-----END PGP PRIVATE KEY BLOCK-----"
		})
	})
	return keys
}

func TestPrivateKeyPEM(t *testing.T) {
	keys := testKeys(t)
	var valid []string
	for _, k := range keys {
		valid = append(valid, k,
			strings.ReplaceAll(k, "\n", `\n`),                                // inside a JSON string
			strings.ReplaceAll(k, "\n", `\\n`),                               // doubly escaped
			strings.ReplaceAll(k, "\n", "\r\n"),                              // CRLF
			"  "+strings.ReplaceAll(k, "\n", "\n    "),                       // indented (YAML)
			strings.ReplaceAll(strings.ReplaceAll(k, "/", `\/`), "\n", `\n`), // JSON with escaped '/'
		)
	}
	rsaKey := keys["rsa-pkcs1"]
	body := rsaKey[strings.Index(rsaKey, "\n")+1 : strings.Index(rsaKey, "-----END")]
	mk := func(label, body string) string {
		return "-----BEGIN " + label + "-----\n" + body + "-----END " + label + "-----\n"
	}
	invalid := []string{
		"", "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----",
		// Mismatched or unknown labels.
		strings.Replace(rsaKey, "END RSA", "END EC", 1),
		strings.ReplaceAll(rsaKey, "RSA PRIVATE KEY", "RSA PUBLIC KEY"),
		strings.ReplaceAll(rsaKey, "RSA PRIVATE KEY", "CERTIFICATE"),
		strings.ReplaceAll(rsaKey, "RSA PRIVATE KEY", "FOO PRIVATE KEY"),
		strings.ReplaceAll(rsaKey, "RSA PRIVATE KEY", "RSA PRIVATE KEY BLOCK"),
		// Trailing or leading garbage, truncation.
		rsaKey + "trailing",
		"x" + rsaKey,
		rsaKey[:len(rsaKey)/2],
		// Invalid base64: bad character, bad padding, truncated line.
		mk("RSA PRIVATE KEY", strings.Replace(body, "M", "*", 1)),
		mk("RSA PRIVATE KEY", body[:len(body)-2]+"\n"),
		mk("RSA PRIVATE KEY", body[:10]+"="+body[10:]),
		mk("RSA PRIVATE KEY", body[:len(body)-1]+"===\n"),
		// A DER label whose body is not a DER SEQUENCE.
		mk("RSA PRIVATE KEY", "Q"+body[1:]),
		// Body of the wrong kind for the OPENSSH / PGP labels.
		mk("OPENSSH PRIVATE KEY", body),
		mk("PGP PRIVATE KEY BLOCK", "\n"+body),
		// Headers after data.
		mk("RSA PRIVATE KEY", body[:64]+"\nProc-Type: 4,ENCRYPTED\n"+body[64:]),
		// Too short to be a key (47 decoded bytes).
		mk("PRIVATE KEY", wrap(append([]byte{0x30, 0x2d}, []byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHI")...), 64)+"\n"),
		// Placeholders.
		mk("RSA PRIVATE KEY", strings.Repeat("A", 64)+"\n"+strings.Repeat("A", 64)+"\n"),
		mk("RSA PRIVATE KEY", strings.Repeat("MIIEow", 30)+"\n"),
		mk("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA...\n"),
		mk("RSA PRIVATE KEY", "...\n"),
		mk("RSA PRIVATE KEY", "<your private key here>\n"),
		mk("RSA PRIVATE KEY", body[:100]+"xxxx"+body[104:]),
		mk("PRIVATE KEY", strings.Repeat("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 3)+"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n"),
		mk("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCREDACTEDREDACTEDREDACTEDREDACTEDREDACTEDREDACTEDREDACTED\n"),
		mk("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCExampleKeyExampleKeyExampleKeyExampleKeyExampleKeyExampleKey\n"),
		// PGP: data after the CRC line, two CRC lines.
		strings.Replace(keys["pgp"], "\n-----END", "\nAAAA\n-----END", 1),
		strings.Replace(keys["pgp"], "\n-----END", "\n=AAAA\n-----END", 1),
	}
	check(t, PrivateKeyPEM, valid, invalid)
}

func TestPrivateKeyPEMMinSize(t *testing.T) {
	// Exactly 48 decoded bytes is accepted, 47 is not.
	for _, tc := range []struct {
		n    int
		want bool
	}{{47, false}, {48, true}} {
		for {
			data := append([]byte{0x30, byte(tc.n - 2)}, randBytes(tc.n-2)...)
			s := "-----BEGIN PRIVATE KEY-----\n" + wrap(data, 64) + "\n-----END PRIVATE KEY-----"
			if placeholderLike(s) || distinctB64(s) < minDistinctB64 {
				continue
			}
			if got := PrivateKeyPEM([]byte(s)); got != tc.want {
				t.Errorf("%d bytes: got %v, want %v", tc.n, got, tc.want)
			}
			break
		}
	}
}

// distinctB64 counts the distinct base64 characters of a PEM text's body.
func distinctB64(s string) int {
	s = s[strings.Index(s, "\n")+1 : strings.Index(s, "-----END")]
	seen := map[rune]bool{}
	for _, r := range s {
		if b64Value(byte(r)) >= 0 {
			seen[r] = true
		}
	}
	return len(seen)
}

// jwt builds a compact JWS from JSON header and payload and a signature.
func jwt(header, payload string, sig []byte) string {
	e := base64.RawURLEncoding
	return e.EncodeToString([]byte(header)) + "." + e.EncodeToString([]byte(payload)) + "." + e.EncodeToString(sig)
}

func TestJWT(t *testing.T) {
	sig := randBytes(32)
	long := `{"sub":"` + strings.Repeat("a", 2000) + `","iat":1516239022}`
	check(t, JWT,
		[]string{
			// The example token of RFC 7519 section 3.1 and of jwt.io.
			"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
			jwt(`{"alg":"RS256","kid":"k1"}`, `{"sub":"1"}`, randBytes(256)),
			jwt(`{"typ":"JWT","alg":"ES256"}`, `{}`, randBytes(64)),
			jwt(` { "kid" : {"a":[1,"}"]}, "x":"\"alg\"", "alg" : "EdDSA" } `, `{"a":1}`, sig),
			jwt(`{"\u0061lg":"HS\u0032"}`, `{"a":1}`, sig),
			jwt(`{"alg":"HS256"}`, long, sig), // payload larger than the stack buffer
			"  " + jwt(`{"alg":"HS256"}`, `{"n":null}`, sig) + "\n",
			jwt(`{"alg":"HS256"}`, `{"a":1}`, sig) + "=", // tolerated padding
		},
		[]string{
			"", "a.b.c", "eyJhbGciOiJIUzI1NiJ9", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0",
			jwt(`{"alg":"none"}`, `{"sub":"1"}`, nil),    // unsecured, empty signature
			jwt(`{"alg":"none"}`, `{"sub":"1"}`, sig),    // unsecured
			jwt(`{"alg":"NONE"}`, `{"sub":"1"}`, sig),    // unsecured
			jwt(`{"alg":"HS256"}`, `{"sub":"1"}`, nil),   // missing signature
			jwt(`{"typ":"JWT"}`, `{"sub":"1"}`, sig),     // no alg
			jwt(`{"ALG":"HS256"}`, `{"sub":"1"}`, sig),   // member names are case-sensitive
			jwt(`{"alg":256}`, `{"sub":"1"}`, sig),       // alg not a string
			jwt(`{"alg":""}`, `{"sub":"1"}`, sig),        // empty alg
			jwt(`{"x":{"alg":"HS256"}}`, `{"a":1}`, sig), // alg not top-level
			jwt(`["alg","HS256"]`, `{"sub":"1"}`, sig),   // header not an object
			jwt(`{"alg":"HS256"}`, `["sub"]`, sig),       // payload not an object
			jwt(`{"alg":"HS256"}`, `"sub"`, sig),         // payload not an object
			jwt(`{"alg":"HS256"`, `{"sub":"1"}`, sig),    // invalid JSON
			jwt(`{"alg":"HS256"}`, `{"sub":1,}`, sig),    // invalid JSON
			jwt(`{"alg":"HS256"}`, `{"a":1}`, sig) + ".eyJ9",
			strings.Replace(jwt(`{"alg":"HS256"}`, `{"a":1}`, sig), "eyJ", "ey+", 1),
			jwt(`{"alg":"HS256"}`, `{"a":1}`, sig) + "AA", // signature length ≡ 1 mod 4
		})
}

// A PGP key inside a JSON string whose CRC line has a '/', escaped as \/
// like the body's (a random key had one about one run in ten).
func TestPrivateKeyPEMEscapedCRC(t *testing.T) {
	for {
		body := append([]byte{0x95, 0x03, 0xc6}, randBytes(966)...)
		sum := base64.StdEncoding.EncodeToString(crc24(body))
		if !strings.Contains(sum, "/") {
			continue
		}
		k := "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + wrap(body, 64) + "\n=" + sum + "\n-----END PGP PRIVATE KEY BLOCK-----\n"
		if placeholderLike(k) {
			continue
		}
		escaped := strings.ReplaceAll(strings.ReplaceAll(k, "/", `\/`), "\n", `\n`)
		if !PrivateKeyPEM([]byte(k)) || !PrivateKeyPEM([]byte(escaped)) {
			t.Fatalf("CRC %q: plain %v, escaped %v", sum, PrivateKeyPEM([]byte(k)), PrivateKeyPEM([]byte(escaped)))
		}
		// Still four characters: an escaped CRC of five is not one.
		bad := strings.Replace(escaped, `\n=`+strings.ReplaceAll(sum, "/", `\/`), `\n=`+strings.ReplaceAll(sum, "/", `\/`)+"A", 1)
		if PrivateKeyPEM([]byte(bad)) {
			t.Fatalf("a five-character CRC line was accepted: %q", bad[len(bad)-60:])
		}
		return
	}
}
