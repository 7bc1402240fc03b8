package health

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSDEANumber(t *testing.T) {
	classifierstest.Run(t, USDEANumber, []classifierstest.Case{
		{Text: "DEA: BJ6172833", Want: []string{"BJ6172833"}},
		{Text: "Prescriber DEA number FM9182736, NPI 1987654328", Want: []string{"FM9182736"}},
		{Text: "dea_registration,M93456123", Want: []string{"M93456123"}},
		{Text: "Dr. Kim (DEA# BJ6172833) signed", Want: []string{"BJ6172833"}},
		{Text: "BJ6172833", Keys: []string{"dea_number"}, Want: []string{"BJ6172833"}},
		{Text: "ref BJ6172833 shipped"},       // no keyword: low
		{Text: "req 4dea9 BJ6172833 shipped"}, // "dea" inside a hex id is no keyword
		{Text: "BJ6172833", Keys: []string{"id_0dea1"}},
		{Text: "DEA: BJ6172834"},             // check digit wrong
		{Text: "DEA: IJ6172833"},             // I is no registrant type
		{Text: "DEA: AB1234563"},             // textbook example
		{Text: "DEA: bj6172833"},             // lower case
		{Text: "DEA: BJ61728330 XBJ6172833"}, // longer tokens
		{Text: "DEA: AB0000000"},             // zeros
	}, Identifiers...)
}
