package crawl

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loopback is a real server on a loopback address (127.0.0.N), which
// counts its requests by path.
type loopback struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	hits map[string]int
}

func newLoopback(t *testing.T, ip, robots string) *loopback {
	t.Helper()
	l, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	lb := &loopback{mux: http.NewServeMux(), hits: make(map[string]int)}
	lb.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, robots)
	})
	lb.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lb.mu.Lock()
		lb.hits[r.URL.Path]++
		lb.mu.Unlock()
		lb.mux.ServeHTTP(w, r)
	}))
	lb.Listener = l
	lb.Start()
	t.Cleanup(lb.Close)
	return lb
}

func (lb *loopback) Count(path string) int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.hits[path]
}

func (lb *loopback) Total() int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	n := 0
	for _, v := range lb.hits {
		n += v
	}
	return n
}

// TestEndToEnd crawls two real loopback hosts, with the address policy
// lifted, and a short MinDelay (the only test on real time).
func TestEndToEnd(t *testing.T) {
	a := newLoopback(t, "127.0.0.1", "User-agent: *\nDisallow: /private/\n")
	b := newLoopback(t, "127.0.0.2", "User-agent: newslooks\nDisallow: /\n")
	a.mux.HandleFunc("/news/", serveArticle)
	b.mux.HandleFunc("/news/", serveArticle)
	a.mux.HandleFunc("/feed", feedHandler(rss(a.URL+"/news/1", a.URL+"/news/2", a.URL+"/private/3", b.URL+"/news/4")))

	c, st, s := newCrawler(t, nil)
	c.Transport = nil // the default Guard
	c.AllowPrivate = true
	c.MinDelay = 20 * time.Millisecond
	require.NoError(t, c.Run(t.Context(), []Source{{URL: a.URL + "/feed", Kind: Feed}}))
	assert.Equal(t, []string{a.URL + "/news/1", a.URL + "/news/2"}, s.URLs())
	assert.Zero(t, a.Count("/private/3"))
	assert.Zero(t, b.Count("/news/4"))
	assert.Equal(t, 1, b.Count("/robots.txt"))
	assert.Equal(t, Skipped, record(t, st, b.URL+"/news/4").Status)
}

// TestAddressPolicy: without AllowPrivate, the source a person gave is
// fetched though it is on loopback, but the loopback URLs the crawler
// discovers are refused (at dial time) and recorded as skipped: a feed
// item on 127.0.0.2, on localhost, on [::1], on 0.0.0.0, on
// [::ffff:127.0.0.1], an item on the feed's own host, and one whose
// public-looking host redirects to loopback.
func TestAddressPolicy(t *testing.T) {
	a := newLoopback(t, "127.0.0.1", "")
	b := newLoopback(t, "127.0.0.2", "")
	b.mux.HandleFunc("/news/", serveArticle)
	a.mux.HandleFunc("/news/", serveArticle)
	_, port, _ := net.SplitHostPort(a.Listener.Addr().String())
	a.mux.HandleFunc("/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, b.URL+"/news/redirected", http.StatusFound)
	})
	items := []string{
		b.URL + "/news/1",
		"http://localhost:" + port + "/news/2",
		"http://[::1]:" + port + "/news/3",
		"http://0.0.0.0:" + port + "/news/4",
		"http://[::ffff:127.0.0.1]:" + port + "/news/5",
		a.URL + "/news/6",
	}
	a.mux.HandleFunc("/feed", feedHandler(rss(items...)))
	// The typed source redirects to loopback: refused too.
	a.mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, b.URL+"/feed", http.StatusMovedPermanently)
	})
	b.mux.HandleFunc("/feed", feedHandler(rss(b.URL+"/news/9")))

	c, st, s := newCrawler(t, nil)
	c.Transport = nil
	c.MinDelay = time.Millisecond
	require.NoError(t, c.Run(t.Context(), []Source{{URL: a.URL + "/feed", Kind: Feed}, {URL: a.URL + "/moved", Kind: Feed}}))
	assert.Empty(t, s.URLs())
	assert.Equal(t, 1, a.Count("/feed"), "the typed source is fetched as given")
	assert.Equal(t, 1, a.Count("/moved"))
	assert.Zero(t, b.Total(), "nothing reached 127.0.0.2")
	assert.Zero(t, a.Count("/news/2")+a.Count("/news/3")+a.Count("/news/4")+a.Count("/news/5")+a.Count("/news/6"))
	for _, u := range items {
		r := record(t, st, u)
		assert.Equal(t, Skipped, r.Status, u)
		assert.Contains(t, r.Reason, ReasonAddress, u)
	}
	ss, _, _ := st.SourceStatus(t.Context(), a.URL+"/moved")
	assert.Contains(t, ss.Error, "address not allowed")
}
