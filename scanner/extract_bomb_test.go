package scanner

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// peakHeap runs f while sampling the heap in use, and returns the largest
// sample.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak.Load()
}

const heapBound = 512 << 20

func expectPartial(t *testing.T, r Result, reason string, took time.Duration, peak uint64, maxTime time.Duration) {
	t.Helper()
	expectStatus(t, r, Partial, reason, took, peak, maxTime)
}

func expectStatus(t *testing.T, r Result, status Status, reason string, took time.Duration, peak uint64, maxTime time.Duration) {
	t.Helper()
	t.Logf("status %s in %s, peak heap %d MiB, members %d, scanned %d bytes: %.300s", r.Status, took.Round(time.Millisecond), peak>>20, r.Members, r.Scanned, r.Reason)
	if r.Status != status || !strings.Contains(r.Reason, reason) {
		t.Fatalf("status %s reason %.300q, want %s with %q", r.Status, r.Reason, status, reason)
	}
	if took > maxTime {
		t.Errorf("took %s, more than %s", took, maxTime)
	}
	if peak > heapBound {
		t.Errorf("peak heap %d MiB, more than %d MiB", peak>>20, heapBound>>20)
	}
}

// A gzip of 10 GiB of zeros, written through a pipe as it is read (never
// whole, in memory or on disk): the ratio limit ends it after a few MiB.
// Zero bytes are binary (skipped after the first 8 KiB, never read on);
// '0' characters are text, read until a limit ends them.
func TestBombGzipZeros(t *testing.T) {
	for _, c := range []struct {
		name   string
		zero   byte
		limits Limits
		reason string
		status Status
	}{
		{"NUL bytes", 0, DefaultLimits, "unsupported format (binary)", Skipped},
		{"default limits", '0', DefaultLimits, "max compression ratio (1000:1)", Partial},
		{"no ratio limit", '0', Limits{MaxMemberBytes: 64 << 20, MaxDepth: 10, MaxMembers: 1000}, "max decompressed bytes per member", Partial},
		{"object limit", '0', Limits{MaxDecompressed: 32 << 20, MaxDepth: 10, MaxMembers: 1000}, "max decompressed bytes per object", Partial},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(testEngine(t), Options{Limits: c.limits})
			open := func(context.Context) (io.ReadCloser, error) {
				pr, pw := io.Pipe()
				go func() {
					zw, _ := gzip.NewWriterLevel(pw, gzip.BestCompression)
					zeros := bytes.Repeat([]byte{c.zero}, 1<<20)
					for i := 0; i < 10<<10; i++ { // 10 GiB
						if _, err := zw.Write(zeros); err != nil {
							pw.CloseWithError(err)
							return
						}
					}
					zw.Close()
					pw.Close()
				}()
				return pr, nil
			}
			var r Result
			start := time.Now()
			peak := peakHeap(func() { r = s.Scan(context.Background(), Object{Name: "zeros.gz", Open: open}) })
			expectStatus(t, r, c.status, c.reason, time.Since(start), peak, 20*time.Second)
		})
	}
}

// overlapZip writes a zip whose n central directory entries all point at
// one local entry holding payload (the overlapping-entries trick): n
// members for the price of one.
func overlapZip(n int, method uint16, payload []byte, size uint64, crc uint32, ext string) []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	name := "0" + ext
	le(uint32(zipLocalSig))
	le(uint16(20))
	le(uint16(0))
	le(method)
	le(uint32(0)) // time, date
	le(crc)
	le(uint32(len(payload)))
	le(uint32(min(size, 0xffffffff)))
	le(uint16(len(name)))
	le(uint16(0))
	b.WriteString(name)
	b.Write(payload)
	cd := b.Len()
	for i := range n {
		name := fmt.Sprintf("%d%s", i, ext)
		le(uint32(zipCentralSig))
		le(uint16(20))
		le(uint16(20))
		le(uint16(0))
		le(method)
		le(uint32(0))
		le(crc)
		le(uint32(len(payload)))
		le(uint32(min(size, 0xffffffff)))
		le(uint16(len(name)))
		le(uint16(0))
		le(uint16(0))
		le(uint16(0))
		le(uint16(0))
		le(uint32(0))
		le(uint32(0)) // local header offset: all the same
		b.WriteString(name)
	}
	end := b.Len()
	le(uint32(zipEndSig))
	le(uint16(0))
	le(uint16(0))
	le(uint16(n))
	le(uint16(n))
	le(uint32(end - cd))
	le(uint32(cd))
	le(uint16(0))
	return b.Bytes()
}

// A 42.zip-style nested bomb: five levels of 16 members each, the bottom
// ones 256 MiB of zeros each: 256 TiB in a file of about 300 KB.
func TestBombNestedZip(t *testing.T) {
	var def bytes.Buffer
	fw, _ := flate.NewWriter(&def, flate.BestCompression)
	zeros := bytes.Repeat([]byte{'0'}, 1<<20)
	for range 256 {
		fw.Write(zeros)
	}
	fw.Close()
	z := overlapZip(16, 8, def.Bytes(), 256<<20, 0, ".txt")
	for range 4 {
		z = overlapZip(16, 0, z, uint64(len(z)), crc32.ChecksumIEEE(z), ".zip")
	}
	t.Logf("bomb: %d bytes", len(z))
	s := New(testEngine(t), Options{})
	var r Result
	start := time.Now()
	peak := peakHeap(func() { r = scanBytes(t, s, "42.zip", z) })
	expectPartial(t, r, "max compression ratio", time.Since(start), peak, 30*time.Second)
}

// emptyMembersZip is a zip of n empty stored members, made up on the fly
// at any offset (never held whole, in memory or on disk).
type emptyMembersZip struct {
	n   int64
	pos int64
}

const (
	emName  = 8 // "%08d"
	emLocal = 30 + emName
	emCent  = 46 + emName
)

func (z *emptyMembersZip) Size() int64 { return z.n*(emLocal+emCent) + 22 }

func (z *emptyMembersZip) record(i int64, central bool) []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	name := fmt.Sprintf("%08d", i)
	if !central {
		le(uint32(zipLocalSig))
		le([5]uint16{20, 0, 0, 0, 0})
		le([3]uint32{0, 0, 0})
		le([2]uint16{emName, 0})
	} else {
		le(uint32(zipCentralSig))
		le([6]uint16{20, 20, 0, 0, 0, 0})
		le([3]uint32{0, 0, 0})
		le([5]uint16{emName, 0, 0, 0, 0})
		le([2]uint32{0, uint32(i * emLocal)})
	}
	b.WriteString(name)
	return b.Bytes()
}

func (z *emptyMembersZip) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		o := off + int64(n)
		var rec []byte
		var start int64
		switch {
		case o < z.n*emLocal:
			i := o / emLocal
			rec, start = z.record(i, false), i*emLocal
		case o < z.n*(emLocal+emCent):
			i := (o - z.n*emLocal) / emCent
			rec, start = z.record(i, true), z.n*emLocal+i*emCent
		case o < z.Size():
			var b bytes.Buffer
			cd := uint32(z.n * emLocal)
			binary.Write(&b, binary.LittleEndian, struct {
				Sig              uint32
				D1, D2, N1, N2   uint16
				CDSize, CDOffset uint32
				C                uint16
			}{zipEndSig, 0, 0, uint16(z.n), uint16(z.n), uint32(z.n * emCent), cd, 0})
			rec, start = b.Bytes(), z.n*(emLocal+emCent)
		default:
			return n, io.EOF
		}
		n += copy(p[n:], rec[o-start:])
	}
	return n, nil
}

func (z *emptyMembersZip) Read(p []byte) (int, error) {
	n, err := z.ReadAt(p, z.pos)
	z.pos += int64(n)
	return n, err
}

func (z *emptyMembersZip) Close() error { return nil }

// A zip with 2 million empty members ends at the member limit.
func TestBombTwoMillionMembers(t *testing.T) {
	z := &emptyMembersZip{n: 2_000_000}
	s := New(testEngine(t), Options{})
	var r Result
	start := time.Now()
	peak := peakHeap(func() {
		r = s.Scan(context.Background(), Object{Name: "many.zip", Size: z.Size(),
			Open: func(context.Context) (io.ReadCloser, error) { return &emptyMembersZip{n: z.n}, nil }})
	})
	expectPartial(t, r, "max members (1000000) reached", time.Since(start), peak, 60*time.Second)
	if r.Members != 1_000_000 {
		t.Errorf("members %d", r.Members)
	}
}

// Deep JSON nesting is reported, and the values are still scanned.
func TestBombDeepJSON(t *testing.T) {
	depth := 200_000
	doc := strings.Repeat(`{"a":[`, depth) + `"SECRET-1234"` + strings.Repeat(`]}`, depth)
	s := New(testEngine(t), Options{})
	var r Result
	start := time.Now()
	peak := peakHeap(func() { r = scanBytes(t, s, "deep.json", []byte(doc)) })
	// The time bound is a hang guard, not a speed target (4.7 s on a
	// quiet machine, 10.6 s at load 30).
	expectPartial(t, r, "JSON nested deeper than 256 levels", time.Since(start), peak, 60*time.Second)
	if r.CountOf("TOKEN") != 1 {
		t.Errorf("the deep value was not scanned")
	}
}

// Archives nested deeper than the limit are reported; what is above is
// scanned.
func TestNestingDepth(t *testing.T) {
	z := zipOf(t, zfile{name: "bottom.txt", data: []byte("SECRET-0012")})
	for i := range 12 {
		if i%2 == 0 {
			z = gz(z)
			z = zipOf(t, zfile{name: fmt.Sprintf("l%d.zip.gz", i), data: z}, zfile{name: fmt.Sprintf("top%d.txt", i), data: []byte("SECRET-0001")})
		} else {
			z = zipOf(t, zfile{name: fmt.Sprintf("l%d.zip", i), data: z}, zfile{name: fmt.Sprintf("top%d.txt", i), data: []byte("SECRET-0001")})
		}
	}
	s := New(testEngine(t), Options{})
	r := scanBytes(t, s, "nest.zip", z)
	if r.Status != Partial || !strings.Contains(r.Reason, "max nesting depth (10)") {
		t.Fatalf("status %s reason %q", r.Status, r.Reason)
	}
	if r.CountOf("TOKEN") < 5 {
		t.Errorf("found %d above the limit", r.CountOf("TOKEN"))
	}
}

// The read limit keeps what was read: the value before the cut is found.
func TestMaxBytesKeepsWhatWasRead(t *testing.T) {
	doc := strings.Repeat("filler line\n", 40_000) + "SECRET-0001\n" + strings.Repeat("filler line\n", 100_000) + "SECRET-0002\n"
	s := New(testEngine(t), Options{Limits: Limits{MaxBytes: 1 << 20, MaxDepth: 10}})
	r := scanBytes(t, s, "big.txt", []byte(doc))
	if r.Status != Partial || !strings.Contains(r.Reason, "max bytes per object") || r.CountOf("TOKEN") != 1 {
		t.Fatalf("status %s reason %q found %d", r.Status, r.Reason, r.CountOf("TOKEN"))
	}
	// The same inside a gzip, per member.
	s = New(testEngine(t), Options{Limits: Limits{MaxMemberBytes: 1 << 20, MaxDepth: 10}})
	r = scanBytes(t, s, "big.txt.gz", gz([]byte(doc)))
	if r.Status != Partial || !strings.Contains(r.Reason, "per member") || r.CountOf("TOKEN") != 1 {
		t.Fatalf("gzip: status %s reason %q found %d", r.Status, r.Reason, r.CountOf("TOKEN"))
	}
}

// The per-object time limit ends a long scan as partial.
func TestTimeLimit(t *testing.T) {
	s := New(testEngine(t), Options{Limits: Limits{Timeout: 200 * time.Millisecond, MaxDepth: 10}})
	open := func(ctx context.Context) (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() {
			line := []byte(strings.Repeat("x", 99) + "\n")
			for {
				if _, err := pw.Write(line); err != nil {
					return
				}
			}
		}()
		return pr, nil
	}
	start := time.Now()
	r := s.Scan(context.Background(), Object{Name: "endless.txt", Open: open})
	if r.Status != Partial || !strings.Contains(r.Reason, "time limit") || time.Since(start) > 5*time.Second {
		t.Fatalf("status %s reason %q after %s", r.Status, r.Reason, time.Since(start))
	}
}
