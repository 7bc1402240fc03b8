package posture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/s3utils"

	"github.com/dredge-dev/dredge/scanner"
)

// Checker fetches a bucket's documents and judges them.
type Checker struct {
	Client *minio.Client
	// OwnerAccount is the account ID that owns the buckets; principals of
	// any other account are "external". Empty: every account principal
	// is reported as external.
	OwnerAccount string
	// Objects bounds the object-level check (HEAD for SSE, and the
	// object ACL when ObjectACLs): 0 checks no object, -1 every object.
	Objects    int
	ObjectACLs bool
	// Probe sends anonymous LIST and GET requests to confirm exposure.
	Probe bool
	// Sensitive counts the bucket's objects with sensitive findings
	// (from the results store); nil leaves it unknown.
	Sensitive func(ctx context.Context, bucket string) (int, error)
	// ScanSSE gives the per-object encryption counted during scans (the
	// fleet's per-bucket aggregates: ScanSSECounter); nil, or a nil
	// answer, leaves it unknown. When it has counted objects, the
	// S3ObjectsUnencrypted finding uses it rather than the HEAD sample.
	ScanSSE func(ctx context.Context, bucket string) (*ScanSSE, error)
	// ProbeClient sends the anonymous requests (default: a plain client).
	ProbeClient *http.Client
	// Now (default time.Now).
	Now func() time.Time
}

// Check fetches and judges one bucket. Documents that could not be read
// are recorded in the report (and joined into the returned error, which
// names each API call and resource); the report is returned either way
// unless the bucket itself can't be reached.
func (c *Checker) Check(ctx context.Context, bucket string) (*Report, error) {
	api := API{c.Client}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	r := &Report{Bucket: bucket, Endpoint: c.Client.EndpointURL().String(), CheckedAt: now().UTC().Format(time.RFC3339),
		SensitiveObjects: -1}
	ok, err := c.Client.BucketExists(ctx, bucket)
	if err != nil {
		return nil, Call("HeadBucket", bucket, "", err)
	}
	if !ok {
		return nil, Call("HeadBucket", bucket, "", minio.ErrorResponse{Code: "NoSuchBucket", Message: "the bucket does not exist", StatusCode: 404})
	}
	var errs []error
	// Policy.
	doc, err := c.Client.GetBucketPolicy(ctx, bucket)
	switch {
	case err != nil && errCode(err) == "NoSuchBucketPolicy":
	case err != nil:
		err = Call("GetBucketPolicy", bucket, "", err)
		r.PolicyError = err.Error()
		errs = append(errs, err)
	case strings.TrimSpace(doc) != "":
		r.PolicyPresent = true
		p, perr := ParsePolicy([]byte(doc))
		if perr != nil {
			r.PolicyError = perr.Error()
			errs = append(errs, perr)
		} else {
			an := AnalyzePolicy(p, bucket, c.OwnerAccount)
			r.Policy = &an
		}
	}
	// Bucket ACL.
	acl, err := api.BucketACL(ctx, bucket)
	switch {
	case err != nil && IsNotImplemented(err):
		r.ACLError = "not implemented by the store"
	case err != nil:
		err = Call("GetBucketAcl", bucket, "", err)
		r.ACLError = err.Error()
		errs = append(errs, err)
	default:
		an := AnalyzeACL(acl, false)
		r.ACL = &an
	}
	// Public access block: NotImplemented means unknown, not off.
	pab, configured, err := api.PublicAccessBlock(ctx, bucket)
	switch {
	case err != nil && IsNotImplemented(err):
		r.PublicAccess = PublicAccessBlockState{State: Unknown, Error: "not implemented by the store"}
	case err != nil:
		err = Call("GetPublicAccessBlock", bucket, "", err)
		r.PublicAccess = PublicAccessBlockState{State: Unknown, Error: err.Error()}
		errs = append(errs, err)
	default:
		st := Off
		if pab.All() {
			st = On
		}
		r.PublicAccess = PublicAccessBlockState{State: st, Configured: configured, Settings: pab}
	}
	// Default encryption.
	enc, err := c.Client.GetBucketEncryption(ctx, bucket)
	switch {
	case err != nil && errCode(err) == "ServerSideEncryptionConfigurationNotFoundError":
		r.Encryption = Encryption{State: Off}
	case err != nil && IsNotImplemented(err):
		r.Encryption = Encryption{State: Unknown, Error: "not implemented by the store"}
	case err != nil:
		err = Call("GetBucketEncryption", bucket, "", err)
		r.Encryption = Encryption{State: Unknown, Error: err.Error()}
		errs = append(errs, err)
	case enc == nil || len(enc.Rules) == 0:
		r.Encryption = Encryption{State: Off}
	default:
		d := enc.Rules[0].Apply
		r.Encryption = Encryption{State: On, Algorithm: d.SSEAlgorithm, KMSKeyID: d.KmsMasterKeyID}
	}
	// Versioning.
	ver, err := api.BucketVersioning(ctx, bucket)
	switch {
	case err != nil && IsNotImplemented(err):
		r.Versioning = string(Unknown)
	case err != nil:
		errs = append(errs, Call("GetBucketVersioning", bucket, "", err))
		r.Versioning = string(Unknown)
	case ver == "":
		r.Versioning = "Off"
	default:
		r.Versioning = ver
	}
	if c.ScanSSE != nil {
		s, err := c.ScanSSE(ctx, bucket)
		if err != nil {
			errs = append(errs, fmt.Errorf("reading the scan-time encryption counts of %s: %w", bucket, err))
		} else {
			r.ScanSSE = s
		}
	}
	// Objects. Scans that counted the objects' encryption spare the HEADs
	// (unless object ACLs are wanted too).
	objects := c.Objects
	if r.ScanSSE != nil && r.ScanSSE.Checked > 0 && !c.ObjectACLs {
		objects = 0
	}
	var firstKey string
	if objects != 0 || c.Probe {
		oc, fk, err := c.checkObjects(ctx, api, bucket, objects)
		if err != nil {
			errs = append(errs, err)
		}
		if objects != 0 {
			r.Objects = oc
		}
		firstKey = fk
	}
	if c.Probe {
		r.Probe = c.probe(ctx, bucket, firstKey)
	}
	if c.Sensitive != nil {
		n, err := c.Sensitive(ctx, bucket)
		if err != nil {
			errs = append(errs, fmt.Errorf("counting sensitive objects of %s: %w", bucket, err))
		} else {
			r.SensitiveObjects = n
		}
	}
	r.Evaluate()
	return r, errors.Join(errs...)
}

// maxExamples bounds example keys in a report.
const maxExamples = 20

func (c *Checker) checkObjects(ctx context.Context, api API, bucket string, limit int) (*ObjectCheck, string, error) {
	oc := &ObjectCheck{SSE: map[string]int{}}
	first := ""
	// S3Source.List stops inside a page at its limit: reading one object
	// past it would send the next page's request with MinIO's
	// continuation token, which makes MinIO walk the rest of the bucket.
	o := scanner.S3ListOptions{Limit: limit}
	if limit == 0 {
		o.Limit = 1 // only the first key
	} else if limit < 0 {
		o.Limit = 0
	}
	_, more, err := (&scanner.S3Source{Client: c.Client}).List(ctx, bucket, o, func(info scanner.S3Object) error {
		if first == "" {
			first = info.Key
		}
		if limit == 0 {
			return nil
		}
		st, err := c.Client.StatObject(ctx, bucket, info.Key, minio.StatObjectOptions{})
		if err != nil {
			if errCode(err) == "NoSuchKey" {
				return nil
			}
			return Call("HeadObject", bucket, info.Key, err)
		}
		oc.Checked++
		alg := ObjectSSE(st.Metadata)
		oc.SSE[alg]++
		if alg == "none" {
			oc.Unencrypted++
			if len(oc.Examples) < maxExamples {
				oc.Examples = append(oc.Examples, info.Key)
			}
		}
		if c.ObjectACLs && !oc.ACLUnsupported {
			acl, err := api.ObjectACL(ctx, bucket, info.Key)
			switch {
			case err != nil && IsNotImplemented(err):
				oc.ACLUnsupported = true
			case err != nil:
				return Call("GetObjectAcl", bucket, info.Key, err)
			default:
				if AnalyzeACL(acl, true).Public {
					oc.PublicACLCount++
					if len(oc.PublicACL) < maxExamples {
						oc.PublicACL = append(oc.PublicACL, info.Key)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		var ce *CallError
		if errors.As(err, &ce) {
			return oc, first, err
		}
		var se *scanner.S3Error
		if errors.As(err, &se) {
			err = se.Err // the store's answer, for CallError.Denied
		}
		return oc, first, Call("ListObjectsV2", bucket, "", err)
	}
	oc.Truncated = limit > 0 && more
	return oc, first, nil
}

// ObjectSSE returns an object's server-side encryption from its HEAD
// headers: "AES256", "aws:kms", "aws:kms:dsse", "SSE-C" or "none".
func ObjectSSE(h http.Header) string {
	alg, _ := scanner.SSEOf(h)
	return alg
}

// probe sends an anonymous LIST of the bucket and an anonymous GET of key.
func (c *Checker) probe(ctx context.Context, bucket, key string) *ProbeResult {
	hc := c.ProbeClient
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	base := c.Client.EndpointURL()
	do := func(p, query string) string {
		u := *base
		u.Path = p
		u.RawPath = s3utils.EncodePath(p)
		u.RawQuery = query
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return "error: " + err.Error()
		}
		req.Header.Set("Range", "bytes=0-0") // one byte is proof enough
		resp, err := hc.Do(req)
		if err != nil {
			return "error: " + err.Error()
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		switch {
		case resp.StatusCode/100 == 2:
			return "allowed"
		case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized:
			return "denied"
		default:
			return "error: HTTP " + resp.Status
		}
	}
	pr := &ProbeResult{List: do("/"+bucket+"/", url.Values{"list-type": {"2"}, "max-keys": {"1"}}.Encode())}
	if key != "" {
		pr.Key = key
		pr.Get = do("/"+bucket+"/"+key, "")
	}
	return pr
}
