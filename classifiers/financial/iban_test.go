package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestIBAN(t *testing.T) {
	classifierstest.Run(t, IBAN, []classifierstest.Case{
		{Text: "IBAN: DE44 5001 0517 5407 3249 31", Want: []string{"DE44 5001 0517 5407 3249 31"}},
		{Text: "transfer to GB30BARC20035367894512 today", Want: []string{"GB30BARC20035367894512"}},
		{Text: "jane,doe,NL20INGB0001234567,EUR", Want: []string{"NL20INGB0001234567"}},
		{Text: `{"iban":"FR7630006000011234567890189"}`, Want: []string{"FR7630006000011234567890189"}},
		{Text: "IBAN BE41 5390 0754 7035 BIC GEBABEBB", Want: []string{"BE41 5390 0754 7035"}},
		{Text: "konto NO9386011117947.", Want: []string{"NO9386011117947"}},
		{Text: "MT03 MALT 0110 0001 2345 MTLC AST0 02S", Want: []string{"MT03 MALT 0110 0001 2345 MTLC AST0 02S"}},
		{Text: "iban KW45NBOKABCDEFGHIJKLMNOPQRSTUV", Want: []string{"KW45NBOKABCDEFGHIJKLMNOPQRSTUV"}},
		{Text: "IBAN=DE44500105175407324931\nGB30 BARC 2003 5367 8945 12 1200", Want: []string{"DE44500105175407324931", "GB30 BARC 2003 5367 8945 12"}},
		{Text: "DE44500105175407324931", Keys: []string{"iban"}, Want: []string{"DE44500105175407324931"}},
		{Text: "IBAN: DE45 5001 0517 5407 3249 31"},   // check digits wrong
		{Text: "IBAN: DE4450010517540732493"},         // one character short for DE
		{Text: "IBAN: DE89 3704 0044 0532 0130 00"},   // documented example
		{Text: "iban de44500105175407324931"},         // lower case
		{Text: "IBAN: XX44500105175407324931"},        // no such country
		{Text: "IBAN: DE36000000000000000000"},        // all-zero account
		{Text: "build GB30BARC20035367894512AB done"}, // part of a longer token
	}, Identifiers...)
}
