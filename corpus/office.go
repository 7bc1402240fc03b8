package corpus

import (
	"fmt"
	"strings"
)

// Office documents (DOCX, XLSX, PPTX, ODT) written the way the usual
// suites write them: a zip of XML parts with content types, relationships
// and document properties, text split into several runs, tables, headers,
// footers, comments and speaker notes. Their text is given already
// rendered (the values in it already counted).

func xmlEsc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// coreProps is docProps/core.xml: authors are teams, never people.
func coreProps(title, creator string) []byte {
	return []byte(xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + xmlEsc(title) + `</dc:title><dc:creator>` + xmlEsc(creator) + `</dc:creator>` +
		`<cp:lastModifiedBy>` + xmlEsc(creator) + `</cp:lastModifiedBy><cp:revision>3</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-05T10:22:31Z</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-05T10:22:31Z</dcterms:modified></cp:coreProperties>`)
}

func appProps(app string) []byte {
	return []byte(xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>` + app + `</Application><DocSecurity>0</DocSecurity><Company>Initech</Company>` +
		`<AppVersion>16.0000</AppVersion></Properties>`)
}

func contentTypes(overrides ...[2]string) []byte {
	var b strings.Builder
	b.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	for _, o := range overrides {
		fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, o[0], o[1])
	}
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	b.WriteString(`</Types>`)
	return []byte(b.String())
}

// rels writes a relationships part; each rel is {id, type, target} and
// an external one has a fourth element "External".
func rels(rs ...[]string) []byte {
	var b strings.Builder
	b.WriteString(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, r := range rs {
		mode := ""
		if len(r) > 3 {
			mode = ` TargetMode="` + r[3] + `"`
		}
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"%s/>`, r[0], r[1], xmlEsc(r[2]), mode)
	}
	b.WriteString(`</Relationships>`)
	return []byte(b.String())
}

func rootRels(main string) []byte {
	return rels([]string{"rId1", "officeDocument", main},
		[]string{"rId2", "metadata/core-properties", "docProps/core.xml"},
		[]string{"rId3", "extended-properties", "docProps/app.xml"})
}

// splitRuns cuts s into one to three pieces at random points, as a word
// processor splits a paragraph into runs (revision marks, spell checking).
func (g *gen) splitRuns(s string) []string {
	if len(s) < 8 {
		return []string{s}
	}
	n := g.intn(1, 3)
	var cuts []int
	for len(cuts) < n-1 {
		c := g.intn(1, len(s)-1)
		// Never inside a multi-byte character.
		for c < len(s) && s[c]&0xc0 == 0x80 {
			c++
		}
		if c >= len(s) || len(cuts) > 0 && c <= cuts[len(cuts)-1] {
			break
		}
		cuts = append(cuts, c)
	}
	var out []string
	prev := 0
	for _, c := range cuts {
		out = append(out, s[prev:c])
		prev = c
	}
	return append(out, s[prev:])
}

// ---------------------------------------------------------------------------
// DOCX

// wpara is a paragraph, a table or a hyperlink of a Word document.
type wpara struct {
	text  string
	style string     // paragraph style (Title, Heading1), optional
	table [][]string // a table instead of a paragraph
	// link makes the paragraph a hyperlink to this external target.
	link string
	// tab writes the label of "Label: value" and the value in separate
	// runs with a tab between them.
	tab bool
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func (g *gen) wRuns(b *strings.Builder, s string) {
	for k, piece := range g.splitRuns(s) {
		if k > 0 && g.chance(0.3) {
			b.WriteString(`<w:proofErr w:type="spellStart"/>`)
		}
		fmt.Fprintf(b, `<w:r><w:rPr><w:rFonts w:ascii="Calibri"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, xmlEsc(piece))
	}
}

func (g *gen) wPara(b *strings.Builder, p wpara, links *[][]string) {
	b.WriteString(`<w:p>`)
	if p.style != "" {
		fmt.Fprintf(b, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, p.style)
	}
	switch {
	case p.link != "":
		id := fmt.Sprintf("rId%d", 10+len(*links))
		*links = append(*links, []string{id, "hyperlink", p.link, "External"})
		fmt.Fprintf(b, `<w:hyperlink r:id="%s" w:history="1">`, id)
		g.wRuns(b, p.text)
		b.WriteString(`</w:hyperlink>`)
	case p.tab && strings.Contains(p.text, ": "):
		i := strings.Index(p.text, ": ")
		g.wRuns(b, p.text[:i+1])
		fmt.Fprintf(b, `<w:r><w:tab/><w:t xml:space="preserve">%s</w:t></w:r>`, xmlEsc(p.text[i+2:]))
	default:
		g.wRuns(b, p.text)
	}
	b.WriteString(`</w:p>`)
}

// docxBytes writes a Word document: body paragraphs and tables, a header
// and a footer line, and comments (each one paragraph).
func (g *gen) docxBytes(title, header, footer string, body []wpara, comments []string) []byte {
	var b strings.Builder
	var links [][]string
	b.WriteString(xmlHead + `<w:document ` + wNS + `><w:body>`)
	for _, p := range body {
		if p.table == nil {
			g.wPara(&b, p, &links)
			continue
		}
		b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
		for _, row := range p.table {
			b.WriteString(`<w:tr>`)
			for _, cell := range row {
				b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>`)
				g.wPara(&b, wpara{text: cell}, &links)
				b.WriteString(`</w:tc>`)
			}
			b.WriteString(`</w:tr>`)
		}
		b.WriteString(`</w:tbl>`)
	}
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:footerReference w:type="default" r:id="rId4"/>` +
		`<w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:body></w:document>`)

	hdr := xmlHead + `<w:hdr ` + wNS + `><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t>` + xmlEsc(header) + `</w:t></w:r></w:p></w:hdr>`
	ftr := xmlHead + `<w:ftr ` + wNS + `><w:p><w:r><w:t xml:space="preserve">` + xmlEsc(footer) + ` - page </w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>`
	docRels := [][]string{{"rId1", "styles", "styles.xml"}, {"rId2", "settings", "settings.xml"},
		{"rId3", "header", "header1.xml"}, {"rId4", "footer", "footer1.xml"}}
	ms := []member{
		{name: "[Content_Types].xml", data: contentTypes(
			[2]string{"word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
			[2]string{"word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"},
			[2]string{"word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"},
			[2]string{"word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"},
			[2]string{"word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"},
			[2]string{"word/comments.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"})},
		{name: "_rels/.rels", data: rootRels("word/document.xml")},
		{name: "word/document.xml", data: []byte(b.String())},
	}
	if len(comments) > 0 {
		var c strings.Builder
		c.WriteString(xmlHead + `<w:comments ` + wNS + `>`)
		for k, t := range comments {
			fmt.Fprintf(&c, `<w:comment w:id="%d" w:author="Reviewer" w:date="2024-03-05T10:22:31Z" w:initials="RV">`, k)
			g.wPara(&c, wpara{text: t}, &links)
			c.WriteString(`</w:comment>`)
		}
		c.WriteString(`</w:comments>`)
		docRels = append(docRels, []string{"rId5", "comments", "comments.xml"})
		ms = append(ms, member{name: "word/comments.xml", data: []byte(c.String())})
	}
	docRels = append(docRels, links...)
	ms = append(ms,
		member{name: "word/_rels/document.xml.rels", data: rels(docRels...)},
		member{name: "word/styles.xml", data: []byte(xmlHead + `<w:styles ` + wNS + `><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`)},
		member{name: "word/settings.xml", data: []byte(xmlHead + `<w:settings ` + wNS + `><w:defaultTabStop w:val="720"/></w:settings>`)},
		member{name: "word/header1.xml", data: []byte(hdr)},
		member{name: "word/footer1.xml", data: []byte(ftr)},
		member{name: "docProps/core.xml", data: coreProps(title, "People Operations")},
		member{name: "docProps/app.xml", data: appProps("Microsoft Office Word")},
	)
	return zipBytes(ms...)
}

// ---------------------------------------------------------------------------
// XLSX

// xcell is a worksheet cell: a shared string (kind 's'), an inline string
// ('i') or a number ('n').
type xcell struct {
	v    string
	kind byte
}

type xsheet struct {
	name string
	rows [][]xcell
}

// sheetOf turns rows of text into cells: the columns in numeric are
// numbers (below the header row), the others shared strings, and a few
// cells of a column in inline are inline strings.
func sheetOf(name string, rows [][]string, numeric ...int) xsheet {
	s := xsheet{name: name}
	for r, row := range rows {
		var cells []xcell
		for c, v := range row {
			k := byte('s')
			if r > 0 {
				for _, n := range numeric {
					if n == c {
						k = 'n'
					}
				}
				if k == 's' && (r+c)%5 == 0 {
					k = 'i'
				}
			}
			cells = append(cells, xcell{v, k})
		}
		s.rows = append(s.rows, cells)
	}
	return s
}

// xlsxBytes writes a workbook with a shared strings table.
func xlsxBytes(title string, sheets []xsheet) []byte {
	var shared []string
	index := map[string]int{}
	ss := func(v string) int {
		k, ok := index[v]
		if !ok {
			k = len(shared)
			index[v] = k
			shared = append(shared, v)
		}
		return k
	}
	var wb, wbRels, types strings.Builder
	wb.WriteString(xmlHead + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	var relList [][]string
	overrides := [][2]string{{"xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"},
		{"xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"},
		{"xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"}}
	var ms []member
	for i, sh := range sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlEsc(sh.name), i+1, i+1)
		relList = append(relList, []string{fmt.Sprintf("rId%d", i+1), "worksheet", fmt.Sprintf("worksheets/sheet%d.xml", i+1)})
		overrides = append(overrides, [2]string{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"})
		var s strings.Builder
		s.WriteString(xmlHead + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		cols := 0
		for _, r := range sh.rows {
			cols = max(cols, len(r))
		}
		fmt.Fprintf(&s, `<dimension ref="A1:%s%d"/><sheetData>`, xlsxCol(max(cols-1, 0)), len(sh.rows))
		for r, row := range sh.rows {
			fmt.Fprintf(&s, `<row r="%d" spans="1:%d">`, r+1, len(row))
			for c, cell := range row {
				if cell.v == "" {
					continue
				}
				ref := fmt.Sprintf("%s%d", xlsxCol(c), r+1)
				switch cell.kind {
				case 'n':
					fmt.Fprintf(&s, `<c r="%s"><v>%s</v></c>`, ref, cell.v)
				case 'i':
					fmt.Fprintf(&s, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, xmlEsc(cell.v))
				default:
					fmt.Fprintf(&s, `<c r="%s" t="s"><v>%d</v></c>`, ref, ss(cell.v))
				}
			}
			s.WriteString(`</row>`)
		}
		s.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
		ms = append(ms, member{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), data: []byte(s.String())})
	}
	wb.WriteString(`</sheets></workbook>`)
	n := len(sheets)
	relList = append(relList, []string{fmt.Sprintf("rId%d", n+1), "sharedStrings", "sharedStrings.xml"},
		[]string{fmt.Sprintf("rId%d", n+2), "styles", "styles.xml"})
	wbRels.Write(rels(relList...))
	types.Write(contentTypes(overrides...))
	var sst strings.Builder
	fmt.Fprintf(&sst, xmlHead+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(shared), len(shared))
	for _, v := range shared {
		fmt.Fprintf(&sst, `<si><t>%s</t></si>`, xmlEsc(v))
	}
	sst.WriteString(`</sst>`)
	out := []member{
		{name: "[Content_Types].xml", data: []byte(types.String())},
		{name: "_rels/.rels", data: rootRels("xl/workbook.xml")},
		{name: "xl/workbook.xml", data: []byte(wb.String())},
		{name: "xl/_rels/workbook.xml.rels", data: []byte(wbRels.String())},
	}
	out = append(out, ms...)
	out = append(out,
		member{name: "xl/sharedStrings.xml", data: []byte(sst.String())},
		member{name: "xl/styles.xml", data: []byte(xmlHead + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="0"/></styleSheet>`)},
		member{name: "docProps/core.xml", data: coreProps(title, "Finance Operations")},
		member{name: "docProps/app.xml", data: appProps("Microsoft Excel")},
	)
	return zipBytes(out...)
}

// xlsxCol turns a 0-based column index into letters.
func xlsxCol(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// ---------------------------------------------------------------------------
// PPTX

type pslide struct {
	title string
	body  []string
	notes []string
}

const pNS = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`

func (g *gen) aParas(b *strings.Builder, lines []string) {
	for _, l := range lines {
		b.WriteString(`<a:p>`)
		for _, piece := range g.splitRuns(l) {
			fmt.Fprintf(b, `<a:r><a:rPr lang="en-US" dirty="0"/><a:t>%s</a:t></a:r>`, xmlEsc(piece))
		}
		b.WriteString(`</a:p>`)
	}
}

func (g *gen) shape(b *strings.Builder, id int, name, ph string, lines []string) {
	fmt.Fprintf(b, `<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr/><p:nvPr><p:ph type="%s"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>`, id, name, ph)
	g.aParas(b, lines)
	b.WriteString(`</p:txBody></p:sp>`)
}

// pptxBytes writes a presentation: each slide has a title and a body
// placeholder, and its speaker notes (if any) in a notes slide.
func (g *gen) pptxBytes(title string, slides []pslide) []byte {
	overrides := [][2]string{{"ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"},
		{"ppt/slideLayouts/slideLayout1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"}}
	var pres strings.Builder
	pres.WriteString(xmlHead + `<p:presentation ` + pNS + `><p:sldIdLst>`)
	presRels := [][]string{}
	var ms []member
	for i, s := range slides {
		n := i + 1
		fmt.Fprintf(&pres, `<p:sldId id="%d" r:id="rId%d"/>`, 255+n, n)
		presRels = append(presRels, []string{fmt.Sprintf("rId%d", n), "slide", fmt.Sprintf("slides/slide%d.xml", n)})
		overrides = append(overrides, [2]string{fmt.Sprintf("ppt/slides/slide%d.xml", n), "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"})
		var b strings.Builder
		b.WriteString(xmlHead + `<p:sld ` + pNS + `><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>`)
		g.shape(&b, 2, "Title 1", "title", []string{s.title})
		g.shape(&b, 3, "Content Placeholder 2", "body", s.body)
		b.WriteString(`</p:spTree></p:cSld></p:sld>`)
		ms = append(ms, member{name: fmt.Sprintf("ppt/slides/slide%d.xml", n), data: []byte(b.String())})
		sr := [][]string{{"rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"}}
		if len(s.notes) > 0 {
			sr = append(sr, []string{"rId2", "notesSlide", fmt.Sprintf("../notesSlides/notesSlide%d.xml", n)})
			overrides = append(overrides, [2]string{fmt.Sprintf("ppt/notesSlides/notesSlide%d.xml", n), "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"})
			var nb strings.Builder
			nb.WriteString(xmlHead + `<p:notes ` + pNS + `><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>`)
			nb.WriteString(`<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr/><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>`)
			g.shape(&nb, 3, "Notes Placeholder 2", "body", s.notes)
			nb.WriteString(`</p:spTree></p:cSld></p:notes>`)
			ms = append(ms, member{name: fmt.Sprintf("ppt/notesSlides/notesSlide%d.xml", n), data: []byte(nb.String())},
				member{name: fmt.Sprintf("ppt/notesSlides/_rels/notesSlide%d.xml.rels", n), data: rels([]string{"rId1", "slide", fmt.Sprintf("../slides/slide%d.xml", n)})})
		}
		ms = append(ms, member{name: fmt.Sprintf("ppt/slides/_rels/slide%d.xml.rels", n), data: rels(sr...)})
	}
	pres.WriteString(`</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`)
	out := []member{
		{name: "[Content_Types].xml", data: contentTypes(overrides...)},
		{name: "_rels/.rels", data: rootRels("ppt/presentation.xml")},
		{name: "ppt/presentation.xml", data: []byte(pres.String())},
		{name: "ppt/_rels/presentation.xml.rels", data: rels(presRels...)},
	}
	out = append(out, ms...)
	out = append(out,
		member{name: "ppt/slideLayouts/slideLayout1.xml", data: []byte(xmlHead + `<p:sldLayout ` + pNS + ` type="obj"><p:cSld name="Title and Content"><p:spTree/></p:cSld></p:sldLayout>`)},
		member{name: "docProps/core.xml", data: coreProps(title, "Security Operations")},
		member{name: "docProps/app.xml", data: appProps("Microsoft Office PowerPoint")},
	)
	return zipBytes(out...)
}

// ---------------------------------------------------------------------------
// ODT

// opara is an OpenDocument paragraph, heading or table.
type opara struct {
	text    string
	heading bool
	table   [][]string
	// tab separates "Label:" from its value with a text:tab.
	tab bool
}

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"`

func (g *gen) odfText(b *strings.Builder, s string) {
	for k, piece := range g.splitRuns(s) {
		if k == 1 {
			fmt.Fprintf(b, `<text:span text:style-name="T1">%s</text:span>`, xmlEsc(piece))
			continue
		}
		b.WriteString(xmlEsc(piece))
	}
}

// odtBytes writes an OpenDocument text: mimetype first and stored, the
// manifest, content, styles and meta.
func (g *gen) odtBytes(title string, body []opara) []byte {
	var c strings.Builder
	c.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<office:document-content ` + odfNS + `>`)
	c.WriteString(`<office:automatic-styles><style:style style:name="T1" style:family="text"/></office:automatic-styles><office:body><office:text>`)
	for _, p := range body {
		switch {
		case p.table != nil:
			c.WriteString(`<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/>`)
			for _, row := range p.table {
				c.WriteString(`<table:table-row>`)
				for _, cell := range row {
					c.WriteString(`<table:table-cell office:value-type="string"><text:p>`)
					g.odfText(&c, cell)
					c.WriteString(`</text:p></table:table-cell>`)
				}
				c.WriteString(`</table:table-row>`)
			}
			c.WriteString(`</table:table>`)
		case p.heading:
			c.WriteString(`<text:h text:outline-level="1">`)
			g.odfText(&c, p.text)
			c.WriteString(`</text:h>`)
		case p.tab && strings.Contains(p.text, ": "):
			i := strings.Index(p.text, ": ")
			c.WriteString(`<text:p>`)
			g.odfText(&c, p.text[:i+1])
			c.WriteString(`<text:tab/>` + xmlEsc(p.text[i+2:]) + `</text:p>`)
		default:
			c.WriteString(`<text:p>`)
			g.odfText(&c, p.text)
			c.WriteString(`</text:p>`)
		}
	}
	c.WriteString(`</office:text></office:body></office:document-content>`)
	manifest := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>`
	styles := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<office:document-styles ` + odfNS + `><office:styles>` +
		`<style:style style:name="Standard" style:family="paragraph"/></office:styles></office:document-styles>`
	meta := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<office:document-meta ` + odfNS + `><office:meta>` +
		`<meta:generator>LibreOffice/7.6</meta:generator><dc:title>` + xmlEsc(title) + `</dc:title>` +
		`<meta:creation-date>2024-03-05T10:22:31</meta:creation-date><dc:date>2024-03-05T10:22:31</dc:date>` +
		`<meta:editing-cycles>2</meta:editing-cycles></office:meta></office:document-meta>`
	return zipBytes(
		member{name: "mimetype", data: []byte("application/vnd.oasis.opendocument.text"), store: true},
		member{name: "META-INF/manifest.xml", data: []byte(manifest)},
		member{name: "content.xml", data: []byte(c.String())},
		member{name: "styles.xml", data: []byte(styles)},
		member{name: "meta.xml", data: []byte(meta)},
	)
}
