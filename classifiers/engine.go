package classifiers

import (
	"bytes"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"

	re2 "github.com/wasilibs/go-re2"
	"github.com/wasilibs/go-re2/experimental"
)

// Location is where a match is. Only the fields that apply are set.
type Location struct {
	Path     string `json:"path,omitempty"`
	Line     int    `json:"line,omitempty"`
	Row      int    `json:"row,omitempty"`
	Column   string `json:"column,omitempty"`
	Cell     string `json:"cell,omitempty"`
	JSONPath string `json:"json_path,omitempty"`
	Record   int    `json:"record,omitempty"`
	Page     int    `json:"page,omitempty"`
	Offset   int64  `json:"offset"`
	Length   int    `json:"length"`
}

// Segment marks a span of a block as one structured value (a CSV cell, a
// JSON value, a spreadsheet cell) with its location and its context keys
// (column name, key path elements), which count as keywords for any match
// inside it.
type Segment struct {
	Start, End int
	Keys       []string
	Loc        Location
}

// Block is a piece of text to scan. Matches are reported only when they
// start in [From, Done); the bytes around that are context (keywords
// before, the rest of a match after).
type Block struct {
	Data []byte
	// Offset is the stream offset of Data[0]; Line its 1-based line.
	Offset int64
	Line   int
	From   int
	Done   int
	// Segments, sorted by Start and not overlapping, if the text has
	// structure.
	Segments []Segment
	// Loc is copied into every match (archive path, page, ...).
	Loc Location
}

// Match is one occurrence of an identifier. Value is the raw value: it is
// for the caller that asked and must never be written anywhere; Masked and
// Fingerprint are what may be.
type Match struct {
	Identifier  *Identifier
	Value       []byte
	Masked      string
	Fingerprint string
	Confidence  Confidence
	Loc         Location
}

// Options tune an Engine.
type Options struct {
	// MinConfidence drops matches below it (DefaultMinConfidence if 0).
	MinConfidence Confidence
	// FingerprintKey keys the HMAC of fingerprints.
	FingerprintKey []byte
	// AllowValues are literal values never reported, for any identifier.
	AllowValues []string
	// AllowPatterns are RE2 expressions; a value they match entirely is
	// never reported.
	AllowPatterns []string
}

// DefaultMinConfidence is the default reporting threshold: a match needs a
// validator or a keyword on top of its pattern.
const DefaultMinConfidence = Medium

// Engine runs a set of identifiers. It is safe for concurrent use; each
// goroutine borrows its own compiled copy of the expressions (go-re2 slows
// down when one is shared).
//
// How a block is scanned: one Aho-Corasick pass finds keywords and
// literal triggers, one lazily built DFA finds trigger shapes (see
// Trigger), both reading the block as two interleaved streams; each
// pattern's regex then runs only on the lines where all of its trigger
// conditions hold (merged into windows; the shapes that do not drive a
// pattern are checked on those lines only, by a small DFA of its own),
// first as a plain match (RE2's DFA), then for submatches where that
// matched. Matches stay on one line (or run Reach bytes past it), so this
// finds what a run over the whole text would; TestTriggerShapesNecessary
// checks it against an engine without shapes. The lazy DFAs and RE2's
// are built per matcher (one per concurrent scan) and kept: a worker pays
// for building them in its first megabytes.
type Engine struct {
	ids     []*Identifier
	pats    []patInfo
	ac      *acAutomaton
	litOwns [][]litOwner // literal -> owners
	// litHex: the literal is made of hex letters only (cc, cf, aba, dea):
	// as a keyword it also needs no digit beside it, or it would be
	// found inside hex ids and digests ("3cf4").
	litHex []bool
	shapes *shapeNFA
	// shapeOwns: shape -> conditions it is a signal of.
	shapeOwns [][]int32
	// condMixed: the condition has literal and shape signals, whose
	// events must be sorted together.
	condMixed []bool
	opts      Options
	fp        *Fingerprinter
	allow     map[string]bool
	super     [][]bool // super[i][j]: identifier i supersedes j
	// examples per identifier, normalized.
	examples []map[string]bool
	index    map[*Identifier]int
	// lazy: per identifier, the NFA of its patterns' lazy shapes (nil if
	// none).
	lazy  []*shapeNFA
	mu    sync.Mutex
	free  []*matcher // matchers not in use
	maxKw int        // longest keyword literal
}

type patInfo struct {
	id    int // identifier index
	p     Pattern
	group int // capture group of the value; 0 = whole match
	// spanOnly: the value is the whole match (no value group, or one
	// that only zero-width assertions surround), so matches are found
	// without RE2's submatch search (5-20 times the cost of finding
	// where a match starts and ends).
	spanOnly bool
	// conds are the trigger conditions that must all hold on a line for
	// the pattern to run there (indexes into the matcher's events).
	conds []int32
	// lazy are legacy class triggers of a pattern that also has shapes:
	// checked only on the lines its other conditions select, so that
	// they cost nothing elsewhere.
	lazy *regexp.Regexp
	// lazyMask: the bits, in its identifier's lazy NFA, of the pattern's
	// shapes that do not drive it (0 if none): all of them when the
	// pattern is keyword-triggered, all but the first otherwise. They are
	// checked only on the lines the driving condition selects.
	lazyMask uint64
}

type litOwner struct {
	cond    int32 // condition, or -1 for a keyword
	id      int32 // identifier index (keywords)
	keyword bool
}

// matcher is one goroutine's compiled copy and scratch space.
type matcher struct {
	// buf is ScanStream's block buffer, kept between scans: allocating
	// and zeroing a 1 MiB block per scan cost a 4 KiB object more than
	// its scan (a fleet sweeping small objects).
	buf     []byte
	res     []*re2.Regexp
	allow   []*re2.Regexp
	dfa     *shapeDFA
	lazyDFA []*shapeDFA // per identifier with lazy shapes
	// lazyMemo: per identifier, the lazy shapes found on each line
	// (by line start) of the current block.
	lazyMemo []map[int32]uint64
	stats    []patStats // per pattern
	hits     []acHit
	hits2    []acHit // scratch
	shits    []shapeHit
	shits2   []shapeHit // scratch
	events   [][]int32  // per condition: positions of the last byte of its signals
	kwPos    [][]span   // per identifier: keyword hits
	spans    []span     // scratch
	ptr      []int      // scratch: per condition
	nl       []int      // newline positions in the block
	cands    []Match
	// near: per identifier with NearestKeyword, the spans of its
	// candidates in the block, by start.
	near     [][]span
	keyCache map[string][]int // context key -> identifiers it is a keyword of
}

type span struct{ start, end int }

// patStats counts a pattern's windows and how many held a match.
type patStats struct{ windows, matched int }

// testIgnoreShapes makes NewEngine leave out trigger shapes (patterns
// with nothing else to trigger them run everywhere) and find every value
// with RE2's submatch search (no Pattern.Value, no match-only search):
// tests compare the two to check that shapes are necessary conditions and
// that values are found alike.
var testIgnoreShapes bool

// legacy class triggers as shapes.
func digitsShape(n int) string {
	return fmt.Sprintf(`[0-9](?:[ ./\-]?[()]*[0-9]){%d}`, n-1)
}

const (
	atShape      = `@`
	hexPairShape = `[0-9A-Fa-f]{2}[:\-][0-9A-Fa-f]{2}`
)

// NewEngine compiles identifiers. A pattern that does not compile is an
// error naming its identifier.
func NewEngine(ids []*Identifier, opts Options) (*Engine, error) {
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	e := &Engine{ids: ids, opts: opts, fp: NewFingerprinter(opts.FingerprintKey), allow: map[string]bool{}, shapes: newShapeNFA()}
	for _, v := range opts.AllowValues {
		e.allow[v] = true
	}
	var lits []string
	var owners [][]litOwner
	litIndex := map[string]int{}
	addLit := func(s string, o litOwner) {
		s = foldString(s)
		if s == "" || strings.IndexByte(s, '\n') >= 0 {
			return
		}
		if i, ok := litIndex[s]; ok {
			if !slices.Contains(owners[i], o) {
				owners[i] = append(owners[i], o)
			}
			return
		}
		litIndex[s] = len(lits)
		lits = append(lits, s)
		owners = append(owners, []litOwner{o})
	}
	shapeIndex := map[string]int{}
	ncond := int32(0)
	addShape := func(expr string, cond int32) error {
		si, ok := shapeIndex[expr]
		if !ok {
			var err error
			if si, err = e.shapes.add(expr); err != nil {
				return err
			}
			shapeIndex[expr] = si
			e.shapeOwns = append(e.shapeOwns, nil)
		}
		if !slices.Contains(e.shapeOwns[si], cond) {
			e.shapeOwns[si] = append(e.shapeOwns[si], cond)
		}
		return nil
	}
	index := map[string]int{}
	for i, id := range ids {
		if id.ID == "" {
			return nil, fmt.Errorf("identifier %d has no ID", i)
		}
		if _, dup := index[id.ID]; dup {
			return nil, fmt.Errorf("identifier %s is defined twice", id.ID)
		}
		index[id.ID] = i
		if len(id.Patterns) == 0 {
			return nil, fmt.Errorf("identifier %s has no pattern", id.ID)
		}
		ex := map[string]bool{}
		for _, v := range id.Examples {
			ex[string(id.normalize([]byte(v)))] = true
		}
		for _, v := range id.IgnoreWords {
			ex[string(id.normalize([]byte(v)))] = true
		}
		e.examples = append(e.examples, ex)
		for _, kw := range id.Keywords {
			e.maxKw = max(e.maxKw, len(kw))
			addLit(kw, litOwner{cond: -1, id: int32(i), keyword: true})
			if nospace := strings.ReplaceAll(foldString(kw), " ", ""); nospace != foldString(kw) {
				addLit(nospace, litOwner{cond: -1, id: int32(i), keyword: true})
			}
		}
		// The lazy shapes of all the identifier's patterns go into one
		// NFA, so that a line is read once for all of them.
		var nfa *shapeNFA
		lazyIndex := map[string]int{}
		for _, p := range id.Patterns {
			re, err := experimental.CompileLatin1(p.Regex)
			if err != nil {
				return nil, fmt.Errorf("identifier %s: pattern %q does not compile as RE2: %w", id.ID, p.Regex, err)
			}
			group := 0
			for gi, name := range re.SubexpNames() {
				if name == "v" {
					group = gi
				}
			}
			if p.Confidence == 0 {
				p.Confidence = Medium
			}
			t := p.Trigger
			if len(t.Literals) == 0 && t.Digits == 0 && !t.At && !t.HexPair && len(t.Shapes) == 0 && !t.Keyword && !t.Everywhere {
				return nil, fmt.Errorf("identifier %s: pattern %q has no trigger", id.ID, p.Regex)
			}
			if t.Keyword && len(id.Keywords) == 0 {
				return nil, fmt.Errorf("identifier %s: keyword-triggered pattern but no keywords", id.ID)
			}
			info := patInfo{id: i, p: p, group: group, spanOnly: group == 0 || valueIsMatch(p.Regex) || p.Value != nil}
			if testIgnoreShapes {
				// The reference engine finds every value with RE2's
				// submatch search.
				info.spanOnly, info.p.Value = false, nil
			}
			if !t.Everywhere {
				// Literals and the legacy class triggers: one condition,
				// any of them.
				var legacy []string
				if t.Digits > 0 {
					legacy = append(legacy, digitsShape(t.Digits))
				}
				if t.At {
					legacy = append(legacy, atShape)
				}
				if t.HexPair {
					legacy = append(legacy, hexPairShape)
				}
				if len(t.Literals) == 0 && len(legacy) > 0 && len(t.Shapes) > 0 && !testIgnoreShapes {
					info.lazy = regexp.MustCompile(strings.Join(legacy, "|"))
				} else if len(t.Literals) > 0 || len(legacy) > 0 {
					c := ncond
					ncond++
					info.conds = append(info.conds, c)
					e.condMixed = append(e.condMixed, len(t.Literals) > 0 && len(legacy) > 0)
					for _, l := range t.Literals {
						addLit(l, litOwner{cond: c, id: int32(i)})
					}
					for _, s := range legacy {
						if err := addShape(s, c); err != nil {
							return nil, fmt.Errorf("identifier %s: %w", id.ID, err)
						}
					}
				}
				// The first shape goes into the DFA pass as a condition of
				// its own, unless the pattern is keyword-triggered; the
				// others are checked on the lines the rest selects.
				shapes := t.Shapes
				if testIgnoreShapes {
					shapes = nil
				}
				main := 0
				if !t.Keyword {
					main = min(1, len(shapes))
				}
				for _, s := range shapes[:main] {
					c := ncond
					ncond++
					info.conds = append(info.conds, c)
					e.condMixed = append(e.condMixed, false)
					if err := addShape(s, c); err != nil {
						return nil, fmt.Errorf("identifier %s: pattern %q: trigger shape %q: %w", id.ID, p.Regex, s, err)
					}
				}
				for _, s := range shapes[main:] {
					k, ok := lazyIndex[s]
					if !ok {
						if nfa == nil {
							nfa = newShapeNFA()
						}
						var err error
						if k, err = nfa.add(s); err != nil {
							return nil, fmt.Errorf("identifier %s: pattern %q: trigger shape %q: %w", id.ID, p.Regex, s, err)
						}
						if k >= 64 {
							return nil, fmt.Errorf("identifier %s: more than 64 distinct trigger shapes checked lazily", id.ID)
						}
						lazyIndex[s] = k
					}
					info.lazyMask |= 1 << k
				}
			}
			if len(info.conds) == 0 && !t.Keyword {
				info.p.Trigger.Everywhere = true // testIgnoreShapes
			}
			e.pats = append(e.pats, info)
		}
		if nfa != nil {
			nfa.finish()
		}
		e.lazy = append(e.lazy, nfa)
	}
	e.shapes.finish()
	e.super = make([][]bool, len(ids))
	for i, id := range ids {
		e.super[i] = make([]bool, len(ids))
		for _, s := range id.Supersedes {
			if j, ok := index[s]; ok {
				e.super[i][j] = true
			}
		}
	}
	for _, p := range opts.AllowPatterns {
		if _, err := experimental.CompileLatin1(p); err != nil {
			return nil, fmt.Errorf("allow list pattern %q does not compile as RE2: %w", p, err)
		}
	}
	e.index = map[*Identifier]int{}
	for i, id := range ids {
		e.index[id] = i
	}
	e.ac = newAC(lits)
	e.litOwns = owners
	e.litHex = make([]bool, len(lits))
	for i, l := range lits {
		e.litHex[i] = strings.Trim(l, "abcdef") == ""
	}
	return e, nil
}

// Identifiers returns the identifiers the engine runs.
func (e *Engine) Identifiers() []*Identifier { return e.ids }

func (e *Engine) getMatcher() *matcher {
	e.mu.Lock()
	if n := len(e.free); n > 0 {
		m := e.free[n-1]
		e.free = e.free[:n-1]
		e.mu.Unlock()
		return m
	}
	e.mu.Unlock()
	m := &matcher{keyCache: map[string][]int{}}
	for _, p := range e.pats {
		m.res = append(m.res, experimental.MustCompileLatin1(p.p.Regex))
	}
	for _, p := range e.opts.AllowPatterns {
		m.allow = append(m.allow, experimental.MustCompileLatin1(`^(?:`+p+`)$`))
	}
	m.dfa = newShapeDFA(e.shapes)
	m.stats = make([]patStats, len(e.pats))
	m.lazyDFA = make([]*shapeDFA, len(e.ids))
	m.lazyMemo = make([]map[int32]uint64, len(e.ids))
	for i, n := range e.lazy {
		if n != nil {
			m.lazyDFA[i] = newShapeDFA(n)
			m.lazyMemo[i] = map[int32]uint64{}
		}
	}
	m.events = make([][]int32, len(e.condMixed))
	m.ptr = make([]int, len(e.condMixed))
	m.kwPos = make([][]span, len(e.ids))
	return m
}

// putMatcher keeps m for the next scan. Matchers are kept (not in a
// sync.Pool, which empties at every GC): one costs tens of milliseconds of
// regex compilation and DFA building, and there are only as many as scans
// ever ran at once.
func (e *Engine) putMatcher(m *matcher) {
	e.mu.Lock()
	e.free = append(e.free, m)
	e.mu.Unlock()
}

// ScanBlock finds the matches that start in b's [From, Done) and passes
// each to emit in offset order.
func (e *Engine) ScanBlock(b *Block, emit func(Match)) {
	m := e.getMatcher()
	defer e.putMatcher(m)
	e.scanBlock(m, b, emit)
}

func (e *Engine) scanBlock(m *matcher, b *Block, emit func(Match)) {
	data := b.Data
	for i := range m.events {
		m.events[i] = m.events[i][:0]
	}
	for i := range m.kwPos {
		m.kwPos[i] = m.kwPos[i][:0]
	}
	for _, memo := range m.lazyMemo {
		if len(memo) > 0 {
			clear(memo)
		}
	}
	m.cands = m.cands[:0]

	// Newlines, for line-aligned windows and line numbers.
	m.nl = m.nl[:0]
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		m.nl = append(m.nl, off+i)
		off += i + 1
	}

	// Literal triggers and keywords.
	m.hits, m.hits2 = e.ac.scan(data, m.hits[:0], m.hits2)
	for _, h := range m.hits {
		for _, o := range e.litOwns[h.lit] {
			if o.keyword {
				if keywordEdge(data, int(h.start), int(h.end), e.litHex[h.lit]) {
					m.kwPos[o.id] = append(m.kwPos[o.id], span{int(h.start), int(h.end)})
				}
				continue
			}
			m.events[o.cond] = append(m.events[o.cond], h.end-1)
		}
	}
	// Trigger shapes.
	if e.shapes.nshape > 0 {
		m.shits, m.shits2 = m.dfa.scan(data, m.shits[:0], m.shits2)
		for _, h := range m.shits {
			for _, c := range e.shapeOwns[h.shape] {
				ev := m.events[c]
				if n := len(ev); n > 0 && ev[n-1] == h.pos {
					continue
				}
				m.events[c] = append(ev, h.pos)
			}
		}
		for c, mixed := range e.condMixed {
			if mixed {
				slices.Sort(m.events[c])
			}
		}
	}
	// Segments whose context names identifiers.
	var segIDs [][]int
	if len(b.Segments) > 0 {
		segIDs = make([][]int, len(b.Segments))
		for si := range b.Segments {
			segIDs[si] = e.contextIDs(m, b.Segments[si].Keys)
		}
	}
	for pi := range e.pats {
		e.runWindows(m, b, pi, segIDs)
	}
	if len(m.cands) == 0 {
		return
	}
	e.resolve(m, b, segIDs, emit)
}

// lineOf returns the 0-based index of the line holding pos: a newline
// belongs to the line it ends.
func (m *matcher) lineOf(pos int) int { return sort.SearchInts(m.nl, pos) }

func (m *matcher) lineStartOf(l int) int {
	if l == 0 {
		return 0
	}
	return m.nl[l-1] + 1
}

func (m *matcher) lineEndOf(l int, data []byte) int {
	if l < len(m.nl) {
		return m.nl[l]
	}
	return len(data)
}

// lazyOK reports whether every lazy shape of pattern pi matches on the
// line [ls, le).
func (e *Engine) lazyOK(m *matcher, pi int, data []byte, ls, le int) bool {
	p := &e.pats[pi]
	if p.lazyMask == 0 {
		return true
	}
	memo := m.lazyMemo[p.id]
	seen, ok := memo[int32(ls)]
	if !ok {
		seen = m.lazyDFA[p.id].lineMask(data[ls:le])
		memo[int32(ls)] = seen
	}
	return seen&p.lazyMask == p.lazyMask
}

// windowRun collects line windows of one pattern, merges those close
// together and runs the pattern on them.
type windowRun struct {
	ws, we int
}

const mergeGap = 256

func (e *Engine) add(m *matcher, b *Block, pi int, w *windowRun, ls, le int) {
	if w.ws >= 0 && ls <= w.we+mergeGap {
		if le > w.we {
			w.we = le
		}
		return
	}
	e.flush(m, b, pi, w)
	w.ws, w.we = ls, le
}

func (e *Engine) flush(m *matcher, b *Block, pi int, w *windowRun) {
	if w.ws >= 0 {
		e.runPattern(m, b, pi, w.ws, w.we)
	}
	w.ws, w.we = -1, -1
}

// runWindows runs pattern pi on the lines where its trigger holds.
func (e *Engine) runWindows(m *matcher, b *Block, pi int, segIDs [][]int) {
	p := &e.pats[pi]
	t := &p.p.Trigger
	data := b.Data
	if t.Everywhere {
		e.runPattern(m, b, pi, 0, len(data))
		return
	}
	reach := t.Reach
	w := windowRun{-1, -1}
	if len(p.conds) == 0 {
		// Keyword windows: around each keyword and in the segments whose
		// context names the identifier.
		d := e.ids[p.id].distance()
		sp := m.spans[:0]
		for _, k := range m.kwPos[p.id] {
			sp = append(sp, span{k.start - d, k.end + d})
		}
		for si, ids := range segIDs {
			if slices.Contains(ids, p.id) {
				s := b.Segments[si]
				sp = append(sp, span{s.Start, s.End})
			}
		}
		m.spans = sp
		if len(sp) == 0 {
			return
		}
		slices.SortFunc(sp, func(a, b span) int { return a.start - b.start })
		for _, s := range sp {
			first, last := m.lineOf(max(s.start, 0)), m.lineOf(min(s.end+reach, len(data)))
			if p.lazyMask == 0 && p.lazy == nil {
				e.add(m, b, pi, &w, m.lineStartOf(first), m.lineEndOf(last, data))
				continue
			}
			// Only the lines of the window where the shapes hold.
			for l := first; l <= last; l++ {
				ls, le := m.lineStartOf(l), m.lineEndOf(l, data)
				if w.ws >= 0 && le <= w.we {
					continue // already in the window
				}
				if e.lazyOK(m, pi, data, ls, le) && (p.lazy == nil || p.lazy.Match(data[ls:le])) {
					e.add(m, b, pi, &w, ls, le)
				}
			}
		}
		e.flush(m, b, pi, &w)
		return
	}
	// The condition with the fewest events drives; the others (and the
	// keyword, if the pattern needs one) are checked on its lines.
	drv := p.conds[0]
	for _, c := range p.conds[1:] {
		if len(m.events[c]) < len(m.events[drv]) {
			drv = c
		}
	}
	ev := m.events[drv]
	if len(ev) == 0 {
		return
	}
	for _, c := range p.conds {
		m.ptr[c] = 0
	}
	var kw []span
	d := 0
	var segs []int
	if t.Keyword {
		kw = m.kwPos[p.id]
		d = e.ids[p.id].distance()
		for si, ids := range segIDs {
			if slices.Contains(ids, p.id) {
				segs = append(segs, si)
			}
		}
		if len(kw) == 0 && len(segs) == 0 {
			return
		}
	}
	kp, sp := 0, 0
	line, ls, le, ok := -1, 0, 0, false
	for _, pos32 := range ev {
		pos := int(pos32)
		if line >= 0 && pos <= le {
			continue // same line as the previous event
		}
		line = m.lineOf(pos)
		ls, le = m.lineStartOf(line), m.lineEndOf(line, data)
		ok = true
		for _, c := range p.conds {
			if c == drv {
				continue
			}
			o := m.events[c]
			k := m.ptr[c]
			for k < len(o) && int(o[k]) < ls {
				k++
			}
			m.ptr[c] = k
			if k == len(o) || int(o[k]) > le {
				ok = false
				break
			}
		}
		if ok && p.lazyMask != 0 {
			ok = e.lazyOK(m, pi, data, ls, le)
		}
		if ok && p.lazy != nil {
			ok = p.lazy.Match(data[ls:le])
		}
		if ok && t.Keyword {
			ok = false
			// Keyword windows are [start-d, end+d] widened to lines;
			// keyword hits are sorted by end.
			for kp < len(kw) && kw[kp].end+d+reach < ls {
				kp++
			}
			for k := kp; k < len(kw) && kw[k].end-e.maxKw-d <= le; k++ {
				if kw[k].start-d <= le && kw[k].end+d+reach >= ls {
					ok = true
					break
				}
			}
			if !ok {
				for sp < len(segs) && b.Segments[segs[sp]].End+reach < ls {
					sp++
				}
				ok = sp < len(segs) && b.Segments[segs[sp]].Start <= le
			}
		}
		if !ok {
			continue
		}
		we := le
		if reach > 0 {
			// The match may run reach bytes past the line.
			we = m.lineEndOf(m.lineOf(min(le+1+reach, len(data))), data)
		}
		e.add(m, b, pi, &w, ls, we)
	}
	e.flush(m, b, pi, &w)
}

// valueIsMatch reports whether the value group "v" of expr is its whole
// match: expr is the group, with only zero-width assertions (\b, ^, $,
// \A, \z) before or after it.
func valueIsMatch(expr string) bool {
	rs := make([]rune, len(expr))
	for i := 0; i < len(expr); i++ {
		rs[i] = rune(expr[i]) // Latin-1, as the patterns are compiled
	}
	re, err := syntax.Parse(string(rs), syntax.Perl)
	if err != nil {
		return false
	}
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	groups := 0
	for _, sub := range subs {
		switch sub.Op {
		case syntax.OpCapture:
			if sub.Name != "v" {
				return false
			}
			groups++
		case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine,
			syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch:
		default:
			return false
		}
	}
	return groups == 1
}

// labels reports whether keyword k labels the value [s, en) rather than
// another candidate of its identifier (near: their spans, by start); see
// Identifier.NearestKeyword.
func labels(data []byte, near []span, k span, s, en, d int) bool {
	// startsIn reports whether a candidate starts in [from, to).
	startsIn := func(from, to int) bool {
		i, _ := slices.BinarySearchFunc(near, from, func(a span, t int) int { return a.start - t })
		return i < len(near) && near[i].start < to
	}
	switch {
	case k.end <= s:
		if startsIn(k.end, s) {
			return false
		}
		// On an earlier line, the keyword must end its line as a header
		// cell does: "name,dob\n7,Ann,1987-03-04", not "dob: none\n".
		if nl := bytes.IndexByte(data[k.end:s], '\n'); nl >= 0 {
			return !bytes.ContainsAny(data[k.end:k.end+nl], "0123456789:=")
		}
		return true
	case k.start >= en:
		between := data[en:k.start]
		return bytes.IndexByte(between, '\n') < 0 && !startsIn(en, k.start) && !startsIn(k.end, k.end+d)
	}
	return false
}

// keywordEdge reports whether a keyword found at [start, end) stands as a
// word: no letter before or after it (a plural s aside), and for a keyword
// of hex letters (hex) no digit either.
func keywordEdge(data []byte, start, end int, hex bool) bool {
	if !wordEdge(data, start, end) {
		return false
	}
	if hex && (start > 0 && isDigit(data[start-1]) || end < len(data) && isDigit(data[end])) {
		return false
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func wordEdge(data []byte, start, end int) bool {
	if start > 0 && isLetter(data[start-1]) {
		return false
	}
	if end < len(data) && isLetter(data[end]) {
		// Allow a plural.
		if !(data[end] == 's' || data[end] == 'S') || end+1 < len(data) && isLetter(data[end+1]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// contextIDs returns the identifiers for which one of keys is a keyword.
func (e *Engine) contextIDs(m *matcher, keys []string) []int {
	var out []int
	for _, k := range keys {
		ids, ok := m.keyCache[k]
		if !ok {
			fk := foldString(k)
			hits, _ := e.ac.scan([]byte(fk), nil, nil)
			for _, h := range hits {
				for _, o := range e.litOwns[h.lit] {
					if o.keyword && keywordEdge([]byte(fk), int(h.start), int(h.end), e.litHex[h.lit]) && !slices.Contains(ids, int(o.id)) {
						ids = append(ids, int(o.id))
					}
				}
			}
			if len(m.keyCache) > 10000 {
				clear(m.keyCache)
			}
			m.keyCache[k] = ids
		}
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

func (e *Engine) runPattern(m *matcher, b *Block, pi, ws, we int) {
	if we <= ws {
		return
	}
	p := e.pats[pi]
	id := e.ids[p.id]
	data := b.Data
	re := m.res[pi]
	// Most windows hold no match: a plain match runs RE2's DFA only,
	// several times faster than finding submatches. Patterns whose
	// windows mostly do match (precise triggers) skip that test.
	st := &m.stats[pi]
	if st.windows < 64 || st.matched*2 < st.windows {
		st.windows++
		if !re.Match(data[ws:we]) {
			return
		}
		st.matched++
	}
	g, locs := p.group, [][]int(nil)
	if p.spanOnly {
		g, locs = 0, re.FindAllIndex(data[ws:we], -1)
	} else {
		locs = re.FindAllSubmatchIndex(data[ws:we], -1)
	}
	for _, loc := range locs {
		s, en := loc[2*g], loc[2*g+1]
		if s < 0 {
			continue
		}
		if p.p.Value != nil {
			vs, ve := p.p.Value(data[ws+s : ws+en])
			if vs < 0 {
				continue
			}
			s, en = s+vs, s+ve
		}
		s += ws
		en += ws
		if s < b.From || s >= b.Done || en <= s {
			continue
		}
		v := data[s:en]
		if id.Validate != nil && !id.Validate(v) {
			continue
		}
		m.cands = append(m.cands, Match{
			Identifier: id,
			Value:      v,
			Confidence: p.p.Confidence,
			Loc:        Location{Offset: int64(s), Length: en - s},
		})
	}
}

// resolve scores candidates by context, drops the ones that will not be
// reported, then removes superseded ones (so a candidate that is dropped
// never hides another), and emits the rest in offset order.
func (e *Engine) resolve(m *matcher, b *Block, segIDs [][]int, emit func(Match)) {
	if m.near == nil {
		m.near = make([][]span, len(e.ids))
	}
	for i := range m.near {
		m.near[i] = m.near[i][:0]
	}
	for _, mt := range m.cands {
		if mt.Identifier.NearestKeyword {
			ii := e.index[mt.Identifier]
			s := int(mt.Loc.Offset)
			m.near[ii] = append(m.near[ii], span{s, s + mt.Loc.Length})
		}
	}
	for _, sp := range m.near {
		if len(sp) > 1 {
			slices.SortFunc(sp, func(a, b span) int { return a.start - b.start })
		}
	}
	c := m.cands[:0]
	for _, mt := range m.cands {
		if e.score(m, b, segIDs, &mt) {
			c = append(c, mt)
		}
	}
	sort.SliceStable(c, func(i, j int) bool {
		if c[i].Loc.Offset != c[j].Loc.Offset {
			return c[i].Loc.Offset < c[j].Loc.Offset
		}
		return c[i].Loc.Length > c[j].Loc.Length
	})
	drop := make([]bool, len(c))
	for i := range c {
		if drop[i] {
			continue
		}
		iEnd := c[i].Loc.Offset + int64(c[i].Loc.Length)
		for j := i + 1; j < len(c) && c[j].Loc.Offset < iEnd; j++ {
			if drop[j] {
				continue
			}
			a, bb := e.index[c[i].Identifier], e.index[c[j].Identifier]
			switch {
			case a == bb:
				drop[j] = true // same identifier, two patterns: keep the longer
			case e.super[a][bb]:
				drop[j] = true
			case e.super[bb][a]:
				drop[i] = true
			}
			if drop[i] {
				break
			}
		}
	}
	for i := range c {
		if drop[i] {
			continue
		}
		mt := c[i]
		s := int(mt.Loc.Offset)
		mt.Loc.Line = b.Line + m.lineOf(s)
		mt.Loc.Offset = b.Offset + int64(s)
		mt.Masked = mt.Identifier.MaskValue(string(mt.Value))
		mt.Fingerprint = e.fp.Sum(mt.Identifier.ID, mt.Identifier.normalize(mt.Value))
		emit(mt)
	}
}

// score applies example and allow lists, keyword context and the
// confidence threshold to one candidate, and fills in its location from
// its segment. It reports whether the candidate is to be reported.
func (e *Engine) score(m *matcher, b *Block, segIDs [][]int, mt *Match) bool {
	id := mt.Identifier
	ii := e.index[id]
	s := int(mt.Loc.Offset)
	en := s + mt.Loc.Length
	norm := id.normalize(mt.Value)
	if e.examples[ii][string(norm)] || e.allow[string(mt.Value)] || e.allow[string(norm)] {
		return false
	}
	for _, re := range m.allow {
		if re.Match(mt.Value) {
			return false
		}
	}
	// Context: a keyword within distance, or the segment's keys.
	seg := -1
	if len(b.Segments) > 0 {
		k := sort.Search(len(b.Segments), func(k int) bool { return b.Segments[k].End > s })
		if k < len(b.Segments) && b.Segments[k].Start <= s {
			seg = k
		}
	}
	hasKW := seg >= 0 && slices.Contains(segIDs[seg], ii)
	if !hasKW {
		d := id.distance()
		for _, k := range m.kwPos[ii] {
			if k.end >= s-d && k.start <= en+d && (!id.NearestKeyword || labels(b.Data, m.near[ii], k, s, en, d)) {
				hasKW = true
				break
			}
		}
	}
	if id.RequireKeyword && !hasKW {
		return false
	}
	if hasKW && mt.Confidence < High {
		mt.Confidence++
	}
	if mt.Confidence < e.opts.MinConfidence {
		return false
	}
	loc := b.Loc
	if seg >= 0 {
		sl := b.Segments[seg].Loc
		loc.Row, loc.Column, loc.Cell, loc.JSONPath, loc.Record = sl.Row, sl.Column, sl.Cell, sl.JSONPath, sl.Record
		if sl.Page > 0 {
			loc.Page = sl.Page
		}
		if sl.Path != "" {
			loc.Path = sl.Path
		}
	}
	loc.Offset, loc.Length = int64(s), en-s
	mt.Loc = loc
	return true
}
