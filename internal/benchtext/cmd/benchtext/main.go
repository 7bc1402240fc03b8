// Command benchtext writes the benchmark text (see package benchtext) to
// standard output: -mb MiB of it, generated 64 MiB at a time (seeds 1, 2,
// ...), so that memory stays small whatever the size.
//
//	go run ./internal/benchtext/cmd/benchtext -mb 1024 > /tmp/big.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/dredge-dev/dredge/internal/benchtext"
)

func main() {
	mb := flag.Int("mb", 64, "size in MiB")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	left := *mb << 20
	for seed := uint64(1); left > 0; seed++ {
		chunk := benchtext.Generate(min(left, 64<<20), seed)
		if len(chunk) > left {
			chunk = chunk[:left]
		}
		if _, err := w.Write(chunk); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		left -= len(chunk)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
