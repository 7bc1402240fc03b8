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
	pool     sync.Pool
	// inSet marks the patterns run through the RE2 set prefilter;
	// setIdx lists them in set order.
	inSet  []bool
	setIdx []int
	// class-triggered patterns: digit patterns sorted by their minimum.
	digitPats []struct{ pi, n int }
	atPats    []int
	hexPats   []int
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
	set      *experimental.Set // the set patterns, or nil
	setWin   []span
	win      [][]span // per set pattern: its merged windows
	winPos   []int
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
	for pi, p := range e.pats {
		t := p.p.Trigger
		if t.Digits > 0 {
			e.digitPats = append(e.digitPats, struct{ pi, n int }{pi, t.Digits})
		}
		if t.At {
			e.atPats = append(e.atPats, pi)
		}
		if t.HexPair {
			e.hexPats = append(e.hexPats, pi)
		}
	}
	sort.SliceStable(e.digitPats, func(i, j int) bool { return e.digitPats[i].n < e.digitPats[j].n })
	e.inSet = make([]bool, len(e.pats))
	for pi, p := range e.pats {
		t := p.p.Trigger
		if len(t.Literals) == 0 && !t.Keyword && !t.Everywhere && t.Reach == 0 {
			e.inSet[pi] = true
			e.setIdx = append(e.setIdx, pi)
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
	if len(e.setIdx) > 0 {
		exprs := make([]string, len(e.setIdx))
		for i, pi := range e.setIdx {
			exprs[i] = e.pats[pi].p.Regex
		}
		// A set that RE2 will not build just means every pattern runs
		// on its own windows.
		if set, err := experimental.CompileSetWithOptions(exprs, experimental.CompileOptions{Latin1: true}); err == nil {
			m.set = set
		}
	}
	m.events = make([][]span, len(e.pats))
	m.win = make([][]span, len(e.pats))
	m.winPos = make([]int, len(e.pats))
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
	if len(e.digitPats) > 0 || len(e.atPats) > 0 || len(e.hexPats) > 0 {
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

	// Each pattern's events become merged line windows. Patterns in the
	// set (character-class triggers, which fire on most lines of logs and
	// tables) are not run on their windows directly: one RE2 set pass over
	// each ~4 KiB of window text says which of them match there at all,
	// and only those run. Matches never cross a line (unless a pattern
	// has Reach), so running a pattern over more whole lines than its own
	// windows finds the same matches.
	m.setWin = m.setWin[:0]
	for _, pi := range e.setIdx {
		m.win[pi] = m.win[pi][:0]
		m.winPos[pi] = 0
	}
	for pi := range e.pats {
		ev := m.events[pi]
		if len(ev) == 0 {
			continue
		}
		sort.Slice(ev, func(a, b int) bool { return ev[a].start < ev[b].start })
		ws, we := -1, -1
		reach := e.pats[pi].p.Trigger.Reach
		flush := func() {
			if ws < 0 {
				return
			}
			if m.set != nil && e.inSet[pi] {
				m.setWin = append(m.setWin, span{ws, we})
				m.win[pi] = append(m.win[pi], span{ws, we})
				return
			}
			e.runPattern(m, b, pi, ws, we)
		}
		for _, s := range ev {
			ls, le := m.lineStart(s.start), m.lineEnd(data, s.end+reach)
			if ws >= 0 && ls <= we+256 {
				if le > we {
					we = le
				}
				continue
			}
			flush()
			ws, we = ls, le
		}
		flush()
	}
	if len(m.setWin) > 0 {
		e.runSet(m, b)
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

// byte classes for classEvents.
const (
	clOther = iota
	clDigit
	clSep   // ' ', '.', '/': one may sit between digits of a run
	clParen // ignored inside a run
	clDash  // a separator, and half of a hex pair
	clColon // half of a hex pair; ends a digit run
	clAt
)

var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = clDigit
	}
	t[' '], t['.'], t['/'] = clSep, clSep, clSep
	t['('], t[')'] = clParen, clParen
	t['-'], t[':'], t['@'] = clDash, clColon, clAt
	return
}()

// classEvents records digit runs, '@' signs and hex pairs for the
// patterns triggered by them.
func (e *Engine) classEvents(m *matcher, data []byte) {
	runStart, digits, lastDigit := -1, 0, -2
	n := len(data)
	for i := 0; i < n; i++ {
		// Fast path: most bytes are letters.
		for runStart < 0 && i < n && byteClass[data[i]] == clOther {
			i++
		}
		if i >= n {
			break
		}
		c := data[i]
		cl := byteClass[c]
		if cl == clDigit {
			if runStart < 0 {
				runStart = i
			}
			digits++
			lastDigit = i
			continue
		}
		end := false
		switch cl {
		case clAt:
			for _, pi := range e.atPats {
				m.events[pi] = append(m.events[pi], span{i, i + 1})
			}
			end = true
		case clColon, clDash:
			if len(e.hexPats) > 0 && i >= 2 && i+2 < n && isHex(data[i-1]) && isHex(data[i-2]) && isHex(data[i+1]) && isHex(data[i+2]) {
				for _, pi := range e.hexPats {
					m.events[pi] = append(m.events[pi], span{i - 2, i + 3})
				}
			}
			end = cl == clColon || lastDigit != i-1
		case clSep:
			end = lastDigit != i-1
		case clParen:
		default:
			end = true
		}
		if end && runStart >= 0 {
			e.digitRun(m, runStart, lastDigit+1, digits)
			runStart, digits = -1, 0
		}
	}
	if runStart >= 0 {
		e.digitRun(m, runStart, lastDigit+1, digits)
	}
}

func (e *Engine) digitRun(m *matcher, start, end, digits int) {
	for _, dp := range e.digitPats {
		if digits < dp.n {
			break // sorted by n
		}
		m.events[dp.pi] = append(m.events[dp.pi], span{start, end})
	}
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

// setChunk is the text one set evaluation covers: large enough to spread
// the cost of a call into go-re2, small enough that few patterns match in
// it.
const setChunk = 4 << 10

// runSet evaluates the set over the union of the set patterns' windows,
// in line-aligned chunks, and runs the patterns it flags on those chunks.
func (e *Engine) runSet(m *matcher, b *Block) {
	w := m.setWin
	sort.Slice(w, func(i, j int) bool { return w[i].start < w[j].start })
	data := b.Data
	run := func(a, z int) {
		if z <= a {
			return
		}
		flagged, err := m.set.FindAllWithError(data[a:z], -1)
		if err != nil {
			// The set ran out of memory on this text: run every pattern.
			for _, pi := range e.setIdx {
				e.runPattern(m, b, pi, a, z)
			}
			return
		}
		slices.Sort(flagged)
		for _, si := range flagged {
			// Only the pattern's own windows within the chunk.
			pi := e.setIdx[si]
			w := m.win[pi]
			k := m.winPos[pi]
			for k < len(w) && w[k].end <= a {
				k++
			}
			m.winPos[pi] = k
			for ; k < len(w) && w[k].start < z; k++ {
				e.runPattern(m, b, pi, max(a, w[k].start), min(z, w[k].end))
			}
		}
	}
	for i := 0; i < len(w); {
		a, z := w[i].start, w[i].end
		i++
		for i < len(w) && w[i].start <= z+256 {
			z = max(z, w[i].end)
			i++
		}
		// Cut [a, z) into chunks at line ends.
		for a < z {
			cut := z
			if z-a > setChunk {
				cut = m.lineEnd(data, a+setChunk)
				if cut >= z {
					cut = z
				}
			}
			run(a, cut)
			a = cut
		}
	}
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
