package posture

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// policyCase is one bucket policy and its expected judgement. {B} stands
// for the bucket name.
type policyCase struct {
	name     string
	doc      string
	public   bool
	access   []Access
	external []string
	// restricted / denied name what kept a public-principal statement from
	// being public.
	restricted string
	denied     string
	// server: the case is part of the table run on MinIO and moto.
	server bool
	// minioRefuses: MinIO rejects the policy (it has no organizations:
	// "invalid condition key 'aws:PrincipalOrgID'").
	minioRefuses bool
}

var policyCases = []policyCase{
	{name: "public read", server: true, public: true, access: []Access{Read},
		doc: `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "public list", server: true, public: true, access: []Access{List},
		doc: `{"Version":"2012-10-17","Statement":[{"Sid":"PublicList","Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::{B}"]}]}`},
	{name: "public write", server: true, public: true, access: []Access{Write},
		doc: `{"Version":"2012-10-17","Statement":[{"Sid":"PublicWrite","Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:PutObject"],"Resource":["arn:aws:s3:::{B}/*"]}]}`},
	{name: "public but restricted by SourceIp", server: true, public: false, access: nil, restricted: "aws:SourceIp",
		doc: `{"Version":"2012-10-17","Statement":[{"Sid":"OfficeOnly","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"IpAddress":{"aws:SourceIp":["10.1.0.0/16"]}}}]}`},
	{name: "Deny overriding Allow", server: true, public: false, denied: "DenyAll",
		doc: `{"Version":"2012-10-17","Statement":[
			{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"},
			{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "other-account principal", server: true, public: false, external: []string{"arn:aws:iam::111122223333:root"},
		doc: `{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "org-restricted", server: true, minioRefuses: true, public: false, restricted: "aws:PrincipalOrgID",
		doc: `{"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::{B}","arn:aws:s3:::{B}/*"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123def4"}}}]}`},

	// Pure cases.
	{name: "everything with s3:*", public: true, access: []Access{Read, List, Write},
		doc: `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{B}","arn:aws:s3:::{B}/*"]}}`},
	{name: "Get* wildcard action", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "action case-insensitive", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"S3:getobject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "SourceIp 0.0.0.0/0 restricts nothing", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]}`},
	{name: "Referer condition restricts nothing", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringLike":{"aws:Referer":"https://example.com/*"}}}]}`},
	{name: "SecureTransport condition restricts nothing", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`},
	{name: "wildcard org restricts nothing", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringLike":{"aws:PrincipalOrgID":"o-*"}}}]}`},
	{name: "IfExists restricts nothing", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`},
	{name: "SourceVpce restricts", public: false, restricted: "aws:SourceVpce",
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`},
	{name: "SourceVpc restricts", public: false, restricted: "aws:SourceVpc",
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringEquals":{"aws:SourceVpc":["vpc-111bbb22"]}}}]}`},
	{name: "PrincipalAccount restricts to another account", public: false, restricted: "aws:PrincipalAccount", external: []string{"444455556666"},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringEquals":{"aws:PrincipalAccount":"444455556666"}}}]}`},
	{name: "PrincipalAccount of the owner", public: false, restricted: "aws:PrincipalAccount",
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]}`},
	{name: "negated SourceIp on Allow restricts nothing", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`},
	{name: "Deny unless SourceIp fences in", public: false, restricted: "aws:SourceIp",
		doc: `{"Statement":[
			{"Sid":"Read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"},
			{"Sid":"OnlyOffice","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::{B}/*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`},
	{name: "Deny on http only leaves it public", public: true, access: []Access{Read},
		doc: `{"Statement":[
			{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"},
			{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::{B}/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`},
	{name: "Deny on a narrower prefix leaves it public", public: true, access: []Access{Read},
		doc: `{"Statement":[
			{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"},
			{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/secret/*"}]}`},
	{name: "Deny of another action leaves read public", public: true, access: []Access{Read},
		doc: `{"Statement":[
			{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::{B}/*"},
			{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "Deny to one account does not override", public: true, access: []Access{Read},
		doc: `{"Statement":[
			{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"},
			{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]}`},
	{name: "Allow with NotPrincipal is public", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "NotAction allow is public for what it leaves", public: true, access: []Access{Read, List},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":["s3:Put*","s3:Delete*","s3:AbortMultipartUpload","s3:RestoreObject"],"Resource":["arn:aws:s3:::{B}","arn:aws:s3:::{B}/*"]}]}`},
	{name: "prefix-only public read", public: true, access: []Access{Read},
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/public/*"}]}`},
	{name: "another bucket's resource", public: false,
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other-bucket/*"}]}`},
	{name: "list action on object ARN gives nothing", public: false,
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "config-only action is not data access", public: false,
		doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetBucketLocation","Resource":"arn:aws:s3:::{B}"}]}`},
	{name: "same-account principal is not external", public: false,
		doc: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "mixed principal list", public: true, access: []Access{Read}, external: []string{"111122223333"},
		doc: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
	{name: "service principal is neither", public: false,
		doc: `{"Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::{B}/*"}]}`},
}

const testOwner = "123456789012"

func (c policyCase) policy(bucket string) string { return strings.ReplaceAll(c.doc, "{B}", bucket) }

func TestAnalyzePolicy(t *testing.T) {
	for _, c := range policyCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(c.policy("data")))
			if err != nil {
				t.Fatal(err)
			}
			got := AnalyzePolicy(p, "data", testOwner)
			if err := c.check(got); err != nil {
				b, _ := json.MarshalIndent(got, "", "  ")
				t.Errorf("%v\n%s", err, b)
			}
		})
	}
}

func (c policyCase) check(got PolicyAnalysis) error {
	if got.Public != c.public {
		return fmt.Errorf("public = %v, want %v", got.Public, c.public)
	}
	if !slices.Equal(got.Access, c.access) {
		return fmt.Errorf("access = %v, want %v", got.Access, c.access)
	}
	if !slices.Equal(got.External, c.external) {
		return fmt.Errorf("external = %v, want %v", got.External, c.external)
	}
	if c.restricted != "" || c.denied != "" {
		found := false
		for _, v := range got.Statements {
			if c.restricted != "" && slices.ContainsFunc(v.RestrictedBy, func(s string) bool { return strings.Contains(s, c.restricted) }) {
				found = true
			}
			if c.denied != "" && slices.Contains(v.DeniedBy, c.denied) {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("no statement restricted by %q / denied by %q", c.restricted, c.denied)
		}
	}
	if c.public {
		// Say which statements make it public.
		n := 0
		for _, v := range got.Statements {
			if v.Public {
				n++
				if len(v.Access) == 0 || v.Why == "" {
					return fmt.Errorf("public statement %d without access or reason", v.Index)
				}
			}
		}
		if n == 0 {
			return fmt.Errorf("public, but no statement is named")
		}
	}
	return nil
}

func TestRemovePublicKeepsTheRest(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
		{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"},
		{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"},
		{"Sid":"Mixed","Effect":"Allow","Principal":{"AWS":["*","arn:aws:iam::123456789012:role/app"]},"Action":"s3:PutObject","Resource":"arn:aws:s3:::data/*"},
		{"Sid":"Office","Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::data","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}}]}`
	p, _ := ParsePolicy([]byte(doc))
	out, changed, err := RemovePublic(p, "data", testOwner)
	if err != nil || !changed {
		t.Fatalf("changed=%v err=%v", changed, err)
	}
	var sids []string
	for _, s := range out.Statements {
		sids = append(sids, s.Sid)
	}
	if !slices.Equal(sids, []string{"Partner", "Mixed", "Office"}) {
		t.Fatalf("kept %v", sids)
	}
	if an := AnalyzePolicy(out, "data", testOwner); an.Public {
		t.Fatalf("still public: %+v", an)
	}
	if string(out.Statements[1].Principal) != `{"AWS":["arn:aws:iam::123456789012:role/app"]}` {
		t.Fatalf("mixed principal: %s", out.Statements[1].Principal)
	}
	again, changed, _ := RemovePublic(out, "data", testOwner)
	if changed || again != out {
		t.Fatal("second removal changed something")
	}
	only, _ := ParsePolicy([]byte(policyCases[0].policy("data")))
	none, changed, _ := RemovePublic(only, "data", testOwner)
	if none != nil || !changed {
		t.Fatal("a policy of public statements only should be deleted")
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, doc := range []string{`{`, `{"Statement":[{"Action":5}]}`, `{"Statement":"x"}`} {
		if _, err := ParsePolicy([]byte(doc)); err == nil {
			t.Errorf("%s: no error", doc)
		}
	}
	if p, err := ParsePolicy(nil); p != nil || err != nil {
		t.Error("empty policy")
	}
}

func TestAccountOf(t *testing.T) {
	for in, want := range map[string]string{
		"123456789012":                               "123456789012",
		"arn:aws:iam::123456789012:root":             "123456789012",
		"arn:aws:sts::210987654321:assumed-role/r/s": "210987654321",
		"arn:aws:iam::aws:policy/x":                  "",
		"*":                                          "",
	} {
		if got := AccountOf(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}
