package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
)

// serveAt starts a server for h listening on addr ("127.0.0.2:0"),
// skipping the test where the address cannot be bound.
func serveAt(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// TestTypedURLRedirectIsGuarded: a URL a person typed is fetched as given,
// even on loopback, and so are its redirects on the same host and port,
// but a redirect from it to another loopback address (127.0.0.2, [::1])
// is refused before connecting, in parse and in ingest, with a line
// naming the URL.
func TestTypedURLRedirectIsGuarded(t *testing.T) {
	sample := readFile(t, sampleTxt)
	var reached atomic.Int32
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(sample))
	})
	v4 := serveAt(t, "127.0.0.2:0", page)
	v6 := serveAt(t, "[::1]:0", page)
	start := serveAt(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/article.txt":
			page(w, r)
		case "/same":
			http.Redirect(w, r, "/article.txt", http.StatusFound)
		case "/to-v4":
			http.Redirect(w, r, v4.URL+"/secret", http.StatusFound)
		case "/to-v6":
			http.Redirect(w, r, v6.URL+"/secret", http.StatusMovedPermanently)
		}
	}))

	for _, cmd := range [][]string{
		{"parse", "--format", "jsonl"},
		{"ingest", "--db", filepath.Join(t.TempDir(), "news.db")},
	} {
		t.Run(cmd[0], func(t *testing.T) {
			reached.Store(0)
			args := append(cmd, start.URL+"/article.txt", start.URL+"/same", start.URL+"/to-v4", start.URL+"/to-v6")
			code, _, errOut := runCmd(t, "", args...)
			assert.Equal(t, cli.ExitFailed, code, errOut)
			for _, p := range []string{"/to-v4", "/to-v6"} {
				line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(start.URL+p) + `: .*$`).FindString(errOut)
				assert.Contains(t, line, "address not allowed", "error line for %s in:\n%s", p, errOut)
			}
			assert.Contains(t, errOut, "2 articles written, 4 inputs read, 2 inputs failed")
			assert.Equal(t, int32(2), reached.Load(), "only the typed server was served; the redirect targets never were")
		})
	}
}
