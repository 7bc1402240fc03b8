package remediate

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/encrypt"
	"github.com/minio/minio-go/v7/pkg/tags"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/results"
	"github.com/dredge-dev/dredge/scanner"
)

// checkUndo undoes id, then checks a second undo adds nothing.
func checkUndo(t *testing.T, e *Engine, id string) *Entry {
	t.Helper()
	ctx := context.Background()
	n := len(entries(t, e.Log))
	u, err := e.Undo(ctx, id, false)
	if err != nil {
		t.Fatalf("undo: %v", err)
	}
	if u.Undoes != id || len(entries(t, e.Log)) != n+1 {
		t.Fatalf("undo entry %+v", u)
	}
	u2, err := e.Undo(ctx, id, false)
	if err != nil || u2.ID != u.ID || len(entries(t, e.Log)) != n+1 {
		t.Fatalf("second undo: %v %+v", err, u2)
	}
	return u
}

// applyTwice applies, checks one change and its audit entry, applies again
// and checks nothing changed.
func applyTwice(t *testing.T, e *Engine, objs, buckets []Target) *Step {
	t.Helper()
	n := len(entries(t, e.Log))
	steps := run(t, e, objs, buckets)
	if len(steps) != 1 || steps[0].State != StateChange || steps[0].ActionID == "" {
		t.Fatalf("first run: %s %+v", states(steps), steps[0])
	}
	es := entries(t, e.Log)
	if len(es) != n+1 {
		t.Fatalf("%d audit entries, want %d", len(es), n+1)
	}
	last := es[len(es)-1]
	if last.ID != steps[0].ActionID || last.Actor != "test" || last.Rule != steps[0].Rule || last.Time == "" ||
		len(last.Before) == 0 || len(last.After) == 0 {
		t.Fatalf("audit entry %+v", last)
	}
	again := run(t, e, objs, buckets)
	if again[0].State != StateNoop {
		t.Fatalf("second run: %s (%s)", states(again), again[0].Summary)
	}
	// The dry run agrees.
	plan := e.Plan(objs, buckets, false)
	if err := e.Inspect(context.Background(), plan); err != nil || plan[0].State != StateNoop {
		t.Fatalf("plan after apply: %v %s", err, states(plan))
	}
	if len(entries(t, e.Log)) != n+1 {
		t.Fatal("a no-op run wrote to the audit log")
	}
	return steps[0]
}

func TestTagAction(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("data")
	tg, _ := tags.NewTags(map[string]string{"owner": "alice"}, true)
	info := env.put("data", "cards.csv", "card\n4111 1111 1111 1111\n", minio.PutObjectOptions{UserTags: tg.ToMap()})
	e := env.engine(rules.Config{Rules: []rules.Rule{{Name: "tag-financial", Match: rules.Match{Categories: []string{"FINANCIAL"}},
		Actions: []rules.Action{{Type: rules.Tag}}}}})
	obj := []Target{cardTarget("data", "cards.csv", info.ETag)}
	// Dry run: nothing changes.
	plan := e.Plan(obj, nil, false)
	if err := e.Inspect(ctx, plan); err != nil || plan[0].State != StateChange {
		t.Fatalf("%v %s", err, states(plan))
	}
	if m, _ := objTags(ctx, env.cl, "data", "cards.csv", ""); len(m) != 1 {
		t.Fatalf("dry run tagged: %v", m)
	}
	st := applyTwice(t, e, obj, nil)
	m, _ := objTags(ctx, env.cl, "data", "cards.csv", "")
	if m["dredge-classification"] != "FINANCIAL" || m["owner"] != "alice" {
		t.Fatalf("tags %v", m)
	}
	checkUndo(t, e, st.ActionID)
	m, _ = objTags(ctx, env.cl, "data", "cards.csv", "")
	if len(m) != 1 || m["owner"] != "alice" {
		t.Fatalf("after undo %v", m)
	}
	// A changed object (new ETag) is skipped, not tagged.
	env.put("data", "cards.csv", "other content", minio.PutObjectOptions{})
	steps := e.Plan(obj, nil, false)
	if err := e.Apply(ctx, steps); err != nil || steps[0].State != StateSkip {
		t.Fatalf("stale object: %v %s", err, states(steps))
	}
}

func TestQuarantineAction(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("data")
	env.bucket("quarantine")
	kms, err := encrypt.NewSSEKMS(env.minio.KMSKeyID, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("name,card\nJo,4111111111111111\n", 1000)
	info := env.put("data", "in/cards.csv", body, minio.PutObjectOptions{ServerSideEncryption: kms, ContentType: "text/csv",
		UserMetadata: map[string]string{"team": "billing"}})
	e := env.engine(rules.Config{QuarantineBucket: "quarantine", Rules: []rules.Rule{{Name: "q-cards",
		Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Quarantine}}}}})
	obj := []Target{cardTarget("data", "in/cards.csv", info.ETag)}
	st := applyTwice(t, e, obj, nil)
	if _, ok, _ := statCurrent(ctx, env.cl, "data", "in/cards.csv"); ok {
		t.Fatal("original still there")
	}
	q, ok, err := statCurrent(ctx, env.cl, "quarantine", "data/in/cards.csv")
	if err != nil || !ok {
		t.Fatalf("no quarantined copy: %v", err)
	}
	if meta(q, metaSource) != "s3://data/in%2Fcards.csv" || meta(q, metaETag) == "" || meta(q, metaSHA256) == "" ||
		meta(q, metaRule) != "q-cards" || meta(q, "team") != "billing" {
		t.Fatalf("provenance %v", q.UserMetadata)
	}
	if got := read(t, env.cl, "quarantine", "data/in/cards.csv"); got != body {
		t.Fatal("quarantined content differs")
	}
	checkUndo(t, e, st.ActionID)
	if got := read(t, env.cl, "data", "in/cards.csv"); got != body {
		t.Fatal("restored content differs")
	}
	r, _, _ := statCurrent(ctx, env.cl, "data", "in/cards.csv")
	if meta(r, "team") != "billing" || meta(r, metaSource) != "" {
		t.Fatalf("restored metadata %v", r.UserMetadata)
	}
	if _, ok, _ := statCurrent(ctx, env.cl, "quarantine", "data/in/cards.csv"); ok {
		t.Fatal("quarantined copy left after undo")
	}
}

// TestQuarantineVersioned: in a versioned bucket the quarantine deletes
// the scanned version, so the key serves its previous version again; the
// step and the audit record say so, with the version, and a key sharing
// the prefix is not counted.
func TestQuarantineVersioned(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("vdata")
	env.bucket("quarantine")
	if err := env.cl.EnableVersioning(ctx, "vdata"); err != nil {
		t.Fatal(err)
	}
	v1 := env.put("vdata", "k.csv", "name,card\nJo,4111111111111111\n", minio.PutObjectOptions{})
	v2 := env.put("vdata", "k.csv", "name,card\nAl,5500000000000004\n", minio.PutObjectOptions{})
	env.put("vdata", "k.csv.bak", "name,card\nJo,4111111111111111\n", minio.PutObjectOptions{})
	if v1.VersionID == "" || v2.VersionID == "" || v1.VersionID == v2.VersionID {
		t.Fatalf("versions %q %q", v1.VersionID, v2.VersionID)
	}
	e := env.engine(rules.Config{QuarantineBucket: "quarantine", Rules: []rules.Rule{{Name: "q-cards",
		Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Quarantine}}}}})
	auditAfter := func() quarantineState {
		t.Helper()
		es := entries(t, e.Log)
		var q quarantineState
		if err := json.Unmarshal(es[len(es)-1].After, &q); err != nil {
			t.Fatal(err)
		}
		return q
	}

	steps := run(t, e, []Target{cardTarget("vdata", "k.csv", v2.ETag)}, nil)
	if steps[0].State != StateChange || !strings.Contains(steps[0].Summary, "1 other version(s) of the key remain") ||
		!strings.Contains(steps[0].Summary, v1.VersionID) {
		t.Fatalf("quarantine of the newest version: %s %q", steps[0].State, steps[0].Summary)
	}
	if q := auditAfter(); q.Original != "deleted" || q.OtherVersions != 1 || q.KeyServes != v1.VersionID || q.Version != v2.VersionID {
		t.Fatalf("audit record %+v", q)
	}
	if cur, ok, _ := statCurrent(ctx, env.cl, "vdata", "k.csv"); !ok || cur.VersionID != v1.VersionID {
		t.Fatalf("the key serves %q, want the previous version %q", cur.VersionID, v1.VersionID)
	}

	// The version it serves now, once scanned and quarantined, was the last.
	if err := env.cl.RemoveObject(ctx, "quarantine", "vdata/k.csv", minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	steps = run(t, e, []Target{cardTarget("vdata", "k.csv", v1.ETag)}, nil)
	if steps[0].State != StateChange || strings.Contains(steps[0].Summary, "remain") {
		t.Fatalf("quarantine of the last version: %s %q", steps[0].State, steps[0].Summary)
	}
	if q := auditAfter(); q.OtherVersions != 0 || q.KeyServes != "" || q.VersionsNote != "" {
		t.Fatalf("audit record %+v", q)
	}
	if _, ok, _ := statCurrent(ctx, env.cl, "vdata", "k.csv"); ok {
		t.Fatal("the key still serves a version")
	}
}

func TestQuarantineLockdown(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("data")
	env.bucket("quarantine")
	info := env.put("data", "cards.csv", "4111111111111111", minio.PutObjectOptions{})
	// A public bucket: the lockdown's Deny must hold against it.
	pub := `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}`
	if err := env.cl.SetBucketPolicy(ctx, "data", pub); err != nil {
		t.Fatal(err)
	}
	if code := anonGet(t, env.minio.URL()+"/data/cards.csv"); code != 200 {
		t.Fatalf("anonymous GET before: %d", code)
	}
	e := env.engine(rules.Config{QuarantineBucket: "quarantine", Rules: []rules.Rule{{Name: "lock",
		Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Quarantine, Original: "lockdown"}}}}})
	obj := []Target{cardTarget("data", "cards.csv", info.ETag)}
	st := applyTwice(t, e, obj, nil)
	if _, ok, _ := statCurrent(ctx, env.cl, "data", "cards.csv"); !ok {
		t.Fatal("lockdown deleted the original")
	}
	if m, _ := objTags(ctx, env.cl, "data", "cards.csv", ""); m[quarantineTg] != "quarantine/data/cards.csv" {
		t.Fatalf("tags %v", m)
	}
	if code := anonGet(t, env.minio.URL()+"/data/cards.csv"); code != 403 {
		t.Fatalf("anonymous GET after lockdown: %d", code)
	}
	checkUndo(t, e, st.ActionID)
	if code := anonGet(t, env.minio.URL()+"/data/cards.csv"); code != 200 {
		t.Fatalf("anonymous GET after undo: %d", code)
	}
	doc, _ := env.cl.GetBucketPolicy(ctx, "data")
	if strings.Contains(doc, lockdownSid) {
		t.Fatalf("policy after undo %s", doc)
	}
}

func TestBlockPublicPolicy(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("web")
	env.put("web", "index.html", "<html>", minio.PutObjectOptions{})
	doc := `{"Version":"2012-10-17","Statement":[
		{"Sid":"PublicRead","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::web/*"]},
		{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::web/*"]},
		{"Sid":"Office","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::web"],"Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/16"]}}}]}`
	if err := env.cl.SetBucketPolicy(ctx, "web", doc); err != nil {
		t.Fatal(err)
	}
	ck := &posture.Checker{Client: env.cl, Probe: true}
	rep, _ := ck.Check(ctx, "web")
	if !rep.Public || rep.Probe.Get != "allowed" {
		t.Fatalf("before: %+v", rep.Probe)
	}
	e := env.engine(rules.Config{Rules: []rules.Rule{{Name: "no-public", Match: rules.Match{Posture: []string{"S3BucketPublic"}},
		Actions: []rules.Action{{Type: rules.BlockPublic}}}}})
	buckets := []Target{{Bucket: "web", Posture: rep}}
	st := applyTwice(t, e, nil, buckets)
	if !strings.Contains(st.Summary, "PublicRead") {
		t.Errorf("summary %q", st.Summary)
	}
	rep2, _ := ck.Check(ctx, "web")
	if rep2.Public || rep2.Probe.Get != "denied" {
		t.Fatalf("after: public=%v probe=%+v", rep2.Public, rep2.Probe)
	}
	p, _ := env.cl.GetBucketPolicy(ctx, "web")
	if !strings.Contains(p, "Partner") || !strings.Contains(p, "Office") || strings.Contains(p, "PublicRead") {
		t.Fatalf("kept policy %s", p)
	}
	checkUndo(t, e, st.ActionID)
	rep3, _ := ck.Check(ctx, "web")
	if !rep3.Public || rep3.Probe.Get != "allowed" {
		t.Fatalf("after undo: %+v", rep3.Probe)
	}
	// A policy of public statements only is deleted, and restored by undo.
	only := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::web/*"]}]}`
	if err := env.cl.SetBucketPolicy(ctx, "web", only); err != nil {
		t.Fatal(err)
	}
	st = applyTwice(t, e, nil, buckets)
	if p, _ := env.cl.GetBucketPolicy(ctx, "web"); p != "" {
		t.Fatalf("policy not deleted: %s", p)
	}
	checkUndo(t, e, st.ActionID)
	if p, _ := env.cl.GetBucketPolicy(ctx, "web"); p == "" {
		t.Fatal("policy not restored")
	}
}

func TestBlockPublicACLMoto(t *testing.T) {
	env := newMoto(t)
	ctx := context.Background()
	api := posture.API{Client: env.cl}
	env.bucket("shared")
	acl, err := api.BucketACL(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	owner := acl.Owner.ID
	acl.Grants = append(acl.Grants,
		posture.Grant{Grantee: posture.Grantee{Type: "Group", URI: posture.AllUsersURI}, Permission: "READ"},
		posture.Grant{Grantee: posture.Grantee{Type: "Group", URI: posture.AuthenticatedUsersURI}, Permission: "WRITE"},
		posture.Grant{Grantee: posture.Grantee{Type: "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery"}, Permission: "WRITE"})
	if err := api.PutBucketACL(ctx, "shared", acl); err != nil {
		t.Fatal(err)
	}
	ck := &posture.Checker{Client: env.cl}
	rep, _ := ck.Check(ctx, "shared")
	if !rep.Public || rep.PublicAccess.State != posture.Off {
		t.Fatalf("before: %+v %+v", rep.ACL, rep.PublicAccess)
	}
	e := env.engine(rules.Config{Rules: []rules.Rule{{Name: "lock-acl", Match: rules.Match{Posture: []string{"S3BucketPublic"}},
		Actions: []rules.Action{{Type: rules.BlockPublic, PublicAccessBlock: true}}}}})
	buckets := []Target{{Bucket: "shared", Posture: rep}}
	st := applyTwice(t, e, nil, buckets)
	after, _ := api.BucketACL(ctx, "shared")
	var groups []string
	for _, g := range after.Grants {
		groups = append(groups, g.Grantee.URI+g.Grantee.ID)
	}
	if len(after.Grants) != 2 || !slices.Contains(groups, owner) || !slices.Contains(groups, "http://acs.amazonaws.com/groups/s3/LogDelivery") {
		t.Fatalf("ACL after: %v", groups)
	}
	pab, configured, err := api.PublicAccessBlock(ctx, "shared")
	if err != nil || !configured || !pab.All() {
		t.Fatalf("public access block after: %+v %v %v", pab, configured, err)
	}
	if rep, _ := ck.Check(ctx, "shared"); rep.Public {
		t.Fatal("still public")
	}
	checkUndo(t, e, st.ActionID)
	back, _ := api.BucketACL(ctx, "shared")
	if !posture.AnalyzeACL(back, false).Public || len(back.Grants) != 4 {
		t.Fatalf("ACL after undo: %+v", back.Grants)
	}
	if _, configured, _ := api.PublicAccessBlock(ctx, "shared"); configured {
		t.Fatal("public access block left after undo")
	}
}

func TestEnforceEncryption(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("plain")
	env.put("plain", "a.txt", "alpha", minio.PutObjectOptions{UserMetadata: map[string]string{"k": "v"}})
	env.put("plain", "b.txt", "beta", minio.PutObjectOptions{ServerSideEncryption: encrypt.NewSSE()})
	env.put("plain", "c.txt", "gamma", minio.PutObjectOptions{}) // never scanned
	// The scans' records of a.txt and b.txt, with the encryption their GETs saw.
	rds := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: rds.Addr})
	t.Cleanup(func() { rdb.Close() })
	agg := &queue.Aggregates{R: rdb}
	for k, sse := range map[string]string{"a.txt": "none", "b.txt": "AES256"} {
		rec := &results.Record{Result: scanner.Result{Object: "s3://plain/" + k, Status: scanner.Complete, Findings: []scanner.Finding{}},
			Bucket: "plain", Key: k, ScanID: results.ScanID("plain", k, k, "test"), SSE: sse}
		if _, err := agg.Apply(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	rep, _ := (&posture.Checker{Client: env.cl}).Check(ctx, "plain")
	e := env.engine(rules.Config{Rules: []rules.Rule{{Name: "kms", Match: rules.Match{Posture: []string{"S3BucketEncryptionDisabled"}},
		Actions: []rules.Action{{Type: rules.EnforceEncryption, SSE: "SSE-KMS", KMSKeyID: env.minio.KMSKeyID, Reencrypt: true}}}}})
	e.Reencrypted = agg.Reencrypted
	buckets := []Target{{Bucket: "plain", Posture: rep}}
	st := applyTwice(t, e, nil, buckets)
	if a := st.After.(encryptionState); a.Reencrypted != 3 {
		t.Fatalf("after %+v", a)
	}
	// The recorded objects moved to aws:kms in the counts posture reports
	// use (their ETags may not change: no rescan would); c.txt, never
	// scanned, is not counted.
	if bs, err := agg.Bucket(ctx, "plain"); err != nil || bs.SSE.Checked != 2 || bs.SSE.Unencrypted != 0 ||
		bs.SSE.ByAlgorithm["aws:kms"] != 2 || len(bs.SSE.ByAlgorithm) != 1 {
		t.Fatalf("recorded encryption after re-encryption: %v %+v", err, bs.SSE)
	}
	cur, _ := readEncryption(ctx, env.cl, "plain")
	if cur.Algorithm != "aws:kms" || !sameKey(cur.KMSKeyID, env.minio.KMSKeyID) {
		t.Fatalf("bucket encryption %+v", cur)
	}
	for k, want := range map[string]string{"a.txt": "alpha", "b.txt": "beta", "c.txt": "gamma"} {
		h, _, _ := statCurrent(ctx, env.cl, "plain", k)
		if posture.ObjectSSE(h.Metadata) != "aws:kms" || read(t, env.cl, "plain", k) != want {
			t.Fatalf("%s: %v", k, h.Metadata)
		}
	}
	if h, _, _ := statCurrent(ctx, env.cl, "plain", "a.txt"); meta(h, "k") != "v" {
		t.Fatal("re-encryption lost metadata")
	}
	checkUndo(t, e, st.ActionID)
	if cur, _ := readEncryption(ctx, env.cl, "plain"); cur.Algorithm != "" {
		t.Fatalf("after undo %+v", cur)
	}
	// SSE-S3 without re-encryption.
	e.Config.Rules[0].Actions[0] = rules.Action{Type: rules.EnforceEncryption, SSE: "SSE-S3"}
	st = applyTwice(t, e, nil, buckets)
	if cur, _ := readEncryption(ctx, env.cl, "plain"); cur.Algorithm != "AES256" {
		t.Fatalf("SSE-S3: %+v", cur)
	}
	checkUndo(t, e, st.ActionID)
}

func TestNotify(t *testing.T) {
	env := newMinIO(t)
	env.bucket("data")
	info := env.put("data", "cards.csv", "4111111111111111", minio.PutObjectOptions{})
	var mu sync.Mutex
	var got []*http.Request
	var bodies [][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, bodies = append(got, r), append(bodies, b)
		mu.Unlock()
	}))
	defer srv.Close()
	t.Setenv("TEST_HOOK_SECRET", "s3cr3t")
	cfg := rules.Config{Webhooks: map[string]rules.Webhook{
		"sec":   {URL: srv.URL + "/hook", SecretEnv: "TEST_HOOK_SECRET"},
		"slack": {URL: srv.URL + "/slack", SecretEnv: "TEST_HOOK_SECRET", Format: "slack"}},
		Rules: []rules.Rule{{Name: "tell", Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}},
			Actions: []rules.Action{{Type: rules.Notify, Webhook: "sec"}}}}}
	e := env.engine(cfg)
	obj := []Target{cardTarget("data", "cards.csv", info.ETag)}
	st := applyTwice(t, e, obj, nil)
	if len(got) != 1 {
		t.Fatalf("%d notifications, want 1", len(got))
	}
	if err := VerifySignature([]byte("s3cr3t"), got[0].Header, bodies[0], time.Minute); err != nil {
		t.Fatal(err)
	}
	var n Notification
	if err := json.Unmarshal(bodies[0], &n); err != nil || n.Counts["CREDIT_CARD_NUMBER"] != 2 || n.Key != "cards.csv" || n.Rule != "tell" {
		t.Fatalf("%v %s", err, bodies[0])
	}
	if bytes.Contains(bodies[0], []byte("4111")) {
		t.Fatal("a raw value in the notification")
	}
	if _, err := e.Undo(context.Background(), st.ActionID, false); err == nil {
		t.Fatal("a notification was undone")
	}
	// Slack-compatible payload.
	e.Config.Rules[0].Actions[0].Webhook = "slack"
	applyTwice(t, e, obj, nil)
	var sl struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(bodies[1], &sl); err != nil || !strings.Contains(sl.Text, "CREDIT_CARD_NUMBER×2") || got[1].URL.Path != "/slack" {
		t.Fatalf("slack payload %s", bodies[1])
	}
	// No secret: refused, not sent unsigned.
	t.Setenv("TEST_HOOK_SECRET", "")
	e.Config.Rules[0].Actions[0].Webhook = "sec"
	obj[0].ScanID = "another-scan"
	steps := e.Plan(obj, nil, false)
	if err := e.Apply(context.Background(), steps); err == nil || len(got) != 2 {
		t.Fatalf("unsigned send: %v, %d sent", err, len(got))
	}
}

func read(t *testing.T, cl *minio.Client, bucket, key string) string {
	t.Helper()
	o, err := cl.GetObject(context.Background(), bucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func anonGet(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestBlockPublicObjectACLMoto: block_public also removes the public grants
// (AllUsers, AuthenticatedUsers) of the ACLs of the objects in scope of its
// rule and keeps every other grant; the plan shows it, a second apply is a
// no-op, the audit entry holds each ACL before and after, and undo puts the
// old ACLs back (refusing, unless forced, an ACL changed since).
func TestBlockPublicObjectACLMoto(t *testing.T) {
	env := newMoto(t)
	ctx := context.Background()
	api := posture.API{Client: env.cl}
	env.bucket("objs")
	const logDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery"
	grant := func(key string, gs ...posture.Grant) {
		t.Helper()
		acl, err := api.ObjectACL(ctx, "objs", key)
		if err != nil {
			t.Fatal(err)
		}
		acl.Grants = append(acl.Grants, gs...)
		if err := api.PutObjectACL(ctx, "objs", key, acl); err != nil {
			t.Fatal(err)
		}
	}
	group := func(uri, perm string) posture.Grant {
		return posture.Grant{Grantee: posture.Grantee{Type: "Group", URI: uri}, Permission: perm}
	}
	groups := func(key string) []string {
		t.Helper()
		acl, err := api.ObjectACL(ctx, "objs", key)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, g := range acl.Grants {
			if g.Grantee.URI != "" {
				out = append(out, strings.TrimPrefix(g.Grantee.URI, "http://acs.amazonaws.com/groups/")+":"+g.Permission)
			} else {
				out = append(out, "owner:"+g.Permission)
			}
		}
		slices.Sort(out)
		return out
	}
	a := env.put("objs", "public/a.csv", "a", minio.PutObjectOptions{})
	b := env.put("objs", "public/b.csv", "b", minio.PutObjectOptions{})
	env.put("objs", "public/c.csv", "c", minio.PutObjectOptions{})
	env.put("objs", "public/e.csv", "e", minio.PutObjectOptions{})
	env.put("objs", "other/d.csv", "d", minio.PutObjectOptions{})
	// (moto answers GetObjectAcl with the first grantee of each
	// permission only: one grantee per permission here.)
	grant("public/a.csv", group(posture.AllUsersURI, "READ"), group(logDelivery, "READ_ACP"))
	grant("public/b.csv", group(posture.AuthenticatedUsersURI, "READ"), group(posture.AuthenticatedUsersURI, "READ_ACP"))
	grant("other/d.csv", group(posture.AllUsersURI, "READ"))
	grant("public/e.csv", group(posture.AllUsersURI, "READ")) // in the globs, no findings
	origA, origB, origC := groups("public/a.csv"), groups("public/b.csv"), groups("public/c.csv")
	if !slices.Equal(origA, []string{"global/AllUsers:READ", "owner:FULL_CONTROL", "s3/LogDelivery:READ_ACP"}) {
		t.Fatalf("a before: %v", origA)
	}
	ck := &posture.Checker{Client: env.cl, Objects: -1, ObjectACLs: true}
	if rep, _ := ck.Check(ctx, "objs"); rep.Objects.PublicACLCount != 4 {
		t.Fatalf("before: %+v", rep.Objects)
	}
	// An object rule scoped to public/**: its bucket action covers the
	// objects whose findings matched it (a and b; not d, out of the
	// globs, nor e, without findings), read one by one, not by listing
	// the bucket (an auto rule runs for every scanned object).
	e := env.engine(rules.Config{Rules: []rules.Rule{{Name: "no-public-objects",
		Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}, Keys: []string{"public/**"}}, Actions: []rules.Action{{Type: rules.BlockPublic}}}}})
	objs := []Target{cardTarget("objs", "public/a.csv", a.ETag), cardTarget("objs", "public/b.csv", b.ETag), cardTarget("objs", "other/d.csv", "")}
	plan := e.Plan(objs, nil, false)
	if err := e.Inspect(ctx, plan); err != nil || len(plan) != 1 || plan[0].State != StateChange || plan[0].Key != "" ||
		!strings.Contains(plan[0].Summary, "3 public grants (AllUsers/AuthenticatedUsers) from the ACLs of 2 objects (public/a.csv, public/b.csv)") {
		t.Fatalf("plan: %v %s %+v", err, states(plan), plan)
	}
	if g := groups("public/a.csv"); !slices.Equal(g, origA) {
		t.Fatalf("the dry run changed an ACL: %v", g)
	}
	st := applyTwice(t, e, objs, nil)
	if g := groups("public/a.csv"); !slices.Equal(g, []string{"owner:FULL_CONTROL", "s3/LogDelivery:READ_ACP"}) {
		t.Errorf("a after: %v", g)
	}
	if g := groups("public/b.csv"); !slices.Equal(g, []string{"owner:FULL_CONTROL"}) {
		t.Errorf("b after: %v", g)
	}
	if g := groups("public/c.csv"); !slices.Equal(g, origC) {
		t.Errorf("c after: %v", g)
	}
	if g := groups("other/d.csv"); !slices.Contains(g, "global/AllUsers:READ") {
		t.Errorf("d, out of scope, changed: %v", g)
	}
	if g := groups("public/e.csv"); !slices.Contains(g, "global/AllUsers:READ") {
		t.Errorf("e, without findings, changed: %v", g)
	}
	if rep, _ := ck.Check(ctx, "objs"); rep.Objects.PublicACLCount != 2 || !slices.Equal(rep.Objects.PublicACL, []string{"other/d.csv", "public/e.csv"}) {
		t.Errorf("after: %+v", rep.Objects)
	}
	// The audit entry has each rewritten ACL before and after.
	es := entries(t, e.Log)
	var before, after publicState
	if err := json.Unmarshal(es[len(es)-1].Before, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(es[len(es)-1].After, &after); err != nil {
		t.Fatal(err)
	}
	if len(before.ObjectACLs) != 2 || !strings.Contains(before.ObjectACLs["public/a.csv"], posture.AllUsersURI) ||
		strings.Contains(after.ObjectACLs["public/a.csv"], posture.AllUsersURI) || !strings.Contains(after.ObjectACLs["public/a.csv"], logDelivery) ||
		strings.Contains(after.ObjectACLs["public/b.csv"], posture.AuthenticatedUsersURI) || after.ObjectACLs["public/c.csv"] != "" {
		t.Errorf("audit before %+v\nafter %+v", before.ObjectACLs, after.ObjectACLs)
	}
	// Undo restores both ACLs.
	checkUndo(t, e, st.ActionID)
	if g := groups("public/a.csv"); !slices.Equal(g, origA) {
		t.Errorf("a after undo: %v", g)
	}
	if g := groups("public/b.csv"); !slices.Equal(g, origB) {
		t.Errorf("b after undo: %v", g)
	}
	// An ACL changed since the action is not overwritten unless forced.
	steps := run(t, e, objs, nil)
	if steps[0].State != StateChange {
		t.Fatalf("re-apply: %s", states(steps))
	}
	grant("public/b.csv", group(logDelivery, "WRITE_ACP"))
	if _, err := e.Undo(ctx, steps[0].ActionID, false); err == nil || !strings.Contains(err.Error(), "public/b.csv changed since the action") {
		t.Fatalf("undo over a changed ACL: %v", err)
	}
	if _, err := e.Undo(ctx, steps[0].ActionID, true); err != nil {
		t.Fatalf("forced undo: %v", err)
	}
	if g := groups("public/b.csv"); !slices.Equal(g, origB) {
		t.Errorf("b after forced undo: %v", g)
	}

	// A bucket rule (a posture finding; no key globs) covers every
	// object: the bucket is listed.
	rep, err := ck.Check(ctx, "objs")
	if err != nil {
		t.Fatal(err)
	}
	eb := env.engine(rules.Config{Rules: []rules.Rule{{Name: "no-public-bucket",
		Match: rules.Match{Posture: []string{"S3ObjectPublicACL"}}, Actions: []rules.Action{{Type: rules.BlockPublic}}}}})
	bkts := []Target{{Bucket: "objs", Posture: rep}}
	if plan := eb.Plan(nil, bkts, false); len(plan) != 1 {
		t.Fatalf("bucket plan: %+v (posture %+v)", plan, rep.Findings)
	}
	applyTwice(t, eb, nil, bkts)
	if g := groups("public/a.csv"); !slices.Equal(g, []string{"owner:FULL_CONTROL", "s3/LogDelivery:READ_ACP"}) {
		t.Errorf("a after the bucket rule: %v", g)
	}
	if rep, _ := ck.Check(ctx, "objs"); rep.Objects.PublicACLCount != 0 {
		t.Errorf("after the bucket rule: %+v", rep.Objects)
	}
}
