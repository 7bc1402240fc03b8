// Package posture judges a bucket's exposure from its documents: the
// bucket policy, the bucket and object ACLs, the public access block, the
// default encryption and versioning. The evaluation is pure functions over
// the JSON/XML documents (so a store that misreports its own status, as
// MinIO's GetBucketPolicyStatus does, can't mislead it); Checker fetches
// the documents with minio-go.
package posture

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Access is a kind of access a statement or grant gives.
type Access string

// Kinds of access.
const (
	Read  Access = "read"  // object data (GetObject*)
	List  Access = "list"  // object names (ListBucket*)
	Write Access = "write" // put/delete objects, change the bucket's policy or ACL
)

// accessOrder sorts accesses: read, list, write.
func sortAccess(a []Access) []Access {
	rank := map[Access]int{Read: 0, List: 1, Write: 2}
	sort.Slice(a, func(i, j int) bool { return rank[a[i]] < rank[a[j]] })
	return slices.Compact(a)
}

// s3Actions are the S3 actions that give data access, by kind, and
// whether they apply to the bucket ARN (true) or to object ARNs (false).
// Wildcards in policies are matched against this list; actions outside it
// (GetBucketLocation, ...) reveal configuration, not data, and are not
// judged.
var s3Actions = []struct {
	Name   string
	Access Access
	Bucket bool
}{
	{"s3:GetObject", Read, false},
	{"s3:GetObjectVersion", Read, false},
	{"s3:GetObjectTorrent", Read, false},
	{"s3:GetObjectVersionTorrent", Read, false},
	{"s3:GetObjectAttributes", Read, false},
	{"s3:GetObjectVersionAttributes", Read, false},
	{"s3:ListBucket", List, true},
	{"s3:ListBucketVersions", List, true},
	{"s3:ListBucketMultipartUploads", List, true},
	{"s3:ListMultipartUploadParts", List, false},
	{"s3:PutObject", Write, false},
	{"s3:PutObjectAcl", Write, false},
	{"s3:PutObjectVersionAcl", Write, false},
	{"s3:PutObjectTagging", Write, false},
	{"s3:DeleteObject", Write, false},
	{"s3:DeleteObjectVersion", Write, false},
	{"s3:DeleteObjectTagging", Write, false},
	{"s3:AbortMultipartUpload", Write, false},
	{"s3:RestoreObject", Write, false},
	{"s3:PutBucketPolicy", Write, true},
	{"s3:DeleteBucketPolicy", Write, true},
	{"s3:PutBucketAcl", Write, true},
	{"s3:DeleteBucket", Write, true},
	{"s3:PutEncryptionConfiguration", Write, true},
	{"s3:PutBucketVersioning", Write, true},
	{"s3:PutBucketPublicAccessBlock", Write, true},
}

// Policy is an IAM/S3 bucket policy document.
type Policy struct {
	Version    string      `json:"Version,omitempty"`
	ID         string      `json:"Id,omitempty"`
	Statements []Statement `json:"Statement"`
}

// Statement is one policy statement. Fields that may be a string or a list
// are kept as lists; Principal keeps its raw form so it can be written back
// unchanged.
type Statement struct {
	Sid          string                                `json:"Sid,omitempty"`
	Effect       string                                `json:"Effect"`
	Principal    json.RawMessage                       `json:"Principal,omitempty"`
	NotPrincipal json.RawMessage                       `json:"NotPrincipal,omitempty"`
	Action       StringList                            `json:"Action,omitempty"`
	NotAction    StringList                            `json:"NotAction,omitempty"`
	Resource     StringList                            `json:"Resource,omitempty"`
	NotResource  StringList                            `json:"NotResource,omitempty"`
	Condition    map[string]map[string]json.RawMessage `json:"Condition,omitempty"`
}

// StringList is a JSON string or list of strings.
type StringList []string

// UnmarshalJSON accepts "x" and ["x", "y"].
func (s *StringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = StringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings")
	}
	*s = many
	return nil
}

// ParsePolicy reads a policy document. Statement may be one object or a
// list. An empty document is a nil policy and no error.
func ParsePolicy(doc []byte) (*Policy, error) {
	doc = bytes.TrimSpace(doc)
	if len(doc) == 0 {
		return nil, nil
	}
	var raw struct {
		Version   string          `json:"Version"`
		ID        string          `json:"Id"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		return nil, fmt.Errorf("bucket policy: %w", err)
	}
	p := &Policy{Version: raw.Version, ID: raw.ID}
	st := bytes.TrimSpace(raw.Statement)
	switch {
	case len(st) == 0 || string(st) == "null":
	case st[0] == '{':
		var one Statement
		if err := json.Unmarshal(st, &one); err != nil {
			return nil, fmt.Errorf("bucket policy: Statement: %w", err)
		}
		p.Statements = []Statement{one}
	default:
		if err := json.Unmarshal(st, &p.Statements); err != nil {
			return nil, fmt.Errorf("bucket policy: Statement: %w", err)
		}
	}
	return p, nil
}

// Principals is a parsed Principal (or NotPrincipal) element.
type Principals struct {
	// Everyone: "*" or {"AWS": "*"} (or "*" among the AWS values).
	Everyone bool
	// AWS are the AWS principals other than "*" (account IDs, ARNs).
	AWS []string
	// Other principals (Service, Federated, CanonicalUser) as "Type:value".
	Other []string
}

// ParsePrincipal reads a Principal element. An absent one is nil.
func ParsePrincipal(raw json.RawMessage) (*Principals, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	p := &Principals{}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if s != "*" {
			return nil, fmt.Errorf("principal %q: want \"*\" or an object", s)
		}
		p.Everyone = true
		return p, nil
	}
	var m map[string]StringList
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("principal: %w", err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range m[k] {
			switch {
			case k == "AWS" && v == "*":
				p.Everyone = true
			case k == "AWS":
				p.AWS = append(p.AWS, v)
			case k == "CanonicalUser" && v == "*":
				p.Everyone = true
			default:
				p.Other = append(p.Other, k+":"+v)
			}
		}
	}
	return p, nil
}

// AccountOf returns the 12-digit account of an AWS principal ("123456789012",
// "arn:aws:iam::123456789012:root", "arn:aws:sts::123456789012:assumed-role/..."),
// or "".
func AccountOf(principal string) string {
	if accountRE.MatchString(principal) {
		return principal
	}
	if strings.HasPrefix(principal, "arn:") {
		parts := strings.SplitN(principal, ":", 6)
		if len(parts) >= 5 && accountRE.MatchString(parts[4]) {
			return parts[4]
		}
	}
	return ""
}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// PolicyAnalysis is what a bucket policy exposes.
type PolicyAnalysis struct {
	// Public: some statement gives anyone (anonymous included) access
	// that no Deny takes away and no condition restricts.
	Public bool     `json:"public"`
	Access []Access `json:"access,omitempty"`
	// Statements describes every Allow statement that names everyone or
	// another account, public or not, and why.
	Statements []StatementVerdict `json:"statements,omitempty"`
	// External are the other accounts (and non-account principals) the
	// policy allows.
	External []string `json:"external,omitempty"`
}

// StatementVerdict is the judgement of one Allow statement.
type StatementVerdict struct {
	Index int    `json:"index"`
	Sid   string `json:"sid,omitempty"`
	// Public: this statement makes the bucket public.
	Public bool     `json:"public"`
	Access []Access `json:"access,omitempty"`
	// Actions are the data actions it allows.
	Actions   []string `json:"actions,omitempty"`
	Resources []string `json:"resources,omitempty"`
	// RestrictedBy names the conditions that keep it from being public
	// ("aws:SourceIp", ...), or "Deny <sid>" statements that restrict it.
	RestrictedBy []string `json:"restricted_by,omitempty"`
	// DeniedBy names the Deny statements that take its access away.
	DeniedBy []string `json:"denied_by,omitempty"`
	// External are other accounts this statement allows.
	External []string `json:"external,omitempty"`
	// Why is a short human explanation.
	Why string `json:"why"`
}

// restrictingKeys are the condition keys that really restrict who can use
// a public statement (when given fixed values with a positive operator).
// aws:Referer, aws:UserAgent, aws:SecureTransport, s3:prefix and the like
// don't: anyone can send them.
var restrictingKeys = map[string]bool{
	"aws:sourceip":          true,
	"aws:sourcevpc":         true,
	"aws:sourcevpce":        true,
	"aws:principalorgid":    true,
	"aws:principalaccount":  true,
	"aws:principalarn":      true,
	"aws:sourcearn":         true,
	"aws:sourceaccount":     true,
	"aws:sourceowner":       true,
	"aws:principalorgpaths": true,
}

// conditionRestriction says whether a condition block restricts an Allow:
// it returns the keys that do (a statement's conditions are ANDed, so one
// is enough). negated selects the Deny form (NotIpAddress,
// StringNotEquals): a Deny unless the request comes from a fixed set.
func conditionRestriction(cond map[string]map[string]json.RawMessage, negated bool) (keys []string, accounts []string) {
	for op, kv := range cond {
		lop := strings.ToLower(op)
		if strings.HasSuffix(lop, "ifexists") {
			// A missing key (an anonymous caller has no org or account)
			// passes: no restriction.
			continue
		}
		if strings.HasPrefix(lop, "forallvalues:") {
			continue // true when the key is absent
		}
		lop = strings.TrimPrefix(lop, "foranyvalue:")
		var positive bool
		switch lop {
		case "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress":
			positive = true
		case "stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike", "notipaddress":
			positive = false
		default:
			continue
		}
		if positive == negated {
			continue
		}
		for k, raw := range kv {
			lk := strings.ToLower(k)
			if !restrictingKeys[lk] {
				continue
			}
			var vals StringList
			if err := json.Unmarshal(raw, &vals); err != nil || len(vals) == 0 {
				continue
			}
			if (lop == "ipaddress" || lop == "notipaddress") != (lk == "aws:sourceip") {
				continue
			}
			fixed := true
			for _, v := range vals {
				if !fixedValue(lk, v) {
					fixed = false
				}
			}
			if fixed {
				keys = append(keys, k)
				if lk == "aws:principalaccount" || lk == "aws:sourceaccount" {
					accounts = append(accounts, vals...)
				}
			}
		}
	}
	sort.Strings(keys)
	return slices.Compact(keys), accounts
}

// fixedValue: no wildcard or policy variable, and for aws:SourceIp a range
// no wider than /8 (IPv4) or /32 (IPv6) — 0.0.0.0/0 restricts nothing.
func fixedValue(key, v string) bool {
	if v == "" || strings.ContainsAny(v, "*?") || strings.Contains(v, "${") {
		return false
	}
	if key == "aws:sourceip" {
		pfx, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return false
			}
			pfx = netip.PrefixFrom(a, a.BitLen())
		}
		if pfx.Addr().Is4() {
			return pfx.Bits() >= 8
		}
		return pfx.Bits() >= 32
	}
	return true
}

// globMatch matches IAM wildcards (* and ?), case-insensitively when fold.
func globMatch(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	var b strings.Builder
	b.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return false
	}
	return re.MatchString(s)
}

// grantedActions expands Action/NotAction against the data actions.
func grantedActions(st *Statement) []int {
	var out []int
	for i, a := range s3Actions {
		matched := false
		list := st.Action
		if len(st.NotAction) > 0 {
			list = st.NotAction
		}
		for _, p := range list {
			if globMatch(p, a.Name, true) {
				matched = true
				break
			}
		}
		if len(st.NotAction) > 0 {
			matched = !matched
		}
		if matched {
			out = append(out, i)
		}
	}
	return out
}

// resourceMatches: does the statement apply to resource r of bucket?
// For Allow, r is a concrete ARN; a pattern that covers part of the
// bucket (bucket/public/*) matches object ARNs under that prefix, which is
// what we test with (we ask about "some object").
func coversResource(st *Statement, bucket string, bucketLevel bool) (bool, []string) {
	arn := "arn:aws:s3:::" + bucket
	var matched []string
	if len(st.NotResource) > 0 {
		for _, p := range st.NotResource {
			if bucketLevel && globMatch(p, arn, false) {
				return false, nil
			}
			if !bucketLevel && globMatch(p, arn+"/*", false) {
				return false, nil // every object excluded
			}
		}
		if bucketLevel {
			return true, []string{arn}
		}
		return true, []string{arn + "/*"}
	}
	for _, p := range st.Resource {
		if p == "*" {
			if bucketLevel {
				matched = append(matched, arn)
			} else {
				matched = append(matched, arn+"/*")
			}
			continue
		}
		if bucketLevel {
			if globMatch(p, arn, false) {
				matched = append(matched, p)
			}
			continue
		}
		// Some object of the bucket: the pattern starts like the bucket's
		// object ARNs.
		if strings.HasPrefix(p, arn+"/") || globMatch(p, arn+"/x", false) ||
			(strings.Contains(p, "*") && globPrefixMayMatch(p, arn+"/")) {
			matched = append(matched, p)
		}
	}
	return len(matched) > 0, matched
}

// globPrefixMayMatch: could pattern match some string starting with prefix?
func globPrefixMayMatch(pattern, prefix string) bool {
	for i := 0; i < len(pattern) && i < len(prefix); i++ {
		switch pattern[i] {
		case '*':
			return true
		case '?':
			continue
		}
		if pattern[i] != prefix[i] {
			return false
		}
	}
	return len(pattern) >= len(prefix)
}

// denyCovers: does an unconditional Deny to everyone take away action a on
// every resource the Allow pattern names?
func denyCovers(deny *Statement, action string, allowRes []string) bool {
	matched := false
	list := deny.Action
	if len(deny.NotAction) > 0 {
		list = deny.NotAction
	}
	for _, p := range list {
		if globMatch(p, action, true) {
			matched = true
			break
		}
	}
	if len(deny.NotAction) > 0 {
		matched = !matched
	}
	if !matched {
		return false
	}
	for _, ar := range allowRes {
		covered := false
		if len(deny.NotResource) > 0 {
			covered = true
			for _, p := range deny.NotResource {
				// The excluded resources overlap the allowed ones: not covered.
				if globMatch(p, ar, false) || globMatch(ar, p, false) || globPrefixMayMatch(p, strings.TrimSuffix(ar, "*")) {
					covered = false
				}
			}
		} else {
			for _, p := range deny.Resource {
				if p == "*" || globMatch(p, ar, false) {
					covered = true
					break
				}
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// appliesToEveryone: does a Deny apply to an anonymous caller?
func appliesToEveryone(st *Statement) bool {
	if len(st.NotPrincipal) > 0 {
		// Deny everyone except the listed: anonymous is not listed.
		return true
	}
	p, err := ParsePrincipal(st.Principal)
	return err == nil && p != nil && p.Everyone
}

func stmtName(i int, st *Statement) string {
	if st.Sid != "" {
		return st.Sid
	}
	return fmt.Sprintf("#%d", i)
}

// AnalyzePolicy judges a bucket policy for bucket. owner is the bucket
// owner's account ID ("" when unknown: then every account principal is
// reported as external).
func AnalyzePolicy(p *Policy, bucket, owner string) PolicyAnalysis {
	var out PolicyAnalysis
	if p == nil {
		return out
	}
	type denyInfo struct {
		st       *Statement
		name     string
		restrict []string // negated restricting conditions: a "deny unless" fence
	}
	var denies []denyInfo
	for i := range p.Statements {
		st := &p.Statements[i]
		if !strings.EqualFold(st.Effect, "Deny") || !appliesToEveryone(st) {
			continue
		}
		d := denyInfo{st: st, name: stmtName(i, st)}
		if len(st.Condition) > 0 {
			keys, _ := conditionRestriction(st.Condition, true)
			if len(keys) == 0 {
				continue // a conditional Deny that doesn't fence anonymous callers out
			}
			d.restrict = keys
		}
		if len(st.NotPrincipal) > 0 {
			// "Deny everyone but these principals": anonymous callers are
			// fenced out of what it covers.
			d.restrict = append(d.restrict, "NotPrincipal")
		}
		denies = append(denies, d)
	}
	access := map[Access]bool{}
	external := map[string]bool{}
	for i := range p.Statements {
		st := &p.Statements[i]
		if !strings.EqualFold(st.Effect, "Allow") {
			continue
		}
		var pr *Principals
		var err error
		if len(st.NotPrincipal) > 0 {
			pr = &Principals{Everyone: true} // Allow everyone but ...
		} else if pr, err = ParsePrincipal(st.Principal); err != nil || pr == nil {
			continue
		}
		var ext []string
		for _, a := range pr.AWS {
			acct := AccountOf(a)
			if acct == "" || acct != owner {
				ext = append(ext, a)
			}
		}
		for _, o := range pr.Other {
			if strings.HasPrefix(o, "CanonicalUser:") {
				ext = append(ext, o)
			}
		}
		if !pr.Everyone && len(ext) == 0 {
			continue
		}
		v := StatementVerdict{Index: i, Sid: st.Sid, External: ext}
		restrict, condAccounts := conditionRestriction(st.Condition, false)
		for _, a := range condAccounts {
			if a != owner {
				v.External = append(v.External, a)
			}
		}
		resSet := map[string]bool{}
		denied := map[string]bool{}
		fenced := map[string]bool{}
		var acts []string
		for _, ai := range grantedActions(st) {
			a := s3Actions[ai]
			ok, res := coversResource(st, bucket, a.Bucket)
			if !ok {
				continue
			}
			// Does a Deny to everyone take it away?
			takenAway := false
			for _, d := range denies {
				if denyCovers(d.st, a.Name, res) {
					if len(d.restrict) == 0 {
						denied[d.name] = true
						takenAway = true
					} else {
						for _, k := range d.restrict {
							fenced["Deny "+d.name+" ("+k+")"] = true
						}
						takenAway = true
					}
				}
			}
			if takenAway {
				continue
			}
			acts = append(acts, a.Name)
			v.Access = append(v.Access, a.Access)
			for _, r := range res {
				resSet[r] = true
			}
		}
		v.Actions = acts
		for r := range resSet {
			v.Resources = append(v.Resources, r)
		}
		sort.Strings(v.Resources)
		v.Access = sortAccess(v.Access)
		v.DeniedBy = sortedKeys(denied)
		v.RestrictedBy = append(restrict, sortedKeys(fenced)...)
		switch {
		case !pr.Everyone:
			v.Why = "allows other accounts: " + strings.Join(v.External, ", ")
		case len(acts) == 0 && len(v.DeniedBy) > 0 && len(fenced) == 0:
			v.Why = "allows everyone, but Deny " + strings.Join(v.DeniedBy, ", ") + " takes that access away"
		case len(acts) == 0 && len(fenced) > 0:
			v.Why = "allows everyone, but " + strings.Join(sortedKeys(fenced), ", ") + " fences callers in"
		case len(acts) == 0:
			v.Why = "allows everyone, but no data action on this bucket"
		case len(restrict) > 0:
			v.Why = "allows everyone, restricted by condition " + strings.Join(restrict, ", ")
		default:
			v.Public = true
			v.Why = "allows everyone " + joinAccess(v.Access) + " access"
			for _, a := range v.Access {
				access[a] = true
			}
		}
		if v.Public {
			out.Public = true
		}
		for _, e := range v.External {
			external[e] = true
		}
		v.External = uniqSorted(v.External)
		out.Statements = append(out.Statements, v)
	}
	for a := range access {
		out.Access = append(out.Access, a)
	}
	out.Access = sortAccess(out.Access)
	out.External = sortedKeys(external)
	return out
}

func joinAccess(a []Access) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = string(x)
	}
	return strings.Join(s, "/")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uniqSorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return slices.Compact(s)
}

// RemovePublic returns the policy without what makes it public: statements
// judged public are dropped, or, when they also name other principals,
// lose only their "*" principal. The rest is kept as it was. It returns
// nil when nothing is left (the policy should be deleted) and whether
// anything changed.
func RemovePublic(p *Policy, bucket, owner string) (*Policy, bool, error) {
	if p == nil {
		return nil, false, nil
	}
	an := AnalyzePolicy(p, bucket, owner)
	drop := map[int]bool{}
	for _, v := range an.Statements {
		if v.Public {
			drop[v.Index] = true
		}
	}
	if len(drop) == 0 {
		return p, false, nil
	}
	out := &Policy{Version: p.Version, ID: p.ID}
	for i, st := range p.Statements {
		if !drop[i] {
			out.Statements = append(out.Statements, st)
			continue
		}
		if len(st.NotPrincipal) > 0 {
			continue
		}
		pr, err := ParsePrincipal(st.Principal)
		if err != nil {
			return nil, false, err
		}
		if pr == nil || len(pr.AWS)+len(pr.Other) == 0 {
			continue
		}
		// Keep the statement for its named principals.
		m := map[string][]string{}
		for _, a := range pr.AWS {
			m["AWS"] = append(m["AWS"], a)
		}
		for _, o := range pr.Other {
			k, v, _ := strings.Cut(o, ":")
			m[k] = append(m[k], v)
		}
		raw, err := json.Marshal(m)
		if err != nil {
			return nil, false, err
		}
		st.Principal = raw
		out.Statements = append(out.Statements, st)
	}
	if len(out.Statements) == 0 {
		return nil, true, nil
	}
	return out, true, nil
}

// Marshal writes the policy as JSON.
func (p *Policy) Marshal() ([]byte, error) {
	if p == nil {
		return nil, errors.New("no policy")
	}
	if p.Version == "" {
		p.Version = "2012-10-17"
	}
	return json.Marshal(p)
}
