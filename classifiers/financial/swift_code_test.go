package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestSwiftCode(t *testing.T) {
	classifierstest.Run(t, SwiftCode, []classifierstest.Case{
		{Text: "SWIFT/BIC: DEUTDEFF500", Want: []string{"DEUTDEFF500"}},
		{Text: "Please wire to BIC code CHASUS33 today", Want: []string{"CHASUS33"}},
		{Text: `{"swift": "BOFAUS3NXXX"}`, Want: []string{"BOFAUS3NXXX"}},
		{Text: "Bank: HSBC, SWIFT HSBCHKHHHKH.", Want: []string{"HSBCHKHHHKH"}},
		{Text: "IBAN BE41 5390 0754 7035 BIC GEBABEBB", Want: []string{"GEBABEBB"}},
		{Text: "NWBKGB2L", Keys: []string{"bic"}, Want: []string{"NWBKGB2L"}},
		{Text: "swift codes: NWBKGB2L; CHASUS33", Want: []string{"NWBKGB2L", "CHASUS33"}},
		{Text: "SWIFT TRANSFER COMPLETED"},        // SF is no country
		{Text: "swift: deutdeff"},                 // lower case
		{Text: "send via DEUTDEFF"},               // no keyword
		{Text: "SWIFT: DEUTXXFF"},                 // XX is no country
		{Text: "BIC: DEUTDEF and BIC: DEUTDEFF5"}, // 7 and 9 characters
		{Text: "Swift code ABCDEFGHIJ"},           // 10 characters
	}, Identifiers...)
}
