package posture

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/s3utils"
	"github.com/minio/minio-go/v7/pkg/signer"
)

// API adds the S3 calls minio-go lacks (bucket and object ACLs, the public
// access block) to a minio-go client, signing them with its credentials
// and sending them through its transport.
type API struct {
	*minio.Client
}

// rawRequest sends a signed S3 request. Errors come back as
// minio.ErrorResponse so they classify like minio-go's.
func (a API) rawRequest(ctx context.Context, method, bucket, key string, query url.Values, body []byte) ([]byte, error) {
	return a.rawRequestHeaders(ctx, method, bucket, key, query, body, nil)
}

// rawRequestHeaders is rawRequest with extra (signed) request headers.
func (a API) rawRequestHeaders(ctx context.Context, method, bucket, key string, query url.Values, body []byte, hdr http.Header) ([]byte, error) {
	ep := a.EndpointURL()
	u := *ep
	virtual := strings.HasSuffix(ep.Hostname(), "amazonaws.com") && !strings.Contains(bucket, ".")
	p := "/"
	if !virtual {
		p += bucket + "/"
	} else {
		u.Host = bucket + "." + ep.Host
	}
	p += key
	u.Path = p
	u.RawPath = s3utils.EncodePath(p)
	u.RawQuery = query.Encode()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range hdr {
		req.Header[http.CanonicalHeaderKey(k)] = v
	}
	sum := sha256.Sum256(body)
	req.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
	if body != nil {
		m := md5.Sum(body)
		req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(m[:]))
		req.Header.Set("Content-Type", "application/xml")
		req.ContentLength = int64(len(body))
	}
	region, err := a.GetBucketLocation(ctx, bucket)
	if err != nil || region == "" {
		region = "us-east-1"
	}
	creds, err := a.GetCreds()
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	if creds.AccessKeyID != "" {
		req = signer.SignV4(*req, creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken, region)
	}
	hc := a.CredContext().Client
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		er := minio.ErrorResponse{StatusCode: resp.StatusCode, BucketName: bucket, Key: key}
		if xml.Unmarshal(data, &er) != nil || er.Code == "" {
			er.Code = http.StatusText(resp.StatusCode)
			er.Message = resp.Status
		}
		er.StatusCode = resp.StatusCode
		return nil, er
	}
	return data, nil
}

// BucketACL returns the bucket's ACL (GetBucketAcl).
func (a API) BucketACL(ctx context.Context, bucket string) (*ACL, error) {
	data, err := a.rawRequest(ctx, http.MethodGet, bucket, "", url.Values{"acl": {""}}, nil)
	if err != nil {
		return nil, err
	}
	return ParseACL(data)
}

// PutBucketACL sets the bucket's ACL (PutBucketAcl).
func (a API) PutBucketACL(ctx context.Context, bucket string, acl *ACL) error {
	body, err := acl.Marshal()
	if err != nil {
		return err
	}
	_, err = a.rawRequest(ctx, http.MethodPut, bucket, "", url.Values{"acl": {""}}, body)
	return err
}

// ObjectACL returns an object's ACL (GetObjectAcl).
func (a API) ObjectACL(ctx context.Context, bucket, key string) (*ACL, error) {
	data, err := a.rawRequest(ctx, http.MethodGet, bucket, key, url.Values{"acl": {""}}, nil)
	if err != nil {
		return nil, err
	}
	return ParseACL(data)
}

// PutObjectACL sets an object's ACL (PutObjectAcl). The grants go as
// x-amz-grant-* headers, which S3 takes as the whole new ACL just as it
// takes the AccessControlPolicy body (moto_server reads only the headers:
// given a body it gives the object its bucket's ACL instead). An ACL the
// headers can't say (no grant, or a permission objects don't have) goes as
// the body.
func (a API) PutObjectACL(ctx context.Context, bucket, key string, acl *ACL) error {
	if hdr := grantHeaders(acl); hdr != nil {
		_, err := a.rawRequestHeaders(ctx, http.MethodPut, bucket, key, url.Values{"acl": {""}}, nil, hdr)
		return err
	}
	body, err := acl.Marshal()
	if err != nil {
		return err
	}
	_, err = a.rawRequest(ctx, http.MethodPut, bucket, key, url.Values{"acl": {""}}, body)
	return err
}

// grantHeaders says an object ACL's grants as x-amz-grant-* headers, or
// returns nil when they can't say it.
func grantHeaders(acl *ACL) http.Header {
	if acl == nil || len(acl.Grants) == 0 {
		return nil
	}
	names := map[string]string{"READ": "X-Amz-Grant-Read", "READ_ACP": "X-Amz-Grant-Read-Acp",
		"WRITE_ACP": "X-Amz-Grant-Write-Acp", "FULL_CONTROL": "X-Amz-Grant-Full-Control"}
	byPerm := map[string][]string{}
	for _, g := range acl.Grants {
		h := names[g.Permission]
		var kind, val string
		switch {
		case g.Grantee.URI != "":
			kind, val = "uri", g.Grantee.URI
		case g.Grantee.ID != "":
			kind, val = "id", g.Grantee.ID
		case g.Grantee.EmailAddress != "":
			kind, val = "emailAddress", g.Grantee.EmailAddress
		}
		if h == "" || val == "" || strings.ContainsAny(val, `",`) {
			return nil
		}
		who := kind + `="` + val + `"`
		if !slices.Contains(byPerm[h], who) {
			byPerm[h] = append(byPerm[h], who)
		}
	}
	hdr := http.Header{}
	for h, whos := range byPerm {
		hdr.Set(h, strings.Join(whos, ", "))
	}
	return hdr
}

// PublicAccessBlock returns the bucket's public access block
// (GetPublicAccessBlock). A bucket without one gives a zero configuration
// and configured=false; a store that doesn't implement it gives an error
// for which IsNotImplemented is true.
func (a API) PublicAccessBlock(ctx context.Context, bucket string) (pab *PublicAccessBlock, configured bool, err error) {
	data, err := a.rawRequest(ctx, http.MethodGet, bucket, "", url.Values{"publicAccessBlock": {""}}, nil)
	if err != nil {
		if errCode(err) == "NoSuchPublicAccessBlockConfiguration" {
			return &PublicAccessBlock{}, false, nil
		}
		return nil, false, err
	}
	p, err := ParsePublicAccessBlock(data)
	return p, err == nil, err
}

// PutPublicAccessBlock sets the bucket's public access block.
func (a API) PutPublicAccessBlock(ctx context.Context, bucket string, pab *PublicAccessBlock) error {
	body, err := pab.Marshal()
	if err != nil {
		return err
	}
	_, err = a.rawRequest(ctx, http.MethodPut, bucket, "", url.Values{"publicAccessBlock": {""}}, body)
	return err
}

// DeletePublicAccessBlock removes the bucket's public access block.
func (a API) DeletePublicAccessBlock(ctx context.Context, bucket string) error {
	_, err := a.rawRequest(ctx, http.MethodDelete, bucket, "", url.Values{"publicAccessBlock": {""}}, nil)
	return err
}

// errCode returns the S3 error code of err, or "".
func errCode(err error) string {
	return minio.ToErrorResponse(err).Code
}

// IsNotImplemented reports an S3 call the store doesn't implement
// (MinIO's GetPublicAccessBlock, GetBucketAcl on some stores).
func IsNotImplemented(err error) bool {
	er := minio.ToErrorResponse(err)
	return er.Code == "NotImplemented" || er.StatusCode == http.StatusNotImplemented
}

// BucketVersioning returns the versioning status: "Enabled", "Suspended"
// or "" (never enabled). It reads the document leniently (moto answers an
// unversioned bucket with another root element than minio-go expects).
func (a API) BucketVersioning(ctx context.Context, bucket string) (string, error) {
	data, err := a.rawRequest(ctx, http.MethodGet, bucket, "", url.Values{"versioning": {""}}, nil)
	if err != nil {
		return "", err
	}
	var v struct {
		Status string `xml:"Status"`
	}
	if err := xml.Unmarshal(data, &v); err != nil {
		return "", fmt.Errorf("versioning: %w", err)
	}
	return v.Status, nil
}
