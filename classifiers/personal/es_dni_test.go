package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestESDNI(t *testing.T) {
	classifierstest.Run(t, ESDNI, []classifierstest.Case{
		{Text: "DNI: 48291736Q", Want: []string{"48291736Q"}},
		{Text: "cliente 73015528-G alta 2023", Want: []string{"73015528-G"}},
		{Text: "nombre,nie,ciudad\nAna Pop,X4827193E,Madrid", Want: []string{"X4827193E"}},
		{Text: `{"titular": {"documento": "Y-3651209-L"}}`, Want: []string{"Y-3651209-L"}},
		{Text: "NIE=Z1290847T", Want: []string{"Z1290847T"}},
		{Text: "Documento Nacional de Identidad 05.432.187-R", Want: []string{"05.432.187-R"}},
		{Text: "dni 48291736 q", Want: []string{"48291736 q"}}, // lower case, spaced: keyword
		{Text: "48291736q", Keys: []string{"dni"}, Want: []string{"48291736q"}},
		{Text: "DNI: 48291736A"},         // wrong letter
		{Text: "DNI: 12345678Z"},         // usual example
		{Text: "NIE: X1234567L"},         // usual example
		{Text: "build 20240115T103000Z"}, // timestamp
		{Text: "ref 148291736Q"},         // nine digits
		{Text: "ref 1-48291736Q"},        // continues a digit run
		{Text: "lot 48291736 q"},         // lower case without keyword
		{Text: "DNI: 00000000T"},         // placeholder
		{Text: "hash 0f48291736Q1ab"},    // embedded
	}, Identifiers...)
}
