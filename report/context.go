package report

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dredge-dev/dredge/posture"
)

// BucketPosture is one bucket's exposure and encryption, as the posture
// check records it (--posture: a JSON document per bucket, JSON Lines, an
// array, or a folder of them).
type BucketPosture struct {
	Bucket string `json:"bucket"`
	// Exposure is public, shared, private or unknown. When empty it is
	// derived from Public and Shared.
	Exposure string   `json:"exposure"`
	Public   *bool    `json:"public,omitempty"`
	Shared   *bool    `json:"shared,omitempty"`
	Reasons  []string `json:"reasons,omitempty"`
	// Encryption is the bucket's default encryption: SSE-S3, SSE-KMS,
	// aws:kms, AES256, ... or none.
	Encryption string `json:"encryption"`
	CheckedAt  string `json:"checked_at,omitempty"`
	// Objects is the object-level check of the posture package: objects
	// looked at and those stored without server-side encryption.
	Objects *ObjectEncryption `json:"objects,omitempty"`
}

// ObjectEncryption counts objects checked for server-side encryption.
type ObjectEncryption struct {
	Checked     int `json:"checked"`
	Unencrypted int `json:"unencrypted"`
	// Source: "scans" (counted during scans) or "head" (the posture
	// check's HEAD sample); empty in documents from elsewhere.
	Source string `json:"source,omitempty"`
}

// FromPosture summarises a posture package report.
func FromPosture(r *posture.Report) BucketPosture {
	p := BucketPosture{Bucket: r.Bucket, Exposure: r.Exposure, Public: &r.Public, Shared: &r.Shared, Reasons: r.Reasons,
		Encryption: r.EncryptionSummary, CheckedAt: r.CheckedAt}
	switch {
	case r.ScanSSE != nil && r.ScanSSE.Checked > 0:
		// Counted during scans: every scanned object, not a sample.
		p.Objects = &ObjectEncryption{Checked: int(r.ScanSSE.Checked), Unencrypted: int(r.ScanSSE.Unencrypted), Source: posture.SSEFromScans}
	case r.Objects != nil:
		p.Objects = &ObjectEncryption{Checked: r.Objects.Checked, Unencrypted: r.Objects.Unencrypted, Source: posture.SSEFromHead}
	}
	return p
}

// ReadPostureStore reads every report of a posture store (the one beside a
// results store).
func ReadPostureStore(ctx context.Context, st *posture.Store) (map[string]BucketPosture, error) {
	out := map[string]BucketPosture{}
	err := st.List(ctx, func(r *posture.Report) error {
		out[r.Bucket] = FromPosture(r)
		return nil
	})
	return out, err
}

// exposure normalises Exposure to public, shared, private or unknown.
func (p *BucketPosture) exposure() string {
	switch e := strings.ToLower(strings.TrimSpace(p.Exposure)); e {
	case "public", "shared", "private":
		return e
	case "":
	default:
		if strings.Contains(e, "public") {
			return "public"
		}
		if strings.Contains(e, "shared") || strings.Contains(e, "cross") || strings.Contains(e, "authenticated") {
			return "shared"
		}
		return "unknown"
	}
	if p.Public != nil && *p.Public {
		return "public"
	}
	if p.Shared != nil && *p.Shared {
		return "shared"
	}
	if p.Public != nil || p.Shared != nil {
		return "private"
	}
	return "unknown"
}

// encryptionStatus is encrypted, unencrypted or unknown.
func encryptionStatus(enc string) string {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "", "unknown", "n/a":
		return "unknown"
	case "none", "off", "disabled", "false", "unencrypted", "no":
		return "unencrypted"
	}
	return "encrypted"
}

// ReadPosture reads posture documents from a file or folder (JSON, JSON
// Lines, or the posture store's *.posture reports).
func ReadPosture(path string) (map[string]BucketPosture, error) {
	out := map[string]BucketPosture{}
	err := eachJSON(path, func(where string, raw json.RawMessage) error {
		var wrap struct {
			Buckets []BucketPosture `json:"buckets"`
		}
		if json.Unmarshal(raw, &wrap) == nil && wrap.Buckets != nil {
			for _, p := range wrap.Buckets {
				if p.Bucket != "" {
					out[p.Bucket] = p
				}
			}
			return nil
		}
		var p BucketPosture
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if p.Bucket != "" {
			out[p.Bucket] = p // the latest document of a bucket wins
		}
		return nil
	})
	return out, err
}

// eachJSON calls fn for every JSON value in a file (JSON Lines, a stream,
// or an array) or in every *.json/*.jsonl file under a folder.
func eachJSON(path string, fn func(where string, raw json.RawMessage) error) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return eachJSONFile(path, fn)
	}
	return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".json", ".jsonl", ".ndjson", ".posture":
			return eachJSONFile(p, fn)
		}
		return nil
	})
}

func eachJSONFile(path string, fn func(string, json.RawMessage) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		b, err := br.Peek(1)
		if err != nil {
			return nil
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
			br.ReadByte()
			continue
		}
		break
	}
	dec := json.NewDecoder(br)
	first, _ := br.Peek(1)
	array := len(first) == 1 && first[0] == '['
	if array {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	for n := 1; !array || dec.More(); n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) && !array {
				return nil
			}
			return fmt.Errorf("%s: document %d: %w", path, n, err)
		}
		if err := fn(fmt.Sprintf("%s: document %d", path, n), raw); err != nil {
			return err
		}
	}
	return nil
}
