package credentials

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestAWSSecretAccessKey(t *testing.T) {
	classifierstest.Run(t, AWSSecretAccessKey, []classifierstest.Case{
		{Text: "[default]\naws_access_key_id = AKIAP3GFUXGOJWCPPU4F\naws_secret_access_key = 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\n",
			Want: []string{"bEso5TLws+Bz7vI4TqoPI1MDV0VtjqmPI/nB1B9y"}},
		{Text: `{"AccessKeyId": "ASIA6TQH67O3JBUERNXZ", "SecretAccessKey": "Iug+e5UoeSn0IsDIIzG7ZdaioUu54GE+YQkCq623"}`,
			Want: []string{"Iug+e5UoeSn0IsDIIzG7ZdaioUu54GE+YQkCq623"}},
		{Text: "User name,Access key ID,Secret access key\nci-bot,AKIAC6J6ECSO4FPWJ6JY,JUDsVPJTyUMZJ5SunvA0CINfwjR1jvxHSZWVXaaA\n",
			Want: []string{"JUDsVPJTyUMZJ5SunvA0CINfwjR1jvxHSZWVXaaA"}},
		{Text: "export AWS_SECRET_ACCESS_KEY=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", Want: []string{"958YT40DhXp3ITknEDZEN/uM2VqW4qiHHq+yfEKm"}},
		{Text: "creds AKIACXAVPM3BBOAKARRS:crJLqDNaep/o/WVxr6D8i/u3UFJlQPwQqJvEvodB for the backup job",
			Want: []string{"crJLqDNaep/o/WVxr6D8i/u3UFJlQPwQqJvEvodB"}},
		{Text: "the AWS secret key is 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, rotate it", Want: []string{"crJLqDNaep/o/WVxr6D8i/u3UFJlQPwQqJvEvodB"}},
		{Text: "crJLqDNaep/o/WVxr6D8i/u3UFJlQPwQqJvEvodB"},                                         // no AWS context
		{Text: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},                 // documented example
		{Text: "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"},                 // another documented example
		{Text: "aws secret access key rotated in commit 6ed7316748a6924329efdad1e575a044d1b008db"}, // SHA-1
		{Text: "AWS_SECRET_ACCESS_KEY=6AA33346ABA0ECC2885EA9C3933EC6A2B486FA89"},                   // upper-case hex, no lower case
		{Text: "aws_secret_access_key = bEso5TLws+Bz7vI4TqoPI1MDV0VtjqmPI/nB1B9yQ2=="},             // longer base64
		{Text: "AWS secret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},                             // placeholder
		{Text: "aws secret key goes in the vault; sha-256 OEmGlQAZUjsVJuFpXZf0dEHSTX79xpBd2AGcNe9k3m0="},
	}, Identifiers...)
}
