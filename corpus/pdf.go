package corpus

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"hash/fnv"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// A small PDF writer: standard Type1 fonts (Helvetica, Helvetica-Bold,
// Courier) with WinAnsiEncoding, one text line per line of the page,
// written the ways PDF producers write them (one string per line, a label
// and its value in two columns, kerned TJ arrays, the ' operator),
// optionally Flate-compressed, with form fields (AcroForm widgets) and
// link annotations. The output is deterministic: a fixed creation date
// and a file ID derived from the object's path.

// pdfPage is one page: its lines (the first is a heading; a line with
// tabs is a table row, one column per cell), its form fields (name,
// value) and its link targets.
type pdfPage struct {
	lines    []string
	fields   [][2]string
	links    []string
	compress bool
}

// pdfString is s as a PDF literal string in WinAnsi (characters it lacks
// become '?').
func pdfString(s string) string {
	enc := charmap.Windows1252.NewEncoder()
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		c := byte('?')
		if r < 0x80 {
			c = byte(r)
		} else if e, err := enc.String(string(r)); err == nil && len(e) == 1 {
			c = e[0]
		}
		switch c {
		case '(', ')', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c >= 0x80 {
				fmt.Fprintf(&b, "\\%03o", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte(')')
	return b.String()
}

// content writes a page's content stream.
func (g *gen) pdfContent(p pdfPage) string {
	var b strings.Builder
	b.WriteString("q 0.2 0.2 0.2 RG 0.6 w 72 748 m 540 748 l S Q\n")
	b.WriteString("BT\n14 TL\n")
	y := 756
	font := ""
	setFont := func(f string) {
		if f != font {
			b.WriteString(f + " Tf\n")
			font = f
		}
	}
	for k, l := range p.lines {
		if k == 0 {
			setFont("/F2 13")
			fmt.Fprintf(&b, "1 0 0 1 72 %d Tm\n%s Tj\n", y, pdfString(l))
			y -= 24
			continue
		}
		if strings.TrimSpace(l) == "" {
			y -= 8
			continue
		}
		switch {
		case strings.Contains(l, "\t"):
			setFont("/F1 8")
			for c, cell := range strings.Split(l, "\t") {
				fmt.Fprintf(&b, "1 0 0 1 %d %d Tm\n%s Tj\n", 60+c*118, y, pdfString(cell))
			}
		case strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "-----"):
			setFont("/F3 8")
			fmt.Fprintf(&b, "1 0 0 1 72 %d Tm\n%s Tj\n", y, pdfString(l))
		case strings.Contains(l, ": ") && strings.Index(l, ": ") < 40 && g.chance(0.4):
			setFont("/F1 10")
			i := strings.Index(l, ": ")
			fmt.Fprintf(&b, "1 0 0 1 72 %d Tm\n%s Tj\n1 0 0 1 230 %d Tm\n%s Tj\n", y, pdfString(l[:i+1]), y, pdfString(l[i+2:]))
		case g.chance(0.3):
			setFont("/F1 10")
			fmt.Fprintf(&b, "1 0 0 1 72 %d Tm\n[", y)
			for j, piece := range g.splitRuns(l) {
				if j > 0 {
					fmt.Fprintf(&b, " %d ", g.intn(-40, 40)|1)
				}
				b.WriteString(pdfString(piece))
			}
			b.WriteString("] TJ\n")
		case k > 1 && g.chance(0.3):
			// The ' operator: next line (by the leading), then show.
			setFont("/F1 10")
			fmt.Fprintf(&b, "1 0 0 1 72 %d Tm\n%s '\n", y+14, pdfString(l))
		default:
			setFont("/F1 10")
			fmt.Fprintf(&b, "1 0 0 1 72 %d Tm\n%s Tj\n", y, pdfString(l))
		}
		y -= 14
	}
	b.WriteString("ET\n")
	return b.String()
}

// pdfBytes writes a PDF; id seeds the file identifier.
func (g *gen) pdfBytes(id, title string, pages []pdfPage) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("")
	pagesObj := add("")
	f1 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	f2 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	f3 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
	var kids, fields []string
	for _, p := range pages {
		data := g.pdfContent(p)
		filter := ""
		if p.compress {
			var z bytes.Buffer
			w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
			w.Write([]byte(data))
			w.Close()
			data = z.String()
			filter = " /Filter /FlateDecode"
		}
		content := add(fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(data), filter, data))
		page := add("")
		var annots []string
		for k, f := range p.fields {
			y := 600 - 40*k
			a := add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Tx /F 4 /P %d 0 R /Rect [230 %d 500 %d] /T %s /TU %s /V %s /DA (/F1 10 Tf 0 g) >>",
				page, y, y+18, pdfString(f[0]), pdfString(f[0]), pdfString(f[1])))
			annots = append(annots, fmt.Sprintf("%d 0 R", a))
			fields = append(fields, fmt.Sprintf("%d 0 R", a))
		}
		for k, l := range p.links {
			y := 90 - 16*k
			a := add(fmt.Sprintf("<< /Type /Annot /Subtype /Link /Rect [72 %d 300 %d] /Border [0 0 0] /A << /S /URI /URI %s >> >>", y, y+12, pdfString(l)))
			annots = append(annots, fmt.Sprintf("%d 0 R", a))
		}
		an := ""
		if len(annots) > 0 {
			an = " /Annots [" + strings.Join(annots, " ") + "]"
		}
		objs[page-1] = fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> /ProcSet [/PDF /Text] >> /Contents %d 0 R%s >>",
			pagesObj, f1, f2, f3, content, an)
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	form := ""
	if len(fields) > 0 {
		form = fmt.Sprintf(" /AcroForm << /Fields [%s] /DA (/F1 10 Tf 0 g) /DR << /Font << /F1 %d 0 R >> >> >>", strings.Join(fields, " "), f1)
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R%s >>", pagesObj, form)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	info := add(fmt.Sprintf("<< /Title %s /Producer (dredge corpus PDF writer) /CreationDate (D:20240305102231+00'00') /ModDate (D:20240305102231+00'00') >>", pdfString(title)))

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
	h := fnv.New128a()
	h.Write([]byte(id))
	fid := fmt.Sprintf("%X", h.Sum(nil))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, info, fid, fid, xref)
	return b.Bytes()
}
