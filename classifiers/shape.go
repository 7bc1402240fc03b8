package classifiers

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"unsafe"
)

// Trigger shapes: small RE2-syntax expressions that the engine finds, all
// of them in one pass, with a lazily built DFA over byte classes. A shape
// is a prefilter, so whatever it cannot express exactly it widens: word
// boundaries (\b, \B) match anywhere, and ^ and $ match a line break (the
// text is read as if a line break came before and after it). Shapes see
// bytes (Latin-1), as the engine's patterns do.
//
// The DFA reports where matches end, not where they start: a shape hit is
// the position of the last byte of a match.

// bset is a set of bytes.
type bset [4]uint64

const (
	nodeByte  = iota // consume one byte of set, go to out
	nodeSplit        // go to out and out1
	nodeMatch        // shape id matched
)

type shapeNode struct {
	kind uint8
	set  bset
	out  int32
	out1 int32
	id   int32
}

// shapeNFA is the compiled union of every shape of an engine; it is
// immutable once built and shared by all matchers.
type shapeNFA struct {
	nodes  []shapeNode
	starts []int32
	nshape int
	class  [256]uint8
	nclass int
	rep    []byte // a byte of each class
	// startSet is the closure of every start: the DFA is unanchored, so
	// each of its states implicitly includes it; startStep[c] is where
	// the start set goes on byte class c.
	startSet  []int32
	startStep [][]int32
	// splittable: no shape goes on after a line break it consumed past
	// its first byte, so a scan may start afresh after any line break.
	splittable bool
}

// maxShapeNodes bounds the size of the NFA a set of shapes may compile to.
const maxShapeNodes = 1 << 16

func newShapeNFA() *shapeNFA { return &shapeNFA{} }

// add compiles one shape and returns its id.
func (n *shapeNFA) add(expr string) (int, error) {
	// Read the expression as Latin-1: every byte is one character, as
	// go-re2 reads patterns compiled with the Latin-1 option.
	rs := make([]rune, len(expr))
	for i := 0; i < len(expr); i++ {
		rs[i] = rune(expr[i])
	}
	re, err := syntax.Parse(string(rs), syntax.Perl)
	if err != nil {
		return 0, err
	}
	re = re.Simplify()
	id := n.nshape
	match := n.node(shapeNode{kind: nodeMatch, id: int32(id)})
	start, err := n.compile(re, match)
	if err != nil {
		return 0, err
	}
	if len(n.nodes) > maxShapeNodes {
		return 0, fmt.Errorf("shape %q is too large", expr)
	}
	// A shape that matches the empty string would fire everywhere.
	var v visitor
	for _, x := range v.closure(n, nil, start) {
		if n.nodes[x].kind == nodeMatch {
			return 0, fmt.Errorf("shape %q matches the empty string", expr)
		}
	}
	n.starts = append(n.starts, start)
	n.nshape++
	return id, nil
}

func (n *shapeNFA) node(s shapeNode) int32 {
	n.nodes = append(n.nodes, s)
	return int32(len(n.nodes) - 1)
}

func byteSet(lo, hi rune) (s bset) {
	if lo < 0 {
		lo = 0
	}
	if hi > 255 {
		hi = 255
	}
	for r := lo; r <= hi; r++ {
		s[r>>6] |= 1 << (r & 63)
	}
	return
}

func (s *bset) or(t bset) {
	for i := range s {
		s[i] |= t[i]
	}
}

func (s *bset) has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }

func foldSet(r rune) (s bset) {
	s = byteSet(r, r)
	for x := simpleFold(r); x != r; x = simpleFold(x) {
		s.or(byteSet(x, x))
	}
	return
}

// simpleFold is unicode.SimpleFold limited to what the Latin-1 range needs.
func simpleFold(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r >= 'a' && r <= 'z':
		return r - 'a' + 'A'
	case r >= 0xC0 && r <= 0xDE && r != 0xD7:
		return r + 0x20
	case r >= 0xE0 && r <= 0xFE && r != 0xF7:
		return r - 0x20
	}
	return r
}

var nlSet = byteSet('\n', '\n')

// compile builds the nodes of re, which continue to next, and returns the
// first node.
func (n *shapeNFA) compile(re *syntax.Regexp, next int32) (int32, error) {
	if len(n.nodes) > maxShapeNodes {
		return 0, fmt.Errorf("too large")
	}
	switch re.Op {
	case syntax.OpNoMatch:
		return n.node(shapeNode{kind: nodeByte, out: next}), nil
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return next, nil
	case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpEndLine, syntax.OpEndText:
		return n.node(shapeNode{kind: nodeByte, set: nlSet, out: next}), nil
	case syntax.OpLiteral:
		for i := len(re.Rune) - 1; i >= 0; i-- {
			r := re.Rune[i]
			var s bset
			if re.Flags&syntax.FoldCase != 0 {
				s = foldSet(r)
			} else {
				s = byteSet(r, r)
			}
			next = n.node(shapeNode{kind: nodeByte, set: s, out: next})
		}
		return next, nil
	case syntax.OpCharClass:
		var s bset
		for i := 0; i+1 < len(re.Rune); i += 2 {
			s.or(byteSet(re.Rune[i], re.Rune[i+1]))
		}
		return n.node(shapeNode{kind: nodeByte, set: s, out: next}), nil
	case syntax.OpAnyCharNotNL:
		s := byteSet(0, 255)
		s[0] &^= 1 << '\n'
		return n.node(shapeNode{kind: nodeByte, set: s, out: next}), nil
	case syntax.OpAnyChar:
		return n.node(shapeNode{kind: nodeByte, set: byteSet(0, 255), out: next}), nil
	case syntax.OpCapture:
		return n.compile(re.Sub[0], next)
	case syntax.OpConcat:
		var err error
		for i := len(re.Sub) - 1; i >= 0; i-- {
			if next, err = n.compile(re.Sub[i], next); err != nil {
				return 0, err
			}
		}
		return next, nil
	case syntax.OpAlternate:
		first := int32(-1)
		var prev int32 = -1
		for i, sub := range re.Sub {
			s, err := n.compile(sub, next)
			if err != nil {
				return 0, err
			}
			if i == len(re.Sub)-1 {
				if prev < 0 {
					return s, nil
				}
				n.nodes[prev].out1 = s
				break
			}
			sp := n.node(shapeNode{kind: nodeSplit, out: s, out1: -1})
			if prev < 0 {
				first = sp
			} else {
				n.nodes[prev].out1 = sp
			}
			prev = sp
		}
		return first, nil
	case syntax.OpQuest:
		s, err := n.compile(re.Sub[0], next)
		if err != nil {
			return 0, err
		}
		return n.node(shapeNode{kind: nodeSplit, out: s, out1: next}), nil
	case syntax.OpStar, syntax.OpPlus:
		loop := n.node(shapeNode{kind: nodeSplit, out1: next})
		body, err := n.compile(re.Sub[0], loop)
		if err != nil {
			return 0, err
		}
		n.nodes[loop].out = body
		if re.Op == syntax.OpPlus {
			return body, nil
		}
		return loop, nil
	case syntax.OpRepeat:
		// Simplify expands counted repetitions; this is a fallback.
		sub := re.Sub[0]
		if re.Max < 0 {
			star := &syntax.Regexp{Op: syntax.OpStar, Sub: []*syntax.Regexp{sub}}
			cat := &syntax.Regexp{Op: syntax.OpConcat}
			for i := 0; i < re.Min; i++ {
				cat.Sub = append(cat.Sub, sub)
			}
			cat.Sub = append(cat.Sub, star)
			return n.compile(cat, next)
		}
		var err error
		for i := re.Max; i > re.Min; i-- {
			var s int32
			if s, err = n.compile(sub, next); err != nil {
				return 0, err
			}
			next = n.node(shapeNode{kind: nodeSplit, out: s, out1: next})
		}
		for i := 0; i < re.Min; i++ {
			if next, err = n.compile(sub, next); err != nil {
				return 0, err
			}
		}
		return next, nil
	}
	return 0, fmt.Errorf("unsupported expression %v", re)
}

// visitor marks the NFA nodes seen while computing one set (each DFA has
// its own: the NFA is shared).
type visitor struct {
	mark []uint32
	gen  uint32
}

// next starts a new set.
func (v *visitor) next(n *shapeNFA) {
	if len(v.mark) < len(n.nodes) {
		v.mark = make([]uint32, len(n.nodes))
		v.gen = 0
	}
	v.gen++
}

// closure starts a new set and returns the byte and match nodes reachable
// from x without consuming input.
func (v *visitor) closure(n *shapeNFA, dst []int32, x int32) []int32 {
	v.next(n)
	return v.add(n, dst, x)
}

// add appends to the current set the nodes reachable from x.
func (v *visitor) add(n *shapeNFA, dst []int32, x int32) []int32 {
	for x >= 0 {
		if v.mark[x] == v.gen {
			return dst
		}
		v.mark[x] = v.gen
		nd := &n.nodes[x]
		if nd.kind != nodeSplit {
			return append(dst, x)
		}
		dst = v.add(n, dst, nd.out)
		x = nd.out1
	}
	return dst
}

// finish computes the byte classes and the start set; no shape may be
// added after it.
func (n *shapeNFA) finish() {
	// Refine the partition of bytes by every set a node consumes.
	var cls [256]int
	ncls := 1
	seen := map[bset]bool{}
	for i := range n.nodes {
		nd := &n.nodes[i]
		if nd.kind != nodeByte || seen[nd.set] {
			continue
		}
		seen[nd.set] = true
		remap := map[[2]int]int{}
		next := 0
		for b := 0; b < 256; b++ {
			k := [2]int{cls[b], 0}
			if nd.set.has(byte(b)) {
				k[1] = 1
			}
			c, ok := remap[k]
			if !ok {
				c = next
				next++
				remap[k] = c
			}
			cls[b] = c
		}
		ncls = next
	}
	n.nclass = ncls
	n.rep = make([]byte, ncls)
	done := make([]bool, ncls)
	for b := 0; b < 256; b++ {
		n.class[b] = uint8(cls[b])
		if !done[cls[b]] {
			done[cls[b]] = true
			n.rep[cls[b]] = byte(b)
		}
	}
	var v visitor
	v.next(n)
	var set []int32
	for _, s := range n.starts {
		set = v.add(n, set, s)
	}
	slices.Sort(set)
	n.startSet = set
	n.splittable = true
	for y := range n.nodes {
		if n.nodes[y].kind != nodeByte {
			continue
		}
		for _, z := range v.closure(n, nil, n.nodes[y].out) {
			nz := &n.nodes[z]
			if nz.kind != nodeByte || !nz.set.has('\n') {
				continue
			}
			for _, w := range v.closure(n, nil, nz.out) {
				if n.nodes[w].kind != nodeMatch {
					n.splittable = false
				}
			}
		}
	}
	n.startStep = make([][]int32, ncls)
	for c := 0; c < ncls; c++ {
		b := n.rep[c]
		v.next(n)
		var next []int32
		for _, x := range set {
			if nd := &n.nodes[x]; nd.kind == nodeByte && nd.set.has(b) {
				next = v.add(n, next, nd.out)
			}
		}
		slices.Sort(next)
		n.startStep[c] = next
	}
}

// shapeDFA is one matcher's lazily built DFA for a shapeNFA. Transitions
// hold the premultiplied offset of the next state; a negative one is
// either not built yet (-1) or leads to a state where shapes match
// (-2 - offset).
type shapeDFA struct {
	nfa     *shapeNFA
	trans   []int32
	sets    [][]int32 // per state: its NFA nodes
	accepts [][]int32 // per state: shapes that match on entering it
	index   map[string]int32
	buf     []int32
	visit   visitor
	start   int32      // offset of the state after a line break
	hits    []shapeHit // lineMask's scratch
	gen     int        // how many times the cache started over
}

// maxShapeStates bounds a matcher's DFA; past it the cache starts over.
const maxShapeStates = 10000

func newShapeDFA(n *shapeNFA) *shapeDFA {
	d := &shapeDFA{nfa: n}
	d.reset()
	return d
}

func (d *shapeDFA) reset() {
	d.gen++
	d.trans = d.trans[:0]
	d.sets = d.sets[:0]
	d.accepts = d.accepts[:0]
	d.index = map[string]int32{}
	s0 := d.intern(nil)
	d.start = d.step(s0, d.nfa.class['\n'])
	if d.start < -1 {
		d.start = -2 - d.start
	}
}

func setKey(s []int32) string {
	if len(s) == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*4))
}

// intern returns the offset of the state for set (sorted), building it.
func (d *shapeDFA) intern(set []int32) int32 {
	if off, ok := d.index[setKey(set)]; ok {
		return off
	}
	n := d.nfa
	id := int32(len(d.sets))
	own := slices.Clone(set)
	var acc []int32
	for _, x := range own {
		if nd := &n.nodes[x]; nd.kind == nodeMatch && !slices.Contains(acc, nd.id) {
			acc = append(acc, nd.id)
		}
	}
	d.sets = append(d.sets, own)
	d.accepts = append(d.accepts, acc)
	for range n.nclass {
		d.trans = append(d.trans, -1)
	}
	off := id * int32(n.nclass)
	d.index[setKey(own)] = off
	return off
}

// step builds the transition of state off on byte class c and returns its
// table value.
func (d *shapeDFA) step(off int32, c uint8) int32 {
	n := d.nfa
	if len(d.sets) >= maxShapeStates {
		// Start over, keeping the current state.
		cur := slices.Clone(d.sets[off/int32(n.nclass)])
		d.reset()
		off = d.intern(cur)
	}
	set := d.sets[off/int32(n.nclass)]
	b := n.rep[c]
	v := &d.visit
	v.next(n)
	next := d.buf[:0]
	// States leave out the start set, which every state has (the DFA is
	// unanchored): its successors on c are precomputed.
	for _, x := range n.startStep[c] {
		v.mark[x] = v.gen
		next = append(next, x)
	}
	sorted := true
	for _, x := range set {
		nd := &n.nodes[x]
		if nd.kind == nodeByte && nd.set.has(b) {
			k := len(next)
			next = v.add(n, next, nd.out)
			sorted = sorted && k == len(next)
		}
	}
	if !sorted {
		slices.Sort(next)
	}
	d.buf = next
	to := d.intern(next)
	val := to
	if len(d.accepts[to/int32(n.nclass)]) > 0 {
		val = -2 - to
	}
	d.trans[off+int32(c)] = val
	return val
}

type shapeHit struct {
	shape int32
	pos   int32
}

// scan runs the DFA over data, as if a line break came before and after
// it, and appends every shape match with the position of its last byte
// (len(data)-1 for a match that ends at the final line break), in order.
//
// Like the Aho-Corasick pass it reads four streams interleaved, each from
// a line start, started in the state after a line break: that is exact
// when no shape can go on past a line break (splittable), checked when the
// NFA is built. tmp is scratch space, returned for reuse.
func (d *shapeDFA) scan(data []byte, hits, tmp []shapeHit) ([]shapeHit, []shapeHit) {
	n := d.nfa
	var cut [5]int
	cut[1], cut[2], cut[3], cut[4] = len(data), len(data), len(data), len(data)
	if n.splittable {
		cut[2] = cutMiddle(data)
		cut[1] = cutMiddle(data[:cut[2]])
		cut[3] = cut[2] + cutMiddle(data[cut[2]:])
	}
	nc := int32(n.nclass)
	cls := &n.class
	lists := [4][]shapeHit{hits, tmp[:0], nil, nil}
	// The four streams advance together over the length of the shortest,
	// their states in registers; a transition to build or into a state
	// where shapes match leaves the fast loop for slow4.
	p0, p1, p2, p3 := data[cut[0]:cut[1]], data[cut[1]:cut[2]], data[cut[2]:cut[3]], data[cut[3]:cut[4]]
	nmin := min(len(p0), len(p1), len(p2), len(p3))
	p0, p1, p2, p3 = p0[:nmin], p1[:nmin], p2[:nmin], p3[:nmin]
	s0, s1, s2, s3 := d.start, d.start, d.start, d.start
	for k := 0; k < nmin; {
		trans := d.trans
		for ; k < nmin; k++ {
			v0 := trans[s0+int32(cls[p0[k]])]
			v1 := trans[s1+int32(cls[p1[k]])]
			v2 := trans[s2+int32(cls[p2[k]])]
			v3 := trans[s3+int32(cls[p3[k]])]
			if v0|v1|v2|v3 < 0 {
				break
			}
			s0, s1, s2, s3 = v0, v1, v2, v3
		}
		if k == nmin {
			break
		}
		s0, s1, s2, s3 = d.slow4(s0, s1, s2, s3, [4]uint8{cls[p0[k]], cls[p1[k]], cls[p2[k]], cls[p3[k]]},
			[4]int{cut[0] + k, cut[1] + k, cut[2] + k, cut[3] + k}, &lists)
		k++
	}
	st := [4]int32{s0, s1, s2, s3}
	pos := [4]int{cut[0] + nmin, cut[1] + nmin, cut[2] + nmin, cut[3] + nmin}
	// The rest of each stream, one after the other: if the cache starts
	// over while one runs, the states of those still to run are carried
	// into it.
	var pend [4][]int32
	gen := d.gen
	for q := 1; q < 4; q++ {
		pend[q] = slices.Clone(d.sets[st[q]/nc])
	}
	for q := 0; q < 4; q++ {
		if d.gen != gen {
			st[q] = d.intern(pend[q])
		}
		lists[q], st[q] = d.run(data, pos[q], cut[q+1], st[q], lists[q])
	}
	if len(data) > 0 {
		// The line break after the text, for the stream that ends it.
		last := st[0]
		for q := 3; q > 0; q-- {
			if cut[q] < len(data) {
				last = st[q]
				break
			}
		}
		if acc := d.lineBreak(last); len(acc) > 0 {
			q := 0
			for r := 3; r > 0; r-- {
				if cut[r] < len(data) {
					q = r
					break
				}
			}
			for _, id := range acc {
				lists[q] = append(lists[q], shapeHit{id, int32(len(data) - 1)})
			}
		}
	}
	hits = lists[0]
	for q := 1; q < 4; q++ {
		hits = append(hits, lists[q]...)
	}
	return hits, lists[1]
}

// run runs one stream over data[from:to] from state s.
func (d *shapeDFA) run(data []byte, from, to int, s int32, hits []shapeHit) ([]shapeHit, int32) {
	nc := int32(d.nfa.nclass)
	cls := &d.nfa.class
	trans := d.trans
	for i := from; i < to; i++ {
		c := cls[data[i]]
		v := trans[s+int32(c)]
		if v >= 0 {
			s = v
			continue
		}
		if v == -1 {
			v = d.step(s, c)
			trans = d.trans
			if v >= 0 {
				s = v
				continue
			}
		}
		s = -2 - v
		for _, id := range d.accepts[s/nc] {
			hits = append(hits, shapeHit{id, int32(i)})
		}
	}
	return hits, s
}

// slow4 advances the four streams of scan by one byte each (classes c,
// at positions pos), building transitions and recording shape matches.
// If the cache starts over, every stream's state is carried into it.
func (d *shapeDFA) slow4(s0, s1, s2, s3 int32, c [4]uint8, pos [4]int, lists *[4][]shapeHit) (int32, int32, int32, int32) {
	nc := int32(d.nfa.nclass)
	st := [4]int32{s0, s1, s2, s3}
	for q := range 4 {
		v := d.trans[st[q]+int32(c[q])]
		if v == -1 {
			if len(d.sets) >= maxShapeStates {
				var sets [4][]int32
				for r := range st {
					sets[r] = slices.Clone(d.sets[st[r]/nc])
				}
				d.reset()
				for r := range st {
					st[r] = d.intern(sets[r])
				}
			}
			v = d.step(st[q], c[q])
		}
		if v >= 0 {
			st[q] = v
			continue
		}
		st[q] = -2 - v
		for _, id := range d.accepts[st[q]/nc] {
			lists[q] = append(lists[q], shapeHit{id, int32(pos[q])})
		}
	}
	return st[0], st[1], st[2], st[3]
}

// lineMask runs the DFA over one line (no line break in it), as if line
// breaks came before and after it, and returns the set of shapes that
// match in it (shape ids below 64).
func (d *shapeDFA) lineMask(line []byte) uint64 {
	hits, s := d.run(line, 0, len(line), d.start, d.hits[:0])
	d.hits = hits
	var seen uint64
	for _, h := range hits {
		seen |= 1 << h.shape
	}
	for _, id := range d.lineBreak(s) {
		seen |= 1 << id
	}
	return seen
}

// lineBreak returns the shapes that match when a line break follows state s.
func (d *shapeDFA) lineBreak(s int32) []int32 {
	c := d.nfa.class['\n']
	v := d.trans[s+int32(c)]
	if v == -1 {
		v = d.step(s, c)
	}
	if v < -1 {
		return d.accepts[(-2-v)/int32(d.nfa.nclass)]
	}
	return nil
}
