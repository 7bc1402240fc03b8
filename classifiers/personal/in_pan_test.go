package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestINPAN(t *testing.T) {
	classifierstest.Run(t, INPAN, []classifierstest.Case{
		{Text: "PAN: BXGPK4821R", Want: []string{"BXGPK4821R"}},
		{Text: "2024-01-09 INFO itr filed for AFZCS7731M", Want: []string{"AFZCS7731M"}},
		{Text: "name,pan,state\nRavi Kumar,DQHPM0452K,MH", Want: []string{"DQHPM0452K"}},
		{Text: `{"kyc": {"pan_number": "CNRHT9027B"}}`, Want: []string{"CNRHT9027B"}},
		{Text: "PAN_NO=bxgpk4821r", Want: []string{"bxgpk4821r"}}, // lower case with keyword
		{Text: "PAN: ABCPE1234F"},                                 // documentation example
		{Text: "PAN: AAAPZ1234C"},                                 // documentation example
		{Text: "PAN: BXGDK4821R"},                                 // D is not a holder type
		{Text: "PAN: BXGPK0000R"},                                 // sequence 0000
		{Text: "ref bxgpk4821r"},                                  // lower case, no keyword
		{Text: "sku XBXGPK4821R and BXGPK4821RX and BXGPK48219R"}, // embedded / wrong shape
	}, Identifiers...)
}
