package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser: $DREDGE_CHROMIUM, then Debian's chromium.
// Under CI=true a missing browser fails the test; elsewhere it skips.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DREDGE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "chromium-headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found (scripts/install-deps.sh installs the Debian package chromium)")
	}
	t.Skip("chromium not found: apt-get install -y chromium (CI=true makes this a failure)")
	return ""
}

type browserEvents struct {
	mu       sync.Mutex
	requests []string
	dialogs  []string
	console  []string
	errors   []string
}

// openInBrowser loads a file in headless Chromium with a fresh profile and
// no background networking, recording every request, dialog, console
// message and exception of the page.
func openInBrowser(t *testing.T, file string) (context.Context, *browserEvents) {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1600),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ev := &browserEvents{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(e any) {
		ev.mu.Lock()
		defer ev.mu.Unlock()
		switch e := e.(type) {
		case *network.EventRequestWillBeSent:
			ev.requests = append(ev.requests, e.Request.URL)
		case *page.EventJavascriptDialogOpening:
			ev.dialogs = append(ev.dialogs, string(e.Type)+": "+e.Message)
		case *runtime.EventConsoleAPICalled:
			ev.console = append(ev.console, string(e.Type))
		case *runtime.EventExceptionThrown:
			ev.errors = append(ev.errors, e.ExceptionDetails.Text)
		}
	}))
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelT)
	// A dialog would block the page: close any at once (and fail below).
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return ctx, ev
}

// TestBrowser opens the HTML report in headless Chromium and checks the
// DOM against the JSON report: sections, totals, the hostile key shown as
// text, no script run, no request made; and keeps a screenshot.
func TestBrowser(t *testing.T) {
	r, _, html, _ := buildFixture(t, nil)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, html, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, ev := openInBrowser(t, file)

	type dom struct {
		Sections []string          `json:"sections"`
		IDs      map[string]string `json:"ids"`
		Scripts  int               `json:"scripts"`
		Images   int               `json:"images"`
		Hostile  int               `json:"hostile"`
		Title    string            `json:"title"`
		TypeRows int               `json:"typeRows"`
		Links    []string          `json:"links"`
	}
	d, err := chromedp.Run(ctx, chromedp.Evaluate[dom](`(() => {
		const ids = {};
		for (const el of document.querySelectorAll('[id]')) ids[el.id] = el.textContent.trim();
		const hostile = [...document.querySelectorAll('td')].filter(td => td.textContent === 's3://patients/images/<img src=x onerror=alert(1)>').length;
		return {
			sections: [...document.querySelectorAll('section[id]')].map(s => s.id),
			ids, scripts: document.scripts.length, images: document.images.length, hostile,
			title: document.title, typeRows: document.querySelectorAll('tr[id^="type-"]').length,
			links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('#')),
		};
	})()`))
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	eq(t, "sections", strings.Join(d.Sections, " "), "summary fw-hipaa fw-gdpr fw-pci exposure encryption remediation coverage buckets change")
	eq(t, "title", d.Title, "dredge compliance report")
	eq(t, "scripts", d.Scripts, 0)
	eq(t, "images (the hostile key must not become one)", d.Images, 0)
	eq(t, "hostile key shown as text", d.Hostile, 1)
	eq(t, "external links", len(d.Links), 0)
	n := 0
	for _, f := range r.Compliance {
		n += len(f.Types)
	}
	eq(t, "type rows", d.TypeRows, n)

	s := r.Summary
	want := map[string]int64{"sum-buckets": int64(s.Buckets), "sum-objects": s.Objects, "sum-complete": s.Complete,
		"sum-partial": s.Partial, "sum-skipped": s.Skipped, "sum-failed": s.Failed, "sum-bytes-exact": s.Bytes,
		"sum-findings": s.Findings, "sum-with-findings": s.ObjectsWithFindings,
		"sev-high": s.FindingsBySeverity.High, "sev-medium": s.FindingsBySeverity.Medium, "sev-low": s.FindingsBySeverity.Low,
		"rem-taken": r.Remediation.Taken, "rem-pending": r.Remediation.Pending, "rem-failed": r.Remediation.Failed,
		"cov-not-fully": r.Coverage.NotFullyScanned, "enc-unencrypted-regulated": int64(r.Encryption.UnencryptedRegulated)}
	for _, f := range r.Compliance {
		want["fw-"+f.Framework+"-occ"] = f.Occurrences
		want["fw-"+f.Framework+"-obj"] = f.Objects
		want["reg-"+f.Framework+"-occ"] = f.Occurrences
		for _, ty := range f.Types {
			// Row text: code, name..., then the numbers; checked below.
			_ = ty
		}
	}
	for id, w := range want {
		got, ok := d.IDs[id]
		if !ok {
			t.Errorf("dom: no #%s", id)
			continue
		}
		eq(t, "dom #"+id, unComma(got), strconv.FormatInt(w, 10))
	}
	eq(t, "dom coverage", d.IDs["sum-coverage"], "62.5%")
	for _, f := range r.Compliance {
		for _, ty := range f.Types {
			cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#type-`+f.Framework+`-`+ty.Code+` td.n')].map(td => td.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "dom type "+f.Framework+" "+ty.Code, unComma(strings.Join(cells, "/")),
				strconv.FormatInt(ty.Occurrences, 10)+"/"+strconv.FormatInt(ty.Objects, 10)+"/"+strconv.Itoa(ty.Buckets))
		}
	}

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Fatalf("screenshot is not a PNG")
	}
	out := filepath.Join(t.ArtifactDir(), "report.png")
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)

	ev.mu.Lock()
	defer ev.mu.Unlock()
	eq(t, "dialogs (a script ran)", strings.Join(ev.dialogs, "; "), "")
	eq(t, "console messages", strings.Join(ev.console, "; "), "")
	eq(t, "exceptions", strings.Join(ev.errors, "; "), "")
	for _, u := range ev.requests {
		if u != "file://"+file {
			t.Errorf("network request: %s", u)
		}
	}
	if len(ev.requests) != 1 {
		t.Errorf("requests: %v (want only the page itself)", ev.requests)
	}
}
