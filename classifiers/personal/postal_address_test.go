package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestPostalAddress(t *testing.T) {
	classifierstest.Run(t, PostalAddress, []classifierstest.Case{
		// US: street, city, state, ZIP.
		{Text: "1600 Pennsylvania Avenue NW, Washington, DC 20500",
			Want: []string{"1600 Pennsylvania Avenue NW, Washington, DC 20500"}},
		{Text: "Visit us at 350 Fifth Avenue, New York, NY 10118 today.",
			Want: []string{"350 Fifth Avenue, New York, NY 10118"}},
		{Text: "Ship to: 742 Evergreen Terrace, Springfield, OR 97477-1234",
			Want: []string{"742 Evergreen Terrace, Springfield, OR 97477-1234"}},
		{Text: "John Smith\n1234 Elm St Apt 5\nSpringfield, IL 62704\n",
			Want: []string{"1234 Elm St Apt 5\nSpringfield, IL 62704"}},
		{Text: "2025-01-02T10:00:00Z user=jdoe addr=\"88 Sunset Blvd, Los Angeles, CA 90028\" status=ok",
			Want: []string{"88 Sunset Blvd, Los Angeles, CA 90028"}},
		{Text: "id,street,city,state,zip\n7,12 Main St,Charlotte,NC,28202",
			Want: []string{"12 Main St,Charlotte,NC,28202"}},
		{Text: "1 Martin Luther King Jr. Blvd, Suite 210, Atlanta, Georgia 30303",
			Want: []string{"1 Martin Luther King Jr. Blvd, Suite 210, Atlanta, Georgia 30303"}},
		{Text: "500 OAK DR, AUSTIN, TX 78701", Want: []string{"500 OAK DR, AUSTIN, TX 78701"}},
		{Text: "1600 Broadway, New York, NY 10019", Want: []string{"1600 Broadway, New York, NY 10019"}},
		{Text: "PO Box 1234, Austin, TX 78701", Want: []string{"PO Box 1234, Austin, TX 78701"}},
		{Text: "0487 Hopkins Squares Suite 691\nNorth Timothymouth, MN 74549",
			Want: []string{"0487 Hopkins Squares Suite 691\nNorth Timothymouth, MN 74549"}},
		{Text: "Ship to: USNS Brown\nFPO AE 35021", Want: []string{"USNS Brown\nFPO AE 35021"}},
		{Text: "PSC 8123, Box 4567\nAPO AA 12345", Want: []string{"PSC 8123, Box 4567\nAPO AA 12345"}},
		{Text: "123 W 5th St, 2nd Floor, Austin TX 78701", Want: []string{"123 W 5th St, 2nd Floor, Austin TX 78701"}},
		// UK: street, town, postcode.
		{Text: "221B Baker Street, London NW1 6XE", Want: []string{"221B Baker Street, London NW1 6XE"}},
		{Text: "10 Downing Street, London SW1A 2AA", Want: []string{"10 Downing Street, London SW1A 2AA"}},
		{Text: "Flat 3, 45 Kings Road, Chelsea, London SW3 4ND",
			Want: []string{"Flat 3, 45 Kings Road, Chelsea, London SW3 4ND"}},
		// A street line with an address keyword or column.
		{Text: `{"address": "77 Park Avenue Apt 4B"}`, Want: []string{"77 Park Avenue Apt 4B"}},
		{Text: "MAILING_ADDRESS=P.O. Box 55", Want: []string{"P.O. Box 55"}},
		{Text: "She lives at 19 Maple Lane.", Want: []string{"19 Maple Lane"}},
		{Text: "500 Oak Dr", Keys: []string{"home_address"}, Want: []string{"500 Oak Dr"}},
		{Text: `{"street": "12 Main St", "city": "Springfield"}`, Want: []string{"12 Main St"}},
		{Text: "street: 4 Privet Drive", Want: []string{"4 Privet Drive"}},
		{Text: "9 Elm Court #12", Keys: []string{"customer", "address_line1"}, Want: []string{"9 Elm Court #12"}},

		// Hard negatives.
		{Text: "Step 3 Drive the car to the garage"},
		{Text: "version 2 Court ruling expected"},
		{Text: "see page 5 Way forward"},
		{Text: "12 St"},
		{Text: "Chapter 12 Main Street"}, // a street line alone, no keyword
		{Text: "Top 10 Wall Street Banks of 2024"},
		{Text: "Buy a 2 TB Hard Drive, Dallas, TX 75201"},
		{Text: "123 Main St, Anytown, CA 90210"},    // placeholder
		{Text: "12 Main St, Springfield, IL 00000"}, // zero ZIP, and the street line alone is Low
		{Text: "The Supreme Court ruled 5 to 4 on Park Avenue zoning"},
		{Text: "Released 3 Abbey Road remasters in 2019"},
		{Text: "Windows 10 Home Edition, build 19045"},
		{Text: "order 4412 shipped 2024-03-01 qty 3 sku AB-12"},
		{Text: "IP address 10.0.0.12 on port 8080"},
		{Text: "Springfield", Keys: []string{"address"}},
		{Text: "Your new address has 3 Key Points to check"},
		{Text: "0 Main St, Springfield, IL 62701"},
		{Text: "The unit 12 test passed"},
		{Text: "Amazon S3 Glacier Deep Archive"},
	}, Identifiers...)
}

func TestMaskPostalAddress(t *testing.T) {
	for in, want := range map[string]string{
		"1600 Pennsylvania Avenue NW, Washington, DC 20500": "**** ************ Avenue NW, **********, DC 205**",
		"221B Baker Street, London NW1 6XE":                 "**** ***** Street, ****** *** ***",
		"PO Box 1234":                                       "** Box ****",
	} {
		if got := maskPostalAddress(in); got != want {
			t.Errorf("maskPostalAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
