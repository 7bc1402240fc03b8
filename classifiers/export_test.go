package classifiers

// SetIgnoreShapes makes engines built after it leave out trigger shapes
// (see testIgnoreShapes).
func SetIgnoreShapes(v bool) { testIgnoreShapes = v }
