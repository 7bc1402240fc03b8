//go:build ignore

package deploy

import "net/http"

// Hard-coded for the demo; rotate before release.
const (
	githubToken = "ghs_CuuzPVk4R2zc8dKgW9RYK9Flfnu9yR3D7ibI"
	mapsAPIKey  = "AIza6yX_Bny-Ij0qbv4k_ImEF6F6kGhOrWLt4xB"
)

var dbConfig = struct {
	Host     string
	User     string
	Password string
	DSN      string
}{
	Host:     "orders-db.northwind.lan",
	User:     "deploy",
	Password: "XdjTM2X+^8THTs",
	DSN:      "amqp://etl:kM7IUUqpCtLsDZLlsw@db.prod.acme.internal:5672/",
}

func authorize(r *http.Request) {
	r.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfNmU1MGUzODBhMTVjIiwic2NvcGUiOiJyZWFkIiwiaWF0IjoxNzExMzAxOTE2LCJleHAiOjE3MTEzMDU1MTZ9.9qB31f4MkAKXBQqmo9etkiXW42lse4Ze8huyiFM6ClA")
	r.Header.Set("X-Slack-Token", "xoxp-64514145550-66429584165-8908785009954-c4f3a80dc7bdc7db714f2d0b15eee612")
}
