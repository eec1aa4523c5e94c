package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsingest/newslooks"
)

// A hit is one request a test server saw.
type hit struct {
	Host, Path string
	At, End    time.Time
	Header     http.Header
}

// sites is an in-process web: an http.RoundTripper that calls each
// host's handler directly, so that tests run inside a synctest bubble on
// fake time. It records every request from the server's side.
type sites struct {
	// Latency is how long each response takes (fake time in a bubble).
	Latency time.Duration

	mu       sync.Mutex
	handlers map[string]http.Handler
	hits     []hit
	inflight map[string]int
	peak     map[string]int
}

func newSites() *sites {
	return &sites{handlers: make(map[string]http.Handler), inflight: make(map[string]int), peak: make(map[string]int)}
}

// Handle serves host with h.
func (s *sites) Handle(host string, h http.Handler) { s.handlers[host] = h }

// Mux returns a new ServeMux serving host, with robots as its robots.txt
// ("" for a 404).
func (s *sites) Mux(host, robots string) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, robots)
	})
	s.Handle(host, mux)
	return mux
}

func (s *sites) RoundTrip(req *http.Request) (*http.Response, error) {
	h, ok := s.handlers[req.URL.Host]
	if !ok {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	host := req.URL.Host
	s.mu.Lock()
	s.inflight[host]++
	s.peak[host] = max(s.peak[host], s.inflight[host])
	i := len(s.hits)
	s.hits = append(s.hits, hit{Host: host, Path: req.URL.RequestURI(), At: time.Now(), Header: req.Header.Clone()})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight[host]--
		s.hits[i].End = time.Now()
		s.mu.Unlock()
	}()
	if s.Latency > 0 {
		t := time.NewTimer(s.Latency)
		select {
		case <-t.C:
		case <-req.Context().Done():
			t.Stop()
			return nil, req.Context().Err()
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if err := req.Context().Err(); err != nil {
		return nil, err // as a real transport does when the request ends
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// Hits returns the requests to host (every host when ""), with path
// prefix prefix.
func (s *sites) Hits(host, prefix string) []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []hit
	for _, h := range s.hits {
		if (host == "" || h.Host == host) && strings.HasPrefix(h.Path, prefix) {
			out = append(out, h)
		}
	}
	return out
}

// Count returns the number of requests to host and path.
func (s *sites) Count(host, path string) int {
	n := 0
	for _, h := range s.Hits(host, "") {
		if h.Path == path {
			n++
		}
	}
	return n
}

// MinGap returns the smallest time between the start of a request to
// host and the end of the one before it.
func (s *sites) MinGap(host string) time.Duration {
	hs := s.Hits(host, "")
	gap := time.Duration(1<<63 - 1)
	for i := 1; i < len(hs); i++ {
		gap = min(gap, hs[i].At.Sub(hs[i-1].At))
	}
	return gap
}

// Peak returns the most requests to host in flight at once.
func (s *sites) Peak(host string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak[host]
}

// articleHTML returns an article page the page parser reads.
func articleHTML(title string) string {
	p := "<p>" + strings.Repeat("The council met on Tuesday evening to discuss the plan for the harbor. ", 3) + "</p>"
	return `<!DOCTYPE html><html lang="en"><head><title>` + title + `</title>` +
		`<meta property="og:type" content="article"></head><body><article><h1>` + title + `</h1>` +
		strings.Repeat(p, 5) + `</article></body></html>`
}

// serveArticle writes an article page.
func serveArticle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, articleHTML("Story "+r.URL.Path))
}

// rss returns an RSS feed linking to links, with teasers.
func rss(links ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title><link>http://x.test/</link>`)
	for i, l := range links {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>%s</link><description>A teaser...</description></item>", i, l)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// feedHandler serves a feed with an ETag, answering 304 to it.
func feedHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"f1"`)
		if r.Header.Get("If-None-Match") == `"f1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	}
}

// store collects what the crawler stores.
type store struct {
	mu       sync.Mutex
	articles map[string]*newslooks.Article
	calls    int
	fail     func(e Entry) error
}

func (s *store) Store(ctx context.Context, a *newslooks.Article, e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.fail != nil {
		if err := s.fail(e); err != nil {
			return err
		}
	}
	if s.articles == nil {
		s.articles = make(map[string]*newslooks.Article)
	}
	s.articles[e.URL] = a
	return nil
}

func (s *store) URLs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for u := range s.articles {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

// newCrawler returns a crawler over web with a MemoryState and a store.
func newCrawler(t testing.TB, web http.RoundTripper) (*Crawler, *MemoryState, *store) {
	st := new(MemoryState)
	s := new(store)
	c := &Crawler{
		State:     st,
		Store:     s.Store,
		Transport: web,
		Logger:    slog.New(slog.DiscardHandler),
		Owner:     "test",
		Contact:   "https://example.org/bot",
	}
	return c, st, s
}

// record returns the State's record of u, failing the test when unknown.
func record(t *testing.T, st *MemoryState, u string) URLRecord {
	t.Helper()
	r, ok, err := st.URL(t.Context(), u)
	if err != nil || !ok {
		t.Fatalf("no record of %s (%v)", u, err)
	}
	return r
}
