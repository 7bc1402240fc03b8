package scanner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/dredge-dev/dredge/classifiers"
)

// XML and HTML: text nodes, CDATA, comments and attribute values, with
// entities decoded and the text converted to UTF-8 from its declared
// charset. Each value sits on the line of its source, so a match's line is
// the line in the file; its column is the element (`ssn`) or attribute
// (`person@ssn`) it is in, and the element and attribute names are its
// context keys.

// markupFormat tells XML and HTML by their first bytes.
func markupFormat(head []byte) Format {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) < 2 || t[0] != '<' {
		return ""
	}
	low := bytes.ToLower(t[:min(len(t), 1024)])
	switch {
	case bytes.HasPrefix(low, []byte("<!doctype html")), bytes.HasPrefix(low, []byte("<html")),
		bytes.HasPrefix(low, []byte("<head")), bytes.HasPrefix(low, []byte("<body")):
		return "html"
	case bytes.HasPrefix(low, []byte("<?xml")):
		if bytes.Contains(low, []byte("<html")) {
			return "html"
		}
		return "xml"
	case bytes.HasPrefix(low, []byte("<!--")), bytes.HasPrefix(low, []byte("<!doctype")):
		if bytes.Contains(low, []byte("<html")) {
			return "html"
		}
		return "xml"
	case isNameStart(t[1]) && bytes.Contains(t, []byte("</")):
		return "xml"
	}
	return ""
}

func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// xmlCharsetReader converts a declared charset to UTF-8. Input already
// turned into UTF-8 (a UTF-16 BOM) and unknown labels pass as they are:
// the engine reads any bytes.
func xmlCharsetReader(label string, input io.Reader) (io.Reader, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	if l == "" || l == "utf-8" || l == "utf8" || strings.HasPrefix(l, "utf-16") || l == "us-ascii" || l == "ascii" {
		return input, nil
	}
	enc, err := htmlindex.Get(l)
	if err != nil {
		return input, nil
	}
	return enc.NewDecoder().Reader(input), nil
}

// markupKeys caps the element stack kept for context.
const markupMaxStack = 256

func extractXML(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	return scanXML(ctx, decodeText(r), in, x, in.Loc, nil)
}

// xmlText is what scanXML does with an element: by default every text
// node and attribute value is a value.
type xmlText struct {
	// only, if set, keeps the text inside these elements (local names)
	// and no attribute; para ends a line, tab inserts a tab, each by
	// local name.
	only map[string]bool
	para map[string]bool
	tab  map[string]bool
	// keepAttr, if set, keeps these attributes (local names).
	keepAttr map[string]bool
	// paraAll ends a line after every element's text.
	paraAll bool
	// aligned: values sit on their source line (plain XML). Documents
	// (DOCX, PPTX, ODF) have their own lines: one per paragraph.
	unaligned bool
}

// scanXML scans XML from r into the engine. opt, if not nil, narrows it
// to the text of a document format.
func scanXML(ctx context.Context, r io.Reader, in *Input, x *Extraction, base classifiers.Location, opt *xmlText) error {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = xmlCharsetReader
	e := newEmitter(ctx, x, base)
	x.scanned = true
	hits := x.limitHits
	var stack []string
	extra := 0
	keep := 0 // depth inside elements opt.only keeps
	sep := func() {
		if opt != nil && opt.unaligned {
			e.text([]byte{'\n'})
			return
		}
		e.text([]byte{'\t'})
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			e.close()
			return ctx.Err()
		}
		tok, err := d.RawToken()
		if err != nil {
			e.close()
			if err == io.EOF || x.limitHits > hits {
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("xml: %w", err)
		}
		line, _ := d.InputPos()
		cur := ""
		if len(stack) > 0 {
			cur = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if opt != nil && opt.only != nil {
				if opt.only[name] {
					keep++
				}
				if opt.tab[name] {
					e.text([]byte{'\t'})
				}
			}
			for _, a := range t.Attr {
				if len(a.Value) == 0 || a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				if opt != nil && (opt.keepAttr == nil || !opt.keepAttr[a.Name.Local]) {
					continue
				}
				if opt == nil || !opt.unaligned {
					e.padLines(line - strings.Count(a.Value, "\n"))
				}
				e.value([]byte(a.Value), classifiers.Location{Column: name + "@" + a.Name.Local}, []string{name, a.Name.Local}, 0)
				sep()
			}
			if len(stack) < markupMaxStack {
				stack = append(stack, name)
			} else {
				extra++
			}
		case xml.EndElement:
			name := t.Name.Local
			if opt != nil && opt.only != nil && opt.only[name] && keep > 0 {
				keep--
			}
			if opt != nil && (opt.para[name] || opt.paraAll) {
				e.text([]byte{'\n'})
			}
			if extra > 0 {
				extra--
			} else if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if opt != nil {
				if opt.only == nil || keep > 0 {
					e.value(t, classifiers.Location{}, nil, 0)
				}
				continue
			}
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			e.padLines(line - bytes.Count(t, []byte{'\n'}))
			var keys []string
			if cur != "" {
				keys = []string{cur}
			}
			e.value(t, classifiers.Location{Column: cur}, keys, 0)
			sep()
		case xml.Comment:
			if opt != nil {
				continue
			}
			e.padLines(line - bytes.Count(t, []byte{'\n'}))
			e.text(t)
			sep()
		}
	}
}

// htmlMaxToken bounds one HTML token (a text run, a tag with its
// attributes) held in memory.
const htmlMaxToken = 16 << 20

func extractHTML(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	cr, err := charset.NewReader(decodeText(r), "text/html")
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return scanHTML(ctx, cr, in, x)
}

func scanHTML(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	z := html.NewTokenizer(bufio.NewReaderSize(r, 64<<10))
	z.SetMaxBuf(htmlMaxToken)
	e := newEmitter(ctx, x, in.Loc)
	x.scanned = true
	hits := x.limitHits
	line := 1
	var stack []string
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			e.close()
			return ctx.Err()
		}
		tt := z.Next()
		if tt == html.ErrorToken {
			e.close()
			err := z.Err()
			if err == io.EOF || x.limitHits > hits {
				return nil
			}
			if errors.Is(err, html.ErrBufferExceeded) {
				x.Partial(fmt.Sprintf("HTML token longer than %d bytes at line %d: the rest was not read", htmlMaxToken, line))
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("html: %w", err)
		}
		raw := z.Raw()
		start := line
		line += bytes.Count(raw, []byte{'\n'})
		cur := ""
		if len(stack) > 0 {
			cur = stack[len(stack)-1]
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if len(v) == 0 || string(k) == "style" || string(k) == "class" {
					continue
				}
				e.padLines(start)
				e.value(v, classifiers.Location{Column: tag + "@" + string(k)}, []string{tag, string(k)}, '\t')
			}
			if tt == html.StartTagToken && !voidElement(tag) {
				if len(stack) < markupMaxStack {
					stack = append(stack, tag)
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == string(name) {
					stack = stack[:i]
					break
				}
			}
		case html.TextToken:
			if cur == "style" {
				continue
			}
			t := z.Text()
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			e.padLines(start)
			var keys []string
			if cur != "" {
				keys = []string{cur}
			}
			e.value(t, classifiers.Location{Column: cur}, keys, '\t')
		case html.CommentToken:
			e.padLines(start)
			e.text(z.Text())
			e.text([]byte{'\t'})
		}
	}
}

func voidElement(tag string) bool {
	switch tag {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr":
		return true
	}
	return false
}
