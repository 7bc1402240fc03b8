package corpus

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Container and compression writers. Every one is deterministic: fixed
// timestamps in the headers, fixed owner names, members in the order
// given, no random sync markers or IDs.

// fixedTime is the modification time of every archive member and
// compressed stream.
var fixedTime = time.Date(2024, time.March, 5, 10, 22, 31, 0, time.UTC)

// member is one file of an archive.
type member struct {
	name string
	data []byte
	// store keeps the member uncompressed in a zip (method 0).
	store bool
	// dir makes a directory entry (no data).
	dir bool
}

// zipBytes writes a zip archive; stored members are written raw with
// their sizes and CRC in the local header, as office suites do.
func zipBytes(ms ...member) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, m := range ms {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: fixedTime}
		h.SetMode(0o644)
		if m.dir {
			h.Name = strings.TrimSuffix(m.name, "/") + "/"
			h.Method = zip.Store
			h.SetMode(0o755 | 1<<31) // fs.ModeDir
			if _, err := w.CreateHeader(h); err != nil {
				panic(err)
			}
			continue
		}
		if m.store {
			h.Method = zip.Store
			h.CRC32 = crc32.ChecksumIEEE(m.data)
			h.CompressedSize64 = uint64(len(m.data))
			h.UncompressedSize64 = uint64(len(m.data))
			fw, err := w.CreateRaw(h)
			if err != nil {
				panic(err)
			}
			fw.Write(m.data)
			continue
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		fw.Write(m.data)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// tarBytes writes a ustar archive.
func tarBytes(ms ...member) []byte {
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, m := range ms {
		h := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), ModTime: fixedTime,
			Typeflag: tar.TypeReg, Uname: "backup", Gname: "backup", Uid: 1001, Gid: 1001, Format: tar.FormatUSTAR}
		if m.dir {
			h.Name = strings.TrimSuffix(m.name, "/") + "/"
			h.Mode, h.Size, h.Typeflag = 0o755, 0, tar.TypeDir
		}
		if err := w.WriteHeader(h); err != nil {
			panic(err)
		}
		if !m.dir {
			w.Write(m.data)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// gzipBytes compresses data; name, if set, is the original file name of
// the gzip header.
func gzipBytes(name string, data []byte) []byte {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		panic(err)
	}
	w.Name = name
	w.ModTime = fixedTime
	w.Write(data)
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func xzBytes(data []byte) []byte {
	var b bytes.Buffer
	w, err := xz.WriterConfig{DictCap: 1 << 20}.NewWriter(&b)
	if err != nil {
		panic(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func zstdBytes(data []byte) []byte {
	w, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		panic(err)
	}
	defer w.Close()
	return w.EncodeAll(data, nil)
}

// deflateBytes is raw DEFLATE (RFC 1951), as Avro's deflate codec wants.
func deflateBytes(data []byte) []byte {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.DefaultCompression)
	if err != nil {
		panic(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// utf16Bytes encodes s as UTF-16 with a byte order mark.
func utf16Bytes(s string, bigEndian bool) []byte {
	u := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(u))
	if bigEndian {
		out = append(out, 0xfe, 0xff)
		for _, c := range u {
			out = binary.BigEndian.AppendUint16(out, c)
		}
	} else {
		out = append(out, 0xff, 0xfe)
		for _, c := range u {
			out = binary.LittleEndian.AppendUint16(out, c)
		}
	}
	return out
}

// base64Lines is data in base64, wrapped at 76 characters with CRLF (a
// MIME body).
func base64Lines(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

// pngBytes draws a small picture (a scanned form's thumbnail: grey bars on
// white). It holds no text.
func (g *gen) pngBytes(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		bar := y%8 < 3 && y > 4 && y < h-4
		stop := 8 + g.intn(w/3, w-16)
		for x := 0; x < w; x++ {
			c := uint8(250)
			if bar && x > 6 && x < stop {
				c = uint8(90 + g.intn(0, 40))
			}
			img.SetGray(x, y, color.Gray{Y: c})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// oleDoc writes a legacy Word 97-2003 document: an OLE2 compound file
// (version 3, 512-byte sectors) with a Root Entry and a WordDocument
// stream holding text. The scanner does not read this format; the text
// holds nothing sensitive.
func oleDoc(text string) []byte {
	const (
		sector     = 512
		endChain   = 0xfffffffe
		freeSect   = 0xffffffff
		fatSect    = 0xfffffffd
		noStream   = 0xffffffff
		streamSize = 4096 // at the mini-stream cutoff: kept in regular sectors
	)
	le := binary.LittleEndian
	// The WordDocument stream: a File Information Block header (wIdent
	// 0xA5EC, nFib 0x00C1), then the text in 8-bit characters.
	stream := make([]byte, streamSize)
	le.PutUint16(stream[0:], 0xa5ec)
	le.PutUint16(stream[2:], 0x00c1)
	copy(stream[0x200:], text)
	nStream := streamSize / sector

	hdr := make([]byte, sector)
	copy(hdr, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(hdr[0x18:], 0x003e) // minor version
	le.PutUint16(hdr[0x1a:], 0x0003) // major version 3
	le.PutUint16(hdr[0x1c:], 0xfffe) // byte order
	le.PutUint16(hdr[0x1e:], 9)      // sector shift: 512
	le.PutUint16(hdr[0x20:], 6)      // mini sector shift: 64
	le.PutUint32(hdr[0x2c:], 1)      // FAT sectors
	le.PutUint32(hdr[0x30:], 1)      // first directory sector
	le.PutUint32(hdr[0x38:], 4096)   // mini stream cutoff
	le.PutUint32(hdr[0x3c:], endChain)
	le.PutUint32(hdr[0x44:], endChain)
	for i := 0; i < 109; i++ {
		le.PutUint32(hdr[0x4c+4*i:], freeSect)
	}
	le.PutUint32(hdr[0x4c:], 0) // the FAT is sector 0

	fat := make([]byte, sector)
	for i := 0; i < sector/4; i++ {
		le.PutUint32(fat[4*i:], freeSect)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endChain) // the directory, sector 1
	for k := 0; k < nStream; k++ {
		next := uint32(2 + k + 1)
		if k == nStream-1 {
			next = endChain
		}
		le.PutUint32(fat[4*(2+k):], next)
	}

	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, child, start, size uint32) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			le.PutUint16(e[2*k:], c)
		}
		le.PutUint16(e[0x40:], uint16(2*(len(u)+1)))
		e[0x42] = typ
		e[0x43] = 1 // black
		le.PutUint32(e[0x44:], noStream)
		le.PutUint32(e[0x48:], noStream)
		le.PutUint32(e[0x4c:], child)
		le.PutUint32(e[0x74:], start)
		le.PutUint32(e[0x78:], size)
	}
	entry(0, "Root Entry", 5, 1, endChain, 0)
	entry(1, "WordDocument", 2, noStream, 2, streamSize)
	for i := 2; i < 4; i++ {
		e := dir[128*i : 128*(i+1)]
		le.PutUint32(e[0x44:], noStream)
		le.PutUint32(e[0x48:], noStream)
		le.PutUint32(e[0x4c:], noStream)
	}

	var b bytes.Buffer
	b.Write(hdr)
	b.Write(fat)
	b.Write(dir)
	b.Write(stream)
	return b.Bytes()
}
