package remediate

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/internal/testenv"
	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/queue"
	"github.com/dredge-dev/dredge/remediate/rules"
)

// TestConcurrentBucketChanges runs quarantine lockdowns of many objects
// of one bucket and a block_public of that bucket at the same time, as a
// fleet's workers do: each edits the bucket policy (read, edit, write),
// and none may lose another's edit. Workers are engines of their own
// with the fleet's Redis lock; "process" engines share this process's.
func TestConcurrentBucketChanges(t *testing.T) {
	env := newMinIO(t)
	rd := testenv.StartRedis(t)
	ctx := context.Background()
	for _, locking := range []string{"redis", "process"} {
		t.Run(locking, func(t *testing.T) {
			bucket := "data-" + locking
			env.bucket(bucket)
			if locking == "redis" {
				env.bucket("quarantine")
			}
			pub := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"},`+
				`{"Sid":"Team","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::%s"}]}`, bucket, bucket)
			if err := env.cl.SetBucketPolicy(ctx, bucket, pub); err != nil {
				t.Fatal(err)
			}
			const n = 12
			var objs []Target
			for i := range n {
				key := fmt.Sprintf("cards-%02d.csv", i)
				info := env.put(bucket, key, "4111111111111111", minio.PutObjectOptions{})
				objs = append(objs, cardTarget(bucket, key, info.ETag))
			}
			cfg := rules.Config{QuarantineBucket: "quarantine", Rules: []rules.Rule{
				{Name: "lock", Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Quarantine, Original: "lockdown"}}},
				{Name: "unpublic", Match: rules.Match{Posture: []string{"S3BucketPublic"}}, Actions: []rules.Action{{Type: rules.BlockPublic}}},
			}}
			rep, err := (&posture.Checker{Client: env.cl}).Check(ctx, bucket)
			if err != nil {
				t.Fatal(err)
			}
			engine := func() *Engine {
				e := env.engine(cfg)
				if locking == "redis" {
					rdb := redis.NewClient(&redis.Options{Addr: rd.Addr})
					t.Cleanup(func() { rdb.Close() })
					e.Locker = &queue.BucketLocker{Agg: &queue.Aggregates{R: rdb}}
				}
				return e
			}
			var wg sync.WaitGroup
			errs := make(chan error, n+1)
			run := func(objs, buckets []Target) {
				defer wg.Done()
				e := engine()
				if err := e.Apply(ctx, e.Plan(objs, buckets, false)); err != nil {
					errs <- err
				}
			}
			for i := range objs {
				wg.Add(1)
				go run(objs[i:i+1], nil)
			}
			wg.Add(1)
			go run(nil, []Target{{Bucket: bucket, Posture: rep}})
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			doc, err := env.cl.GetBucketPolicy(ctx, bucket)
			if err != nil {
				t.Fatal(err)
			}
			p, err := posture.ParsePolicy([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			var sids []string
			var denied []string
			for _, st := range p.Statements {
				sids = append(sids, st.Sid)
				if st.Sid == lockdownSid {
					denied = append(denied, st.Resource...)
				}
			}
			slices.Sort(sids)
			if !slices.Equal(sids, []string{lockdownSid, "Team"}) {
				t.Errorf("statements %v, want the lockdown and Team (PublicRead removed): %s", sids, doc)
			}
			for _, o := range objs {
				if !slices.Contains(denied, posture.ARN(bucket, o.Key)) {
					t.Errorf("%s: its lockdown Deny was lost (denied: %d of %d)", o.Key, len(denied), n)
				}
			}
			// Every step is in the audit log once.
			applied := map[string]int{}
			for _, en := range entries(t, env.log) {
				if en.Bucket == bucket {
					applied[en.Action+" "+en.Key]++
				}
			}
			if len(applied) != n+1 {
				b, _ := json.Marshal(applied)
				t.Errorf("audit entries: %s", b)
			}
		})
	}
}
