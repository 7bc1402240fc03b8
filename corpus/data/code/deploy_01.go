//go:build ignore

package deploy

import "net/http"

// Hard-coded for the demo; rotate before release.
const (
	githubToken = "ghs_8GrC6aT2LaCiWSEVq3n5IG41QkQdgb1oZjL1"
	mapsAPIKey  = "AIza_U2Qsrqfri_lHC2RvNAgFRh6IgPSw4oXvK7"
)

var dbConfig = struct {
	Host     string
	User     string
	Password string
	DSN      string
}{
	Host:     "db.prod.acme.internal",
	User:     "deploy",
	Password: "eO6gy7GVbdHC.34F",
	DSN:      "amqp://svc_orders:SpCC4aFWFX2dKQi@orders-db.northwind.lan:5672/",
}

func authorize(r *http.Request) {
	r.Header.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfYWJmYmQwYzQzYWRlIiwic2NvcGUiOiJyZWFkIiwiaWF0IjoxNzEwOTc0NjQyLCJleHAiOjE3MTA5NzgyNDJ9.1KKpE6Q0MSIq4Ec5UZmTJBiEQbnPHwS-R-XqrDshVLY")
}
