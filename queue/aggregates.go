package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// Redis keys. Every key of a bucket, the keys of its sweeps included,
// carries the bucket as its hash tag ({bucket}; S3 bucket names have no
// braces), so each multi-key script below touches one Redis Cluster slot
// only. The global keys (bucketsKey, sweepsKey, sweepBucketsKey), the
// locks and the schedule claims are only ever used one key at a time.
func objectsKey(bucket string) string { return "dredge:obj:{" + bucket + "}" }
func aggKey(bucket string) string     { return "dredge:agg:{" + bucket + "}" }
func lockKey(bucket, key string) string {
	return "dredge:lock:" + shortHash(bucket, key)
}

// sweepKeys are the keys of one sweep: its hash (definition, state,
// counters), its findings counts, its counted pages and its counted gone
// objects. checkDone (Lua) derives the last three from the first.
type sweepKeys struct{ main, f, pages, gone string }

func sweepKeysWithPrefix(p string) sweepKeys {
	return sweepKeys{main: p, f: p + ":f", pages: p + ":pages", gone: p + ":gone"}
}

// newSweepKeys are the keys of sweep id of bucket: in the bucket's slot.
func newSweepKeys(bucket, id string) sweepKeys {
	return sweepKeysWithPrefix("dredge:sweep:{" + bucket + "}:" + id)
}

// legacySweepKeys are the keys a dredge before hash-tagged sweep keys
// gave a sweep (dredge:sweep:<id>): still read for the sweeps it started,
// and still counted into by workers while such a sweep runs through an
// upgrade (one Redis or Sentinel only: they are in another slot than
// their bucket's keys, which Redis Cluster refuses).
func legacySweepKeys(id string) sweepKeys { return sweepKeysWithPrefix("dredge:sweep:" + id) }

const (
	bucketsKey = "dredge:buckets"
	sweepsKey  = "dredge:sweeps"
	// sweepBucketsKey maps a sweep id to its bucket (hash), which Sweep
	// needs to find the sweep's keys.
	sweepBucketsKey = "dredge:sweeps:bucket"
)

// SweepRetention is how long a finished sweep's progress stays in Redis.
var SweepRetention = 90 * 24 * time.Hour

// objRecord is the compact per-object record kept in Redis: what was
// scanned (scan id), its outcome and its finding counts. It is the
// "record of what was scanned" that makes scans idempotent and sweeps
// incremental; it holds no value, only identifier IDs and counts.
type objRecord struct {
	K   string  `json:"k"`            // scan id
	St  string  `json:"st"`           // status
	Sw  string  `json:"sw,omitempty"` // sweep that last accounted for it
	V   string  `json:"v,omitempty"`  // version id
	E   string  `json:"e,omitempty"`  // ETag
	Sz  float64 `json:"sz"`           // size
	Sev string  `json:"sev,omitempty"`
	// Enc is the object's server-side encryption as its GET answered
	// ("none": stored without SSE; absent: not known).
	Enc string `json:"enc,omitempty"`
	// F is [type, category, severity, count] per identifier.
	F [][4]any `json:"f,omitempty"`
}

func recordOf(r *results.Record) *objRecord {
	o := &objRecord{K: r.ScanID, St: string(r.Status), Sw: r.Sweep, V: r.Version, E: r.ETag, Sz: float64(r.Size), Enc: r.SSE}
	if r.Count() > 0 {
		o.Sev = r.Severity.String()
	}
	for _, f := range r.Findings {
		if f.Count > 0 {
			o.F = append(o.F, [4]any{f.Type, string(f.Category), f.Severity.String(), f.Count})
		}
	}
	return o
}

// luaLib is shared by the scripts: contributions of a record to an
// aggregate hash, and sweep completion.
const luaLib = `
local function incr(key, field, by)
  if by == 0 then return end
  local v = redis.call('HINCRBY', key, field, by)
  if v == 0 then redis.call('HDEL', key, field) end
end
local function contrib(key, r, sign)
  incr(key, 'objects', sign)
  incr(key, 'st:' .. r.st, sign)
  incr(key, 'bytes', sign * (r.sz or 0))
  if type(r.enc) == 'string' and r.enc ~= '' then incr(key, 'sse:' .. r.enc, sign) end
  local n = 0
  if type(r.f) == 'table' then
    for _, f in ipairs(r.f) do
      incr(key, 't:' .. f[1], sign * f[4])
      incr(key, 'c:' .. f[2], sign * f[4])
      incr(key, 's:' .. f[3], sign * f[4])
      n = n + f[4]
    end
  end
  if n > 0 then
    incr(key, 'with_findings', sign)
    incr(key, 'findings', sign * n)
    if type(r.sev) == 'string' then incr(key, 'os:' .. r.sev, sign) end
  end
end
local function num(x) if x then return tonumber(x) or 0 end return 0 end
-- The keys checkDone derives from s (sweepKeys) share its hash tag, so
-- its slot: Redis Cluster lets a script reach them undeclared.
local function checkDone(s, now, ttl)
  local h = redis.call('HMGET', s, 'listing_done', 'queued', 'st:complete', 'st:partial', 'st:skipped', 'st:error', 'gone', 'unchanged', 'state')
  if h[1] ~= '1' or h[9] == 'complete' then return end
  local handled = 0
  for i = 3, 8 do handled = handled + num(h[i]) end
  if handled >= num(h[2]) then
    redis.call('HSET', s, 'state', 'complete', 'finished_at', now)
    if ttl > 0 then
      redis.call('EXPIRE', s, ttl)
      redis.call('EXPIRE', s .. ':f', ttl)
      redis.call('EXPIRE', s .. ':pages', ttl)
      redis.call('EXPIRE', s .. ':gone', ttl)
    end
  end
end
local function sweepCount(s, f, r)
  incr(s, 'st:' .. r.st, 1)
  if r.st == 'complete' or r.st == 'partial' then incr(s, 'bytes', r.sz or 0) end
  if type(r.enc) == 'string' and r.enc ~= '' then incr(s, 'sse:' .. r.enc, 1) end
  local n = 0
  if type(r.f) == 'table' then
    for _, x in ipairs(r.f) do
      incr(f, 't:' .. x[1], x[4])
      incr(f, 'c:' .. x[2], x[4])
      incr(f, 's:' .. x[3], x[4])
      n = n + x[4]
    end
  end
  if n > 0 then
    incr(s, 'findings', n)
    incr(s, 'with_findings', 1)
    if type(r.sev) == 'string' then incr(f, 'os:' .. r.sev, 1) end
  end
end
`

// applyScript records a scan: it swaps the object's old contribution to
// the bucket aggregate for the new one and counts it toward its sweep,
// once: a repeat for the same scan id and sweep changes nothing.
// KEYS (one slot: the bucket's): objects, agg, sweep, sweep:f. ARGV: key,
// record, sweep, bucket, now, ttl.
var applyScript = redis.NewScript(luaLib + `
local old = redis.call('HGET', KEYS[1], ARGV[1])
local new = cjson.decode(ARGV[2])
if old then
  local o = cjson.decode(old)
  if ARGV[3] ~= '' and o.k == new.k and o.sw == ARGV[3] then return 0 end
  contrib(KEYS[2], o, -1)
end
contrib(KEYS[2], new, 1)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then
  sweepCount(KEYS[3], KEYS[4], new)
  checkDone(KEYS[3], ARGV[5], tonumber(ARGV[6]))
end
return 1
`)

// unchangedScript counts an already-scanned version toward a sweep,
// once. It returns -2 when the object is not recorded at all and -1 when
// it is not recorded with this scan id (either way it must be scanned),
// 0 when nothing changed, 1 when counted.
// KEYS (the bucket's slot): objects, sweep. ARGV: key, scan id, sweep,
// now, ttl.
var unchangedScript = redis.NewScript(luaLib + `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return -2 end
local o = cjson.decode(old)
if o.k ~= ARGV[2] or o.st == 'error' then return -1 end
if ARGV[3] == '' or o.sw == ARGV[3] then return 0 end
o.sw = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(o))
if redis.call('EXISTS', KEYS[2]) == 1 then
  incr(KEYS[2], 'unchanged', 1)
  checkDone(KEYS[2], ARGV[4], tonumber(ARGV[5]))
end
return 1
`)

// removeScript forgets a removed object (unless a newer version than
// the removed one is recorded) and counts it toward a sweep once.
// KEYS (the bucket's slot): objects, agg, sweep, sweep:gone. ARGV: key,
// version, sweep, now, ttl.
var removeScript = redis.NewScript(luaLib + `
local old = redis.call('HGET', KEYS[1], ARGV[1])
local removed = 0
if old then
  local o = cjson.decode(old)
  if not (ARGV[2] ~= '' and type(o.v) == 'string' and o.v ~= '' and o.v ~= ARGV[2]) then
    contrib(KEYS[2], o, -1)
    redis.call('HDEL', KEYS[1], ARGV[1])
    removed = 1
  end
end
if ARGV[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then
  if redis.call('SADD', KEYS[4], ARGV[1]) == 1 then
    incr(KEYS[3], 'gone', 1)
    checkDone(KEYS[3], ARGV[4], tonumber(ARGV[5]))
  end
end
return removed
`)

// encScript sets the encryption of an object's record and moves it
// between the bucket's sse:<algorithm> counts.
// KEYS (the bucket's slot): objects, bucket aggregate. ARGV: key, algorithm.
var encScript = redis.NewScript(luaLib + `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local r = cjson.decode(raw)
if r.enc == ARGV[2] then return 0 end
if type(r.enc) == 'string' and r.enc ~= '' then incr(KEYS[2], 'sse:' .. r.enc, -1) end
incr(KEYS[2], 'sse:' .. ARGV[2], 1)
r.enc = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(r))
return 1
`)

// pageScript counts one listing page toward its sweep, once.
// KEYS (the bucket's slot): sweep, sweep:pages. ARGV: page, after, more, now, ttl, then
// field/value pairs to add.
var pageScript = redis.NewScript(luaLib + `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
for i = 6, #ARGV, 2 do incr(KEYS[1], ARGV[i], tonumber(ARGV[i+1])) end
redis.call('HSET', KEYS[1], 'cursor', ARGV[2], 'pages', tonumber(ARGV[1]) + 1)
if redis.call('HGET', KEYS[1], 'state') == 'queued' then redis.call('HSET', KEYS[1], 'state', 'running') end
if ARGV[3] == '0' then
  redis.call('HSET', KEYS[1], 'listing_done', '1', 'listed_at', ARGV[4])
  checkDone(KEYS[1], ARGV[4], tonumber(ARGV[5]))
end
return 1
`)

// unlockScript deletes a lock only when we hold it.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// Aggregates keeps per-sweep progress, per-bucket aggregates and the
// per-object record of what was scanned, in Redis.
type Aggregates struct {
	R redis.UniversalClient

	// legacy caches, per sweep id, whether the sweep has the keys of an
	// older dredge (legacySweepKeys): a sweep's keys never change.
	legacy sync.Map
}

// sweepKeys returns the keys of sweep id of bucket: newSweepKeys, or
// legacySweepKeys for a sweep an older dredge started that is still
// running. id "" (an event's scan: no sweep) gets keys that never exist.
func (a *Aggregates) sweepKeys(ctx context.Context, bucket, id string) (sweepKeys, error) {
	k := newSweepKeys(bucket, id)
	if id == "" {
		return k, nil
	}
	if v, ok := a.legacy.Load(id); ok {
		if v.(bool) {
			return legacySweepKeys(id), nil
		}
		return k, nil
	}
	n, err := a.R.Exists(ctx, k.main).Result()
	if err != nil {
		return k, fmt.Errorf("looking up sweep %s: %w", id, err)
	}
	if n == 1 {
		a.legacy.Store(id, false)
		return k, nil
	}
	old := legacySweepKeys(id)
	if n, err = a.R.Exists(ctx, old.main).Result(); err != nil {
		return k, fmt.Errorf("looking up sweep %s: %w", id, err)
	}
	if n == 1 {
		a.legacy.Store(id, true)
		return old, nil
	}
	return k, nil // no such sweep (expired, or never started): nothing to count
}

// sweepKeysByID returns the keys of sweep id, whose bucket it looks up.
func (a *Aggregates) sweepKeysByID(ctx context.Context, id string) (sweepKeys, error) {
	b, err := a.R.HGet(ctx, sweepBucketsKey, id).Result()
	switch {
	case err == nil:
		return newSweepKeys(b, id), nil
	case errors.Is(err, redis.Nil):
		return legacySweepKeys(id), nil // started by an older dredge, or unknown
	default:
		return sweepKeys{}, fmt.Errorf("looking up the bucket of sweep %s: %w", id, err)
	}
}

func nowString() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func ttlSeconds() string { return strconv.FormatInt(int64(SweepRetention/time.Second), 10) }

// Apply records a scan (see applyScript). It reports whether anything
// changed.
func (a *Aggregates) Apply(ctx context.Context, r *results.Record) (bool, error) {
	data, err := json.Marshal(recordOf(r))
	if err != nil {
		return false, err
	}
	sk, err := a.sweepKeys(ctx, r.Bucket, r.Sweep)
	if err != nil {
		return false, err
	}
	// The set of buckets is global (its own slot), so not in the script:
	// added first, so that a recorded object's bucket is always listed.
	if err := a.R.SAdd(ctx, bucketsKey, r.Bucket).Err(); err != nil {
		return false, fmt.Errorf("listing bucket %s: %w", r.Bucket, err)
	}
	n, err := applyScript.Run(ctx, a.R, []string{objectsKey(r.Bucket), aggKey(r.Bucket), sk.main, sk.f},
		r.Key, data, r.Sweep, r.Bucket, nowString(), ttlSeconds()).Int()
	if err != nil {
		return false, fmt.Errorf("recording s3://%s/%s: %w", r.Bucket, r.Key, err)
	}
	return n == 1, nil
}

// Unchanged counts an object whose version was already scanned toward
// sweep. It returns false when the object must be scanned.
func (a *Aggregates) Unchanged(ctx context.Context, bucket, key, scanID, sweep string) (bool, error) {
	done, _, err := a.ScanState(ctx, bucket, key, scanID, sweep)
	return done, err
}

// ScanState is Unchanged, and also says whether the object has a record
// at all (recorded is false for an object never scanned, or forgotten).
func (a *Aggregates) ScanState(ctx context.Context, bucket, key, scanID, sweep string) (done, recorded bool, err error) {
	sk, err := a.sweepKeys(ctx, bucket, sweep)
	if err != nil {
		return false, false, err
	}
	n, err := unchangedScript.Run(ctx, a.R, []string{objectsKey(bucket), sk.main},
		key, scanID, sweep, nowString(), ttlSeconds()).Int()
	if err != nil {
		return false, false, fmt.Errorf("looking up the record of s3://%s/%s: %w", bucket, key, err)
	}
	return n >= 0, n != -2, nil
}

// Remove forgets an object (version "" for any version) and counts it
// as gone toward sweep ("" for none).
func (a *Aggregates) Remove(ctx context.Context, bucket, key, version, sweep string) (bool, error) {
	sk, err := a.sweepKeys(ctx, bucket, sweep)
	if err != nil {
		return false, err
	}
	n, err := removeScript.Run(ctx, a.R, []string{objectsKey(bucket), aggKey(bucket), sk.main, sk.gone},
		key, version, sweep, nowString(), ttlSeconds()).Int()
	if err != nil {
		return false, fmt.Errorf("forgetting s3://%s/%s: %w", bucket, key, err)
	}
	return n == 1, nil
}

// Reencrypted records that an object was rewritten in place with
// server-side encryption sse ("AES256", "aws:kms"): its content, and often
// its ETag, are unchanged, so no rescan would correct the counts by
// encryption that posture reports use. An object without a record is left
// alone (its first scan records it).
func (a *Aggregates) Reencrypted(ctx context.Context, bucket, key, sse string) error {
	if sse == "" {
		return fmt.Errorf("recording the encryption of s3://%s/%s: no algorithm", bucket, key)
	}
	if err := encScript.Run(ctx, a.R, []string{objectsKey(bucket), aggKey(bucket)}, key, sse).Err(); err != nil {
		return fmt.Errorf("recording the encryption of s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

// Recorded returns the scan ids recorded for keys of bucket, and the
// sweeps that last accounted for them ("" when not recorded).
func (a *Aggregates) Recorded(ctx context.Context, bucket string, keys []string) (ids, sweeps []string, errs []bool, err error) {
	ids, sweeps, errs = make([]string, len(keys)), make([]string, len(keys)), make([]bool, len(keys))
	if len(keys) == 0 {
		return
	}
	vals, err := a.R.HMGet(ctx, objectsKey(bucket), keys...).Result()
	if err != nil {
		return nil, nil, nil, err
	}
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		var o objRecord
		if json.Unmarshal([]byte(s), &o) == nil {
			ids[i], sweeps[i], errs[i] = o.K, o.Sw, o.St == string(scanner.Error)
		}
	}
	return
}

// Lock takes the per-object lock (bucket, key) for owner; holding it
// already counts. It reports whether we hold it.
func (a *Aggregates) Lock(ctx context.Context, bucket, key, owner string, ttl time.Duration) (bool, error) {
	k := lockKey(bucket, key)
	ok, err := a.R.SetNX(ctx, k, owner, ttl).Result()
	if err != nil || ok {
		return ok, err
	}
	cur, err := a.R.Get(ctx, k).Result()
	if errors.Is(err, redis.Nil) {
		return a.R.SetNX(ctx, k, owner, ttl).Result()
	}
	if err != nil {
		return false, err
	}
	if cur == owner {
		return true, a.R.PExpire(ctx, k, ttl).Err()
	}
	return false, nil
}

// extendScript extends a lock only when we hold it.
var extendScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`)

// Hold takes the lock and keeps it alive (every ttl/3) until the
// returned release is called; release also deletes it. A holder that
// dies loses the lock within ttl.
func (a *Aggregates) Hold(ctx context.Context, bucket, key, owner string, ttl time.Duration) (release func(), ok bool, err error) {
	ok, err = a.Lock(ctx, bucket, key, owner, ttl)
	if err != nil || !ok {
		return func() {}, ok, err
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				extendScript.Run(context.WithoutCancel(ctx), a.R, []string{lockKey(bucket, key)}, owner, ttl.Milliseconds())
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		a.Unlock(context.WithoutCancel(ctx), bucket, key, owner)
	}, true, nil
}

// Unlock releases the lock if owner holds it.
func (a *Aggregates) Unlock(ctx context.Context, bucket, key, owner string) error {
	return unlockScript.Run(ctx, a.R, []string{lockKey(bucket, key)}, owner).Err()
}

// Counts are finding counts by identifier, category and severity.
type Counts struct {
	ByType     map[string]int64 `json:"by_type"`
	ByCategory map[string]int64 `json:"by_category"`
	// BySeverity counts findings (occurrences) by their severity;
	// ObjectsBySeverity counts objects by their highest severity.
	BySeverity        map[string]int64 `json:"by_severity"`
	ObjectsBySeverity map[string]int64 `json:"objects_by_severity"`
}

func (c *Counts) add(field string, v int64) bool {
	prefix, name, ok := strings.Cut(field, ":")
	if !ok {
		return false
	}
	var m *map[string]int64
	switch prefix {
	case "t":
		m = &c.ByType
	case "c":
		m = &c.ByCategory
	case "s":
		m = &c.BySeverity
	case "os":
		m = &c.ObjectsBySeverity
	default:
		return false
	}
	if *m == nil {
		*m = map[string]int64{}
	}
	(*m)[name] += v
	return true
}

// SSECounts count scanned objects by the server-side encryption their
// GET answered with (hash fields sse:<algorithm>).
type SSECounts struct {
	// Checked objects have a known encryption; Unencrypted of them are
	// stored without server-side encryption.
	Checked     int64 `json:"checked"`
	Unencrypted int64 `json:"unencrypted"`
	// ByAlgorithm: "none", "AES256", "aws:kms", "aws:kms:dsse", "SSE-C".
	ByAlgorithm map[string]int64 `json:"by_algorithm,omitempty"`
}

func (c *SSECounts) add(field string, v int64) bool {
	alg, ok := strings.CutPrefix(field, "sse:")
	if !ok {
		return false
	}
	if c.ByAlgorithm == nil {
		c.ByAlgorithm = map[string]int64{}
	}
	c.ByAlgorithm[alg] += v
	c.Checked += v
	if alg == "none" {
		c.Unencrypted += v
	}
	return true
}

// BucketStats are a bucket's aggregates over the objects recorded now
// (each object counts once, as of its latest scan).
type BucketStats struct {
	Bucket       string `json:"bucket"`
	Objects      int64  `json:"objects"`
	Complete     int64  `json:"complete"`
	Partial      int64  `json:"partial"`
	Skipped      int64  `json:"skipped"`
	Failed       int64  `json:"failed"`
	WithFindings int64  `json:"objects_with_findings"`
	Findings     int64  `json:"findings"`
	Bytes        int64  `json:"bytes"`
	// SSE counts the recorded objects by their encryption.
	SSE SSECounts `json:"sse"`
	Counts
	// Score is the sensitivity score (see SensitivityScore).
	Score int `json:"sensitivity_score"`
}

// Bucket returns the aggregates of one bucket.
func (a *Aggregates) Bucket(ctx context.Context, bucket string) (*BucketStats, error) {
	m, err := a.R.HGetAll(ctx, aggKey(bucket)).Result()
	if err != nil {
		return nil, err
	}
	s := &BucketStats{Bucket: bucket}
	for k, v := range m {
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "objects":
			s.Objects = n
		case "st:complete":
			s.Complete = n
		case "st:partial":
			s.Partial = n
		case "st:skipped":
			s.Skipped = n
		case "st:error":
			s.Failed = n
		case "with_findings":
			s.WithFindings = n
		case "findings":
			s.Findings = n
		case "bytes":
			s.Bytes = n
		default:
			if !s.SSE.add(k, n) {
				s.Counts.add(k, n)
			}
		}
	}
	s.Score = SensitivityScore(s)
	return s, nil
}

// Buckets returns every bucket with recorded objects.
func (a *Aggregates) Buckets(ctx context.Context) ([]string, error) {
	b, err := a.R.SMembers(ctx, bucketsKey).Result()
	sort.Strings(b)
	return b, err
}

// SensitivityScore rates a bucket 1-99 the way Macie does:
//
//   - 50: not yet analysed (no object scanned completely or partially).
//   - 1-49: analysed, nothing sensitive found. The more of the bucket's
//     recorded objects were analysed, the lower: 49 - round(48 × a/n),
//     a = complete+partial objects, n = all recorded objects.
//   - 51-99: sensitive data found: 51 + round(48 × (0.4·T + 0.3·V + 0.3·S)),
//     T = min(1, distinct identifier types / 8),
//     V = min(1, log10(1 + findings) / 4) (10,000 findings saturate),
//     S = objects with findings / analysed objects.
func SensitivityScore(s *BucketStats) int {
	analysed := s.Complete + s.Partial
	if analysed == 0 {
		return 50
	}
	if s.Findings == 0 {
		n := max(s.Objects, analysed)
		return 49 - int(math.Round(48*float64(analysed)/float64(n)))
	}
	types := 0
	for _, c := range s.ByType {
		if c > 0 {
			types++
		}
	}
	t := math.Min(1, float64(types)/8)
	v := math.Min(1, math.Log10(1+float64(s.Findings))/4)
	sh := math.Min(1, float64(s.WithFindings)/float64(analysed))
	score := 51 + int(math.Round(48*(0.4*t+0.3*v+0.3*sh)))
	return min(99, max(51, score))
}

// SweepStatus is a sweep's definition and progress.
type SweepStatus struct {
	ID         string    `json:"id"`
	Bucket     string    `json:"bucket"`
	Scope      Scope     `json:"scope"`
	Force      bool      `json:"force,omitempty"`
	Queue      string    `json:"queue"`
	Source     string    `json:"source,omitempty"`
	State      string    `json:"state"`
	CreatedAt  time.Time `json:"created_at"`
	ListedAt   time.Time `json:"listed_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// Listing: Seen objects listed, Matched in scope, Excluded by scope,
	// Queued for scanning, UnchangedListed already scanned (this version,
	// this classifier) and so not queued, Duplicate already queued by
	// another sweep or an event.
	ListingDone     bool  `json:"listing_done"`
	Pages           int64 `json:"pages"`
	Seen            int64 `json:"seen"`
	Matched         int64 `json:"matched"`
	Excluded        int64 `json:"excluded"`
	Queued          int64 `json:"queued"`
	UnchangedListed int64 `json:"unchanged_listed"`
	Duplicate       int64 `json:"duplicate"`
	// Outcomes of queued objects.
	Complete  int64 `json:"complete"`
	Partial   int64 `json:"partial"`
	Skipped   int64 `json:"skipped"`
	Failed    int64 `json:"failed"`
	Gone      int64 `json:"gone"`
	Unchanged int64 `json:"unchanged"`
	// Bytes of objects scanned; Findings occurrences found.
	Bytes        int64 `json:"bytes"`
	Findings     int64 `json:"findings"`
	WithFindings int64 `json:"objects_with_findings"`
	// SSE counts the objects this sweep scanned by their encryption.
	SSE SSECounts `json:"sse"`
	Counts
}

// Done is how many queued objects have an outcome.
func (s *SweepStatus) Done() int64 {
	return s.Complete + s.Partial + s.Skipped + s.Failed + s.Gone + s.Unchanged
}

// ErrNoSweep is returned for an unknown (or expired) sweep.
var ErrNoSweep = errors.New("no such sweep")

// Sweep reads a sweep's status.
func (a *Aggregates) Sweep(ctx context.Context, id string) (*SweepStatus, error) {
	sk, err := a.sweepKeysByID(ctx, id)
	if err != nil {
		return nil, err
	}
	pipe := a.R.Pipeline()
	mc := pipe.HGetAll(ctx, sk.main)
	fc := pipe.HGetAll(ctx, sk.f)
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("reading sweep %s: %w", id, err)
	}
	m := mc.Val()
	if len(m) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoSweep, id)
	}
	s := &SweepStatus{ID: id}
	ts := func(k string) time.Time { t, _ := time.Parse(time.RFC3339Nano, m[k]); return t }
	n := func(k string) int64 { v, _ := strconv.ParseInt(m[k], 10, 64); return v }
	s.Bucket, s.Queue, s.Source, s.State = m["bucket"], m["queue"], m["source"], m["state"]
	s.Force = m["force"] == "1"
	if sc := m["scope"]; sc != "" {
		if err := json.Unmarshal([]byte(sc), &s.Scope); err != nil {
			return nil, fmt.Errorf("sweep %s: scope: %w", id, err)
		}
	}
	s.CreatedAt, s.ListedAt, s.FinishedAt = ts("created_at"), ts("listed_at"), ts("finished_at")
	s.ListingDone = m["listing_done"] == "1"
	s.Pages, s.Seen, s.Matched, s.Excluded, s.Queued = n("pages"), n("seen"), n("matched"), n("excluded"), n("queued")
	s.UnchangedListed, s.Duplicate = n("unchanged_listed"), n("duplicate")
	s.Complete, s.Partial, s.Skipped, s.Failed = n("st:complete"), n("st:partial"), n("st:skipped"), n("st:error")
	s.Gone, s.Unchanged = n("gone"), n("unchanged")
	s.Bytes, s.Findings, s.WithFindings = n("bytes"), n("findings"), n("with_findings")
	for k, v := range m {
		if strings.HasPrefix(k, "sse:") {
			x, _ := strconv.ParseInt(v, 10, 64)
			s.SSE.add(k, x)
		}
	}
	for k, v := range fc.Val() {
		x, _ := strconv.ParseInt(v, 10, 64)
		s.Counts.add(k, x)
	}
	return s, nil
}

// Sweeps returns sweep IDs, newest first (at most limit; 0: all).
func (a *Aggregates) Sweeps(ctx context.Context, limit int) ([]string, error) {
	stop := int64(-1)
	if limit > 0 {
		stop = int64(limit - 1)
	}
	return a.R.ZRevRange(ctx, sweepsKey, 0, stop).Result()
}
