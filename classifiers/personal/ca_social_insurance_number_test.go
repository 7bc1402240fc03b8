package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestCASocialInsuranceNumber(t *testing.T) {
	classifierstest.Run(t, CASocialInsuranceNumber, []classifierstest.Case{
		{Text: "Employee SIN: 130 726 847", Want: []string{"130 726 847"}},
		{Text: "Numéro d'assurance sociale : 271-403-495", Want: []string{"271-403-495"}},
		{Text: "name,sin,province\nMarie Roy,527193866,QC", Want: []string{"527193866"}},
		{Text: `{"social_insurance_number": "615 382 942"}`, Want: []string{"615 382 942"}},
		{Text: "SIN=904102175", Want: []string{"904102175"}},
		{Text: "904 102 175", Keys: []string{"employee_sin"}, Want: []string{"904 102 175"}},
		{Text: "order 130 726 847 shipped"},       // no keyword
		{Text: "SIN: 130 726 848"},                // bad Luhn
		{Text: "SIN: 830 726 843"},                // business-number range (8)
		{Text: "SIN: 046 454 286"},                // documentation example, and 0 is never assigned
		{Text: "SIN: 123 456 782"},                // common example
		{Text: "SIN 130-726-847-2209 on file"},    // part of a longer number
		{Text: "social insurance: 130-72-6847"},   // SSN layout
		{Text: "nas01 backup volume 130 726 847"}, // NAS is not a keyword
	}, Identifiers...)
}
