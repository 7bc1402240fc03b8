package financial

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// Routing number labels: routing, ABA, RTN, transit number (also glued to
// Number/No: routingNumber). A bare "transit" is not one ("transit time").
const routingLabels = `(?:routing|aba|rtn|abartn|transit[ _-]?(?:number|num|nbr|no))(?:number|num|nbr|no)?`

// USABARoutingNumber: ABA routing transit number (ABA "Key to Routing
// Numbers"; Federal Reserve routing symbols 00-12, 21-32, 61-72, 80): 9
// digits with the 3-7-1 check digit (validate.ABARouting), written after a
// routing label or as a field under a column or key that names it. One
// 9-digit number in ten passes the check, so a keyword is required.
var USABARoutingNumber = &c.Identifier{
	ID:          "US_ABA_ROUTING_NUMBER",
	Category:    c.Financial,
	Description: "US ABA routing transit number",
	Patterns: []c.Pattern{
		{Regex: labeled(routingLabels, `[0-9]{9}`, numTail, 20), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{9}`}}},
		{Regex: field(`[0-9]{9}`), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{9}`}}},
	},
	Keywords: []string{
		"routing", "routing number", "routing no", "routing transit number", "bank routing", "aba",
		"aba number", "aba routing", "rtn", "abartn", "transit number", "ach routing",
	},
	RequireKeyword: true,
	Validate:       validate.ABARouting,
	Supersedes:     []string{"US_BANK_ACCOUNT_NUMBER"},
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityLow, c.SeverityMedium, c.SeverityMedium),
}
