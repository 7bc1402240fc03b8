package scanner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"path"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// E-mail (RFC 5322 / MIME): the headers are scanned as text on their own
// lines (encoded words decoded); text parts are scanned with their
// transfer encoding (base64, quoted-printable) undone and their charset
// converted, HTML parts as HTML. Attachments and attached messages are
// members named `attachment:NAME`, detected and scanned as their own
// format, recursively. Of a multipart/alternative only one version is
// scanned (text/plain if there is one), so the same text is not counted
// twice.

var emailHeaders = []string{"from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
	"received", "return-path", "delivered-to", "reply-to", "content-type", "x-mailer", "dkim-signature",
	"authentication-results", "thread-index", "in-reply-to", "references", "x-originating-ip", "sender"}

// isEmail: the text starts with header fields, at least two of them
// well-known e-mail headers, and one of From, Received, Return-Path,
// Delivered-To, Message-ID or MIME-Version.
func isEmail(head []byte) bool {
	t := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(t, []byte("From ")) { // an mbox "From " line
		if i := bytes.IndexByte(t, '\n'); i > 0 {
			t = t[i+1:]
		}
	}
	known, strong := 0, false
	lines := bytes.SplitN(t, []byte{'\n'}, 64)
	for i, l := range lines {
		l = bytes.TrimRight(l, "\r")
		if len(l) == 0 {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			if i == 0 {
				return false
			}
			continue
		}
		c := bytes.IndexByte(l, ':')
		if c <= 0 || bytes.ContainsAny(l[:c], " \t") {
			if i == len(lines)-1 {
				break // cut by the end of head
			}
			return false
		}
		name := strings.ToLower(string(l[:c]))
		for _, h := range emailHeaders {
			if name == h {
				known++
				switch name {
				case "from", "received", "return-path", "delivered-to", "message-id", "mime-version":
					strong = true
				}
			}
		}
	}
	return known >= 2 && strong
}

// mailMaxHeader bounds the header block of a message or part.
const mailMaxHeader = 1 << 20

// mailMaxDepth bounds multipart nesting inside one message.
const mailMaxDepth = 32

var wordDecoder = &mime.WordDecoder{CharsetReader: func(cs string, in io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(in), nil
}}

func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return d
	}
	return s
}

func extractEmail(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	br := bufio.NewReaderSize(decodeText(r), 64<<10)
	lines, err := readMailHeader(br)
	if err != nil {
		return fmt.Errorf("e-mail: %w", err)
	}
	// The header block, as text, on its lines.
	e := newEmitter(ctx, x, in.Loc)
	for _, h := range lines {
		e.padLines(h.line)
		e.textString(h.name + ": " + decodeWords(h.value) + "\n")
	}
	e.close()
	x.scanned = true
	m := &mailPart{ctx: ctx, in: in, x: x}
	return m.body(headersOf(lines), br, "", 0)
}

type mailHeaderLine struct {
	name, value string
	line        int
}

// readMailHeader reads a header block up to its empty line, unfolding
// continuation lines.
func readMailHeader(br *bufio.Reader) ([]mailHeaderLine, error) {
	var lines []mailHeaderLine
	n, size := 0, 0
	for {
		l, err := br.ReadString('\n')
		size += len(l)
		if size > mailMaxHeader {
			return lines, fmt.Errorf("header block larger than %d bytes", mailMaxHeader)
		}
		n++
		t := strings.TrimRight(l, "\r\n")
		if n == 1 && strings.HasPrefix(t, "From ") {
			continue // mbox separator
		}
		if t == "" {
			return lines, nil
		}
		if (t[0] == ' ' || t[0] == '\t') && len(lines) > 0 {
			lines[len(lines)-1].value += " " + strings.TrimSpace(t)
		} else if c := strings.IndexByte(t, ':'); c > 0 {
			lines = append(lines, mailHeaderLine{name: t[:c], value: strings.TrimSpace(t[c+1:]), line: n})
		} else if n > 1 {
			// Not a header: the body starts without an empty line.
			return lines, nil
		}
		if err != nil {
			return lines, nil
		}
	}
}

type mailPart struct {
	ctx    context.Context
	in     *Input
	x      *Extraction
	bodies int
}

func headersOf(lines []mailHeaderLine) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	for _, l := range lines {
		h.Add(l.name, l.value)
	}
	return h
}

// body scans one part whose headers are hdr; num is its MIME part number
// ("" for the message itself).
func (m *mailPart) body(hdr textproto.MIMEHeader, r io.Reader, num string, depth int) error {
	ct := hdr.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || ct == "" {
		mt, params = "text/plain", map[string]string{}
	}
	if err := m.ctx.Err(); err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(hdr.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	name = decodeWords(name)
	data := transferDecode(r, hdr.Get("Content-Transfer-Encoding"))

	switch {
	case strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" && depth < mailMaxDepth:
		return m.multipart(mt, data, params["boundary"], num, depth)
	case disp == "attachment" || name != "" && disp != "inline" || !strings.HasPrefix(mt, "text/") && mt != "message/rfc822":
		if name == "" {
			name = "part-" + partNum(num)
			if mt == "message/rfc822" {
				name += ".eml"
			}
		}
		if err := m.x.spent(m.ctx); err != nil {
			return err
		}
		p := childPath(m.in, "attachment:"+path.Base(strings.ReplaceAll(name, "\\", "/")))
		m.x.Member(m.ctx, p, data, m.in.Depth+1)
		return nil
	case mt == "message/rfc822":
		p := childPath(m.in, "attachment:"+nonEmpty(name, "part-"+partNum(num)+".eml"))
		m.x.Member(m.ctx, p, data, m.in.Depth+1)
		return nil
	}
	// An inline text part.
	text := charsetDecode(data, params["charset"])
	m.bodies++
	loc := m.in.Loc
	loc.Path = childPath(m.in, "body")
	if num != "" {
		loc.Path = childPath(m.in, "part:"+num)
	}
	if mt == "text/html" {
		return scanHTML(m.ctx, text, &Input{Name: m.in.Name, Format: "html", Depth: m.in.Depth, Loc: loc}, m.x)
	}
	return m.x.Text(m.ctx, text, loc)
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func partNum(num string) string {
	if num == "" {
		return "1"
	}
	return num
}

func (m *mailPart) multipart(mt string, r io.Reader, boundary, num string, depth int) error {
	mr := multipart.NewReader(r, boundary)
	alternative := mt == "multipart/alternative"
	chosen := false
	for i := 1; ; i++ {
		if err := m.ctx.Err(); err != nil {
			return err
		}
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			m.x.Fail(childPath(m.in, "part:"+numJoin(num, i)), fmt.Errorf("MIME: %w", err))
			return nil
		}
		sub := numJoin(num, i)
		if alternative {
			// Versions of the same text: the first text or multipart
			// one is scanned, the others are read past.
			pmt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if strings.HasPrefix(pmt, "text/") || strings.HasPrefix(pmt, "multipart/") || pmt == "" {
				if chosen {
					continue
				}
				chosen = true
			}
		}
		if err := m.body(p.Header, p, sub, depth+1); err != nil {
			return err
		}
	}
}

func numJoin(num string, i int) string {
	if num == "" {
		return fmt.Sprint(i)
	}
	return fmt.Sprintf("%s.%d", num, i)
}

// transferDecode undoes a Content-Transfer-Encoding.
func transferDecode(r io.Reader, cte string) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Filter{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Filter drops what is not base64 (line ends, spaces, stray
// characters) and stops at padding, so that a sloppy encoder's output
// still decodes.
type base64Filter struct {
	r    io.Reader
	done bool
}

func (f *base64Filter) Read(p []byte) (int, error) {
	for {
		if f.done {
			return 0, io.EOF
		}
		n, err := f.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' {
				p[k] = c
				k++
			}
		}
		if err != nil {
			if k == 0 {
				return 0, err
			}
			return k, nil
		}
		if k > 0 {
			return k, nil
		}
	}
}

// charsetDecode converts text from its declared charset to UTF-8.
func charsetDecode(r io.Reader, cs string) io.Reader {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if cs == "" || cs == "utf-8" || cs == "us-ascii" || cs == "utf8" {
		return r
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return r
	}
	return enc.NewDecoder().Reader(r)
}
