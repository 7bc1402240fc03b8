package scanner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/hamba/avro/v2"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"

	"github.com/dredge-dev/dredge/classifiers"
)

// Parquet and Avro: every string and number value is located by its
// record (1-based) and its column or field path (`address.zip`), and every
// name of the path is context for it. Values of one record sit on one line
// (the line is the record number), separated by tabs.

// columnarMaxValue bounds one value kept for scanning.
const columnarMaxValue = 16 << 20

func extractParquet(ctx context.Context, r io.Reader, in *Input, x *Extraction) (err error) {
	ra, size, done, err := randomAccess(ctx, in, r)
	if err != nil {
		return err
	}
	defer done()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parquet: reader failure: %v", p)
		}
	}()
	f, err := parquet.OpenFile(ra, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	cols := f.Schema().Columns()
	names := make([]string, len(cols))
	keys := make([][]string, len(cols))
	for i, c := range cols {
		names[i] = strings.Join(c, ".")
		keys[i] = c
	}
	e := newEmitter(ctx, x, in.Loc)
	defer e.close()
	x.scanned = true
	record := 0
	rows := make([]parquet.Row, 128)
	var num []byte
	for _, rg := range f.RowGroups() {
		rr := rg.Rows()
		for {
			if err := x.spent(ctx); err != nil {
				rr.Close()
				return err
			}
			n, err := rr.ReadRows(rows)
			for _, row := range rows[:n] {
				record++
				e.padLines(record)
				produced := 0
				for _, v := range row {
					c := v.Column()
					if v.IsNull() || c < 0 || c >= len(cols) {
						continue
					}
					var b []byte
					switch v.Kind() {
					case parquet.ByteArray, parquet.FixedLenByteArray:
						b = v.ByteArray()
						if len(b) > columnarMaxValue {
							b = b[:columnarMaxValue]
						}
					case parquet.Int32:
						num = strconv.AppendInt(num[:0], int64(v.Int32()), 10)
						b = num
					case parquet.Int64:
						num = strconv.AppendInt(num[:0], v.Int64(), 10)
						b = num
					case parquet.Double:
						b = appendFloat(num[:0], v.Double())
						num = b
					case parquet.Float:
						b = appendFloat(num[:0], float64(v.Float()))
						num = b
					default:
						continue
					}
					if len(b) == 0 {
						continue
					}
					produced += len(b) + 1
					e.value(b, classifiers.Location{Record: record, Column: names[c]}, keys[c], '\t')
				}
				if err := x.Inflated(int64(produced)); err != nil {
					rr.Close()
					return limitf("max decompressed bytes per object (%d) reached", x.Limits().MaxDecompressed)
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				rr.Close()
				if record == 0 {
					return fmt.Errorf("parquet: %w", err)
				}
				x.Fail(fmt.Sprintf("%s record %d", what(in), record+1), fmt.Errorf("parquet: %w", err))
				return nil
			}
		}
		rr.Close()
	}
	return nil
}

func appendFloat(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e18 {
		return strconv.AppendInt(b, int64(f), 10)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// Avro object container files are framed here (header, then blocks of
// records with their byte size), so no declared size is trusted before the
// bytes are there; hamba/avro decodes the records of each block.

const (
	avroMaxBlock  = 64 << 20
	avroMaxHeader = 16 << 20
)

type avroReader struct {
	r   *bufio.Reader
	err error
}

func (a *avroReader) long() int64 {
	v, err := binary.ReadVarint(a.r)
	if err != nil && a.err == nil {
		a.err = err
	}
	return v
}

// bytes reads a length-prefixed value of at most max bytes, growing the
// buffer only as the data arrives.
func (a *avroReader) bytes(max int64) []byte {
	n := a.long()
	if a.err != nil {
		return nil
	}
	if n < 0 || n > max {
		a.err = fmt.Errorf("invalid length %d", n)
		return nil
	}
	var buf bytes.Buffer
	if k, err := io.CopyN(&buf, a.r, n); err != nil || k != n {
		a.err = io.ErrUnexpectedEOF
		return nil
	}
	return buf.Bytes()
}

func extractAvro(ctx context.Context, r io.Reader, in *Input, x *Extraction) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("avro: reader failure: %v", p)
		}
	}()
	a := &avroReader{r: bufio.NewReaderSize(r, 64<<10)}
	var magic [4]byte
	if _, err := io.ReadFull(a.r, magic[:]); err != nil || string(magic[:]) != "Obj\x01" {
		return errors.New("avro: not an object container file")
	}
	meta := map[string][]byte{}
	size := 0
	for {
		n := a.long()
		if n == 0 || a.err != nil {
			break
		}
		if n < 0 {
			n = -n
			a.long() // the block's byte size
		}
		for i := int64(0); i < n && a.err == nil; i++ {
			k := a.bytes(avroMaxHeader)
			v := a.bytes(avroMaxHeader)
			size += len(k) + len(v)
			if size > avroMaxHeader {
				return errors.New("avro: header too large")
			}
			meta[string(k)] = v
		}
	}
	var sync [16]byte
	if a.err == nil {
		_, a.err = io.ReadFull(a.r, sync[:])
	}
	if a.err != nil {
		return fmt.Errorf("avro: header: %w", a.err)
	}
	schema, err := avro.ParseBytesWithCache(meta["avro.schema"], "", &avro.SchemaCache{})
	if err != nil {
		return fmt.Errorf("avro: schema: %w", err)
	}
	codec := string(meta["avro.codec"])
	api := avro.Config{MaxByteSliceSize: columnarMaxValue, MaxSliceAllocSize: 1 << 20}.Freeze()
	e := newEmitter(ctx, x, in.Loc)
	defer e.close()
	x.scanned = true
	var zd *zstd.Decoder
	if codec == "zstandard" {
		zd, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(avroMaxBlock))
		if err != nil {
			return fmt.Errorf("avro: %w", err)
		}
		defer zd.Close()
	}
	record := 0
	for block := 0; ; block++ {
		if err := x.spent(ctx); err != nil {
			return err
		}
		if _, err := a.r.Peek(1); err == io.EOF {
			return nil
		}
		count := a.long()
		data := a.bytes(avroMaxBlock)
		var s [16]byte
		if a.err == nil {
			_, a.err = io.ReadFull(a.r, s[:])
			if a.err == nil && s != sync {
				a.err = errors.New("bad sync marker")
			}
		}
		if a.err != nil {
			if x.limitHits > 0 {
				return nil
			}
			err := fmt.Errorf("avro: block %d: %w", block+1, a.err)
			if record == 0 {
				return err
			}
			x.Fail(what(in), err)
			return nil
		}
		if count < 0 {
			return fmt.Errorf("avro: block %d: invalid record count %d", block+1, count)
		}
		var raw []byte
		switch codec {
		case "", "null":
			raw = data
		case "deflate":
			raw, err = readAllLimit(flate.NewReader(bytes.NewReader(data)), avroMaxBlock*4)
		case "snappy":
			if len(data) < 4 {
				err = errors.New("short snappy block")
			} else if n, derr := s2.DecodedLen(data[:len(data)-4]); derr != nil || n > avroMaxBlock*4 {
				err = fmt.Errorf("snappy block of %d bytes", n)
			} else {
				raw, err = s2.Decode(nil, data[:len(data)-4])
			}
		case "zstandard":
			if err = zd.Reset(bytes.NewReader(data)); err == nil {
				raw, err = readAllLimit(zd, avroMaxBlock*4)
			}
		default:
			x.Skip(what(in), "avro codec "+codec+" is not supported")
			return nil
		}
		if err != nil {
			x.Fail(fmt.Sprintf("%s block %d", what(in), block+1), fmt.Errorf("avro: %w", err))
			continue
		}
		if err := x.Inflated(int64(len(raw))); err != nil {
			return limitf("max decompressed bytes per object (%d) reached", x.Limits().MaxDecompressed)
		}
		dec := api.NewDecoder(schema, bytes.NewReader(raw))
		for i := int64(0); i < count; i++ {
			var v any
			if err := dec.Decode(&v); err != nil {
				x.Fail(fmt.Sprintf("%s record %d", what(in), record+1), fmt.Errorf("avro: %w", err))
				break
			}
			record++
			e.padLines(record)
			avroWalk(e, v, record, nil, 0)
		}
	}
}

func readAllLimit(r io.Reader, max int64) ([]byte, error) {
	if max == 0 {
		return nil, nil
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, fmt.Errorf("block larger than %d bytes decompressed", max)
	}
	return buf.Bytes(), nil
}

// avroWalk reports the scalar values of a decoded record with their field
// path.
func avroWalk(e *emitter, v any, record int, path []string, depth int) {
	if depth > 64 {
		return
	}
	emit := func(b []byte) {
		if len(b) == 0 {
			return
		}
		keys := append([]string(nil), path...)
		e.value(b, classifiers.Location{Record: record, Column: strings.Join(path, ".")}, keys, '\t')
	}
	switch t := v.(type) {
	case map[string]any:
		ks := make([]string, 0, len(t))
		for k := range t {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			avroWalk(e, t[k], record, append(path[:len(path):len(path)], k), depth+1)
		}
	case []any:
		for _, it := range t {
			avroWalk(e, it, record, path, depth+1)
		}
	case string:
		emit([]byte(t))
	case []byte:
		emit(t)
	case int:
		emit(strconv.AppendInt(nil, int64(t), 10))
	case int32:
		emit(strconv.AppendInt(nil, int64(t), 10))
	case int64:
		emit(strconv.AppendInt(nil, t, 10))
	case float32:
		emit(appendFloat(nil, float64(t)))
	case float64:
		emit(appendFloat(nil, t))
	case fmt.Stringer:
		emit([]byte(t.String()))
	}
}
