package credentials

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestAWSAccessKeyID(t *testing.T) {
	classifierstest.Run(t, AWSAccessKeyID, []classifierstest.Case{
		{Text: "aws_access_key_id = AKIAP3GFUXGOJWCPPU4F", Want: []string{"AKIAP3GFUXGOJWCPPU4F"}},
		{Text: "2024-05-01T10:00:00Z INFO assumed role, key ASIA6TQH67O3JBUERNXZ expires in 3600s", Want: []string{"ASIA6TQH67O3JBUERNXZ"}},
		{Text: "alice,AKIAC6J6ECSO4FPWJ6JY,2024-01-03\nbob,AKIACXAVPM3BBOAKARRS,2024-02-11", Want: []string{"AKIAC6J6ECSO4FPWJ6JY", "AKIACXAVPM3BBOAKARRS"}},
		{Text: `{"AccessKeyId": "ASIA6TQH67O3JBUERNXZ", "Expiration": "2024-05-01"}`, Want: []string{"ASIA6TQH67O3JBUERNXZ"}},
		{Text: "role id AROAEJKWBAECRA4EY3IJ in the trust policy", Want: []string{"AROAEJKWBAECRA4EY3IJ"}},
		{Text: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"},                   // AWS documentation example
		{Text: "key AKIAI44QH7DHBEXAMPLE from the IAM guide"},              // any ...EXAMPLE key
		{Text: "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX"},                   // placeholder
		{Text: "AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP"},                   // sequential placeholder
		{Text: "REGION=ASIAPACIFICSOUTHEAST"},                              // a word, not base32 noise
		{Text: "akiap3gfuxgojwcppu4f"},                                     // lower case
		{Text: "AKIAP3GFUXGOJWCPPU4F9"},                                    // 17 characters after the prefix
		{Text: "blob xAKIAP3GFUXGOJWCPPU4F"},                               // inside a longer token
		{Text: "AKIA1234567890123456"},                                     // 0, 1, 8, 9 are not base32
		{Text: "sha1 5f1c2AKIAP3GFUXGOJWCPPU4F0a9e7d1 in a longer string"}, // glued to hex
	}, Identifiers...)
}
