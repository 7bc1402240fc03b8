package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/managed"
)

// docs/IDENTIFIERS.md is generated from the code; this keeps it current.
// Regenerate with: go run ./cmd/dredge identifiers --format markdown > docs/IDENTIFIERS.md
func TestIdentifiersDocIsCurrent(t *testing.T) {
	var b bytes.Buffer
	if err := identifiersMarkdown(&b, managed.All()); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../docs/IDENTIFIERS.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, b.Bytes()) {
		t.Fatal("docs/IDENTIFIERS.md is out of date: run `go run ./cmd/dredge identifiers --format markdown > docs/IDENTIFIERS.md`")
	}
}
