package posture

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/encrypt"
	"github.com/minio/minio-go/v7/pkg/sse"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/scanner"
)

// testServer is MinIO or moto behind minio-go.
type testServer struct {
	name  string
	cl    *minio.Client
	minio *testenv.MinIO
}

func startMinIO(t *testing.T) testServer {
	m := testenv.StartMinIO(t)
	cl, err := scanner.NewS3Client(scanner.S3Config{Endpoint: m.URL(), Region: m.Region, AccessKey: m.AccessKey, SecretKey: m.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	return testServer{name: "minio", cl: cl, minio: m}
}

func startMoto(t *testing.T) testServer {
	m := testenv.StartMoto(t)
	cl, err := scanner.NewS3Client(scanner.S3Config{Endpoint: m.URL(), Region: "us-east-1", AccessKey: "testing", SecretKey: "testing", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	return testServer{name: "moto", cl: cl}
}

func mkBucket(t *testing.T, cl *minio.Client, name string) {
	t.Helper()
	if err := cl.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
}

func put(t *testing.T, cl *minio.Client, bucket, key, body string, opts minio.PutObjectOptions) {
	t.Helper()
	if _, err := cl.PutObject(context.Background(), bucket, key, strings.NewReader(body), int64(len(body)), opts); err != nil {
		t.Fatalf("put %s/%s: %v", bucket, key, err)
	}
}

// TestPolicyTableOnServers stores each policy of the table on MinIO and on
// moto, reads it back through the Checker and checks the verdict. On MinIO
// an anonymous probe confirms it where the server enforces the policy.
func TestPolicyTableOnServers(t *testing.T) {
	for _, start := range []func(*testing.T) testServer{startMinIO, startMoto} {
		srv := start(t)
		t.Run(srv.name, func(t *testing.T) {
			ctx := context.Background()
			ck := &Checker{Client: srv.cl, OwnerAccount: testOwner, Probe: srv.name == "minio"}
			for i, c := range policyCases {
				if !c.server {
					continue
				}
				t.Run(c.name, func(t *testing.T) {
					bucket := fmt.Sprintf("pol-%02d", i)
					mkBucket(t, srv.cl, bucket)
					put(t, srv.cl, bucket, "doc.txt", "hello", minio.PutObjectOptions{})
					if err := srv.cl.SetBucketPolicy(ctx, bucket, c.policy(bucket)); err != nil {
						// A store may refuse a policy it can't enforce (MinIO
						// has no accounts or organizations): nothing to judge.
						if srv.name == "minio" && c.minioRefuses {
							t.Logf("minio refused the policy, as expected: %v", err)
							return
						}
						t.Fatalf("%s refused the policy: %v", srv.name, err)
					}
					if srv.name == "minio" && c.minioRefuses {
						t.Fatal("minio accepted a policy it used to refuse: drop minioRefuses")
					}
					rep, err := ck.Check(ctx, bucket)
					if err != nil {
						t.Fatalf("check: %v", err)
					}
					if rep.Policy == nil {
						t.Fatal("no policy analysis")
					}
					if err := c.check(*rep.Policy); err != nil {
						t.Error(err)
					}
					if rep.Public != c.public || !slices.Equal(rep.Access, c.access) {
						t.Errorf("report public=%v access=%v; want %v %v", rep.Public, rep.Access, c.public, c.access)
					}
					if rep.Public != rep.Has(FindingPublic) {
						t.Errorf("findings %+v", rep.Findings)
					}
					if (len(c.external) > 0) != rep.Has(FindingSharedExternally) {
						t.Errorf("shared externally: %+v", rep.Findings)
					}
					if srv.name == "minio" {
						// MinIO enforces policies for anonymous callers: the
						// probe agrees with the documents for read and list.
						wantGet := "denied"
						if slices.Contains(c.access, Read) {
							wantGet = "allowed"
						}
						wantList := "denied"
						if slices.Contains(c.access, List) {
							wantList = "allowed"
						}
						if rep.Probe.Get != wantGet || rep.Probe.List != wantList {
							t.Errorf("probe %+v, want get %s list %s", rep.Probe, wantGet, wantList)
						}
					}
				})
			}
		})
	}
}

// TestMinIOQuirks: GetPublicAccessBlock is NotImplemented (unknown, not
// off); GetBucketPolicyStatus is not consulted; encryption and versioning
// and per-object SSE are read.
func TestMinIOPosture(t *testing.T) {
	srv := startMinIO(t)
	ctx := context.Background()
	cl := srv.cl
	mkBucket(t, cl, "plain")
	put(t, cl, "plain", "a.txt", "a", minio.PutObjectOptions{})
	put(t, cl, "plain", "b.txt", "b", minio.PutObjectOptions{ServerSideEncryption: encrypt.NewSSE()})
	kms, err := encrypt.NewSSEKMS(srv.minio.KMSKeyID, nil)
	if err != nil {
		t.Fatal(err)
	}
	put(t, cl, "plain", "c.txt", "c", minio.PutObjectOptions{ServerSideEncryption: kms})
	ck := &Checker{Client: cl, Objects: -1, ObjectACLs: true,
		Sensitive: func(context.Context, string) (int, error) { return 2, nil }}
	rep, err := ck.Check(ctx, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if rep.PublicAccess.State != Unknown || rep.Has(FindingBlockPublicAccessDisabled) {
		t.Errorf("public access block: %+v", rep.PublicAccess)
	}
	if rep.Encryption.State != Off || !rep.Has(FindingEncryptionDisabled) {
		t.Errorf("encryption: %+v", rep.Encryption)
	}
	if rep.Versioning != "Off" || !rep.Has(FindingVersioningDisabled) {
		t.Errorf("versioning: %q", rep.Versioning)
	}
	if o := rep.Objects; o == nil || o.Checked != 3 || o.Unencrypted != 1 || o.SSE["AES256"] != 1 || o.SSE["aws:kms"] != 1 ||
		!slices.Equal(o.Examples, []string{"a.txt"}) {
		t.Errorf("objects: %+v", rep.Objects)
	}
	if rep.Public || rep.Has(FindingPublicSensitive) {
		t.Errorf("private bucket judged public: %+v", rep.Findings)
	}
	// Public + sensitive is critical; default encryption with the KMS key
	// and versioning are seen.
	if err := cl.SetBucketPolicy(ctx, "plain", policyCases[0].policy("plain")); err != nil {
		t.Fatal(err)
	}
	if err := cl.SetBucketEncryption(ctx, "plain", sse.NewConfigurationSSEKMS(srv.minio.KMSKeyID)); err != nil {
		t.Fatal(err)
	}
	if err := cl.EnableVersioning(ctx, "plain"); err != nil {
		t.Fatal(err)
	}
	// MinIO's own status call says not public; the documents say otherwise.
	rep, err = ck.Check(ctx, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Public || !rep.Has(FindingPublicSensitive) || rep.Severity.String() != "critical" {
		t.Errorf("public+sensitive: %+v", rep.Findings)
	}
	if rep.Encryption.State != On || rep.Encryption.Algorithm != "aws:kms" || !strings.Contains(rep.Encryption.KMSKeyID, srv.minio.KMSKeyID) {
		t.Errorf("encryption: %+v", rep.Encryption)
	}
	if rep.Versioning != "Enabled" || rep.Has(FindingVersioningDisabled) || rep.Has(FindingEncryptionDisabled) {
		t.Errorf("versioning %q findings %+v", rep.Versioning, rep.Findings)
	}
}

// TestMotoACLAndPublicAccessBlock: ACL grants to AllUsers and
// AuthenticatedUsers (bucket and object) and the public access block.
func TestMotoACLAndPublicAccessBlock(t *testing.T) {
	srv := startMoto(t)
	ctx := context.Background()
	api := API{srv.cl}
	mkBucket(t, srv.cl, "acl")
	put(t, srv.cl, "acl", "x.csv", "x", minio.PutObjectOptions{})
	rep, err := (&Checker{Client: srv.cl, Objects: -1, ObjectACLs: true}).Check(ctx, "acl")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Public || rep.ACL == nil || rep.PublicAccess.State != Off || rep.PublicAccess.Configured || !rep.Has(FindingBlockPublicAccessDisabled) {
		t.Fatalf("fresh bucket: public=%v acl=%+v pab=%+v", rep.Public, rep.ACL, rep.PublicAccess)
	}
	acl, err := api.BucketACL(ctx, "acl")
	if err != nil {
		t.Fatal(err)
	}
	acl.Grants = append(acl.Grants, Grant{Grantee: Grantee{Type: "Group", URI: AllUsersURI}, Permission: "READ"},
		Grant{Grantee: Grantee{Type: "Group", URI: AuthenticatedUsersURI}, Permission: "WRITE"})
	if err := api.PutBucketACL(ctx, "acl", acl); err != nil {
		t.Fatal(err)
	}
	oacl, err := api.ObjectACL(ctx, "acl", "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	oacl.Grants = append(oacl.Grants, Grant{Grantee: Grantee{Type: "Group", URI: AllUsersURI}, Permission: "READ"})
	if err := api.PutObjectACL(ctx, "acl", "x.csv", oacl); err != nil {
		t.Fatal(err)
	}
	ck := &Checker{Client: srv.cl, Objects: -1, ObjectACLs: true}
	rep, err = ck.Check(ctx, "acl")
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Public || !slices.Equal(rep.Access, []Access{List, Write}) || !rep.Has(FindingObjectPublicACL) {
		t.Fatalf("public ACL: public=%v access=%v findings=%+v", rep.Public, rep.Access, rep.Findings)
	}
	if rep.Objects.PublicACLCount != 1 || rep.Objects.PublicACL[0] != "x.csv" {
		t.Errorf("objects %+v", rep.Objects)
	}
	// A partial public access block: IgnorePublicAcls neutralises the ACLs.
	if err := api.PutPublicAccessBlock(ctx, "acl", &PublicAccessBlock{IgnorePublicAcls: true}); err != nil {
		t.Fatal(err)
	}
	rep, err = ck.Check(ctx, "acl")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Public || rep.Has(FindingObjectPublicACL) || rep.PublicAccess.State != Off || !rep.PublicAccess.Configured ||
		!rep.Has(FindingBlockPublicAccessDisabled) {
		t.Fatalf("ignore ACLs: public=%v pab=%+v findings=%+v", rep.Public, rep.PublicAccess, rep.Findings)
	}
	all := &PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	if err := api.PutPublicAccessBlock(ctx, "acl", all); err != nil {
		t.Fatal(err)
	}
	rep, _ = ck.Check(ctx, "acl")
	if rep.PublicAccess.State != On || rep.Has(FindingBlockPublicAccessDisabled) {
		t.Fatalf("all on: %+v", rep.PublicAccess)
	}
	_ = bytes.MinRead
}
