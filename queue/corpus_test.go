package queue_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/scanner"
)

// plantedTypes are the identifiers the fleet tests plant: stable,
// context-light ones, so the tests check the fleet, not the classifiers.
var plantedTypes = []string{"EMAIL_ADDRESS", "US_SSN", "AWS_ACCESS_KEY_ID"}

// genObject is one generated object and what was planted in it.
type genObject struct {
	Key     string
	Data    []byte
	Planted map[string]int // identifier -> count
}

var filler = strings.Fields(`alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima
mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu
shipment arrived weather report quarterly summary meeting notes project roadmap widget gadget
blue green orange purple river mountain forest meadow harbor bridge lantern compass`)

func words(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = filler[r.IntN(len(filler))]
	}
	return strings.Join(w, " ")
}

var domains = []string{"bluefern-mail.com", "quillpost.net", "orchardline.org", "tidewater-inbox.com"}

// value returns a fresh valid value of an identifier (unique per n).
func value(r *rand.Rand, id string, n int) string {
	switch id {
	case "EMAIL_ADDRESS":
		return fmt.Sprintf("%s.%s%d@%s", filler[r.IntN(len(filler))], filler[r.IntN(len(filler))], n, domains[r.IntN(len(domains))])
	case "US_SSN":
		// area 100-599, group 10-99, serial 1000-9999: valid, not an
		// advertised or reserved number.
		return fmt.Sprintf("%03d-%02d-%04d", 100+r.IntN(500), 10+r.IntN(90), 1000+r.IntN(9000))
	case "AWS_ACCESS_KEY_ID":
		// Like real keys: digits among the letters, no long runs of one
		// character, many distinct ones.
		const b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
		for {
			b := []byte("AKIA")
			for i := range 16 {
				if i == 5 || i == 11 {
					b = append(b, "234567"[r.IntN(6)])
					continue
				}
				b = append(b, b32[r.IntN(len(b32))])
			}
			distinct, run, maxRun := map[byte]bool{}, 1, 1
			for i := 4; i < len(b); i++ {
				distinct[b[i]] = true
				if i > 4 && b[i] == b[i-1] {
					run++
					maxRun = max(maxRun, run)
				} else {
					run = 1
				}
			}
			if len(distinct) >= 10 && maxRun < 3 && !strings.Contains(string(b), "EXAMPLE") {
				return string(b)
			}
		}
	}
	panic(id)
}

// label is how a value is introduced in text.
var label = map[string]string{"EMAIL_ADDRESS": "email", "US_SSN": "ssn", "AWS_ACCESS_KEY_ID": "aws_access_key_id"}

// genCorpus makes n objects of mixed formats (txt, log, csv, json, jsonl,
// md) with 0-3 planted values each, deterministically from seed.
func genCorpus(seed uint64, n int, prefix string) []genObject {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	exts := []string{"txt", "csv", "json", "jsonl", "log", "md"}
	out := make([]genObject, 0, n)
	serial := 0
	for i := range n {
		ext := exts[i%len(exts)]
		o := genObject{Key: fmt.Sprintf("%sdir%02d/obj-%05d.%s", prefix, i%17, i, ext), Planted: map[string]int{}}
		type pv struct{ id, v string }
		var vals []pv
		for k := r.IntN(4); k > 0; k-- {
			id := plantedTypes[r.IntN(len(plantedTypes))]
			serial++
			vals = append(vals, pv{id, value(r, id, serial)})
			o.Planted[id]++
		}
		var b bytes.Buffer
		switch ext {
		case "txt", "log", "md":
			if ext == "md" {
				b.WriteString("# " + words(r, 3) + "\n\n")
			}
			for _, v := range vals {
				fmt.Fprintf(&b, "%s\n%s: %s\n", words(r, 8), label[v.id], v.v)
			}
			fmt.Fprintf(&b, "%s\n", words(r, 12))
		case "csv":
			b.WriteString("row,email,ssn,aws_access_key_id,comment\n")
			for j, v := range vals {
				cells := map[string]string{v.id: v.v}
				fmt.Fprintf(&b, "%d,%s,%s,%s,%s\n", j+1, cells["EMAIL_ADDRESS"], cells["US_SSN"], cells["AWS_ACCESS_KEY_ID"], words(r, 3))
			}
			fmt.Fprintf(&b, "%d,,,,%s\n", len(vals)+1, words(r, 4))
		case "json":
			recs := []map[string]string{}
			for _, v := range vals {
				recs = append(recs, map[string]string{label[v.id]: v.v, "comment": words(r, 3)})
			}
			data, _ := json.MarshalIndent(map[string]any{"records": recs, "note": words(r, 5)}, "", "  ")
			b.Write(data)
			b.WriteByte('\n')
		case "jsonl":
			for _, v := range vals {
				data, _ := json.Marshal(map[string]string{label[v.id]: v.v, "comment": words(r, 3)})
				b.Write(data)
				b.WriteByte('\n')
			}
			data, _ := json.Marshal(map[string]string{"comment": words(r, 4)})
			b.Write(data)
			b.WriteByte('\n')
		}
		o.Data = b.Bytes()
		out = append(out, o)
	}
	return out
}

// testScanner is a scanner over every managed identifier with a fixed
// fingerprint key.
func testScanner(t testing.TB) *scanner.Scanner {
	t.Helper()
	cfg := &config.Config{FingerprintKey: "dredge-test-fingerprint-key"}
	eng, err := cfg.Engine()
	if err != nil {
		t.Fatal(err)
	}
	return scanner.New(eng, scanner.Options{Classifier: classifiers.Version})
}

// checkPlanted compares a result's findings with what was planted:
// every planted identifier counted exactly, nothing else found.
func checkPlanted(o genObject, r *scanner.Result) error {
	if r.Status != scanner.Complete {
		return fmt.Errorf("%s: status %s (%s)", o.Key, r.Status, r.Reason)
	}
	for _, id := range plantedTypes {
		if got := r.CountOf(id); got != o.Planted[id] {
			return fmt.Errorf("%s: %s counted %d, planted %d", o.Key, id, got, o.Planted[id])
		}
	}
	for _, f := range r.Findings {
		if o.Planted[f.Type] == 0 {
			return fmt.Errorf("%s: unexpected %s x%d", o.Key, f.Type, f.Count)
		}
	}
	return nil
}

// TestCorpusGroundTruth checks the generated corpus against the
// classifiers in-process, so a fleet test failure is the fleet's.
func TestCorpusGroundTruth(t *testing.T) {
	t.Parallel()
	sc := testScanner(t)
	dir := t.TempDir()
	// Every corpus the fleet tests use.
	var objs []genObject
	for _, c := range []struct {
		seed uint64
		n    int
	}{{2000, 2000}, {42, 800}, {77, 800}, {99, 800}, {55, 600}, {7, 120}, {3, 20}, {11, 30}} {
		objs = append(objs, genCorpus(c.seed, c.n, fmt.Sprintf("s%d/", c.seed))...)
	}
	for _, o := range objs {
		p := filepath.Join(dir, o.Key)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, o.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bad := 0
	for _, o := range objs {
		data := o.Data
		res := sc.Scan(context.Background(), scanner.Object{Name: o.Key, Size: int64(len(data)),
			Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
		if err := checkPlanted(o, &res); err != nil {
			bad++
			if bad < 10 {
				t.Errorf("%v\n%s", err, data)
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d objects disagree with the ground truth", bad, len(objs))
	}
}
