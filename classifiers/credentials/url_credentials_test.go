package credentials

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestURLCredentials(t *testing.T) {
	const (
		u1 = "postgres://ledger_app:Y4Uvgkm7rtQ4@db01.internal:5432"
		u2 = "mongodb+srv://svc-ingest:pnLGAqKCFVxg@cluster0.x8k2p.mongodb.net"
		u3 = "redis://:wn3Qr+T7hiEo@cache.internal:6379"
		u4 = "https://deploy:6eTqF7Z83p9u@artifacts.ledger.io"
		u5 = "ftp://alice@ledger.io:R%3A%2BYF2V%5E14vO@files.ledger.io"
		u6 = "amqp://worker:nsqK%5Ed%3FN%3A.qG@[fd00::12]:5672"
	)
	classifierstest.Run(t, URLCredentials, []classifierstest.Case{
		{Text: "DATABASE_URL=" + u1 + "/ledger?sslmode=require", Want: []string{u1}},
		{Text: `{"mongo_uri": "` + u2 + `/prod?retryWrites=true"}`, Want: []string{u2}},
		{Text: "cache:\n  url: " + u3 + "/0\n", Want: []string{u3}},
		{Text: "2024-05-01 INFO fetching " + u4 + "/releases/v1.2.3.tar.gz", Want: []string{u4}},
		{Text: "name,url\nfiles," + u5 + "/in\nqueue," + u6 + "/vhost", Want: []string{u5, u6}},
		{Text: "spring.datasource.url=jdbc:" + u1 + "/ledger", Want: []string{u1}},
		{Text: "git clone git@github.com:acme/ledger.git"},                          // scp-like remote
		{Text: "ssh://git@github.com/acme/ledger.git"},                              // no password
		{Text: "DATABASE_URL=postgres://user:password@localhost:5432/db"},           // placeholder
		{Text: "DATABASE_URL=postgres://app:${DB_PASSWORD}@db01:5432/ledger"},       // template
		{Text: "see http://foo:bar@example.com for the syntax"},                     // docs placeholder
		{Text: "REDIS_URL=redis://:changeme@cache:6379"},                            // default
		{Text: "proxy http://proxy.internal:3128/ and https://host:8443@mirror.io"}, // a port, not a password
		{Text: "http://localhost:8080/api/users/alice@ledger.io"},                   // @ in the path
		{Text: "postgres://app:@db01:5432/ledger"},                                  // empty password
	}, Identifiers...)
}
