package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A soakPublisher is a loopback news site whose feed grows by a story at
// each poll, and lists, besides good stories, pages that fail (404),
// answer slowly, redirect, and that robots.txt disallows. It counts
// every answer it gave by status.
type soakPublisher struct {
	*httptest.Server
	mu       sync.Mutex
	polls    int
	answered map[int]int // by status
	polled   chan int    // the count, after each feed answer
}

func (p *soakPublisher) answer(w http.ResponseWriter, status int) {
	p.mu.Lock()
	p.answered[status]++
	p.mu.Unlock()
	if status != http.StatusOK {
		w.WriteHeader(status)
	}
}

func (p *soakPublisher) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case path == "/robots.txt":
		p.answer(w, http.StatusOK)
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case path == "/feed":
		p.mu.Lock()
		p.polls++
		n := p.polls
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		p.answer(w, http.StatusOK)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>http://%s/</link>`, r.Host)
		for i := range n {
			for _, kind := range []string{"news", "gone", "slow", "moved", "private"} {
				if kind != "news" && i%3 != 0 {
					continue // fewer of the odd ones
				}
				fmt.Fprintf(w, "<item><title>%s %d</title><link>http://%s/%s/%d</link></item>", kind, i, r.Host, kind, i)
			}
		}
		fmt.Fprint(w, "</channel></rss>")
		select {
		case p.polled <- n:
		default:
		}
	case strings.HasPrefix(path, "/gone/"):
		p.answer(w, http.StatusNotFound)
	case strings.HasPrefix(path, "/moved/"):
		w.Header().Set("Location", "/news/moved-"+strings.TrimPrefix(path, "/moved/"))
		p.answer(w, http.StatusMovedPermanently)
	case strings.HasPrefix(path, "/slow/"), strings.HasPrefix(path, "/news/"):
		if strings.HasPrefix(path, "/slow/") {
			select {
			case <-time.After(150 * time.Millisecond): // a slow page, not a timer the test waits on
			case <-r.Context().Done():
			}
		}
		w.Header().Set("Content-Type", "text/html")
		p.answer(w, http.StatusOK)
		fmt.Fprint(w, storyPage(path))
	default:
		p.answer(w, http.StatusNotFound)
	}
}

// scrape reads a Prometheus text exposition into values by series.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	out := make(map[string]float64)
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		require.NoError(t, err, line)
		out[line[:i]] = v
	}
	require.NoError(t, sc.Err())
	return out
}

// sum adds the series whose name is name.
func sum(m map[string]float64, name string) float64 {
	var s float64
	for k, v := range m {
		if k == name || strings.HasPrefix(k, name+"{") {
			s += v
		}
	}
	return s
}

// TestSoakMetrics runs ingest --every 1s with --metrics-addr against a
// publisher with failing, slow, redirecting and disallowed pages, for two
// minutes of polls (or as long as $NEWSLOOKS_SOAK says, say 12s for a
// quick run; -short skips it), and checks that the metrics add up to what the server saw, and /healthz
// answers. It waits on the publisher's polls, never on a timer, so its
// assertions hold at any length.
func TestSoakMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	polls := 120
	if v := os.Getenv("NEWSLOOKS_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err, "NEWSLOOKS_SOAK")
		polls = max(int(d/time.Second), 1)
	}
	pub := &soakPublisher{answered: make(map[int]int), polled: make(chan int, 1)}
	pub.Server = httptest.NewServer(http.HandlerFunc(pub.serve))
	defer pub.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	c := startPiped(t, "ingest", "--db", db, "--allow-private", "--delay", "10ms", "--every", "1s",
		"--metrics-addr", "127.0.0.1:0", "--feed", pub.URL+"/feed")
	var metricsURL string
	for metricsURL == "" {
		line, err := c.stderrLines.ReadString('\n')
		require.NoError(t, err, "the command ended before serving metrics")
		if m := regexp.MustCompile(`metrics on (http://\S+/metrics)`).FindStringSubmatch(line); m != nil {
			metricsURL = m[1]
		}
	}
	var logs strings.Builder
	logged := make(chan struct{})
	go func() { io.Copy(&logs, c.stderrLines); close(logged) }()

	// A generous bound for a loaded machine: 10 s a poll of --every 1s.
	limit := time.Duration(polls) * 10 * time.Second
	deadline := time.After(limit)
	for n := 0; n < polls; {
		select {
		case n = <-pub.polled:
		case <-deadline:
			t.Fatalf("the feed was polled %d times in %v, want %d", n, limit, polls)
		}
	}

	resp, err := http.Get(strings.TrimSuffix(metricsURL, "metrics") + "healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "/healthz")

	// The server counts a request when it answers, the client when the
	// answer arrives: a request in flight during the scrape (one host:
	// at most one) is in the server's count after it, not yet in the
	// metrics.
	pub.mu.Lock()
	before := maps.Clone(pub.answered)
	pub.mu.Unlock()
	m := scrape(t, metricsURL)
	pub.mu.Lock()
	after := maps.Clone(pub.answered) // a copy: the server goes on counting
	pub.mu.Unlock()
	total := func(c map[int]int) (n int) {
		for _, v := range c {
			n += v
		}
		return n
	}
	fetched := int(sum(m, "newslooks_fetches_total"))
	assert.GreaterOrEqual(t, fetched, total(before)-1, "requests the metrics count against those answered before the scrape")
	assert.LessOrEqual(t, fetched, total(after), "and after it")
	for _, code := range []int{200, 301, 404} {
		got := int(m[fmt.Sprintf(`newslooks_fetches_total{code="%d",host_class="loopback"}`, code)])
		assert.GreaterOrEqual(t, got, before[code]-1, "code %d", code)
		assert.LessOrEqual(t, got, after[code], "code %d", code)
		assert.Positive(t, got, "code %d", code)
	}
	assert.Zero(t, m[`newslooks_fetches_total{code="error",host_class="loopback"}`])
	assert.Positive(t, m["newslooks_fetch_bytes_total"])

	// Every story page answered 200 became a new article, every 404 page
	// a failure, every disallowed link a refusal.
	news := m[`newslooks_articles_total{outcome="new"}`]
	assert.Positive(t, news)
	gone := m[`newslooks_urls_total{outcome="failed",reason="http 404"}`]
	assert.InDelta(t, float64(after[404]), gone, 1, "404s answered and URLs failed")
	assert.Equal(t, m[`newslooks_robots_refusals_total`], m[`newslooks_urls_total{outcome="skipped",reason="robots.txt disallows"}`])
	assert.GreaterOrEqual(t, m[`newslooks_robots_refusals_total`], float64(polls/3))
	assert.Equal(t, m[`newslooks_urls_total{outcome="stored",reason=""}`], news, "stored URLs are new articles")
	assert.GreaterOrEqual(t, m["newslooks_parse_seconds_count"], news)
	assert.Equal(t, m[`newslooks_crawl_urls{status="done"}`], news)
	assert.Contains(t, m, `newslooks_host_backoff_seconds{host="`+strings.TrimPrefix(pub.URL, "http://")+`"}`)

	require.NoError(t, c.cmd.Process.Signal(syscall.SIGTERM))
	_, code := c.wait(t)
	<-logged
	assert.Equal(t, 0, code, logs.String())

	code, out, errOut := runCmd(t, "", "status", "--db", db)
	require.Equal(t, 0, code, errOut)
	stored := regexp.MustCompile(`articles: +(\d+)`).FindStringSubmatch(out)
	require.NotNil(t, stored, out)
	n, _ := strconv.Atoi(stored[1])
	assert.GreaterOrEqual(t, float64(n), news, "the store holds what the metrics counted")
	t.Logf("%d polls: %d requests, %v new articles, %v failed 404, %v robots refusals; store %d", polls, fetched, news, gone,
		m[`newslooks_robots_refusals_total`], n)
}
