package classifiers_test

import (
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers/personal"
	"github.com/wasilibs/go-re2/experimental"
)

func TestDbgRegexSpeed(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	lines := map[string]string{
		"EMAIL_ADDRESS": `2026-01-14T19:12:16.134Z INFO  [http-3] GET /api/v1/users/123 200 12ms req=45acd686e75b70da contact maria.garcia@northwind-mail.com`,
		"IP_ADDRESS":    `2026-01-14T19:12:16.134Z INFO  [http-3] GET /api/v1/users/123 200 12ms req=45acd686e75b70da client 10.12.4.77 connected`,
	}
	for _, id := range personal.Identifiers {
		line, ok := lines[id.ID]
		if !ok {
			continue
		}
		re2 := experimental.MustCompileLatin1(id.Patterns[0].Regex)
		gore := regexp.MustCompile(id.Patterns[0].Regex)
		b := []byte(line)
		r1 := testing.Benchmark(func(bb *testing.B) {
			for range bb.N {
				re2.FindAllSubmatchIndex(b, -1)
			}
		})
		r2 := testing.Benchmark(func(bb *testing.B) {
			for range bb.N {
				gore.FindAllSubmatchIndex(b, -1)
			}
		})
		r3 := testing.Benchmark(func(bb *testing.B) {
			for range bb.N {
				re2.FindAllIndex(b, -1)
			}
		})
		t.Logf("%s: go-re2 submatch %v, go regexp submatch %v, go-re2 index %v; %v %v", id.ID, r1.T/time.Duration(r1.N), r2.T/time.Duration(r2.N), r3.T/time.Duration(r3.N), re2.FindAllSubmatchIndex(b, -1), gore.FindAllSubmatchIndex(b, -1))
	}
}
