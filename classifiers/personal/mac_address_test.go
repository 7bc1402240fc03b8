package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestMACAddress(t *testing.T) {
	classifierstest.Run(t, MACAddress, []classifierstest.Case{
		{Text: "The laptop's adapter is 3c:22:fb:7a:19:e4.", Want: []string{"3c:22:fb:7a:19:e4"}},
		{Text: "May  1 10:00:00 dhcpd: DHCPACK on 10.0.0.7 to 00:1A:2B:3C:4D:5E via eth0", Want: []string{"00:1A:2B:3C:4D:5E"}},
		{Text: "host,mac\nprinter,A4-5E-60-C2-11-0B\n", Want: []string{"A4-5E-60-C2-11-0B"}},
		{Text: `{"hwaddr": "f0:18:98:aa:01:7c"}`, Want: []string{"f0:18:98:aa:01:7c"}},
		{Text: "WLAN_BSSID=64:66:b3:0e:55:21", Want: []string{"64:66:b3:0e:55:21"}},
		{Text: "a=3c:22:fb:7a:19:e4,b=3c:22:fb:7a:19:e5", Want: []string{"3c:22:fb:7a:19:e4", "3c:22:fb:7a:19:e5"}},
		{Text: "show mac address: 001a.2b3c.4d5e", Want: []string{"001a.2b3c.4d5e"}},
		{Text: "00:11:22:33:44:55", Keys: []string{"mac_address"}, Want: []string{"00:11:22:33:44:55"}},
		// Not MAC addresses.
		{Text: "null 00:00:00:00:00:00 bcast ff:ff:ff:ff:ff:ff FF-FF-FF-FF-FF-FF"},
		{Text: "MD5 fingerprint 16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"},
		{Text: "SHA1 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"},
		{Text: "ipv6 2001:db8:aa:bb:cc:dd:ee:ff and fe80::aa:bb:cc:dd:ee:ff"},
		{Text: "uuid 550e8400-e29b-41d4-a716-446655440000"},
		{Text: "part 12-34-56-78-90-12 and stamp 20-24-05-01-10-30"},
		{Text: "router 001a.2b3c.4d5e"},            // dotted form needs a keyword
		{Text: "seven 00:1a:2b:3c:4d:5e:6f"},       // too many pairs
		{Text: "time 10:30:45 and 1a:2b:3c:4d:5e"}, // too few pairs
	}, Identifiers...)
}
