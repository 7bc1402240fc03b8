package posture

import (
	"slices"
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/remediate/rules"
)

func aclDoc(grants ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
		`<Owner><ID>owner-id</ID></Owner><AccessControlList>` + strings.Join(grants, "") + `</AccessControlList></AccessControlPolicy>`
}

func groupGrant(uri, perm string) string {
	return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>` + uri +
		`</URI></Grantee><Permission>` + perm + `</Permission></Grant>`
}

func userGrant(id, perm string) string {
	return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` + id +
		`</ID></Grantee><Permission>` + perm + `</Permission></Grant>`
}

func TestAnalyzeACL(t *testing.T) {
	owner := userGrant("owner-id", "FULL_CONTROL")
	cases := []struct {
		name     string
		doc      string
		object   bool
		public   bool
		access   []Access
		external []string
	}{
		{"private", aclDoc(owner), false, false, nil, nil},
		{"public-read bucket lists", aclDoc(owner, groupGrant(AllUsersURI, "READ")), false, true, []Access{List}, nil},
		{"public-read object reads", aclDoc(owner, groupGrant(AllUsersURI, "READ")), true, true, []Access{Read}, nil},
		{"public-read-write", aclDoc(owner, groupGrant(AllUsersURI, "READ"), groupGrant(AllUsersURI, "WRITE")), false, true, []Access{List, Write}, nil},
		{"authenticated-read", aclDoc(owner, groupGrant(AuthenticatedUsersURI, "READ")), false, true, []Access{List}, nil},
		{"read-acp only", aclDoc(owner, groupGrant(AllUsersURI, "READ_ACP")), false, false, nil, nil},
		{"log delivery is not public", aclDoc(owner, groupGrant("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE")), false, false, nil, nil},
		{"other canonical user", aclDoc(owner, userGrant("other-id", "READ")), false, false, nil, []string{"CanonicalUser:other-id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseACL([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			got := AnalyzeACL(a, c.object)
			if got.Public != c.public || !slices.Equal(got.Access, c.access) || !slices.Equal(got.External, c.external) {
				t.Errorf("got %+v", got)
			}
			// Removing public grants keeps the others, and round-trips.
			clean, changed := RemovePublicGrants(a)
			if changed != (len(got.Grants) > 0) {
				t.Errorf("changed = %v", changed)
			}
			b, err := clean.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseACL(b)
			if err != nil {
				t.Fatal(err)
			}
			if AnalyzeACL(back, c.object).Public || len(back.Grants) != len(a.Grants)-len(got.Grants) {
				t.Errorf("after removal: %s", b)
			}
			if back.Grants[0].Grantee.Type != "CanonicalUser" {
				t.Errorf("grantee type lost: %s", b)
			}
		})
	}
}

func TestReportEvaluate(t *testing.T) {
	pub, _ := ParsePolicy([]byte(policyCases[0].policy("b")))
	an := AnalyzePolicy(pub, "b", "")
	base := func() *Report {
		return &Report{Bucket: "b", Policy: &an, PublicAccess: PublicAccessBlockState{State: Unknown},
			Encryption: Encryption{State: On, Algorithm: "AES256"}, Versioning: "Enabled", SensitiveObjects: -1}
	}
	r := base()
	r.Evaluate()
	if !r.Public || !r.Has(FindingPublic) || r.Has(FindingPublicSensitive) || r.Severity != classifiers.SeverityHigh {
		t.Fatalf("%+v", r.Findings)
	}
	if r.Has(FindingBlockPublicAccessDisabled) {
		t.Fatal("unknown public access block reported as off")
	}
	r.SensitiveObjects = 3
	r.Evaluate()
	if !r.Has(FindingPublicSensitive) || r.Severity != classifiers.SeverityCritical {
		t.Fatalf("%+v", r.Findings)
	}
	// RestrictPublicBuckets neutralises the public policy.
	r = base()
	r.PublicAccess = PublicAccessBlockState{State: Off, Configured: true, Settings: &PublicAccessBlock{RestrictPublicBuckets: true}}
	r.Evaluate()
	if r.Public || !r.Has(FindingBlockPublicAccessDisabled) {
		t.Fatalf("%+v", r.Findings)
	}
	// Encryption off, versioning off.
	r = base()
	r.Policy = nil
	r.Encryption = Encryption{State: Off}
	r.Versioning = "Off"
	r.Objects = &ObjectCheck{Checked: 4, Unencrypted: 2}
	r.Evaluate()
	for _, ft := range []string{FindingEncryptionDisabled, FindingVersioningDisabled, FindingObjectsUnencrypted} {
		if !r.Has(ft) {
			t.Errorf("no %s: %+v", ft, r.Findings)
		}
	}
	if r.Public || r.Severity != classifiers.SeverityMedium {
		t.Errorf("%+v", r)
	}
}

func TestPublicAccessBlockRoundTrip(t *testing.T) {
	p := &PublicAccessBlock{BlockPublicAcls: true, RestrictPublicBuckets: true}
	b, _ := p.Marshal()
	back, err := ParsePublicAccessBlock(b)
	back.XMLName = p.XMLName
	if err != nil || *back != *p {
		t.Fatalf("%s -> %+v %v", b, back, err)
	}
	if back.All() {
		t.Fatal("All")
	}
}

func TestRuleNamesMatchFindingTypes(t *testing.T) {
	if !slices.Equal(rules.PostureFindings, FindingTypes) {
		t.Fatalf("remediate/rules.PostureFindings %v != posture.FindingTypes %v", rules.PostureFindings, FindingTypes)
	}
}
