package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// USSSN: US Social Security number. Dashed or spaced forms stand on their
// own; nine bare digits need a keyword (too many other things are nine
// digits), one that labels them (NearestKeyword): in "SSN: 536-22-8471,
// acct 123456789" the keyword belongs to the dashed number.
var USSSN = &c.Identifier{
	ID:          "US_SSN",
	Category:    c.Personal,
	Description: "US Social Security number",
	Patterns: []c.Pattern{
		{Regex: `\b(?P<v>\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4})\b`, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}(?:[^0-9A-Za-z_]|$)`}}},
		{Regex: `\b(?P<v>\d{9})\b`, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{9}`}}},
	},
	Keywords:       []string{"ssn", "ssns", "social security", "social security number", "soc sec", "ss#", "ss num", "taxpayer id", "tin"},
	NearestKeyword: true,
	Validate:       validate.USSSN,
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
