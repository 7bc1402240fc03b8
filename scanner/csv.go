package scanner

import (
	"context"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/dredge-dev/dredge/classifiers"
)

// extractCSV scans CSV or TSV text as it is, with a tracker that places
// every cell (row, column name) and gives its column name as context.
func extractCSV(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	r = decodeText(r)
	br, head, err := peek(r, sniffLen)
	if err != nil {
		return err
	}
	delim := byte(',')
	if in.Format == "tsv" {
		delim = '\t'
	} else if d := sniffDelimiter(head); d != 0 {
		delim = d
	}
	return x.Structured(ctx, br, in.Loc, newCSVTracker(delim))
}

// csvTracker is a streaming CSV state machine (RFC 4180 quoting) that
// reports the span of each cell's value.
type csvTracker struct {
	delim byte

	record   int  // 0-based record index
	field    int  // 0-based field index in the record
	inQuotes bool // inside a quoted field
	quoted   bool // the current field started with a quote
	closed   bool // the quoted part of the current field has ended
	pendQ    bool // the last byte of the previous chunk was a quote in quotes
	atStart  bool // nothing of the current field seen yet

	first   []string // the first record, to decide on a header
	pending []classifiers.Segment
	cur     strings.Builder
	header  []string
	keys    [][]string
	hasHead bool
}

func newCSVTracker(delim byte) *csvTracker { return &csvTracker{delim: delim, atStart: true} }

func (t *csvTracker) column(i int) (string, []string) {
	if t.hasHead && i < len(t.header) {
		return t.header[i], t.keys[i]
	}
	return strconv.Itoa(i + 1), nil
}

func (t *csvTracker) Track(data []byte, segs []classifiers.Segment) []classifiers.Segment {
	start := 0 // value start of the current field within data
	end := -1  // value end (closing quote), if the field was quoted
	emit := func(stop int) {
		if end >= 0 {
			stop = end
		}
		if t.record == 0 {
			// The first record decides whether there is a header; its
			// cells are placed once that is known (if it ends in this
			// chunk).
			if stop > start {
				t.cur.Write(data[start:stop])
				t.pending = append(t.pending, classifiers.Segment{Start: start, End: stop,
					Loc: classifiers.Location{Row: 1, Column: strconv.Itoa(t.field + 1)}})
			}
			return
		}
		if stop <= start {
			return
		}
		if stop > 0 && data[stop-1] == '\r' && !t.quoted {
			stop--
		}
		name, keys := t.column(t.field)
		row := t.record
		if !t.hasHead {
			row = t.record + 1
		}
		segs = append(segs, classifiers.Segment{Start: start, End: stop, Keys: keys,
			Loc: classifiers.Location{Row: row, Column: name}})
	}
	endField := func(i int) {
		emit(i)
		if t.record == 0 {
			t.first = append(t.first, strings.TrimSpace(strings.TrimSuffix(t.cur.String(), "\r")))
			t.cur.Reset()
		}
		t.field++
		t.quoted, t.closed, t.atStart = false, false, true
		start, end = i+1, -1
	}
	if t.closed {
		end = 0
	}
	t.pending = nil // a first record cut by a chunk boundary stays unplaced
	i := 0
	if t.pendQ {
		t.pendQ = false
		if len(data) > 0 && data[0] == '"' {
			i = 1 // an escaped quote split across chunks
		} else {
			t.inQuotes, t.closed = false, true
			end = 0
		}
	}
	for ; i < len(data); i++ {
		c := data[i]
		if t.inQuotes {
			if c == '"' {
				if i+1 == len(data) {
					t.pendQ = true
					break
				}
				if data[i+1] == '"' {
					i++
					continue
				}
				t.inQuotes, t.closed = false, true
				end = i
			}
			continue
		}
		switch c {
		case '"':
			if t.atStart {
				t.inQuotes, t.quoted = true, true
				start = i + 1
			}
			t.atStart = false
		case t.delim:
			endField(i)
		case '\n':
			endField(i)
			if t.record == 0 {
				t.decideHeader()
				if !t.hasHead {
					segs = append(segs, t.pending...)
				}
				t.pending = nil
			}
			t.record++
			t.field = 0
		default:
			t.atStart = false
		}
	}
	if !t.pendQ && start < len(data) && !t.closed {
		emit(len(data))
	}
	return segs
}

// decideHeader treats the first record as a header when every field is a
// distinct name-like label (letters, no '@', few digits).
func (t *csvTracker) decideHeader() {
	seen := map[string]bool{}
	ok := len(t.first) > 0
	for _, f := range t.first {
		if f == "" || seen[f] || len(f) > 64 {
			ok = false
			break
		}
		seen[f] = true
		letters, digits := 0, 0
		for _, r := range f {
			switch {
			case unicode.IsLetter(r):
				letters++
			case unicode.IsDigit(r):
				digits++
			case r == '@':
				ok = false
			}
		}
		if letters == 0 || digits > 2 {
			ok = false
		}
	}
	t.hasHead = ok
	if ok {
		t.header = t.first
		t.keys = make([][]string, len(t.first))
		for i, h := range t.first {
			t.keys[i] = []string{h}
		}
	}
	t.first = nil
}
