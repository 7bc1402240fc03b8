package classifiers

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
	d.scan(data, nil)
	return len(d.sets)
}
