// Package remediate runs remediation rules: it matches scan results and
// bucket posture against the config's rules, plans their actions (tag,
// quarantine, block public access, enforce encryption, notify), applies
// them when told to, records every applied action in an append-only audit
// log with the state before and after, and undoes an action by its ID.
//
// Every action inspects the current state first, so applying a plan twice
// changes nothing the second time. Nothing is deleted before a verified
// copy exists, and an action that fails part-way rolls back what it did.
package remediate

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/user"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/results"
)

// Target is what a rule is matched against: an object with findings
// (Key set) or a bucket.
type Target struct {
	Bucket    string
	Key       string
	ETag      string
	VersionID string
	ScanID    string
	Severity  classifiers.Severity
	// Counts by identifier ID and by category.
	Counts     map[string]int
	Categories map[string]int
	// Posture is the bucket's posture report (nil: unknown).
	Posture *posture.Report
}

// TargetFromRecord makes an object target of a stored result.
func TargetFromRecord(r *results.Record) Target {
	t := Target{Bucket: r.Bucket, Key: r.Key, ETag: r.ETag, VersionID: r.Version, ScanID: r.ScanID, Severity: r.Severity,
		Counts: map[string]int{}, Categories: map[string]int{}}
	for _, f := range r.Findings {
		if f.Count > 0 {
			t.Counts[f.Type] += f.Count
			t.Categories[string(f.Category)] += f.Count
		}
	}
	return t
}

func (t *Target) total() int {
	n := 0
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// Name is s3://bucket[/key].
func (t *Target) Name() string {
	if t.Key == "" {
		return "s3://" + t.Bucket
	}
	return "s3://" + t.Bucket + "/" + t.Key
}

// Step states.
const (
	StateChange = "change" // would change (plan) / changed (apply)
	StateNoop   = "noop"   // already in the wanted state
	StateSkip   = "skip"   // not applicable now (object gone or changed since its scan)
	StateError  = "error"
)

// Step is one action of one rule on one target.
type Step struct {
	// PlanID identifies the step (rule, action, target) across runs.
	PlanID  string       `json:"plan_id"`
	Rule    string       `json:"rule"`
	Action  rules.Action `json:"action"`
	Bucket  string       `json:"bucket"`
	Key     string       `json:"key,omitempty"`
	State   string       `json:"state"`
	Summary string       `json:"summary"`
	Before  any          `json:"before,omitempty"`
	After   any          `json:"after,omitempty"`
	Error   string       `json:"error,omitempty"`
	// ActionID is the audit log ID of the applied action (undo takes it).
	ActionID string `json:"action_id,omitempty"`

	target *Target
	// objects are the keys of the object targets that made a bucket
	// action of an object rule: block_public then reads only their ACLs
	// instead of listing the bucket (an auto rule runs once per scanned
	// object).
	objects []string
}

// Engine plans and applies remediation.
type Engine struct {
	Client *minio.Client
	Config rules.Config
	Log    AuditLog
	// Actor and Trigger go into audit entries (Actor default: user@host).
	Actor   string
	Trigger string
	// OwnerAccount for the posture judgement of policies (see
	// posture.Checker).
	OwnerAccount string
	// HTTPClient sends notifications (default: 15s timeout).
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
	// Locker serializes changes to a bucket's policy, ACL and encryption
	// across processes (nil: within this process only).
	Locker Locker
	// Reencrypted, when set, is told of each object the engine
	// re-encrypted in place (queue.Aggregates.Reencrypted): the content and
	// often the ETag stay, so no rescan would correct the scan-time counts
	// by encryption that posture reports use.
	Reencrypted func(ctx context.Context, bucket, key, sse string) error

	// rewritten holds the new ETags of objects this engine copied in
	// place (re-encryption): same content, so not "changed since scan".
	rewritten *sync.Map // "bucket/key" -> new ETag
}

// rw returns the rewritten map. An Engine runs one plan at a time; the
// task handler gives each task a copy of its own.
func (e *Engine) rw() *sync.Map {
	if e.rewritten == nil {
		e.rewritten = &sync.Map{}
	}
	return e.rewritten
}

func (e *Engine) logger() *slog.Logger {
	if e.Logger != nil {
		return e.Logger
	}
	return slog.Default()
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) api() posture.API { return posture.API{Client: e.Client} }

func (e *Engine) actor() string {
	if e.Actor != "" {
		return e.Actor
	}
	if e.Config.Actor != "" {
		return e.Config.Actor
	}
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return name + "@" + host
}

// MatchObject reports whether rule r matches an object target.
func MatchObject(r *rules.Rule, t *Target) bool {
	if t.Key == "" || t.total() == 0 || !r.ObjectRule() {
		return false
	}
	m := &r.Match
	if !rules.MatchBucket(m.Buckets, t.Bucket) || !rules.MatchKey(m.Keys, t.Key) {
		return false
	}
	if len(m.Identifiers) > 0 && !slices.ContainsFunc(m.Identifiers, func(id string) bool { return t.Counts[id] > 0 }) {
		return false
	}
	if len(m.Categories) > 0 && !slices.ContainsFunc(m.Categories, func(c string) bool { return t.Categories[strings.ToUpper(c)] > 0 }) {
		return false
	}
	if m.MinSeverity != "" {
		min, _ := classifiers.ParseSeverity(m.MinSeverity)
		if t.Severity < min {
			return false
		}
	}
	return matchPosture(m, t.Posture)
}

// MatchBucket reports whether a bucket rule (no object criteria) matches.
func MatchBucket(r *rules.Rule, t *Target) bool {
	if r.ObjectRule() {
		return false
	}
	return rules.MatchBucket(r.Match.Buckets, t.Bucket) && matchPosture(&r.Match, t.Posture)
}

func matchPosture(m *rules.Match, p *posture.Report) bool {
	if len(m.Posture) == 0 {
		return true
	}
	if p == nil {
		return false
	}
	return slices.ContainsFunc(m.Posture, p.Has)
}

func planID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Plan matches the rules (only auto ones when autoOnly) against object and
// bucket targets and returns the steps, in rule order. It reads nothing:
// Inspect fills in each step's state.
func (e *Engine) Plan(objects, buckets []Target, autoOnly bool) []*Step {
	var steps []*Step
	seen := map[string]*Step{}
	add := func(r *rules.Rule, ai int, t *Target, onBucket bool) {
		a := r.Actions[ai]
		s := &Step{Rule: r.Name, Action: a, Bucket: t.Bucket, target: t}
		if !onBucket {
			s.Key = t.Key
		}
		s.PlanID = planID(r.Name, fmt.Sprint(ai), s.Bucket, s.Key)
		if prev := seen[s.PlanID]; prev != nil {
			if onBucket && t.Key != "" {
				prev.objects = append(prev.objects, t.Key)
			}
			return
		}
		if onBucket && t.Key != "" {
			s.objects = []string{t.Key}
		}
		seen[s.PlanID] = s
		steps = append(steps, s)
	}
	for i := range e.Config.Rules {
		r := &e.Config.Rules[i]
		if autoOnly && !r.Auto {
			continue
		}
		if r.ObjectRule() {
			for j := range objects {
				t := &objects[j]
				if !MatchObject(r, t) {
					continue
				}
				for ai, a := range r.Actions {
					add(r, ai, t, !a.ObjectAction() && a.Type != rules.Notify)
				}
			}
			continue
		}
		for j := range buckets {
			t := &buckets[j]
			if MatchBucket(r, t) {
				for ai := range r.Actions {
					add(r, ai, t, true)
				}
			}
		}
	}
	return steps
}

// change is what an action found or did.
type change struct {
	state   string
	summary string
	before  any
	after   any
}

// action is one action type.
type action interface {
	inspect(ctx context.Context, e *Engine, s *Step) (change, error)
	apply(ctx context.Context, e *Engine, s *Step) (change, error)
	undo(ctx context.Context, e *Engine, en *Entry, force bool) (change, error)
}

func actionFor(t string) (action, error) {
	switch t {
	case rules.Tag:
		return tagAction{}, nil
	case rules.Quarantine:
		return quarantineAction{}, nil
	case rules.BlockPublic:
		return blockPublicAction{}, nil
	case rules.EnforceEncryption:
		return encryptionAction{}, nil
	case rules.Notify:
		return notifyAction{}, nil
	}
	return nil, fmt.Errorf("unknown action type %q", t)
}

// Inspect fills in each step's state without changing anything (the dry
// run).
func (e *Engine) Inspect(ctx context.Context, steps []*Step) error {
	var errs []error
	for _, s := range steps {
		act, err := actionFor(s.Action.Type)
		if err == nil {
			var c change
			c, err = act.inspect(ctx, e, s)
			s.State, s.Summary, s.Before, s.After = c.state, c.summary, c.before, c.after
		}
		if err != nil {
			s.State, s.Error = StateError, err.Error()
			errs = append(errs, fmt.Errorf("%s %s on %s: %w", s.Rule, s.Action.Type, s.target.Name(), err))
		}
	}
	return errors.Join(errs...)
}

// Apply runs every step: each inspects the current state, changes what
// needs changing and writes an audit entry; a step already done is a
// no-op and writes nothing. It goes on after a failed step and returns
// every failure.
func (e *Engine) Apply(ctx context.Context, steps []*Step) error {
	if e.Log == nil {
		return errors.New("no audit log: refusing to change anything")
	}
	var errs []error
	for _, s := range steps {
		if err := e.applyStep(ctx, s); err != nil {
			s.State, s.Error = StateError, err.Error()
			errs = append(errs, fmt.Errorf("%s %s on %s: %w", s.Rule, s.Action.Type, s.target.Name(), err))
		}
	}
	return errors.Join(errs...)
}

func (e *Engine) applyStep(ctx context.Context, s *Step) error {
	act, err := actionFor(s.Action.Type)
	if err != nil {
		return err
	}
	// The lock covers the read (apply inspects again), the write and the
	// audit entry.
	unlock, err := e.lockBucket(ctx, s.Action.Type, s.Action.Original, s.Bucket)
	if err != nil {
		return err
	}
	defer unlock()
	c, err := act.apply(ctx, e, s)
	s.State, s.Summary, s.Before, s.After = c.state, c.summary, c.before, c.after
	if err != nil {
		return err
	}
	if c.state != StateChange {
		return nil
	}
	en := &Entry{ID: newActionID(e.now()), Time: e.now().UTC().Format(time.RFC3339Nano), Actor: e.actor(), Rule: s.Rule,
		Action: s.Action.Type, Bucket: s.Bucket, Key: s.Key, Trigger: e.Trigger, Outcome: "applied", Detail: c.summary}
	if t := s.target; t != nil && s.Key != "" {
		en.ETag, en.Version, en.ScanID = t.ETag, t.VersionID, t.ScanID
	}
	if s.Action.Type == rules.Notify {
		en.Idem = notifyIdem(s)
	}
	en.Before, _ = json.Marshal(c.before)
	en.After, _ = json.Marshal(c.after)
	if err := e.Log.Append(ctx, en); err != nil {
		// The change is made but not recorded: say so loudly.
		return fmt.Errorf("applied, but writing the audit log failed: %w", err)
	}
	s.ActionID = en.ID
	if e.Logger != nil {
		e.Logger.Info("remediation applied", "action_id", en.ID, "rule", s.Rule, "action", s.Action.Type, "bucket", s.Bucket, "key", s.Key)
	}
	return nil
}

func newActionID(t time.Time) string {
	var b [4]byte
	rand.Read(b[:])
	return "a-" + t.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}

// Undo reverts the action with audit ID id and records the undo. An
// action already undone is a no-op. Unless force, it refuses when the
// state changed since the action (it would overwrite someone else's
// change).
func (e *Engine) Undo(ctx context.Context, id string, force bool) (*Entry, error) {
	if e.Log == nil {
		return nil, errors.New("no audit log")
	}
	en, err := Find(ctx, e.Log, id)
	if err != nil {
		return nil, err
	}
	if en.Action == "undo" {
		return nil, fmt.Errorf("%s is itself an undo; undo the action it reverted instead, or apply again", id)
	}
	// Locked from before the "undone already?" check, so two undos of one
	// such action at once do it once. Any quarantine's undo is locked: its
	// entry does not say whether it locked the original down.
	unlock, err := e.lockBucket(ctx, en.Action, "lockdown", en.Bucket)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var undone *Entry
	err = e.Log.List(ctx, func(x *Entry) error {
		if x.Undoes == id {
			undone = x
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if undone != nil {
		return undone, nil
	}
	act, err := actionFor(en.Action)
	if err != nil {
		return nil, err
	}
	c, err := act.undo(ctx, e, en, force)
	if err != nil {
		return nil, err
	}
	u := &Entry{ID: newActionID(e.now()), Time: e.now().UTC().Format(time.RFC3339Nano), Actor: e.actor(), Rule: en.Rule,
		Action: "undo", Bucket: en.Bucket, Key: en.Key, Version: en.Version, ETag: en.ETag, Undoes: id, Trigger: e.Trigger,
		Outcome: "undone", Detail: "undid " + en.Action + " " + id}
	u.Before, _ = json.Marshal(c.before)
	u.After, _ = json.Marshal(c.after)
	if err := e.Log.Append(ctx, u); err != nil {
		return nil, fmt.Errorf("undone, but writing the audit log failed: %w", err)
	}
	return u, nil
}

// Counts returns how many steps are in each state.
func Counts(steps []*Step) map[string]int {
	m := map[string]int{}
	for _, s := range steps {
		m[s.State]++
	}
	return m
}
