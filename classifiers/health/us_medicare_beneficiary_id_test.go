package health

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSMedicareBeneficiaryID(t *testing.T) {
	classifierstest.Run(t, USMedicareBeneficiaryID, []classifierstest.Case{
		{Text: "Medicare MBI: 2AC5-DE7-FG89", Want: []string{"2AC5-DE7-FG89"}},
		{Text: "member 5KW9XR2HN41 enrolled 2024-01-01", Want: []string{"5KW9XR2HN41"}},
		{Text: "jane,doe,9T47Q83MM05,part b", Want: []string{"9T47Q83MM05"}},
		{Text: `{"mbi": "9T47-Q83-MM05"}`, Want: []string{"9T47-Q83-MM05"}},
		{Text: "MBI=2AC5DE7FG89\nMBI=5KW9XR2HN41", Want: []string{"2AC5DE7FG89", "5KW9XR2HN41"}},
		{Text: "2AC5DE7FG89", Keys: []string{"medicare_id"}, Want: []string{"2AC5DE7FG89"}},
		{Text: "MBI: 1SG4TE5MK73"},                 // S is not an MBI letter
		{Text: "MBI: 0EG4TE5MK73"},                 // starts with 0
		{Text: "MBI: 2AC5-DE7FG89"},                // one dash only
		{Text: "mbi: 2ac5de7fg89"},                 // lower case
		{Text: "Medicare: 1EG4-TE5-MK73"},          // CMS example
		{Text: "id 2AC5DE7FG89X and X2AC5DE7FG89"}, // longer tokens
		{Text: "sha 3f2ac5de7fa89e and 2024-01-15T10:30:00Z"},
	}, Identifiers...)
}
