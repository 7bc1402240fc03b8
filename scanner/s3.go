package scanner

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"gopkg.in/ini.v1"
)

// S3Config says where an S3 (or S3-compatible) store is and who we are
// there. S3ConfigFromEnv fills it from the places the AWS CLI and SDKs
// read, so one binary works against AWS S3 and MinIO unchanged.
type S3Config struct {
	// Endpoint is a URL ("https://s3.amazonaws.com", "http://minio:9000")
	// or a bare host:port (HTTPS unless Insecure).
	Endpoint string
	Region   string
	// AccessKey, SecretKey and SessionToken, when set, are used as they
	// are; otherwise the credential chain runs: AWS_* environment,
	// MINIO_ROOT_USER/MINIO_ACCESS_KEY environment, the shared
	// credentials and config files (Profile), then EC2/ECS/web-identity
	// roles.
	AccessKey    string
	SecretKey    string
	SessionToken string
	Profile      string
	// PathStyle forces path-style requests (auto: virtual-host style on
	// AWS, path style elsewhere).
	PathStyle bool
	// Anonymous sends unsigned requests (public buckets), like the AWS
	// CLI's --no-sign-request.
	Anonymous bool
	// CABundle is a PEM file of extra trusted roots (AWS_CA_BUNDLE).
	CABundle string
	// MaxRetries bounds minio-go's own retries of one request (0: its
	// default, 10).
	MaxRetries int
}

// S3ConfigFromEnv reads AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, AWS_REGION,
// AWS_DEFAULT_REGION, AWS_PROFILE, AWS_CA_BUNDLE and the profile's region
// and endpoint_url in ~/.aws/config (AWS_CONFIG_FILE). Credentials are
// left to the chain (see S3Config).
func S3ConfigFromEnv() S3Config {
	c := S3Config{
		Endpoint: firstEnv("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
		Region:   firstEnv("AWS_REGION", "AWS_DEFAULT_REGION"),
		Profile:  os.Getenv("AWS_PROFILE"),
		CABundle: os.Getenv("AWS_CA_BUNDLE"),
	}
	if v := strings.ToLower(os.Getenv("DREDGE_S3_PATH_STYLE")); v == "1" || v == "true" {
		c.PathStyle = true
	}
	if c.Endpoint == "" || c.Region == "" {
		region, endpoint := profileSettings(c.Profile)
		if c.Region == "" {
			c.Region = region
		}
		if c.Endpoint == "" {
			c.Endpoint = endpoint
		}
	}
	return c
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(os.Getenv(n)); v != "" {
			return v
		}
	}
	return ""
}

// profileSettings reads region and endpoint_url of a profile from the AWS
// config file.
func profileSettings(profile string) (region, endpoint string) {
	path := os.Getenv("AWS_CONFIG_FILE")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", ""
		}
		path = filepath.Join(home, ".aws", "config")
	}
	f, err := ini.Load(path)
	if err != nil {
		return "", ""
	}
	if profile == "" {
		profile = "default"
	}
	sec, err := f.GetSection("profile " + profile)
	if err != nil {
		if sec, err = f.GetSection(profile); err != nil {
			return "", ""
		}
	}
	return sec.Key("region").String(), sec.Key("endpoint_url").String()
}

// NewS3Client returns a minio-go client for c.
func NewS3Client(c S3Config) (*minio.Client, error) {
	endpoint := c.Endpoint
	if endpoint == "" {
		endpoint = "https://s3.amazonaws.com"
	}
	secure := true
	if strings.Contains(endpoint, "://") {
		u, err := url.Parse(endpoint)
		if err != nil {
			return nil, fmt.Errorf("S3 endpoint %q: %w", endpoint, err)
		}
		switch u.Scheme {
		case "http":
			secure = false
		case "https":
		default:
			return nil, fmt.Errorf("S3 endpoint %q: want http:// or https://", endpoint)
		}
		if u.Path != "" && u.Path != "/" {
			return nil, fmt.Errorf("S3 endpoint %q: a path is not supported", endpoint)
		}
		endpoint = u.Host
	}
	var creds *credentials.Credentials
	switch {
	case c.Anonymous:
		creds = credentials.NewStatic("", "", "", credentials.SignatureAnonymous)
	case c.AccessKey != "":
		creds = credentials.NewStaticV4(c.AccessKey, c.SecretKey, c.SessionToken)
	default:
		chain := []credentials.Provider{
			&credentials.EnvAWS{},
			&credentials.EnvMinio{},
			&credentials.FileAWSCredentials{Profile: c.Profile},
		}
		// Roles: web identity, ECS task role, EC2 instance profile. With
		// AWS_EC2_METADATA_DISABLED and neither of the first two set,
		// there is nothing to ask (and no metadata timeouts to wait for).
		noIMDS := strings.EqualFold(os.Getenv("AWS_EC2_METADATA_DISABLED"), "true")
		if !noIMDS || firstEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI") != "" {
			chain = append(chain, &credentials.IAM{})
		}
		creds = credentials.NewChainCredentials(chain)
	}
	tr, err := s3Transport(c.CABundle)
	if err != nil {
		return nil, err
	}
	opts := &minio.Options{Creds: creds, Secure: secure, Region: c.Region, Transport: tr, MaxRetries: c.MaxRetries}
	if c.PathStyle {
		opts.BucketLookup = minio.BucketLookupPath
	}
	return minio.New(endpoint, opts)
}

func s3Transport(caBundle string) (http.RoundTripper, error) {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: 2 * time.Minute,
		// Objects are read as they are, never transparently decompressed.
		DisableCompression: true,
	}
	if caBundle != "" {
		pem, err := os.ReadFile(caBundle)
		if err != nil {
			return nil, fmt.Errorf("AWS_CA_BUNDLE: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("AWS_CA_BUNDLE %s: no certificate found", caBundle)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return tr, nil
}

// ParseS3URL splits s3://bucket[/prefix].
func ParseS3URL(s string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not an s3:// URL", s)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%q: no bucket", s)
	}
	return bucket, prefix, nil
}

// IsS3URL reports whether s names an S3 location.
func IsS3URL(s string) bool { return strings.HasPrefix(s, "s3://") }

// S3Object is one object version as a listing, a HEAD or an event names it.
type S3Object struct {
	Bucket       string
	Key          string
	ETag         string // without quotes
	VersionID    string
	Size         int64
	LastModified time.Time
	StorageClass string
	// Restored is true when an archived object has a readable restored
	// copy (known from a HEAD; listings rarely say).
	Restored bool
	// SSE is the object's server-side encryption as a GET or HEAD
	// answered it (see SSEOf): "AES256", "aws:kms", "aws:kms:dsse",
	// "SSE-C" or "none"; "" when not known (listings don't say).
	// SSEKMSKeyID is the KMS key of SSE-KMS objects.
	SSE         string
	SSEKMSKeyID string
}

// SSEOf returns the server-side encryption of an object from its GET or
// HEAD response headers (minio-go keeps them in ObjectInfo.Metadata):
// "AES256", "aws:kms", "aws:kms:dsse", "SSE-C" or "none", and the KMS key
// ID when there is one.
func SSEOf(h http.Header) (alg, kmsKeyID string) {
	if v := h.Get("X-Amz-Server-Side-Encryption"); v != "" {
		return v, h.Get("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id")
	}
	if h.Get("X-Amz-Server-Side-Encryption-Customer-Algorithm") != "" {
		return "SSE-C", ""
	}
	return "none", ""
}

// Name is s3://bucket/key, the object name results carry.
func (o S3Object) Name() string { return "s3://" + o.Bucket + "/" + o.Key }

// Identity is what tells versions apart: the ETag, or the version id
// when there is no ETag.
func (o S3Object) Identity() string {
	if o.ETag != "" {
		return o.ETag
	}
	return o.VersionID
}

func objectFromInfo(bucket string, in minio.ObjectInfo) S3Object {
	o := S3Object{
		Bucket: bucket, Key: in.Key, ETag: TrimETag(in.ETag), VersionID: in.VersionID, Size: in.Size,
		LastModified: in.LastModified, StorageClass: in.StorageClass,
	}
	if in.Restore != nil && !in.Restore.OngoingRestore && !in.Restore.ExpiryTime.IsZero() {
		o.Restored = true
	}
	if in.Metadata != nil {
		// A HEAD or GET: its headers say how the object is stored.
		o.SSE, o.SSEKMSKeyID = SSEOf(in.Metadata)
	}
	return o
}

// TrimETag removes the quotes S3 puts around ETags.
func TrimETag(e string) string { return strings.Trim(strings.TrimSpace(e), `"`) }

// archivedClasses can't be read without a restore.
var archivedClasses = map[string]bool{
	"GLACIER":             true,
	"DEEP_ARCHIVE":        true,
	"GLACIER_FLEXIBLE":    true,
	"ARCHIVE_ACCESS":      true,
	"DEEP_ARCHIVE_ACCESS": true,
}

// Archived reports whether the object's storage class can't be read
// directly (Glacier Flexible Retrieval, Deep Archive) and it has no
// restored copy.
func (o S3Object) Archived() bool {
	return archivedClasses[strings.ToUpper(o.StorageClass)] && !o.Restored
}

// S3ErrorKind sorts object store errors by what to do about them.
type S3ErrorKind int

const (
	// S3Transient may go away by itself (network, 5xx, throttling,
	// cancellation): retry.
	S3Transient S3ErrorKind = iota
	// S3Gone: the object (or its bucket or version) no longer exists.
	S3Gone
	// S3Denied: access denied or bad credentials; retrying won't help.
	S3Denied
	// S3Archived: the object must be restored before it can be read.
	S3Archived
	// S3Permanent: any other client error (bad request, SSE-C, ...).
	S3Permanent
)

func (k S3ErrorKind) String() string {
	return [...]string{"transient", "gone", "access denied", "archived", "permanent"}[k]
}

// ClassifyS3Error sorts err (from minio-go) by kind.
func ClassifyS3Error(err error) S3ErrorKind {
	var er minio.ErrorResponse
	if !errors.As(err, &er) {
		var pe *minio.ErrorResponse
		if errors.As(err, &pe) && pe != nil {
			er = *pe
		} else {
			return S3Transient
		}
	}
	switch er.Code {
	case "NoSuchKey", "NoSuchVersion", "NoSuchBucket":
		return S3Gone
	case "AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch",
		"AccountProblem", "InvalidToken", "ExpiredToken", "InvalidSecurity", "KMS.AccessDeniedException",
		"kms:AccessDenied":
		return S3Denied
	case "InvalidObjectState":
		return S3Archived
	case "SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeTooSkewed",
		"XMinioServerNotInitialized", "XMinioReadQuorum", "XMinioWriteQuorum", "OperationAborted",
		"PreconditionFailed":
		// PreconditionFailed: the object changed while being read; a
		// retry reads the new version.
		return S3Transient
	}
	switch {
	case er.StatusCode == http.StatusNotFound:
		return S3Gone
	case er.StatusCode == http.StatusForbidden:
		return S3Denied
	case er.StatusCode >= 500 || er.StatusCode == http.StatusTooManyRequests || er.StatusCode == 0:
		return S3Transient
	}
	return S3Permanent
}

// S3Error is a classified object store error.
type S3Error struct {
	Kind S3ErrorKind
	Op   string
	Err  error
}

func (e *S3Error) Error() string {
	var er minio.ErrorResponse
	if errors.As(e.Err, &er) && er.Code != "" {
		msg := er.Message
		if msg == "" {
			msg = er.Code
		}
		return fmt.Sprintf("%s: %s (%s)", e.Op, msg, er.Code)
	}
	return e.Op + ": " + e.Err.Error()
}

func (e *S3Error) Unwrap() error { return e.Err }

func s3err(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *S3Error
	if errors.As(err, &se) {
		return err
	}
	return &S3Error{Kind: ClassifyS3Error(err), Op: op, Err: err}
}

// KindOf returns the kind of a classified error (S3Transient for any
// other error).
func KindOf(err error) S3ErrorKind {
	var se *S3Error
	if errors.As(err, &se) {
		return se.Kind
	}
	return S3Transient
}

// ErrGone reports an object that no longer exists.
var ErrGone = errors.New("object no longer exists")

// S3Source reads objects from one S3 endpoint.
type S3Source struct {
	Client *minio.Client
	// ResumeTries is how often a broken GET is resumed with a ranged
	// GET from where it stopped (default 3).
	ResumeTries int
}

// NewS3Source returns a source over a client for c.
func NewS3Source(c S3Config) (*S3Source, error) {
	cl, err := NewS3Client(c)
	if err != nil {
		return nil, err
	}
	return &S3Source{Client: cl}, nil
}

// S3ListOptions bound one listing.
type S3ListOptions struct {
	Prefix     string
	StartAfter string
	// Limit stops the listing after this many objects (0: no limit).
	Limit int
	// PageSize is the ListObjectsV2 page size (default 1000).
	PageSize int
}

// List lists objects in key order, page by page, calling fn for each
// (folder markers, "key/" with size 0, are left out). It returns the last
// key listed and whether more objects may follow (when Limit stopped
// it). Memory stays flat: one page at a time.
func (s *S3Source) List(ctx context.Context, bucket string, o S3ListOptions, fn func(S3Object) error) (last string, more bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	page := o.PageSize
	if page <= 0 || page > 1000 {
		page = 1000
	}
	if o.Limit > 0 && o.Limit < page {
		page = o.Limit
	}
	n := 0
	// The iterator, not ListObjects' channel: leaving the loop early (the
	// Limit, an error from fn) stops it. ListObjects' producer goroutine
	// blocks for ever sending the cancellation error into a full channel
	// nobody reads, keeping the next page (~1 MB for 1000 keys) alive: a
	// sweep leaked one per page (docs/BENCHMARKS.md, Fleet).
	for info := range s.Client.ListObjectsIter(ctx, bucket, minio.ListObjectsOptions{
		Prefix: o.Prefix, StartAfter: o.StartAfter, Recursive: true, MaxKeys: page, WithRestoreStatus: true,
	}) {
		if info.Err != nil {
			if ctx.Err() != nil && errors.Is(info.Err, context.Canceled) {
				return last, false, ctx.Err()
			}
			return last, false, s3err("listing s3://"+bucket+"/"+o.Prefix, info.Err)
		}
		n++
		last = info.Key
		if !strings.HasSuffix(info.Key, "/") || info.Size != 0 {
			if err := fn(objectFromInfo(bucket, info)); err != nil {
				return last, false, err
			}
		}
		if o.Limit > 0 && n >= o.Limit {
			// Stop inside the page. Letting the iterator go on to learn
			// whether there is more sends the next page's request with
			// the continuation token, and on MinIO that request starts a
			// walk of the rest of the bucket (saved as a listing cache)
			// that goes on after we leave: a sweep, one List per page,
			// cost MinIO O(objects²) and got slower with the bucket's
			// size (docs/BENCHMARKS.md, Fleet). One key after last says
			// whether there is more.
			more, err := s.anyAfter(ctx, bucket, o.Prefix, last)
			return last, more, err
		}
	}
	return last, false, ctx.Err()
}

// anyAfter reports whether the listing of prefix has a key after after:
// a ListObjectsV2 of one key (start-after, no continuation token).
func (s *S3Source) anyAfter(ctx context.Context, bucket, prefix, after string) (bool, error) {
	noOwner := false
	for info := range s.Client.ListObjectsIter(ctx, bucket, minio.ListObjectsOptions{
		Prefix: prefix, StartAfter: after, Recursive: true, MaxKeys: 1, FetchOwner: &noOwner,
	}) {
		if info.Err != nil {
			if ctx.Err() != nil && errors.Is(info.Err, context.Canceled) {
				return false, ctx.Err()
			}
			return false, s3err("listing s3://"+bucket+"/"+prefix, info.Err)
		}
		return true, nil
	}
	return false, ctx.Err()
}

// Stat returns the current version of an object (or the given version).
func (s *S3Source) Stat(ctx context.Context, bucket, key, version string) (S3Object, error) {
	info, err := s.Client.StatObject(ctx, bucket, key, minio.StatObjectOptions{VersionID: version})
	if err != nil {
		return S3Object{}, s3err("HEAD s3://"+bucket+"/"+key, err)
	}
	return objectFromInfo(bucket, info), nil
}

// Tags returns the object's tags.
func (s *S3Source) Tags(ctx context.Context, o S3Object) (map[string]string, error) {
	t, err := s.Client.GetObjectTagging(ctx, o.Bucket, o.Key, minio.GetObjectTaggingOptions{VersionID: o.VersionID})
	if err != nil {
		return nil, s3err("tags of "+o.Name(), err)
	}
	return t.ToMap(), nil
}

// open GETs the object from off (a ranged GET when off > 0), pinned to
// etag when given so a resumed read never mixes two versions.
func (s *S3Source) open(ctx context.Context, o S3Object, off int64, etag string) (io.ReadCloser, minio.ObjectInfo, error) {
	opts := minio.GetObjectOptions{VersionID: o.VersionID}
	if etag != "" {
		if err := opts.SetMatchETag(etag); err != nil {
			return nil, minio.ObjectInfo{}, err
		}
	}
	if off > 0 {
		if err := opts.SetRange(off, 0); err != nil {
			return nil, minio.ObjectInfo{}, err
		}
	}
	core := minio.Core{Client: s.Client}
	rc, info, _, err := core.GetObject(ctx, o.Bucket, o.Key, opts)
	if err != nil {
		return nil, info, s3err("GET "+o.Name(), err)
	}
	return rc, info, nil
}

// s3Reader streams one GET and, when the connection breaks, resumes with
// a ranged GET pinned to the ETag.
type s3Reader struct {
	ctx   context.Context
	src   *S3Source
	obj   S3Object
	etag  string
	size  int64
	body  io.ReadCloser
	off   int64
	tries int
	fail  func(error)
}

func (r *s3Reader) Read(p []byte) (int, error) {
	for {
		n, err := r.body.Read(p)
		r.off += int64(n)
		switch {
		case err == nil:
			return n, nil
		case errors.Is(err, io.EOF):
			if r.size >= 0 && r.off < r.size {
				err = io.ErrUnexpectedEOF // the body ended early
			} else {
				return n, io.EOF
			}
		}
		if n > 0 {
			// Hand over what was read; the next Read resumes.
			r.body.Close()
			r.body = errBody{err}
			return n, nil
		}
		if r.ctx.Err() != nil {
			return 0, r.ctx.Err()
		}
		max := r.src.ResumeTries
		if max == 0 {
			max = 3
		}
		if r.tries >= max {
			err = s3err("reading "+r.obj.Name(), err)
			r.fail(err)
			return 0, err
		}
		r.tries++
		r.body.Close()
		select {
		case <-time.After(time.Duration(r.tries) * 500 * time.Millisecond):
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
		body, _, oerr := r.src.open(r.ctx, r.obj, r.off, r.etag)
		if oerr != nil {
			r.body = errBody{oerr}
			if KindOf(oerr) != S3Transient {
				r.fail(oerr)
				return 0, oerr
			}
			continue
		}
		r.body = body
	}
}

func (r *s3Reader) Close() error { return r.body.Close() }

type errBody struct{ err error }

func (e errBody) Read([]byte) (int, error) { return 0, e.err }
func (e errBody) Close() error             { return nil }

// Scan scans one object with sc. The error, when not nil, says the
// result must not be kept: ErrGone (wrapped) when the object no longer
// exists, or a transient error (network, 5xx, cancellation) worth a
// retry. Access denied and other permanent errors are error results;
// archived storage classes are skipped results; both say why.
func (s *S3Source) Scan(ctx context.Context, sc *Scanner, o S3Object) (Result, error) {
	res, _, err := s.ScanObject(ctx, sc, o)
	return res, err
}

// ScanObject is Scan, and also returns the object as its GET answered
// (ETag, version, size, and its server-side encryption in SSE; SSE stays
// as o had it when the object was not read).
func (s *S3Source) ScanObject(ctx context.Context, sc *Scanner, o S3Object) (Result, S3Object, error) {
	got := o
	if o.Archived() {
		return Result{
			Object: o.Name(), ETag: o.ETag, Version: o.VersionID, Size: o.Size, Status: Skipped,
			Reason:     fmt.Sprintf("storage class %s can't be read directly: restore the object first", o.StorageClass),
			Classifier: sc.opts.Classifier, Findings: []Finding{},
		}, got, nil
	}
	var openErr, readErr error
	obj := Object{
		Name: o.Name(), Size: o.Size, ETag: o.ETag, Version: o.VersionID,
		Open: func(ctx context.Context) (io.ReadCloser, error) {
			rc, info, err := s.open(ctx, o, 0, "")
			if err != nil {
				openErr = err
				return nil, err
			}
			if e := TrimETag(info.ETag); e != "" {
				got.ETag = e
			}
			if info.VersionID != "" {
				got.VersionID = info.VersionID
			}
			if info.Size > 0 || o.Size == 0 {
				got.Size = info.Size
			}
			got.SSE, got.SSEKMSKeyID = SSEOf(info.Metadata)
			size := int64(-1)
			if info.Size >= 0 && info.ContentEncoding == "" {
				size = info.Size
			}
			return &s3Reader{ctx: ctx, src: s, obj: got, etag: got.ETag, size: size, body: rc,
				fail: func(err error) { readErr = err }}, nil
		},
	}
	res := sc.Scan(ctx, obj)
	res.ETag, res.Version, res.Size = got.ETag, got.VersionID, got.Size
	if err := ctx.Err(); err != nil {
		return res, got, &S3Error{Kind: S3Transient, Op: "scanning " + o.Name(), Err: err}
	}
	if err := openErr; err != nil {
		switch KindOf(err) {
		case S3Gone:
			return res, got, fmt.Errorf("%w: %v", ErrGone, err)
		case S3Transient:
			return res, got, err
		case S3Archived:
			res.Status, res.Reason = Skipped, fmt.Sprintf("storage class %s can't be read directly: restore the object first (%v)", storageClassOr(o.StorageClass), err)
		case S3Denied:
			res.Status, res.Reason = Error, "access denied: "+err.Error()
		default:
			res.Status, res.Reason = Error, err.Error()
		}
		return res, got, nil
	}
	if err := readErr; err != nil {
		switch KindOf(err) {
		case S3Gone:
			return res, got, fmt.Errorf("%w: %v", ErrGone, err)
		case S3Transient:
			return res, got, err
		}
	}
	return res, got, nil
}

func storageClassOr(c string) string {
	if c == "" {
		return "(archived)"
	}
	return c
}

// S3Walker lists s3:// locations for an in-process `dredge scan`.
type S3Walker struct {
	Src *S3Source
	// Filter selects keys (globs over the key).
	Filter Filter
	errs   syncMap
}

// Walk calls fn for every object under each s3://bucket[/prefix] URL.
func (w *S3Walker) Walk(ctx context.Context, urls []string, fn func(Object) error) error {
	for _, u := range urls {
		bucket, prefix, err := ParseS3URL(u)
		if err != nil {
			return err
		}
		_, _, err = w.Src.List(ctx, bucket, S3ListOptions{Prefix: prefix}, func(o S3Object) error {
			if !w.Filter.Match(o.Key) {
				return nil
			}
			return fn(w.object(o))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *S3Walker) object(o S3Object) Object {
	return Object{
		Name: o.Name(), Size: o.Size, ETag: o.ETag, Version: o.VersionID,
		Open: func(ctx context.Context) (io.ReadCloser, error) {
			if o.Archived() {
				err := &S3Error{Kind: S3Archived, Op: "GET " + o.Name(), Err: fmt.Errorf("storage class %s", o.StorageClass)}
				w.errs.store(o.Name(), err)
				return nil, err
			}
			rc, info, err := w.Src.open(ctx, o, 0, "")
			if err != nil {
				w.errs.store(o.Name(), err)
				return nil, err
			}
			return &s3Reader{ctx: ctx, src: w.Src, obj: o, etag: TrimETag(info.ETag), size: info.Size, body: rc,
				fail: func(error) {}}, nil
		},
	}
}

// Adjust rewrites the result of an object whose GET failed: archived
// objects become skipped, access denied says so.
func (w *S3Walker) Adjust(r *Result) {
	err, ok := w.errs.load(r.Object)
	if !ok {
		return
	}
	switch KindOf(err) {
	case S3Archived:
		r.Status, r.Reason = Skipped, "storage class can't be read directly: restore the object first ("+err.Error()+")"
	case S3Denied:
		r.Status, r.Reason = Error, "access denied: "+err.Error()
	case S3Gone:
		r.Status, r.Reason = Error, "object no longer exists: "+err.Error()
	}
}

type syncMap struct{ m sync.Map }

func (s *syncMap) store(k string, err error) { s.m.Store(k, err) }

func (s *syncMap) load(k string) (error, bool) {
	v, ok := s.m.Load(k)
	if !ok {
		return nil, false
	}
	return v.(error), true
}
