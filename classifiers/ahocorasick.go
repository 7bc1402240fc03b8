package classifiers

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

// scan appends every occurrence of every literal in data to hits.
func (a *acAutomaton) scan(data []byte, hits []acHit) []acHit {
	if len(a.lens) == 0 {
		return hits
	}
	s := int32(0)
	n := int32(a.nclass)
	delta, class := a.delta, &a.class
	for i := 0; i < len(data); i++ {
		s = delta[s+int32(class[data[i]])]
		if s < 0 {
			s = ^s
			end := int32(i + 1)
			for _, li := range a.out[s/n] {
				hits = append(hits, acHit{start: end - int32(a.lens[li]), end: end, lit: li})
			}
		}
	}
	return hits
}
