package classifiers

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
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
type Engine struct {
	ids     []*Identifier
	pats    []patInfo
	ac      *acAutomaton
	litOwns [][]litOwner // literal -> owners
	opts    Options
	fp      *Fingerprinter
	allow   map[string]bool
	super   [][]bool // super[i][j]: identifier i supersedes j
	// examples per identifier, normalized.
	examples []map[string]bool
	index    map[*Identifier]int
	minDigit int
	needAt   bool
	needHex  bool
	pool     sync.Pool
}

type patInfo struct {
	id    int // identifier index
	p     Pattern
	group int // capture group of the value; 0 = whole match
}

type litOwner struct {
	pat     int32 // pattern index, or -1 for a keyword
	id      int32 // identifier index (keywords)
	keyword bool
}

// matcher is one goroutine's compiled copy and scratch space.
type matcher struct {
	res      []*re2.Regexp
	allow    []*re2.Regexp
	hits     []acHit
	events   [][]span // per pattern
	kwPos    [][]span // per identifier: keyword hits
	nl       []int    // newline positions in the block
	cands    []Match
	keyCache map[string][]int // context key -> identifiers it is a keyword of
}

type span struct{ start, end int }

// NewEngine compiles identifiers. A pattern that does not compile is an
// error naming its identifier.
func NewEngine(ids []*Identifier, opts Options) (*Engine, error) {
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	e := &Engine{ids: ids, opts: opts, fp: NewFingerprinter(opts.FingerprintKey), allow: map[string]bool{}}
	for _, v := range opts.AllowValues {
		e.allow[v] = true
	}
	var lits []string
	var owners [][]litOwner
	addLit := func(s string, o litOwner) {
		s = foldString(s)
		if s == "" {
			return
		}
		for i, l := range lits {
			if l == s {
				owners[i] = append(owners[i], o)
				return
			}
		}
		lits = append(lits, s)
		owners = append(owners, []litOwner{o})
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
			addLit(kw, litOwner{pat: -1, id: int32(i), keyword: true})
			if nospace := bytes.ReplaceAll([]byte(foldString(kw)), []byte(" "), nil); string(nospace) != foldString(kw) {
				addLit(string(nospace), litOwner{pat: -1, id: int32(i), keyword: true})
			}
		}
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
			if len(t.Literals) == 0 && t.Digits == 0 && !t.At && !t.HexPair && !t.Keyword && !t.Everywhere {
				return nil, fmt.Errorf("identifier %s: pattern %q has no trigger", id.ID, p.Regex)
			}
			if t.Keyword && len(id.Keywords) == 0 {
				return nil, fmt.Errorf("identifier %s: keyword-triggered pattern but no keywords", id.ID)
			}
			pi := len(e.pats)
			e.pats = append(e.pats, patInfo{id: i, p: p, group: group})
			for _, l := range t.Literals {
				addLit(l, litOwner{pat: int32(pi), id: int32(i)})
			}
			if t.Digits > 0 && (e.minDigit == 0 || t.Digits < e.minDigit) {
				e.minDigit = t.Digits
			}
			e.needAt = e.needAt || t.At
			e.needHex = e.needHex || t.HexPair
		}
	}
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
	return e, nil
}

// Identifiers returns the identifiers the engine runs.
func (e *Engine) Identifiers() []*Identifier { return e.ids }

func (e *Engine) getMatcher() *matcher {
	if m, ok := e.pool.Get().(*matcher); ok {
		return m
	}
	m := &matcher{keyCache: map[string][]int{}}
	for _, p := range e.pats {
		m.res = append(m.res, experimental.MustCompileLatin1(p.p.Regex))
	}
	for _, p := range e.opts.AllowPatterns {
		m.allow = append(m.allow, experimental.MustCompileLatin1(`^(?:`+p+`)$`))
	}
	m.events = make([][]span, len(e.pats))
	m.kwPos = make([][]span, len(e.ids))
	return m
}

func (e *Engine) putMatcher(m *matcher) { e.pool.Put(m) }

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
	m.hits = e.ac.scan(data, m.hits[:0])
	for _, h := range m.hits {
		for _, o := range e.litOwns[h.lit] {
			if o.keyword {
				if wordEdge(data, int(h.start), int(h.end)) {
					m.kwPos[o.id] = append(m.kwPos[o.id], span{int(h.start), int(h.end)})
				}
				continue
			}
			m.events[o.pat] = append(m.events[o.pat], span{int(h.start), int(h.end)})
		}
	}
	// Character-class triggers.
	if e.minDigit > 0 || e.needAt || e.needHex {
		e.classEvents(m, data)
	}
	// Keyword-triggered patterns run around their keywords and inside
	// segments whose context names them.
	var segIDs [][]int
	if len(b.Segments) > 0 {
		segIDs = make([][]int, len(b.Segments))
		for si := range b.Segments {
			segIDs[si] = e.contextIDs(m, b.Segments[si].Keys)
		}
	}
	for pi, p := range e.pats {
		if p.p.Trigger.Everywhere {
			m.events[pi] = append(m.events[pi], span{0, len(data)})
		}
		if !p.p.Trigger.Keyword {
			continue
		}
		d := e.ids[p.id].distance()
		for _, k := range m.kwPos[p.id] {
			m.events[pi] = append(m.events[pi], span{k.start - d, k.end + d})
		}
		for si, ids := range segIDs {
			if slices.Contains(ids, p.id) {
				s := b.Segments[si]
				m.events[pi] = append(m.events[pi], span{s.Start, s.End})
			}
		}
	}

	// Run each pattern over the merged line windows of its events.
	for pi := range e.pats {
		ev := m.events[pi]
		if len(ev) == 0 {
			continue
		}
		sort.Slice(ev, func(a, b int) bool { return ev[a].start < ev[b].start })
		ws, we := -1, -1
		reach := e.pats[pi].p.Trigger.Reach
		for _, s := range ev {
			ls, le := m.lineStart(s.start), m.lineEnd(data, s.end+reach)
			if ws >= 0 && ls <= we+256 {
				if le > we {
					we = le
				}
				continue
			}
			if ws >= 0 {
				e.runPattern(m, b, pi, ws, we)
			}
			ws, we = ls, le
		}
		if ws >= 0 {
			e.runPattern(m, b, pi, ws, we)
		}
	}
	if len(m.cands) == 0 {
		return
	}
	e.resolve(m, b, segIDs, emit)
}

func (m *matcher) lineStart(pos int) int {
	if pos <= 0 {
		return 0
	}
	i := sort.SearchInts(m.nl, pos) // first newline >= pos
	if i == 0 {
		return 0
	}
	return m.nl[i-1] + 1
}

func (m *matcher) lineEnd(data []byte, pos int) int {
	if pos >= len(data) {
		return len(data)
	}
	if pos < 0 {
		pos = 0
	}
	i := sort.SearchInts(m.nl, pos)
	if i == len(m.nl) {
		return len(data)
	}
	return m.nl[i]
}

// line returns the 0-based line index of pos within the block.
func (m *matcher) line(pos int) int { return sort.SearchInts(m.nl, pos) }

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
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

// classEvents records digit runs, '@' signs and hex pairs.
func (e *Engine) classEvents(m *matcher, data []byte) {
	runStart, digits, lastDigit := -1, 0, -2
	flush := func() {
		if digits > 0 && e.minDigit > 0 && digits >= e.minDigit {
			for pi, p := range e.pats {
				if p.p.Trigger.Digits > 0 && digits >= p.p.Trigger.Digits {
					m.events[pi] = append(m.events[pi], span{runStart, lastDigit + 1})
				}
			}
		}
		runStart, digits = -1, 0
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c >= '0' && c <= '9':
			if runStart < 0 {
				runStart = i
			}
			digits++
			lastDigit = i
		case c == '@':
			if e.needAt {
				for pi, p := range e.pats {
					if p.p.Trigger.At {
						m.events[pi] = append(m.events[pi], span{i, i + 1})
					}
				}
			}
			flush()
		case c == ':' || c == '-':
			if e.needHex && i >= 2 && i+2 < len(data) && isHex(data[i-1]) && isHex(data[i-2]) && isHex(data[i+1]) && isHex(data[i+2]) {
				for pi, p := range e.pats {
					if p.p.Trigger.HexPair {
						m.events[pi] = append(m.events[pi], span{i - 2, i + 3})
					}
				}
			}
			if c == ':' || lastDigit != i-1 {
				flush()
			}
		case c == ' ' || c == '.' || c == '/' || c == ')' || c == '(':
			// One separator may sit between digits of a run.
			if lastDigit != i-1 && !(c == '(' || c == ')') {
				flush()
			}
		default:
			flush()
		}
	}
	flush()
}

// contextIDs returns the identifiers for which one of keys is a keyword.
func (e *Engine) contextIDs(m *matcher, keys []string) []int {
	var out []int
	for _, k := range keys {
		ids, ok := m.keyCache[k]
		if !ok {
			fk := foldString(k)
			hits := e.ac.scan([]byte(fk), nil)
			for _, h := range hits {
				for _, o := range e.litOwns[h.lit] {
					if o.keyword && wordEdge([]byte(fk), int(h.start), int(h.end)) && !slices.Contains(ids, int(o.id)) {
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
	for _, loc := range m.res[pi].FindAllSubmatchIndex(data[ws:we], -1) {
		s, en := loc[2*p.group], loc[2*p.group+1]
		if s < 0 {
			continue
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
		mt.Loc.Line = b.Line + m.line(s)
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
			if k.end >= s-d && k.start <= en+d {
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
