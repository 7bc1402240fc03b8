package scanner

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/dredge-dev/dredge/classifiers"
)

// Office Open XML (DOCX, XLSX, PPTX) and OpenDocument (ODT, ODS, ODP) are
// zips of XML parts, read entry by entry through the zip reader of
// extract_archive.go (so the same limits apply):
//   - DOCX: the body, headers, footers, foot/endnotes and comments, one
//     line per paragraph, located by part (`word/document.xml`).
//   - XLSX: every sheet streamed row by row with the shared strings; a
//     cell is located `Sheet2!C5` with its row and its column's header
//     (the first row, when it holds labels), and the sheet name and header
//     are its context keys.
//   - PPTX: slides and their notes, located by slide number (page) and
//     part.
//   - ODF: content.xml as text.
//
// Document properties (author, title) are scanned too; embedded documents
// (word/embeddings/...) are members; pictures and other media are not
// text and are left out.

// officeMaxParts bounds the part index kept for a document.
const officeMaxParts = 100_000

// officeKind looks at the first entries of a zip for an office document.
func officeKind(d *zipDir) Format {
	var kind Format
	n := 0
	stop := errors.New("stop")
	d.each(func(e *zipEntry) error {
		switch e.name {
		case "word/document.xml":
			kind = "docx"
		case "xl/workbook.xml":
			kind = "xlsx"
		case "ppt/presentation.xml":
			kind = "pptx"
		case "mimetype":
			if sr, err := d.data(e); err == nil && e.method == 0 {
				b := make([]byte, min(sr.Size(), 100))
				sr.ReadAt(b, 0)
				switch {
				case strings.HasPrefix(string(b), "application/vnd.oasis.opendocument.text"):
					kind = "odt"
				case strings.HasPrefix(string(b), "application/vnd.oasis.opendocument.spreadsheet"):
					kind = "ods"
				case strings.HasPrefix(string(b), "application/vnd.oasis.opendocument.presentation"):
					kind = "odp"
				}
			}
		}
		if n++; kind != "" || n >= 200 {
			return stop
		}
		return nil
	})
	return kind
}

func extractOffice(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	ra, size, done, err := randomAccess(ctx, in, r)
	if err != nil {
		return err
	}
	defer done()
	d, err := openZipDir(ra, size)
	if err != nil {
		return err
	}
	kind := officeKind(d)
	if kind == "" {
		// Named like a document, but not one: a plain zip.
		return zipMembers(ctx, d, in, x)
	}
	return extractOfficeDir(ctx, d, kind, in, x)
}

// officeDoc is an open office document.
type officeDoc struct {
	ctx   context.Context
	d     *zipDir
	in    *Input
	x     *Extraction
	parts map[string]*zipEntry
	names []string
}

func extractOfficeDir(ctx context.Context, d *zipDir, kind Format, in *Input, x *Extraction) error {
	o := &officeDoc{ctx: ctx, d: d, in: in, x: x, parts: map[string]*zipEntry{}}
	err := d.each(func(e *zipEntry) error {
		if len(o.parts) >= officeMaxParts {
			x.limitHit(fmt.Sprintf("document with more than %d parts: the rest were not read", officeMaxParts))
			return io.EOF
		}
		c := *e
		o.parts[e.name] = &c
		o.names = append(o.names, e.name)
		return nil
	})
	if err != nil && err != io.EOF {
		return err
	}
	x.scanned = true
	switch kind {
	case "docx":
		err = o.docx()
	case "xlsx":
		err = o.xlsx()
	case "pptx":
		err = o.pptx()
	default:
		err = o.odf()
	}
	if err != nil {
		return err
	}
	return o.embedded()
}

// open returns a part's content, accounted against the limits.
func (o *officeDoc) open(name string) (io.Reader, func(), error) {
	e := o.parts[name]
	if e == nil {
		return nil, nil, fmt.Errorf("no part %s", name)
	}
	if e.flags&1 != 0 {
		return nil, nil, errors.New("encrypted part")
	}
	sr, err := o.d.data(e)
	if err != nil {
		return nil, nil, err
	}
	src := &countByteReader{r: bufio.NewReaderSize(sr, 32<<10)}
	dr, closer, reason := zipDecompressor(e.method, src)
	if reason != "" {
		return nil, nil, errors.New(reason)
	}
	return o.x.inflate(dr, childPath(o.in, name), func() int64 { return src.n }), closer, nil
}

// text scans the text of an XML part.
func (o *officeDoc) text(name string, loc classifiers.Location, opt *xmlText) {
	if err := o.x.spent(o.ctx); err != nil {
		return
	}
	r, closer, err := o.open(name)
	if err != nil {
		o.x.Fail(childPath(o.in, name), err)
		return
	}
	defer closer()
	hits := o.x.limitHits
	if err := scanXML(o.ctx, r, o.in, o.x, loc, opt); err != nil && o.x.limitHits == hits && o.ctx.Err() == nil {
		o.x.Fail(childPath(o.in, name), err)
	}
}

func (o *officeDoc) loc(name string) classifiers.Location {
	l := o.in.Loc
	l.Path = childPath(o.in, name)
	return l
}

var (
	wordText = &xmlText{
		only:      map[string]bool{"t": true, "delText": true, "instrText": true},
		para:      map[string]bool{"p": true, "tr": true},
		tab:       map[string]bool{"tab": true, "tc": true, "br": true, "cr": true},
		unaligned: true,
	}
	propsText = &xmlText{unaligned: true, paraAll: true}
	relsText  = &xmlText{only: map[string]bool{}, keepAttr: map[string]bool{"Target": true}, unaligned: true}
	odfText   = &xmlText{
		para:      map[string]bool{"p": true, "h": true, "table-row": true},
		tab:       map[string]bool{"tab": true, "s": true, "line-break": true, "table-cell": true},
		unaligned: true,
	}
)

// common scans what every OOXML document has: properties and external
// link targets (hyperlinks hold addresses).
func (o *officeDoc) common(relsPrefix string) {
	for _, p := range []string{"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"} {
		if o.parts[p] != nil {
			o.text(p, o.loc(p), propsText)
		}
	}
	for _, n := range o.names {
		if strings.HasPrefix(n, relsPrefix) && strings.HasSuffix(n, ".rels") {
			o.text(n, o.loc(n), relsText)
		}
	}
}

func (o *officeDoc) docx() error {
	var parts []string
	for _, n := range o.names {
		if !strings.HasPrefix(n, "word/") || !strings.HasSuffix(n, ".xml") || strings.Contains(n, "/_rels/") {
			continue
		}
		base := path.Base(n)
		for _, p := range []string{"document", "header", "footer", "footnotes", "endnotes", "comments"} {
			if strings.HasPrefix(base, p) {
				parts = append(parts, n)
				break
			}
		}
	}
	sort.SliceStable(parts, func(i, j int) bool {
		return (parts[i] == "word/document.xml") != (parts[j] == "word/document.xml") && parts[i] == "word/document.xml" ||
			(parts[i] == "word/document.xml") == (parts[j] == "word/document.xml") && naturalLess(parts[i], parts[j])
	})
	for _, p := range parts {
		o.text(p, o.loc(p), wordText)
	}
	o.common("word/_rels/")
	return o.ctx.Err()
}

func (o *officeDoc) pptx() error {
	var slides []string
	for _, n := range o.names {
		if strings.HasPrefix(n, "ppt/slides/slide") && strings.HasSuffix(n, ".xml") {
			slides = append(slides, n)
		}
	}
	sort.Slice(slides, func(i, j int) bool { return naturalLess(slides[i], slides[j]) })
	notes := map[string]bool{}
	for _, s := range slides {
		num, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "ppt/slides/slide"), ".xml"))
		l := o.loc(s)
		l.Page = num
		o.text(s, l, wordText)
		// Its notes, found through its relationships.
		rels := "ppt/slides/_rels/" + path.Base(s) + ".rels"
		for _, t := range o.relTargets(rels, "ppt/slides/") {
			if strings.HasPrefix(t, "ppt/notesSlides/") && o.parts[t] != nil && !notes[t] {
				notes[t] = true
				nl := o.loc(t)
				nl.Page = num
				o.text(t, nl, wordText)
			}
		}
	}
	for _, n := range o.names {
		if strings.HasPrefix(n, "ppt/notesSlides/notesSlide") && strings.HasSuffix(n, ".xml") && !notes[n] {
			o.text(n, o.loc(n), wordText)
		}
		if strings.HasPrefix(n, "ppt/comments/") && strings.HasSuffix(n, ".xml") {
			o.text(n, o.loc(n), wordText)
		}
	}
	o.common("ppt/slides/_rels/")
	return o.ctx.Err()
}

func (o *officeDoc) odf() error {
	for _, p := range []string{"content.xml", "styles.xml"} {
		if o.parts[p] != nil {
			o.text(p, o.loc(p), odfText)
		}
	}
	if o.parts["meta.xml"] != nil {
		o.text("meta.xml", o.loc("meta.xml"), propsText)
	}
	return o.ctx.Err()
}

// embedded scans documents embedded in the document (OLE objects, other
// workbooks) as members; media is not text.
func (o *officeDoc) embedded() error {
	for _, n := range o.names {
		if err := o.x.spent(o.ctx); err != nil {
			return err
		}
		dir := path.Dir(n)
		if strings.HasSuffix(dir, "/embeddings") || strings.HasPrefix(n, "Object ") && strings.Contains(n, "/") {
			zipMember(o.ctx, o.d, o.parts[n], o.in, o.x)
		}
	}
	return nil
}

// relTargets reads the targets of a relationships part, resolved against
// dir.
func (o *officeDoc) relTargets(name, dir string) []string {
	return o.rels(name, dir, nil)
}

func (o *officeDoc) rels(name, dir string, ids map[string]string) []string {
	if o.parts[name] == nil {
		return nil
	}
	r, closer, err := o.open(name)
	if err != nil {
		return nil
	}
	defer closer()
	d := xml.NewDecoder(r)
	d.Strict = false
	var out []string
	for len(out) < officeMaxParts {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		var id, target, mode string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "Id":
				id = a.Value
			case "Target":
				target = a.Value
			case "TargetMode":
				mode = a.Value
			}
		}
		if mode == "External" || target == "" {
			continue
		}
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Clean(dir + target)
		}
		out = append(out, target)
		if ids != nil {
			ids[id] = target
		}
	}
	return out
}

// naturalLess orders names with numbers by value (slide2 before slide10).
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		ia, ib := numPrefixEnd(a), numPrefixEnd(b)
		if ia > 0 && ib > 0 {
			na, _ := strconv.Atoi(a[:ia])
			nb, _ := strconv.Atoi(b[:ib])
			if na != nb {
				return na < nb
			}
			a, b = a[ia:], b[ib:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func numPrefixEnd(s string) int {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// XLSX

// xlsxMaxShared bounds the memory the shared strings table may take.
const xlsxMaxShared = 256 << 20

func (o *officeDoc) xlsx() error {
	// Sheets in workbook order, with their names.
	type sheet struct{ name, id, part string }
	var sheets []sheet
	if r, closer, err := o.open("xl/workbook.xml"); err == nil {
		d := xml.NewDecoder(r)
		d.Strict = false
		for {
			tok, err := d.RawToken()
			if err != nil {
				break
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
				var s sheet
				for _, a := range se.Attr {
					switch {
					case a.Name.Local == "name":
						s.name = a.Value
					case a.Name.Local == "id" && a.Name.Space != "":
						s.id = a.Value
					}
				}
				sheets = append(sheets, s)
				if len(sheets) > 100_000 {
					break
				}
			}
		}
		closer()
	} else {
		return fmt.Errorf("xlsx: %w", err)
	}
	ids := map[string]string{}
	o.rels("xl/_rels/workbook.xml.rels", "xl/", ids)
	shared, err := o.sharedStrings()
	if err != nil {
		o.x.Fail(childPath(o.in, "xl/sharedStrings.xml"), err)
	}
	for i, s := range sheets {
		if err := o.x.spent(o.ctx); err != nil {
			return err
		}
		s.part = ids[s.id]
		if s.part == "" {
			s.part = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		}
		if o.parts[s.part] == nil {
			continue
		}
		if s.name == "" {
			s.name = fmt.Sprintf("Sheet%d", i+1)
		}
		o.sheet(s.name, s.part, shared)
	}
	for _, n := range o.names {
		if strings.HasPrefix(n, "xl/comments") && strings.HasSuffix(n, ".xml") {
			o.text(n, o.loc(n), wordText)
		}
	}
	o.common("xl/worksheets/_rels/")
	return o.ctx.Err()
}

// sharedStrings reads the shared strings table, up to xlsxMaxShared bytes.
func (o *officeDoc) sharedStrings() ([]string, error) {
	if o.parts["xl/sharedStrings.xml"] == nil {
		return nil, nil
	}
	r, closer, err := o.open("xl/sharedStrings.xml")
	if err != nil {
		return nil, err
	}
	defer closer()
	d := xml.NewDecoder(r)
	d.Strict = false
	var out []string
	var cur strings.Builder
	size := 0
	inSI, inT, inRPh := false, false, false
	for {
		if len(out)%4096 == 0 && o.ctx.Err() != nil {
			return out, o.ctx.Err()
		}
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = inSI
			case "rPh":
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				size += cur.Len() + 16
				if size > xlsxMaxShared {
					o.x.limitHit(fmt.Sprintf("shared strings of %s larger than %d bytes: cells referring to the rest were not read", what(o.in), xlsxMaxShared))
					return out, nil
				}
				out = append(out, cur.String())
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT && !inRPh {
				cur.Write(t)
			}
		}
	}
}

// sheetName quotes a sheet name for a cell reference when it needs it.
func sheetName(s string) string {
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.') {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
	}
	return s
}

// colName turns a 0-based column index into letters (0 -> A).
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// cellRef splits "C5" into column index 2 and row 5.
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if i > 3 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row <= 0 {
		return 0, 0, false
	}
	return col - 1, row, true
}

// sheet streams one worksheet: each row on its own line (the line is the
// row number), cells separated by tabs.
func (o *officeDoc) sheet(name, part string, shared []string) {
	r, closer, err := o.open(part)
	if err != nil {
		o.x.Fail(childPath(o.in, part), err)
		return
	}
	defer closer()
	d := xml.NewDecoder(r)
	d.Strict = false
	base := o.in.Loc
	e := newEmitter(o.ctx, o.x, base)
	defer e.close()
	ref := sheetName(name)
	hits := o.x.limitHits

	var (
		header   map[int]string
		headRow  = 0
		keysMemo = map[int][]string{}
		row      = 0
		col      = -1
		cellType string
		cellR    string
		inV, inT bool
		val      []byte
		rowCells []xlsxCell
	)
	keysFor := func(c int) (string, []string) {
		h := header[c]
		if k, ok := keysMemo[c]; ok {
			return h, k
		}
		k := []string{name}
		if h != "" {
			k = append(k, h)
		}
		keysMemo[c] = k
		return h, k
	}
	flushRow := func() {
		if len(rowCells) == 0 {
			return
		}
		if header == nil && headRow == 0 {
			headRow = row
			if h := xlsxHeader(rowCells); h != nil {
				header = h
			}
		}
		e.padLines(row)
		for i, c := range rowCells {
			if i > 0 {
				e.text([]byte{'\t'})
			}
			h, keys := keysFor(c.col)
			if h == "" {
				h = colName(c.col)
			}
			e.value([]byte(c.v), classifiers.Location{Cell: ref + "!" + colName(c.col) + strconv.Itoa(row), Row: row, Column: h}, keys, 0)
		}
		rowCells = rowCells[:0]
	}
	for n := 0; ; n++ {
		if n%4096 == 0 && o.ctx.Err() != nil {
			return
		}
		tok, err := d.RawToken()
		if err != nil {
			flushRow()
			if err != io.EOF && o.x.limitHits == hits && o.ctx.Err() == nil {
				o.x.Fail(childPath(o.in, part), fmt.Errorf("xml: %w", err))
			}
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				flushRow()
				next := row + 1
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if v, err := strconv.Atoi(a.Value); err == nil && v > row && v <= 1<<21 {
							next = v
						}
					}
				}
				row, col = next, -1
			case "c":
				cellType, cellR = "n", ""
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "t":
						cellType = a.Value
					case "r":
						cellR = a.Value
					}
				}
				if c, _, ok := cellRef(cellR); ok && c > col {
					col = c
				} else {
					col++
				}
				val = val[:0]
			case "v":
				inV = true
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "t":
				inT = false
			case "c":
				v := string(val)
				if cellType == "s" {
					if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 0 && i < len(shared) {
						v = shared[i]
					} else {
						v = ""
					}
				}
				if cellType == "b" {
					v = ""
				}
				if strings.TrimSpace(v) != "" {
					rowCells = append(rowCells, xlsxCell{col: col, v: v, str: cellType == "s" || cellType == "str" || cellType == "inlineStr"})
				}
			case "row":
				flushRow()
			}
		case xml.CharData:
			if (inV || inT) && len(val) < 32<<20 {
				val = append(val, t...)
			}
		}
	}
}

type xlsxCell struct {
	col int
	v   string
	str bool
}

// xlsxHeader takes the first row as the header when every cell is a
// distinct, label-like string.
func xlsxHeader(cells []xlsxCell) map[int]string {
	seen := map[string]bool{}
	h := map[int]string{}
	for _, c := range cells {
		v := strings.TrimSpace(c.v)
		if !c.str || v == "" || len(v) > 64 || seen[v] {
			return nil
		}
		seen[v] = true
		letters, digits := 0, 0
		for _, r := range v {
			switch {
			case unicode.IsLetter(r):
				letters++
			case unicode.IsDigit(r):
				digits++
			case r == '@':
				return nil
			}
		}
		if letters == 0 || digits > 2 {
			return nil
		}
		h[c.col] = v
	}
	return h
}

// extractOLE: legacy binary Office (.doc, .xls, .ppt) and Outlook .msg
// are OLE2 compound files; no maintained pure-Go reader extracts their
// text, so they are skipped with that reason rather than read as bytes.
func extractOLE(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	reason := "legacy Office binary format (OLE2 compound file: .doc/.xls/.ppt/.msg) is not supported: no maintained pure-Go reader"
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(r, head)
	if containsUTF16(head[:n], "EncryptedPackage") {
		reason = "encrypted Office document (password-protected)"
	}
	x.Skip(what(in), reason)
	return nil
}

func containsUTF16(b []byte, s string) bool {
	u := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		u = append(u, s[i], 0)
	}
	return strings.Contains(string(b), string(u))
}
