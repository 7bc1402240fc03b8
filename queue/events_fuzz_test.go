package queue

import "testing"

// FuzzParseEvents: POST /events/s3 bodies come from the network. Whatever
// the body, ParseEvents returns (no panic, no runaway nesting), and every
// event it accepts names a bucket and a key and has a known kind.
//
//	go test ./queue/ -run '^$' -fuzz FuzzParseEvents -fuzztime 60s
func FuzzParseEvents(f *testing.F) {
	aws, minio, sns, sqsLambda, sqsRaw, eb, ebDel := sampleEvents()
	for _, seed := range []string{
		aws, minio, sns, sqsLambda, sqsRaw, eb, ebDel,
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
