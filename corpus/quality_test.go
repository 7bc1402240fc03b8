package corpus_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
	"github.com/dredge-dev/dredge/corpus"
	"github.com/dredge-dev/dredge/scanner"
)

// The quality gate: every identifier must reach this F1 on the corpus,
// and all of them together (micro average) minF1Micro.
const (
	minF1      = 0.95
	minF1Micro = 0.98
)

const dataDir = "data"

// found is what the scanner reported for one object.
type found struct {
	status string
	reason string
	counts map[string]int
	// occ: identifier -> "line N masked (confidence)" of reported
	// occurrences, for the diagnosis of false positives.
	occ map[string][]string
}

// corpusObjects lists the objects of the checked-in corpus (slash paths
// relative to dataDir), without the label file.
func corpusObjects(t *testing.T) []string {
	t.Helper()
	var objs []string
	err := filepath.WalkDir(dataDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dataDir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != corpus.GroundTruthFile && rel != corpus.StatusFile {
			objs = append(objs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing the corpus: %v (generate it with: go run ./corpus/gen -out corpus/data)", err)
	}
	sort.Strings(objs)
	return objs
}

func scanCorpus(t *testing.T, objs []string) map[string]found {
	t.Helper()
	eng, err := classifiers.NewEngine(managed.All(), classifiers.Options{FingerprintKey: []byte("k")})
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	sc := scanner.New(eng, scanner.Options{MaxOccurrences: 1000})
	out := map[string]found{}
	for _, o := range objs {
		obj, err := scanner.LocalObject(filepath.Join(dataDir, filepath.FromSlash(o)))
		if err != nil {
			t.Fatal(err)
		}
		res := sc.Scan(context.Background(), obj)
		f := found{status: string(res.Status), reason: res.Reason, counts: map[string]int{}, occ: map[string][]string{}}
		for _, fd := range res.Findings {
			f.counts[fd.Type] += fd.Count
			for _, oc := range fd.Occurrences {
				where := fmt.Sprintf("line %d", oc.Line)
				if oc.Column != "" {
					where += " column " + oc.Column
				}
				if oc.JSONPath != "" {
					where += " " + oc.JSONPath
				}
				f.occ[fd.Type] = append(f.occ[fd.Type], fmt.Sprintf("%s %s (%s)", where, oc.Masked, oc.Confidence))
			}
		}
		out[o] = f
	}
	return out
}

type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) f1() float64        { return ratio(2*s.tp, 2*s.tp+s.fp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestQuality scans every object of corpus/data with the managed
// identifiers and scores them against ground_truth.csv: per object and
// identifier, TP = min(found, truth), FP = found beyond truth, FN = truth
// not found. Every object must be scanned completely, except those
// expected_status.csv lists, which must get exactly the status it gives.
func TestQuality(t *testing.T) {
	truth, err := corpus.ReadTruth(filepath.Join(dataDir, corpus.GroundTruthFile))
	if err != nil {
		t.Fatalf("%v (generate the corpus with: go run ./corpus/gen -out corpus/data)", err)
	}
	expected, err := corpus.ReadStatus(filepath.Join(dataDir, corpus.StatusFile))
	if err != nil {
		t.Fatalf("%v (generate the corpus with: go run ./corpus/gen -out corpus/data)", err)
	}
	objs := corpusObjects(t)
	for o := range expected {
		if _, ok := truth[o]; !ok {
			t.Errorf("%s is in %s but not in %s", o, corpus.StatusFile, corpus.GroundTruthFile)
		}
	}
	for _, o := range objs {
		if _, ok := truth[o]; !ok {
			t.Errorf("%s is not in %s", o, corpus.GroundTruthFile)
		}
	}
	for o := range truth {
		if _, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(o))); err != nil {
			t.Errorf("%s is labeled but missing: %v", o, err)
		}
	}

	// Every identifier of DESIGN.md must be managed and occur in the corpus.
	managedIDs := map[string]bool{}
	for _, id := range managed.All() {
		managedIDs[id.ID] = true
	}
	positives := map[string]int{}
	for _, m := range truth {
		for id, c := range m {
			positives[id] += c
		}
	}
	for _, id := range corpus.IDs {
		if positives[id] == 0 {
			t.Errorf("%s has no positive occurrence in the corpus", id)
		}
		if !managedIDs[id] {
			t.Errorf("%s is not a managed identifier (classifiers/managed)", id)
		}
	}

	got := scanCorpus(t, objs)
	scores := map[string]*score{}
	get := func(id string) *score {
		if scores[id] == nil {
			scores[id] = &score{}
		}
		return scores[id]
	}
	for _, id := range corpus.IDs {
		get(id)
	}
	type miss struct {
		obj         string
		truth, seen int
		occ         []string
	}
	misses := map[string][]miss{}
	for _, o := range objs {
		f := got[o]
		want, listed := expected[o]
		switch {
		case !listed && f.status != string(scanner.Complete):
			t.Errorf("%s: status %s (%s), want complete", o, f.status, f.reason)
		case listed && (f.status != want.Status || !strings.Contains(f.reason, want.Reason)):
			t.Errorf("%s: status %s (%s), want %s (%s) as %s says", o, f.status, f.reason, want.Status, want.Reason, corpus.StatusFile)
		}
		ids := map[string]bool{}
		for id := range truth[o] {
			ids[id] = true
		}
		for id := range f.counts {
			ids[id] = true
		}
		for id := range ids {
			tr, fd := truth[o][id], f.counts[id]
			s := get(id)
			s.tp += min(tr, fd)
			s.fp += max(0, fd-tr)
			s.fn += max(0, tr-fd)
			if tr != fd {
				misses[id] = append(misses[id], miss{o, tr, fd, f.occ[id]})
			}
		}
	}

	ids := make([]string, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var tbl strings.Builder
	var all score
	fmt.Fprintf(&tbl, "\n%-32s %6s %6s %6s %9s %7s %7s\n", "identifier", "TP", "FP", "FN", "precision", "recall", "F1")
	var failed []string
	for _, id := range ids {
		s := scores[id]
		all.tp += s.tp
		all.fp += s.fp
		all.fn += s.fn
		mark := ""
		if s.f1() < minF1 {
			mark = "  < " + fmt.Sprint(minF1)
			failed = append(failed, id)
		}
		fmt.Fprintf(&tbl, "%-32s %6d %6d %6d %9.3f %7.3f %7.3f%s\n", id, s.tp, s.fp, s.fn, s.precision(), s.recall(), s.f1(), mark)
	}
	fmt.Fprintf(&tbl, "%-32s %6d %6d %6d %9.3f %7.3f %7.3f\n", "micro average", all.tp, all.fp, all.fn, all.precision(), all.recall(), all.f1())
	t.Log(tbl.String())

	// Where each identifier went wrong: objects whose count differs, with
	// the occurrences reported there (masked).
	for _, id := range ids {
		ms := misses[id]
		if len(ms) == 0 {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d objects differ\n", id, len(ms))
		for k, m := range ms {
			if k == 25 {
				fmt.Fprintf(&b, "  ... %d more\n", len(ms)-k)
				break
			}
			fmt.Fprintf(&b, "  %s: truth %d, found %d\n", m.obj, m.truth, m.seen)
			if m.seen > 0 {
				for _, oc := range m.occ {
					fmt.Fprintf(&b, "      %s\n", oc)
				}
			}
		}
		t.Log(b.String())
	}

	for _, id := range failed {
		s := scores[id]
		t.Errorf("%s: F1 %.3f < %.2f (TP %d, FP %d, FN %d)", id, s.f1(), minF1, s.tp, s.fp, s.fn)
	}
	if f := all.f1(); f < minF1Micro || math.IsNaN(f) {
		t.Errorf("micro-average F1 %.3f < %.2f", f, minF1Micro)
	}
}

// TestCorpusRegenerates checks that the checked-in corpus is exactly what
// the generator writes.
func TestCorpusRegenerates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if _, _, err := corpus.Generate(dir); err != nil {
		t.Fatal(err)
	}
	read := func(root string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			b, err := os.ReadFile(p)
			m[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	want, have := read(dir), read(dataDir)
	stale := 0
	for p, b := range want {
		if hb, ok := have[p]; !ok {
			t.Errorf("%s: missing from corpus/data", p)
			stale++
		} else if !bytes.Equal(hb, b) {
			t.Errorf("%s: differs from the generator's output", p)
			stale++
		}
	}
	for p := range have {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: not written by the generator", p)
			stale++
		}
	}
	if stale > 0 {
		t.Errorf("corpus/data is stale: regenerate it with: go run ./corpus/gen -out corpus/data")
	}
}
