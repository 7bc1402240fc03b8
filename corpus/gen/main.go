// Command gen writes dredge's labeled corpus and its ground truth:
//
//	go run ./corpus/gen -out corpus/data
//
// The output is deterministic: the same on every run.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dredge-dev/dredge/corpus"
)

func main() {
	out := flag.String("out", "corpus/data", "folder to write the corpus into (emptied first if it holds a corpus)")
	verbose := flag.Bool("v", false, "print the true occurrences per identifier")
	flag.Parse()
	n, totals, err := corpus.Generate(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	sum := 0
	for _, c := range totals {
		sum += c
	}
	fmt.Printf("wrote %d objects with %d true occurrences of %d identifiers to %s\n", n, sum, len(totals), *out)
	if *verbose {
		for _, id := range corpus.IDs {
			fmt.Printf("  %-32s %5d\n", id, totals[id])
		}
	}
}
