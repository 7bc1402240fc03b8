package personal

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
)

func csvBlock(text string) *classifiers.Block {
	lines := strings.Split(text, "\n")
	header := strings.Split(lines[0], ",")
	b := &classifiers.Block{Data: []byte(text), Line: 1, Done: len(text)}
	off := len(lines[0]) + 1
	for _, l := range lines[1:] {
		p := off
		for i, cell := range strings.Split(l, ",") {
			if len(cell) > 0 {
				b.Segments = append(b.Segments, classifiers.Segment{Start: p, End: p + len(cell), Keys: []string{header[i]}, Loc: classifiers.Location{Column: header[i]}})
			}
			p += len(cell) + 1
		}
		off += len(l) + 1
	}
	return b
}

func TestScratchCSV(t *testing.T) {
	e, err := classifiers.NewEngine(Identifiers, classifiers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := `id,first_name,last_name,email,street,city,state,zip,company_name,product_name,notes
1,Maria,Garcia,maria@x.com,12 Main St,Charlotte,NC,28202,Johnson Controls,Jordan Retro,Called Mark White today
2,Mark,White,mw@x.com,500 Oak Dr,Austin,TX,78701,Walker Jones LLP,Rose Gold,none
3,June,Young,jy@x.com,9 Elm Court,Jackson,MS,39201,Bank of America,Amber Glass,ok
4,Will,Brown,wb@x.com,77 Park Avenue Apt 4B,New York,NY,10016,Price Waterhouse,Green Tea,fine`
	e.ScanBlock(csvBlock(text), func(m classifiers.Match) {
		fmt.Printf("%-15s %-10s %-8s %q %s\n", m.Identifier.ID, m.Loc.Column, m.Confidence, m.Value, m.Masked)
	})
}
