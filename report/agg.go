package report

import (
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/report/compliance"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// Bounds of the aggregation: whatever the number of objects, the state is
// counters per bucket, prefix and type, plus these capped lists.
const (
	// MaxPrefixes per bucket; further prefixes count under OtherPrefixes.
	MaxPrefixes = 500
	// OtherPrefixes collects the prefixes past MaxPrefixes.
	OtherPrefixes = "(other prefixes)"
	// maxReasons distinct gap reasons; further ones count as otherReason.
	maxReasons  = 1000
	otherReason = "(other reasons)"
	// examplesPerBucket per type and bucket.
	examplesPerBucket = 2
	maxUnreadable     = 100
)

type counter struct{ occ, obj int64 }

type prefixAgg struct {
	objects   int64
	regulated int64 // objects holding any selected framework's data
	codes     map[string]*counter
	fwObjects map[string]int64
}

type bucketAgg struct {
	name, kind                          string
	objects, complete, partial, skipped int64
	failed, withFindings, findings      int64
	bytes, bytesNotScanned              int64
	byType                              map[string]int64
	prefixes                            map[string]*prefixAgg
}

type identAgg struct {
	category string
	occ, obj int64
}

type gapKey struct{ status, reason string }

// agg aggregates the records of one scope (one sweep).
type agg struct {
	o        *Options
	frames   []string
	buckets  map[string]*bucketAgg
	findSev  [5]int64
	objSev   [5]int64
	category map[string]int64
	idents   map[string]*identAgg
	unmapped map[string]*identAgg
	examples map[string][]Example
	exCount  map[string]int // key + "\x00" + bucket
	gaps     []Gap
	omitted  int64
	groups   map[gapKey]*GapGroup
	// scope accounting
	read, inScope int64
	clean         int64 // complete objects with nothing found
	excluded      map[string]int64
	// scratch, reused per record
	recCodes []string
	recFws   []string
}

func newAgg(o *Options) *agg {
	return &agg{
		o: o, frames: o.Frameworks,
		buckets: map[string]*bucketAgg{}, category: map[string]int64{},
		idents: map[string]*identAgg{}, unmapped: map[string]*identAgg{},
		examples: map[string][]Example{}, exCount: map[string]int{},
		groups: map[gapKey]*GapGroup{}, excluded: map[string]int64{},
	}
}

// located is where a record's object lives.
type located struct {
	bucket, key, kind, object string
}

// locate derives bucket, key and a display name: the record's own bucket
// and key, an s3://bucket/key object, or a local path, whose first element
// under the local root is the bucket (files directly in the root group
// under the root's base name).
func locate(r *results.Record, root string) (located, bool) {
	if r.Object == "" && r.Status == "" {
		return located{}, false // not an object result
	}
	if r.Bucket != "" {
		obj := r.Object
		if obj == "" {
			obj = "s3://" + r.Bucket + "/" + r.Key
		}
		return located{r.Bucket, r.Key, "s3", obj}, true
	}
	if r.Object == "" {
		return located{}, false
	}
	if scanner.IsS3URL(r.Object) {
		rest := strings.TrimPrefix(r.Object, "s3://")
		b, k, _ := strings.Cut(rest, "/")
		if b == "" {
			return located{}, false
		}
		return located{b, k, "s3", r.Object}, true
	}
	p := localPath(r.Object)
	rel := p
	if root != "" && root != "." {
		if root == "/" {
			rel = strings.TrimPrefix(p, "/")
		} else if strings.HasPrefix(p, root+"/") {
			rel = p[len(root)+1:]
		}
	}
	if b, k, ok := strings.Cut(rel, "/"); ok && b != "" {
		return located{b, k, "local", r.Object}, true
	}
	return located{rootName(root), rel, "local", r.Object}, true
}

func localPath(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	return path.Clean(p)
}

// rootName names the group of files directly in the local root.
func rootName(root string) string {
	if root == "" || root == "." || root == "/" {
		return "."
	}
	return path.Base(root)
}

// commonDir returns the longest common folder of a and b ("" if none).
func commonDir(a, b string) string {
	if a == b {
		return a
	}
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	if n == 0 {
		return ""
	}
	c := strings.Join(as[:n], "/")
	if c == "" {
		return "/"
	}
	return c
}

// prefixOf is the first depth folders of key, with a trailing slash ("" for
// an object at the top level).
func prefixOf(key string, depth int) string {
	if depth <= 0 {
		return ""
	}
	end := 0
	for i := 0; i < depth; i++ {
		j := strings.IndexByte(key[end:], '/')
		if j < 0 {
			break
		}
		end += j + 1
	}
	return key[:end]
}

// inScope applies the selections and the time window (not the sweep).
func (o *Options) inScope(l located, r *results.Record) string {
	if len(o.Selections) > 0 {
		ok := false
		for _, s := range o.Selections {
			if (s.Bucket == "" || s.Bucket == l.bucket) && strings.HasPrefix(l.key, s.Prefix) {
				ok = true
				break
			}
		}
		if !ok {
			return "selection"
		}
	}
	if !o.Since.IsZero() || !o.Until.IsZero() {
		t, err := time.Parse(time.RFC3339Nano, r.ScannedAt)
		if err != nil {
			return "no_scan_time"
		}
		if !o.Since.IsZero() && t.Before(o.Since) || !o.Until.IsZero() && !t.Before(o.Until) {
			return "time"
		}
	}
	return ""
}

func sevIndex(s classifiers.Severity) int {
	if s < 0 || s > classifiers.SeverityCritical {
		return 0
	}
	return int(s)
}

func (a *agg) bucket(l located) *bucketAgg {
	b := a.buckets[l.bucket]
	if b == nil {
		b = &bucketAgg{name: l.bucket, kind: l.kind, byType: map[string]int64{}, prefixes: map[string]*prefixAgg{}}
		a.buckets[l.bucket] = b
	}
	return b
}

func (b *bucketAgg) prefix(p string) *prefixAgg {
	pa := b.prefixes[p]
	if pa == nil {
		if len(b.prefixes) >= MaxPrefixes {
			p = OtherPrefixes
			if pa = b.prefixes[p]; pa != nil {
				return pa
			}
		}
		pa = &prefixAgg{codes: map[string]*counter{}, fwObjects: map[string]int64{}}
		b.prefixes[p] = pa
	}
	return pa
}

func addUnique(l []string, s string) []string {
	for _, x := range l {
		if x == s {
			return l
		}
	}
	return append(l, s)
}

// add counts one in-scope record.
func (a *agg) add(l located, r *results.Record) {
	a.inScope++
	b := a.bucket(l)
	p := b.prefix(prefixOf(l.key, a.o.PrefixDepth))
	b.objects++
	p.objects++
	b.bytes += r.Size
	status := r.Status
	switch status {
	case scanner.Complete:
		b.complete++
	case scanner.Partial:
		b.partial++
	case scanner.Skipped:
		b.skipped++
		b.bytesNotScanned += r.Size
	default:
		status = scanner.Error
		b.failed++
		b.bytesNotScanned += r.Size
	}
	if status != scanner.Complete {
		reason := strings.TrimSpace(r.Reason)
		if reason == "" {
			reason = "(no reason given)"
			if r.Status != scanner.Error && r.Status != scanner.Partial && r.Status != scanner.Skipped {
				reason = "(no status recorded)"
			}
		}
		reason = clip(reason, 300)
		k := gapKey{string(status), reason}
		g := a.groups[k]
		if g == nil {
			if len(a.groups) >= maxReasons {
				k.reason = otherReason
				g = a.groups[k]
			}
			if g == nil {
				g = &GapGroup{Status: k.status, Reason: k.reason}
				a.groups[k] = g
			}
		}
		g.Objects++
		g.Bytes += r.Size
		if a.o.MaxGaps == AllGaps || len(a.gaps) < a.o.MaxGaps {
			a.gaps = append(a.gaps, Gap{Bucket: l.bucket, Object: l.object, Status: string(status), Reason: reason, Size: r.Size})
		} else {
			a.omitted++
		}
	}

	n := 0
	maxSev := classifiers.SeverityNone
	hasPAN := false
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Count > 0 && f.Type == "CREDIT_CARD_NUMBER" {
			hasPAN = true
		}
	}
	a.recCodes, a.recFws = a.recCodes[:0], a.recFws[:0]
	var seenTypes []string
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Count <= 0 {
			continue
		}
		c := int64(f.Count)
		n += f.Count
		maxSev = max(maxSev, f.Severity)
		a.findSev[sevIndex(f.Severity)] += c
		a.category[string(f.Category)] += c
		b.byType[f.Type] += c
		id := a.idents[f.Type]
		if id == nil {
			id = &identAgg{category: string(f.Category)}
			a.idents[f.Type] = id
		}
		id.occ += c
		first := true
		for _, t := range seenTypes {
			if t == f.Type {
				first = false
			}
		}
		if first {
			seenTypes = append(seenTypes, f.Type)
			id.obj++
		}
		mp, known := a.o.Mapper.Lookup(f.Type)
		if !known || mp.Empty() && a.o.Mapper.Custom(f.Type) {
			u := a.unmapped[f.Type]
			if u == nil {
				u = &identAgg{category: string(f.Category)}
				a.unmapped[f.Type] = u
			}
			u.occ += c
			if first {
				u.obj++
			}
			continue
		}
		for _, fw := range a.frames {
			fr, _ := compliance.Get(fw)
			for _, code := range mp.Codes(fw) {
				t, ok := fr.TypeOf(code)
				if !ok || t.WithPAN && !hasPAN {
					continue
				}
				key := fw + "/" + code
				cnt := p.codes[key]
				if cnt == nil {
					cnt = &counter{}
					p.codes[key] = cnt
				}
				cnt.occ += c
				a.recCodes = addUnique(a.recCodes, key)
				a.recFws = addUnique(a.recFws, fw)
				a.example(key, code, l, f)
			}
		}
	}
	for _, k := range a.recCodes {
		p.codes[k].obj++
	}
	for _, fw := range a.recFws {
		p.fwObjects[fw]++
	}
	if len(a.recFws) > 0 {
		p.regulated++
	}
	if n == 0 && status == scanner.Complete {
		a.clean++
	}
	if n > 0 {
		b.withFindings++
		b.findings += int64(n)
		s := r.Severity
		if s < maxSev {
			s = maxSev
		}
		a.objSev[sevIndex(s)]++
	}
}

// example keeps a masked occurrence of a type, a few per bucket.
func (a *agg) example(key, code string, l located, f *scanner.Finding) {
	if len(a.examples[key]) >= a.o.MaxExamples {
		return
	}
	bk := key + "\x00" + l.bucket
	if a.exCount[bk] >= examplesPerBucket {
		return
	}
	for _, oc := range f.Occurrences {
		m := safeMasked(oc.Masked)
		if m == "" {
			continue
		}
		a.examples[key] = append(a.examples[key], Example{Code: code, Identifier: f.Type, Bucket: l.bucket,
			Object: l.object, Location: locationOf(&oc), Masked: m})
		a.exCount[bk]++
		return
	}
}

// safeMasked returns a masked form fit for a report: it must show masking
// (a '*'); anything else is not shown, so a result written by a faulty
// tool cannot put a raw value into a report.
func safeMasked(m string) string {
	if !strings.Contains(m, "*") || !utf8.ValidString(m) {
		return ""
	}
	return clip(m, 80)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// locationOf renders an occurrence's location fields.
func locationOf(o *scanner.Occurrence) string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+" "+v) }
	if o.Path != "" {
		add("member", o.Path)
	}
	if o.Page > 0 {
		add("page", itoa(o.Page))
	}
	if o.Line > 0 {
		add("line", itoa(o.Line))
	}
	if o.Row > 0 {
		add("row", itoa(o.Row))
	}
	if o.Column != "" {
		add("column", o.Column)
	}
	if o.Cell != "" {
		add("cell", o.Cell)
	}
	if o.JSONPath != "" {
		add("path", o.JSONPath)
	}
	if o.Record > 0 {
		add("record", itoa(o.Record))
	}
	if len(parts) == 0 {
		add("offset", itoa(int(o.Offset)))
	}
	return clip(strings.Join(parts, ", "), 200)
}
