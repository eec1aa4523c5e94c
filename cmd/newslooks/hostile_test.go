package main

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// site is a loopback web server whose requests are recorded.
type loopSite struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	seen []string
}

// newSite starts a site on 127.0.0.1 whose robots.txt is robots.
func newLoopSite(t *testing.T, robots string) *loopSite {
	t.Helper()
	s := &loopSite{mux: http.NewServeMux()}
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, robots)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.URL.RequestURI())
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// requested reports whether the site was asked for path.
func (s *loopSite) requested(path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.seen, path)
}

// serveArticle serves the sample article page at path on the site.
func (s *loopSite) serveArticle(t *testing.T, path string) {
	page := readFile(t, "../../page/testdata/xi-putin.html")
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
}

// crawlInto runs `ingest --allow-private` with args into a new SQLite
// store and returns the store, the exit status and standard error.
func crawlInto(t *testing.T, args ...string) (db string, code int, errOut string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "news.db")
	code, _, errOut = runCmd(t, "", append([]string{"ingest", "--db", db, "--allow-private", "--delay", "1ms"}, args...)...)
	return db, code, errOut
}

// exported returns the sources of the articles in the store.
func exported(t *testing.T, db string) []string {
	t.Helper()
	code, out, errOut := runCmd(t, "", "export", "--db", db)
	require.Equal(t, cli.ExitOK, code, errOut)
	var sources []string
	for l := range strings.Lines(out) {
		var a struct{ Source string }
		require.NoError(t, json.Unmarshal([]byte(l), &a))
		sources = append(sources, a.Source)
	}
	return sources
}

// TestRedirectRespectsRobots: a feed's link that redirects, on its own
// host, to a path robots.txt disallows is not fetched, and one that
// redirects to another port of the same host name is fetched only under
// that port's robots.txt, which here disallows it.
func TestRedirectRespectsRobots(t *testing.T) {
	other := newLoopSite(t, "User-agent: *\nDisallow: /\n")
	other.serveArticle(t, "/x")
	s := newLoopSite(t, "User-agent: *\nDisallow: /private/\n")
	s.serveArticle(t, "/private/x")
	s.serveArticle(t, "/public/x")
	s.mux.HandleFunc("/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/x", http.StatusMovedPermanently)
	})
	s.mux.HandleFunc("/port", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/x", http.StatusMovedPermanently)
	})
	s.mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>%[1]s/</link><description>d</description>
<item><title>One</title><link>%[1]s/go</link></item>
<item><title>Two</title><link>%[1]s/port</link></item>
<item><title>Three</title><link>%[1]s/public/x</link></item>
</channel></rss>`, s.URL)
	})
	db, _, errOut := crawlInto(t, "--feed", s.URL+"/feed")
	assert.True(t, s.requested("/go"), errOut)
	assert.True(t, s.requested("/public/x"), errOut)
	assert.False(t, s.requested("/private/x"), "a same-host redirect into a disallowed path is not followed")
	assert.False(t, other.requested("/x"), "another port is another host, with its own robots.txt")
	assert.True(t, other.requested("/robots.txt"), "the other port's robots.txt was asked")
	assert.Equal(t, []string{s.URL + "/public/x"}, exported(t, db))
}

// serveXML serves body at path on the site as application/xml.
func (s *loopSite) serveXML(path, body string) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, body)
	})
}

// urlset is a sitemap of the given URLs, with filler bytes before or
// after them.
func urlset(before, after string, urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + before + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		fmt.Fprintf(&b, "<url><loc>%s</loc></url>", u)
	}
	b.WriteString(after + "</urlset>")
	return b.String()
}

// TestSitemapIndexDeepBranchSkipped: a chain of indexes deeper than the
// limit is skipped, with a line that says so, and the ordinary sitemap
// listed after it in the same index is still read.
func TestSitemapIndexDeepBranchSkipped(t *testing.T) {
	s := newLoopSite(t, "User-agent: *\nDisallow:\n")
	s.serveArticle(t, "/news/1")
	s.serveXML("/index.xml", fmt.Sprintf(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
		`<sitemap><loc>%[1]s/deep.xml?d=1</loc></sitemap><sitemap><loc>%[1]s/plain.xml</loc></sitemap></sitemapindex>`, s.URL))
	s.mux.HandleFunc("/deep.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<sitemapindex><sitemap><loc>%s/deep.xml?d=%s1</loc></sitemap></sitemapindex>`, s.URL, r.URL.Query().Get("d"))
	})
	s.serveXML("/plain.xml", urlset("", "", s.URL+"/news/1"))
	db, _, errOut := crawlInto(t, "--sitemap", s.URL+"/index.xml")
	assert.True(t, s.requested("/plain.xml"), "the sibling after the deep chain is read:\n%s", errOut)
	assert.Equal(t, []string{s.URL + "/news/1"}, exported(t, db))
	assert.Contains(t, errOut, "sitemap index nests too deep; branch skipped")
}

// TestLargeSitemapAndRobots: a plain sitemap larger than a page may be
// (16 MiB) is read up to the sitemap limit (50 MB), one over the limit is
// used up to it, and a robots.txt over the page limit is read up to its
// first 512 KiB (RFC 9309) rather than shutting the host out.
func TestLargeSitemapAndRobots(t *testing.T) {
	filler := "<!--" + strings.Repeat("x", 17<<20) + "-->"
	robots := "User-agent: *\nDisallow: /private/\n" + strings.Repeat("# a robots.txt longer than any page\n", 17<<20/36)
	s := newLoopSite(t, robots)
	for _, p := range []string{"/news/1", "/news/2", "/private/3"} {
		s.serveArticle(t, p)
	}
	// 17 MiB, its URLs at the end.
	s.serveXML("/big.xml", urlset(filler, "", s.URL+"/news/1", s.URL+"/private/3"))
	// Over 50 MB, its URL at the start.
	s.serveXML("/huge.xml", urlset("", filler+filler+filler, s.URL+"/news/2"))
	_, _, errOut := crawlInto(t, "--sitemap", s.URL+"/big.xml", "--sitemap", s.URL+"/huge.xml")
	assert.True(t, s.requested("/news/1"), "the 17 MiB sitemap is read:\n%s", errOut)
	assert.True(t, s.requested("/news/2"), "the sitemap over 50 MB is used up to the limit:\n%s", errOut)
	assert.Contains(t, errOut, "sitemap too large")
	assert.False(t, s.requested("/private/3"), "the long robots.txt's rules are kept")
}

// TestNestedSitemapReasonNamed: a small gzipped sitemap whose elements
// nest millions deep stops at the nesting limit, the URL before it used,
// and the source's status names the reason (it was "connection"). The
// memory it takes is checked in package crawl (TestReadSitemapNestingMemory).
func TestNestedSitemapReasonNamed(t *testing.T) {
	s := newLoopSite(t, "User-agent: *\nDisallow:\n")
	s.serveArticle(t, "/news/1")
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	fmt.Fprintf(zw, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/news/1</loc></url><url>`, s.URL)
	for range 2_000_000 {
		_, _ = zw.Write([]byte("<a>"))
	}
	require.NoError(t, zw.Close())
	s.mux.HandleFunc("/nested.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		_, _ = w.Write(zipped.Bytes())
	})
	db, _, errOut := crawlInto(t, "--sitemap", s.URL+"/nested.xml.gz")
	assert.Equal(t, []string{s.URL + "/news/1"}, exported(t, db), "the URL before the nesting is used")
	assert.Contains(t, errOut, "sitemap elements nest too deep: more than 32 levels")
	code, out, _ := runCmd(t, "", "status", "--db", db)
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "sitemap elements nest too deep")
	assert.NotContains(t, out, "connection")
}

// postgresSchema returns a DSN of the PostgreSQL that
// NEWSLOOKS_TEST_POSTGRES names, on a schema of its own that is dropped
// when the test ends, and an admin connection to that database.
func postgresSchema(t *testing.T) (string, *sql.DB) {
	t.Helper()
	dsn := os.Getenv("NEWSLOOKS_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("NEWSLOOKS_TEST_POSTGRES is not set: no PostgreSQL to test against")
	}
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("cmd_%d_%d", os.Getpid(), time.Now().UnixNano())
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), admin
}

// TestSearchCtrlC: Ctrl-C stops a search that PostgreSQL is running (here
// one held up by a lock on the articles), at once: the child process
// exits 130 with one line, and its query is gone from the server.
func TestSearchCtrlC(t *testing.T) {
	dsn, admin := postgresSchema(t)
	code, _, errOut := runCmd(t, "", "ingest", "--db", dsn, sampleTxt)
	require.Equal(t, cli.ExitOK, code, errOut)

	tx, err := admin.BeginTx(t.Context(), nil)
	require.NoError(t, err)
	defer tx.Rollback()
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	schema := u.Query().Get("search_path")
	_, err = tx.Exec(`LOCK TABLE ` + schema + `.articles IN ACCESS EXCLUSIVE MODE`)
	require.NoError(t, err)

	c := start(t, "search", "--db", dsn, "putin", "energy")
	// Wait until the search waits on the lock: its query is running.
	waiting := `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ts_rank%'`
	for n := 0; n == 0; {
		require.NoError(t, admin.QueryRow(waiting).Scan(&n))
		runtime.Gosched()
	}
	require.NoError(t, c.cmd.Process.Signal(os.Interrupt))
	_, status := c.wait(t)
	assert.Equal(t, 130, status, c.stderr.String())
	assert.Contains(t, c.stderr.String(), "newslooks search: store: search: interrupt")
	var n int
	require.NoError(t, admin.QueryRow(waiting).Scan(&n))
	assert.Zero(t, n, "the query was cancelled on the server before the command exited")
}

// TestNewlineInFileNameOneErrorLine: a file whose name holds a newline
// fails on one line, its name quoted, so that a script reading
// "SOURCE:LINE: message" lines reads the right source.
func TestNewlineInFileNameOneErrorLine(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\nnewslooks: 0 articles written.txt")
	require.NoError(t, os.WriteFile(name, []byte("no header line here\n"), 0o644))
	code, _, errOut := runCmd(t, "", "parse", "--format", "jsonl", name)
	assert.Equal(t, cli.ExitFailed, code)
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	require.Len(t, lines, 2, "one error line and the summary:\n%s", errOut)
	assert.True(t, strings.HasPrefix(lines[0], strconv.Quote(name)+":1: not an article"), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "newslooks: 0 articles written, 1 input read, 1 input failed"), lines[1])
}

// TestUnsolicitedResponseLoggedAsJSON: net/http's own complaint about a
// server that sends a response nobody asked for goes through the
// structured logger: with --log-format json every line on standard error
// but the summary is a JSON object.
func TestUnsolicitedResponseLoggedAsJSON(t *testing.T) {
	s := newLoopSite(t, "")
	page := readFile(t, "../../page/testdata/xi-putin.html")
	s.mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>%[1]s/</link><description>d</description>
<item><title>One</title><link>%[1]s/article</link></item></channel></rss>`, s.URL)
	})
	// The article (fetched on a kept-alive connection, as discovered
	// URLs are) comes with, in the same write, an answer nobody asked for.
	s.mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%sHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", len(page), page)
		_ = buf.Flush()
		// Hold the connection open until the client has gone.
		_, _ = io.Copy(io.Discard, conn)
	})
	_, _, errOut := crawlInto(t, "--log-format", "json", "--feed", s.URL+"/feed")
	assert.Contains(t, errOut, "Unsolicited response")
	for l := range strings.Lines(errOut) {
		if strings.HasPrefix(l, "newslooks: crawled") {
			continue
		}
		assert.True(t, json.Valid([]byte(l)), "not a JSON line: %q", l)
	}
}

// TestConcurrentFirstOpen: processes that open one new SQLite file at the
// same moment all succeed (some failed with "database is locked" from
// the connection's pragmas, or "disk I/O error" once a failed one had
// removed the file the others were using). A race: each round may or may
// not have hit it before; it must never fail now.
func TestConcurrentFirstOpen(t *testing.T) {
	for round := range 4 {
		db := filepath.Join(t.TempDir(), fmt.Sprintf("new%d.db", round))
		var wg sync.WaitGroup
		errs := make([]string, 12)
		for i := range errs {
			wg.Go(func() {
				out, err := exec.Command(binary, "ingest", "--db", db, sampleTxt).CombinedOutput()
				if err != nil {
					errs[i] = fmt.Sprintf("%v: %s", err, out)
				}
			})
		}
		wg.Wait()
		for _, e := range errs {
			assert.Empty(t, e)
		}
		code, out, errOut := runCmd(t, "", "status", "--db", db)
		require.Equal(t, cli.ExitOK, code, errOut)
		assert.Contains(t, out, "articles:         1 ")
	}
}

// TestKilledCrawlerLeasesInSummary: a crawler killed while it fetches
// leaves its URL leased; the next run does not fetch it (the lease still
// holds) and its summary says so, rather than nothing.
func TestKilledCrawlerLeasesInSummary(t *testing.T) {
	s := newLoopSite(t, "")
	s.mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>%[1]s/</link><description>d</description>
<item><title>One</title><link>%[1]s/news/1</link></item></channel></rss>`, s.URL)
	})
	fetching := make(chan struct{}, 1)
	release := make(chan struct{})
	s.mux.HandleFunc("/news/1", func(w http.ResponseWriter, r *http.Request) {
		fetching <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	db := filepath.Join(t.TempDir(), "news.db")
	args := []string{"ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", s.URL + "/feed"}
	c := start(t, args...)
	<-fetching // the child holds the URL's lease
	require.NoError(t, c.cmd.Process.Kill())
	_, _ = c.wait(t)

	_, _, errOut := runCmd(t, "", args...)
	assert.Contains(t, errOut, "1 URL held by another crawler's lease until ")
	select {
	case <-fetching:
		t.Error("the leased URL was fetched again")
	default:
	}
}
