package classifiers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// MaskDefault hides every letter and digit but the last four (fewer for
// short values), keeping separators so the shape stays readable:
// 123-45-6789 -> ***-**-6789.
func MaskDefault(v string) string {
	alnum := 0
	for i := 0; i < len(v); i++ {
		if isAlnum(v[i]) {
			alnum++
		}
	}
	keep := 4
	if alnum < 9 {
		keep = alnum / 3
	}
	var b strings.Builder
	b.Grow(len(v))
	seen := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 0x80 {
			b.WriteByte('*')
			continue
		}
		if isAlnum(c) {
			seen++
			if seen > alnum-keep {
				b.WriteByte(c)
				continue
			}
			b.WriteByte('*')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// MaskSecret keeps at most the first four characters of a secret (its
// public type prefix, such as AKIA or ghp_) and hides the rest, capping the
// length so the mask says nothing about it.
func MaskSecret(v string) string {
	keep := 4
	if len(v) < 16 {
		keep = 0
	}
	if keep > len(v) {
		keep = len(v)
	}
	prefix := v[:keep]
	for i := 0; i < len(prefix); i++ {
		if prefix[i] < 0x20 || prefix[i] >= 0x80 {
			prefix = ""
			break
		}
	}
	return prefix + "****************"
}

// MaskEmail keeps the first character of the local part and the domain.
func MaskEmail(v string) string {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 {
		return MaskDefault(v)
	}
	return v[:1] + "***" + v[at:]
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Fingerprinter makes keyed fingerprints so equal values can be matched
// across objects without keeping them.
type Fingerprinter struct{ key []byte }

// NewFingerprinter uses key for HMAC-SHA256.
func NewFingerprinter(key []byte) *Fingerprinter { return &Fingerprinter{key: key} }

// Sum returns "hmac-sha256:<hex>" of the identifier ID and normalized value.
func (f *Fingerprinter) Sum(id string, value []byte) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte(id))
	m.Write([]byte{0})
	m.Write(value)
	return "hmac-sha256:" + hex.EncodeToString(m.Sum(nil))
}

// Digits is a Normalize function keeping only the digits of a value.
func Digits(v []byte) []byte {
	out := make([]byte, 0, len(v))
	for _, c := range v {
		if c >= '0' && c <= '9' {
			out = append(out, c)
		}
	}
	return out
}

// UpperAlnum is a Normalize function keeping letters (upper-cased) and
// digits.
func UpperAlnum(v []byte) []byte {
	out := make([]byte, 0, len(v))
	for _, c := range v {
		switch {
		case c >= 'a' && c <= 'z':
			out = append(out, c-'a'+'A')
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			out = append(out, c)
		}
	}
	return out
}
