package scanner

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hamba/avro/v2/ocf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// want is a location an occurrence must have (zero fields are not
// checked).
type want struct {
	Path, Column, Cell, JSONPath string
	Line, Row, Record, Page      int
}

func (w want) matches(o Occurrence) bool {
	return o.Path == w.Path && (w.Column == "" || o.Column == w.Column) && (w.Cell == "" || o.Cell == w.Cell) &&
		(w.JSONPath == "" || o.JSONPath == w.JSONPath) && (w.Line == 0 || o.Line == w.Line) &&
		(w.Row == 0 || o.Row == w.Row) && (w.Record == 0 || o.Record == w.Record) && (w.Page == 0 || o.Page == w.Page)
}

type planted struct {
	name   string
	data   []byte
	format string
	status Status
	tokens []want // TOKEN (SECRET-####) occurrences, exactly these
	pins   []want // PIN occurrences (found only through context keys)
	reason string // a substring of the reason
}

func scanBytes(t testing.TB, s *Scanner, name string, data []byte) Result {
	t.Helper()
	return s.Scan(context.Background(), Object{Name: name, Size: int64(len(data)),
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
}

func plantedSamples(t testing.TB) []planted {
	csv := []byte("name,pin,note\nann,123456,SECRET-1004\n")
	innerTarGz := gz(tarOf(t, zfile{name: "file.csv", data: []byte("code,other\nSECRET-8001,x\n")}))
	outer := zipOf(t,
		zfile{name: "dir/inner.tar.gz", data: innerTarGz},
		zfile{name: "notes.txt", data: []byte("first\nsecond SECRET-8002\n"), store: true},
		zfile{name: "deep/level.zip", data: zipOf(t, zfile{name: "x/y.json", data: []byte(`{"a":{"b":["SECRET-8003"]}}`)}), store: true})
	xlsx := xlsxOf(t, []string{"People", "Sheet2"}, [][][]string{
		{{"just", "text"}},
		{{"Name", "PIN", "Code"}, {"a"}, {"b"}, {"c"}, {"ann", "#123456", "SECRET-4001"}},
	})
	emptyPDF := pdfOf(pdfPage{content: "BT /F1 12 Tf 72 720 Td (Intro page) Tj 0 -14 Td (nothing here) Tj ET"},
		pdfPage{content: "BT /F1 12 Tf 72 720 Td (Intro) Tj 0 -14 Td [(token SECRET-)-10(2001)] TJ ET", compressed: true},
		pdfPage{content: "BT /F2 12 Tf 72 720 Td " + hexUTF16("code SECRET-2002") + " Tj ET", field: [2]string{"pin", "123456"}})
	var encPDF bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(emptyPDF), &encPDF, model.NewAESConfiguration("user", "owner", 256)); err != nil {
		t.Fatal(err)
	}
	recs := []pqRecord{{Name: "a", Contact: pqContact{Code: "x", Pin: 1}}, {Name: "b", Contact: pqContact{Code: "y", Pin: 2}},
		{Name: "c", Contact: pqContact{Code: "SECRET-9001", Pin: 123456}}}
	avs := []avRecord{{Name: "a", Contact: avContact{Code: "x", Pin: 1}}, {Name: "b", Contact: avContact{Code: "SECRET-9002", Pin: 123456}}}

	return []planted{
		{name: "a.txt", data: []byte("hello\nid SECRET-1001 here\n"), format: "text",
			tokens: []want{{Line: 2}}},
		{name: "u16.txt", data: utf16LE("one\r\ntwo\r\nSECRET-1002\r\n"), format: "text",
			tokens: []want{{Line: 3}}},
		{name: "latin1.txt", data: []byte("caf\xe9 cr\xe8me SECRET-1003\n"), format: "text",
			tokens: []want{{Line: 1}}},
		{name: "people.csv", data: csv, format: "csv",
			tokens: []want{{Row: 1, Column: "note", Line: 2}}, pins: []want{{Row: 1, Column: "pin"}}},
		{name: "people.tsv", data: []byte("name\tpin\tnote\nann\t123456\tSECRET-1005\n"), format: "tsv",
			tokens: []want{{Row: 1, Column: "note"}}, pins: []want{{Row: 1, Column: "pin"}}},
		{name: "d.json", data: []byte(`{"user":{"ids":["x","SECRET-1006"],"pin":123456}}`), format: "json",
			tokens: []want{{JSONPath: "$.user.ids[1]"}}, pins: []want{{JSONPath: "$.user.pin"}}},
		{name: "d.jsonl", data: []byte("{\"a\":1}\n{\"b\":\"SECRET-1007\"}\n"), format: "jsonl",
			tokens: []want{{Record: 2, JSONPath: "$.b"}}},
		{name: "d.xml", data: []byte("<?xml version=\"1.0\"?>\n<root>\n  <person id=\"SECRET-3001\">\n    <pin>123456</pin>\n    <note>a &amp; SECRET&#45;3002</note>\n  </person>\n<!-- SECRET-3003 -->\n</root>\n"), format: "xml",
			tokens: []want{{Line: 3, Column: "person@id"}, {Line: 5, Column: "note"}, {Line: 7}}, pins: []want{{Line: 4, Column: "pin"}}},
		{name: "p.html", data: []byte("<!DOCTYPE html>\n<html><body>\n<p>token SECRET&#x2D;3101 &amp; more</p>\n<a href=\"https://x/?t=SECRET-3102\">l</a>\n<style>.SECRET-0000{}</style>\n<td class=\"pin\">x</td><input name=\"pin\" value=\"123456\">\n</body></html>\n"), format: "html",
			tokens: []want{{Line: 3, Column: "p"}, {Line: 4, Column: "a@href"}}, pins: []want{{Line: 6, Column: "input@value"}}},
		{name: "mail.eml", data: emailOf(t), format: "eml",
			tokens: []want{{Line: 3}, {Path: "part:1.1", Line: 2}, {Path: "attachment:report.csv", Row: 1, Column: "note"},
				{Path: "attachment:more.zip!a.txt", Line: 2}},
			pins: []want{{Path: "attachment:report.csv", Row: 1, Column: "pin"}}},
		{name: "data.csv.gz", data: gz(csv), format: "gzip",
			tokens: []want{{Row: 1, Column: "note"}}, pins: []want{{Row: 1, Column: "pin"}}},
		{name: "data.csv.bz2", data: readTestdata(t, "sample.csv.bz2"), format: "bzip2",
			tokens: []want{{Row: 1, Column: "code"}}, pins: []want{{Row: 1, Column: "pin"}}},
		{name: "notes.txt.xz", data: xzOf(t, []byte("a\nb\nSECRET-8201\n")), format: "xz", tokens: []want{{Line: 3}}},
		{name: "notes.txt.zst", data: zstdOf(t, []byte("a\nSECRET-8301\n")), format: "zstd", tokens: []want{{Line: 2}}},
		{name: "outer.zip", data: outer, format: "zip",
			tokens: []want{{Path: "dir/inner.tar.gz!file.csv", Row: 1, Column: "code"}, {Path: "notes.txt", Line: 2},
				{Path: "deep/level.zip!x/y.json", JSONPath: "$.a.b[0]"}}},
		{name: "bundle.tar", data: tarOf(t, zfile{name: "a/b.txt", data: []byte("x SECRET-8401\n")}, zfile{name: "c.csv.gz", data: gz(csv)}), format: "tar",
			tokens: []want{{Path: "a/b.txt", Line: 1}, {Path: "c.csv.gz", Row: 1, Column: "note"}}, pins: []want{{Path: "c.csv.gz", Column: "pin"}}},
		{name: "report.docx", data: docxOf(t, "Intro paragraph", "token SECRET-5001 here"), format: "docx",
			tokens: []want{{Path: "word/document.xml", Line: 2}}},
		{name: "book.xlsx", data: xlsx, format: "xlsx",
			tokens: []want{{Cell: "Sheet2!C5", Column: "Code", Row: 5}}, pins: []want{{Cell: "Sheet2!B5", Column: "PIN"}}},
		{name: "deck.pptx", data: pptxOf(t, "nothing", "token SECRET-6001"), format: "pptx",
			tokens: []want{{Path: "ppt/slides/slide2.xml", Page: 2}}},
		{name: "doc.odt", data: odtOf(t, "hello", "token SECRET-6101 end"), format: "odt",
			tokens: []want{{Path: "content.xml", Line: 2}}},
		{name: "doc.pdf", data: emptyPDF, format: "pdf",
			tokens: []want{{Page: 2, Line: 2}, {Page: 3, Line: 1}}, pins: []want{{Page: 3, Column: "pin"}}},
		{name: "t.parquet", data: parquetOf(t, recs), format: "parquet",
			tokens: []want{{Record: 3, Column: "contact.code"}}, pins: []want{{Record: 3, Column: "contact.pin"}}},
		{name: "t.avro", data: avroOf(t, ocf.Deflate, avs), format: "avro",
			tokens: []want{{Record: 2, Column: "contact.code"}}, pins: []want{{Record: 2, Column: "contact.pin"}}},
		{name: "t2.avro", data: avroOf(t, ocf.Snappy, avs), format: "avro",
			tokens: []want{{Record: 2, Column: "contact.code"}}, pins: []want{{Record: 2, Column: "contact.pin"}}},
		{name: "secret.pdf", data: encPDF.Bytes(), format: "pdf", status: Skipped, reason: "encrypted PDF"},
		{name: "scan.pdf", data: pdfOf(pdfPage{content: "q 100 0 0 100 0 0 cm /Im1 Do Q", image: true}), format: "pdf", status: Skipped, reason: "image-only PDF"},
		{name: "photo.png", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR SECRET-0001"), format: "png", status: Skipped, reason: "unsupported format"},
		{name: "old.doc", data: append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), format: "ole", status: Skipped, reason: "legacy Office"},
	}
}

// TestPlantedEverywhere plants values in every format and checks each is
// found, once, at the right place.
func TestPlantedEverywhere(t *testing.T) {
	s := New(testEngine(t), Options{})
	for _, p := range plantedSamples(t) {
		t.Run(p.name, func(t *testing.T) {
			r := scanBytes(t, s, p.name, p.data)
			status := p.status
			if status == "" {
				status = Complete
			}
			if r.Format != p.format || r.Status != status || !strings.Contains(r.Reason, p.reason) {
				t.Fatalf("format %q status %q reason %q; want %q %q %q", r.Format, r.Status, r.Reason, p.format, status, p.reason)
			}
			check := func(id string, wants []want) {
				got := occ(r, id)
				if len(got) != len(wants) || r.CountOf(id) != len(wants) {
					t.Fatalf("%s: got %d occurrences %+v, want %d %+v", id, r.CountOf(id), got, len(wants), wants)
				}
				for _, w := range wants {
					found := false
					for _, o := range got {
						if w.matches(o) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: no occurrence at %+v in %+v", id, w, got)
					}
				}
			}
			check("TOKEN", p.tokens)
			check("PIN", p.pins)
		})
	}
}

// A corrupt member never stops its siblings; a corrupt object is an error
// with the parser's message.
func TestCorruptMembers(t *testing.T) {
	s := New(testEngine(t), Options{})
	bad := gz([]byte("SECRET-0001 lost"))
	bad = bad[:len(bad)/2]
	z := zipOf(t, zfile{name: "a.txt", data: []byte("SECRET-1111")}, zfile{name: "b.gz", data: bad},
		zfile{name: "c.txt", data: []byte("SECRET-2222")})
	r := scanBytes(t, s, "m.zip", z)
	if r.Status != Partial || !strings.Contains(r.Reason, "b.gz") || r.CountOf("TOKEN") != 2 {
		t.Fatalf("status %s reason %q count %d", r.Status, r.Reason, r.CountOf("TOKEN"))
	}
	// A truncated zip: its central directory is gone, its local headers
	// still give the first members.
	r = scanBytes(t, s, "cut.zip", z[:len(z)-60])
	if r.CountOf("TOKEN") < 1 {
		t.Fatalf("truncated zip: %s %q, %d found", r.Status, r.Reason, r.CountOf("TOKEN"))
	}
	for _, c := range []struct{ name, data, reason string }{
		{"x.gz", "\x1f\x8b\x08\x00garbage", "gzip"},
		{"x.pdf", "%PDF-1.4\ngarbage", "pdf"},
		{"x.parquet", "PAR1garbagePAR1", "parquet"},
		{"x.avro", "Obj\x01\x99", "avro"},
		{"x.xlsx", "PK\x03\x04garbage", "zip"},
	} {
		r := scanBytes(t, s, c.name, []byte(c.data))
		if r.Status != Error || !strings.Contains(r.Reason, c.reason) {
			t.Errorf("%s: status %s reason %q", c.name, r.Status, r.Reason)
		}
	}
}

func TestDetectOffice(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want Format
	}{
		{"noext", docxOf(t, "x"), "docx"},
		{"noext", xlsxOf(t, []string{"S"}, [][][]string{{{"a"}}}), "xlsx"},
		{"noext", pptxOf(t, "x"), "pptx"},
		{"noext", odtOf(t, "x"), "odt"},
		{"a.jar", zipOf(t, zfile{name: "META-INF/MANIFEST.MF", data: []byte("x")}), "jar"},
		{"a.zip", zipOf(t, zfile{name: "x.txt", data: []byte("x")}), "zip"},
		{"mail", emailOf(t), "eml"},
		{"page", []byte("<!doctype html><p>x</p>"), "html"},
		{"feed", []byte("<?xml version='1.0'?><a/>"), "xml"},
	} {
		head := c.data[:min(len(c.data), sniffLen)]
		if got := Detect(c.name, head); got != c.want {
			t.Errorf("%s: got %s, want %s", c.want, got, c.want)
		}
	}
}

func TestPlantedCounts(t *testing.T) {
	// The same value twice counts twice, across members.
	s := New(testEngine(t), Options{})
	z := zipOf(t, zfile{name: "a.txt", data: []byte("SECRET-1111 SECRET-1111")}, zfile{name: "b.txt", data: []byte("SECRET-1111")})
	r := scanBytes(t, s, "m.zip", z)
	if r.CountOf("TOKEN") != 3 || r.Members != 2 {
		t.Fatalf("count %d members %d", r.CountOf("TOKEN"), r.Members)
	}
	_ = fmt.Sprint()
}
