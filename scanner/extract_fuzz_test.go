package scanner

// Fuzz targets, one per extractor family. Each runs the format's handler
// on the input under tight limits: it must not panic, hang or allocate
// without bound. Seeds are valid samples plus truncated and corrupted
// copies; crashers found are kept in testdata/fuzz/<Target>/.
//
//	go test ./scanner/ -run '^$' -fuzz FuzzArchive -fuzztime 60s

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/hamba/avro/v2/ocf"
)

var fuzzLimits = Limits{MaxBytes: 16 << 20, MaxDecompressed: 32 << 20, MaxMemberBytes: 8 << 20, MaxRatio: 1000,
	MaxDepth: 5, MaxMembers: 1000, MaxJSONDepth: 64, Timeout: 5 * time.Second}

// runHandler runs format f's handler on data as an object, both as a
// stream and (when random access helps) in place.
func runHandler(t *testing.T, s *Scanner, f Format, data []byte) {
	for _, inPlace := range []bool{false, true} {
		ctx, cancel := context.WithTimeout(context.Background(), fuzzLimits.Timeout)
		res := &Result{Size: int64(len(data)), Status: Complete}
		x := &Extraction{s: s, agg: newAggregator(10, nil), res: res}
		in := &Input{Name: "fuzz." + string(f), Format: f}
		if inPlace {
			in.At, in.Size = bytes.NewReader(data), int64(len(data))
		}
		err := handlers[f](ctx, bytes.NewReader(data), in, x)
		x.finish(ctx, err)
		cancel()
		if res.Status == "" {
			t.Fatal("no status")
		}
	}
}

// corrupt returns truncated and damaged copies of b.
func corrupt(b []byte) [][]byte {
	out := [][]byte{b, b[:len(b)/2], b[:len(b)*9/10]}
	if len(b) > 0 {
		c := bytes.Clone(b)
		for i := len(c) / 7; i < len(c); i += len(c)/5 + 1 {
			c[i] ^= 0x5a
		}
		out = append(out, c)
	}
	return out
}

func fuzzTarget(f *testing.F, formats []Format, seeds ...[]byte) {
	for _, s := range seeds {
		for _, c := range corrupt(s) {
			f.Add(c)
		}
	}
	s := New(testEngine(f), Options{Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range formats {
			runHandler(t, s, format, data)
		}
		// And through detection, as a whole object.
		r := s.Scan(context.Background(), Object{Name: "fuzz", Size: int64(len(data)),
			Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
		if r.Status == "" {
			t.Fatal("no status")
		}
	})
}

func FuzzArchive(f *testing.F) {
	csv := []byte("name,pin\nann,123456\n")
	fuzzTarget(f, []Format{"zip", "tar", "gzip", "bzip2", "xz", "zstd"},
		zipOf(f, zfile{name: "a/b.csv", data: csv}, zfile{name: "c.txt", data: []byte("SECRET-1234"), store: true}),
		tarOf(f, zfile{name: "x.csv", data: csv}),
		gz(tarOf(f, zfile{name: "x.csv", data: csv})),
		readTestdata(f, "sample.csv.bz2"),
		xzOf(f, csv),
		zstdOf(f, csv),
		overlapZip(3, 0, []byte("SECRET-1234"), 11, 0, ".txt"))
}

func FuzzMarkup(f *testing.F) {
	fuzzTarget(f, []Format{"xml", "html"},
		[]byte("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<a x=\"SECRET-1234\"><b>caf\xe9</b><![CDATA[x]]><!-- c --></a>"),
		[]byte("<!DOCTYPE html><html><body><p>a &amp; b</p><script>var k='SECRET-1234'</script><input value=\"1\"></body></html>"))
}

func FuzzEmail(f *testing.F) {
	fuzzTarget(f, []Format{"eml"}, emailOf(f),
		[]byte("From: a@b\r\nSubject: =?iso-8859-1?Q?caf=E9?=\r\nContent-Type: text/plain\r\n\r\nbody\r\n"))
}

func FuzzOffice(f *testing.F) {
	fuzzTarget(f, []Format{"docx", "xlsx", "pptx", "odt"},
		docxOf(f, "a", "token SECRET-5001"),
		xlsxOf(f, []string{"S1", "S2"}, [][][]string{{{"a"}}, {{"Name", "PIN"}, {"x", "#123456"}}}),
		pptxOf(f, "one", "two"),
		odtOf(f, "hello", "world"))
}

func FuzzPDF(f *testing.F) {
	fuzzTarget(f, []Format{"pdf"},
		pdfOf(pdfPage{content: "BT /F1 12 Tf 72 720 Td (Intro) Tj 0 -14 Td [(a)-300(b)] TJ ET", compressed: true},
			pdfPage{content: "BT /F2 12 Tf " + hexUTF16("SECRET-2002") + " Tj ET", field: [2]string{"pin", "123456"}}),
		pdfOf(pdfPage{content: "q 1 0 0 1 0 0 cm /Im1 Do Q BI /W 1 /H 1 ID \x00\x01 EI", image: true}))
}

func FuzzColumnar(f *testing.F) {
	recs := []pqRecord{{Name: "a", Contact: pqContact{Code: "SECRET-9001", Pin: 123456}}}
	avs := []avRecord{{Name: "a", Contact: avContact{Code: "SECRET-9002", Pin: 123456}}}
	fuzzTarget(f, []Format{"parquet", "avro"},
		parquetOf(f, recs), avroOf(f, ocf.Null, avs), avroOf(f, ocf.Deflate, avs), avroOf(f, ocf.Snappy, avs), avroOf(f, ocf.ZStandard, avs))
}
