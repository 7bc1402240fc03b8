package fleetbench

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

// TestLink: bytes cross the link unchanged in both directions, by several
// connections at once, and never faster than its rate allows (a bound that
// a slow machine can't break: it only makes the copy slower).
func TestLink(t *testing.T) {
	body := make([]byte, 1<<20)
	for i := range body {
		body[i] = byte(rand.N(256))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			got, err := io.ReadAll(r.Body)
			if err != nil || !bytes.Equal(got, body) {
				http.Error(w, "upload changed on the way", http.StatusBadRequest)
				return
			}
		}
		w.Write(body)
	}))
	defer srv.Close()
	const rate = 8 << 20 // bytes per second each way
	link, err := StartLink(srv.Listener.Addr().String(), rate)
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()

	const conns = 4
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			method := http.MethodGet
			var in io.Reader
			if i%2 == 1 {
				method, in = http.MethodPut, bytes.NewReader(body)
			}
			req, _ := http.NewRequest(method, "http://"+link.Addr()+"/", in)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				errs <- err
				return
			}
			if resp.StatusCode != http.StatusOK || !bytes.Equal(got, body) {
				errs <- io.ErrUnexpectedEOF
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("through the link: %v", err)
	}
	// 4 MiB went down (and 2 MiB up) through a shared 8 MiB/s downlink
	// with a 64 KiB burst.
	if min := time.Duration(float64(conns*len(body)-2*linkChunk) / rate * float64(time.Second)); time.Since(start) < min {
		t.Errorf("4 MiB came down in %s, faster than the link's %s", time.Since(start), min)
	}
}

func TestMain(m *testing.M) {
	RunLinkProcess()
	os.Exit(m.Run())
}

// TestLinkProcess: the link in its own process carries a response whole.
func TestLinkProcess(t *testing.T) {
	body := bytes.Repeat([]byte("dredge "), 100_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	link, err := StartLinkProcess(srv.Listener.Addr().String(), 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + link.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !bytes.Equal(got, body) {
		t.Errorf("through the link process: %d bytes, %v; want %d bytes", len(got), err, len(body))
	}
	if err := link.Close(); err != nil {
		t.Errorf("link process exit: %v", err)
	}
}

func TestStartLinkRejectsTinyRate(t *testing.T) {
	if _, err := StartLink("127.0.0.1:1", 100); err == nil {
		t.Fatal("a 100 B/s link started")
	}
}
