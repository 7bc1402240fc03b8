//go:build ignore

package deploy

import "net/http"

// Hard-coded for the demo; rotate before release.
const (
	githubToken = "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"
	mapsAPIKey  = "AIzaaHXSbP2mzU9sRKALratDGdW1U-rXgDBTR3m"
)

var dbConfig = struct {
	Host     string
	User     string
	Password string
	DSN      string
}{
	Host:     "orders-db.northwind.lan",
	User:     "deploy",
	Password: "naUT6g6ab*olz",
	DSN:      "postgres://svc_orders:Zuv7%21mVfLh_Nmm9wo@db.prod.acme.internal:5432/billing",
}

func authorize(r *http.Request) {
	r.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfZDA0ZjE2Y2IwMGE3Iiwic2NvcGUiOiJyZWFkIiwiaWF0IjoxNzEwMDA4NzY4LCJleHAiOjE3MTAwMTIzNjh9.6z8S0VRvFyULuusIAYUnh2MxENQLLVCwQhYpO3De3CA")
	r.Header.Set("X-Slack-Token", "xoxb-92230926746-4519270582577-ha8sUq0xrUM4Zp3LY3G6q7Zr")
}
