package queue

import (
	"encoding/json"
	"testing"
)

// FuzzParseEvents: POST /events/s3 bodies come from the network. Whatever
// the body, ParseEvents returns (no panic, no runaway nesting), and every
// event it accepts names a bucket and a key and has a known kind.
//
//	go test ./queue/ -run '^$' -fuzz FuzzParseEvents -fuzztime 60s
func FuzzParseEvents(f *testing.F) {
	aws := `{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
	  "s3":{"bucket":{"name":"b1"},"object":{"key":"dir/my+file%3A1.csv","size":12,"eTag":"0123abc","versionId":"v1","sequencer":"00A"}}},
	  {"eventSource":"aws:s3","eventName":"ObjectRemoved:DeleteMarkerCreated",
	  "s3":{"bucket":{"name":"b1"},"object":{"key":"old.txt","versionId":"dm1","sequencer":"00B"}}}]}`
	minio := `{"EventName":"s3:ObjectCreated:Put","Key":"b2/a b.txt","Records":[{"eventVersion":"2.0","eventSource":"minio:s3",
	  "eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b2"},"object":{"key":"a+b.txt","size":5,"eTag":"\"e1\""}}}]}`
	sns, _ := json.Marshal(map[string]string{"Type": "Notification", "Message": aws})
	sqsLambda, _ := json.Marshal(map[string]any{"Records": []map[string]string{{"eventSource": "aws:sqs", "body": string(sns)}}})
	sqsRaw, _ := json.Marshal(map[string]string{"Body": minio})
	for _, seed := range []string{
		aws, minio, string(sns), string(sqsLambda), string(sqsRaw),
		`{"detail-type":"Object Created","detail":{"bucket":{"name":"b3"},"object":{"key":"k","etag":"e","version-id":"v"}}}`,
		`{"detail-type":"Object Deleted","detail":{"bucket":{"name":"b3"},"object":{"key":"k"},"deletion-type":"Delete Marker Created"}}`,
		`{"Event":"s3:TestEvent"}`, `{"Type":"SubscriptionConfirmation"}`,
		`{"Records":[{"body":"{\"Records\":[{\"body\":\"{}\"}]}"}]}`, `{"Body":""}`, `{"Records":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := ParseEvents(body)
		if err != nil {
			return
		}
		for _, ev := range evs {
			if ev.Bucket == "" || ev.Key == "" {
				t.Fatalf("event without bucket or key accepted: %+v", ev)
			}
			switch ev.Kind {
			case "created", "":
				if ev.AnyVersion {
					t.Fatalf("AnyVersion on a %q event: %+v", ev.Kind, ev)
				}
			case "removed":
			default:
				t.Fatalf("unknown kind: %+v", ev)
			}
		}
	})
}
