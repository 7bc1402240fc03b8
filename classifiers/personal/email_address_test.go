package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestEmailAddress(t *testing.T) {
	classifierstest.Run(t, EmailAddress, []classifierstest.Case{
		{Text: "Please contact jane.doe@acme-corp.com for details.", Want: []string{"jane.doe@acme-corp.com"}},
		{Text: "2024-05-01T10:00:00Z INFO login user=j.smith+alerts@mail.example.org ok", Want: []string{"j.smith+alerts@mail.example.org"}},
		{Text: "id,name,email\n7,Ana,ana_lopez@empresa.es\n", Want: []string{"ana_lopez@empresa.es"}},
		{Text: `{"client_email": "svc-42@my-project.iam.gserviceaccount.com"}`, Want: []string{"svc-42@my-project.iam.gserviceaccount.com"}},
		{Text: "ADMIN_EMAIL=OPS@EXAMPLE.CO.UK", Want: []string{"OPS@EXAMPLE.CO.UK"}},
		{Text: "From: Bob Lee <bob.lee@example.com>", Want: []string{"bob.lee@example.com"}},
		{Text: "mailto:a1@b-c.io, x@y.travel", Want: []string{"a1@b-c.io", "x@y.travel"}},
		{Text: "send to john@example.com.", Want: []string{"john@example.com"}},
		{Text: "ana@x.es,bo@y.fr", Want: []string{"ana@x.es", "bo@y.fr"}},
		{Text: "reply to 12345@qq.com please", Want: []string{"12345@qq.com"}},
		{Text: "'o'brien@pub.ie' said", Want: []string{"o'brien@pub.ie"}},
		// Not addresses.
		{Text: "Message-ID: <20240501.ab12cd@mail.example.com>"},
		{Text: "In-Reply-To: <CAF=abc+def@mail.gmail.com>"},
		{Text: "References: <a1@host.example.com> <b2@host.example.com>"},
		{Text: `{"message_id": "0100018f@email.amazonses.com"}`},
		{Text: "git clone git@github.com:acme/widgets.git"},
		{Text: "ssh -T git@github.com"},
		{Text: "deploy@web-1.prod.example.com:~$ ls"},
		{Text: "img src=logo@2x.png srcset=icon@3x.webp"},
		{Text: "npm install lodash@4.17.21 @types/node@20.1.0 go get example.com/mod@v1.2.3"},
		{Text: "DATABASE_URL=postgres://admin:s3cr3t@db.example.com:5432/app"},
		{Text: "https://alice@example.com/repo.git"},
		{Text: "contact you@example.com or your.email@example.com"},
		{Text: "user@localhost and root@server01"},
		{Text: "docker pull alpine@sha256:abcdef0123"},
	}, Identifiers...)
}
