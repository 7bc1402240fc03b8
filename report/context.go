package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

// AuditEntry is one line of the remediation audit log (append-only JSON
// Lines). Later entries for the same action, bucket and object supersede
// earlier ones.
type AuditEntry struct {
	Time    string `json:"time"`
	Action  string `json:"action"`
	Bucket  string `json:"bucket"`
	Key     string `json:"key"`
	Object  string `json:"object"`
	Rule    string `json:"rule"`
	DryRun  bool   `json:"dry_run"`
	Status  string `json:"status"`
	Outcome string `json:"outcome"`
	Error   string `json:"error"`
	Detail  string `json:"detail"`
}

// state is taken, pending or failed.
func (e *AuditEntry) state() string {
	s := strings.ToLower(strings.TrimSpace(e.Status))
	if s == "" {
		s = strings.ToLower(strings.TrimSpace(e.Outcome))
	}
	switch s {
	case "failed", "error", "failure":
		return "failed"
	case "pending", "planned", "proposed", "queued", "dry-run", "dry_run", "dryrun", "would":
		return "pending"
	}
	if e.Error != "" {
		return "failed"
	}
	if e.DryRun {
		return "pending"
	}
	return "taken"
}

// ReadPosture reads posture documents from a file or folder.
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

// ReadAudit reads an audit log (file or folder of JSON Lines).
func ReadAudit(path string, fn func(*AuditEntry) error) error {
	return eachJSON(path, func(where string, raw json.RawMessage) error {
		var e AuditEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if e.Action == "" {
			return nil
		}
		return fn(&e)
	})
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
		case ".json", ".jsonl", ".ndjson":
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
