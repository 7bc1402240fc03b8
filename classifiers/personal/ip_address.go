package personal

import (
	"net/netip"

	c "github.com/dredge-dev/dredge/classifiers"
)

// IPAddress: an IPv4 address in dotted-decimal form (RFC 791; octets 0-255
// without leading zeros, RFC 6943 section 3.1.1) or an IPv6 address in the
// text forms of RFC 4291 section 2.2 (full, "::"-compressed, and with an
// embedded IPv4 tail), parsed by net/netip.
//
// Private addresses (RFC 1918, RFC 4193 unique-local, link-local) ARE
// findings. Not findings (DESIGN.md): loopback (127/8, ::1), unspecified
// (0.0.0.0, ::, and all of 0/8), broadcast and netmasks (every address from
// 224.0.0.0 up: multicast 224/4, reserved 240/4, 255.x masks), multicast
// ff00::/8, /8 network addresses (a.0.0.0) and x.y.z.0/nn CIDR network
// prefixes. IPv6 is only reported in the ranges IANA allocates to unicast
// hosts (2000::/3 global, fc00::/7 unique-local, fe80::/10 link-local) or as
// an IPv4-mapped address, which keeps "dead::beef", "a::b" and C++/Rust
// "x::y" paths out.
//
// Not IPs either: dotted numbers after "version", "ver", "release", "build",
// "rev", "firmware", "section"... (AssemblyVersion("1.0.0.0"), "see
// section 3.2.1.4"), a 'v' glued in front (v1.2.3.4), runs of five or more
// dotted groups (SNMP OIDs 1.3.6.1.4.1...), and colon-hex runs of nine or
// more groups (certificate and SSH key fingerprints).
var IPAddress = &c.Identifier{
	ID:          "IP_ADDRESS",
	Category:    c.Personal,
	Description: "IPv4 or IPv6 address",
	Patterns: []c.Pattern{
		{Regex: ipv4Regex, Value: ipv4ValueOf, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?:[^0-9A-Za-z_]|$)`}}},
		// An IPv6 address in a reported range starts with a four-digit
		// group 2xxx, 3xxx (2000::/3), fcxx-febx (fc00::/7, fe80::/10),
		// or holds "::" or ffff: (every IPv4-mapped form).
		{Regex: ipv6Regex, Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`::|(?i:ffff):|(?:^|[^0-9A-Za-z_:.])[23fF][0-9A-Fa-f]{3}:`}}},
	},
	Keywords:  []string{"ip", "ip address", "ipv4", "ipv6", "ip addr", "remote addr", "client ip", "src ip", "dst ip", "host"},
	Validate:  ipValid,
	Normalize: ipNormalize,
	Severity:  c.Buckets(c.SeverityLow, c.SeverityLow, c.SeverityMedium),
}

const (
	ipOctet = `(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`
	ipV4    = ipOctet + `(?:\.` + ipOctet + `){3}`
	// Spans consumed without a value, tried first.
	ipv4Version = `(?i:version|\bver|\brelease|\bbuild|\brev(?:ision)?|\bfirmware|\bsection|\bsec|\bclause|\bchapter|\bpara(?:graph)?|\bfig(?:ure)?|\bstep)[ \t"'=:(,]{0,6}v?[0-9]{1,3}(?:\.[0-9]{1,3}){3}`
	ipv4Network = `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.0/[0-9]{1,2}\b`
	ipv4Long    = `[0-9]{1,10}(?:\.[0-9]{1,10}){4,32}`
	ipv4Regex   = ipv4Version + `|` + ipv4Network + `|` + ipv4Long + `|\b(?P<v>` + ipV4 + `)\b`

	ipHex  = `[0-9A-Fa-f]`
	ipv6Fp = ipHex + `{1,4}(?::` + ipHex + `{1,4}){8,64}`
	// With an IPv4 tail, or the longest run of hex groups and colons (a
	// boundary check would let "2001:db8::" stop at "2001:db8").
	ipv6Value = ipHex + `{0,4}(?::` + ipHex + `{0,4}){1,6}:` + ipV4 + `\b|` +
		ipHex + `{0,4}(?::` + ipHex + `{0,4}){1,7}`
	ipv6Regex = `(?:(?m:^)|[^0-9A-Za-z_:.])(?:` + ipv6Fp + `|(?P<v>` + ipv6Value + `))`
)

var (
	ipv6Global    = netip.MustParsePrefix("2000::/3")
	ipv6UniqLocal = netip.MustParsePrefix("fc00::/7")
	ipv6LinkLocal = netip.MustParsePrefix("fe80::/10")
)

func ipV4Reportable(a netip.Addr) bool {
	b := a.As4()
	switch {
	case b[0] == 0, b[0] == 127, b[0] >= 224: // this-network, loopback, multicast, reserved, broadcast, masks
		return false
	case b[1] == 0 && b[2] == 0 && b[3] == 0: // a /8 network address (or a version 1.0.0.0)
		return false
	}
	return true
}

func ipValid(v []byte) bool {
	a, err := netip.ParseAddr(string(v))
	if err != nil || a.Zone() != "" {
		return false
	}
	if a.Is4() {
		return ipV4Reportable(a)
	}
	if a.Is4In6() {
		return ipV4Reportable(a.Unmap())
	}
	return ipv6Global.Contains(a) || ipv6UniqLocal.Contains(a) || ipv6LinkLocal.Contains(a)
}

// ipNormalize writes IPv6 addresses in their RFC 5952 canonical form so
// that 2001:DB8:0:0::1 and 2001:db8::1 share a fingerprint.
func ipNormalize(v []byte) []byte {
	a, err := netip.ParseAddr(string(v))
	if err != nil {
		return v
	}
	return []byte(a.String())
}

// ipv4ValueOf tells the value alternative of ipv4Regex from the others by
// its text: four dot-separated numbers, the whole match. The others hold a
// letter (ipv4Version), a '/' (ipv4Network) or at least four dots
// (ipv4Long).
func ipv4ValueOf(m []byte) (int, int) {
	dots := 0
	for _, ch := range m {
		switch {
		case ch == '.':
			dots++
		case ch < '0' || ch > '9':
			return -1, -1
		}
	}
	if dots != 3 {
		return -1, -1
	}
	return 0, len(m)
}
