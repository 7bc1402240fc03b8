package posture

import (
	"errors"
	"fmt"

	"github.com/minio/minio-go/v7"
)

// iamActions maps S3 API calls to the IAM action they need.
var iamActions = map[string]string{
	"GetBucketPolicy":         "s3:GetBucketPolicy",
	"PutBucketPolicy":         "s3:PutBucketPolicy",
	"DeleteBucketPolicy":      "s3:DeleteBucketPolicy",
	"GetBucketAcl":            "s3:GetBucketAcl",
	"PutBucketAcl":            "s3:PutBucketAcl",
	"GetObjectAcl":            "s3:GetObjectAcl",
	"PutObjectAcl":            "s3:PutObjectAcl",
	"GetPublicAccessBlock":    "s3:GetBucketPublicAccessBlock",
	"PutPublicAccessBlock":    "s3:PutBucketPublicAccessBlock",
	"DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
	"GetBucketEncryption":     "s3:GetEncryptionConfiguration",
	"PutBucketEncryption":     "s3:PutEncryptionConfiguration",
	"DeleteBucketEncryption":  "s3:PutEncryptionConfiguration",
	"GetBucketVersioning":     "s3:GetBucketVersioning",
	"ListObjectsV2":           "s3:ListBucket",
	"ListObjectVersions":      "s3:ListBucketVersions",
	"HeadObject":              "s3:GetObject",
	"GetObject":               "s3:GetObject",
	"PutObject":               "s3:PutObject",
	"CopyObject":              "s3:GetObject on the source and s3:PutObject on the destination",
	"DeleteObject":            "s3:DeleteObject (s3:DeleteObjectVersion for a version)",
	"GetObjectTagging":        "s3:GetObjectTagging",
	"PutObjectTagging":        "s3:PutObjectTagging",
	"HeadBucket":              "s3:ListBucket",
	"CreateBucket":            "s3:CreateBucket",
}

// CallError is a failed S3 call: which API, on which resource (an ARN),
// and what the store said. A denied call says which IAM action it needs.
type CallError struct {
	API      string
	Resource string
	Err      error
}

func (e *CallError) Error() string {
	er := minio.ToErrorResponse(e.Err)
	if e.Denied() {
		need := iamActions[e.API]
		if need == "" {
			need = "s3:" + e.API
		}
		return fmt.Sprintf("permission denied: %s on %s (needs %s): %s", e.API, e.Resource, need, firstNonEmpty(er.Message, e.Err.Error()))
	}
	if er.Code != "" {
		return fmt.Sprintf("%s on %s: %s (%s)", e.API, e.Resource, firstNonEmpty(er.Message, er.Code), er.Code)
	}
	return fmt.Sprintf("%s on %s: %v", e.API, e.Resource, e.Err)
}

func (e *CallError) Unwrap() error { return e.Err }

// Denied reports an access-denied answer.
func (e *CallError) Denied() bool {
	er := minio.ToErrorResponse(e.Err)
	return er.Code == "AccessDenied" || er.StatusCode == 403 && er.Code != "SignatureDoesNotMatch" && er.Code != "InvalidAccessKeyId"
}

// Call wraps err (nil stays nil) as a CallError for api on the bucket or
// object (key "" for the bucket).
func Call(api, bucket, key string, err error) error {
	if err == nil {
		return nil
	}
	var ce *CallError
	if errors.As(err, &ce) {
		return err
	}
	return &CallError{API: api, Resource: ARN(bucket, key), Err: err}
}

// ARN of a bucket (key "") or an object.
func ARN(bucket, key string) string {
	if key == "" {
		return "arn:aws:s3:::" + bucket
	}
	return "arn:aws:s3:::" + bucket + "/" + key
}

// IsDenied reports whether err is an access-denied answer.
func IsDenied(err error) bool {
	var ce *CallError
	if errors.As(err, &ce) {
		return ce.Denied()
	}
	er := minio.ToErrorResponse(err)
	return er.Code == "AccessDenied"
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
