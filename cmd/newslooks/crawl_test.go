package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postgresDSN returns the DSN of a new schema of the PostgreSQL that
// $NEWSLOOKS_TEST_POSTGRES names, dropped when the test ends; the test is
// skipped without one.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("NEWSLOOKS_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("NEWSLOOKS_TEST_POSTGRES is not set: no PostgreSQL to test against")
	}
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer admin.Close()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// A publisher is a news site on loopback: a robots.txt, a feed of n
// article pages, and a log of when each request arrived.
type publisher struct {
	*httptest.Server
	n int

	mu       sync.Mutex
	arrivals []time.Time
	paths    map[string]int
}

func newPublisher(t *testing.T, n int) *publisher {
	p := &publisher{n: n, paths: make(map[string]int)}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

func (p *publisher) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.arrivals = append(p.arrivals, time.Now())
	p.paths[r.URL.Path]++
	p.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/feed":
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>http://`+r.Host+`/</link>`)
		for i := range p.n {
			fmt.Fprintf(w, "<item><title>Story %d</title><link>http://%s/news/%d</link><description>A teaser.</description></item>", i, r.Host, i)
		}
		fmt.Fprint(w, "</channel></rss>")
	case strings.HasPrefix(r.URL.Path, "/news/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, storyPage(r.URL.Path))
	default:
		http.NotFound(w, r)
	}
}

// storyPage is an article page whose words depend on its path, so that
// no two stories are near duplicates.
func storyPage(path string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><title>Story %s</title><meta property="og:type" content="article"></head><body><article><h1>Story %s</h1>`, path, path)
	words := []string{"harbor", "council", "budget", "river", "school", "rail", "market", "storm", "library", "bridge", "tariff", "orchard"}
	seed := 0
	for _, c := range path {
		seed = seed*31 + int(c)
	}
	for p := range 6 {
		b.WriteString("<p>")
		for w := range 40 {
			seed = seed*1103515245 + 12345
			b.WriteString(words[(seed>>16)%len(words)&0x7fffffff%len(words)])
			fmt.Fprintf(&b, "%d ", (seed>>8)%97+p*w%5)
		}
		b.WriteString("</p>")
	}
	b.WriteString(`</article></body></html>`)
	return b.String()
}

// gaps returns the times between consecutive arrivals, sorted.
func (p *publisher) gaps() []time.Duration {
	p.mu.Lock()
	times := slices.Clone(p.arrivals)
	p.mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	var out []time.Duration
	for i := 1; i < len(times); i++ {
		out = append(out, times[i].Sub(times[i-1]))
	}
	slices.Sort(out)
	return out
}

// TestIngestProcessesKeepHostDelay runs 1, 2 and 3 ingest processes at
// once on one PostgreSQL against one loopback host: the host never sees
// two requests closer than --delay, whichever process sends them, and
// every story is fetched and stored once.
func TestIngestProcessesKeepHostDelay(t *testing.T) {
	const (
		stories = 16
		delay   = 40 * time.Millisecond
	)
	for _, procs := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("%d processes", procs), func(t *testing.T) {
			dsn := postgresDSN(t)
			// Migrate once, before the processes race to.
			code, _, errOut := runCmd(t, "", "status", "--db", dsn)
			require.Equal(t, 0, code, errOut)
			pub := newPublisher(t, stories)
			var wg sync.WaitGroup
			for i := range procs {
				cmd := exec.Command(binary, "ingest", "--db", dsn, "--allow-private", "--delay", delay.String(), "--feed", pub.URL+"/feed")
				wg.Go(func() {
					out, err := cmd.CombinedOutput()
					assert.NoError(t, err, "process %d: %s", i, out)
				})
			}
			wg.Wait()

			gaps := pub.gaps()
			require.NotEmpty(t, gaps)
			// A process sends only after the previous request to the
			// host was answered and delay more passed: the server sees
			// no two closer. The margin covers only the microseconds the
			// store keeps and wall against monotonic clock drift; load
			// makes gaps longer, never shorter.
			assert.GreaterOrEqual(t, gaps[0], delay-time.Millisecond, "closest two requests to the host")
			t.Logf("%d processes, %d requests: gap min %v, median %v, p90 %v, max %v", procs, len(gaps)+1,
				gaps[0].Round(time.Microsecond*100), gaps[len(gaps)/2].Round(time.Microsecond*100),
				gaps[len(gaps)*9/10].Round(time.Microsecond*100), gaps[len(gaps)-1].Round(time.Microsecond*100))
			pub.mu.Lock()
			defer pub.mu.Unlock()
			for i := range stories {
				assert.Equal(t, 1, pub.paths[fmt.Sprintf("/news/%d", i)], "story %d fetched", i)
			}
			assert.LessOrEqual(t, pub.paths["/robots.txt"], procs, "robots.txt at most once a process")
			code, out, errOut := runCmd(t, "", "status", "--db", dsn)
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, out, fmt.Sprintf("articles:         %d ", stories))
		})
	}
}

// TestIngestFailuresExit checks what cron sees of a crawl: a source that
// fails exits 1 and is named on standard error, a usage error exits 2,
// and status lists each URL that was not stored, with its reason.
func TestIngestFailuresExit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case "/notfeed":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><p>Just a page.</p></body></html>")
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>http://%s/</link>`+
				`<item><title>A</title><link>http://%[1]s/news/a</link></item>`+
				`<item><title>Gone</title><link>http://%[1]s/news/gone</link></item>`+
				`<item><title>Secret</title><link>http://%[1]s/private/s</link></item></channel></rss>`, r.Host)
		case "/news/a":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, storyPage(r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // an address where nothing listens

	db := filepath.Join(t.TempDir(), "news.db")
	crawlArgs := func(feed string) []string {
		return []string{"ingest", "--db", db, "--allow-private", "--delay", "1ms", "--timeout", "5s", "--feed", feed}
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"404 feed", crawlArgs(srv.URL + "/missing"), 1, "feed " + srv.URL + "/missing failed: GET " + srv.URL + "/missing: 404 Not Found"},
		{"not a feed", crawlArgs(srv.URL + "/notfeed"), 1, "feed " + srv.URL + "/notfeed failed: GET " + srv.URL + "/notfeed: not an RSS, Atom or JSON feed"},
		{"unreachable host", crawlArgs(closed.URL + "/feed"), 1, "feed " + closed.URL + "/feed failed: robots.txt unavailable"},
		{"an article fails", crawlArgs(srv.URL + "/feed"), 1, "feed " + srv.URL + "/feed: URLs failed (http 404 1)"},
		{"not a URL", crawlArgs("not-a-url"), 2, `--feed "not-a-url": not an http or https URL`},
		{"ftp", crawlArgs("ftp://x/feed"), 2, `--feed "ftp://x/feed": not an http or https URL`},
		{"no host", crawlArgs("http:///feed"), 2, `--feed "http:///feed": the URL has no host`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, "", tc.args...)
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, errOut, tc.want)
		})
	}

	code, out, errOut := runCmd(t, "", "status", "--db", db)
	require.Equal(t, 0, code, errOut)
	t.Logf("status:\n%s", out)
	for _, want := range []string{
		"URLs not stored: 2 (failed 1, skipped 1)",
		srv.URL + "/news/gone  failed   1",
		srv.URL + "/private/s  skipped  0",
		"robots.txt disallows",
		"error (1 polls in a row): GET " + srv.URL + "/missing: 404 Not Found",
	} {
		assert.Contains(t, out, want)
	}
	assert.Regexp(t, `news/gone +failed +1 +\d{4}-\d\d-\d\d \d\d:\d\d UTC +\d{4}-\d\d-\d\d \d\d:\d\d UTC +`+regexp.QuoteMeta(srv.URL+"/feed")+` +http 404`, out)
}

// TestIngestInputFailuresInStatus checks that each input ingest could not
// read is recorded, shown by status with its reason and attempts, and
// forgotten once it succeeds.
func TestIngestInputFailuresInStatus(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	bad := filepath.Join(dir, "empty.html")
	require.NoError(t, os.WriteFile(bad, []byte("<html><body></body></html>"), 0o644))
	missing := filepath.Join(dir, "missing.html")
	for range 2 {
		code, _, errOut := runCmd(t, "", "ingest", "--db", db, bad, missing, sampleTxt)
		require.Equal(t, 1, code, errOut)
	}
	code, out, errOut := runCmd(t, "", "status", "--db", db)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "failures:         2 inputs")
	assert.Regexp(t, regexp.QuoteMeta(bad)+` +parse +2 +\d{4}-`, out)
	assert.Regexp(t, regexp.QuoteMeta(missing)+` +read +2 +\d{4}-`, out)

	require.NoError(t, os.WriteFile(missing, []byte(readFile(t, sampleTxt)), 0o644))
	code, _, errOut = runCmd(t, "", "ingest", "--db", db, missing)
	require.Equal(t, 0, code, errOut)
	code, out, _ = runCmd(t, "", "status", "--db", db)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "failures:         1 inputs")
	assert.NotContains(t, out, missing)
}

// A site is a loopback publisher whose feed lists the links given, with an
// ETag, and that counts the requests for each path.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	links []string
	hits  map[string]int
	feeds map[string]int // feed requests answered, by status
}

// newSite serves on addr ("127.0.0.1:0", "127.0.0.2:0").
func newSite(t *testing.T, addr string) *site {
	t.Helper()
	s := &site{hits: make(map[string]int), feeds: make(map[string]int)}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Listener = l
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *site) setLinks(links ...string) {
	s.mu.Lock()
	s.links = links
	s.mu.Unlock()
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	links := slices.Clone(s.links)
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/feed":
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>http://%s/</link>`, r.Host)
		for i, l := range links {
			fmt.Fprintf(&b, "<item><title>Story %d</title><link>%s</link></item>", i, html.EscapeString(l))
		}
		b.WriteString("</channel></rss>")
		etag := fmt.Sprintf(`"%x"`, len(b.String()))
		status := http.StatusOK
		if r.Header.Get("If-None-Match") == etag {
			status = http.StatusNotModified
		}
		s.mu.Lock()
		s.feeds[http.StatusText(status)]++
		s.mu.Unlock()
		w.Header().Set("ETag", etag)
		if status == http.StatusNotModified {
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/news/"):
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, storyPage(r.URL.Path))
	default:
		http.NotFound(w, r)
	}
}

// TestRefusalIsNotSticky: links a crawl without --allow-private refused
// are skipped, reported with the flag that lifts the refusal, and not a
// failure; a run with the flag fetches them although the feed answers
// 304; --retry-failed retries a failed URL at once; --refresh reads the
// feed in full.
func TestRefusalIsNotSticky(t *testing.T) {
	feed := newSite(t, "127.0.0.1:0")
	other := newSite(t, "127.0.0.2:0") // another host, on loopback
	feed.setLinks(other.URL+"/news/far", feed.URL+"/broken")
	db := filepath.Join(t.TempDir(), "news.db")
	ingest := func(flags ...string) (int, string) {
		args := append([]string{"ingest", "--db", db, "--delay", "1ms", "--feed", feed.URL + "/feed"}, flags...)
		code, _, errOut := runCmd(t, "", args...)
		return code, errOut
	}

	// The feed's own link to 127.0.0.1 is refused too: only the source's
	// own URL may be private. Refusals are no failure.
	code, errOut := ingest()
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "URLs not requested (address refused 2); --allow-private lets links reach loopback and private addresses")
	assert.Equal(t, 0, other.count("/news/far"))

	code, out, _ := runCmd(t, "", "status", "--db", db)
	require.Equal(t, 0, code)
	assert.Regexp(t, regexp.QuoteMeta(other.URL+"/news/far")+` +skipped +0 .*address refused`, out)

	// Allowed now: the feed is unchanged (304), the refused links are
	// fetched all the same.
	code, errOut = ingest("--allow-private")
	assert.Equal(t, 1, code, "/broken is a 404: %s", errOut)
	assert.Equal(t, 1, other.count("/news/far"))
	assert.Contains(t, errOut, "stored: 1 new")
	feed.mu.Lock()
	assert.Equal(t, 1, feed.feeds["Not Modified"], "the second read of the feed was a 304")
	feed.mu.Unlock()
	brokenBefore := feed.count("/broken")
	require.Positive(t, brokenBefore)

	// The failed URL waits an hour, unless retried.
	code, _ = ingest("--allow-private")
	assert.Equal(t, 0, code, "nothing was due, nothing failed")
	assert.Equal(t, brokenBefore, feed.count("/broken"))
	code, _ = ingest("--allow-private", "--retry-failed")
	assert.Equal(t, 1, code)
	assert.Greater(t, feed.count("/broken"), brokenBefore, "retried at once")

	// --refresh reads the feed in full and fetches the stored story again.
	feed.mu.Lock()
	full := feed.feeds["OK"]
	feed.mu.Unlock()
	code, _ = ingest("--allow-private", "--refresh")
	assert.Equal(t, 1, code)
	feed.mu.Lock()
	assert.Equal(t, full+1, feed.feeds["OK"], "--refresh sends no validators")
	feed.mu.Unlock()
	assert.Equal(t, 2, other.count("/news/far"))
}

// TestOneFetchPerStory: a feed that lists one story under tracking
// parameters and a fragment gets it fetched once, in a pass and across
// passes.
func TestOneFetchPerStory(t *testing.T) {
	feed := newSite(t, "127.0.0.1:0")
	feed.setLinks(feed.URL+"/news/a1", feed.URL+"/news/a1?utm_source=rss&utm_medium=feed", feed.URL+"/news/a1#comments",
		strings.Replace(feed.URL, "127.0.0.1", "127.0.0.1", 1)+"/news/a1?fbclid=x")
	db := filepath.Join(t.TempDir(), "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", feed.URL+"/feed")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, 1, feed.count("/news/a1"), "one fetch in a pass")
	assert.Contains(t, errOut, "stored: 1 new, 0 updated, 0 duplicates")

	feed.setLinks(feed.URL + "/news/a1?utm_campaign=later")
	code, _, errOut = runCmd(t, "", "ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", feed.URL+"/feed")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, 1, feed.count("/news/a1"), "and none in the next")
}

// TestFeedAndParseArePolite: feed and parse URL fetch as ingest crawls:
// robots.txt obeyed, one request at a time per host and --delay apart,
// found links on loopback refused without --allow-private, --contact in
// the User-Agent.
func TestFeedAndParseArePolite(t *testing.T) {
	const delay = 30 * time.Millisecond
	var (
		mu       sync.Mutex
		arrivals []time.Time
		paths    = make(map[string]int)
		agents   = make(map[string]bool)
		inFlight int
		peak     int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		paths[r.URL.Path]++
		agents[r.Header.Get("User-Agent")] = true
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		defer func() {
			mu.Lock()
			inFlight--
			mu.Unlock()
		}()
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case r.URL.Path == "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>http://%s/</link>`, r.Host)
			for _, p := range []string{"/news/1", "/news/2", "/news/3", "/news/4", "/private/5"} {
				fmt.Fprintf(w, "<item><title>%s</title><link>http://%s%s</link></item>", p, r.Host, p)
			}
			fmt.Fprint(w, "</channel></rss>")
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, storyPage(r.URL.Path))
		}
	}))
	defer srv.Close()
	reset := func() {
		mu.Lock()
		arrivals, paths, agents, peak = nil, make(map[string]int), make(map[string]bool), 0
		mu.Unlock()
	}
	check := func(t *testing.T) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, 1, peak, "requests in flight at once")
		assert.Zero(t, paths["/private/5"], "robots.txt disallows it")
		assert.Equal(t, 1, paths["/robots.txt"])
		assert.Equal(t, map[string]bool{"newslooks/1.0 (+mailto:ops@example.org)": true}, agents)
		times := slices.Clone(arrivals)
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for i := 1; i < len(times); i++ {
			assert.GreaterOrEqual(t, times[i].Sub(times[i-1]), delay-time.Millisecond, "requests %d and %d", i-1, i)
		}
	}
	polite := []string{"--format", "jsonl", "--delay", delay.String(), "--contact", "mailto:ops@example.org"}

	t.Run("feed without --allow-private", func(t *testing.T) {
		reset()
		code, _, errOut := runCmd(t, "", append([]string{"feed"}, append(polite, srv.URL+"/feed")...)...)
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, srv.URL+"/news/1: address refused")
		assert.Contains(t, errOut, "--allow-private")
		mu.Lock()
		assert.Zero(t, paths["/news/1"], "a found link on loopback is not fetched")
		mu.Unlock()
	})
	t.Run("feed", func(t *testing.T) {
		reset()
		code, out, errOut := runCmd(t, "", append([]string{"feed", "--allow-private"}, append(polite, srv.URL+"/feed")...)...)
		assert.Equal(t, 1, code, "the disallowed link is an error line: %s", errOut)
		assert.Equal(t, 4, strings.Count(out, "\n"), errOut)
		assert.Contains(t, errOut, srv.URL+"/private/5: robots.txt disallows")
		check(t)
	})
	t.Run("parse", func(t *testing.T) {
		reset()
		args := append([]string{"parse"}, polite...)
		for _, p := range []string{"/news/1", "/news/2", "/news/3", "/private/5"} {
			args = append(args, srv.URL+p)
		}
		code, out, errOut := runCmd(t, "", args...)
		assert.Equal(t, 1, code, errOut)
		assert.Equal(t, 3, strings.Count(out, "\n"), errOut)
		check(t)
	})
}

// TestIngestLogsEachURL: a crawl says, at the default level, what became
// of each URL, and no zero time for a pass that has no next poll.
func TestIngestLogsEachURL(t *testing.T) {
	feed := newSite(t, "127.0.0.1:0")
	feed.setLinks(feed.URL+"/news/1", feed.URL+"/news/2", feed.URL+"/gone")
	db := filepath.Join(t.TempDir(), "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", feed.URL+"/feed")
	assert.Equal(t, 1, code)
	for _, want := range []string{
		`msg="url stored" url=` + feed.URL + "/news/1",
		`msg="url stored" url=` + feed.URL + "/news/2",
		`msg="url failed" url=` + feed.URL + `/gone reason="http 404"`,
	} {
		assert.Contains(t, errOut, want)
	}
	assert.NotContains(t, errOut, "0001-01-01")
}
