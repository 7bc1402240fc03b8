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
// order of their ends. The text is read as two streams interleaved, the
// second from a line start near the middle, so that the two chains of
// table lookups overlap in the CPU; literals never hold a line break, so
// none spans the cut. tmp is scratch space, returned for reuse.
func (a *acAutomaton) scan(data []byte, hits, tmp []acHit) ([]acHit, []acHit) {
	if len(a.lens) == 0 {
		return hits, tmp
	}
	mid := cutMiddle(data)
	nc := int32(a.nclass)
	delta, class, out, lens := a.delta, &a.class, a.out, a.lens
	h2 := tmp[:0]
	s1, s2 := int32(0), int32(0)
	i, j := 0, mid
	first, second := data[:mid], data[mid:]
	for k := 0; k < len(first) && k < len(second); k++ {
		s1 = delta[s1+int32(class[first[k]])]
		s2 = delta[s2+int32(class[second[k]])]
		if s1 < 0 {
			s1 = ^s1
			end := int32(k + 1)
			for _, li := range out[s1/nc] {
				hits = append(hits, acHit{start: end - int32(lens[li]), end: end, lit: li})
			}
		}
		if s2 < 0 {
			s2 = ^s2
			end := int32(mid + k + 1)
			for _, li := range out[s2/nc] {
				h2 = append(h2, acHit{start: end - int32(lens[li]), end: end, lit: li})
			}
		}
		i, j = k+1, mid+k+1
	}
	for ; i < mid; i++ {
		s1 = delta[s1+int32(class[data[i]])]
		if s1 < 0 {
			s1 = ^s1
			end := int32(i + 1)
			for _, li := range out[s1/nc] {
				hits = append(hits, acHit{start: end - int32(lens[li]), end: end, lit: li})
			}
		}
	}
	for ; j < len(data); j++ {
		s2 = delta[s2+int32(class[data[j]])]
		if s2 < 0 {
			s2 = ^s2
			end := int32(j + 1)
			for _, li := range out[s2/nc] {
				h2 = append(h2, acHit{start: end - int32(lens[li]), end: end, lit: li})
			}
		}
	}
	return append(hits, h2...), h2
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
