//go:build ignore

package deploy

import "net/http"

// Hard-coded for the demo; rotate before release.
const (
	githubToken = "ghs_pktYZQgXDJgNlC6ALOdVb6uAmZoIeZ39UqAd"
	mapsAPIKey  = "AIzaqdYU2wBXiGu63-qydGCEMDFusBLup49AKn6"
)

var dbConfig = struct {
	Host     string
	User     string
	Password string
	DSN      string
}{
	Host:     "orders-db.northwind.lan",
	User:     "deploy",
	Password: "jiXbzYi9*Sjz+b",
	DSN:      "mysql://svc_orders:C-DkL_!jlj27k_@mongo-0.globex.local:3306/crm",
}

func authorize(r *http.Request) {
	r.Header.Set("Authorization", "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImU0NTJiMGFmYzcxMGY3ZjYifQ.eyJzdWIiOiJ1c3JfYjMyNWZiYzRlMmEyIiwic2NvcGUiOiJyZWFkIHdyaXRlIiwiaWF0IjoxNzA5NjA0MDYyLCJleHAiOjE3MDk2MDc2NjJ9.P5mQ4MWla4SUnUe_P1xnIPOIjBYX0wsA20fOgXEiR48EcGt6dnfCdIWeLqW-ByxGZmT4dVsOG2_-MoHnpYlIRB4L6k6ATcZFmxdUjSxLXV57TkKhx7dhBeauS4KNrPTqPqJGaYHAtvdxxIq5jB1FMIbalstKYHeTw3GRLeVMNppsc5hmQHYOJcTxotgFJqn-DXALJhRBOJCNHzlad6D-i551hlSpzEOsEaLGCVm0wItfwbexdq-aO7Y0iEJT2hpGmjc9JdzgpLAh1nzopOrVjcQ4C2lPJVn29ffItOR-KiGMPUiS8COGUpGFOJaVX0_lTLTAv91mbj9nTeHBgPXjIg")
}
