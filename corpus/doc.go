package corpus

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
)

// doc builds one corpus object and its ground truth: plain text is written
// as is, and every V written is counted under its identifier.
type doc struct {
	*gen
	path   string
	buf    bytes.Buffer
	counts map[string]int
	// negs lists identifiers with a planted look-alike here: their count
	// in this object must stay zero so a false positive cannot hide
	// behind a true one.
	negs map[string]bool
	// status and reason, if set, are the scan status the object must
	// get (other than complete) and a part of its reason.
	status, reason string
}

func newDoc(g *gen, path string) *doc {
	return &doc{gen: g, path: path, counts: map[string]int{}, negs: map[string]bool{}}
}

// text renders parts (strings, Vs, []V, or anything fmt prints) and
// counts the Vs.
func (d *doc) text(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b.WriteString(p)
		case V:
			d.counts[p.ID]++
			b.WriteString(p.S)
		case []V:
			for i, v := range p {
				if i > 0 {
					b.WriteString(", ")
				}
				d.counts[v.ID]++
				b.WriteString(v.S)
			}
		default:
			fmt.Fprint(&b, p)
		}
	}
	return b.String()
}

// w writes parts.
func (d *doc) w(parts ...any) { d.buf.WriteString(d.text(parts...)) }

// ln writes parts and a newline.
func (d *doc) ln(parts ...any) { d.buf.WriteString(d.text(parts...) + "\n") }

// add counts n occurrences of id that the text already holds (values that
// are parts of a bigger planted value, such as a key file).
func (d *doc) add(id string, n int) { d.counts[id] += n }

// neg writes text holding a look-alike of each of ids.
func (d *doc) neg(ids []string, parts ...any) {
	for _, id := range ids {
		d.negs[id] = true
	}
	d.ln(parts...)
}

// capture runs fn, which writes into the document, and returns what it
// wrote instead of keeping it: the values it wrote stay counted. Container
// formats use it to make a member's bytes with any text template.
func (d *doc) capture(fn func()) []byte {
	saved := d.buf
	d.buf = bytes.Buffer{}
	fn()
	out := append([]byte(nil), d.buf.Bytes()...)
	d.buf = saved
	return out
}

// lines is capture split into lines (without the last empty one).
func (d *doc) lines(fn func()) []string {
	return strings.Split(strings.TrimSuffix(string(d.capture(fn)), "\n"), "\n")
}

// setData replaces what the document holds with data (a binary format
// made of captured or counted text).
func (d *doc) setData(data []byte) {
	d.buf.Reset()
	d.buf.Write(data)
}

// expect says the scanner must give this object status (not complete),
// with reason in its reason (expected_status.csv).
func (d *doc) expect(status, reason string) { d.status, d.reason = status, reason }

// n is shorthand for a list of identifier IDs.
func n(ids ...string) []string { return ids }

// table writes a CSV/TSV table; cells are strings or Vs.
func (d *doc) table(sep rune, rows [][]any) {
	w := csv.NewWriter(&d.buf)
	w.Comma = sep
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, c := range r {
			rec[i] = d.text(c)
		}
		if err := w.Write(rec); err != nil {
			panic(err)
		}
	}
	w.Flush()
}

// ---------------------------------------------------------------------------
// A tiny ordered JSON writer that counts the Vs it writes.

type kv struct {
	k string
	v any
}

type obj []kv
type arr []any

// numV is a V written as a JSON number.
type numV V

// raw is written verbatim.
type raw string

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// json renders v; indent "" gives the compact one-line form.
func (d *doc) json(v any, indent string) string {
	var b strings.Builder
	d.jsonTo(&b, v, indent, "")
	return b.String()
}

func (d *doc) jsonTo(b *strings.Builder, v any, indent, cur string) {
	nl := func(level string) {
		if indent != "" {
			b.WriteString("\n" + level)
		}
	}
	colon := ":"
	if indent != "" {
		colon = ": "
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(jsonString(v))
	case V:
		d.counts[v.ID]++
		b.WriteString(jsonString(v.S))
	case numV:
		d.counts[v.ID]++
		b.WriteString(v.S)
	case raw:
		b.WriteString(string(v))
	case int:
		fmt.Fprint(b, v)
	case float64:
		fmt.Fprintf(b, "%.2f", v)
	case bool:
		fmt.Fprint(b, v)
	case obj:
		b.WriteByte('{')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(cur + indent)
			b.WriteString(jsonString(e.k) + colon)
			d.jsonTo(b, e.v, indent, cur+indent)
		}
		if len(v) > 0 {
			nl(cur)
		}
		b.WriteByte('}')
	case arr:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(cur + indent)
			d.jsonTo(b, e, indent, cur+indent)
		}
		if len(v) > 0 {
			nl(cur)
		}
		b.WriteByte(']')
	default:
		panic(fmt.Sprintf("json: unsupported %T", v))
	}
}

// ---------------------------------------------------------------------------

// object is one finished corpus file.
type object struct {
	path   string
	data   []byte
	counts map[string]int
	// status and reason: the expected scan status when it is not
	// complete, and a part of the expected reason.
	status, reason string
}

func (d *doc) finish() object {
	for id := range d.negs {
		if d.counts[id] != 0 {
			panic(fmt.Sprintf("%s: look-alike of %s planted in an object with %d true %s", d.path, id, d.counts[id], id))
		}
	}
	for id, c := range d.counts {
		if c == 0 {
			delete(d.counts, id)
		}
	}
	if d.status != "" && len(d.counts) > 0 {
		panic(fmt.Sprintf("%s: an object expected to be %s holds planted values", d.path, d.status))
	}
	return object{path: d.path, data: append([]byte(nil), d.buf.Bytes()...), counts: d.counts, status: d.status, reason: d.reason}
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
