package remediate

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dredge-dev/dredge/remediate/rules"
)

// Signature headers of notifications. The signature is
// "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)).
const (
	SignatureHeader = "X-Dredge-Signature"
	TimestampHeader = "X-Dredge-Timestamp"
)

// Sign returns the signature header value of body at timestamp ts.
func Sign(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks a notification's signature (for receivers and
// tests), rejecting timestamps older than maxAge.
func VerifySignature(secret []byte, h http.Header, body []byte, maxAge time.Duration) error {
	ts := h.Get(TimestampHeader)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("bad %s", TimestampHeader)
	}
	if maxAge > 0 && time.Since(time.Unix(sec, 0)) > maxAge {
		return fmt.Errorf("notification too old")
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(h.Get(SignatureHeader))) {
		return fmt.Errorf("bad signature")
	}
	return nil
}

// Notification is the JSON document a webhook receives. It names the
// object and what was found in it (identifier IDs and counts), never a
// value.
type Notification struct {
	Event     string         `json:"event"` // "dredge.remediation"
	Rule      string         `json:"rule"`
	Time      string         `json:"time"`
	Bucket    string         `json:"bucket"`
	Key       string         `json:"key,omitempty"`
	ETag      string         `json:"etag,omitempty"`
	ScanID    string         `json:"scan_id,omitempty"`
	Severity  string         `json:"severity,omitempty"`
	Counts    map[string]int `json:"counts,omitempty"`
	Posture   []string       `json:"posture,omitempty"`
	Actions   []string       `json:"actions"`
	Public    bool           `json:"public"`
	Sensitive bool           `json:"sensitive"`
}

type notifyAction struct{}

type notifyState struct {
	Webhook string `json:"webhook"`
	Host    string `json:"host"`
	Status  int    `json:"status,omitempty"`
	Format  string `json:"format"`
}

// notifyIdem is the one-shot key of a notification: one per rule,
// webhook and object version (or bucket).
func notifyIdem(s *Step) string {
	id := ""
	if t := s.target; t != nil && s.Key != "" {
		id = t.ScanID + "|" + t.ETag
	}
	return planID("notify", s.Rule, s.Action.Webhook, s.Bucket, s.Key, id)
}

func (notifyAction) inspect(ctx context.Context, e *Engine, s *Step) (change, error) {
	w, ok := e.Config.Webhooks[s.Action.Webhook]
	if !ok {
		return change{}, fmt.Errorf("no webhook %q", s.Action.Webhook)
	}
	idem := notifyIdem(s)
	sent := false
	if e.Log != nil {
		err := e.Log.List(ctx, func(x *Entry) error {
			if x.Idem == idem {
				sent = true
			}
			return nil
		})
		if err != nil {
			return change{}, err
		}
	}
	u, _ := url.Parse(w.URL)
	if sent {
		return change{state: StateNoop, summary: "already notified " + s.Action.Webhook}, nil
	}
	return change{state: StateChange, summary: "POST a signed " + formatOf(w) + " notification to " + s.Action.Webhook + " (" + u.Host + ")",
		after: notifyState{Webhook: s.Action.Webhook, Host: u.Host, Format: formatOf(w)}}, nil
}

func formatOf(w rules.Webhook) string {
	if w.Format == "" {
		return "json"
	}
	return w.Format
}

func (a notifyAction) apply(ctx context.Context, e *Engine, s *Step) (change, error) {
	c, err := a.inspect(ctx, e, s)
	if err != nil || c.state != StateChange {
		return c, err
	}
	w := e.Config.Webhooks[s.Action.Webhook]
	body, err := notificationBody(e, s, w)
	if err != nil {
		return change{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return change{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "dredge")
	if w.SecretEnv != "" {
		secret := os.Getenv(w.SecretEnv)
		if secret == "" {
			return change{}, fmt.Errorf("webhook %s: $%s is empty: refusing to send unsigned", s.Action.Webhook, w.SecretEnv)
		}
		ts := strconv.FormatInt(e.now().Unix(), 10)
		req.Header.Set(TimestampHeader, ts)
		req.Header.Set(SignatureHeader, Sign([]byte(secret), ts, body))
	}
	hc := e.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return change{}, fmt.Errorf("webhook %s: %w", s.Action.Webhook, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return change{}, fmt.Errorf("webhook %s answered %s", s.Action.Webhook, resp.Status)
	}
	st := c.after.(notifyState)
	st.Status = resp.StatusCode
	c.after = st
	return c, nil
}

func notificationBody(e *Engine, s *Step, w rules.Webhook) ([]byte, error) {
	n := Notification{Event: "dredge.remediation", Rule: s.Rule, Time: e.now().UTC().Format(time.RFC3339), Bucket: s.Bucket, Key: s.Key}
	for i := range e.Config.Rules {
		if e.Config.Rules[i].Name == s.Rule {
			for _, a := range e.Config.Rules[i].Actions {
				n.Actions = append(n.Actions, a.Type)
			}
		}
	}
	if t := s.target; t != nil {
		if s.Key != "" {
			n.ETag, n.ScanID = t.ETag, t.ScanID
			n.Counts = t.Counts
			if t.Severity > 0 {
				n.Severity = t.Severity.String()
			}
		}
		if t.Posture != nil {
			n.Public = t.Posture.Public
			n.Sensitive = t.Posture.SensitiveObjects > 0
			for _, f := range t.Posture.Findings {
				n.Posture = append(n.Posture, f.Type)
			}
			if s.Key == "" && n.Severity == "" && t.Posture.Severity > 0 {
				n.Severity = t.Posture.Severity.String()
			}
		}
		n.Sensitive = n.Sensitive || t.total() > 0
	}
	if formatOf(w) != "slack" {
		return json.Marshal(n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, ":rotating_light: *dredge* rule `%s` on `s3://%s", n.Rule, n.Bucket)
	if n.Key != "" {
		b.WriteString("/" + n.Key)
	}
	b.WriteString("`")
	if n.Severity != "" {
		b.WriteString(" (severity " + n.Severity + ")")
	}
	if len(n.Counts) > 0 {
		ids := make([]string, 0, len(n.Counts))
		for id := range n.Counts {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		b.WriteString("\nFound:")
		for _, id := range ids {
			fmt.Fprintf(&b, " %s×%d", id, n.Counts[id])
		}
	}
	if len(n.Posture) > 0 {
		b.WriteString("\nPosture: " + strings.Join(n.Posture, ", "))
	}
	b.WriteString("\nActions: " + strings.Join(n.Actions, ", "))
	return json.Marshal(map[string]any{"text": b.String(), "dredge": n})
}

func (notifyAction) undo(ctx context.Context, e *Engine, en *Entry, force bool) (change, error) {
	return change{}, errNoUndo
}
