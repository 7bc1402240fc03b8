package corpus

import (
	"bytes"
	"encoding/binary"
	"hash/fnv"

	"github.com/hamba/avro/v2"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// Columnar formats: Parquet through parquet-go with a fixed created_by,
// Avro object container files framed here (hamba/avro's OCF encoder
// draws a random sync marker and writes its metadata map in map order),
// with records encoded by hamba/avro.

// parquetBytes writes rows (a slice of structs) as a Parquet file.
func parquetBytes[T any](rows []T, codec compress.Codec) []byte {
	var b bytes.Buffer
	opts := []parquet.WriterOption{parquet.CreatedBy("dredge-corpus", "1.0.0", "0"), parquet.MaxRowsPerRowGroup(6)}
	if codec != nil {
		opts = append(opts, parquet.Compression(codec))
	}
	if err := parquet.Write(&b, rows, opts...); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func avroLong(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

func avroBytes(b []byte, v []byte) []byte { return append(avroLong(b, int64(len(v))), v...) }

// avroOCF writes an Avro object container file: the header (magic,
// metadata with the schema and codec, sync marker), then blocks of at most
// perBlock records. codec is "null" or "deflate". The sync marker is
// derived from id.
func avroOCF(id, schemaJSON, codec string, perBlock int, recs []any) []byte {
	schema := avro.MustParse(schemaJSON)
	h := fnv.New128a()
	h.Write([]byte(id))
	sync := h.Sum(nil)
	var out []byte
	out = append(out, "Obj\x01"...)
	out = avroLong(out, 2)
	out = avroBytes(out, []byte("avro.codec"))
	out = avroBytes(out, []byte(codec))
	out = avroBytes(out, []byte("avro.schema"))
	out = avroBytes(out, []byte(schema.String()))
	out = avroLong(out, 0)
	out = append(out, sync...)
	for start := 0; start < len(recs); start += perBlock {
		end := min(start+perBlock, len(recs))
		var data []byte
		for _, r := range recs[start:end] {
			b, err := avro.Marshal(schema, r)
			if err != nil {
				panic(err)
			}
			data = append(data, b...)
		}
		if codec == "deflate" {
			data = deflateBytes(data)
		}
		out = avroLong(out, int64(end-start))
		out = avroBytes(out, data)
		out = append(out, sync...)
	}
	return out
}
