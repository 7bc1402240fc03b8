package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestFRNIR(t *testing.T) {
	classifierstest.Run(t, FRNIR, []classifierstest.Case{
		{Text: "Numéro de sécurité sociale : 1 85 05 78 006 084 91", Want: []string{"1 85 05 78 006 084 91"}},
		{Text: "assure 192037512004208 enregistre", Want: []string{"192037512004208"}},
		{Text: "nom;nir;ville\nDupont;2 87 11 69 381 134 40;Lyon", Want: []string{"2 87 11 69 381 134 40"}},
		{Text: `{"beneficiaire": {"nir": "1850578006084 91"}}`, Want: []string{"1850578006084 91"}},
		{Text: "born in Corsica: 1 85 05 2A 004 012 70", Want: []string{"1 85 05 2A 004 012 70"}},
		{Text: "NIR=278112B05012362", Want: []string{"278112B05012362"}},
		{Text: "n° sécu 1.85.05.78.006.084.91", Want: []string{"1.85.05.78.006.084.91"}}, // dots need a keyword
		{Text: "1 85 05 78 006 084 92"},                       // bad key
		{Text: "2 55 08 14 168 025 38"},                       // documentation example
		{Text: "5 85 05 78 006 084 91"},                       // sex digit 5 does not exist
		{Text: "ref 185057800608492 sans indication"},         // bad key (bare)
		{Text: "card 3782 822463 10005 amex"},                 // card number
		{Text: "tracking 1850578006084917 delivered"},         // 16 digits
		{Text: "id 1 1 85 05 78 006 084 91"},                  // digits continue the run
		{Text: "ts 1850578006084 and 91 items"},               // key not adjacent
		{Text: "txn 000000000000000 / 1 00 00 00 000 000 00"}, // zeros
	}, Identifiers...)
}
