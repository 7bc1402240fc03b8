package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestITFiscalCode(t *testing.T) {
	classifierstest.Run(t, ITFiscalCode, []classifierstest.Case{
		{Text: "Codice fiscale: BNCLRA72E52F205U", Want: []string{"BNCLRA72E52F205U"}},
		{Text: "2024-05-02 INFO anagrafica aggiornata VRDGPP80A01H501U ok", Want: []string{"VRDGPP80A01H501U"}},
		{Text: "nome,cf,comune\nLucia Ferrari,FRRLCU91S64L219F,Torino", Want: []string{"FRRLCU91S64L219F"}},
		{Text: `{"cliente": {"codiceFiscale": "MRNGNN77C12Z404Q"}}`, Want: []string{"MRNGNN77C12Z404Q"}},
		{Text: "CF=VRDGPP80A01H50MM", Want: []string{"VRDGPP80A01H50MM"}},           // omocodia
		{Text: "cod. fiscale mrtlcu88b48d969e", Want: []string{"mrtlcu88b48d969e"}}, // lower case with keyword
		{Text: "Codice fiscale: RSSMRA85T10A562S"},                                  // textbook example
		{Text: "Codice fiscale: BNCLRA72E52F205A"},                                  // bad check letter
		{Text: "Codice fiscale: BNCLRA72E35F205A"},                                  // day 35 does not exist
		{Text: "ref BNCLRA72X52F205U"},                                              // X is not a month
		{Text: "token XBNCLRA72E52F205U and BNCLRA72E52F205UA"},                     // embedded
		{Text: "ref mrtlcu88b48d969e"},                                              // lower case, no keyword
		{Text: "span 9f3cf41 mrtlcu88b48d969e"},                                     // "cf" inside a hex id is no keyword
		{Text: "trace=a1cf mrtlcu88b48d969e"},                                       // nor at its end
		{Text: "cf mrtlcu88b48d969e", Want: []string{"mrtlcu88b48d969e"}},           // a keyword as a word
		{Text: "sha 4BNCLRA72E52F205U9 key ABCDEF12G34H567J"},                       // look-alikes
	}, Identifiers...)
}
