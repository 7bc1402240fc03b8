package classifiers

import "bytes"

// SetIgnoreShapes makes engines built after it leave out trigger shapes
// (see testIgnoreShapes).
func SetIgnoreShapes(v bool) { testIgnoreShapes = v }

// DbgStates returns how many DFA states the shapes need on data.
func DbgStates(shapes []string, data []byte) int {
	n := newShapeNFA()
	for _, s := range shapes {
		if _, err := n.add(s); err != nil {
			panic(err)
		}
	}
	n.finish()
	d := newShapeDFA(n)
	d.scan(data, nil, nil)
	return len(d.sets)
}

// DbgPasses times the passes of e over data.
func DbgPasses(e *Engine, data []byte) (ac, dfa, nl int) {
	m := e.getMatcher()
	var hits []acHit
	hits, _ = e.ac.scan(data, hits, nil)
	var sh []shapeHit
	sh, _ = m.dfa.scan(data, sh, nil)
	n := 0
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], 10)
		if i < 0 {
			break
		}
		n++
		off += i + 1
	}
	return len(hits), len(sh), n
}

// DbgAC runs only the Aho-Corasick pass.
func DbgAC(e *Engine, data []byte) int {
	h, _ := e.ac.scan(data, nil, nil)
	return len(h)
}

// DbgDFA runs only the shape pass.
func DbgDFA(e *Engine, m any, data []byte) int {
	h, _ := m.(*matcher).dfa.scan(data, nil, nil)
	return len(h)
}

// DbgMatcher returns a matcher of e.
func DbgMatcher(e *Engine) any { return e.getMatcher() }

// DbgShapeHits counts hits per shape expression over data.
func DbgShapeHits(shapes []string, data []byte) map[string]int {
	n := newShapeNFA()
	for _, s := range shapes {
		if _, err := n.add(s); err != nil {
			panic(err)
		}
	}
	n.finish()
	d := newShapeDFA(n)
	out := map[string]int{}
	hs, _ := d.scan(data, nil, nil)
	for _, h := range hs {
		out[shapes[h.shape]]++
	}
	return out
}

// DbgSizes reports the automata sizes.
func DbgSizes(e *Engine) (acStates, acClasses, shapeNodes, shapeClasses int) {
	return len(e.ac.out), e.ac.nclass, len(e.shapes.nodes), e.shapes.nclass
}

// Splittable reports whether e's shapes allow split scans.
func Splittable(e *Engine) bool { return e.shapes.splittable }
