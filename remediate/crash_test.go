package remediate

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/dredge-dev/dredge/remediate/rules"
)

// TestQuarantineInterrupted kills a quarantine between the verified copy
// and the removal of the original: nothing is lost (both exist, nothing
// was logged), and the next run completes it from the copy it finds.
func TestQuarantineInterrupted(t *testing.T) {
	env := newMinIO(t)
	ctx := context.Background()
	env.bucket("data")
	env.bucket("quarantine")
	body := strings.Repeat("4111111111111111\n", 5000)
	info := env.put("data", "cards.txt", body, minio.PutObjectOptions{})
	cfg := rules.Config{QuarantineBucket: "quarantine", Rules: []rules.Rule{{Name: "q",
		Match: rules.Match{Identifiers: []string{"CREDIT_CARD_NUMBER"}}, Actions: []rules.Action{{Type: rules.Quarantine}}}}}
	target := cardTarget("data", "cards.txt", info.ETag)
	payload, _ := json.Marshal(map[string]any{"S3": env.s3, "Log": env.log.Path, "Config": cfg, "Target": target})

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "DREDGE_REMEDIATE_CRASH=1", "DREDGE_CRASH_ENV="+string(payload))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	copied := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "COPIED" {
				copied <- true
				return
			}
		}
		copied <- false
	}()
	select {
	case ok := <-copied:
		if !ok {
			cmd.Wait()
			t.Fatal("the helper ended before copying")
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the helper did not copy in time")
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup runs
		t.Fatal(err)
	}
	cmd.Wait()

	// Nothing lost: the original is intact, the copy exists, no entry.
	if got := read(t, env.cl, "data", "cards.txt"); got != body {
		t.Fatal("original damaged")
	}
	if got := read(t, env.cl, "quarantine", "data/cards.txt"); got != body {
		t.Fatal("copy damaged")
	}
	if n := len(entries(t, env.log)); n != 0 {
		t.Fatalf("%d audit entries after the crash", n)
	}
	// The plan sees the interrupted run.
	e := env.engine(cfg)
	plan := e.Plan([]Target{target}, nil, false)
	if err := e.Inspect(ctx, plan); err != nil || plan[0].State != StateChange || !strings.Contains(plan[0].Summary, "interrupted") {
		t.Fatalf("plan: %v %s %q", err, states(plan), plan[0].Summary)
	}
	// The next run completes it.
	steps := run(t, e, []Target{target}, nil)
	if steps[0].State != StateChange {
		t.Fatalf("resume: %s", states(steps))
	}
	if _, ok, _ := statCurrent(ctx, env.cl, "data", "cards.txt"); ok {
		t.Fatal("original not removed by the resumed run")
	}
	if got := read(t, env.cl, "quarantine", "data/cards.txt"); got != body {
		t.Fatal("copy damaged")
	}
	es := entries(t, env.log)
	if len(es) != 1 || es[0].Action != "quarantine" || !strings.Contains(string(es[0].After), `"original":"deleted"`) {
		t.Fatalf("audit %+v", es)
	}
	// And once more: nothing to do.
	if again := run(t, e, []Target{target}, nil); again[0].State != StateNoop {
		t.Fatalf("third run: %s", states(again))
	}
}
