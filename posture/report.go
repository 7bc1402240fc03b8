package posture

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dredge-dev/dredge/classifiers"
)

// Finding types, after Macie's policy findings. dredge adds the ones
// Macie has no name for.
const (
	// Anyone (anonymous or any AWS account) can read, list or write.
	FindingPublic = "S3BucketPublic"
	// Public and holding objects with sensitive data: critical.
	FindingPublicSensitive = "S3BucketPublicWithSensitiveData"
	// The policy or ACL allows principals of other accounts.
	FindingSharedExternally = "S3BucketSharedExternally"
	// The public access block is off (or partly off) on a store that has one.
	FindingBlockPublicAccessDisabled = "S3BlockPublicAccessDisabled"
	// No default encryption.
	FindingEncryptionDisabled = "S3BucketEncryptionDisabled"
	// Versioning never enabled, or suspended.
	FindingVersioningDisabled = "S3BucketVersioningDisabled"
	// Objects stored without server-side encryption.
	FindingObjectsUnencrypted = "S3ObjectsUnencrypted"
	// Objects whose own ACL grants public access.
	FindingObjectPublicACL = "S3ObjectPublicACL"
)

// FindingTypes lists every posture finding type (for rule validation).
var FindingTypes = []string{FindingPublic, FindingPublicSensitive, FindingSharedExternally,
	FindingBlockPublicAccessDisabled, FindingEncryptionDisabled, FindingVersioningDisabled,
	FindingObjectsUnencrypted, FindingObjectPublicACL}

// Finding is one posture finding of a bucket.
type Finding struct {
	Type     string               `json:"type"`
	Severity classifiers.Severity `json:"severity"`
	Bucket   string               `json:"bucket"`
	Title    string               `json:"title"`
	// Access given (public findings).
	Access []Access `json:"access,omitempty"`
	// Sources say what causes it: "policy statement PublicRead",
	// "bucket ACL grant AllUsers READ", "anonymous probe".
	Sources []string `json:"sources,omitempty"`
	// Principals are the external principals (shared findings).
	Principals []string `json:"principals,omitempty"`
	// Keys are example object keys (object findings), Count how many.
	Keys  []string `json:"keys,omitempty"`
	Count int      `json:"count,omitempty"`
}

// State is a setting's state: on, off, or unknown (the store doesn't say).
type State string

// States.
const (
	On      State = "on"
	Off     State = "off"
	Unknown State = "unknown"
)

// Encryption is the bucket's default encryption.
type Encryption struct {
	State     State  `json:"state"`
	Algorithm string `json:"algorithm,omitempty"` // AES256 or aws:kms
	KMSKeyID  string `json:"kms_key_id,omitempty"`
	Error     string `json:"error,omitempty"`
}

// PublicAccessBlockState is the public access block and whether the store
// has one.
type PublicAccessBlockState struct {
	// State: on (all four settings on), off (some off, or none
	// configured) or unknown (NotImplemented, or not readable).
	State      State              `json:"state"`
	Configured bool               `json:"configured"`
	Settings   *PublicAccessBlock `json:"settings,omitempty"`
	Error      string             `json:"error,omitempty"`
}

// ObjectCheck counts object-level facts over the objects looked at.
type ObjectCheck struct {
	Checked     int      `json:"checked"`
	Unencrypted int      `json:"unencrypted"`
	Examples    []string `json:"unencrypted_examples,omitempty"`
	// SSE counts objects by algorithm ("none", "AES256", "aws:kms").
	SSE map[string]int `json:"sse,omitempty"`
	// PublicACL are objects whose ACL grants public access.
	PublicACL      []string `json:"public_acl,omitempty"`
	PublicACLCount int      `json:"public_acl_count,omitempty"`
	ACLUnsupported bool     `json:"acl_unsupported,omitempty"`
	// Truncated: the check stopped at its object limit.
	Truncated bool `json:"truncated,omitempty"`
}

// ScanSSE counts the objects scans have read by their server-side
// encryption: each scan records what its GET answered, and the fleet keeps
// per-bucket counts over every object's latest scan.
type ScanSSE struct {
	// Checked objects have a known encryption; Unencrypted of them are
	// stored without server-side encryption.
	Checked     int64            `json:"checked"`
	Unencrypted int64            `json:"unencrypted"`
	ByAlgorithm map[string]int64 `json:"by_algorithm,omitempty"`
	// Source says where the figures come from.
	Source string `json:"source"`
}

// Sources of the unencrypted-objects figure (Report.ObjectSSESource).
const (
	// SSEFromScans: counted during scans (Report.ScanSSE).
	SSEFromScans = "scans"
	// SSEFromHead: HEAD requests of the posture check (Report.Objects).
	SSEFromHead = "head"
)

// ProbeResult is what anonymous requests got.
type ProbeResult struct {
	List string `json:"list"`          // "allowed", "denied" or an error
	Get  string `json:"get,omitempty"` // for Key
	Key  string `json:"key,omitempty"`
	// Write is never probed: it would change the bucket.
}

// Report is the posture of one bucket.
type Report struct {
	Bucket    string `json:"bucket"`
	Endpoint  string `json:"endpoint,omitempty"`
	CheckedAt string `json:"checked_at"`
	// Sweep that asked for it, if any.
	Sweep string `json:"sweep,omitempty"`
	// Public: the documents (after the public access block) give anyone
	// access. Access says which.
	Public   bool     `json:"public"`
	Access   []Access `json:"access,omitempty"`
	External []string `json:"external,omitempty"`
	// Exposure (public, shared or private), Shared, Reasons and
	// EncryptionSummary are the summary `dredge report --posture` reads.
	Exposure          string   `json:"exposure"`
	Shared            bool     `json:"shared"`
	Reasons           []string `json:"reasons,omitempty"`
	EncryptionSummary string   `json:"encryption"`

	Policy        *PolicyAnalysis        `json:"policy,omitempty"`
	PolicyPresent bool                   `json:"policy_present"`
	PolicyError   string                 `json:"policy_error,omitempty"`
	ACL           *ACLAnalysis           `json:"acl,omitempty"`
	ACLError      string                 `json:"acl_error,omitempty"`
	PublicAccess  PublicAccessBlockState `json:"public_access_block"`
	Encryption    Encryption             `json:"default_encryption"`
	Versioning    string                 `json:"versioning"` // Enabled, Suspended, Off, unknown
	Objects       *ObjectCheck           `json:"objects,omitempty"`
	// ScanSSE is the per-object encryption counted during scans, when
	// the checker had it.
	ScanSSE *ScanSSE `json:"scan_sse,omitempty"`
	// ObjectSSESource says which figure the S3ObjectsUnencrypted finding
	// uses: "scans" (ScanSSE) when scans have counted objects, else "head"
	// (the HEAD sample in Objects); "" when neither was available.
	ObjectSSESource string       `json:"object_sse_source,omitempty"`
	Probe           *ProbeResult `json:"probe,omitempty"`
	// SensitiveObjects is how many stored results of the bucket have
	// findings (-1: not known).
	SensitiveObjects int `json:"sensitive_objects"`

	Findings []Finding `json:"findings"`
	// Severity is the highest finding severity.
	Severity classifiers.Severity `json:"severity"`
}

// Evaluate derives Public/Access/External and the findings from what was
// fetched. It is pure and may be called again (after SensitiveObjects
// changes, say).
func (r *Report) Evaluate() {
	r.Findings = nil
	r.Public, r.Access, r.External = false, nil, nil
	access := map[Access]bool{}
	var sources []string
	pab := r.PublicAccess.Settings
	restrictPolicy := pab != nil && r.PublicAccess.State != Unknown && pab.RestrictPublicBuckets
	ignoreACL := pab != nil && r.PublicAccess.State != Unknown && pab.IgnorePublicAcls
	if r.Policy != nil && r.Policy.Public && !restrictPolicy {
		for _, v := range r.Policy.Statements {
			if v.Public {
				name := v.Sid
				if name == "" {
					name = fmt.Sprintf("#%d", v.Index)
				}
				sources = append(sources, fmt.Sprintf("policy statement %s (%s)", name, joinAccess(v.Access)))
				for _, a := range v.Access {
					access[a] = true
				}
			}
		}
	}
	if r.ACL != nil && r.ACL.Public && !ignoreACL {
		for _, g := range r.ACL.Grants {
			if len(g.Access) > 0 {
				sources = append(sources, "bucket ACL grant "+g.Group+" "+g.Permission)
				for _, a := range g.Access {
					access[a] = true
				}
			}
		}
	}
	if r.Probe != nil {
		if r.Probe.List == "allowed" {
			access[List] = true
			sources = append(sources, "anonymous probe: LIST allowed")
		}
		if r.Probe.Get == "allowed" {
			access[Read] = true
			sources = append(sources, "anonymous probe: GET "+r.Probe.Key+" allowed")
		}
	}
	for a := range access {
		r.Access = append(r.Access, a)
	}
	r.Access = sortAccess(r.Access)
	r.Public = len(sources) > 0
	if r.Public {
		r.add(Finding{Type: FindingPublic, Severity: classifiers.SeverityHigh, Access: r.Access, Sources: sources,
			Title: "bucket is public: anyone can " + joinAccess(r.Access)})
		if r.SensitiveObjects > 0 {
			r.add(Finding{Type: FindingPublicSensitive, Severity: classifiers.SeverityCritical, Access: r.Access, Sources: sources,
				Count: r.SensitiveObjects,
				Title: fmt.Sprintf("bucket is public (%s) and holds %d objects with sensitive data", joinAccess(r.Access), r.SensitiveObjects)})
		}
	}
	ext := map[string]bool{}
	var extSources []string
	if r.Policy != nil && len(r.Policy.External) > 0 {
		for _, e := range r.Policy.External {
			ext[e] = true
		}
		for _, v := range r.Policy.Statements {
			if len(v.External) > 0 {
				name := v.Sid
				if name == "" {
					name = fmt.Sprintf("#%d", v.Index)
				}
				extSources = append(extSources, "policy statement "+name)
			}
		}
	}
	if r.ACL != nil {
		for _, e := range r.ACL.External {
			ext[e] = true
			extSources = append(extSources, "bucket ACL grant to "+e)
		}
	}
	r.External = sortedKeys(ext)
	if len(r.External) > 0 {
		r.add(Finding{Type: FindingSharedExternally, Severity: classifiers.SeverityHigh, Principals: r.External,
			Sources: extSources, Title: "bucket is shared with other accounts: " + strings.Join(r.External, ", ")})
	}
	if r.PublicAccess.State == Off {
		t := "public access block is off"
		if r.PublicAccess.Configured {
			t = "public access block is only partly on"
		}
		r.add(Finding{Type: FindingBlockPublicAccessDisabled, Severity: classifiers.SeverityMedium, Title: t})
	}
	if r.Encryption.State == Off {
		r.add(Finding{Type: FindingEncryptionDisabled, Severity: classifiers.SeverityLow,
			Title: "no default encryption: new objects are stored without SSE unless the writer asks"})
	}
	if r.Versioning == "Off" || r.Versioning == "Suspended" {
		r.add(Finding{Type: FindingVersioningDisabled, Severity: classifiers.SeverityLow,
			Title: "versioning is " + strings.ToLower(r.Versioning) + ": overwritten or deleted objects can't be recovered"})
	}
	r.ObjectSSESource = ""
	switch sc, o := r.ScanSSE, r.Objects; {
	case sc != nil && sc.Checked > 0:
		r.ObjectSSESource = SSEFromScans
		if sc.Unencrypted > 0 {
			src := fmt.Sprintf("counted during scans: %d of %d scanned objects have no SSE", sc.Unencrypted, sc.Checked)
			if sc.Source != "" {
				src += " (" + sc.Source + ")"
			}
			r.add(Finding{Type: FindingObjectsUnencrypted, Severity: classifiers.SeverityMedium, Count: int(sc.Unencrypted),
				Sources: []string{src},
				Title:   fmt.Sprintf("%d of %d scanned objects are stored without server-side encryption", sc.Unencrypted, sc.Checked)})
		}
	case o != nil && o.Checked > 0:
		r.ObjectSSESource = SSEFromHead
		if o.Unencrypted > 0 {
			src := fmt.Sprintf("HEAD of %d objects by the posture check", o.Checked)
			if o.Truncated {
				src += " (a sample: the check stopped at its object limit)"
			}
			r.add(Finding{Type: FindingObjectsUnencrypted, Severity: classifiers.SeverityMedium, Count: o.Unencrypted,
				Keys: o.Examples, Sources: []string{src},
				Title: fmt.Sprintf("%d of %d objects checked are stored without server-side encryption", o.Unencrypted, o.Checked)})
		}
	}
	if o := r.Objects; o != nil {
		if o.PublicACLCount > 0 && !ignoreACL {
			r.add(Finding{Type: FindingObjectPublicACL, Severity: classifiers.SeverityHigh, Count: o.PublicACLCount, Keys: o.PublicACL,
				Title: fmt.Sprintf("%d objects have an ACL granting public access", o.PublicACLCount)})
		}
	}
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Severity > r.Findings[j].Severity })
	r.Shared = len(r.External) > 0
	switch {
	case r.Public:
		r.Exposure = "public"
	case r.Shared:
		r.Exposure = "shared"
	default:
		r.Exposure = "private"
	}
	r.Reasons = nil
	for _, f := range r.Findings {
		if f.Type == FindingPublic || f.Type == FindingSharedExternally {
			r.Reasons = append(r.Reasons, f.Sources...)
		}
	}
	switch {
	case r.Encryption.State == On && r.Encryption.Algorithm == "aws:kms":
		r.EncryptionSummary = "SSE-KMS"
	case r.Encryption.State == On && r.Encryption.Algorithm == "AES256":
		r.EncryptionSummary = "SSE-S3"
	case r.Encryption.State == On:
		r.EncryptionSummary = r.Encryption.Algorithm
	case r.Encryption.State == Off:
		r.EncryptionSummary = "none"
	default:
		r.EncryptionSummary = "unknown"
	}
	r.Severity = classifiers.SeverityNone
	if len(r.Findings) > 0 {
		r.Severity = r.Findings[0].Severity
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
}

func (r *Report) add(f Finding) {
	f.Bucket = r.Bucket
	r.Findings = append(r.Findings, f)
}

// Has reports whether the report has a finding of type t.
func (r *Report) Has(t string) bool {
	for _, f := range r.Findings {
		if f.Type == t {
			return true
		}
	}
	return false
}
