package validate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
)

// pemKind classifies the label of a private key PEM block.
type pemKind uint8

const (
	pemNone    pemKind = iota
	pemDER             // body is a DER SEQUENCE (PKCS#1, SEC 1, PKCS#8, DSA)
	pemOpenSSH         // body is an "openssh-key-v1" container
	pemPGP             // body is OpenPGP ASCII armor of a secret key
)

// pemLabelKind returns the kind of a BEGIN/END label, or pemNone if the
// label is not that of a private key.
func pemLabelKind(label []byte) pemKind {
	switch string(label) {
	case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
		"DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
		return pemDER
	case "OPENSSH PRIVATE KEY":
		return pemOpenSSH
	case "PGP PRIVATE KEY BLOCK":
		return pemPGP
	}
	return pemNone
}

// indexStr returns the index of the first occurrence of s in b, or -1.
func indexStr(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}

// containsFold reports whether b contains the lower-case ASCII string s,
// ignoring ASCII case.
func containsFold(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		j := 0
		for j < len(s) && b[i+j]|0x20 == s[j] {
			j++
		}
		if j == len(s) {
			return true
		}
	}
	return false
}

// isEscapedSpace reports whether c, following a backslash, is a JSON/C
// escape for white space (\n, \r, \t).
func isEscapedSpace(c byte) bool { return c == 'n' || c == 'r' || c == 't' }

// trimEscapedSpace trims white space and literal \n, \r and \t escapes
// (as found in JSON strings and .env files, possibly escaped more than once,
// e.g. \\n) from both ends of b.
func trimEscapedSpace(b []byte) []byte {
	for {
		n := len(b)
		b = trimSpace(b)
		if i := escRun(b); i > 0 && i < len(b) && isEscapedSpace(b[i]) {
			b = b[i+1:]
		}
		if k := len(b) - 1; k > 0 && isEscapedSpace(b[k]) && b[k-1] == '\\' {
			for k > 0 && b[k-1] == '\\' {
				k--
			}
			b = b[:k]
		}
		if len(b) == n {
			return b
		}
	}
}

// escRun returns the number of leading backslashes of b.
func escRun(b []byte) int {
	i := 0
	for i < len(b) && b[i] == '\\' {
		i++
	}
	return i
}

// b64Value returns the value of a standard base64 character, or -1.
func b64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case isDigit(c):
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// Minimum decoded size of a private key body. The smallest real private key
// encodings are the 48-byte PKCS#8 structures of Ed25519 and X25519 keys
// (RFC 8410); RSA, EC, DSA, OpenSSH and OpenPGP keys are larger.
const minKeyBytes = 48

// minDistinctB64 is the minimum number of distinct base64 characters in a
// key body; random key material of minKeyBytes bytes (64 characters) uses
// about 40. It rejects repetitive placeholders such as "AAAA…" or "abcabc…".
const minDistinctB64 = 16

// openSSHMagic is the base64 encoding of "openssh-key-v1\x00", the magic
// that starts every OpenSSH private key (OpenSSH PROTOCOL.key).
const openSSHMagic = "b3BlbnNzaC1rZXktdjEA"

// PrivateKeyPEM reports whether b is a PEM-encoded private key (RFC 7468
// textual encoding; RFC 1421 encapsulated headers; RFC 4880/9580 OpenPGP
// ASCII armor; OpenSSH PROTOCOL.key): a "-----BEGIN <label>-----" line with
// label PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, DSA PRIVATE KEY,
// OPENSSH PRIVATE KEY, ENCRYPTED PRIVATE KEY or PGP PRIVATE KEY BLOCK, a
// body and a matching "-----END <label>-----" line.
//
// Line breaks may be real or literal two-character \n, \r escapes (keys
// embedded in JSON strings or .env files; runs of backslashes, i.e. doubly
// escaped text, and the JSON escape \/ are also understood). Header lines
// containing ':' (Proc-Type, DEK-Info, Version, Comment, …) are skipped
// when they precede the data, as is a final OpenPGP "=XXXX" CRC-24 line.
// The remaining body must be padded standard base64 of at least 48 decoded
// bytes. The decoded data must also start the way the label implies:
// a DER SEQUENCE (base64 'M') for the DER labels unless a Proc-Type header
// marks it as encrypted, the "openssh-key-v1" magic for OPENSSH, and an
// OpenPGP secret-key packet tag (base64 'l' or 'x') for PGP.
//
// Obvious placeholders are rejected: bodies containing "...", "xxxx",
// "XXXX", "redacted" or "example" (any case), or made of fewer than 16
// distinct characters (which includes bodies of a single repeated
// character).
func PrivateKeyPEM(b []byte) bool {
	const begin, end, dashes = "-----BEGIN ", "-----END ", "-----"
	b = trimEscapedSpace(b)
	if len(b) < len(begin) || string(b[:len(begin)]) != begin {
		return false
	}
	rest := b[len(begin):]
	i := indexStr(rest, dashes)
	if i < 0 {
		return false
	}
	label := rest[:i]
	kind := pemLabelKind(label)
	if kind == pemNone {
		return false
	}
	rest = rest[i+len(dashes):]
	k := indexStr(rest, end)
	if k < 0 {
		return false
	}
	body, tail := rest[:k], rest[k+len(end):]
	if len(tail) != len(label)+len(dashes) || !bytes.Equal(tail[:len(label)], label) ||
		string(tail[len(label):]) != dashes {
		return false
	}
	if indexStr(body, "...") >= 0 || indexStr(body, "xxxx") >= 0 || indexStr(body, "XXXX") >= 0 ||
		containsFold(body, "redacted") || containsFold(body, "example") {
		return false
	}
	var (
		prefix    [len(openSSHMagic)]byte
		n, pad    int    // data characters and '=' padding seen
		distinct  uint64 // set of base64 values seen
		encrypted bool   // RFC 1421 Proc-Type header seen
		crc       bool   // OpenPGP CRC line seen
	)
	for pos := 0; pos < len(body); {
		// Find the end of the line: a real line break or an escaped one.
		e, next := pos, len(body)
		for e < len(body) {
			c := body[e]
			if c == '\n' || c == '\r' {
				next = e + 1
				break
			}
			if c == '\\' {
				j := e
				for j < len(body) && body[j] == '\\' {
					j++
				}
				if j < len(body) && isEscapedSpace(body[j]) {
					next = j + 1
					break
				}
				e = j
				continue
			}
			e++
		}
		line := trimSpace(body[pos:e])
		pos = next
		switch {
		case len(line) == 0:
			continue
		case bytes.IndexByte(line, ':') >= 0:
			if n > 0 || pad > 0 {
				return false // headers must precede the data
			}
			if len(line) >= 10 && string(line[:10]) == "Proc-Type:" {
				encrypted = true
			}
			continue
		case kind == pemPGP && line[0] == '=' && isCRCLine(line[1:]) && n > 0:
			if crc {
				return false
			}
			crc = true
			continue
		}
		if crc {
			return false // nothing may follow the CRC line
		}
		for j := 0; j < len(line); {
			var c byte
			c, j = unescapedAt(line, j)
			if c == '=' {
				pad++
				continue
			}
			v := b64Value(c)
			if v < 0 || pad > 0 {
				return false
			}
			if n < len(prefix) {
				prefix[n] = c
			}
			n++
			distinct |= 1 << uint(v)
		}
	}
	if pad > 2 || (n+pad)%4 != 0 || (n+pad)/4*3-pad < minKeyBytes {
		return false
	}
	cnt := 0
	for ; distinct != 0; distinct &= distinct - 1 {
		cnt++
	}
	if cnt < minDistinctB64 {
		return false
	}
	switch kind {
	case pemDER:
		return encrypted || prefix[0] == 'M'
	case pemOpenSSH:
		return string(prefix[:]) == openSSHMagic
	default: // pemPGP
		return prefix[0] == 'l' || prefix[0] == 'x'
	}
}

// b64URLPart strips up to two trailing '=' from a JWT segment and reports
// whether the rest is a non-empty, well-formed unpadded base64url string.
func b64URLPart(s []byte) ([]byte, bool) {
	for k := 0; k < 2 && len(s) > 0 && s[len(s)-1] == '='; k++ {
		s = s[:len(s)-1]
	}
	if len(s) == 0 || len(s)%4 == 1 {
		return s, false
	}
	for _, c := range s {
		if !isAlnum(c) && c != '-' && c != '_' {
			return s, false
		}
	}
	return s, true
}

// decodeB64URL decodes the unpadded base64url s into buf, allocating only
// if buf is too small.
func decodeB64URL(buf, s []byte) ([]byte, bool) {
	enc := base64.RawURLEncoding
	if need := enc.DecodedLen(len(s)); need > len(buf) {
		buf = make([]byte, need)
	}
	n, err := enc.Decode(buf, s)
	return buf[:n], err == nil
}

// skipWS returns the index of the first non-white-space byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// jsonStringEnd returns the index of the quote closing the JSON string
// whose opening quote is at i, or len(b).
func jsonStringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(b)
}

// jsonValueEnd returns the index just past the JSON value starting at i.
func jsonValueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return jsonStringEnd(b, i) + 1
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = jsonStringEnd(b, i)
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && !isSpace(b[i]) {
		i++
	}
	return i
}

// jsonUnquote returns the content of a JSON string literal (quotes
// included in q), unescaping it only if it contains escapes.
func jsonUnquote(q []byte) ([]byte, bool) {
	if bytes.IndexByte(q, '\\') < 0 {
		return q[1 : len(q)-1], true
	}
	var s string
	if json.Unmarshal(q, &s) != nil {
		return nil, false
	}
	return []byte(s), true
}

// jsonObjectString returns the string value of the top-level member key of
// the JSON object obj, which must already be known to be valid JSON.
func jsonObjectString(obj []byte, key string) ([]byte, bool) {
	i := skipWS(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, false
	}
	i++
	for {
		i = skipWS(obj, i)
		if i >= len(obj) || obj[i] != '"' {
			return nil, false // '}' or malformed: not found
		}
		ke := jsonStringEnd(obj, i)
		if ke >= len(obj) {
			return nil, false
		}
		k, ok := jsonUnquote(obj[i : ke+1])
		if !ok {
			return nil, false
		}
		i = skipWS(obj, ke+1)
		if i >= len(obj) || obj[i] != ':' {
			return nil, false
		}
		vs := skipWS(obj, i+1)
		ve := jsonValueEnd(obj, vs)
		if ve > len(obj) {
			return nil, false
		}
		if string(k) == key {
			if vs < len(obj) && obj[vs] == '"' && ve-vs >= 2 {
				return jsonUnquote(obj[vs:ve])
			}
			return nil, false
		}
		i = skipWS(obj, ve)
		if i >= len(obj) || obj[i] != ',' {
			return nil, false
		}
		i++
	}
}

// isJSONObject reports whether b is valid JSON whose top-level value is an
// object.
func isJSONObject(b []byte) bool {
	i := skipWS(b, 0)
	return i < len(b) && b[i] == '{' && json.Valid(b)
}

// JWT reports whether b is a signed JSON Web Token in JWS compact
// serialization (RFC 7519 §7.2, RFC 7515 §7.1): three '.'-separated
// base64url (RFC 4648 §5, unpadded; trailing '=' tolerated) segments, where
// the header decodes to a JSON object with a string "alg" member, the
// payload decodes to a JSON object, and the signature is non-empty.
// Unsecured tokens (alg "none", RFC 7519 §6) are rejected since they carry
// no signature. Surrounding white space is ignored. Decoding uses stack
// buffers for small tokens and allocates for large ones.
func JWT(b []byte) bool {
	b = trimSpace(b)
	i := bytes.IndexByte(b, '.')
	if i < 0 {
		return false
	}
	j := bytes.IndexByte(b[i+1:], '.')
	if j < 0 {
		return false
	}
	j += i + 1
	h, okh := b64URLPart(b[:i])
	p, okp := b64URLPart(b[i+1 : j])
	_, oks := b64URLPart(b[j+1:])
	if !okh || !okp || !oks {
		return false
	}
	var hbuf, pbuf [512]byte
	hdr, ok := decodeB64URL(hbuf[:], h)
	if !ok || !isJSONObject(hdr) {
		return false
	}
	pl, ok := decodeB64URL(pbuf[:], p)
	if !ok || !isJSONObject(pl) {
		return false
	}
	alg, ok := jsonObjectString(hdr, "alg")
	return ok && len(alg) > 0 && !(len(alg) == 4 && containsFold(alg, "none"))
}

// isCRCLine reports whether s (after the '=') is the four base64
// characters of an OpenPGP CRC-24, where '/' may be JSON-escaped as \/
// as in the body.
func isCRCLine(s []byte) bool {
	k := 0
	for j := 0; j < len(s); {
		var c byte
		c, j = unescapedAt(s, j)
		if b64Value(c) < 0 {
			return false
		}
		k++
	}
	return k == 4
}

// unescapedAt returns the character at s[j], reading the JSON escape "\/"
// as '/', and where the next one starts.
func unescapedAt(s []byte, j int) (byte, int) {
	if s[j] == '\\' && j+1 < len(s) && s[j+1] == '/' {
		return '/', j + 2
	}
	return s[j], j + 1
}
