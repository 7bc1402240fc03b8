package personal

import (
	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// MACAddress: an IEEE 802 MAC-48/EUI-48 address (IEEE Std 802-2014,
// section 8.1: six octets written as hex pairs) with a consistent ':' or
// '-' separator (00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E), or in Cisco's
// dotted form 001a.2b3c.4d5e.
//
// Not reported: the all-zero and broadcast (ff:ff:ff:ff:ff:ff) addresses and
// other one-character placeholders, six pairs inside a longer colon/dash hex
// run (IPv6 addresses, certificate serials, SSH key fingerprints of 16 or
// more pairs, which are consumed without a value), and dash-separated pairs
// made only of decimal digits (part numbers, 12-05-20-14-30-00 stamps).
// The dotted form has no trigger of its own (no ':' or '-', possibly no
// digit), so it is keyword-triggered and needs a keyword (mac, hwaddr,
// ether...) or a MAC column; it must also contain a hex letter.
var MACAddress = &c.Identifier{
	ID:          "MAC_ADDRESS",
	Category:    c.Personal,
	Description: "MAC (EUI-48) hardware address",
	Patterns: []c.Pattern{
		{Regex: macRegex, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{macLead + `(?:` + macHex + `{2}(?::` + macHex + `{2}){5}|` + macHex + `{2}(?:-` + macHex + `{2}){5})`}}},
		{Regex: macDottedRegex, Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{macLead + macHex + `{4}\.` + macHex + `{4}\.` + macHex + `{4}`}}},
	},
	Keywords: []string{"mac", "mac address", "macaddr", "mac addr", "hwaddr", "hw addr", "hardware address",
		"ether", "ethernet address", "physical address", "bssid", "lladdr"},
	Validate:  macValid,
	Normalize: c.UpperAlnum,
	Severity:  c.Buckets(c.SeverityLow, c.SeverityLow, c.SeverityMedium),
}

const (
	macHex  = `[0-9A-Fa-f]`
	macLead = `(?:(?m:^)|[^0-9A-Za-z_:.\-])`
	// Seven or more hex groups: IPv6, fingerprints, serials (no value).
	macLongRun = macHex + `{1,4}(?:[:-]` + macHex + `{1,4}){6,64}`
	macRegex   = macLead + `(?:` + macLongRun + `|(?P<v>` + macHex + `{2}(?::` + macHex + `{2}){5}|` + macHex + `{2}(?:-` + macHex + `{2}){5})\b)`

	macDottedRegex = macLead + `(?P<v>` + macHex + `{4}\.` + macHex + `{4}\.` + macHex + `{4})\b`
)

func macValid(v []byte) bool {
	if validate.AllSameOrZero(v) {
		return false
	}
	var sep byte
	letters := false
	for _, ch := range v {
		switch {
		case ch == ':' || ch == '-' || ch == '.':
			sep = ch
		case ch > '9':
			letters = true
		}
	}
	// Dotted and dashed forms of decimal digits only are more often
	// numbers (part numbers, phone-like groups, stamps) than MACs.
	return letters || sep == ':'
}
