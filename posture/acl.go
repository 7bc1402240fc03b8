package posture

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

// Grantee group URIs that make a grant public.
const (
	AllUsersURI           = "http://acs.amazonaws.com/groups/global/AllUsers"
	AuthenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// ACL is an S3 AccessControlPolicy document.
type ACL struct {
	XMLName xml.Name `xml:"AccessControlPolicy"`
	Owner   struct {
		ID          string `xml:"ID"`
		DisplayName string `xml:"DisplayName,omitempty"`
	} `xml:"Owner"`
	Grants []Grant `xml:"AccessControlList>Grant"`
}

// Grant is one ACL grant.
type Grant struct {
	Grantee    Grantee `xml:"Grantee"`
	Permission string  `xml:"Permission"`
}

// Grantee of a grant. Type is the xsi:type (CanonicalUser, Group,
// AmazonCustomerByEmail).
type Grantee struct {
	Type         string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	ID           string `xml:"ID,omitempty"`
	DisplayName  string `xml:"DisplayName,omitempty"`
	URI          string `xml:"URI,omitempty"`
	EmailAddress string `xml:"EmailAddress,omitempty"`
}

// ParseACL reads an AccessControlPolicy document.
func ParseACL(doc []byte) (*ACL, error) {
	var a ACL
	if err := xml.Unmarshal(doc, &a); err != nil {
		return nil, fmt.Errorf("ACL: %w", err)
	}
	return &a, nil
}

// Marshal writes the ACL as S3 expects it in PutBucketAcl/PutObjectAcl.
func (a *ACL) Marshal() ([]byte, error) {
	type granteeOut struct {
		XMLNS        string `xml:"xmlns:xsi,attr"`
		Type         string `xml:"xsi:type,attr"`
		ID           string `xml:"ID,omitempty"`
		DisplayName  string `xml:"DisplayName,omitempty"`
		URI          string `xml:"URI,omitempty"`
		EmailAddress string `xml:"EmailAddress,omitempty"`
	}
	type grantOut struct {
		Grantee    granteeOut `xml:"Grantee"`
		Permission string     `xml:"Permission"`
	}
	type aclOut struct {
		XMLName xml.Name `xml:"AccessControlPolicy"`
		XMLNS   string   `xml:"xmlns,attr"`
		Owner   struct {
			ID          string `xml:"ID"`
			DisplayName string `xml:"DisplayName,omitempty"`
		} `xml:"Owner"`
		Grants []grantOut `xml:"AccessControlList>Grant"`
	}
	out := aclOut{XMLNS: "http://s3.amazonaws.com/doc/2006-03-01/"}
	out.Owner.ID, out.Owner.DisplayName = a.Owner.ID, a.Owner.DisplayName
	for _, g := range a.Grants {
		out.Grants = append(out.Grants, grantOut{Permission: g.Permission, Grantee: granteeOut{
			XMLNS: "http://www.w3.org/2001/XMLSchema-instance", Type: g.Grantee.Type, ID: g.Grantee.ID,
			DisplayName: g.Grantee.DisplayName, URI: g.Grantee.URI, EmailAddress: g.Grantee.EmailAddress}})
	}
	b, err := xml.Marshal(out)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), b...), nil
}

// PublicGrant is a grant to AllUsers or AuthenticatedUsers.
type PublicGrant struct {
	Group      string   `json:"group"` // "AllUsers" or "AuthenticatedUsers"
	Permission string   `json:"permission"`
	Access     []Access `json:"access"`
}

// ACLAnalysis is what an ACL exposes.
type ACLAnalysis struct {
	Public bool          `json:"public"`
	Access []Access      `json:"access,omitempty"`
	Grants []PublicGrant `json:"grants,omitempty"`
	// External are canonical users (other than the owner) and e-mail
	// grantees.
	External []string `json:"external,omitempty"`
}

// isPublicGrantee reports the public group a grantee is, or "".
func isPublicGrantee(g Grantee) string {
	switch strings.TrimRight(g.URI, "/") {
	case AllUsersURI:
		return "AllUsers"
	case AuthenticatedUsersURI:
		// Any AWS account holder: public in Macie's and S3's sense.
		return "AuthenticatedUsers"
	}
	return ""
}

// permissionAccess maps an ACL permission to access kinds. On a bucket,
// READ lists and WRITE writes objects; on an object READ reads it. ACP
// permissions let the grantee change the ACL, so they count as write.
func permissionAccess(perm string, object bool) []Access {
	switch strings.ToUpper(perm) {
	case "READ":
		if object {
			return []Access{Read}
		}
		return []Access{List}
	case "WRITE", "WRITE_ACP":
		return []Access{Write}
	case "READ_ACP":
		return nil
	case "FULL_CONTROL":
		if object {
			return []Access{Read, Write}
		}
		return []Access{List, Write}
	}
	return nil
}

// AnalyzeACL judges an ACL; object says whether it is an object's.
func AnalyzeACL(a *ACL, object bool) ACLAnalysis {
	var out ACLAnalysis
	if a == nil {
		return out
	}
	access := map[Access]bool{}
	ext := map[string]bool{}
	for _, g := range a.Grants {
		if grp := isPublicGrantee(g.Grantee); grp != "" {
			acc := permissionAccess(g.Permission, object)
			out.Grants = append(out.Grants, PublicGrant{Group: grp, Permission: g.Permission, Access: acc})
			if len(acc) > 0 {
				out.Public = true
			}
			for _, x := range acc {
				access[x] = true
			}
			continue
		}
		switch {
		case g.Grantee.ID != "" && g.Grantee.ID != a.Owner.ID:
			ext["CanonicalUser:"+g.Grantee.ID] = true
		case g.Grantee.EmailAddress != "":
			ext["Email:"+g.Grantee.EmailAddress] = true
		}
	}
	for x := range access {
		out.Access = append(out.Access, x)
	}
	out.Access = sortAccess(out.Access)
	out.External = sortedKeys(ext)
	sort.SliceStable(out.Grants, func(i, j int) bool { return out.Grants[i].Group < out.Grants[j].Group })
	return out
}

// RemovePublicGrants returns the ACL without grants to AllUsers and
// AuthenticatedUsers (every other grant kept), and whether it changed.
func RemovePublicGrants(a *ACL) (*ACL, bool) {
	if a == nil {
		return nil, false
	}
	out := *a
	out.Grants = nil
	changed := false
	for _, g := range a.Grants {
		if isPublicGrantee(g.Grantee) != "" {
			changed = true
			continue
		}
		out.Grants = append(out.Grants, g)
	}
	return &out, changed
}

// PublicAccessBlock is the PublicAccessBlockConfiguration document.
type PublicAccessBlock struct {
	XMLName               xml.Name `xml:"PublicAccessBlockConfiguration" json:"-"`
	BlockPublicAcls       bool     `xml:"BlockPublicAcls" json:"block_public_acls"`
	IgnorePublicAcls      bool     `xml:"IgnorePublicAcls" json:"ignore_public_acls"`
	BlockPublicPolicy     bool     `xml:"BlockPublicPolicy" json:"block_public_policy"`
	RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets" json:"restrict_public_buckets"`
}

// ParsePublicAccessBlock reads a PublicAccessBlockConfiguration document.
func ParsePublicAccessBlock(doc []byte) (*PublicAccessBlock, error) {
	var p PublicAccessBlock
	if err := xml.Unmarshal(doc, &p); err != nil {
		return nil, fmt.Errorf("public access block: %w", err)
	}
	return &p, nil
}

// Marshal writes the document for PutPublicAccessBlock.
func (p *PublicAccessBlock) Marshal() ([]byte, error) {
	type out struct {
		XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
		XMLNS                 string   `xml:"xmlns,attr"`
		BlockPublicAcls       bool     `xml:"BlockPublicAcls"`
		IgnorePublicAcls      bool     `xml:"IgnorePublicAcls"`
		BlockPublicPolicy     bool     `xml:"BlockPublicPolicy"`
		RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets"`
	}
	b, err := xml.Marshal(out{XMLNS: "http://s3.amazonaws.com/doc/2006-03-01/", BlockPublicAcls: p.BlockPublicAcls,
		IgnorePublicAcls: p.IgnorePublicAcls, BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets})
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), b...), nil
}

// All reports whether every setting is on.
func (p *PublicAccessBlock) All() bool {
	return p != nil && p.BlockPublicAcls && p.IgnorePublicAcls && p.BlockPublicPolicy && p.RestrictPublicBuckets
}
