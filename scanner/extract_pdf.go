package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/text/encoding/charmap"

	"github.com/dredge-dev/dredge/classifiers"
)

// PDF: pdfcpu (maintained, pure Go) reads the file structure, decrypts
// files whose user password is empty and decodes the streams; the text is
// taken from each page's content streams (and the form XObjects they
// draw) here, with the fonts' ToUnicode maps and encodings, one line per
// text line, located by page. Form field values and link targets are
// scanned with their page. A file that needs a password, and one whose
// pages hold images but no text (a scan; OCR is not done), is skipped
// with that reason.

func init() {
	// pdfcpu must not create a configuration folder in $HOME.
	model.ConfigPath = "disable"
}

// pdfMaxStream bounds one decoded PDF stream.
const pdfMaxStream = 256 << 20

func extractPDF(ctx context.Context, r io.Reader, in *Input, x *Extraction) (err error) {
	ra, size, done, err := randomAccess(ctx, in, r)
	if err != nil {
		return err
	}
	defer done()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdf: parser failure: %v", p)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	lim := int64(pdfMaxStream)
	if m := x.Limits().MaxMemberBytes; m > 0 && m < lim {
		lim = m
	}
	conf.Limits.MaxDecodeBytes = lim
	conf.Limits.MaxStreamBytes = lim
	pc, err := pdfcpu.ReadWithContext(ctx, io.NewSectionReader(ra, 0, size), conf)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, pdfcpu.ErrWrongPassword) || errors.Is(err, pdfcpu.ErrEncrypted) || strings.Contains(err.Error(), "password") {
			x.Skip(what(in), "encrypted PDF (needs a password)")
			return nil
		}
		return fmt.Errorf("pdf: %w", err)
	}
	if err := pc.EnsurePageCount(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	p := &pdfText{ctx: ctx, x: x, pc: pc, fonts: map[int]*pdfFont{}}
	text, images := 0, 0
	for page := 1; page <= pc.PageCount; page++ {
		if err := x.spent(ctx); err != nil {
			return err
		}
		d, _, inh, err := pc.PageDict(page, false)
		if err != nil || d == nil {
			x.Fail(fmt.Sprintf("%s page %d", what(in), page), fmt.Errorf("pdf: %v", err))
			continue
		}
		var res types.Dict
		if inh != nil {
			res = inh.Resources
		}
		if r := p.dict(d["Resources"]); r != nil {
			res = r
		}
		loc := in.Loc
		loc.Page = page
		e := newEmitter(ctx, x, loc)
		p.e, p.n, p.images = e, 0, 0
		content, err := pc.PageContent(d, page)
		if err != nil && !errors.Is(err, model.ErrNoContent) {
			x.Fail(fmt.Sprintf("%s page %d", what(in), page), fmt.Errorf("pdf: %v", err))
		}
		if lerr := p.inflated(len(content)); lerr != nil {
			e.close()
			return lerr
		}
		p.run(content, res, 0)
		if p.n > 0 {
			e.text([]byte{'\n'})
		}
		p.annots(d)
		e.close()
		text += p.n
		images += p.images
	}
	if text == 0 {
		if images > 0 {
			x.Skip(what(in), "image-only PDF (no text layer; OCR is not done)")
		} else if pc.PageCount > 0 {
			x.scanned = true // pages without text: nothing to find
		}
	}
	return ctx.Err()
}

type pdfText struct {
	ctx    context.Context
	x      *Extraction
	pc     *model.Context
	e      *emitter
	fonts  map[int]*pdfFont
	n      int // text bytes on this page
	images int
}

func (p *pdfText) inflated(n int) error {
	if err := p.x.Inflated(int64(n)); err != nil {
		return limitf("max decompressed bytes per object (%d) reached", p.x.Limits().MaxDecompressed)
	}
	return nil
}

func (p *pdfText) dict(o types.Object) types.Dict {
	if o == nil {
		return nil
	}
	d, err := p.pc.DereferenceDict(o)
	if err != nil {
		return nil
	}
	return d
}

// annots scans form field values, annotation contents and link targets.
func (p *pdfText) annots(page types.Dict) {
	arr, err := p.pc.DereferenceArray(page["Annots"])
	if err != nil {
		return
	}
	for i, o := range arr {
		if i > 10000 {
			return
		}
		d := p.dict(o)
		if d == nil {
			continue
		}
		name := ""
		if s, err := p.pc.DereferenceText(d["T"]); err == nil {
			name = s
		}
		for _, k := range []string{"Contents", "V"} {
			if s, err := p.pc.DereferenceText(d[k]); err == nil && strings.TrimSpace(s) != "" {
				var keys []string
				if name != "" {
					keys = []string{name}
				}
				p.e.value([]byte(s), classifiers.Location{Column: name}, keys, '\n')
				p.n += len(s)
			}
		}
		if a := p.dict(d["A"]); a != nil {
			if s, err := p.pc.DereferenceText(a["URI"]); err == nil && s != "" {
				p.e.textString(s + "\n")
				p.n += len(s)
			}
		}
	}
}

// Content streams.

const (
	ptNum = iota
	ptStr
	ptName
	ptOp
	ptArr
	ptDict
)

type pdfTok struct {
	kind int
	b    []byte // string bytes, name, operator
	num  float64
	arr  []pdfTok
}

type pdfLexer struct {
	b []byte
	i int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next returns the next token; ok false at the end.
func (l *pdfLexer) next(depth int) (pdfTok, bool) {
	for l.i < len(l.b) {
		c := l.b[l.i]
		if isPDFSpace(c) {
			l.i++
			continue
		}
		if c == '%' {
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
			continue
		}
		break
	}
	if l.i >= len(l.b) {
		return pdfTok{}, false
	}
	c := l.b[l.i]
	switch {
	case c == '(':
		return pdfTok{kind: ptStr, b: l.literal()}, true
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		if depth > 32 {
			return pdfTok{kind: ptDict}, true
		}
		for {
			t, ok := l.next(depth + 1)
			if !ok || t.kind == ptOp && string(t.b) == ">>" {
				return pdfTok{kind: ptDict}, true
			}
		}
	case c == '>' && l.i+1 < len(l.b) && l.b[l.i+1] == '>':
		l.i += 2
		return pdfTok{kind: ptOp, b: []byte(">>")}, true
	case c == '<':
		return pdfTok{kind: ptStr, b: l.hex()}, true
	case c == '[':
		l.i++
		var arr []pdfTok
		for {
			if depth > 32 {
				return pdfTok{kind: ptArr}, true
			}
			t, ok := l.next(depth + 1)
			if !ok || t.kind == ptOp && string(t.b) == "]" {
				return pdfTok{kind: ptArr, arr: arr}, true
			}
			if len(arr) < 1<<16 {
				arr = append(arr, t)
			}
		}
	case c == ']':
		l.i++
		return pdfTok{kind: ptOp, b: []byte("]")}, true
	case c == '/':
		j := l.i + 1
		for j < len(l.b) && !isPDFSpace(l.b[j]) && !isPDFDelim(l.b[j]) {
			j++
		}
		t := pdfTok{kind: ptName, b: l.b[l.i+1 : j]}
		l.i = j
		return t, true
	case c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.':
		j := l.i + 1
		for j < len(l.b) && (l.b[j] >= '0' && l.b[j] <= '9' || l.b[j] == '.') {
			j++
		}
		f, _ := strconv.ParseFloat(string(l.b[l.i:j]), 64)
		l.i = j
		return pdfTok{kind: ptNum, num: f}, true
	}
	j := l.i
	for j < len(l.b) && !isPDFSpace(l.b[j]) && !isPDFDelim(l.b[j]) {
		j++
	}
	if j == l.i {
		j++ // a stray delimiter
	}
	t := pdfTok{kind: ptOp, b: l.b[l.i:j]}
	l.i = j
	return t, true
}

func (l *pdfLexer) literal() []byte {
	l.i++ // (
	var out []byte
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if l.i >= len(l.b) {
				return out
			}
			c = l.b[l.i]
			l.i++
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.i < len(l.b) && l.b[l.i] == '\n' {
					l.i++
				}
				continue
			case '\n':
				continue
			default:
				if c >= '0' && c <= '7' {
					v := int(c - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						v = v*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(v)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

func (l *pdfLexer) hex() []byte {
	l.i++ // <
	var out []byte
	hi, half := byte(0), false
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return out
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return out
}

// skipInlineImage moves past the data of an inline image (after ID) to
// its EI.
func (l *pdfLexer) skipInlineImage() {
	for l.i < len(l.b) {
		k := bytes.Index(l.b[l.i:], []byte("EI"))
		if k < 0 {
			l.i = len(l.b)
			return
		}
		at := l.i + k
		l.i = at + 2
		if at > 0 && isPDFSpace(l.b[at-1]) && (l.i >= len(l.b) || isPDFSpace(l.b[l.i])) {
			return
		}
	}
}

// run interprets a content stream's text operators.
func (p *pdfText) run(content []byte, res types.Dict, depth int) {
	l := &pdfLexer{b: content}
	var ops []pdfTok
	var font *pdfFont
	var tm [6]float64 // text line matrix
	tm[0], tm[3] = 1, 1
	var lastY float64
	started, moved := false, false
	show := func(b []byte) {
		if font == nil {
			font = defaultPDFFont
		}
		s := font.decode(b)
		if len(s) == 0 {
			return
		}
		y := tm[5]
		if started && (y-lastY > 1 || lastY-y > 1) {
			p.e.text([]byte{'\n'})
		} else if started && moved {
			p.e.text([]byte{' '})
		}
		started, moved, lastY = true, false, y
		p.e.text(s)
		p.n += len(s)
	}
	newline := func() {
		if started {
			p.e.text([]byte{'\n'})
			started = false
		}
	}
	for n := 0; ; n++ {
		if n%4096 == 0 && p.ctx.Err() != nil {
			return
		}
		t, ok := l.next(0)
		if !ok {
			return
		}
		if t.kind != ptOp {
			if len(ops) < 64 {
				ops = append(ops, t)
			}
			continue
		}
		num := func(i int) float64 {
			if i < len(ops) && ops[i].kind == ptNum {
				return ops[i].num
			}
			return 0
		}
		switch string(t.b) {
		case "BT":
			tm = [6]float64{1, 0, 0, 1, 0, 0}
			moved = true
		case "Tf":
			if len(ops) >= 1 && ops[0].kind == ptName {
				font = p.font(res, string(ops[0].b))
			}
		case "Td", "TD":
			tx, ty := num(0), num(1)
			tm[4] += tx*tm[0] + ty*tm[2]
			tm[5] += tx*tm[1] + ty*tm[3]
			moved = true
		case "Tm":
			if len(ops) >= 6 {
				for i := range 6 {
					tm[i] = num(i)
				}
			}
			moved = true
		case "T*":
			newline()
		case "Tj":
			if len(ops) >= 1 && ops[0].kind == ptStr {
				show(ops[0].b)
			}
		case "'", "\"":
			newline()
			if len(ops) >= 1 && ops[len(ops)-1].kind == ptStr {
				show(ops[len(ops)-1].b)
			}
		case "TJ":
			if len(ops) >= 1 && ops[0].kind == ptArr {
				for _, a := range ops[0].arr {
					switch a.kind {
					case ptStr:
						show(a.b)
					case ptNum:
						if a.num < -250 {
							moved = true
						}
					}
				}
			}
		case "ET":
			moved = true
		case "Do":
			if len(ops) >= 1 && ops[0].kind == ptName {
				p.xobject(res, string(ops[0].b), depth)
				started = false
			}
		case "BI":
			// Inline image: its dictionary runs to ID, then binary data.
			for {
				t2, ok := l.next(0)
				if !ok {
					return
				}
				if t2.kind == ptOp && string(t2.b) == "ID" {
					break
				}
			}
			l.i++
			l.skipInlineImage()
			p.images++
		}
		ops = ops[:0]
	}
}

// xobject draws a form XObject's text, or counts an image.
func (p *pdfText) xobject(res types.Dict, name string, depth int) {
	xo := p.dict(res["XObject"])
	if xo == nil || depth >= 8 {
		return
	}
	o := xo[name]
	sd, _, err := p.pc.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return
	}
	switch st := sd.Subtype(); {
	case st != nil && *st == "Image":
		p.images++
	case st != nil && *st == "Form":
		if err := sd.DecodeWithLimit(pdfMaxStream); err != nil {
			return
		}
		if p.inflated(len(sd.Content)) != nil {
			return
		}
		fres := p.dict(sd.Dict["Resources"])
		if fres == nil {
			fres = res
		}
		p.run(sd.Content, fres, depth+1)
	}
}

// Fonts.

type pdfRange struct {
	lo, hi uint32
	dst    []rune   // the first code's text; the last rune increments
	arr    []string // or one text per code
}

type pdfFont struct {
	twoByte bool
	chars   map[uint32]string
	ranges  []pdfRange
	enc     *[256]rune
	// identity without a ToUnicode map: the codes are glyph ids with no
	// known text.
	opaque bool
}

var (
	winAnsi        = encodingTable(charmap.Windows1252)
	macRoman       = encodingTable(charmap.Macintosh)
	defaultPDFFont = &pdfFont{enc: winAnsi}
)

func encodingTable(cm *charmap.Charmap) *[256]rune {
	var t [256]rune
	for i := range 256 {
		t[i] = cm.DecodeByte(byte(i))
	}
	return &t
}

func (f *pdfFont) decode(b []byte) []byte {
	var out []byte
	step := 1
	if f.twoByte {
		step = 2
	}
	for i := 0; i+step <= len(b); i += step {
		code := uint32(b[i])
		if step == 2 {
			code = code<<8 | uint32(b[i+1])
		}
		if s, ok := f.lookup(code); ok {
			out = append(out, s...)
			continue
		}
		if f.opaque || f.twoByte {
			continue
		}
		if r := f.enc[code]; r != 0 {
			out = append(out, string(r)...)
		}
	}
	return out
}

func (f *pdfFont) lookup(code uint32) (string, bool) {
	if s, ok := f.chars[code]; ok {
		return s, true
	}
	if len(f.ranges) == 0 {
		return "", false
	}
	i := sort.Search(len(f.ranges), func(i int) bool { return f.ranges[i].hi >= code })
	if i < len(f.ranges) && f.ranges[i].lo <= code {
		rg := f.ranges[i]
		off := code - rg.lo
		if rg.arr != nil {
			if int(off) < len(rg.arr) {
				return rg.arr[off], true
			}
			return "", false
		}
		d := append([]rune(nil), rg.dst...)
		if len(d) > 0 {
			d[len(d)-1] += rune(off)
		}
		return string(d), true
	}
	return "", false
}

// font builds (once per font object) the decoder of a font resource.
func (p *pdfText) font(res types.Dict, name string) *pdfFont {
	fonts := p.dict(res["Font"])
	if fonts == nil {
		return defaultPDFFont
	}
	o := fonts[name]
	key := -1
	if ir, ok := o.(types.IndirectRef); ok {
		key = ir.ObjectNumber.Value()
		if f := p.fonts[key]; f != nil {
			return f
		}
	}
	d := p.dict(o)
	if d == nil {
		return defaultPDFFont
	}
	f := &pdfFont{enc: winAnsi}
	if st := d.Subtype(); st != nil && *st == "Type0" {
		f.twoByte = true
		f.opaque = true
	}
	switch e := d["Encoding"].(type) {
	case types.Name:
		switch string(e) {
		case "MacRomanEncoding":
			f.enc = macRoman
		}
	default:
		if ed := p.dict(e); ed != nil && !f.twoByte {
			base := winAnsi
			if b := ed.NameEntry("BaseEncoding"); b != nil && *b == "MacRomanEncoding" {
				base = macRoman
			}
			t := *base
			if diffs, err := p.pc.DereferenceArray(ed["Differences"]); err == nil {
				code := 0
				for _, o := range diffs {
					switch v := o.(type) {
					case types.Integer:
						code = int(v)
					case types.Name:
						if code >= 0 && code < 256 {
							if r := glyphRune(string(v)); r != 0 {
								t[code] = r
							}
						}
						code++
					}
				}
			}
			f.enc = &t
		}
	}
	if sd, _, err := p.pc.DereferenceStreamDict(d["ToUnicode"]); err == nil && sd != nil {
		if err := sd.DecodeWithLimit(16 << 20); err == nil {
			parseToUnicode(sd.Content, f)
			f.opaque = false
		}
	}
	if key >= 0 && len(p.fonts) < 10000 {
		p.fonts[key] = f
	}
	return f
}

// parseToUnicode reads a ToUnicode CMap into f.
func parseToUnicode(b []byte, f *pdfFont) {
	l := &pdfLexer{b: b}
	f.chars = map[uint32]string{}
	var ops []pdfTok
	mode := ""
	oneByte, twoByte := false, false
	entries := 0
	for {
		t, ok := l.next(0)
		if !ok || entries > 1<<20 {
			break
		}
		if t.kind != ptOp {
			ops = append(ops, t)
			if mode == "bfchar" && len(ops) == 2 {
				if ops[0].kind == ptStr && ops[1].kind == ptStr {
					f.chars[codeOf(ops[0].b)] = utf16String(ops[1].b)
					entries++
				} else if ops[0].kind == ptStr && ops[1].kind == ptName {
					if r := glyphRune(string(ops[1].b)); r != 0 {
						f.chars[codeOf(ops[0].b)] = string(r)
					}
				}
				ops = ops[:0]
			} else if mode == "bfrange" && len(ops) == 3 {
				if ops[0].kind == ptStr && ops[1].kind == ptStr {
					lo, hi := codeOf(ops[0].b), codeOf(ops[1].b)
					if hi >= lo && hi-lo < 1<<16 {
						rg := pdfRange{lo: lo, hi: hi}
						switch ops[2].kind {
						case ptStr:
							rg.dst = []rune(utf16String(ops[2].b))
						case ptArr:
							for _, a := range ops[2].arr {
								rg.arr = append(rg.arr, utf16String(a.b))
							}
						}
						f.ranges = append(f.ranges, rg)
						entries++
					}
				}
				ops = ops[:0]
			} else if mode == "codespace" && len(ops) == 2 {
				if ops[0].kind == ptStr {
					switch len(ops[0].b) {
					case 1:
						oneByte = true
					case 2:
						twoByte = true
					}
				}
				ops = ops[:0]
			} else if mode == "" && len(ops) > 16 {
				ops = ops[:0]
			}
			continue
		}
		switch string(t.b) {
		case "beginbfchar":
			mode = "bfchar"
		case "beginbfrange":
			mode = "bfrange"
		case "begincodespacerange":
			mode = "codespace"
		case "endbfchar", "endbfrange", "endcodespacerange":
			mode = ""
		}
		ops = ops[:0]
	}
	if oneByte && !twoByte {
		f.twoByte = false
	} else if twoByte && !oneByte {
		f.twoByte = true
	}
	sort.Slice(f.ranges, func(i, j int) bool { return f.ranges[i].lo < f.ranges[j].lo })
	// Overlapping ranges would break the search: keep the first.
	k := 0
	for _, rg := range f.ranges {
		if k > 0 && rg.lo <= f.ranges[k-1].hi {
			continue
		}
		f.ranges[k] = rg
		k++
	}
	f.ranges = f.ranges[:k]
}

func codeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b[:min(len(b), 4)] {
		c = c<<8 | uint32(x)
	}
	return c
}

func utf16String(b []byte) string {
	if len(b)%2 == 1 {
		b = append(b, 0)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
	"ampersand": '&', "quotesingle": '\'', "quoteright": '\'', "parenleft": '(', "parenright": ')',
	"asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "minus": '-', "period": '.', "slash": '/',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "colon": ':', "semicolon": ';', "less": '<', "equal": '=',
	"greater": '>', "question": '?', "at": '@', "bracketleft": '[', "backslash": '\\',
	"bracketright": ']', "asciicircum": '^', "underscore": '_', "grave": '`', "quoteleft": '\'',
	"braceleft": '{', "bar": '|', "braceright": '}', "asciitilde": '~', "endash": '–', "emdash": '—',
	"bullet": '•', "quotedblleft": '"', "quotedblright": '"', "nbspace": ' ',
}

// glyphRune maps a glyph name to its character, for the common names.
func glyphRune(name string) rune {
	if len(name) == 1 {
		return rune(name[0])
	}
	if r, ok := glyphNames[name]; ok {
		return r
	}
	if strings.HasPrefix(name, "uni") && len(name) == 7 {
		if v, err := strconv.ParseUint(name[3:], 16, 32); err == nil {
			return rune(v)
		}
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil {
			return rune(v)
		}
	}
	return 0
}
