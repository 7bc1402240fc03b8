package credentials

import (
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// AWSAccessKeyID: an AWS access key ID, "AKIA" (long-term IAM user keys) or
// "ASIA" (temporary STS keys), ABIA (STS service bearer token), ACCA
// (context-specific credential), and the other unique-ID prefixes AWS
// documents for IAM entities (AGPA group, AIDA user, AROA role, ANPA/ANVA
// managed policies, APKA public key), followed by 16 base32 characters
// [A-Z2-7]. Source: AWS IAM User Guide, "IAM identifiers", section "Unique
// identifiers" (prefix table). The documentation example
// AKIAIOSFODNN7EXAMPLE and any key ending in EXAMPLE are not findings.
var AWSAccessKeyID = &c.Identifier{
	ID:          "AWS_ACCESS_KEY_ID",
	Category:    c.Credentials,
	Description: "AWS access key ID",
	Patterns: []c.Pattern{{
		Regex:      `\b(?P<v>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z2-7]{16})\b`,
		Confidence: c.High,
		Trigger:    c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])` + awsKeyIDShape}},
	}},
	Keywords:   []string{"aws", "access key", "access key id", "aws access key id", "accesskeyid"},
	Validate:   validAWSAccessKeyID,
	Examples:   []string{"AKIAIOSFODNN7EXAMPLE"},
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// awsKeyIDShape is the trigger shape of an access key ID.
const awsKeyIDShape = `(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z2-7]{16}`

// validAWSAccessKeyID rejects placeholders: a suffix with EXAMPLE, a long
// same or sequential run (AKIAXXXXXXXXXXXXXXXX, AKIAABCDEFGHIJKLMNOP), few
// distinct characters, or an all-letter suffix that reads like a word
// (ASIAPACIFICSOUTHEAST: real keys are random base32).
func validAWSAccessKeyID(v []byte) bool {
	if len(v) != 20 {
		return false
	}
	s := string(v[4:])
	if strings.Contains(s, "EXAMPLE") || longRun(s, 5) || distinct(s) < 6 {
		return false
	}
	digits, vowels := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '2', '3', '4', '5', '6', '7':
			digits++
		case 'A', 'E', 'I', 'O', 'U':
			vowels++
		}
	}
	return digits > 0 || vowels < 5
}
