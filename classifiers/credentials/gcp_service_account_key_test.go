package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

const gcpKeyID = "6ed7316748a6924329efdad1e575a044d1b008db"

func gcpKeyFile(keyID string, typ string, sorted, oneLine bool) string {
	pk := pemBlock("PRIVATE KEY", derLike("gcp-test-key", 1218), `\n`) + `\n`
	fields := [][2]string{
		{"type", typ},
		{"project_id", "ledger-prod-4471"},
		{"private_key_id", keyID},
		{"private_key", pk},
		{"client_email", "ingest@ledger-prod-4471.iam.gserviceaccount.com"},
		{"client_id", "104729318274610938571"},
		{"auth_uri", "https://accounts.google.com/o/oauth2/auth"},
		{"token_uri", "https://oauth2.googleapis.com/token"},
	}
	if sorted {
		fields = [][2]string{fields[6], fields[4], fields[5], fields[3], fields[2], fields[1], fields[7], fields[0]}
	}
	var parts []string
	for _, f := range fields {
		parts = append(parts, `"`+f[0]+`": "`+f[1]+`"`)
	}
	if oneLine {
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "{\n  " + strings.Join(parts, ",\n  ") + "\n}\n"
}

func TestGCPServiceAccountKey(t *testing.T) {
	escaped := strings.ReplaceAll(gcpKeyFile(gcpKeyID, "service_account", false, true), `"`, `\"`)
	classifierstest.Run(t, GCPServiceAccountKey, []classifierstest.Case{
		{Text: gcpKeyFile(gcpKeyID, "service_account", false, false), Want: []string{gcpKeyID}},
		{Text: gcpKeyFile(gcpKeyID, "service_account", true, false), Want: []string{gcpKeyID}},
		{Text: gcpKeyFile(gcpKeyID, "service_account", false, true), Want: []string{gcpKeyID}},
		{Text: `{"name": "ci", "credentials": "` + escaped + `"}`, Want: []string{gcpKeyID}},
		{Text: "type: service_account\nprivate_key_id: 6aa33346aba0ecc2885ea9c3933ec6a2b486fa89\n", Want: []string{"6aa33346aba0ecc2885ea9c3933ec6a2b486fa89"}},
		{Text: gcpKeyFile(gcpKeyID, "authorized_user", false, false)},                                   // not a service account
		{Text: gcpKeyFile("0000000000000000000000000000000000000000", "service_account", false, false)}, // placeholder id
		{Text: gcpKeyFile("0123456789abcdef0123456789abcdef01234567", "service_account", false, false)}, // sequential placeholder
		{Text: `{"type": "service_account", "private_key_id": "KEY_ID"}`},                               // documentation template
		{Text: "commit " + gcpKeyID + " adds the service account docs"},                                 // a SHA-1, no key id
	}, Identifiers...)
}
