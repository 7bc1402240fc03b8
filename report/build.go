package report

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/remediate"
	"github.com/dredge-dev/dredge/report/compliance"
	"github.com/dredge-dev/dredge/results"
)

// Selection is one chosen bucket and key prefix ("" bucket: every bucket).
type Selection struct {
	Bucket string
	Prefix string
}

func (s Selection) String() string {
	if s.Bucket == "" {
		return "*/" + s.Prefix
	}
	return s.Bucket + "/" + s.Prefix
}

// ParseSelection reads BUCKET, BUCKET/PREFIX or s3://BUCKET/PREFIX.
func ParseSelection(s string) (Selection, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "s3://")
	b, p, _ := strings.Cut(s, "/")
	if b == "" {
		return Selection{}, fmt.Errorf("scope %q: want BUCKET[/PREFIX]", s)
	}
	if b == "*" {
		b = ""
	}
	return Selection{Bucket: b, Prefix: p}, nil
}

// Options controls a report.
type Options struct {
	Title      string
	Frameworks []string // compliance.IDs when empty
	Selections []Selection
	// Sweep selects the records of one sweep ("latest": the newest sweep
	// in scope); the previous sweep of the same scope is compared.
	Sweep        string
	Since, Until time.Time
	// LocalRoot is the scanned root of local paths (inferred: their
	// longest common folder).
	LocalRoot   string
	PrefixDepth int // 1 when 0
	// MaxGaps objects not fully scanned are listed (0: 1000, AllGaps:
	// all, NoGaps: none); the rest are counted.
	MaxGaps     int
	MaxExamples int // per type (5 when 0)
	MaxActions  int // remediation actions listed (500 when 0)
	Mapper      *compliance.Mapper
	Posture     map[string]BucketPosture
	PostureFrom string
	// AuditLog is the remediation audit log; Plan a saved dry run of
	// `dredge remediate plan --format json` (its pending actions).
	AuditLog     remediate.AuditLog
	Plan         *Plan
	PlanFrom     string
	Baseline     *Report
	BaselineFrom string
	Now          func() time.Time
}

func (o *Options) defaults() {
	if len(o.Frameworks) == 0 {
		o.Frameworks = compliance.IDs
	}
	if o.PrefixDepth == 0 {
		o.PrefixDepth = 1
	}
	if o.MaxGaps == 0 {
		o.MaxGaps = 1000
	}
	if o.MaxExamples == 0 {
		o.MaxExamples = 5
	}
	if o.MaxActions == 0 {
		o.MaxActions = 500
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Title == "" {
		o.Title = "dredge compliance report"
	}
	if o.Mapper == nil {
		o.Mapper = compliance.NewMapper(nil)
	}
}

// MaxGaps values.
const (
	AllGaps = -1
	NoGaps  = -2
)

// narrower is a source that can list one bucket and prefix only.
type narrower interface{ narrow(Selection) }

func (s *storeSource) narrow(sel Selection) {
	s.q = results.Query{Bucket: sel.Bucket, Prefix: sel.Prefix}
}

type sweepInfo struct {
	first string // earliest scanned_at
}

// Build reads src once (twice when the local root or the previous sweep
// must be found first) and returns the report.
func Build(ctx context.Context, src Source, o Options) (*Report, error) {
	o.defaults()
	if n, ok := src.(narrower); ok && len(o.Selections) == 1 && o.Selections[0].Bucket != "" {
		n.narrow(o.Selections[0]) // list only that bucket's records
	}
	var notices []string
	current, previous := o.Sweep, ""
	needRoot := src.Local() && o.LocalRoot == ""
	needSweeps := o.Sweep != "" && (o.Baseline == nil || o.Sweep == "latest")
	if needRoot || needSweeps {
		root, rootSet := "", false
		sweeps := map[string]*sweepInfo{}
		err := src.Each(ctx, true, func(r *results.Record) error {
			if needRoot && r.Bucket == "" && r.Object != "" && !strings.HasPrefix(r.Object, "s3://") {
				d := pathDir(localPath(r.Object))
				if !rootSet {
					root, rootSet = d, true
				} else {
					root = commonDir(root, d)
				}
			}
			if needSweeps && r.Sweep != "" {
				l, ok := locate(r, root)
				// The root is not final yet: selections on local groups
				// are checked in the main pass only.
				if ok && (l.kind == "local" || o.inScope(l, r) == "") {
					si := sweeps[r.Sweep]
					if si == nil {
						si = &sweepInfo{first: r.ScannedAt}
						sweeps[r.Sweep] = si
					}
					if r.ScannedAt != "" && (si.first == "" || r.ScannedAt < si.first) {
						si.first = r.ScannedAt
					}
				}
			}
			return nil
		}, func(string, error) {})
		if err != nil {
			return nil, err
		}
		if needRoot {
			o.LocalRoot = root
		}
		if needSweeps {
			ids := make([]string, 0, len(sweeps))
			for id := range sweeps {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool { return sweepBefore(ids[i], ids[j], sweeps) })
			if current == "latest" {
				if len(ids) == 0 {
					return nil, fmt.Errorf("--sweep latest: no record in scope names a sweep")
				}
				current = ids[len(ids)-1]
			}
			if o.Baseline == nil {
				for i, id := range ids {
					if id == current && i > 0 {
						previous = ids[i-1]
					}
				}
			}
		}
	}
	if current != "" && o.Baseline == nil && previous == "" {
		notices = append(notices, "No earlier sweep of this scope is in the results: no change is shown.")
	}

	cur := newAgg(&o)
	var prev *agg
	if previous != "" {
		prev = newAgg(&o)
	}
	var unreadable []Gap
	var unreadableN int64
	err := src.Each(ctx, false, func(r *results.Record) error {
		cur.read++
		l, ok := locate(r, o.LocalRoot)
		if !ok {
			cur.excluded["not_a_result"]++
			return nil
		}
		if why := o.inScope(l, r); why != "" {
			cur.excluded[why]++
			return nil
		}
		switch {
		case current == "" || r.Sweep == current:
			cur.add(l, r)
		case prev != nil && r.Sweep == previous:
			prev.add(l, r)
			cur.excluded["sweep"]++
		default:
			cur.excluded["sweep"]++
		}
		return nil
	}, func(where string, err error) {
		unreadableN++
		if len(unreadable) < maxUnreadable {
			unreadable = append(unreadable, Gap{Object: where, Status: "unreadable", Reason: clip(err.Error(), 300)})
		}
	})
	if err != nil {
		return nil, err
	}

	audit, err := readRemediation(ctx, &o)
	if err != nil {
		return nil, err
	}
	rep := cur.report(&o, audit)
	rep.Scope.Source = src.Location()
	rep.Scope.Sweep = current
	rep.Scope.Unreadable = unreadableN
	rep.Coverage.Unreadable = unreadable
	if unreadableN > 0 {
		rep.Notices = append(rep.Notices, fmt.Sprintf("%d result documents could not be read and are not counted (listed under coverage gaps).", unreadableN))
	}
	if src.Local() && rep.Summary.Objects > 0 && cur.clean == 0 {
		rep.Notices = append(rep.Notices, "No object in the results was scanned completely with nothing found: "+
			"`dredge scan --format jsonl` leaves such objects out, so object totals and coverage count only the objects listed.")
	}
	rep.Notices = append(rep.Notices, notices...)
	switch {
	case o.Baseline != nil:
		rep.Change = diff(rep, o.Baseline, "baseline "+o.BaselineFrom)
	case prev != nil:
		p := prev.report(&o, nil)
		rep.Change = diff(rep, p, "sweep "+previous)
		rep.Notices = append(rep.Notices, "Change is measured against sweep "+previous+
			": a results store keeps each object's latest result, so the earlier sweep shows only objects not scanned again since.")
	}
	return rep, nil
}

func pathDir(p string) string {
	i := strings.LastIndexByte(p, '/')
	switch {
	case i < 0:
		return "."
	case i == 0:
		return "/"
	}
	return p[:i]
}

// sweepBefore orders sweeps: sortable dredge IDs (sw-<time>-...) by ID,
// others by their first scan time, then ID.
func sweepBefore(a, b string, info map[string]*sweepInfo) bool {
	if strings.HasPrefix(a, "sw-") && strings.HasPrefix(b, "sw-") {
		return a < b
	}
	if fa, fb := info[a].first, info[b].first; fa != fb {
		return fa < fb
	}
	return a < b
}

var sevNames = [5]string{"none", "low", "medium", "high", "critical"}

func severities(s [5]int64) Severities {
	return Severities{Critical: s[4], High: s[3], Medium: s[2], Low: s[1]}
}

func percent(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(1000*float64(n)/float64(d)) / 10
}

var exposureRank = map[string]int{"public": 4, "shared": 3, "unknown": 2, "private": 1, "n/a": 0}

// report turns the counters into the report.
func (a *agg) report(o *Options, audit *Remediation) *Report {
	r := &Report{
		Schema: Schema, Title: o.Title, GeneratedAt: o.Now().UTC().Format(time.RFC3339),
		Frameworks: append([]string(nil), o.Frameworks...),
		Notices:    []string{},
	}
	sc := &r.Scope
	for _, s := range o.Selections {
		sc.Selections = append(sc.Selections, s.String())
	}
	if !o.Since.IsZero() {
		sc.Since = o.Since.UTC().Format(time.RFC3339)
	}
	if !o.Until.IsZero() {
		sc.Until = o.Until.UTC().Format(time.RFC3339)
	}
	sc.LocalRoot, sc.PrefixDepth = o.LocalRoot, o.PrefixDepth
	sc.DocumentsRead, sc.InScope, sc.Excluded = a.read, a.inScope, a.excluded

	names := make([]string, 0, len(a.buckets))
	for n := range a.buckets {
		names = append(names, n)
	}
	sort.Strings(names)

	// Per-bucket posture, scores.
	type bview struct {
		exposure, encryption string
		reasons              []string
		score                int
		regulated            int64
		fwOcc                map[string]int64
	}
	views := map[string]*bview{}
	s := &r.Summary
	s.Buckets = len(names)
	for _, n := range names {
		b := a.buckets[n]
		v := &bview{fwOcc: map[string]int64{}}
		views[n] = v
		if b.kind == "local" {
			v.exposure, v.encryption = "n/a", "n/a"
		} else if p, ok := o.Posture[n]; ok {
			v.exposure, v.encryption, v.reasons = p.exposure(), p.Encryption, p.Reasons
			if v.encryption == "" {
				v.encryption = "unknown"
			}
		} else {
			v.exposure, v.encryption = "unknown", "unknown"
			r.Coverage.NoPosture = append(r.Coverage.NoPosture, n)
		}
		for _, p := range b.prefixes {
			v.regulated += p.regulated
			for k, c := range p.codes {
				fw, _, _ := strings.Cut(k, "/")
				v.fwOcc[fw] += c.occ
			}
		}
		st := &queue.BucketStats{Bucket: n, Objects: b.objects, Complete: b.complete, Partial: b.partial,
			Skipped: b.skipped, Failed: b.failed, WithFindings: b.withFindings, Findings: b.findings, Bytes: b.bytes}
		st.ByType = b.byType
		v.score = queue.SensitivityScore(st)
		band := "sensitive"
		switch {
		case v.score == 50:
			band = "not yet analysed"
		case v.score < 50:
			band = "not sensitive"
		}
		r.Buckets = append(r.Buckets, BucketScore{Bucket: n, Kind: b.kind, Objects: b.objects, Complete: b.complete,
			Partial: b.partial, Skipped: b.skipped, Failed: b.failed, Bytes: b.bytes, WithFindings: b.withFindings,
			Findings: b.findings, Types: len(b.byType), Score: v.score, Band: band, Exposure: v.exposure, Encryption: v.encryption})
		s.Objects += b.objects
		s.Complete += b.complete
		s.Partial += b.partial
		s.Skipped += b.skipped
		s.Failed += b.failed
		s.Bytes += b.bytes
		s.BytesNotScanned += b.bytesNotScanned
		s.ObjectsWithFindings += b.withFindings
		s.Findings += b.findings
	}
	sort.SliceStable(r.Buckets, func(i, j int) bool {
		if r.Buckets[i].Score != r.Buckets[j].Score {
			return r.Buckets[i].Score > r.Buckets[j].Score
		}
		return r.Buckets[i].Bucket < r.Buckets[j].Bucket
	})
	s.CoveragePercent = percent(s.Complete, s.Objects)
	s.AnalysedPercent = percent(s.Complete+s.Partial, s.Objects)
	s.FindingsBySeverity = severities(a.findSev)
	s.ObjectsBySeverity = severities(a.objSev)
	s.FindingsByCategory = a.category
	for id, c := range a.idents {
		s.Identifiers = append(s.Identifiers, IdentifierCount{ID: id, Category: c.category, Occurrences: c.occ, Objects: c.obj})
	}
	sortIdents(s.Identifiers)
	if s.Identifiers == nil {
		s.Identifiers = []IdentifierCount{}
	}

	// Per framework.
	for _, fw := range o.Frameworks {
		fr, ok := compliance.Get(fw)
		if !ok {
			continue
		}
		rep := FrameworkReport{Framework: fw, Title: fr.Title, Citation: fr.Citation, Locations: []BucketLocation{}, Examples: []Example{}}
		typeIdx := map[string]int{}
		for i, t := range fr.Types {
			typeIdx[t.Code] = i
			ids := o.Mapper.Identifiers(fw, t.Code)
			if ids == nil {
				ids = []string{}
				r.Coverage.Undetectable = append(r.Coverage.Undetectable, fmt.Sprintf("%s %s: %s", strings.ToUpper(fw), t.Code, t.Name))
			}
			rep.Types = append(rep.Types, TypeSummary{Code: t.Code, Name: t.Name, Group: t.Group, Citation: t.Citation,
				NeverStore: t.NeverStore, Note: t.Note, Identifiers: ids})
		}
		for _, n := range names {
			b := a.buckets[n]
			loc := BucketLocation{Bucket: n, Exposure: views[n].exposure}
			bt := make([]CodeCount, len(fr.Types))
			for pn, p := range b.prefixes {
				pl := PrefixLocation{Prefix: pn, Objects: p.fwObjects[fw]}
				for i, t := range fr.Types {
					c := p.codes[fw+"/"+t.Code]
					if c == nil {
						continue
					}
					pl.Occurrences += c.occ
					pl.Types = append(pl.Types, CodeCount{Code: t.Code, Occurrences: c.occ, Objects: c.obj})
					bt[i].Code = t.Code
					bt[i].Occurrences += c.occ
					bt[i].Objects += c.obj
				}
				if pl.Occurrences == 0 {
					continue
				}
				loc.Occurrences += pl.Occurrences
				loc.Objects += pl.Objects
				loc.Prefixes = append(loc.Prefixes, pl)
			}
			if loc.Occurrences == 0 {
				continue
			}
			for i, c := range bt {
				if c.Occurrences > 0 {
					loc.Types = append(loc.Types, c)
					ts := &rep.Types[i]
					ts.Occurrences += c.Occurrences
					ts.Objects += c.Objects
					ts.Buckets++
				}
			}
			sort.Slice(loc.Prefixes, func(i, j int) bool {
				pi, pj := loc.Prefixes[i], loc.Prefixes[j]
				if pi.Occurrences != pj.Occurrences {
					return pi.Occurrences > pj.Occurrences
				}
				return pi.Prefix < pj.Prefix
			})
			rep.Occurrences += loc.Occurrences
			rep.Objects += loc.Objects
			rep.Buckets++
			rep.Locations = append(rep.Locations, loc)
		}
		sort.SliceStable(rep.Locations, func(i, j int) bool {
			li, lj := rep.Locations[i], rep.Locations[j]
			if ri, rj := exposureRank[li.Exposure], exposureRank[lj.Exposure]; ri != rj {
				return ri > rj
			}
			if li.Occurrences != lj.Occurrences {
				return li.Occurrences > lj.Occurrences
			}
			return li.Bucket < lj.Bucket
		})
		for _, t := range fr.Types {
			rep.Examples = append(rep.Examples, a.examples[fw+"/"+t.Code]...)
		}
		r.Compliance = append(r.Compliance, rep)
		s.Regulated = append(s.Regulated, FrameworkTotal{Framework: fw, Occurrences: rep.Occurrences, Objects: rep.Objects, Buckets: rep.Buckets})
	}

	// Exposure: exposed buckets holding regulated data first.
	for _, n := range names {
		v := views[n]
		e := BucketExposure{Bucket: n, Exposure: v.exposure, Reasons: v.reasons, Encryption: v.encryption, Score: v.score,
			Findings: a.buckets[n].findings, Regulated: map[string]int64{}, RegulatedObjects: v.regulated}
		for _, fw := range o.Frameworks {
			e.Regulated[fw] = v.fwOcc[fw]
		}
		r.Exposure = append(r.Exposure, e)
	}
	sort.SliceStable(r.Exposure, func(i, j int) bool {
		ei, ej := r.Exposure[i], r.Exposure[j]
		xi := ei.RegulatedObjects > 0 && (ei.Exposure == "public" || ei.Exposure == "shared")
		xj := ej.RegulatedObjects > 0 && (ej.Exposure == "public" || ej.Exposure == "shared")
		if xi != xj {
			return xi
		}
		if ri, rj := exposureRank[ei.Exposure], exposureRank[ej.Exposure]; ri != rj {
			return ri > rj
		}
		if (ei.RegulatedObjects > 0) != (ej.RegulatedObjects > 0) {
			return ei.RegulatedObjects > 0
		}
		if ei.Score != ej.Score {
			return ei.Score > ej.Score
		}
		return ei.Bucket < ej.Bucket
	})

	// Encryption.
	enc := &r.Encryption
	enc.Buckets = []BucketEncryption{}
	for _, n := range names {
		v := views[n]
		if v.encryption == "n/a" {
			continue
		}
		st := encryptionStatus(v.encryption)
		switch st {
		case "encrypted":
			enc.Encrypted++
		case "unencrypted":
			enc.Unencrypted++
			if v.regulated > 0 {
				enc.UnencryptedRegulated++
			}
		default:
			enc.Unknown++
		}
		be := BucketEncryption{Bucket: n, Encryption: v.encryption, Status: st, RegulatedObjects: v.regulated}
		if p, ok := o.Posture[n]; ok && p.Objects != nil {
			be.ObjectsChecked, be.ObjectsUnencrypted, be.ObjectsSource = p.Objects.Checked, p.Objects.Unencrypted, p.Objects.Source
			enc.ObjectsUnencrypted += p.Objects.Unencrypted
		}
		enc.Buckets = append(enc.Buckets, be)
	}
	sort.SliceStable(enc.Buckets, func(i, j int) bool {
		rank := map[string]int{"unencrypted": 2, "unknown": 1, "encrypted": 0}
		bi, bj := enc.Buckets[i], enc.Buckets[j]
		if rank[bi.Status] != rank[bj.Status] {
			return rank[bi.Status] > rank[bj.Status]
		}
		if bi.RegulatedObjects != bj.RegulatedObjects {
			return bi.RegulatedObjects > bj.RegulatedObjects
		}
		return bi.Bucket < bj.Bucket
	})

	if audit != nil {
		r.Remediation = *audit
	}
	if r.Remediation.ByAction == nil {
		r.Remediation.ByAction = []ActionCount{}
	}
	if r.Remediation.Actions == nil {
		r.Remediation.Actions = []Action{}
	}

	// Coverage gaps.
	cv := &r.Coverage
	cv.NotFullyScanned = s.Partial + s.Skipped + s.Failed
	for _, g := range a.groups {
		cv.ByReason = append(cv.ByReason, *g)
	}
	sort.Slice(cv.ByReason, func(i, j int) bool {
		gi, gj := cv.ByReason[i], cv.ByReason[j]
		if gi.Objects != gj.Objects {
			return gi.Objects > gj.Objects
		}
		if gi.Status != gj.Status {
			return gi.Status < gj.Status
		}
		return gi.Reason < gj.Reason
	})
	cv.Objects, cv.Omitted = a.gaps, a.omitted
	for id, c := range a.unmapped {
		cv.Unmapped = append(cv.Unmapped, IdentifierCount{ID: id, Category: c.category, Occurrences: c.occ, Objects: c.obj})
	}
	sortIdents(cv.Unmapped)
	if cv.ByReason == nil {
		cv.ByReason = []GapGroup{}
	}
	if cv.Objects == nil {
		cv.Objects = []Gap{}
	}
	if cv.Unmapped == nil {
		cv.Unmapped = []IdentifierCount{}
	}
	if cv.NoPosture == nil {
		cv.NoPosture = []string{}
	}
	if cv.Undetectable == nil {
		cv.Undetectable = []string{}
	}
	if len(cv.NoPosture) > 0 {
		r.Notices = append(r.Notices, fmt.Sprintf("%d buckets have no posture assessment: their exposure and encryption are unknown.", len(cv.NoPosture)))
	}
	if r.Buckets == nil {
		r.Buckets = []BucketScore{}
	}
	if r.Exposure == nil {
		r.Exposure = []BucketExposure{}
	}
	return r
}

func sortIdents(l []IdentifierCount) {
	sort.Slice(l, func(i, j int) bool {
		if l[i].Occurrences != l[j].Occurrences {
			return l[i].Occurrences > l[j].Occurrences
		}
		return l[i].ID < l[j].ID
	})
}

// Plan is the output of a dry run of `dredge remediate plan --format json`:
// its steps that would change something are the pending actions.
type Plan struct {
	Applied bool              `json:"applied"`
	Steps   []*remediate.Step `json:"steps"`
}

// ReadPlan reads a saved `dredge remediate plan --format json` output.
func ReadPlan(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: not the JSON of dredge remediate: %w", path, err)
	}
	return &p, nil
}

// inSelection reports whether an action on bucket/key is in scope.
func (o *Options) inSelection(bucket, key string) bool {
	if len(o.Selections) == 0 {
		return true
	}
	for _, s := range o.Selections {
		if (s.Bucket == "" || s.Bucket == bucket) && (key == "" || strings.HasPrefix(key, s.Prefix)) {
			return true
		}
	}
	return false
}

// readRemediation counts the actions of the audit log (applied ones are
// taken, unless an undo reverted them) and of a dry-run plan (pending;
// failed to plan), on the buckets in scope, and verifies the log's hash
// chain.
func readRemediation(ctx context.Context, o *Options) (*Remediation, error) {
	rem := &Remediation{}
	by := map[string]*ActionCount{}
	count := func(action, state string) {
		c := by[action]
		if c == nil {
			c = &ActionCount{Action: action}
			by[action] = c
		}
		switch state {
		case "taken":
			rem.Taken++
			c.Taken++
		case "undone":
			rem.Undone++
			c.Undone++
		case "pending":
			rem.Pending++
			c.Pending++
		case "failed":
			rem.Failed++
			c.Failed++
		}
	}
	var list []Action
	keep := func(a Action) {
		if len(list) < o.MaxActions {
			list = append(list, a)
		} else {
			rem.Omitted++
		}
	}
	obj := func(bucket, key string) string {
		if key == "" {
			return ""
		}
		return "s3://" + bucket + "/" + key
	}
	if o.Plan != nil {
		rem.PlanSource = o.PlanFrom
		for _, s := range o.Plan.Steps {
			if s == nil || !o.inSelection(s.Bucket, s.Key) {
				continue
			}
			state := ""
			switch {
			case s.State == remediate.StateError:
				state = "failed"
			case s.State == remediate.StateChange && !o.Plan.Applied:
				state = "pending"
			default:
				continue // done already (noop), skipped, or applied: in the log
			}
			count(s.Action.Type, state)
			keep(Action{ID: s.PlanID, Action: s.Action.Type, Bucket: s.Bucket, Object: obj(s.Bucket, s.Key), Rule: s.Rule,
				State: state, Detail: clip(firstNonEmpty(s.Error, s.Summary), 300)})
		}
	}
	if o.AuditLog != nil {
		rem.Source = o.AuditLog.Location()
		// Undos are rare: collect them first, then count each action once.
		undone := map[string]bool{}
		err := o.AuditLog.List(ctx, func(e *remediate.Entry) error {
			rem.Entries++
			if e.Undoes != "" {
				undone[e.Undoes] = true
			}
			return nil
		})
		if err == nil {
			err = o.AuditLog.List(ctx, func(e *remediate.Entry) error {
				if e.Undoes != "" || e.Action == "undo" || !o.inSelection(e.Bucket, e.Key) {
					return nil
				}
				state := "taken"
				if undone[e.ID] {
					state = "undone"
				}
				count(e.Action, state)
				keep(Action{ID: e.ID, Time: e.Time, Action: e.Action, Bucket: e.Bucket, Object: obj(e.Bucket, e.Key), Rule: e.Rule,
					State: state, Detail: clip(e.Detail, 300)})
				return nil
			})
		}
		if err != nil {
			return nil, fmt.Errorf("audit log %s: %w", rem.Source, err)
		}
		if _, verr := remediate.Verify(ctx, o.AuditLog); verr != nil {
			rem.ChainError = clip(verr.Error(), 300)
		} else {
			rem.ChainVerified = rem.Entries > 0
		}
	}
	for _, c := range by {
		rem.ByAction = append(rem.ByAction, *c)
	}
	sort.Slice(rem.ByAction, func(i, j int) bool { return rem.ByAction[i].Action < rem.ByAction[j].Action })
	// What needs attention first: failed, pending, then undone and taken.
	rank := map[string]int{"failed": 0, "pending": 1, "undone": 2, "taken": 3}
	sort.SliceStable(list, func(i, j int) bool { return rank[list[i].State] < rank[list[j].State] })
	rem.Actions = list
	return rem, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

// diff compares the report with an earlier one.
func diff(cur, prev *Report, against string) *Change {
	c := &Change{Against: against, PreviousAt: prev.GeneratedAt, Summary: []Delta{}, Types: []TypeDelta{}, Buckets: []BucketDelta{}}
	d := func(m string, p, n int64) { c.Summary = append(c.Summary, Delta{m, p, n, n - p}) }
	ps, cs := prev.Summary, cur.Summary
	d("buckets", int64(ps.Buckets), int64(cs.Buckets))
	d("objects", ps.Objects, cs.Objects)
	d("objects_not_fully_scanned", ps.Partial+ps.Skipped+ps.Failed, cs.Partial+cs.Skipped+cs.Failed)
	d("objects_with_findings", ps.ObjectsWithFindings, cs.ObjectsWithFindings)
	d("findings", ps.Findings, cs.Findings)
	d("findings_critical", ps.FindingsBySeverity.Critical, cs.FindingsBySeverity.Critical)
	d("findings_high", ps.FindingsBySeverity.High, cs.FindingsBySeverity.High)
	d("findings_medium", ps.FindingsBySeverity.Medium, cs.FindingsBySeverity.Medium)
	d("findings_low", ps.FindingsBySeverity.Low, cs.FindingsBySeverity.Low)
	prevTypes := map[string]int64{}
	for _, f := range prev.Compliance {
		for _, t := range f.Types {
			prevTypes[f.Framework+"/"+t.Code] = t.Occurrences
		}
	}
	for _, f := range cur.Compliance {
		for _, t := range f.Types {
			p := prevTypes[f.Framework+"/"+t.Code]
			if p == 0 && t.Occurrences == 0 {
				continue
			}
			c.Types = append(c.Types, TypeDelta{Framework: f.Framework, Code: t.Code, Name: t.Name, Previous: p, Current: t.Occurrences, Delta: t.Occurrences - p})
		}
	}
	pb := map[string]BucketScore{}
	for _, b := range prev.Buckets {
		pb[b.Bucket] = b
	}
	seen := map[string]bool{}
	for _, b := range cur.Buckets {
		seen[b.Bucket] = true
		bd := BucketDelta{Bucket: b.Bucket, CurrentScore: b.Score, CurrentFindings: b.Findings}
		if p, ok := pb[b.Bucket]; ok {
			bd.PreviousScore, bd.PreviousFindings = p.Score, p.Findings
			bd.State = "unchanged"
			if p.Score != b.Score || p.Findings != b.Findings {
				bd.State = "changed"
			}
		} else {
			bd.State = "new"
		}
		bd.Delta = bd.CurrentFindings - bd.PreviousFindings
		c.Buckets = append(c.Buckets, bd)
	}
	for _, b := range prev.Buckets {
		if !seen[b.Bucket] {
			c.Buckets = append(c.Buckets, BucketDelta{Bucket: b.Bucket, State: "gone", PreviousScore: b.Score, PreviousFindings: b.Findings, Delta: -b.Findings})
		}
	}
	sort.SliceStable(c.Buckets, func(i, j int) bool { return c.Buckets[i].Bucket < c.Buckets[j].Bucket })
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
