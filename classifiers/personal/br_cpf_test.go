package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestBRCPF(t *testing.T) {
	classifierstest.Run(t, BRCPF, []classifierstest.Case{
		{Text: "Cliente: 390.533.447-05", Want: []string{"390.533.447-05"}},
		{Text: "CPF 71562890395", Want: []string{"71562890395"}},
		{Text: "nome,cpf,cidade\nJoão Silva,529.982.247-25,Recife", Want: []string{"529.982.247-25"}},
		{Text: `{"cliente": {"cpf": "715628903-95"}}`, Want: []string{"715628903-95"}},
		{Text: "CPF=390 533 447 05", Want: []string{"390 533 447 05"}},
		{Text: "39053344705", Keys: []string{"cadastro_de_pessoas_fisicas"}, Want: []string{"39053344705"}},
		{Text: "tel 39053344705"},          // bare, no keyword
		{Text: "Cliente: 390.533.447-06"},  // bad check digit
		{Text: "CPF: 123.456.789-09"},      // usual example
		{Text: "CPF: 111.111.111-11"},      // repeated digit
		{Text: "CPF: 000.000.000-00"},      // zeros
		{Text: "ref 1.390.533.447-05"},     // longer number
		{Text: "version 390.533.447-05.2"}, // continues
		{Text: "CNPJ 11.222.333/0001-81"},  // company number
	}, Identifiers...)
}
