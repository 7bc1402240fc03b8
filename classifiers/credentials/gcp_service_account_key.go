package credentials

import (
	c "github.com/dredge-dev/dredge/classifiers"
)

// GCPServiceAccountKey: a Google Cloud service-account JSON key file, as
// "gcloud iam service-accounts keys create" writes it: "type":
// "service_account" together with "private_key_id" (40 hex digits),
// "private_key" (a PKCS#8 PEM) and "client_email". Source: Google Cloud IAM
// documentation, "Create and delete service account keys" (key file
// format). One finding per key file: the value is the private_key_id, and
// the "service_account" type is a required keyword within Distance (wide
// enough for the files whose keys are sorted, where "type" comes last).
// The embedded private key and client_email count under PRIVATE_KEY and
// EMAIL_ADDRESS as well (DESIGN.md), so nothing is superseded. The
// JSON-in-a-JSON-string form (\"private_key_id\": \"...\") is matched too.
var GCPServiceAccountKey = &c.Identifier{
	ID:          "GCP_SERVICE_ACCOUNT_KEY",
	Category:    c.Credentials,
	Description: "Google Cloud service account key file",
	Patterns: []c.Pattern{{
		Regex:      `["']?private_key_id\\?["']?[ \t]*[:=][ \t]*\\?["']?(?P<v>[0-9a-f]{40})\b`,
		Confidence: c.Medium,
		Trigger:    c.Trigger{Literals: []string{"private_key_id"}},
	}},
	Keywords:       []string{"service account"},
	RequireKeyword: true,
	Distance:       4096,
	Validate:       validGCPKeyID,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// validGCPKeyID rejects an all-same key id and the sequential placeholders
// of templates (0123456789abcdef...).
func validGCPKeyID(v []byte) bool {
	s := string(v)
	return len(s) == 40 && distinct(s) >= 8 && !longRun(s, 6)
}
