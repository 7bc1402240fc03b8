package credentials

import (
	"bytes"
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// pemNL is a line break inside a PEM block: a real one, or the two
// characters \n of a JSON / code string (one or two backslashes, as in a
// service-account key file or a key file embedded in another JSON string).
const pemNL = `(?:\r?\n|(?:\\{1,2}r)?\\{1,2}n)`

// PrivateKey: a PEM-armored private key. Labels (RFC 7468 "Textual
// Encodings of PKIX, PKCS, and CMS Structures": PRIVATE KEY, ENCRYPTED
// PRIVATE KEY; OpenSSL's RSA / EC / DSA PRIVATE KEY; OpenSSH's OPENSSH
// PRIVATE KEY, PROTOCOL.key) and the OpenPGP armor PGP PRIVATE KEY BLOCK
// (RFC 4880 section 6.2). The block may span lines (Trigger.Reach) or sit
// in one JSON string with \n escapes ("private_key" of a GCP service
// account key file), or have its line breaks flattened to spaces. The
// validator (validate.PrivateKeyPEM) wants BEGIN and END labels to agree
// and a base64 body of a real key's length and leading bytes; public keys
// and certificates have other labels and never match. Fingerprints use the label and the bare base64 body, so the
// same key in a .pem file and inside a JSON string is one value.
var PrivateKey = &c.Identifier{
	ID:          "PRIVATE_KEY",
	Category:    c.Credentials,
	Description: "PEM private key",
	Patterns: []c.Pattern{{
		Regex: `-----BEGIN (?:[A-Z0-9]{2,10} ){0,2}PRIVATE KEY(?: BLOCK)?-----[ \t]*` +
			`(?:` + pemNL + `(?:[A-Za-z][A-Za-z0-9-]{0,30}:[ \t]?[ -\[\]-~]{0,100}` + pemNL + `){0,8})?` +
			`[A-Za-z0-9+/=\s\\]{40,}-----END (?:[A-Z0-9]{2,10} ){0,2}PRIVATE KEY(?: BLOCK)?-----`,
		Confidence: c.High,
		Trigger:    c.Trigger{Literals: []string{"PRIVATE KEY-----", "PRIVATE KEY BLOCK-----"}, Reach: 16000},
	}},
	Keywords:   []string{"private key", "ssh key", "pem"},
	Validate:   validPrivateKeyPEM,
	Normalize:  pemNormalize,
	Supersedes: []string{"PASSWORD"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// pemParts splits a matched block into its BEGIN label, END label and bare
// base64 body (armor headers, line breaks, \n escapes and a PGP CRC-24
// line removed).
func pemParts(v []byte) (begin, end, body string, ok bool) {
	s := string(v)
	const bp, ep, dash = "-----BEGIN ", "-----END ", "-----"
	if !strings.HasPrefix(s, bp) {
		return "", "", "", false
	}
	rest := s[len(bp):]
	i := strings.Index(rest, dash)
	if i < 0 {
		return "", "", "", false
	}
	begin, rest = rest[:i], rest[i+len(dash):]
	j := strings.LastIndex(rest, ep)
	if j < 0 || !strings.HasSuffix(rest, dash) {
		return "", "", "", false
	}
	end = rest[j+len(ep) : len(rest)-len(dash)]
	text := rest[:j]
	text = strings.ReplaceAll(text, `\\`, `\`)
	text = strings.ReplaceAll(text, `\/`, "/")
	text = strings.ReplaceAll(text, `\r`, "")
	text = strings.ReplaceAll(text, `\n`, "\n")
	var b strings.Builder
	lines := strings.Split(text, "\n")
	for k, line := range lines {
		line = strings.TrimSpace(line)
		if strings.Contains(line, ":") {
			continue // an armor header (Proc-Type, DEK-Info, Version, Comment)
		}
		if strings.HasPrefix(line, "=") && len(line) == 5 && k >= len(lines)-2 {
			continue // the PGP armor checksum
		}
		for _, f := range strings.Fields(line) {
			b.WriteString(f)
		}
	}
	body = b.String()
	if strings.HasPrefix(begin, "PGP ") && len(body) > 5 && body[len(body)-5] == '=' && body[len(body)-4] != '=' {
		body = body[:len(body)-5] // a CRC-24 line flattened into the body
	}
	return begin, end, body, true
}

// validPrivateKeyPEM is validate.PrivateKeyPEM (labels agree, headers,
// base64 body of at least 48 bytes that starts the way the label implies,
// no placeholder body). A block whose line breaks were flattened to spaces
// (an environment variable) is checked with its body spaces read as line
// breaks.
func validPrivateKeyPEM(v []byte) bool {
	if validate.PrivateKeyPEM(v) {
		return true
	}
	const dash, end = "-----", "-----END "
	i := bytes.Index(v[len(dash):], []byte(dash))
	j := bytes.LastIndex(v, []byte(end))
	if i < 0 || j < 0 {
		return false
	}
	i += 2 * len(dash)
	if i >= j || bytes.ContainsAny(v[i:j], "\r\n\\") {
		return false
	}
	w := bytes.Clone(v)
	for k := i; k < j; k++ {
		if w[k] == ' ' || w[k] == '\t' {
			w[k] = '\n'
		}
	}
	return validate.PrivateKeyPEM(w)
}

func pemNormalize(v []byte) []byte {
	begin, _, body, ok := pemParts(v)
	if !ok {
		return v
	}
	return bytes.Join([][]byte{[]byte(begin), []byte(body)}, []byte{':'})
}
