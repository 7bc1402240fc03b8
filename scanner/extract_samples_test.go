package scanner

// Builders of small samples of every format, shared by the planted-value
// test, the fuzz seeds and the benchmarks.

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hamba/avro/v2/ocf"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/ulikunitz/xz"
	"golang.org/x/text/encoding/unicode"
)

type zfile struct {
	name  string
	data  []byte
	store bool
}

func zipOf(t testing.TB, files ...zfile) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range files {
		m := zip.Deflate
		if f.store {
			m = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(f.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func tarOf(t testing.TB, files ...zfile) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, f := range files {
		if err := w.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	w.Close()
	return b.Bytes()
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func xzOf(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w, err := xz.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func zstdOf(t testing.TB, data []byte) []byte {
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll(data, nil)
}

func utf16LE(s string) []byte {
	b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	return b
}

const ooxmlTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`

func docxOf(t testing.TB, paras ...string) []byte {
	var body strings.Builder
	for _, p := range paras {
		body.WriteString("<w:p>")
		// Split each paragraph into two runs, as Word does.
		h := len(p) / 2
		fmt.Fprintf(&body, `<w:r><w:t xml:space="preserve">%s</w:t></w:r><w:r><w:t>%s</w:t></w:r>`, xmlEscape(p[:h]), xmlEscape(p[h:]))
		body.WriteString("</w:p>")
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		body.String() + `</w:body></w:document>`
	return zipOf(t, zfile{name: "[Content_Types].xml", data: []byte(ooxmlTypes)},
		zfile{name: "_rels/.rels", data: []byte(`<Relationships/>`)},
		zfile{name: "word/document.xml", data: []byte(doc)},
		zfile{name: "docProps/core.xml", data: []byte(`<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>Ann Author</dc:creator></cp:coreProperties>`)})
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xlsxOf builds a workbook; each sheet is rows of cells; a cell that
// starts with '#' is a number, others are shared strings.
func xlsxOf(t testing.TB, names []string, sheets [][][]string) []byte {
	var shared []string
	index := map[string]int{}
	files := []zfile{{name: "[Content_Types].xml", data: []byte(ooxmlTypes)}}
	var wb, rels strings.Builder
	wb.WriteString(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, name := range names {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		var s strings.Builder
		s.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for r, row := range sheets[i] {
			fmt.Fprintf(&s, `<row r="%d">`, r+1)
			for c, v := range row {
				if v == "" {
					continue
				}
				ref := fmt.Sprintf("%s%d", colName(c), r+1)
				if strings.HasPrefix(v, "#") {
					fmt.Fprintf(&s, `<c r="%s"><v>%s</v></c>`, ref, v[1:])
					continue
				}
				k, ok := index[v]
				if !ok {
					k = len(shared)
					index[v] = k
					shared = append(shared, v)
				}
				fmt.Fprintf(&s, `<c r="%s" t="s"><v>%d</v></c>`, ref, k)
			}
			s.WriteString(`</row>`)
		}
		s.WriteString(`</sheetData></worksheet>`)
		files = append(files, zfile{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), data: []byte(s.String())})
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	var ss strings.Builder
	fmt.Fprintf(&ss, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d">`, len(shared))
	for _, v := range shared {
		fmt.Fprintf(&ss, `<si><t>%s</t></si>`, xmlEscape(v))
	}
	ss.WriteString(`</sst>`)
	files = append(files, zfile{name: "xl/workbook.xml", data: []byte(wb.String())},
		zfile{name: "xl/_rels/workbook.xml.rels", data: []byte(rels.String())},
		zfile{name: "xl/sharedStrings.xml", data: []byte(ss.String())})
	return zipOf(t, files...)
}

func pptxOf(t testing.TB, slides ...string) []byte {
	files := []zfile{{name: "[Content_Types].xml", data: []byte(ooxmlTypes)},
		{name: "ppt/presentation.xml", data: []byte(`<p:presentation xmlns:p="p"/>`)}}
	for i, s := range slides {
		files = append(files, zfile{name: fmt.Sprintf("ppt/slides/slide%d.xml", i+1), data: []byte(
			`<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Slide title</a:t></a:r></a:p><a:p><a:r><a:t>` +
				xmlEscape(s) + `</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`)})
	}
	return zipOf(t, files...)
}

func odtOf(t testing.TB, paras ...string) []byte {
	var c strings.Builder
	c.WriteString(`<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>`)
	for _, p := range paras {
		h := len(p) / 2
		fmt.Fprintf(&c, `<text:p>%s<text:span>%s</text:span></text:p>`, xmlEscape(p[:h]), xmlEscape(p[h:]))
	}
	c.WriteString(`</office:text></office:body></office:document-content>`)
	return zipOf(t, zfile{name: "mimetype", data: []byte("application/vnd.oasis.opendocument.text"), store: true},
		zfile{name: "content.xml", data: []byte(c.String())})
}

// pdfOf writes a PDF whose pages have the given content streams. Fonts:
// F1 is Helvetica (WinAnsi); F2 a Type0 font whose ToUnicode map is the
// identity on 2-byte codes. Each page may also have a form field (name,
// value) and an image.
type pdfPage struct {
	content    string
	field      [2]string
	image      bool
	compressed bool
}

func pdfOf(pages ...pdfPage) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("")
	pagesObj := add("")
	f1 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap end end"
	tu := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(cmap), cmap))
	f2 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /ToUnicode %d 0 R /DescendantFonts [] >>", tu))
	img := add("<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
	var kids []string
	for _, p := range pages {
		data := p.content
		filter := ""
		if p.compressed {
			var b bytes.Buffer
			w := zlib.NewWriter(&b)
			w.Write([]byte(data))
			w.Close()
			data = b.String()
			filter = " /Filter /FlateDecode"
		}
		content := add(fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(data), filter, data))
		annots := ""
		if p.field[0] != "" {
			a := add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Tx /Rect [0 0 10 10] /T (%s) /V (%s) >>", p.field[0], p.field[1]))
			annots = fmt.Sprintf(" /Annots [%d 0 R]", a)
		}
		xo := ""
		if p.image {
			xo = fmt.Sprintf(" /XObject << /Im1 %d 0 R >>", img)
		}
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >>%s >> /Contents %d 0 R%s >>",
			pagesObj, f1, f2, xo, content, annots))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return b.Bytes()
}

// hexUTF16 is s as a PDF hex string of 2-byte codes.
func hexUTF16(s string) string {
	var b strings.Builder
	b.WriteString("<")
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteString(">")
	return b.String()
}

type pqContact struct {
	Code string `parquet:"code"`
	Pin  int64  `parquet:"pin"`
}

type pqRecord struct {
	Name    string    `parquet:"name"`
	Contact pqContact `parquet:"contact"`
}

func parquetOf(t testing.TB, recs []pqRecord) []byte {
	var b bytes.Buffer
	if err := parquet.Write(&b, recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const avroSchema = `{"type":"record","name":"Rec","fields":[{"name":"name","type":"string"},
{"name":"contact","type":{"type":"record","name":"Contact","fields":[{"name":"code","type":"string"},{"name":"pin","type":"long"}]}}]}`

type avContact struct {
	Code string `avro:"code"`
	Pin  int64  `avro:"pin"`
}

type avRecord struct {
	Name    string    `avro:"name"`
	Contact avContact `avro:"contact"`
}

func avroOf(t testing.TB, codec ocf.CodecName, recs []avRecord) []byte {
	var b bytes.Buffer
	enc, err := ocf.NewEncoder(avroSchema, &b, ocf.WithCodec(codec))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	enc.Close()
	return b.Bytes()
}

func emailOf(t testing.TB) []byte {
	report := base64.StdEncoding.EncodeToString([]byte("name,pin,note\nann,123456,SECRET-7003\n"))
	more := base64.StdEncoding.EncodeToString(zipOf(t, zfile{name: "a.txt", data: []byte("one\nSECRET-7004\n")}))
	wrap := func(s string) string {
		var b strings.Builder
		for len(s) > 76 {
			b.WriteString(s[:76] + "\r\n")
			s = s[76:]
		}
		return b.String() + s
	}
	return []byte("From: Ann <ann@example.com>\r\n" +
		"To: bob@example.com\r\n" +
		"Subject: =?utf-8?Q?token_SECRET-7001?=\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"XX\"\r\n" +
		"\r\n" +
		"preamble\r\n" +
		"--XX\r\n" +
		"Content-Type: multipart/alternative; boundary=\"YY\"\r\n" +
		"\r\n" +
		"--YY\r\n" +
		"Content-Type: text/plain; charset=iso-8859-1\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"Caf=E9 au lait\r\ntoken SECRET=2D7002 =\r\nend\r\n" +
		"--YY\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n" +
		"\r\n" +
		"<p>token SECRET-7002</p>\r\n" +
		"--YY--\r\n" +
		"--XX\r\n" +
		"Content-Type: text/csv; name=\"report.csv\"\r\n" +
		"Content-Disposition: attachment; filename=\"report.csv\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n" +
		"\r\n" + wrap(report) + "\r\n" +
		"--XX\r\n" +
		"Content-Type: application/zip\r\n" +
		"Content-Disposition: attachment; filename=\"more.zip\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n" +
		"\r\n" + wrap(more) + "\r\n" +
		"--XX--\r\n")
}

func readTestdata(t testing.TB, name string) []byte {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
