package remediate

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate/rules"
	"github.com/dredge-dev/dredge/scanner"
)

// docPolicy returns the JSON policy marked <!-- policy:name --> in
// docs/IAM.md, with the bucket placeholders replaced.
func docPolicy(t *testing.T, name string, repl ...string) []byte {
	t.Helper()
	doc, err := os.ReadFile("../docs/IAM.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)<!-- policy:" + name + " -->\\s*```json\\n(.*?)```")
	m := re.FindSubmatch(doc)
	if m == nil {
		t.Fatalf("no policy %s in docs/IAM.md", name)
	}
	out := strings.NewReplacer(repl...).Replace(string(m[1]))
	if !json.Valid([]byte(out)) {
		t.Fatalf("policy %s is not JSON", name)
	}
	return []byte(out)
}

// withoutAction drops an action from every statement of a policy (or only
// from the statements with the given Sids).
func withoutAction(t *testing.T, doc []byte, action string, sids ...string) []byte {
	var p map[string]any
	if err := json.Unmarshal(doc, &p); err != nil {
		t.Fatal(err)
	}
	for _, st := range p["Statement"].([]any) {
		m := st.(map[string]any)
		if len(sids) > 0 && !slices.Contains(sids, m["Sid"].(string)) {
			continue
		}
		var keep []any
		for _, a := range m["Action"].([]any) {
			if a != action {
				keep = append(keep, a)
			}
		}
		m["Action"] = keep
	}
	b, _ := json.Marshal(p)
	return b
}

// minioLacks are the actions of docs/IAM.md this MinIO refuses in a policy.
var minioLacks = []string{"s3:GetBucketAcl", "s3:PutBucketAcl", "s3:GetObjectAcl", "s3:PutObjectAcl", "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"}

// TestLeastPrivilege loads the policies of docs/IAM.md into MinIO and
// attaches them to users that have nothing else.
func TestLeastPrivilege(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	for _, b := range []string{"data", "quarantine", "dredge-results"} {
		env.bucket(b)
	}
	adm, err := madmin.New(env.minio.Endpoint, env.minio.AccessKey, env.minio.SecretKey, false)
	if err != nil {
		t.Fatal(err)
	}
	repl := []string{"DATA_BUCKET", "data", "RESULTS_BUCKET", "dredge-results", "QUARANTINE_BUCKET", "quarantine"}
	// MinIO has no ACLs and no public access block: it refuses their
	// actions in a policy (docs/IAM.md says so); the rest loads verbatim.
	scan, rem := docPolicy(t, "scan", repl...), docPolicy(t, "remediate", repl...)
	for _, a := range minioLacks {
		scan, rem = withoutAction(t, scan, a), withoutAction(t, rem, a)
	}
	if err := adm.AddCannedPolicy(ctx, "as-documented", docPolicy(t, "remediate", repl...)); err == nil {
		t.Error("MinIO now accepts the ACL and public access block actions: drop minioLacks and the note in docs/IAM.md")
	}
	policies := map[string][]byte{"dredge-scan": scan, "dredge-remediate": rem,
		"dredge-remediate-nodelete": withoutAction(t, rem, "s3:DeleteObject", "TagAndQuarantineOriginals")}
	for name, doc := range policies {
		if err := adm.AddCannedPolicy(ctx, name, doc); err != nil {
			t.Fatalf("MinIO refused policy %s: %v", name, err)
		}
	}
	user := func(name string, pols ...string) *minio.Client {
		secret := "secret-" + name + "-0123456789"
		if err := adm.AddUser(ctx, name, secret); err != nil {
			t.Fatal(err)
		}
		if _, err := adm.AttachPolicy(ctx, madmin.PolicyAssociationReq{User: name, Policies: pols}); err != nil {
			t.Fatal(err)
		}
		cl, err := scanner.NewS3Client(scanner.S3Config{Endpoint: env.minio.URL(), Region: env.minio.Region, AccessKey: name, SecretKey: secret})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	scanner1 := user("dredge-scanner", "dredge-scan")
	remediator := user("dredge-remediator", "dredge-scan", "dredge-remediate")
	nodelete := user("dredge-nodelete", "dredge-scan", "dredge-remediate-nodelete")

	pub := `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::data/*"]}]}`
	if err := env.cl.SetBucketPolicy(ctx, "data", pub); err != nil {
		t.Fatal(err)
	}
	body := "name,card\nJo,4111111111111111\n"
	info := env.put("data", "in/cards.csv", body, minio.PutObjectOptions{})
	target := cardTarget("data", "in/cards.csv", info.ETag)

	// Scanning: posture and reads work, nothing can be changed.
	rep, err := (&posture.Checker{Client: scanner1, Objects: -1}).Check(ctx, "data")
	if err != nil {
		t.Fatalf("posture as the scanning user: %v", err)
	}
	if !rep.Public || rep.Objects.Checked != 1 {
		t.Fatalf("posture %+v", rep)
	}
	if got := read(t, scanner1, "data", "in/cards.csv"); got != body {
		t.Fatal("scanning user can't read")
	}
	results := NewS3Log(scanner1, "dredge-results", "results/_audit")
	if err := results.Append(ctx, &Entry{ID: "probe", Action: "probe"}); err != nil {
		t.Fatalf("scanning user can't write to the results bucket: %v", err)
	}
	all := rules.Config{QuarantineBucket: "quarantine", Rules: []rules.Rule{
		{Name: "tag", Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Tag}}},
		{Name: "unpublic", Match: rules.Match{Posture: []string{"S3BucketPublic"}}, Actions: []rules.Action{{Type: rules.BlockPublic}}},
		{Name: "encrypt", Match: rules.Match{Posture: []string{"S3BucketEncryptionDisabled"}},
			Actions: []rules.Action{{Type: rules.EnforceEncryption, SSE: "SSE-KMS", KMSKeyID: env.minio.KMSKeyID, Reencrypt: true}}},
		{Name: "quarantine", Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Quarantine}}},
	}}
	denied := &Engine{Client: scanner1, Config: all, Log: env.log, Actor: "scanner"}
	steps := denied.Plan([]Target{target}, []Target{{Bucket: "data", Posture: rep}}, false)
	if err := denied.Inspect(ctx, steps); err != nil {
		t.Fatalf("the scanning user can't plan: %v", err)
	}
	err = denied.Apply(ctx, steps)
	for _, want := range []string{
		"permission denied: PutObjectTagging on arn:aws:s3:::data/in/cards.csv (needs s3:PutObjectTagging)",
		"permission denied: DeleteBucketPolicy on arn:aws:s3:::data (needs s3:DeleteBucketPolicy)",
		"permission denied: PutBucketEncryption on arn:aws:s3:::data (needs s3:PutEncryptionConfiguration)",
		"permission denied: HeadBucket on arn:aws:s3:::quarantine (needs s3:ListBucket)",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("scanning user's apply: want %q in\n%v", want, err)
		}
	}
	var ce *posture.CallError
	if !errors.As(err, &ce) || !ce.Denied() {
		t.Errorf("not a CallError: %T", err)
	}
	if n := len(entries(t, env.log)); n != 0 {
		t.Fatalf("%d audit entries for refused actions", n)
	}
	if p, _ := env.cl.GetBucketPolicy(ctx, "data"); p == "" {
		t.Fatal("policy changed by a refused action")
	}

	// Without s3:DeleteObject: the copy is made, the delete refused, the
	// copy removed again. Nothing half-done.
	nd := &Engine{Client: nodelete, Config: rules.Config{QuarantineBucket: "quarantine", Rules: all.Rules[3:]}, Log: env.log, Actor: "nodelete"}
	err = nd.Apply(ctx, nd.Plan([]Target{target}, nil, false))
	if err == nil || !strings.Contains(err.Error(), "permission denied: DeleteObject on arn:aws:s3:::data/in/cards.csv") ||
		!strings.Contains(err.Error(), "nothing changed") {
		t.Fatalf("no-delete quarantine: %v", err)
	}
	if _, ok, _ := statCurrent(ctx, env.cl, "quarantine", "data/in/cards.csv"); ok {
		t.Fatal("the copy was left behind")
	}
	if got := read(t, env.cl, "data", "in/cards.csv"); got != body {
		t.Fatal("original damaged")
	}

	// Remediation: every action applies, re-applies as a no-op and undoes.
	e := &Engine{Client: remediator, Config: all, Log: NewS3Log(remediator, "dredge-results", "results/_audit"), Actor: "remediator"}
	objs, buckets := []Target{target}, []Target{{Bucket: "data", Posture: rep}}
	steps = e.Plan(objs, buckets, false)
	if err := e.Apply(ctx, steps); err != nil {
		t.Fatalf("remediation user: %v", err)
	}
	if s := states(steps); s != "tag:change,block_public:change,enforce_encryption:change,quarantine:change" {
		t.Fatalf("states %s", s)
	}
	again := e.Plan(objs, buckets, false)
	if err := e.Apply(ctx, again); err != nil {
		t.Fatal(err)
	}
	// The tag step is skipped now: its object went to quarantine.
	for _, s := range again {
		if s.State != StateNoop && !(s.Action.Type == rules.Tag && s.State == StateSkip) {
			t.Errorf("second run: %s %s (%s)", s.Action.Type, s.State, s.Summary)
		}
	}
	slices.Reverse(steps)
	for _, s := range steps {
		if _, err := e.Undo(ctx, s.ActionID, false); err != nil {
			t.Fatalf("undo %s as the remediation user: %v", s.Action.Type, err)
		}
	}
	if got := read(t, env.cl, "data", "in/cards.csv"); got != body {
		t.Fatal("not restored")
	}
	if p, _ := env.cl.GetBucketPolicy(ctx, "data"); !strings.Contains(p, "PublicRead") {
		t.Fatalf("policy not restored: %s", p)
	}
	if n, err := Verify(ctx, e.Log); err != nil || n != 1+4+4 {
		t.Fatalf("audit log: %d %v", n, err)
	}
}
