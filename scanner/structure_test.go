package scanner

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
)

// testEngine finds a made-up identifier so that these tests depend only on
// the scanner: SECRET-#### anywhere, and 6-digit codes near "pin".
func testEngine(t testing.TB) *classifiers.Engine {
	t.Helper()
	e, err := classifiers.NewEngine([]*classifiers.Identifier{
		{ID: "TOKEN", Category: classifiers.Credentials, Severity: classifiers.Buckets(classifiers.SeverityHigh, classifiers.SeverityHigh, classifiers.SeverityHigh),
			Patterns: []classifiers.Pattern{{Regex: `SECRET-\d{4}`, Trigger: classifiers.Trigger{Literals: []string{"secret-"}}}}},
		{ID: "PIN", Category: classifiers.Personal, RequireKeyword: true, Keywords: []string{"pin", "pin code"},
			Severity: classifiers.Buckets(classifiers.SeverityLow, classifiers.SeverityMedium, classifiers.SeverityHigh),
			Patterns: []classifiers.Pattern{{Regex: `\b\d{6}\b`, Confidence: classifiers.Low, Trigger: classifiers.Trigger{Keyword: true}}}},
	}, classifiers.Options{FingerprintKey: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func scanString(t *testing.T, name, content string) Result {
	t.Helper()
	s := New(testEngine(t), Options{})
	return s.Scan(context.Background(), Object{Name: name, Size: int64(len(content)),
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }})
}

func occ(r Result, id string) []Occurrence {
	for _, f := range r.Findings {
		if f.Type == id {
			return f.Occurrences
		}
	}
	return nil
}

func TestCSVLocations(t *testing.T) {
	csv := "name,pin code,note\r\n" +
		"ann,123456,\"has SECRET-1111, ok\"\r\n" +
		"bob,654321,\"multi\nline SECRET-2222\"\r\n" +
		"\"quoted \"\"x\"\"\",111111,plain\r\n"
	r := scanString(t, "people.csv", csv)
	if r.Format != "csv" || r.Status != Complete {
		t.Fatalf("format %s status %s (%s)", r.Format, r.Status, r.Reason)
	}
	pins := occ(r, "PIN")
	if len(pins) != 3 {
		t.Fatalf("PIN: want 3 (column name is the keyword), got %+v", pins)
	}
	for i, p := range pins {
		if p.Column != "pin code" || p.Row != i+1 {
			t.Errorf("PIN %d: got row %d column %q", i, p.Row, p.Column)
		}
	}
	toks := occ(r, "TOKEN")
	if len(toks) != 2 || toks[0].Row != 1 || toks[0].Column != "note" || toks[1].Row != 2 || toks[1].Line != 4 {
		t.Fatalf("TOKEN locations: %+v", toks)
	}
}

func TestCSVWithoutHeader(t *testing.T) {
	r := scanString(t, "x.csv", "1,SECRET-1234,a\n2,b,c\n3,d,e\n")
	toks := occ(r, "TOKEN")
	if len(toks) != 1 || toks[0].Row != 1 || toks[0].Column != "2" {
		t.Fatalf("no header: want row 1 column 2, got %+v", toks)
	}
	if len(occ(r, "PIN")) != 0 {
		t.Fatal("no keyword anywhere, yet a PIN was found")
	}
}

func TestJSONPaths(t *testing.T) {
	doc := `{"user": {"pin": 123456, "tokens": ["a", "SECRET-0001"]}, "weird key": {"x": "SECRET-0002"}}`
	r := scanString(t, "u.json", doc)
	toks := occ(r, "TOKEN")
	if len(toks) != 2 || toks[0].JSONPath != "$.user.tokens[1]" || toks[1].JSONPath != `$["weird key"].x` {
		t.Fatalf("TOKEN paths: %+v", toks)
	}
	pins := occ(r, "PIN")
	if len(pins) != 1 || pins[0].JSONPath != "$.user.pin" {
		t.Fatalf("PIN: %+v", pins)
	}
}

func TestJSONLinesRecords(t *testing.T) {
	doc := "{\"a\": \"SECRET-0001\"}\n{\"b\": {\"pin\": \"999999\"}}\n\n{\"c\": [\"SECRET-0003\"]}\n"
	r := scanString(t, "u.jsonl", doc)
	toks := occ(r, "TOKEN")
	if len(toks) != 2 || toks[0].Record != 1 || toks[1].Record != 3 || toks[1].JSONPath != "$.c[0]" {
		t.Fatalf("TOKEN records: %+v", toks)
	}
	if p := occ(r, "PIN"); len(p) != 1 || p[0].Record != 2 {
		t.Fatalf("PIN: %+v", p)
	}
}

func TestJSONKeyContextDeep(t *testing.T) {
	// The keyword is a key several levels up: the whole path is context.
	doc := `{"pin": {"history": [{"value": "777777"}]}}`
	r := scanString(t, "d.json", doc)
	if p := occ(r, "PIN"); len(p) != 1 {
		t.Fatalf("want the ancestor key as context, got %+v", r.Findings)
	}
}

func TestJSONTooDeep(t *testing.T) {
	doc := strings.Repeat("[", 1000) + `"SECRET-4242"` + strings.Repeat("]", 1000)
	r := scanString(t, "deep.json", doc)
	if r.Status != Partial || !strings.Contains(r.Reason, "deeper than") {
		t.Fatalf("want partial for deep nesting, got %s %q", r.Status, r.Reason)
	}
	if r.CountOf("TOKEN") != 1 {
		t.Fatal("the value below the limit must still be found")
	}
}

func TestJSONMalformedIsErrorButScanned(t *testing.T) {
	r := scanString(t, "bad.json", `{"a": "SECRET-1234"}}`)
	if r.Status != Error || !strings.Contains(r.Reason, "invalid JSON") {
		t.Fatalf("want error status with the parser's message, got %s %q", r.Status, r.Reason)
	}
	if r.CountOf("TOKEN") != 1 {
		t.Fatal("what was read must still be reported")
	}
}

func TestTextUTF16(t *testing.T) {
	// UTF-16 LE with BOM.
	s := "line one\nSECRET-9876 here\n"
	b := []byte{0xff, 0xfe}
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	r := scanString(t, "u16.txt", string(b))
	toks := occ(r, "TOKEN")
	if len(toks) != 1 || toks[0].Line != 2 {
		t.Fatalf("UTF-16: %+v (format %s, status %s %s)", toks, r.Format, r.Status, r.Reason)
	}
}

func TestBinarySkipped(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00SECRET-1234", 10)
	r := scanString(t, "img.dat", png)
	if r.Status != Skipped || !strings.Contains(r.Reason, "unsupported format") || r.Count() != 0 {
		t.Fatalf("PNG: got %s %q with %d findings", r.Status, r.Reason, r.Count())
	}
	r = scanString(t, "blob", "\x00\x01\x02\x03SECRET-1234\x00")
	if r.Status != Skipped {
		t.Fatalf("binary blob: got %s", r.Status)
	}
}

func TestByteLimitIsPartial(t *testing.T) {
	s := New(testEngine(t), Options{Limits: Limits{MaxBytes: 100}})
	content := "SECRET-0001\n" + strings.Repeat("x", 200) + "\nSECRET-0002\n"
	r := s.Scan(context.Background(), Object{Name: "big.txt", Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}})
	if r.Status != Partial || !strings.Contains(r.Reason, "max bytes per object") {
		t.Fatalf("got %s %q", r.Status, r.Reason)
	}
	if r.CountOf("TOKEN") != 1 {
		t.Fatalf("what was read must be reported: %+v", r.Findings)
	}
}

func TestCountExactOccurrencesCapped(t *testing.T) {
	s := New(testEngine(t), Options{MaxOccurrences: 5})
	content := strings.Repeat("SECRET-1234 ", 250)
	r := s.Scan(context.Background(), Object{Name: "many.txt", Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}})
	if r.CountOf("TOKEN") != 250 || len(occ(r, "TOKEN")) != 5 {
		t.Fatalf("count %d occurrences %d", r.CountOf("TOKEN"), len(occ(r, "TOKEN")))
	}
}

func TestDetect(t *testing.T) {
	cases := []struct{ name, head, want string }{
		{"a.txt", "hello world", "text"},
		{"noext", "a,b,c\n1,2,3\n4,5,6\n", "csv"},
		{"noext", "a\tb\n1\t2\n3\t4\n", "tsv"},
		{"data", `{"a": 1}`, "json"},
		{"data", `[1, 2]`, "json"},
		{"creds", "[default]\naws_access_key_id = x\n", "text"},
		{"x.ini", "[section]\nkey=value\n", "text"},
		{"data", "{\"a\": 1}\n{\"a\": 2}\n", "jsonl"},
		{"mixed.log", "{\"a\": 1}\n{\"a\": 2}\n2026-01-01 INFO x=1\n", "text"},
		{"x.csv", "anything", "csv"},
		{"p.png", "\x89PNG\r\n\x1a\nxxxx", "png"},
		{"a.gz", "\x1f\x8b\x08\x00", "gzip"},
		{"x", "%PDF-1.7\n", "pdf"},
		{"prose.txt", "Hello, world.\nThis is prose, with commas.\nAnd more.\n", "text"},
	}
	for _, c := range cases {
		if got := Detect(c.name, []byte(c.head)); string(got) != c.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", c.name, c.head, got, c.want)
		}
	}
}
