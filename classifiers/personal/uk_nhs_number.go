package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// UKNHSNumber: NHS number (England, Wales, Isle of Man), 10 digits usually
// printed 3-3-4 ("943 476 5919"), the last one a modulus 11 check digit
// (NHS Data Dictionary, "NHS Number"; validate.UKNHS).
//
// A keyword is required for every form: 3-3-4 is also the US phone layout
// ("212 555 0199" happens to pass the check), and one random number in
// eleven does. With a keyword the grouped form is High, ten bare digits
// Medium. A validated NHS number supersedes a PHONE_NUMBER on the same
// span. "943 476 5919", the Data Dictionary's example, is suppressed.
var UKNHSNumber = &c.Identifier{
	ID:          "UK_NHS_NUMBER",
	Category:    c.Personal,
	Description: "UK NHS number",
	Patterns: []c.Pattern{
		{Regex: nidRun(`\d{3}[ \-]\d{3}[ \-]\d{4}`), Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{4}`}}},
		{Regex: nidRun(`\d{10}`), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[0-9]{10}`}}},
	},
	Keywords:       []string{"nhs", "nhs number", "nhs no", "nhs num", "nhs#", "national health service"},
	RequireKeyword: true,
	Validate:       nidValid(validate.UKNHS),
	Examples:       []string{"9434765919"},
	Supersedes:     []string{"PHONE_NUMBER"},
	Normalize:      c.Digits,
	Severity:       c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}
