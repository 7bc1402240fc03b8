package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestIPAddress(t *testing.T) {
	classifierstest.Run(t, IPAddress, []classifierstest.Case{
		{Text: "The attacker came from 203.0.113.45 twice.", Want: []string{"203.0.113.45"}},
		{Text: `10.1.2.3 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 200`, Want: []string{"10.1.2.3"}},
		{Text: "host,ip\nweb1,192.168.1.20\n", Want: []string{"192.168.1.20"}},
		{Text: `{"client_ip": "172.16.254.1", "v6": "2001:db8:85a3::8a2e:370:7334"}`, Want: []string{"172.16.254.1", "2001:db8:85a3::8a2e:370:7334"}},
		{Text: "DB_HOST=10.0.0.12:5432", Want: []string{"10.0.0.12"}},
		{Text: "link fe80::1ff:fe23:4567:890a%eth0 and fe80::1", Want: []string{"fe80::1ff:fe23:4567:890a", "fe80::1"}},
		{Text: "full 2001:0db8:0000:0000:0000:ff00:0042:8329 end", Want: []string{"2001:0db8:0000:0000:0000:ff00:0042:8329"}},
		{Text: "ula [fd12:3456:789a:1::1]:443 and prefix 2001:db8::", Want: []string{"fd12:3456:789a:1::1", "2001:db8::"}},
		{Text: "mapped ::ffff:192.0.2.128 ok", Want: []string{"::ffff:192.0.2.128"}},
		{Text: "public 1.2.3.4 and 8.8.8.8", Want: []string{"1.2.3.4", "8.8.8.8"}},
		{Text: "route 192.168.1.10/24 via 10.0.0.1", Want: []string{"192.168.1.10", "10.0.0.1"}},
		{Text: "a,b\n10.0.0.1,2001:db8::2,2001:db8::3", Want: []string{"10.0.0.1", "2001:db8::2", "2001:db8::3"}},
		// Not reportable addresses or not addresses.
		{Text: "listen 127.0.0.1:8080 and [::1]:8080 and 0.0.0.0 and ::"},
		{Text: "netmask 255.255.255.0 broadcast 255.255.255.255 mask 255.255.0.0"},
		{Text: "mcast 224.0.0.251 and 239.255.255.250 and ff02::1"},
		{Text: "version 1.2.3.4, AssemblyVersion(\"1.0.0.0\"), v2.4.1.9, Version: 10.0.0.1"},
		{Text: "see section 3.2.1.4 of the spec"},
		{Text: "oid 1.3.6.1.4.1.311.21.8 and 1.2.840.113549.1.1.11"},
		{Text: "bad 256.1.1.1 and 10.01.1.1 and 1.2.3"},
		{Text: "subnets 10.0.0.0/8 172.16.0.0/12 192.168.1.0/24"},
		{Text: "fp aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99"},
		{Text: "std::string a::b dead::beef 10:30:00"},
		{Text: "mac 00:1a:2b:3c:4d:5e"},
	}, Identifiers...)
}
