package classifiers

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var testIDs = []*Identifier{
	{ID: "CODE", Category: Custom, Patterns: []Pattern{{Regex: `\bZX-\d{4}\b`, Trigger: Trigger{Literals: []string{"zx-"}}}}},
	{ID: "NUM", Category: Custom, Patterns: []Pattern{{Regex: `\b\d{6}\b`, Confidence: Low, Trigger: Trigger{Digits: 6}}},
		Keywords: []string{"account number", "acct"}},
	{ID: "MAIL", Category: Custom, Patterns: []Pattern{{Regex: `\b[a-z]+@[a-z]+\.com\b`, Trigger: Trigger{At: true}}}},
	{ID: "URLCRED", Category: Custom, Patterns: []Pattern{{Regex: `https://[a-z]+:[a-z]+@[a-z]+\.com`, Trigger: Trigger{Literals: []string{"://"}}}},
		Supersedes: []string{"MAIL"}},
	{ID: "BLOCK", Category: Custom, Patterns: []Pattern{{Regex: `BEGIN\n(?:[a-z]+\n){1,100}END`, Trigger: Trigger{Literals: []string{"BEGIN"}, Reach: 4096}}}},
	{ID: "KWONLY", Category: Custom, RequireKeyword: true, Keywords: []string{"passport"},
		Patterns: []Pattern{{Regex: `\b[A-Z]\d{7}\b`, Trigger: Trigger{Keyword: true}}}},
}

func scanAll(t testing.TB, e *Engine, text string) []string {
	var out []string
	_, err := e.ScanReader(context.Background(), strings.NewReader(text), Location{}, func(m Match) {
		out = append(out, fmt.Sprintf("%s@%d:%d=%s/%s", m.Identifier.ID, m.Loc.Offset, m.Loc.Line, m.Value, m.Confidence))
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEngineBasics(t *testing.T) {
	e, err := NewEngine(testIDs, Options{MinConfidence: Low})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text string
		want []string
	}{
		{"x ZX-1234 y zx-9999", []string{"CODE@2:1=ZX-1234/medium"}},
		{"n 123456", []string{"NUM@2:1=123456/low"}},
		{"Account_Number: 123456", []string{"NUM@16:1=123456/medium"}},
		{"mail bob@example.com", []string{"MAIL@5:1=bob@example.com/medium"}},
		{"go https://bob:pw@example.com now", []string{"URLCRED@3:1=https://bob:pw@example.com/medium"}},
		{"a\nBEGIN\nabc\ndef\nEND\n", []string{"BLOCK@2:2=BEGIN\nabc\ndef\nEND/medium"}},
		{"passport no. X1234567", []string{"KWONLY@13:1=X1234567/high"}},
		{"no keyword X1234567", nil},
	}
	for _, c := range cases {
		if got := scanAll(t, e, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %q want %q", c.text, got, c.want)
		}
	}
}

func TestEngineBadPattern(t *testing.T) {
	_, err := NewEngine([]*Identifier{{ID: "BROKEN_ONE", Patterns: []Pattern{{Regex: `(a`, Trigger: Trigger{Literals: []string{"a"}}}}}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "BROKEN_ONE") {
		t.Fatalf("want an error naming the identifier, got %v", err)
	}
}

// randomText builds text with planted values around block boundaries.
func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	words := []string{"lorem", "ZX-4821", "acct 654321", "bob@example.com", "https://al:pw@host.com", "passport X7654321",
		"\n", "\n", "123456", "BEGIN\nabc\nxyz\nEND", "ipsum", strings.Repeat("q", 300)}
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(" \n"[r.IntN(2)])
	}
	return b.String()
}

func TestStreamEqualsWhole(t *testing.T) {
	e, err := NewEngine(testIDs, Options{MinConfidence: Low})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3; i++ {
		text := randomText(r, 3*blockSize+r.IntN(blockSize))
		streamed := scanAll(t, e, text)
		var whole []string
		b := &Block{Data: []byte(text), Line: 1, Done: len(text)}
		e.ScanBlock(b, func(m Match) {
			whole = append(whole, fmt.Sprintf("%s@%d:%d=%s/%s", m.Identifier.ID, m.Loc.Offset, m.Loc.Line, m.Value, m.Confidence))
		})
		if !slices.Equal(streamed, whole) {
			t.Fatalf("streamed scan differs from whole scan: %d vs %d matches", len(streamed), len(whole))
		}
		if len(whole) < 1000 {
			t.Fatalf("too few matches (%d) for a meaningful comparison", len(whole))
		}
	}
}

// FuzzStream checks that scanning in small blocks finds exactly what one
// whole-text scan finds, wherever the block boundaries fall.
func FuzzStream(f *testing.F) {
	f.Add("acct 123456 ZX-1234\nbob@example.com https://a:b@c.com\nBEGIN\nab\nEND\npassport X1234567", uint8(7))
	f.Add(strings.Repeat("ZX-1234 ", 50)+"\n"+strings.Repeat("9", 40), uint8(3))
	f.Add("BEGIN\n"+strings.Repeat("abc\n", 40)+"END acct 654321", uint8(1))
	e, err := NewEngine(testIDs, Options{MinConfidence: Low})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, size uint8) {
		whole := []string{}
		b := &Block{Data: []byte(text), Line: 1, Done: len(text)}
		e.ScanBlock(b, func(m Match) {
			whole = append(whole, fmt.Sprintf("%s@%d:%d=%s/%s", m.Identifier.ID, m.Loc.Offset, m.Loc.Line, m.Value, m.Confidence))
		})
		defer func(a, b, c int) { blockSize, lookAhead, lookBehind = a, b, c }(blockSize, lookAhead, lookBehind)
		blockSize, lookAhead, lookBehind = 16+int(size), 4200, 64
		got := scanAll(t, e, text)
		if got == nil {
			got = []string{}
		}
		// Lines longer than a block are cut inside; only texts whose lines
		// fit must match exactly.
		for _, l := range strings.Split(text, "\n") {
			if len(l) >= blockSize {
				return
			}
		}
		if !slices.Equal(got, whole) {
			t.Fatalf("blocks of %d: got %q\nwhole: %q", blockSize, got, whole)
		}
	})
}

// TestIdleMatcherHoldsNoText: the block buffer a matcher keeps between
// scans is cleared when a scan ends, so scanned text does not linger in
// idle matchers.
func TestIdleMatcherHoldsNoText(t *testing.T) {
	e, err := NewEngine(testIDs, Options{MinConfidence: Low})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("code ZX-1234 and mail bo@example.com\n", 1000)
	n := 0
	if _, err := e.ScanReader(context.Background(), strings.NewReader(text), Location{}, func(Match) { n++ }); err != nil || n == 0 {
		t.Fatalf("scan: %v, %d matches", err, n)
	}
	if len(e.free) != 1 {
		t.Fatalf("%d idle matchers, want 1", len(e.free))
	}
	buf := e.free[0].buf
	if cap(buf) < len(text) {
		t.Fatalf("buffer of %d bytes", cap(buf))
	}
	for i, c := range buf[:cap(buf)] {
		if c != 0 {
			t.Fatalf("byte %d of the idle buffer is %q: scanned text kept", i, c)
		}
	}
}
