package scanner

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dredge-dev/dredge/classifiers"
)

// extractJSON scans JSON or JSON Lines text as it is, with a tracker that
// places every scalar value (record, JSON path) and gives every key of its
// path as context. Malformed JSON is still scanned as text; the object is
// then an error result naming the first problem.
func extractJSON(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	t := newJSONTracker(in.Format == "jsonl", x.Limits().MaxJSONDepth)
	if err := x.Structured(ctx, decodeText(r), in.Loc, t); err != nil {
		return err
	}
	if t.deep {
		x.Partial(fmt.Sprintf("JSON nested deeper than %d levels: deeper values scanned without key context", t.maxDepth))
	}
	if t.err != nil {
		what := "object"
		if in.Depth > 0 {
			what = in.Name
		}
		if t.lines {
			// One bad line does not spoil the others.
			x.Fail(what, t.err)
			return nil
		}
		return t.err
	}
	return nil
}

type jsonFrame struct {
	obj  bool
	key  string
	idx  int
	keys []string // keys of the path down to and including this frame's key
}

// jsonTracker is a streaming JSON lexer that follows the key path.
type jsonTracker struct {
	lines    bool
	maxDepth int
	deep     bool
	err      error
	off      int64 // stream offset of the current chunk
	record   int   // JSON Lines record (1-based)

	stack    []jsonFrame
	extra    int  // nesting beyond maxDepth
	inStr    bool // inside a string
	esc      bool // after a backslash in a string
	isKey    bool // the string being read is a key
	inScalar bool // inside a number or literal
	keyBuf   strings.Builder
	wantKey  bool // the next string in this object is a key
	started  bool // any value seen in this record
}

func newJSONTracker(lines bool, maxDepth int) *jsonTracker {
	if maxDepth <= 0 {
		maxDepth = DefaultLimits.MaxJSONDepth
	}
	t := &jsonTracker{lines: lines, maxDepth: maxDepth}
	if lines {
		t.record = 1
	}
	return t
}

func (t *jsonTracker) fail(pos int, format string, a ...any) {
	if t.err == nil {
		t.err = fmt.Errorf("invalid JSON at offset %d: %s", t.off+int64(pos), fmt.Sprintf(format, a...))
	}
}

func (t *jsonTracker) path() string {
	var b strings.Builder
	b.WriteString("$")
	for _, f := range t.stack {
		if f.obj {
			if f.key == "" {
				continue
			}
			if plainKey(f.key) {
				b.WriteByte('.')
				b.WriteString(f.key)
			} else {
				b.WriteString("[")
				b.WriteString(strconv.Quote(f.key))
				b.WriteString("]")
			}
		} else {
			b.WriteString("[")
			b.WriteString(strconv.Itoa(f.idx))
			b.WriteString("]")
		}
	}
	return b.String()
}

func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(isAlnumByte(c) || c == '_' || c == '-') {
			return false
		}
	}
	return k != ""
}

func isAlnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (t *jsonTracker) keys() []string {
	if len(t.stack) == 0 {
		return nil
	}
	return t.stack[len(t.stack)-1].keys
}

func (t *jsonTracker) segment(segs []classifiers.Segment, start, end int) []classifiers.Segment {
	if end <= start || t.err != nil {
		return segs
	}
	return append(segs, classifiers.Segment{Start: start, End: end, Keys: t.keys(),
		Loc: classifiers.Location{JSONPath: t.path(), Record: t.record}})
}

func (t *jsonTracker) push(obj bool) {
	if len(t.stack) >= t.maxDepth {
		t.extra++
		t.deep = true
		return
	}
	f := jsonFrame{obj: obj}
	f.keys = t.keys()
	t.stack = append(t.stack, f)
	t.wantKey = obj
}

func (t *jsonTracker) pop(pos int, obj bool) {
	if t.extra > 0 {
		t.extra--
		return
	}
	if len(t.stack) == 0 || t.stack[len(t.stack)-1].obj != obj {
		t.fail(pos, "unexpected %q", "}]"[map[bool]int{true: 0, false: 1}[obj]])
		return
	}
	t.stack = t.stack[:len(t.stack)-1]
	t.wantKey = false
}

func (t *jsonTracker) Track(data []byte, segs []classifiers.Segment) []classifiers.Segment {
	valStart := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if t.inStr {
			switch {
			case t.esc:
				t.esc = false
				if t.isKey {
					t.keyBuf.WriteByte(c)
				}
			case c == '\\':
				t.esc = true
				if t.isKey {
					t.keyBuf.WriteByte(c)
				}
			case c == '"':
				t.inStr = false
				if t.isKey {
					if t.extra == 0 && len(t.stack) > 0 {
						top := &t.stack[len(t.stack)-1]
						top.key = unescapeKey(t.keyBuf.String())
						parent := []string(nil)
						if len(t.stack) > 1 {
							parent = t.stack[len(t.stack)-2].keys
						}
						top.keys = append(append(make([]string, 0, len(parent)+1), parent...), top.key)
					}
					t.keyBuf.Reset()
				} else {
					segs = t.segment(segs, valStart, i)
				}
			case c == '\n':
				t.fail(i, "newline in string")
				t.inStr = false
			default:
				if t.isKey && t.keyBuf.Len() < 256 {
					t.keyBuf.WriteByte(c)
				}
			}
			continue
		}
		if t.inScalar {
			if isAlnumByte(c) || c == '.' || c == '+' || c == '-' {
				continue
			}
			t.inScalar = false
			segs = t.segment(segs, valStart, i)
		}
		switch c {
		case ' ', '\t', '\r':
		case '\n':
			if t.lines && len(t.stack) == 0 && t.extra == 0 {
				if t.started {
					t.record++
				}
				t.started = false
			}
		case '"':
			t.inStr = true
			t.isKey = t.wantKey && t.extra == 0 && len(t.stack) > 0 && t.stack[len(t.stack)-1].obj
			valStart = i + 1
			t.started = true
		case '{':
			t.push(true)
			t.started = true
		case '[':
			t.push(false)
			t.started = true
		case '}':
			t.pop(i, true)
		case ']':
			t.pop(i, false)
		case ':':
			t.wantKey = false
		case ',':
			if t.extra == 0 && len(t.stack) > 0 {
				top := &t.stack[len(t.stack)-1]
				if top.obj {
					t.wantKey = true
				} else {
					top.idx++
				}
			}
		default:
			if isAlnumByte(c) || c == '-' {
				t.inScalar = true
				t.started = true
				valStart = i
			} else {
				t.fail(i, "unexpected character %q", c)
			}
		}
	}
	// A value cut by the end of the chunk is reported in part now and
	// continues from the start of the next chunk.
	if t.inStr && !t.isKey || t.inScalar {
		segs = t.segment(segs, valStart, len(data))
	}
	t.off += int64(len(data))
	return segs
}

func unescapeKey(k string) string {
	if !strings.Contains(k, `\`) {
		return k
	}
	if u, err := strconv.Unquote(`"` + k + `"`); err == nil {
		return u
	}
	return k
}
