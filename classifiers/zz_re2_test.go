package classifiers_test

import (
	"os"
	"regexp"
	"runtime"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/personal"
	"github.com/dredge-dev/dredge/internal/benchtext"
	"github.com/wasilibs/go-re2/experimental"
)

func TestDbgEmailLines(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	d := benchtext.Generate(8<<20, 1)
	var lines [][]byte
	for _, l := range regexp.MustCompile(`[^\n]*@[^\n]*`).FindAll(d, -1) {
		lines = append(lines, l)
	}
	re2 := experimental.MustCompileLatin1(personal.EmailAddress.Patterns[0].Regex)
	runtime.LockOSThread()
	for round := 0; round < 3; round++ {
		t0 := cpuTime()
		n := 0
		for _, l := range lines {
			if re2.Match(l) {
				n += len(re2.FindAllSubmatchIndex(l, -1))
			}
		}
		t.Logf("round %d: %d lines %d matches %v", round, len(lines), n, cpuTime()-t0)
	}
}
