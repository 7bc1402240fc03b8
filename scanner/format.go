package scanner

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/dredge-dev/dredge/classifiers"
)

// Format names a content type the scanner knows.
type Format string

// Input is one object or member handed to a format handler.
type Input struct {
	Name   string
	Format Format
	Depth  int
	// Loc is the base location of everything found inside (member path).
	Loc classifiers.Location
	// At, if not nil, reads the same bytes at random (a local file, a
	// stored archive member), Size long; formats that need random access
	// use it instead of spooling the stream.
	At   io.ReaderAt
	Size int64
}

// Handler extracts the text of one format and reports it into x.
type Handler func(ctx context.Context, r io.Reader, in *Input, x *Extraction) error

// handlers is the format registry: one line per format. It is filled in
// init because container formats (archives, e-mail) call back into the
// registry for their members.
var handlers map[Format]Handler

func init() {
	handlers = map[Format]Handler{
		"text":    extractText,
		"csv":     extractCSV,
		"tsv":     extractCSV,
		"json":    extractJSON,
		"jsonl":   extractJSON,
		"xml":     extractXML,
		"html":    extractHTML,
		"eml":     extractEmail,
		"gzip":    extractGzip,
		"bzip2":   extractBzip2,
		"xz":      extractXz,
		"zstd":    extractZstd,
		"tar":     extractTar,
		"zip":     extractZip,
		"jar":     extractZip,
		"docx":    extractOffice,
		"xlsx":    extractOffice,
		"pptx":    extractOffice,
		"odt":     extractOffice,
		"ods":     extractOffice,
		"odp":     extractOffice,
		"ole":     extractOLE,
		"pdf":     extractPDF,
		"parquet": extractParquet,
		"avro":    extractAvro,
	}
}

const sniffLen = 8 << 10

func peek(r io.Reader, n int) (io.Reader, []byte, error) {
	br := bufio.NewReaderSize(r, n)
	// A read error is not returned here: the bufio.Reader hands it to the
	// handler after the bytes it did read, so those are still scanned.
	head, _ := br.Peek(n)
	return br, head, nil
}

// magic numbers of formats that are never read as text (or that another
// handler reads).
var magics = []struct {
	off    int
	prefix string
	format Format
}{
	{0, "\x89PNG\r\n\x1a\n", "png"},
	{0, "\xff\xd8\xff", "jpeg"},
	{0, "GIF87a", "gif"},
	{0, "GIF89a", "gif"},
	{0, "II*\x00", "tiff"},
	{0, "MM\x00*", "tiff"},
	{0, "BM", "bmp"},
	{0, "%PDF-", "pdf"},
	{0, "PK\x03\x04", "zip"},
	{0, "PK\x05\x06", "zip"},
	{0, "\x1f\x8b", "gzip"},
	{0, "BZh", "bzip2"},
	{0, "\xfd7zXZ\x00", "xz"},
	{0, "\x28\xb5\x2f\xfd", "zstd"},
	{257, "ustar", "tar"},
	{0, "7z\xbc\xaf\x27\x1c", "7z"},
	{0, "Rar!\x1a\x07", "rar"},
	{0, "\x7fELF", "elf"},
	{0, "MZ", "exe"},
	{0, "\xca\xfe\xba\xbe", "java-class"},
	{0, "\xcf\xfa\xed\xfe", "macho"},
	{0, "PAR1", "parquet"},
	{0, "Obj\x01", "avro"},
	{0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"},
	{0, "SQLite format 3\x00", "sqlite"},
	{0, "ID3", "mp3"},
	{0, "OggS", "ogg"},
	{0, "fLaC", "flac"},
	{0, "RIFF", "riff"},
	{0, "\x1a\x45\xdf\xa3", "matroska"},
	{4, "ftyp", "mp4"},
	{0, "\x00\x00\x01\xba", "mpeg"},
	{0, "wOFF", "woff"},
	{0, "wOF2", "woff"},
	{0, "\x00asm", "wasm"},
}

// Detect names the format of an object from its first bytes, then its
// name.
func Detect(name string, head []byte) Format {
	for _, m := range magics {
		if len(head) >= m.off+len(m.prefix) && string(head[m.off:m.off+len(m.prefix)]) == m.prefix {
			if m.format == "bmp" || m.format == "exe" {
				// Two-byte magics: only with a matching extension.
				ext := strings.ToLower(path.Ext(name))
				if !(m.format == "bmp" && ext == ".bmp" || m.format == "exe" && (ext == ".exe" || ext == ".dll")) {
					continue
				}
			}
			if m.format == "zip" {
				return zipFormat(name, head)
			}
			return m.format
		}
	}
	if isTar(name, head) {
		return "tar"
	}
	if hasUTF16BOM(head) {
		return textFormat(name, nil)
	}
	if !looksText(head) {
		return "binary"
	}
	return textFormat(name, head)
}

func hasUTF16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff)
}

// looksText: no NUL bytes and few control characters.
func looksText(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	ctl := 0
	for _, c := range b {
		if c == 0 {
			return false
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctl++
		}
	}
	if ctl*100 > len(b) {
		return false
	}
	if !utf8.Valid(b) {
		// Latin-1 / Windows-1252 text is still text; a binary blob has
		// far more high bytes.
		high := 0
		for _, c := range b {
			if c >= 0x80 {
				high++
			}
		}
		return high*10 < len(b)*3
	}
	return true
}

// textFormat picks the structured text format by extension, then by
// content.
func textFormat(name string, head []byte) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return "csv"
	case ".tsv", ".tab":
		return "tsv"
	case ".json", ".geojson":
		return "json"
	case ".jsonl", ".ndjson", ".jsonlines":
		return "jsonl"
	case ".xml", ".xsd", ".xsl", ".xslt", ".svg", ".rss", ".atom", ".plist", ".xaml", ".csproj", ".resx", ".kml", ".gpx":
		return "xml"
	case ".html", ".htm", ".xhtml", ".shtml":
		return "html"
	case ".eml", ".mht", ".mhtml":
		return "eml"
	}
	if head == nil {
		return "text"
	}
	if f := markupFormat(head); f != "" {
		return f
	}
	if isEmail(head) {
		return "eml"
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if looksJSON(t) {
		// One object per line is JSON Lines; an object on the first line
		// followed by lines that are not objects is text that happens to
		// start with JSON (a log), not a malformed JSON document.
		lines := bytes.Split(t, []byte{'\n'})
		if len(t) >= sniffLen-8 && len(lines) > 1 {
			lines = lines[:len(lines)-1] // the last one may be cut
		}
		first := bytes.TrimSpace(lines[0])
		if t[0] == '{' && len(lines) >= 2 && len(first) > 1 && first[len(first)-1] == '}' {
			for _, l := range lines[1:] {
				l = bytes.TrimSpace(l)
				if len(l) > 0 && (l[0] != '{' || l[len(l)-1] != '}') {
					return "text"
				}
			}
			return "jsonl"
		}
		return "json"
	}
	if d := sniffDelimiter(head); d == '\t' {
		return "tsv"
	} else if d != 0 {
		return "csv"
	}
	return "text"
}

// sniffDelimiter returns ',', ';', '|' or '\t' when at least three whole
// lines of head have the same non-zero count of it, else 0.
func sniffDelimiter(head []byte) byte {
	lines := bytes.Split(head, []byte{'\n'})
	if len(lines) > 1 && len(head) == sniffLen {
		lines = lines[:len(lines)-1] // the last one may be cut
	}
	var full [][]byte
	for _, l := range lines {
		if len(bytes.TrimSpace(l)) > 0 {
			full = append(full, l)
		}
	}
	if len(full) < 3 {
		return 0
	}
	for _, d := range []byte{'\t', ',', ';', '|'} {
		n := bytes.Count(full[0], []byte{d})
		if n == 0 {
			continue
		}
		same := true
		for _, l := range full[1:] {
			if bytes.Count(l, []byte{d}) != n {
				same = false
				break
			}
		}
		if same {
			return d
		}
	}
	return 0
}

// looksJSON: an object or array whose first member starts like a JSON
// value or key, so that an INI section such as [default] is not JSON.
func looksJSON(t []byte) bool {
	if len(t) == 0 || t[0] != '{' && t[0] != '[' {
		return false
	}
	rest := bytes.TrimLeft(t[1:], " \t\r\n")
	if len(rest) == 0 {
		return true
	}
	switch c := rest[0]; {
	case t[0] == '{':
		return c == '"' || c == '}'
	case c == '"' || c == '{' || c == '[' || c == ']' || c == '-' || c >= '0' && c <= '9':
		return true
	case bytes.HasPrefix(rest, []byte("true")) || bytes.HasPrefix(rest, []byte("false")) || bytes.HasPrefix(rest, []byte("null")):
		return true
	}
	return false
}
