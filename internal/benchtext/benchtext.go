// Package benchtext generates deterministic mixed text for benchmarks:
// logs, CSV, JSON and prose, with sensitive values planted at a realistic
// rate (a few per KiB) among many look-alikes (hashes, UUIDs, timestamps,
// order numbers).
package benchtext

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

var (
	words = strings.Fields(`the of and to in is was for on that with as by at from this be are an or have
		not which his her but they all were when we there can more one about some would their what out up
		into has them time its only new other then these two may first any like now my such make over our
		even most me state after also made many did must before back see through way where get much go well
		your know should down work year because come people just say each those take day good how long
		invoice shipment report patient account order customer server request response cache deploy build`)
	// Values that must be found.
	planted = []string{
		"SSN 536-22-8471", "card 4111 1111 1111 1111 exp 09/28", "contact maria.garcia@example.org",
		"aws_access_key_id = AKIA2E7AQF3BZ44CW7K6", "call +1 (212) 555-0143", "IBAN DE89 3704 0044 0532 0130 00",
		"client 10.12.4.77 connected", "token ghp_R8x2Lq9ZfT3vW7yN1cK5mJ0pH4sD6gB2aE9u", "dob: 1984-07-19",
		"password = \"Xv9#kq2!Lm\"", "NINO QQ 12 34 56 C", "mac 3c:22:fb:91:0a:4e", "passport no. 533380006",
	}
	// Look-alikes that must not be.
	decoys = []string{
		"commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "id 550e8400-e29b-41d4-a716-446655440000",
		"at 2026-03-14T15:09:26.535Z", "order 482913377", "v1.24.3", "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
		"total 1234.56 USD", "port 8443", "build 20260314.7",
	}
)

// Generate returns n bytes (at least) of mixed text for seed.
func Generate(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b bytes.Buffer
	b.Grow(n + 4096)
	sentence := func() {
		k := 6 + r.IntN(14)
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.IntN(len(words))])
		}
	}
	extra := func() string {
		switch x := r.IntN(100); {
		case x < 6:
			return planted[r.IntN(len(planted))]
		case x < 30:
			return decoys[r.IntN(len(decoys))]
		}
		return ""
	}
	for b.Len() < n {
		switch r.IntN(4) {
		case 0: // log lines
			for i := 0; i < 20; i++ {
				fmt.Fprintf(&b, "2026-03-%02dT%02d:%02d:%02d.%03dZ INFO [worker-%d] ", 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000), r.IntN(16))
				sentence()
				b.WriteString(" " + extra() + "\n")
			}
		case 1: // CSV
			b.WriteString("id,name,note,amount\n")
			for i := 0; i < 20; i++ {
				fmt.Fprintf(&b, "%d,%s,", r.IntN(1e6), words[r.IntN(len(words))])
				b.WriteString(extra())
				fmt.Fprintf(&b, ",%d.%02d\n", r.IntN(10000), r.IntN(100))
			}
		case 2: // JSON lines
			for i := 0; i < 15; i++ {
				fmt.Fprintf(&b, `{"id": %d, "event": "%s", "detail": "`, r.IntN(1e9), words[r.IntN(len(words))])
				b.WriteString(strings.ReplaceAll(extra(), `"`, `\"`))
				b.WriteString(`", "ok": true}` + "\n")
			}
		default: // prose
			for i := 0; i < 6; i++ {
				sentence()
				b.WriteString(". ")
				if e := extra(); e != "" {
					b.WriteString(e + ". ")
				}
			}
			b.WriteString("\n\n")
		}
	}
	return b.Bytes()
}
