package queue

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/dredge-dev/dredge/scanner"
)

// sampleEvents are event bodies of each kind ParseEvents reads: AWS's S3
// event, MinIO's webhook, SNS, SQS through Lambda and raw, EventBridge
// (created, deleted).
func sampleEvents() (aws, minio, sns, sqsLambda, sqsRaw, eb, ebDel string) {
	aws = `{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
	  "s3":{"bucket":{"name":"b1"},"object":{"key":"dir/my+file%3A1.csv","size":12,"eTag":"0123abc","versionId":"v1","sequencer":"00A"}}},
	  {"eventSource":"aws:s3","eventName":"ObjectRemoved:DeleteMarkerCreated",
	  "s3":{"bucket":{"name":"b1"},"object":{"key":"old.txt","versionId":"dm1","sequencer":"00B"}}},
	  {"eventSource":"aws:s3","eventName":"ObjectTagging:Put","s3":{"bucket":{"name":"b1"},"object":{"key":"t.txt"}}}]}`
	minio = `{"EventName":"s3:ObjectCreated:Put","Key":"b2/a b.txt","Records":[{"eventVersion":"2.0","eventSource":"minio:s3",
	  "eventName":"s3:ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","bucket":{"name":"b2","arn":"arn:aws:s3:::b2"},
	  "object":{"key":"a+b.txt","size":5,"eTag":"\"e1\"","sequencer":"17A"}}}]}`
	snsB, _ := json.Marshal(map[string]string{"Type": "Notification", "MessageId": "m", "Message": aws})
	sqsLambdaB, _ := json.Marshal(map[string]any{"Records": []map[string]string{{"eventSource": "aws:sqs", "messageId": "1", "body": string(snsB)}}})
	sqsRawB, _ := json.Marshal(map[string]string{"MessageId": "1", "Body": minio})
	eb = `{"version":"0","id":"x","detail-type":"Object Created","source":"aws.s3","detail":{"version":"0",
	  "bucket":{"name":"b3"},"object":{"key":"raw/2023-08-08T14:03:40.zip","size":9,"etag":"ff-2","version-id":"v9","sequencer":"0064"},"reason":"PutObject"}}`
	ebDel = `{"version":"0","detail-type":"Object Deleted","source":"aws.s3","detail":{"bucket":{"name":"b3"},
	  "object":{"key":"k","version-id":"dm"},"deletion-type":"Delete Marker Created"}}`
	return aws, minio, string(snsB), string(sqsLambdaB), string(sqsRawB), eb, ebDel
}

func TestParseEvents(t *testing.T) {
	aws, minio, sns, sqsLambda, sqsRaw, eb, ebDel := sampleEvents()

	check := func(name, body string, want []ObjectEvent) {
		t.Helper()
		got, err := ParseEvents([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d events, want %d: %+v", name, len(got), len(want), got)
		}
		for i := range want {
			g, w := got[i], want[i]
			g.Name, g.Sequencer, g.Size = "", "", 0
			if g != w {
				t.Errorf("%s[%d]: %+v, want %+v", name, i, g, w)
			}
		}
	}
	awsWant := []ObjectEvent{
		{Kind: "created", Bucket: "b1", Key: "dir/my file:1.csv", ETag: "0123abc", VersionID: "v1"},
		{Kind: "removed", Bucket: "b1", Key: "old.txt", VersionID: "dm1", AnyVersion: true},
		{Kind: "", Bucket: "b1", Key: "t.txt"},
	}
	check("aws", aws, awsWant)
	check("sns", sns, awsWant)
	check("sqs-lambda", sqsLambda, awsWant)
	check("minio", minio, []ObjectEvent{{Kind: "created", Bucket: "b2", Key: "a b.txt", ETag: "e1"}})
	check("sqs-raw", sqsRaw, []ObjectEvent{{Kind: "created", Bucket: "b2", Key: "a b.txt", ETag: "e1"}})
	check("eventbridge", eb, []ObjectEvent{{Kind: "created", Bucket: "b3", Key: "raw/2023-08-08T14:03:40.zip", ETag: "ff-2", VersionID: "v9"}})
	check("eventbridge-delete", ebDel, []ObjectEvent{{Kind: "removed", Bucket: "b3", Key: "k", VersionID: "dm", AnyVersion: true}})
	check("test-event", `{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024","Bucket":"b"}`, nil)
	check("sns-subscribe", `{"Type":"SubscriptionConfirmation","SubscribeURL":"https://x"}`, nil)

	for _, bad := range []string{``, `[]`, `nope`, `{"Records":[{"eventName":`, `{"Records":"x"}`, `{"a":1}`,
		`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":""},"object":{"key":"k"}}}]}`,
		`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"%zz"}}}]}`,
		`{"Type":"Notification","Message":"not json"}`} {
		if _, err := ParseEvents([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	// Envelopes inside envelopes end.
	deep := aws
	for range 8 {
		b, _ := json.Marshal(map[string]string{"Type": "Notification", "Message": deep})
		deep = string(b)
	}
	if _, err := ParseEvents([]byte(deep)); err == nil {
		t.Error("8 nested envelopes: no error")
	}
}

func TestParseSchedule(t *testing.T) {
	utc := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	cases := []struct {
		spec       ScheduleSpec
		from, next string
	}{
		{ScheduleSpec{Frequency: "daily", Time: "02:30"}, "2026-03-10T05:00:00Z", "2026-03-11T02:30:00Z"},
		{ScheduleSpec{Frequency: "daily"}, "2026-03-10T05:00:00Z", "2026-03-11T00:00:00Z"},
		{ScheduleSpec{Frequency: "weekly", DayOfWeek: "Monday", Time: "01:00"}, "2026-03-10T05:00:00Z", "2026-03-16T01:00:00Z"},
		{ScheduleSpec{Frequency: "monthly", DayOfMonth: 31, Time: "03:00"}, "2026-02-10T00:00:00Z", "2026-02-28T03:00:00Z"},
		{ScheduleSpec{Frequency: "monthly", DayOfMonth: 31}, "2026-02-28T00:00:01Z", "2026-03-31T00:00:00Z"},
		{ScheduleSpec{Frequency: "monthly", DayOfMonth: 1}, "2026-12-05T00:00:00Z", "2027-01-01T00:00:00Z"},
		{ScheduleSpec{Cron: "0 */15 * * * *"}, "2026-03-10T05:01:00Z", "2026-03-10T05:15:00Z"},
		{ScheduleSpec{Cron: "30 4 * * *"}, "2026-03-10T05:01:00Z", "2026-03-11T04:30:00Z"},
		{ScheduleSpec{Cron: "@daily"}, "2026-03-10T05:01:00Z", "2026-03-11T00:00:00Z"},
		{ScheduleSpec{Frequency: "daily", Time: "02:00", Timezone: "Europe/Paris"}, "2026-03-10T05:00:00Z", "2026-03-11T01:00:00Z"},
	}
	for _, c := range cases {
		c.spec.Name, c.spec.Location = "n", "s3://bucket/p/"
		s, err := ParseSchedule(c.spec)
		if err != nil {
			t.Errorf("%+v: %v", c.spec, err)
			continue
		}
		if got := s.Next(utc(c.from)); !got.Equal(utc(c.next)) {
			t.Errorf("%+v from %s: next %s, want %s", c.spec, c.from, got.UTC().Format(time.RFC3339), c.next)
		}
		if s.Bucket != "bucket" || s.Scope.Prefix != "p/" {
			t.Errorf("%+v: bucket %q prefix %q", c.spec, s.Bucket, s.Scope.Prefix)
		}
	}
	for _, bad := range []ScheduleSpec{
		{Name: "n", Location: "s3://b"},
		{Name: "n", Location: "s3://b", Frequency: "hourly"},
		{Name: "n", Location: "s3://b", Frequency: "weekly", DayOfWeek: "someday"},
		{Name: "n", Location: "s3://b", Frequency: "monthly", DayOfMonth: 32},
		{Name: "n", Location: "s3://b", Frequency: "daily", Time: "25:00"},
		{Name: "n", Location: "s3://b", Cron: "@every 5m"},
		{Name: "n", Location: "s3://b", Cron: "not a cron"},
		{Name: "n", Location: "s3://b", Cron: "* * * * *", Frequency: "daily"},
		{Name: "n", Location: "b", Frequency: "daily"},
		{Name: "bad name!", Location: "s3://b", Frequency: "daily"},
		{Name: "n", Location: "s3://b", Frequency: "daily", Timezone: "Mars/Olympus"},
		{Name: "n", Location: "s3://b", Frequency: "daily", Scope: Scope{MinSize: 10, MaxSize: 5}},
	} {
		if _, err := ParseSchedule(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		} else if !strings.Contains(err.Error(), `schedule "`) {
			t.Errorf("%+v: error does not name the schedule: %v", bad, err)
		}
	}
}

func TestScope(t *testing.T) {
	now := time.Now()
	o := scanner.S3Object{Key: "logs/2026/app.CSV", Size: 100, LastModified: now}
	yes := []Scope{
		{},
		{Prefix: "logs/"},
		{IncludeExt: []string{"csv"}},
		{IncludeExt: []string{".csv", "json"}},
		{ExcludeExt: []string{"json"}},
		{MinSize: 100, MaxSize: 100},
		{ModifiedAfter: now.Add(-time.Minute), ModifiedBefore: now.Add(time.Minute)},
	}
	no := []Scope{
		{Prefix: "data/"},
		{IncludeExt: []string{"json"}},
		{ExcludeExt: []string{"CSV"}},
		{MinSize: 101},
		{MaxSize: 99},
		{ModifiedAfter: now.Add(time.Minute)},
		{ModifiedBefore: now},
	}
	for _, s := range yes {
		if !scopeMatch(&s, "sw", o) {
			t.Errorf("%+v: left out", s)
		}
	}
	for _, s := range no {
		if scopeMatch(&s, "sw", o) {
			t.Errorf("%+v: kept", s)
		}
	}
	// Sampling is deterministic and close to the share asked.
	s := Scope{SamplePercent: 10}
	n := 0
	for i := range 10000 {
		k := scanner.S3Object{Key: "k" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoaT(i)}
		a, b := scopeMatch(&s, "sw-1", k), scopeMatch(&s, "sw-1", k)
		if a != b {
			t.Fatal("sampling is not deterministic")
		}
		if a {
			n++
		}
	}
	if n < 850 || n > 1150 {
		t.Errorf("10%% sample kept %d of 10000", n)
	}
	tags := map[string]string{"class": "pii", "team": "x"}
	for _, c := range []struct {
		s    Scope
		want bool
	}{
		{Scope{Tags: []string{"class=pii"}}, true},
		{Scope{Tags: []string{"class=public", "team"}}, true},
		{Scope{Tags: []string{"class=public"}}, false},
		{Scope{ExcludeTags: []string{"team=x"}}, false},
		{Scope{ExcludeTags: []string{"team=y"}}, true},
		{Scope{Tags: []string{"class"}, ExcludeTags: []string{"team"}}, false},
	} {
		if got := tagsMatch(&c.s, tags); got != c.want {
			t.Errorf("%+v: %v, want %v", c.s, got, c.want)
		}
	}
}

func itoaT(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestSensitivityScore(t *testing.T) {
	cases := []struct {
		s        BucketStats
		min, max int
	}{
		{BucketStats{}, 50, 50},
		{BucketStats{Objects: 10, Skipped: 10}, 50, 50},
		{BucketStats{Objects: 100, Complete: 100}, 1, 1},
		{BucketStats{Objects: 100, Complete: 10, Skipped: 90}, 44, 44},
		{BucketStats{Objects: 100, Complete: 100, Findings: 1, WithFindings: 1, Counts: Counts{ByType: map[string]int64{"US_SSN": 1}}}, 51, 60},
		{BucketStats{Objects: 100, Complete: 100, Findings: 100000, WithFindings: 100,
			Counts: Counts{ByType: map[string]int64{"A": 1, "B": 1, "C": 1, "D": 1, "E": 1, "F": 1, "G": 1, "H": 1}}}, 99, 99},
	}
	for _, c := range cases {
		if got := SensitivityScore(&c.s); got < c.min || got > c.max {
			t.Errorf("%+v: score %d, want %d-%d", c.s, got, c.min, c.max)
		}
	}
}

func TestPayloads(t *testing.T) {
	data, err := Encode(&ScanPayload{Bucket: "b", Key: "k", ETag: "e", Source: "event"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"v":1`) {
		t.Errorf("no version in %s", data)
	}
	var p ScanPayload
	if err := Decode(data, &p); err != nil || p.Key != "k" {
		t.Fatalf("%v %+v", err, p)
	}
	for _, bad := range []string{`{"v":2,"bucket":"b"}`, `{"bucket":"b"}`, `nope`, `{"v":1,"size":"x"}`} {
		err := Decode([]byte(bad), &p)
		if !errors.Is(err, ErrPayload) || !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := Encode(struct{}{}); err == nil {
		t.Error("unknown payload type encoded")
	}
}
