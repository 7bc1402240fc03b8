package scanner

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Compressed streams (gzip, bzip2, xz, zstd) are transparent: their
// content is detected and scanned one level deeper, with the same member
// path. Tar streams; zip reads its central directory at random (the object
// in place, or spooled), entry by entry, never holding the directory in
// memory. Members are named `outer.zip!dir/inner.tar.gz!file.csv`.

// stripExt drops a compression suffix from name for detection.
func stripExt(name string, exts ...string) string {
	low := strings.ToLower(name)
	if strings.HasSuffix(low, ".tgz") || strings.HasSuffix(low, ".tbz2") || strings.HasSuffix(low, ".txz") || strings.HasSuffix(low, ".tzst") {
		return name[:len(name)-len(path.Ext(name))] + ".tar"
	}
	for _, e := range exts {
		if strings.HasSuffix(low, e) {
			return name[:len(name)-len(e)]
		}
	}
	return name
}

func extractGzip(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	src := &countByteReader{r: bufio.NewReaderSize(r, 64<<10)}
	zr, err := gzip.NewReader(src)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	defer zr.Close()
	name := stripExt(in.Name, ".gz", ".gzip", ".z")
	if zr.Name != "" && name == in.Name {
		name = zr.Name
	}
	z := x.inflate(zr, in.Loc.Path, func() int64 { return src.n })
	return decompressed(x, z, x.unwrap(ctx, in, name, z), "gzip")
}

func extractBzip2(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	src := &countReader{r: r}
	z := x.inflate(bzip2.NewReader(src), in.Loc.Path, func() int64 { return src.n })
	return decompressed(x, z, x.unwrap(ctx, in, stripExt(in.Name, ".bz2", ".bzip2"), z), "bzip2")
}

// xzMaxDict bounds the dictionary an xz stream may ask for (xz -9 uses
// 64 MiB); a larger one would allocate that much up front.
const xzMaxDict = 64 << 20

func extractXz(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(64)
	if d, ok := xzDictSize(head); ok && d > xzMaxDict {
		return fmt.Errorf("xz: dictionary of %d bytes is larger than the %d allowed", d, xzMaxDict)
	}
	src := &countReader{r: br}
	zr, err := xz.ReaderConfig{DictCap: 1 << 20}.NewReader(src)
	if err != nil {
		return fmt.Errorf("xz: %w", err)
	}
	z := x.inflate(zr, in.Loc.Path, func() int64 { return src.n })
	return decompressed(x, z, x.unwrap(ctx, in, stripExt(in.Name, ".xz"), z), "xz")
}

// xzDictSize reads the LZMA2 dictionary size of the first block header.
func xzDictSize(h []byte) (int64, bool) {
	if len(h) < 12+2 || string(h[:6]) != "\xfd7zXZ\x00" {
		return 0, false
	}
	b := h[12:]
	size := (int(b[0]) + 1) * 4
	if b[0] == 0 || len(b) < size {
		return 0, false
	}
	flags := b[1]
	p := 2
	varint := func() (uint64, bool) {
		v, n := binary.Uvarint(b[p:size])
		if n <= 0 {
			return 0, false
		}
		p += n
		return v, true
	}
	if flags&0x40 != 0 {
		if _, ok := varint(); !ok {
			return 0, false
		}
	}
	if flags&0x80 != 0 {
		if _, ok := varint(); !ok {
			return 0, false
		}
	}
	var dict int64
	for i := 0; i <= int(flags&3); i++ {
		id, ok := varint()
		if !ok {
			return 0, false
		}
		n, ok := varint()
		if !ok || p+int(n) > size {
			return 0, false
		}
		if id == 0x21 && n == 1 {
			c := b[p]
			if c > 40 {
				return 1 << 62, true
			}
			if c == 40 {
				dict = 0xffffffff
			} else {
				dict = int64(2|c&1) << (c/2 + 11)
			}
		}
		p += int(n)
	}
	return dict, dict > 0
}

func extractZstd(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	src := &countReader{r: r}
	zr, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(128<<20), zstd.WithDecoderMaxMemory(256<<20))
	if err != nil {
		return fmt.Errorf("zstd: %w", err)
	}
	defer zr.Close()
	z := x.inflate(zr, in.Loc.Path, func() int64 { return src.n })
	return decompressed(x, z, x.unwrap(ctx, in, stripExt(in.Name, ".zst", ".zstd"), z), "zstd")
}

// decompressed turns the error of a decompressed stream's scan into the
// handler's: a cut by a limit is not corruption.
func decompressed(x *Extraction, z *inflateReader, err error, format string) error {
	if err == nil || z.hit != nil {
		return nil
	}
	if errors.Is(err, ErrLimit) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%s: %w", format, err)
}

func extractTar(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	src := &countReader{r: r}
	tr := tar.NewReader(src)
	hits := x.limitHits
	for n := 0; ; n++ {
		if err := x.spent(ctx); err != nil {
			return err
		}
		h, err := tr.Next()
		if err == io.EOF {
			if n == 0 {
				x.scanned = true // an empty archive is scanned, not skipped
			}
			return nil
		}
		if err != nil {
			if x.limitHits > hits {
				return nil // the tar stream itself was cut by a limit
			}
			if n == 0 {
				return fmt.Errorf("tar: %w", err)
			}
			// A corrupt tail: what came before was read.
			x.Fail(what(in), fmt.Errorf("tar: %w", err))
			return nil
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeRegA && h.Typeflag != tar.TypeGNUSparse {
			continue
		}
		x.scanned = true
		z := x.inflate(tr, childPath(in, h.Name), func() int64 { return src.n })
		x.Member(ctx, z.path, z, in.Depth+1)
	}
}

// zip

const (
	zipLocalSig   = 0x04034b50
	zipCentralSig = 0x02014b50
	zipEndSig     = 0x06054b50
	zip64EndSig   = 0x06064b50
	zip64LocSig   = 0x07064b50
	zipDescSig    = 0x08074b50
)

type zipEntry struct {
	name   string
	flags  uint16
	method uint16
	csize  uint64
	usize  uint64
	offset uint64 // of the local header
}

// zipDir is a zip's central directory, read one entry at a time.
type zipDir struct {
	ra     io.ReaderAt
	size   int64
	base   int64 // bytes prepended to the archive (self-extracting)
	cdOff  int64
	cdSize int64
}

var errNotZip = errors.New("zip: no end of central directory (not a zip file, or truncated)")

func openZipDir(ra io.ReaderAt, size int64) (*zipDir, error) {
	// The end record is in the last 64 KiB + 22 bytes.
	n := min(size, 65535+22)
	buf := make([]byte, n)
	if _, err := ra.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return nil, fmt.Errorf("zip: %w", err)
	}
	p := -1
	for i := len(buf) - 22; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == zipEndSig {
			clen := int(binary.LittleEndian.Uint16(buf[i+20:]))
			if i+22+clen <= len(buf) {
				p = i
				break
			}
		}
	}
	if p < 0 {
		return nil, errNotZip
	}
	end := buf[p:]
	d := &zipDir{ra: ra, size: size}
	d.cdSize = int64(binary.LittleEndian.Uint32(end[12:]))
	d.cdOff = int64(binary.LittleEndian.Uint32(end[16:]))
	endOff := size - n + int64(p)
	if d.cdOff == 0xffffffff || d.cdSize == 0xffffffff || binary.LittleEndian.Uint16(end[10:]) == 0xffff {
		// zip64: the locator is just before the end record.
		if endOff >= 20 {
			var loc [20]byte
			if _, err := ra.ReadAt(loc[:], endOff-20); err == nil && binary.LittleEndian.Uint32(loc[:]) == zip64LocSig {
				off := int64(binary.LittleEndian.Uint64(loc[8:]))
				var e64 [56]byte
				if off >= 0 && off+56 <= size {
					if _, err := ra.ReadAt(e64[:], off); err == nil && binary.LittleEndian.Uint32(e64[:]) == zip64EndSig {
						d.cdSize = int64(binary.LittleEndian.Uint64(e64[40:]))
						d.cdOff = int64(binary.LittleEndian.Uint64(e64[48:]))
					}
				}
			}
		}
	}
	if d.cdOff < 0 || d.cdSize < 0 || d.cdOff+d.cdSize > endOff {
		// Data prepended (a self-extracting archive): the directory
		// ends where the end record starts.
		if d.cdSize >= 0 && d.cdSize <= endOff {
			d.base = endOff - d.cdSize - d.cdOff
			d.cdOff = endOff - d.cdSize
		} else {
			return nil, errors.New("zip: central directory out of bounds")
		}
	} else if d.cdOff+d.cdSize < endOff && endOff-d.cdSize >= 0 {
		// Possibly prepended data too: check the signature.
		var sig [4]byte
		if _, err := ra.ReadAt(sig[:], d.cdOff); err != nil || binary.LittleEndian.Uint32(sig[:]) != zipCentralSig {
			if _, err := ra.ReadAt(sig[:], endOff-d.cdSize); err == nil && binary.LittleEndian.Uint32(sig[:]) == zipCentralSig {
				d.base = endOff - d.cdSize - d.cdOff
				d.cdOff = endOff - d.cdSize
			}
		}
	}
	return d, nil
}

// each calls fn for every entry of the directory in order, until fn
// returns an error.
func (d *zipDir) each(fn func(*zipEntry) error) error {
	br := bufio.NewReaderSize(io.NewSectionReader(d.ra, d.cdOff, d.cdSize), 64<<10)
	var hdr [46]byte
	var e zipEntry
	for {
		if _, err := io.ReadFull(br, hdr[:4]); err != nil {
			return nil // the end of the directory
		}
		if binary.LittleEndian.Uint32(hdr[:]) != zipCentralSig {
			return nil // the end record or garbage: the directory ends
		}
		if _, err := io.ReadFull(br, hdr[4:]); err != nil {
			return errors.New("zip: truncated central directory")
		}
		e = zipEntry{
			flags:  binary.LittleEndian.Uint16(hdr[8:]),
			method: binary.LittleEndian.Uint16(hdr[10:]),
			csize:  uint64(binary.LittleEndian.Uint32(hdr[20:])),
			usize:  uint64(binary.LittleEndian.Uint32(hdr[24:])),
			offset: uint64(binary.LittleEndian.Uint32(hdr[42:])),
		}
		nameLen := int(binary.LittleEndian.Uint16(hdr[28:]))
		extraLen := int(binary.LittleEndian.Uint16(hdr[30:]))
		commentLen := int(binary.LittleEndian.Uint16(hdr[32:]))
		buf := make([]byte, nameLen+extraLen)
		if _, err := io.ReadFull(br, buf); err != nil {
			return errors.New("zip: truncated central directory")
		}
		if _, err := br.Discard(commentLen); err != nil {
			return errors.New("zip: truncated central directory")
		}
		e.name = zipName(buf[:nameLen], e.flags)
		e.zip64(buf[nameLen:])
		if err := fn(&e); err != nil {
			return err
		}
	}
}

func zipName(b []byte, flags uint16) string {
	s := string(b)
	if flags&0x800 == 0 && !isUTF8(b) {
		// CP437 names: keep them readable enough.
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		s = string(r)
	}
	return strings.ReplaceAll(s, "\\", "/")
}

func isUTF8(b []byte) bool { return strings.ToValidUTF8(string(b), "\ufffd") == string(b) }

// zip64 reads the zip64 extra field for the sizes and offset that do not
// fit 32 bits.
func (e *zipEntry) zip64(extra []byte) {
	for len(extra) >= 4 {
		tag := binary.LittleEndian.Uint16(extra)
		size := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			return
		}
		if tag == 0x0001 {
			f := extra[:size]
			next := func() (uint64, bool) {
				if len(f) < 8 {
					return 0, false
				}
				v := binary.LittleEndian.Uint64(f)
				f = f[8:]
				return v, true
			}
			if e.usize == 0xffffffff {
				if v, ok := next(); ok {
					e.usize = v
				}
			}
			if e.csize == 0xffffffff {
				if v, ok := next(); ok {
					e.csize = v
				}
			}
			if e.offset == 0xffffffff {
				if v, ok := next(); ok {
					e.offset = v
				}
			}
			return
		}
		extra = extra[size:]
	}
}

// data returns the entry's stored bytes, bounded by the archive.
func (d *zipDir) data(e *zipEntry) (*io.SectionReader, error) {
	off := int64(e.offset) + d.base
	var h [30]byte
	if e.offset > uint64(d.size) || off < 0 {
		return nil, errors.New("zip: local header out of bounds")
	}
	if _, err := d.ra.ReadAt(h[:], off); err != nil {
		return nil, errors.New("zip: local header out of bounds")
	}
	if binary.LittleEndian.Uint32(h[:]) != zipLocalSig {
		return nil, errors.New("zip: bad local header signature")
	}
	start := off + 30 + int64(binary.LittleEndian.Uint16(h[26:])) + int64(binary.LittleEndian.Uint16(h[28:]))
	if start > d.size {
		return nil, errors.New("zip: member data out of bounds")
	}
	n := int64(e.csize)
	if e.csize > uint64(d.size) || start+n > d.size {
		n = d.size - start // never trust a declared size
	}
	return io.NewSectionReader(d.ra, start, n), nil
}

// decompressor returns a reader of a member's content for its method, or
// an empty reason when the method is unsupported.
func zipDecompressor(method uint16, r io.Reader) (io.Reader, func(), string) {
	switch method {
	case 0:
		return r, func() {}, ""
	case 8:
		fr := flate.NewReader(r)
		return fr, func() { fr.Close() }, ""
	case 12:
		return bzip2.NewReader(r), func() {}, ""
	case 93:
		zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(128<<20), zstd.WithDecoderMaxMemory(256<<20))
		if err != nil {
			return nil, nil, "zstd: " + err.Error()
		}
		return zr, zr.Close, ""
	case 95:
		zr, err := xz.NewReader(r)
		if err != nil {
			return nil, nil, "xz: " + err.Error()
		}
		return zr, func() {}, ""
	}
	return nil, nil, fmt.Sprintf("unsupported compression method %d", method)
}

func extractZip(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	hits := x.limitHits
	ra, size, done, err := randomAccess(ctx, in, r)
	if err != nil {
		return err
	}
	defer done()
	d, err := openZipDir(ra, size)
	if err != nil {
		if size > 0 && x.limitHits > hits {
			// Cut by a limit before its directory: read what local
			// headers we can.
			return zipStream(ctx, ra, size, in, x)
		}
		if errors.Is(err, errNotZip) {
			// A truncated zip: its local headers still name members.
			if serr := zipStream(ctx, ra, size, in, x); serr == nil && x.scanned {
				x.Fail(what(in), err)
				return nil
			}
		}
		return err
	}
	if kind := officeKind(d); kind != "" {
		return extractOfficeDir(ctx, d, kind, in, x)
	}
	return zipMembers(ctx, d, in, x)
}

func zipMembers(ctx context.Context, d *zipDir, in *Input, x *Extraction) error {
	x.scanned = true
	return d.each(func(e *zipEntry) error {
		if err := x.spent(ctx); err != nil {
			return err
		}
		if strings.HasSuffix(e.name, "/") {
			return nil
		}
		return zipMember(ctx, d, e, in, x)
	})
}

// zipMember scans one zip entry as a member of in.
func zipMember(ctx context.Context, d *zipDir, e *zipEntry, in *Input, x *Extraction) error {
	p := childPath(in, e.name)
	if e.flags&1 != 0 {
		x.members++
		x.Skip(p, "encrypted")
		return nil
	}
	sr, err := d.data(e)
	if err != nil {
		x.members++
		x.Fail(p, err)
		return nil
	}
	if e.method == 0 && sr.Size() == 0 {
		// Empty: counted, nothing to read.
		x.members++
		x.res.Members = x.members
		x.scanned = true
		return nil
	}
	if e.method == 0 {
		// Stored: the member is a section of the archive, readable at
		// random in place. Its bytes count as produced.
		if err := x.Inflated(sr.Size()); err != nil {
			x.limitHit(fmt.Sprintf("max decompressed bytes per object (%d) reached at %s", x.Limits().MaxDecompressed, p))
			return nil
		}
		if lim := x.Limits().MaxMemberBytes; lim > 0 && sr.Size() > lim {
			x.limitHit(fmt.Sprintf("max decompressed bytes per member (%d) reached at %s", lim, p))
			sr = io.NewSectionReader(sr, 0, lim)
		} else if err := x.overallRatio(); err != nil {
			x.limitHit(err.Error())
			return nil
		}
		x.Member(ctx, p, sr, in.Depth+1)
		return nil
	}
	src := &countByteReader{r: bufio.NewReaderSize(sr, 32<<10)}
	dr, closer, reason := zipDecompressor(e.method, src)
	if reason != "" {
		x.members++
		x.Skip(p, reason)
		return nil
	}
	defer closer()
	z := x.inflate(dr, p, func() int64 { return src.n })
	x.Member(ctx, p, z, in.Depth+1)
	return nil
}

// zipStream reads a zip by its local headers, front to back, when its
// central directory cannot be had (truncated, or cut by a limit). It stops
// at the first member whose size it cannot know.
func zipStream(ctx context.Context, ra io.ReaderAt, size int64, in *Input, x *Extraction) error {
	var off int64
	for n := 0; off+30 <= size; n++ {
		if err := x.spent(ctx); err != nil {
			return err
		}
		var h [30]byte
		if _, err := ra.ReadAt(h[:], off); err != nil || binary.LittleEndian.Uint32(h[:]) != zipLocalSig {
			if n == 0 {
				return errNotZip
			}
			return nil
		}
		flags := binary.LittleEndian.Uint16(h[6:])
		method := binary.LittleEndian.Uint16(h[8:])
		csize := int64(binary.LittleEndian.Uint32(h[18:]))
		nameLen := int64(binary.LittleEndian.Uint16(h[26:]))
		extraLen := int64(binary.LittleEndian.Uint16(h[28:]))
		if off+30+nameLen > size {
			return nil
		}
		nb := make([]byte, nameLen)
		if _, err := ra.ReadAt(nb, off+30); err != nil {
			return nil
		}
		name := zipName(nb, flags)
		start := off + 30 + nameLen + extraLen
		if start > size {
			return nil
		}
		p := childPath(in, name)
		x.scanned = true
		if flags&8 != 0 && method == 8 {
			// Sizes follow the data: the deflate stream's end tells.
			src := &countByteReader{r: bufio.NewReaderSize(io.NewSectionReader(ra, start, size-start), 32<<10)}
			fr := flate.NewReader(src)
			z := x.inflate(fr, p, func() int64 { return src.n })
			if !strings.HasSuffix(name, "/") {
				x.Member(ctx, p, z, in.Depth+1)
			}
			io.Copy(io.Discard, z) // the rest, to find the end
			fr.Close()
			if z.hit != nil {
				return nil
			}
			off = start + src.n
			var sig [4]byte
			if _, err := ra.ReadAt(sig[:], off); err == nil && binary.LittleEndian.Uint32(sig[:]) == zipDescSig {
				off += 4
			}
			off += 12
			continue
		}
		if flags&8 != 0 {
			x.Partial(fmt.Sprintf("zip without central directory: cannot find the end of %s", p))
			return nil
		}
		e := &zipEntry{name: name, flags: flags, method: method, csize: uint64(csize), offset: uint64(off)}
		if !strings.HasSuffix(name, "/") {
			d := &zipDir{ra: ra, size: size}
			zipMember(ctx, d, e, in, x)
		}
		off = start + csize
	}
	return nil
}

// zipFormat tells a plain zip from the formats built on zip by the names
// of the entries in head (the local headers), then by extension.
func zipFormat(name string, head []byte) Format {
	for off := 0; off+30 <= len(head); {
		if binary.LittleEndian.Uint32(head[off:]) != zipLocalSig {
			break
		}
		flags := binary.LittleEndian.Uint16(head[off+6:])
		method := binary.LittleEndian.Uint16(head[off+8:])
		csize := int(binary.LittleEndian.Uint32(head[off+18:]))
		n := int(binary.LittleEndian.Uint16(head[off+26:]))
		e := int(binary.LittleEndian.Uint16(head[off+28:]))
		if off+30+n > len(head) {
			break
		}
		entry := string(head[off+30 : off+30+n])
		data := off + 30 + n + e
		switch {
		case entry == "mimetype" && method == 0 && data < len(head):
			n := csize
			if n == 0 || n > 100 {
				n = 100 // sizes after the data
			}
			mt := string(head[data:min(len(head), data+n)])
			switch {
			case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.text"):
				return "odt"
			case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.spreadsheet"):
				return "ods"
			case strings.HasPrefix(mt, "application/vnd.oasis.opendocument.presentation"):
				return "odp"
			}
		case strings.HasPrefix(entry, "word/"):
			return "docx"
		case strings.HasPrefix(entry, "xl/"):
			return "xlsx"
		case strings.HasPrefix(entry, "ppt/"):
			return "pptx"
		case entry == "META-INF/MANIFEST.MF":
			return "jar"
		}
		if data > len(head) {
			break
		}
		if flags&8 != 0 {
			// Sizes after the data: look for the next local header.
			i := bytes.Index(head[data:], []byte("PK\x03\x04"))
			if i < 0 {
				break
			}
			off = data + i
			continue
		}
		off = data + csize
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".docx", ".docm", ".dotx", ".dotm":
		return "docx"
	case ".xlsx", ".xlsm", ".xltx", ".xltm":
		return "xlsx"
	case ".pptx", ".pptm", ".potx", ".ppsx":
		return "pptx"
	case ".odt", ".ott":
		return "odt"
	case ".ods", ".ots":
		return "ods"
	case ".odp", ".otp":
		return "odp"
	case ".jar", ".war", ".ear", ".apk", ".aar":
		return "jar"
	}
	return "zip"
}

// isTar recognizes a pre-POSIX tar (no "ustar" magic) by its extension
// and its header checksum.
func isTar(name string, head []byte) bool {
	if strings.ToLower(path.Ext(name)) != ".tar" || len(head) < 512 {
		return false
	}
	var sum int64
	for i, c := range head[:512] {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	field := strings.Trim(string(head[148:156]), " \x00")
	var want int64
	for _, c := range field {
		if c < '0' || c > '7' {
			return false
		}
		want = want*8 + int64(c-'0')
	}
	return field != "" && want == sum
}
