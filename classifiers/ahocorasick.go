package classifiers

import "bytes"

// A small Aho-Corasick automaton over a folded alphabet: letters are
// lower-cased and '_' and '-' read as ' ', so one pass finds trigger
// literals and context keywords case-insensitively with separators alike.
// It is compiled to a dense DFA over byte classes; a step is one table
// lookup.

// fold maps a byte to the byte it matches as.
var fold [256]byte

func init() {
	for i := range fold {
		c := byte(i)
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '_' || c == '-':
			c = ' '
		}
		fold[i] = c
	}
}

func foldString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = fold[c]
	}
	return string(b)
}

type acAutomaton struct {
	class  [256]uint8 // byte -> alphabet class (0: not in any literal)
	nclass int
	// delta[state*nclass + class] is the premultiplied offset of the
	// next state, negated (^offset) when literals end there.
	delta []int32
	out   [][]int32 // state -> literal indexes ending here
	lens  []int     // literal index -> length
}

type acHit struct {
	start, end int32
	lit        int32
}

func newAC(literals []string) *acAutomaton {
	a := &acAutomaton{}
	// Alphabet classes from the folded literals.
	for _, l := range literals {
		for i := 0; i < len(l); i++ {
			c := fold[l[i]]
			if a.class[c] == 0 {
				a.nclass++
				a.class[c] = uint8(a.nclass)
			}
		}
	}
	a.nclass++ // class 0 for everything else
	for i := range 256 {
		a.class[i] = a.class[fold[i]]
	}
	// Trie.
	type node struct {
		next map[uint8]int32
		fail int32
		out  []int32
	}
	nodes := []node{{next: map[uint8]int32{}}}
	a.lens = make([]int, len(literals))
	for li, l := range literals {
		a.lens[li] = len(l)
		s := int32(0)
		for i := 0; i < len(l); i++ {
			c := a.class[l[i]]
			n, ok := nodes[s].next[c]
			if !ok {
				n = int32(len(nodes))
				nodes = append(nodes, node{next: map[uint8]int32{}})
				nodes[s].next[c] = n
			}
			s = n
		}
		nodes[s].out = append(nodes[s].out, int32(li))
	}
	// BFS for failure links, then the dense table.
	a.delta = make([]int32, len(nodes)*a.nclass)
	queue := []int32{}
	for c := 0; c < a.nclass; c++ {
		if n, ok := nodes[0].next[uint8(c)]; ok {
			nodes[n].fail = 0
			a.delta[c] = n
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[nodes[s].fail].out...)
		for c := 0; c < a.nclass; c++ {
			if n, ok := nodes[s].next[uint8(c)]; ok {
				nodes[n].fail = a.delta[int(nodes[s].fail)*a.nclass+c]
				a.delta[int(s)*a.nclass+c] = n
				queue = append(queue, n)
			} else {
				a.delta[int(s)*a.nclass+c] = a.delta[int(nodes[s].fail)*a.nclass+c]
			}
		}
	}
	a.out = make([][]int32, len(nodes))
	for i := range nodes {
		a.out[i] = nodes[i].out
	}
	// Premultiply, and flag the transitions into states with output.
	for i, t := range a.delta {
		off := t * int32(a.nclass)
		if len(nodes[t].out) > 0 {
			off = ^off
		}
		a.delta[i] = off
	}
	return a
}

// scan appends every occurrence of every literal in data to hits, in
// order of their ends. The text is read as four streams interleaved, each
// from a line start, so that four chains of table lookups overlap in the
// CPU; literals never hold a line break, so none spans a cut. tmp is
// scratch space, returned for reuse.
func (a *acAutomaton) scan(data []byte, hits, tmp []acHit) ([]acHit, []acHit) {
	if len(a.lens) == 0 {
		return hits, tmp
	}
	// Cuts at line starts near the quarters.
	var cut [5]int
	cut[0], cut[4] = 0, len(data)
	cut[2] = cutMiddle(data)
	cut[1] = cutMiddle(data[:cut[2]])
	cut[3] = cut[2] + cutMiddle(data[cut[2]:])
	nc := int32(a.nclass)
	delta, class, out, lens := a.delta, &a.class, a.out, a.lens
	var st [4]int32
	// Each stream's hits go to its own list, joined in order at the end.
	lists := [4][]acHit{hits, tmp[:0], nil, nil}
	emit := func(k int, s int32, end int) {
		for _, li := range out[s/nc] {
			lists[k] = append(lists[k], acHit{start: int32(end) - int32(lens[li]), end: int32(end), lit: li})
		}
	}
	p0, p1, p2, p3 := data[cut[0]:cut[1]], data[cut[1]:cut[2]], data[cut[2]:cut[3]], data[cut[3]:cut[4]]
	n := min(len(p0), len(p1), len(p2), len(p3))
	p0, p1, p2, p3 = p0[:n], p1[:n], p2[:n], p3[:n] // no bounds checks in the loop
	s0, s1, s2, s3 := int32(0), int32(0), int32(0), int32(0)
	for k := 0; k < n; k++ {
		s0 = delta[s0+int32(class[p0[k]])]
		s1 = delta[s1+int32(class[p1[k]])]
		s2 = delta[s2+int32(class[p2[k]])]
		s3 = delta[s3+int32(class[p3[k]])]
		if s0|s1|s2|s3 < 0 {
			if s0 < 0 {
				s0 = ^s0
				emit(0, s0, cut[0]+k+1)
			}
			if s1 < 0 {
				s1 = ^s1
				emit(1, s1, cut[1]+k+1)
			}
			if s2 < 0 {
				s2 = ^s2
				emit(2, s2, cut[2]+k+1)
			}
			if s3 < 0 {
				s3 = ^s3
				emit(3, s3, cut[3]+k+1)
			}
		}
	}
	st = [4]int32{s0, s1, s2, s3}
	for q := 0; q < 4; q++ {
		s := st[q]
		for i := cut[q] + n; i < cut[q+1]; i++ {
			s = delta[s+int32(class[data[i]])]
			if s < 0 {
				s = ^s
				emit(q, s, i+1)
			}
		}
	}
	hits = lists[0]
	for q := 1; q < 4; q++ {
		hits = append(hits, lists[q]...)
	}
	return hits, lists[1]
}

// cutMiddle returns the start of the first line that starts in the second
// half of data (len(data) if there is none).
func cutMiddle(data []byte) int {
	mid := len(data) / 2
	if i := bytes.IndexByte(data[mid:], '\n'); i >= 0 {
		return mid + i + 1
	}
	return len(data)
}
