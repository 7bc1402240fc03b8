package scanner

// Throughput per format, one object at a time on one goroutine. MB/s is of
// the object's bytes as stored (so a compressed format counts its
// compressed size); text/byte is the text extracted per stored byte.
// BenchmarkFormat measures the format layer (a minimal engine: two
// identifiers); BenchmarkFormatManaged the whole scan with every managed
// identifier, on a tenth of the data (the engine dominates there).
//
//	go test ./scanner/ -run '^$' -bench 'BenchmarkFormat$' -benchtime 3x
//	go test ./scanner/ -run '^$' -bench BenchmarkFormatManaged -benchtime 1x

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/managed"
)

// benchRows returns n rows of plausible records (some with PII).
func benchRows(n int) [][]string {
	rng := rand.New(rand.NewPCG(1, 2))
	first := []string{"Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Grace", "Hiro"}
	last := []string{"Smith", "Nguyen", "Garcia", "Okafor", "Schmidt", "Rossi", "Tanaka"}
	rows := make([][]string, n)
	for i := range rows {
		f, l := first[rng.IntN(len(first))], last[rng.IntN(len(last))]
		ssn := ""
		if i%50 == 0 {
			ssn = fmt.Sprintf("%03d-%02d-%04d", 100+rng.IntN(600), 10+rng.IntN(80), 1000+rng.IntN(8999))
		}
		rows[i] = []string{fmt.Sprint(i + 1), f + " " + l, strings.ToLower(f) + "." + strings.ToLower(l) + "@example.org",
			ssn, fmt.Sprintf("order %d shipped to warehouse %d with %d items, status ok", rng.IntN(1e6), rng.IntN(90), rng.IntN(20))}
	}
	return rows
}

var benchHeader = []string{"id", "name", "email", "ssn", "note"}

func benchText(rows [][]string) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		fmt.Fprintf(&b, "%s: customer %s (%s) ssn %s - %s\n", r[0], r[1], r[2], r[3], strings.ReplaceAll(r[4], ",", " and"))
	}
	return b.Bytes()
}

func benchCSV(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(benchHeader, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.Bytes()
}

func benchJSON(rows [][]string) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		fmt.Fprintf(&b, `{"id":%s,"customer":{"name":%q,"email":%q,"ssn":%q},"note":%q}`+"\n", r[0], r[1], r[2], r[3], r[4])
	}
	return b.Bytes()
}

func benchSamples(b *testing.B, n int) map[string][]byte {
	rows := benchRows(n) // 100,000 rows: about 10 MB of text
	csv := benchCSV(rows)
	sheet := [][]string{benchHeader}
	for _, r := range rows[:n/2] {
		sheet = append(sheet, r)
	}
	var pages []pdfPage
	text := benchText(rows[:n*3/10])
	lines := bytes.Split(text, []byte{'\n'})
	for i := 0; i < len(lines); i += 50 {
		var c strings.Builder
		c.WriteString("BT /F1 10 Tf 50 780 Td 12 TL\n")
		for _, l := range lines[i:min(i+50, len(lines))] {
			c.WriteString("(")
			c.WriteString(strings.NewReplacer("(", `\(`, ")", `\)`, `\`, `\\`).Replace(string(l)))
			c.WriteString(") Tj T*\n")
		}
		c.WriteString("ET")
		pages = append(pages, pdfPage{content: c.String(), compressed: true})
	}
	var recs []pqRecord
	for _, r := range rows {
		recs = append(recs, pqRecord{Name: r[1], Contact: pqContact{Code: r[3] + " " + r[2], Pin: int64(len(r[4]))}})
	}
	var files []zfile
	for i := range 20 {
		files = append(files, zfile{name: fmt.Sprintf("part%d.csv", i), data: csv[i*len(csv)/20 : (i+1)*len(csv)/20]})
	}
	return map[string][]byte{
		"text":    benchText(rows),
		"csv":     csv,
		"json":    benchJSON(rows),
		"gzip":    gz(csv),
		"zip":     zipOf(b, files...),
		"xlsx":    xlsxOf(b, []string{"Customers"}, [][][]string{sheet}),
		"pdf":     pdfOf(pages...),
		"parquet": parquetOf(b, recs),
	}
}

func BenchmarkFormat(b *testing.B) { benchFormats(b, testEngine(b), 100_000) }

func BenchmarkFormatManaged(b *testing.B) {
	eng, err := classifiers.NewEngine(managed.All(), classifiers.Options{FingerprintKey: []byte("bench")})
	if err != nil {
		b.Fatal(err)
	}
	benchFormats(b, eng, 10_000)
}

func benchFormats(b *testing.B, eng *classifiers.Engine, rows int) {
	s := New(eng, Options{})
	samples := benchSamples(b, rows)
	names := map[string]string{"text": "a.txt", "csv": "a.csv", "json": "a.json", "gzip": "a.csv.gz", "zip": "a.zip",
		"xlsx": "a.xlsx", "pdf": "a.pdf", "parquet": "a.parquet"}
	for _, f := range []string{"text", "csv", "json", "gzip", "zip", "xlsx", "pdf", "parquet"} {
		data := samples[f]
		b.Run(f, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var r Result
			cpu0 := cpuTime()
			for b.Loop() {
				r = scanBytes(b, s, names[f], data)
			}
			// CPU time (all threads, GC included) tells the cost on a
			// loaded machine, where wall time does not.
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
			if r.Status != Complete || !strings.HasPrefix(r.Format, f) {
				b.Fatalf("%s: %s %s %q", f, r.Format, r.Status, r.Reason)
			}
			b.ReportMetric(float64(r.Scanned)/float64(len(data)), "text/byte")
			b.ReportMetric(float64(r.Count()), "findings")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
