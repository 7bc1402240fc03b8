package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestPrivateKey(t *testing.T) {
	rsa := pemBlock("RSA PRIVATE KEY", derLike("rsa-2048", 1190), "\n")
	pkcs8 := pemBlock("PRIVATE KEY", derLike("pkcs8-ec", 138), "\r\n")
	ed := pemBlock("PRIVATE KEY", derLike("ed25519", 48), "\n")
	ssh := pemBlock("OPENSSH PRIVATE KEY", append([]byte("openssh-key-v1\x00"), fixtureBytes("ssh", 380)...), "\n")
	enc := pemBlock("RSA PRIVATE KEY", fixtureBytes("legacy-enc", 1192), "\n", "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,3F1A0C9E27B84D56A1E0F3C2B7D49E18")
	pgp := strings.Replace(pemBlock("PGP PRIVATE KEY BLOCK", append([]byte{0x95, 0x07, 0x6a}, fixtureBytes("pgp", 1900)...), "\n", "Version: GnuPG v2"),
		"\n-----END", "\n=Qx3b\n-----END", 1)
	jsonEsc := pemBlock("PRIVATE KEY", derLike("gcp-test-key", 1218), `\n`)
	indented := strings.ReplaceAll(pemBlock("EC PRIVATE KEY", derLike("ec-yaml", 121), "\n"), "\n", "\n    ")
	flat := pemBlock("EC PRIVATE KEY", derLike("ec-flat", 121), " ")
	cert := pemBlock("CERTIFICATE", derLike("cert", 900), "\n")
	pub := pemBlock("PUBLIC KEY", derLike("pub", 294), "\n")
	randomBody := pemBlock("RSA PRIVATE KEY", fixtureBytes("not-der", 1190), "\n")
	mismatch := strings.Replace(pemBlock("RSA PRIVATE KEY", derLike("mm", 1190), "\n"), "END RSA PRIVATE", "END EC PRIVATE", 1)
	classifierstest.Run(t, PrivateKey, []classifierstest.Case{
		{Text: rsa + "\n", Want: []string{rsa}},
		{Text: "key.pem:\n" + pkcs8 + "\r\n", Want: []string{pkcs8}},
		{Text: "tls:\n  key: |\n" + ed + "\n", Want: []string{ed}},
		{Text: ssh, Want: []string{ssh}},
		{Text: "tls:\n  key: |\n    " + indented + "\n  cert: x\n", Want: []string{indented}},
		{Text: enc, Want: []string{enc}},
		{Text: "gpg --export-secret-keys output:\n" + pgp + "\n", Want: []string{pgp}},
		{Text: `{"type": "service_account", "private_key": "` + jsonEsc + `\n", "client_id": "1047"}`, Want: []string{jsonEsc}},
		{Text: "SIGNING_KEY=\"" + flat + "\"", Want: []string{flat}},
		{Text: rsa + "\n" + pkcs8, Want: []string{rsa, pkcs8}},
		{Text: cert},       // a certificate
		{Text: pub},        // a public key
		{Text: mismatch},   // labels disagree
		{Text: randomBody}, // not DER
		{Text: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----"},             // elided docs sample
		{Text: "-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----"},                 // placeholder
		{Text: "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("A", 64) + "\n-----END PRIVATE KEY-----"},         // one character
		{Text: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n"}, // no END
		{Text: "grep -r 'BEGIN RSA PRIVATE KEY-----' ."},
	}, Identifiers...)
}
