package remediate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/encrypt"
	"github.com/minio/minio-go/v7/pkg/sse"
	"github.com/minio/minio-go/v7/pkg/tags"

	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/scanner"
)

// ---- helpers ----

func isGone(err error) bool {
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NoSuchVersion" || code == "NotFound" ||
		minio.ToErrorResponse(err).StatusCode == 404 && code != "NoSuchBucket"
}

// statCurrent HEADs the object's current version.
func statCurrent(ctx context.Context, cl *minio.Client, bucket, key string) (minio.ObjectInfo, bool, error) {
	info, err := cl.StatObject(ctx, bucket, key, minio.StatObjectOptions{})
	if err != nil {
		if isGone(err) {
			return info, false, nil
		}
		return info, false, posture.Call("HeadObject", bucket, key, err)
	}
	return info, true, nil
}

// staleReason says why an object no longer is the version that was
// scanned, or "".
func staleReason(e *Engine, t *Target, info minio.ObjectInfo) string {
	if t == nil || t.ETag == "" {
		return ""
	}
	if v, ok := e.rw().Load(t.Bucket + "/" + t.Key); ok && v.(string) == scanner.TrimETag(info.ETag) {
		return "" // re-encrypted by this run: same content
	}
	if scanner.TrimETag(info.ETag) != scanner.TrimETag(t.ETag) {
		return "the object changed since it was scanned (ETag " + scanner.TrimETag(info.ETag) + ", scanned " + scanner.TrimETag(t.ETag) + "): rescan it first"
	}
	return ""
}

func sha256Of(ctx context.Context, cl *minio.Client, bucket, key, versionID, etag string) (string, int64, error) {
	opts := minio.GetObjectOptions{VersionID: versionID}
	if etag != "" {
		if err := opts.SetMatchETag(etag); err != nil {
			return "", 0, err
		}
	}
	rc, _, _, err := minio.Core{Client: cl}.GetObject(ctx, bucket, key, opts)
	if err != nil {
		return "", 0, posture.Call("GetObject", bucket, key, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", 0, posture.Call("GetObject", bucket, key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func versioned(v string) string {
	if v == "null" {
		return ""
	}
	return v
}

func objTags(ctx context.Context, cl *minio.Client, bucket, key, version string) (map[string]string, error) {
	t, err := cl.GetObjectTagging(ctx, bucket, key, minio.GetObjectTaggingOptions{VersionID: versioned(version)})
	if err != nil {
		return nil, posture.Call("GetObjectTagging", bucket, key, err)
	}
	return t.ToMap(), nil
}

func putTags(ctx context.Context, cl *minio.Client, bucket, key, version string, m map[string]string) error {
	if len(m) == 0 {
		return posture.Call("PutObjectTagging", bucket, key,
			cl.RemoveObjectTagging(ctx, bucket, key, minio.RemoveObjectTaggingOptions{VersionID: versioned(version)}))
	}
	t, err := tags.NewTags(m, true)
	if err != nil {
		return fmt.Errorf("tags of s3://%s/%s: %w", bucket, key, err)
	}
	return posture.Call("PutObjectTagging", bucket, key,
		cl.PutObjectTagging(ctx, bucket, key, t, minio.PutObjectTaggingOptions{VersionID: versioned(version)}))
}

// ---- tag ----

type tagAction struct{}

type tagState struct {
	Tags map[string]string `json:"tags"`
}

func tagKV(s *Step) (string, string) {
	k := s.Action.Key
	if k == "" {
		k = "dredge-classification"
	}
	v := s.Action.Value
	if v == "" && s.target != nil {
		var cats []string
		for c, n := range s.target.Categories {
			if n > 0 {
				cats = append(cats, c)
			}
		}
		sort.Strings(cats)
		v = strings.Join(cats, "+")
	}
	if v == "" {
		v = "sensitive"
	}
	return k, v
}

func (tagAction) inspect(ctx context.Context, e *Engine, s *Step) (change, error) {
	info, ok, err := statCurrent(ctx, e.Client, s.Bucket, s.Key)
	if err != nil {
		return change{}, err
	}
	if !ok {
		return change{state: StateSkip, summary: "object no longer exists"}, nil
	}
	if why := staleReason(e, s.target, info); why != "" {
		return change{state: StateSkip, summary: why}, nil
	}
	cur, err := objTags(ctx, e.Client, s.Bucket, s.Key, info.VersionID)
	if err != nil {
		return change{}, err
	}
	k, v := tagKV(s)
	if cur[k] == v {
		return change{state: StateNoop, summary: "already tagged " + k + "=" + v}, nil
	}
	after := cloneMap(cur)
	after[k] = v
	if len(after) > 10 {
		return change{}, fmt.Errorf("s3://%s/%s already has 10 tags: no room for %s", s.Bucket, s.Key, k)
	}
	return change{state: StateChange, summary: "tag " + k + "=" + v, before: tagState{cur}, after: tagState{after}}, nil
}

func (a tagAction) apply(ctx context.Context, e *Engine, s *Step) (change, error) {
	c, err := a.inspect(ctx, e, s)
	if err != nil || c.state != StateChange {
		return c, err
	}
	if err := putTags(ctx, e.Client, s.Bucket, s.Key, "", c.after.(tagState).Tags); err != nil {
		return change{}, err
	}
	return c, nil
}

func (tagAction) undo(ctx context.Context, e *Engine, en *Entry, force bool) (change, error) {
	var before, after tagState
	if err := json.Unmarshal(en.Before, &before); err != nil {
		return change{}, err
	}
	if err := json.Unmarshal(en.After, &after); err != nil {
		return change{}, err
	}
	cur, err := objTags(ctx, e.Client, en.Bucket, en.Key, "")
	if err != nil {
		return change{}, err
	}
	// Revert only the keys the action set, keeping tags set since.
	want := cloneMap(cur)
	for k, v := range after.Tags {
		if before.Tags[k] == v {
			continue
		}
		if cur[k] != v && !force {
			return change{}, fmt.Errorf("tag %s of s3://%s/%s changed since the action (now %q): --force to revert anyway", k, en.Bucket, en.Key, cur[k])
		}
		if old, ok := before.Tags[k]; ok {
			want[k] = old
		} else {
			delete(want, k)
		}
	}
	if err := putTags(ctx, e.Client, en.Bucket, en.Key, "", want); err != nil {
		return change{}, err
	}
	return change{state: StateChange, before: tagState{cur}, after: tagState{want}}, nil
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// ---- quarantine ----

// Provenance metadata on quarantined copies.
const (
	metaSource   = "Dredge-Source"
	metaETag     = "Dredge-Source-Etag"
	metaVersion  = "Dredge-Source-Version"
	metaSHA256   = "Dredge-Sha256"
	metaWhen     = "Dredge-Quarantined-At"
	metaRule     = "Dredge-Rule"
	quarantineTg = "dredge-quarantined"
	lockdownSid  = "DredgeQuarantineLockdown"
)

type quarantineAction struct{}

// quarantineState is the audit record of a quarantine.
type quarantineState struct {
	Object     string `json:"object"`
	ETag       string `json:"etag,omitempty"`
	Version    string `json:"version_id,omitempty"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256,omitempty"`
	Quarantine string `json:"quarantine,omitempty"` // s3://qbucket/key
	QVersion   string `json:"quarantine_version_id,omitempty"`
	Original   string `json:"original,omitempty"` // present, deleted, locked
	// Versioned buckets: deleting the scanned version leaves the key's
	// other versions, and the newest of them is served at the key again.
	// They were not scanned as this one was; the audit record says so.
	OtherVersions int    `json:"other_versions,omitempty"`
	KeyServes     string `json:"key_now_serves_version,omitempty"`
	VersionsNote  string `json:"versions_note,omitempty"`
}

func quarantineDest(s *Step, cfg *rules.Config) (string, string) {
	b := s.Action.Bucket
	if b == "" {
		b = cfg.QuarantineBucket
	}
	return b, s.Bucket + "/" + s.Key
}

func meta(info minio.ObjectInfo, k string) string {
	for mk, v := range info.UserMetadata {
		if strings.EqualFold(mk, k) || strings.EqualFold(mk, "X-Amz-Meta-"+k) {
			return v
		}
	}
	return info.Metadata.Get("X-Amz-Meta-" + k)
}

func sourceURI(bucket, key string) string { return "s3://" + bucket + "/" + url.PathEscape(key) }

// copyMatches: is dest a verified-looking copy of the source version?
func copyMatches(dest minio.ObjectInfo, bucket, key, etag string) bool {
	return meta(dest, metaSource) == sourceURI(bucket, key) && meta(dest, metaETag) == scanner.TrimETag(etag) && meta(dest, metaSHA256) != ""
}

func (quarantineAction) inspect(ctx context.Context, e *Engine, s *Step) (change, error) {
	qb, qk := quarantineDest(s, &e.Config)
	src, ok, err := statCurrent(ctx, e.Client, s.Bucket, s.Key)
	if err != nil {
		return change{}, err
	}
	dest, dok, err := statCurrent(ctx, e.Client, qb, qk)
	note := ""
	if err != nil {
		if !posture.IsDenied(err) {
			return change{}, err
		}
		// Planning with a scanning identity: the quarantine bucket is not
		// ours to read. Plan as if empty; applying needs the permission.
		note, dok = " (quarantine bucket not readable: "+err.Error()+")", false
	}
	if !ok {
		if dok && meta(dest, metaSource) == sourceURI(s.Bucket, s.Key) {
			return change{state: StateNoop, summary: "already quarantined at s3://" + qb + "/" + qk}, nil
		}
		return change{state: StateSkip, summary: "object no longer exists"}, nil
	}
	if why := staleReason(e, s.target, src); why != "" {
		return change{state: StateSkip, summary: why}, nil
	}
	lock := s.Action.Original == "lockdown"
	if lock && dok && copyMatches(dest, s.Bucket, s.Key, src.ETag) {
		cur, err := objTags(ctx, e.Client, s.Bucket, s.Key, "")
		if err != nil {
			return change{}, err
		}
		if cur[quarantineTg] != "" {
			return change{state: StateNoop, summary: "already quarantined (original locked down)"}, nil
		}
	}
	verb := "delete the original"
	if lock {
		verb = "lock the original down (tag + Deny statement)"
	}
	sum := fmt.Sprintf("copy to s3://%s/%s, verify size and SHA-256, then %s", qb, qk, verb)
	if dok && copyMatches(dest, s.Bucket, s.Key, src.ETag) {
		sum = fmt.Sprintf("copy at s3://%s/%s exists (an interrupted run): verify it, then %s", qb, qk, verb)
	}
	before := quarantineState{Object: "s3://" + s.Bucket + "/" + s.Key, ETag: scanner.TrimETag(src.ETag), Version: src.VersionID,
		Size: src.Size, Original: "present"}
	return change{state: StateChange, summary: sum + note, before: before}, nil
}

// testHookAfterCopy runs between the verified copy and the removal of the
// original (tests stop the process there).
var testHookAfterCopy func(s *Step)

func (a quarantineAction) apply(ctx context.Context, e *Engine, s *Step) (change, error) {
	c, err := a.inspect(ctx, e, s)
	if err != nil || c.state != StateChange {
		return c, err
	}
	cl := e.Client
	qb, qk := quarantineDest(s, &e.Config)
	if ok, err := cl.BucketExists(ctx, qb); err != nil {
		return change{}, posture.Call("HeadBucket", qb, "", err)
	} else if !ok {
		return change{}, fmt.Errorf("quarantine bucket %s does not exist: create it first (private, ideally versioned, with default encryption)", qb)
	}
	src, ok, err := statCurrent(ctx, cl, s.Bucket, s.Key)
	if err != nil {
		return change{}, err
	}
	if !ok {
		return a.inspect(ctx, e, s)
	}
	etag := scanner.TrimETag(src.ETag)
	// 1. The source's digest, pinned to the version we copy.
	sum, n, err := sha256Of(ctx, cl, s.Bucket, s.Key, versioned(src.VersionID), etag)
	if err != nil {
		return change{}, err
	}
	if n != src.Size {
		return change{}, fmt.Errorf("s3://%s/%s: read %d bytes, HEAD said %d", s.Bucket, s.Key, n, src.Size)
	}
	// 2. The copy (reused when an interrupted run made it).
	dest, dok, err := statCurrent(ctx, cl, qb, qk)
	if err != nil {
		return change{}, err
	}
	created := false
	if !dok || !copyMatches(dest, s.Bucket, s.Key, etag) || meta(dest, metaSHA256) != sum {
		um := map[string]string{}
		for k, v := range src.UserMetadata {
			um[k] = v
		}
		um[metaSource] = sourceURI(s.Bucket, s.Key)
		um[metaETag] = etag
		um[metaVersion] = src.VersionID
		um[metaSHA256] = sum
		um[metaWhen] = e.now().UTC().Format(time.RFC3339)
		um[metaRule] = s.Rule
		_, err := cl.CopyObject(ctx, minio.CopyDestOptions{Bucket: qb, Object: qk, UserMetadata: um, ReplaceMetadata: true,
			ContentType: src.ContentType},
			minio.CopySrcOptions{Bucket: s.Bucket, Object: s.Key, VersionID: versioned(src.VersionID), MatchETag: etag})
		if err != nil {
			return change{}, posture.Call("CopyObject", qb, qk, err)
		}
		created = true
	}
	rollback := func(cause error) error {
		if !created {
			return cause
		}
		if rerr := cl.RemoveObject(context.WithoutCancel(ctx), qb, qk, minio.RemoveObjectOptions{}); rerr != nil {
			return fmt.Errorf("%w; and removing the copy s3://%s/%s failed too: %v", cause, qb, qk, rerr)
		}
		return fmt.Errorf("%w (the copy s3://%s/%s was removed again: nothing changed)", cause, qb, qk)
	}
	// 3. Verify: size and digest of what was written.
	dest, dok, err = statCurrent(ctx, cl, qb, qk)
	if err != nil || !dok {
		return change{}, rollback(fmt.Errorf("the copy s3://%s/%s can't be read back: %v", qb, qk, err))
	}
	if dest.Size != src.Size {
		return change{}, rollback(fmt.Errorf("the copy s3://%s/%s has %d bytes, the original %d", qb, qk, dest.Size, src.Size))
	}
	dsum, _, err := sha256Of(ctx, cl, qb, qk, versioned(dest.VersionID), "")
	if err != nil {
		return change{}, rollback(err)
	}
	if dsum != sum {
		return change{}, rollback(fmt.Errorf("the copy s3://%s/%s does not match the original (SHA-256 %s, want %s)", qb, qk, dsum, sum))
	}
	if testHookAfterCopy != nil {
		testHookAfterCopy(s)
	}
	before := c.before.(quarantineState)
	before.SHA256 = sum
	after := quarantineState{Object: before.Object, ETag: etag, Version: src.VersionID, Size: src.Size, SHA256: sum,
		Quarantine: "s3://" + qb + "/" + qk, QVersion: dest.VersionID}
	// 4. Only now: the original.
	if s.Action.Original == "lockdown" {
		if err := lockdown(ctx, e, s.Bucket, s.Key, after.Quarantine, true); err != nil {
			return change{}, rollback(err)
		}
		after.Original = "locked"
	} else {
		// The original must still be the version that was copied: an
		// upload in between is not ours to delete.
		now, ok, err := statCurrent(ctx, cl, s.Bucket, s.Key)
		if err != nil {
			return change{}, rollback(err)
		}
		if ok && scanner.TrimETag(now.ETag) != etag && versioned(src.VersionID) == "" {
			return change{}, rollback(fmt.Errorf("s3://%s/%s was overwritten during the quarantine: left in place, rescan it", s.Bucket, s.Key))
		}
		err = cl.RemoveObject(ctx, s.Bucket, s.Key, minio.RemoveObjectOptions{VersionID: versioned(src.VersionID)})
		if err != nil && !isGone(err) {
			return change{}, rollback(posture.Call("DeleteObject", s.Bucket, s.Key, err))
		}
		after.Original = "deleted"
		if versioned(src.VersionID) != "" {
			after.OtherVersions, after.KeyServes, err = otherVersions(ctx, cl, s.Bucket, s.Key)
			if err != nil {
				// The quarantine itself is done; say what is not known.
				after.VersionsNote = "other versions of the key not listed: " + err.Error()
			}
		}
	}
	c.before, c.after = before, after
	c.summary = "quarantined to " + after.Quarantine + " (original " + after.Original + ")"
	switch {
	case after.KeyServes != "":
		c.summary += fmt.Sprintf("; %d other version(s) of the key remain, not quarantined: it now serves version %s, which this quarantine did not cover",
			after.OtherVersions, after.KeyServes)
	case after.OtherVersions > 0:
		c.summary += fmt.Sprintf("; %d older version(s) of the key remain, not quarantined (noncurrent: sweeps do not read them)", after.OtherVersions)
	case after.VersionsNote != "":
		c.summary += "; " + after.VersionsNote
	}
	return c, nil
}

// otherVersions counts the versions (not delete markers) left at key and
// says which one is now current, if the key serves one.
func otherVersions(ctx context.Context, cl *minio.Client, bucket, key string) (n int, current string, err error) {
	for o := range cl.ListObjectsIter(ctx, bucket, minio.ListObjectsOptions{Prefix: key, WithVersions: true}) {
		if o.Err != nil {
			return 0, "", posture.Call("ListObjectVersions", bucket, key, o.Err)
		}
		if o.Key != key {
			if o.Key > key {
				break // listings are in key order: the key's versions came first
			}
			continue
		}
		if o.IsDeleteMarker {
			continue
		}
		n++
		if o.IsLatest {
			current = o.VersionID
		}
	}
	return n, current, nil
}

// lockdown tags the original and adds (on) or removes (off) its ARN in the
// bucket policy's Deny statement for everyone.
func lockdown(ctx context.Context, e *Engine, bucket, key, where string, on bool) error {
	cl := e.Client
	cur, err := objTags(ctx, cl, bucket, key, "")
	if err != nil {
		return err
	}
	want := cloneMap(cur)
	if on {
		want[quarantineTg] = strings.TrimPrefix(where, "s3://")
	} else {
		delete(want, quarantineTg)
	}
	doc, err := cl.GetBucketPolicy(ctx, bucket)
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchBucketPolicy" {
		return posture.Call("GetBucketPolicy", bucket, "", err)
	}
	p, err := posture.ParsePolicy([]byte(doc))
	if err != nil {
		return err
	}
	if p == nil {
		p = &posture.Policy{Version: "2012-10-17"}
	}
	arn := posture.ARN(bucket, key)
	idx := -1
	for i, st := range p.Statements {
		if st.Sid == lockdownSid {
			idx = i
		}
	}
	if on {
		if idx < 0 {
			p.Statements = append(p.Statements, posture.Statement{Sid: lockdownSid, Effect: "Deny", Principal: json.RawMessage(`"*"`),
				Action: posture.StringList{"s3:GetObject", "s3:GetObjectVersion"}})
			idx = len(p.Statements) - 1
		}
		if !contains(p.Statements[idx].Resource, arn) {
			p.Statements[idx].Resource = append(p.Statements[idx].Resource, arn)
		}
	} else if idx >= 0 {
		var keep posture.StringList
		for _, r := range p.Statements[idx].Resource {
			if r != arn {
				keep = append(keep, r)
			}
		}
		p.Statements[idx].Resource = keep
		if len(keep) == 0 {
			p.Statements = append(p.Statements[:idx], p.Statements[idx+1:]...)
		}
	}
	if err := setPolicy(ctx, cl, bucket, p); err != nil {
		return err
	}
	return putTags(ctx, cl, bucket, key, "", want)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func setPolicy(ctx context.Context, cl *minio.Client, bucket string, p *posture.Policy) error {
	if p == nil || len(p.Statements) == 0 {
		err := cl.SetBucketPolicy(ctx, bucket, "")
		if err != nil && minio.ToErrorResponse(err).Code != "NoSuchBucketPolicy" {
			return posture.Call("DeleteBucketPolicy", bucket, "", err)
		}
		return nil
	}
	b, err := p.Marshal()
	if err != nil {
		return err
	}
	return posture.Call("PutBucketPolicy", bucket, "", cl.SetBucketPolicy(ctx, bucket, string(b)))
}

func (quarantineAction) undo(ctx context.Context, e *Engine, en *Entry, force bool) (change, error) {
	var st quarantineState
	if err := json.Unmarshal(en.After, &st); err != nil {
		return change{}, err
	}
	cl := e.Client
	qb, qk, err := scanner.ParseS3URL(st.Quarantine)
	if err != nil {
		return change{}, err
	}
	if st.Original == "locked" {
		if err := lockdown(ctx, e, en.Bucket, en.Key, st.Quarantine, false); err != nil {
			return change{}, err
		}
		if err := cl.RemoveObject(ctx, qb, qk, minio.RemoveObjectOptions{VersionID: versioned(st.QVersion)}); err != nil && !isGone(err) {
			return change{}, posture.Call("DeleteObject", qb, qk, err)
		}
		return change{state: StateChange, before: st, after: quarantineState{Object: st.Object, Original: "present"}}, nil
	}
	// Deleted: copy back, verify, then remove the quarantined copy.
	cur, ok, err := statCurrent(ctx, cl, en.Bucket, en.Key)
	if err != nil {
		return change{}, err
	}
	restored := ok && cur.Size == st.Size
	if restored {
		sum, _, err := sha256Of(ctx, cl, en.Bucket, en.Key, "", scanner.TrimETag(cur.ETag))
		if err != nil {
			return change{}, err
		}
		restored = sum == st.SHA256
	}
	if ok && !restored && !force {
		return change{}, fmt.Errorf("an object now exists at s3://%s/%s: --force to overwrite it with the quarantined copy", en.Bucket, en.Key)
	}
	if !restored {
		q, qok, err := statCurrent(ctx, cl, qb, qk)
		if err != nil {
			return change{}, err
		}
		if !qok {
			return change{}, fmt.Errorf("the quarantined copy %s is gone: nothing to restore", st.Quarantine)
		}
		um := map[string]string{}
		for k, v := range q.UserMetadata {
			if !strings.HasPrefix(strings.ToLower(strings.TrimPrefix(strings.ToLower(k), "x-amz-meta-")), "dredge-") {
				um[k] = v
			}
		}
		_, err = cl.CopyObject(ctx, minio.CopyDestOptions{Bucket: en.Bucket, Object: en.Key, UserMetadata: um, ReplaceMetadata: true,
			ContentType: q.ContentType}, minio.CopySrcOptions{Bucket: qb, Object: qk, VersionID: versioned(st.QVersion)})
		if err != nil {
			return change{}, posture.Call("CopyObject", en.Bucket, en.Key, err)
		}
		sum, _, err := sha256Of(ctx, cl, en.Bucket, en.Key, "", "")
		if err != nil {
			return change{}, err
		}
		if sum != st.SHA256 {
			return change{}, fmt.Errorf("restored s3://%s/%s does not match the quarantined digest: the quarantined copy is kept", en.Bucket, en.Key)
		}
	}
	if err := cl.RemoveObject(ctx, qb, qk, minio.RemoveObjectOptions{VersionID: versioned(st.QVersion)}); err != nil && !isGone(err) {
		return change{}, posture.Call("DeleteObject", qb, qk, err)
	}
	return change{state: StateChange, before: st, after: quarantineState{Object: st.Object, Size: st.Size, SHA256: st.SHA256, Original: "present"}}, nil
}

// ---- block public access ----

type blockPublicAction struct{}

// publicState is the documents block_public changes. Nil fields were not
// read (or, for Policy, there was none: see HasPolicy).
type publicState struct {
	HasPolicy bool                       `json:"has_policy"`
	Policy    json.RawMessage            `json:"policy,omitempty"`
	ACL       string                     `json:"acl,omitempty"`
	PAB       *posture.PublicAccessBlock `json:"public_access_block,omitempty"`
	// PABConfigured: a public access block existed (else it is deleted on undo).
	PABConfigured bool `json:"public_access_block_configured,omitempty"`
	// ObjectACLs are the ACL documents of the objects in scope whose ACL
	// grants AllUsers or AuthenticatedUsers access, by key: as they were
	// (before) and as they become with only those grants removed (after).
	ObjectACLs map[string]string `json:"object_acls,omitempty"`
	// ObjectACLsMore: more objects with public grants than one step
	// handles (maxObjectACLs); the next run goes on with them.
	ObjectACLsMore bool     `json:"object_acls_more,omitempty"`
	Removed        []string `json:"removed,omitempty"`
}

// maxObjectACLs bounds the objects one block_public step rewrites (and
// records in its audit entry); a run with more leaves the rest to the
// next run, which is then not a no-op.
var maxObjectACLs = 1000

// ruleKeys returns the key globs of the named rule: the objects in scope
// of its bucket actions (none: every object).
func (e *Engine) ruleKeys(name string) []string {
	for i := range e.Config.Rules {
		if e.Config.Rules[i].Name == name {
			return e.Config.Rules[i].Match.Keys
		}
	}
	return nil
}

// readObjectACLs reads the ACL of each object in scope, keeping those
// with public grants: their ACL now (cur) and without the public grants
// (want). The scope is only, when given, the objects whose findings made
// the step; else every object of the bucket matching the rule's key
// globs. A store without object ACLs (NotImplemented) has nothing to
// remove.
func readObjectACLs(ctx context.Context, e *Engine, bucket string, keys, only []string, cur, want *publicState) error {
	api := e.api()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var grants int
	var examples []string
	for info := range objectsInScope(ctx, e.Client, bucket, only) {
		if info.Err != nil {
			return posture.Call("ListObjectsV2", bucket, "", info.Err)
		}
		if strings.HasSuffix(info.Key, "/") && info.Size == 0 || !rules.MatchKey(keys, info.Key) {
			continue
		}
		acl, err := api.ObjectACL(ctx, bucket, info.Key)
		switch {
		case err != nil && posture.IsNotImplemented(err):
			return nil
		case err != nil && minio.ToErrorResponse(err).Code == "NoSuchKey":
			continue // removed since the listing
		case err != nil:
			return posture.Call("GetObjectAcl", bucket, info.Key, err)
		}
		clean, changed := posture.RemovePublicGrants(acl)
		if !changed {
			continue
		}
		if len(cur.ObjectACLs) >= maxObjectACLs {
			want.ObjectACLsMore = true
			break
		}
		before, err := acl.Marshal()
		if err != nil {
			return err
		}
		after, err := clean.Marshal()
		if err != nil {
			return err
		}
		if cur.ObjectACLs == nil {
			cur.ObjectACLs, want.ObjectACLs = map[string]string{}, map[string]string{}
		}
		cur.ObjectACLs[info.Key], want.ObjectACLs[info.Key] = string(before), string(after)
		grants += len(acl.Grants) - len(clean.Grants)
		if len(examples) < 5 {
			examples = append(examples, info.Key)
		}
	}
	if n := len(want.ObjectACLs); n > 0 {
		ex := strings.Join(examples, ", ")
		if n > len(examples) {
			ex += ", ..."
		}
		msg := fmt.Sprintf("%d public grants (AllUsers/AuthenticatedUsers) from the ACLs of %d objects (%s)", grants, n, ex)
		if want.ObjectACLsMore {
			msg += fmt.Sprintf("; more objects than %d: run again for the rest", maxObjectACLs)
		}
		want.Removed = append(want.Removed, msg)
	}
	return nil
}

// objectsInScope yields the keys in only, or, when only is empty, every
// object of the bucket as the listing gives them.
func objectsInScope(ctx context.Context, cl *minio.Client, bucket string, only []string) iter.Seq[minio.ObjectInfo] {
	if len(only) == 0 {
		return cl.ListObjectsIter(ctx, bucket, minio.ListObjectsOptions{Recursive: true})
	}
	return func(yield func(minio.ObjectInfo) bool) {
		for _, k := range slices.Compact(slices.Sorted(slices.Values(only))) {
			if !yield(minio.ObjectInfo{Key: k}) {
				return
			}
		}
	}
}

func (blockPublicAction) read(ctx context.Context, e *Engine, s *Step) (cur, want publicState, err error) {
	cl, api := e.Client, e.api()
	doc, err := cl.GetBucketPolicy(ctx, s.Bucket)
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchBucketPolicy" {
		return cur, want, posture.Call("GetBucketPolicy", s.Bucket, "", err)
	}
	if strings.TrimSpace(doc) != "" {
		p, err := posture.ParsePolicy([]byte(doc))
		if err != nil {
			return cur, want, err
		}
		cur.HasPolicy, cur.Policy = true, json.RawMessage(doc)
		np, changed, err := posture.RemovePublic(p, s.Bucket, e.OwnerAccount)
		if err != nil {
			return cur, want, err
		}
		want.HasPolicy, want.Policy = true, cur.Policy
		if changed {
			an := posture.AnalyzePolicy(p, s.Bucket, e.OwnerAccount)
			for _, v := range an.Statements {
				if v.Public {
					want.Removed = append(want.Removed, fmt.Sprintf("policy statement %s (%s)", stmtName(v), accessList(v.Access)))
				}
			}
			if np == nil {
				want.HasPolicy, want.Policy = false, nil
			} else {
				b, err := np.Marshal()
				if err != nil {
					return cur, want, err
				}
				want.Policy = b
			}
		}
	}
	acl, err := api.BucketACL(ctx, s.Bucket)
	// A store without ACLs answers NotImplemented, or (MinIO) a stand-in
	// ACL without an owner: its objects have no ACL to read either.
	objectACLs := err == nil && acl.Owner.ID != ""
	switch {
	case err != nil && posture.IsNotImplemented(err):
	case err != nil:
		return cur, want, posture.Call("GetBucketAcl", s.Bucket, "", err)
	default:
		b, _ := acl.Marshal()
		cur.ACL, want.ACL = string(b), string(b)
		if clean, changed := posture.RemovePublicGrants(acl); changed {
			for _, g := range posture.AnalyzeACL(acl, false).Grants {
				want.Removed = append(want.Removed, "bucket ACL grant "+g.Group+" "+g.Permission)
			}
			b, err := clean.Marshal()
			if err != nil {
				return cur, want, err
			}
			want.ACL = string(b)
		}
	}
	if s.Action.PublicAccessBlock {
		pab, configured, err := api.PublicAccessBlock(ctx, s.Bucket)
		switch {
		case err != nil && posture.IsNotImplemented(err):
		case err != nil:
			return cur, want, posture.Call("GetPublicAccessBlock", s.Bucket, "", err)
		default:
			cur.PAB, cur.PABConfigured = pab, configured
			want.PAB, want.PABConfigured = pab, configured
			if !pab.All() {
				want.PAB = &posture.PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
				want.PABConfigured = true
				want.Removed = append(want.Removed, "public access block turned fully on")
			}
		}
	}
	if s.Rule != "" && objectACLs {
		// Objects in scope of the rule. (An undo has no rule: it reads
		// the objects its audit entry names.)
		if err := readObjectACLs(ctx, e, s.Bucket, e.ruleKeys(s.Rule), s.objects, &cur, &want); err != nil {
			return cur, want, err
		}
	}
	return cur, want, nil
}

func stmtName(v posture.StatementVerdict) string {
	if v.Sid != "" {
		return v.Sid
	}
	return fmt.Sprintf("#%d", v.Index)
}

func accessList(a []posture.Access) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = string(x)
	}
	return strings.Join(s, "/")
}

func (a blockPublicAction) inspect(ctx context.Context, e *Engine, s *Step) (change, error) {
	cur, want, err := a.read(ctx, e, s)
	if err != nil {
		return change{}, err
	}
	if len(want.Removed) == 0 {
		return change{state: StateNoop, summary: "nothing public in the policy, the bucket ACL or the objects' ACLs"}, nil
	}
	return change{state: StateChange, summary: "remove " + strings.Join(want.Removed, "; ") + " (the rest is kept)",
		before: cur, after: want}, nil
}

func (a blockPublicAction) apply(ctx context.Context, e *Engine, s *Step) (change, error) {
	c, err := a.inspect(ctx, e, s)
	if err != nil || c.state != StateChange {
		return c, err
	}
	cur, want := c.before.(publicState), c.after.(publicState)
	if err := writePublicState(ctx, e, s.Bucket, cur, want); err != nil {
		return change{}, err
	}
	return c, nil
}

// writePublicState moves the bucket from cur to want, rolling back what it
// changed when a later step fails.
func writePublicState(ctx context.Context, e *Engine, bucket string, cur, want publicState) error {
	cl, api := e.Client, e.api()
	var undo []func() error
	rollback := func(cause error) error {
		for i := len(undo) - 1; i >= 0; i-- {
			if err := undo[i](); err != nil {
				return fmt.Errorf("%w; rolling back failed too: %v", cause, err)
			}
		}
		if len(undo) > 0 {
			return fmt.Errorf("%w (earlier changes were rolled back: nothing changed)", cause)
		}
		return cause
	}
	// The public access block goes last when it tightens and first when
	// it loosens (an undo): while it blocks public ACLs and policies, a
	// store that enforces it refuses to put public ones back.
	writePAB := func(ctx context.Context, p *posture.PublicAccessBlock, configured bool) error {
		if configured {
			return posture.Call("PutPublicAccessBlock", bucket, "", api.PutPublicAccessBlock(ctx, bucket, p))
		}
		return posture.Call("DeletePublicAccessBlock", bucket, "", api.DeletePublicAccessBlock(ctx, bucket))
	}
	pabChange := want.PAB != nil && (cur.PAB == nil || *want.PAB != *cur.PAB || want.PABConfigured != cur.PABConfigured)
	loosen := pabChange && cur.PAB != nil && cur.PABConfigured &&
		(!want.PABConfigured || cur.PAB.BlockPublicAcls && !want.PAB.BlockPublicAcls || cur.PAB.BlockPublicPolicy && !want.PAB.BlockPublicPolicy)
	if loosen {
		if err := writePAB(ctx, want.PAB, want.PABConfigured); err != nil {
			return err
		}
		undo = append(undo, func() error { return writePAB(context.WithoutCancel(ctx), cur.PAB, cur.PABConfigured) })
	}
	if !jsonEqual(cur.Policy, want.Policy) || cur.HasPolicy != want.HasPolicy {
		if err := putPolicyDoc(ctx, cl, bucket, want.HasPolicy, want.Policy); err != nil {
			return rollback(err)
		}
		undo = append(undo, func() error { return putPolicyDoc(context.WithoutCancel(ctx), cl, bucket, cur.HasPolicy, cur.Policy) })
	}
	if want.ACL != cur.ACL && want.ACL != "" {
		acl, err := posture.ParseACL([]byte(want.ACL))
		if err != nil {
			return rollback(err)
		}
		if err := api.PutBucketACL(ctx, bucket, acl); err != nil {
			return rollback(posture.Call("PutBucketAcl", bucket, "", err))
		}
		undo = append(undo, func() error {
			old, err := posture.ParseACL([]byte(cur.ACL))
			if err != nil {
				return err
			}
			return api.PutBucketACL(context.WithoutCancel(ctx), bucket, old)
		})
	}
	// Object ACLs, in key order; a failure puts back the ones already
	// rewritten.
	keys := make([]string, 0, len(want.ObjectACLs))
	for k := range want.ObjectACLs {
		if want.ObjectACLs[k] != cur.ObjectACLs[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		acl, err := posture.ParseACL([]byte(want.ObjectACLs[k]))
		if err != nil {
			return rollback(fmt.Errorf("ACL of %s: %w", k, err))
		}
		if err := api.PutObjectACL(ctx, bucket, k, acl); err != nil {
			if minio.ToErrorResponse(err).Code == "NoSuchKey" {
				continue // removed meanwhile: no ACL left to change
			}
			return rollback(posture.Call("PutObjectAcl", bucket, k, err))
		}
		undo = append(undo, func() error {
			old, err := posture.ParseACL([]byte(cur.ObjectACLs[k]))
			if err != nil {
				return err
			}
			return api.PutObjectACL(context.WithoutCancel(ctx), bucket, k, old)
		})
	}
	if pabChange && !loosen {
		if err := writePAB(ctx, want.PAB, want.PABConfigured); err != nil {
			return rollback(err)
		}
	}
	return nil
}

func putPolicyDoc(ctx context.Context, cl *minio.Client, bucket string, has bool, doc json.RawMessage) error {
	if !has {
		err := cl.SetBucketPolicy(ctx, bucket, "")
		if err != nil && minio.ToErrorResponse(err).Code != "NoSuchBucketPolicy" {
			return posture.Call("DeleteBucketPolicy", bucket, "", err)
		}
		return nil
	}
	return posture.Call("PutBucketPolicy", bucket, "", cl.SetBucketPolicy(ctx, bucket, string(doc)))
}

func jsonEqual(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return string(a) == string(b)
	}
	return reflect.DeepEqual(normPolicy(x), normPolicy(y))
}

// normPolicy makes equal policies compare equal: one-element lists and
// their single values are the same, and statement order of fields too.
func normPolicy(v any) any {
	switch x := v.(type) {
	case []any:
		if len(x) == 1 {
			return normPolicy(x[0])
		}
		out := make([]any, len(x))
		for i := range x {
			out[i] = normPolicy(x[i])
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, v := range x {
			if k == "Version" || k == "Sid" && v == "" {
				continue
			}
			out[k] = normPolicy(v)
		}
		return out
	}
	return v
}

func (blockPublicAction) undo(ctx context.Context, e *Engine, en *Entry, force bool) (change, error) {
	var before, after publicState
	if err := json.Unmarshal(en.Before, &before); err != nil {
		return change{}, err
	}
	if err := json.Unmarshal(en.After, &after); err != nil {
		return change{}, err
	}
	s := &Step{Bucket: en.Bucket, Action: rules.Action{Type: rules.BlockPublic, PublicAccessBlock: after.PAB != nil}}
	cur, _, err := blockPublicAction{}.read(ctx, e, s)
	if err != nil {
		return change{}, err
	}
	if !force && (!jsonEqual(cur.Policy, after.Policy) || cur.HasPolicy != after.HasPolicy) {
		return change{}, fmt.Errorf("the bucket policy of %s changed since the action: --force to restore the old one anyway", en.Bucket)
	}
	// The objects whose ACLs the action rewrote: as they are now.
	api := e.api()
	for _, k := range slices.Sorted(maps.Keys(before.ObjectACLs)) {
		acl, err := api.ObjectACL(ctx, en.Bucket, k)
		if err != nil && minio.ToErrorResponse(err).Code == "NoSuchKey" {
			delete(before.ObjectACLs, k) // gone since: nothing to restore
			continue
		}
		if err != nil {
			return change{}, posture.Call("GetObjectAcl", en.Bucket, k, err)
		}
		b, err := acl.Marshal()
		if err != nil {
			return change{}, err
		}
		if !force && string(b) != after.ObjectACLs[k] {
			return change{}, fmt.Errorf("the ACL of s3://%s/%s changed since the action: --force to restore the old one anyway", en.Bucket, k)
		}
		if cur.ObjectACLs == nil {
			cur.ObjectACLs = map[string]string{}
		}
		cur.ObjectACLs[k] = string(b)
	}
	if before.ACL == "" {
		cur.ACL = ""
	}
	if before.PAB == nil {
		cur.PAB = nil
	}
	if err := writePublicState(ctx, e, en.Bucket, cur, before); err != nil {
		return change{}, err
	}
	return change{state: StateChange, before: cur, after: before}, nil
}

// ---- enforce default encryption ----

type encryptionAction struct{}

type encryptionState struct {
	Algorithm string `json:"algorithm,omitempty"` // "" (none), AES256, aws:kms
	KMSKeyID  string `json:"kms_key_id,omitempty"`
	// Reencrypted counts objects copied in place with SSE (after only).
	Reencrypted int      `json:"reencrypted,omitempty"`
	Examples    []string `json:"reencrypted_examples,omitempty"`
}

func wantEncryption(a rules.Action) encryptionState {
	if strings.EqualFold(a.SSE, "SSE-KMS") || strings.EqualFold(a.SSE, "aws:kms") {
		return encryptionState{Algorithm: "aws:kms", KMSKeyID: a.KMSKeyID}
	}
	return encryptionState{Algorithm: "AES256"}
}

func readEncryption(ctx context.Context, cl *minio.Client, bucket string) (encryptionState, error) {
	cfg, err := cl.GetBucketEncryption(ctx, bucket)
	if err != nil {
		if minio.ToErrorResponse(err).Code == "ServerSideEncryptionConfigurationNotFoundError" {
			return encryptionState{}, nil
		}
		return encryptionState{}, posture.Call("GetBucketEncryption", bucket, "", err)
	}
	if cfg == nil || len(cfg.Rules) == 0 {
		return encryptionState{}, nil
	}
	d := cfg.Rules[0].Apply
	return encryptionState{Algorithm: d.SSEAlgorithm, KMSKeyID: d.KmsMasterKeyID}, nil
}

// sameKey compares KMS key IDs, ignoring an "arn:aws:kms:" prefix some
// stores add.
func sameKey(a, b string) bool {
	trim := func(s string) string { return strings.TrimPrefix(s, "arn:aws:kms:") }
	return trim(a) == trim(b)
}

func encryptionMatches(cur, want encryptionState) bool {
	return cur.Algorithm == want.Algorithm && (want.Algorithm != "aws:kms" || sameKey(cur.KMSKeyID, want.KMSKeyID))
}

// objectEncrypted: does an object's SSE satisfy want?
func objectEncrypted(h minio.ObjectInfo, want encryptionState) bool {
	alg := posture.ObjectSSE(h.Metadata)
	if alg != want.Algorithm {
		return false
	}
	if want.Algorithm == "aws:kms" {
		return sameKey(h.Metadata.Get("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"), want.KMSKeyID)
	}
	return true
}

func (encryptionAction) pending(ctx context.Context, e *Engine, bucket string, want encryptionState, limit int) ([]string, error) {
	var keys []string
	for info := range e.Client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if info.Err != nil {
			return keys, posture.Call("ListObjectsV2", bucket, "", info.Err)
		}
		h, ok, err := statCurrent(ctx, e.Client, bucket, info.Key)
		if err != nil {
			return keys, err
		}
		if ok && !objectEncrypted(h, want) {
			keys = append(keys, info.Key)
			if limit > 0 && len(keys) >= limit {
				break
			}
		}
	}
	return keys, nil
}

func (a encryptionAction) inspect(ctx context.Context, e *Engine, s *Step) (change, error) {
	cur, err := readEncryption(ctx, e.Client, s.Bucket)
	if err != nil {
		return change{}, err
	}
	want := wantEncryption(s.Action)
	var todo []string
	if s.Action.Reencrypt {
		if todo, err = a.pending(ctx, e, s.Bucket, want, 0); err != nil {
			return change{}, err
		}
	}
	if encryptionMatches(cur, want) && len(todo) == 0 {
		return change{state: StateNoop, summary: "default encryption already " + describeEnc(want)}, nil
	}
	var parts []string
	if !encryptionMatches(cur, want) {
		parts = append(parts, "set default encryption "+describeEnc(cur)+" -> "+describeEnc(want))
	}
	if len(todo) > 0 {
		parts = append(parts, fmt.Sprintf("re-encrypt %d objects by copy in place", len(todo)))
	}
	after := want
	after.Reencrypted = len(todo)
	return change{state: StateChange, summary: strings.Join(parts, "; "), before: cur, after: after}, nil
}

func describeEnc(s encryptionState) string {
	switch s.Algorithm {
	case "":
		return "none"
	case "aws:kms":
		return "SSE-KMS (" + s.KMSKeyID + ")"
	case "AES256":
		return "SSE-S3"
	}
	return s.Algorithm
}

func (a encryptionAction) apply(ctx context.Context, e *Engine, s *Step) (change, error) {
	c, err := a.inspect(ctx, e, s)
	if err != nil || c.state != StateChange {
		return c, err
	}
	cur, want := c.before.(encryptionState), wantEncryption(s.Action)
	if !encryptionMatches(cur, want) {
		if err := putEncryption(ctx, e.Client, s.Bucket, want); err != nil {
			return change{}, err
		}
	}
	after := want
	if s.Action.Reencrypt {
		var side encrypt.ServerSide = encrypt.NewSSE()
		if want.Algorithm == "aws:kms" {
			side, err = encrypt.NewSSEKMS(want.KMSKeyID, nil)
			if err != nil {
				return change{}, err
			}
		}
		todo, err := a.pending(ctx, e, s.Bucket, want, 0)
		if err != nil {
			return change{}, err
		}
		for _, k := range todo {
			up, err := e.Client.CopyObject(ctx, minio.CopyDestOptions{Bucket: s.Bucket, Object: k, Encryption: side},
				minio.CopySrcOptions{Bucket: s.Bucket, Object: k})
			if err == nil {
				e.rw().Store(s.Bucket+"/"+k, scanner.TrimETag(up.ETag))
				if e.Reencrypted != nil {
					if rerr := e.Reencrypted(ctx, s.Bucket, k, want.Algorithm); rerr != nil {
						// The object is encrypted; only the counts lag
						// until its next forced scan.
						e.logger().Warn("re-encrypted, but its recorded encryption was not updated",
							"bucket", s.Bucket, "key", k, "err", rerr)
					}
				}
			}
			if err != nil {
				// What was re-encrypted stays so (it is only safer); the
				// setting is kept and the log records the partial run; a
				// second run continues with the rest.
				c.after = after
				c.summary = fmt.Sprintf("re-encrypted %d of %d objects", after.Reencrypted, len(todo))
				return c, fmt.Errorf("%w (%d objects were re-encrypted before the failure; run again to continue)",
					posture.Call("CopyObject", s.Bucket, k, err), after.Reencrypted)
			}
			after.Reencrypted++
			if len(after.Examples) < 20 {
				after.Examples = append(after.Examples, k)
			}
		}
	}
	c.after = after
	return c, nil
}

func putEncryption(ctx context.Context, cl *minio.Client, bucket string, st encryptionState) error {
	switch st.Algorithm {
	case "":
		return posture.Call("DeleteBucketEncryption", bucket, "", cl.RemoveBucketEncryption(ctx, bucket))
	case "aws:kms":
		return posture.Call("PutBucketEncryption", bucket, "", cl.SetBucketEncryption(ctx, bucket, sse.NewConfigurationSSEKMS(st.KMSKeyID)))
	default:
		return posture.Call("PutBucketEncryption", bucket, "", cl.SetBucketEncryption(ctx, bucket, sse.NewConfigurationSSES3()))
	}
}

func (encryptionAction) undo(ctx context.Context, e *Engine, en *Entry, force bool) (change, error) {
	var before, after encryptionState
	if err := json.Unmarshal(en.Before, &before); err != nil {
		return change{}, err
	}
	if err := json.Unmarshal(en.After, &after); err != nil {
		return change{}, err
	}
	cur, err := readEncryption(ctx, e.Client, en.Bucket)
	if err != nil {
		return change{}, err
	}
	if !force && !encryptionMatches(cur, after) {
		return change{}, fmt.Errorf("the default encryption of %s changed since the action (now %s): --force to restore anyway", en.Bucket, describeEnc(cur))
	}
	if !encryptionMatches(cur, before) {
		if err := putEncryption(ctx, e.Client, en.Bucket, before); err != nil {
			return change{}, err
		}
	}
	// Objects re-encrypted by the action stay encrypted: decrypting them
	// would only lower protection.
	return change{state: StateChange, before: cur, after: before}, nil
}

var errNoUndo = errors.New("a notification can't be unsent")
