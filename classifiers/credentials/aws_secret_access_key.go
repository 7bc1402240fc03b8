package credentials

import (
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// AWSSecretAccessKey: an AWS secret access key, 40 characters of base64
// ([A-Za-z0-9/+], 30 random bytes). The format alone is too weak (any 40
// base64 characters), so a match needs AWS context: the key name in an
// assignment (aws_secret_access_key = ..., "SecretAccessKey": "..."), an
// AWS keyword within Distance, or an access key ID right before it (the
// "AKIA...,secret" rows of an IAM credentials CSV, "AKIA...:secret").
// Source: AWS General Reference, "Understanding and getting your AWS
// credentials" (access key ID and secret access key pair); the documented
// example wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is not a finding, nor
// are 40-hex strings (SHA-1 digests, git commit IDs).
var AWSSecretAccessKey = &c.Identifier{
	ID:          "AWS_SECRET_ACCESS_KEY",
	Category:    c.Credentials,
	Description: "AWS secret access key",
	Patterns: []c.Pattern{
		{
			// The key name, then the value: aws_secret_access_key = v,
			// "SecretAccessKey": "v", AWS_SECRET_KEY: v, --aws-secret-access-key v.
			Regex: `(?i:aws[_-]?secret[_-]?access[_-]?key|secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key|aws[_-]?secret)\\?["']?[ \t]*(?:[:=]{1,2}>?|[ \t])[ \t]*\\?["']?` +
				`(?P<v>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
			Confidence: c.Medium,
			Trigger: c.Trigger{Literals: []string{"secret_access_key", "secretaccesskey", "secret access key",
				"aws_secret", "awssecret", "secret-access-key"}},
		},
		{
			// An access key ID, a short separator, then the secret.
			Regex:      `(?:AKIA|ASIA)[A-Z2-7]{16}["']?[ \t]*[,:;|= \t][ \t]*["']?(?P<v>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
			Confidence: c.Medium,
			Trigger: c.Trigger{Literals: []string{"AKIA", "ASIA"},
				Shapes: []string{`(?:AKIA|ASIA)[A-Z2-7]{16}["']?[ \t]*[,:;|= \t][ \t]*["']?[A-Za-z0-9/+]{40}`}},
		},
		{
			// A bare value near an AWS keyword (Low: reported with one).
			Regex:      `(?:^|[^A-Za-z0-9/+])(?P<v>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`,
			Confidence: c.Low,
			Trigger:    c.Trigger{Keyword: true},
		},
	},
	Keywords: []string{"aws secret access key", "secret access key", "aws secret key", "aws secret",
		"aws secret access keys", "aws credentials"},
	Validate:   validAWSSecretAccessKey,
	Examples:   []string{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
	Supersedes: []string{"PASSWORD", "URL_CREDENTIALS"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// validAWSSecretAccessKey wants the mix 30 random bytes in base64 have (an
// upper-case letter, a lower-case letter and a digit: 40-hex SHA-1s and
// words fail), no placeholder shape, and no EXAMPLE (the documented
// examples all end in EXAMPLEKEY).
func validAWSSecretAccessKey(v []byte) bool {
	s := string(v)
	if len(s) != 40 || strings.Contains(s, "EXAMPLE") {
		return false
	}
	up, lo, dg, _ := charClasses(s)
	return up && lo && dg && distinct(s) >= 16 && !longRun(s, 5)
}
