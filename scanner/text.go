package scanner

import (
	"bufio"
	"context"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// decodeText turns UTF-16 (by BOM) into UTF-8 and drops a UTF-8 BOM.
// Other bytes pass unchanged: the engine matches in Latin-1 mode, so
// Windows-1252 and invalid UTF-8 never stop it.
func decodeText(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	head, _ := br.Peek(3)
	switch {
	case len(head) >= 2 && head[0] == 0xff && head[1] == 0xfe:
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case len(head) >= 2 && head[0] == 0xfe && head[1] == 0xff:
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	case len(head) >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf:
		br.Discard(3)
	}
	return br
}

func extractText(ctx context.Context, r io.Reader, in *Input, x *Extraction) error {
	return x.Text(ctx, decodeText(r), in.Loc)
}
