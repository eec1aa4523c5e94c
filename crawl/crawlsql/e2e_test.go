package crawlsql

import (
	"context"
	"fmt"
	"html"
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
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/store"
)

// TestCrawlersShareState runs two crawl.Crawlers at once, each with its
// own *store.Store on one database, over one real loopback host: every article
// is requested once and stored once, and the requests to the host keep
// MinDelay apart across both crawlers.
func TestCrawlersShareState(t *testing.T) {
	const (
		n        = 24
		minDelay = 40 * time.Millisecond
	)
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := f(t)
			openTest(t, dsn) // migrate once, before the crawlers race to

			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Skipf("cannot listen on loopback: %v", err)
			}
			var (
				mu    sync.Mutex
				hits  = make(map[string]int)
				times []time.Time
			)
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				hits[r.URL.Path]++
				times = append(times, time.Now())
				mu.Unlock()
				switch {
				case r.URL.Path == "/robots.txt":
					fmt.Fprint(w, "User-agent: *\nAllow: /\n")
				case r.URL.Path == "/feed":
					w.Header().Set("Content-Type", "application/rss+xml")
					fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title><link>http://x.test/</link>`)
					for i := range n {
						fmt.Fprintf(w, "<item><title>Item %d</title><link>http://%s/news/%d</link><description>A teaser...</description></item>", i, r.Host, i)
					}
					fmt.Fprint(w, "</channel></rss>")
				case strings.HasPrefix(r.URL.Path, "/news/"):
					var i int
					fmt.Sscanf(r.URL.Path, "/news/%d", &i)
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					fmt.Fprint(w, articlePage(genArticle(13, i)))
				default:
					http.NotFound(w, r)
				}
			}))
			srv.Listener = l
			srv.Start()
			t.Cleanup(srv.Close)

			var (
				wg       sync.WaitGroup
				outcomes = make(map[string][]store.Outcome)
			)
			for w := range 2 {
				s := openTest(t, dsn)
				c := &crawl.Crawler{
					State: New(s),
					Store: func(ctx context.Context, a *newslooks.Article, e crawl.Entry) error {
						o, err := s.Put(ctx, a, store.PutInfo{Source: "crawl", URL: e.URL})
						mu.Lock()
						outcomes[e.URL] = append(outcomes[e.URL], o)
						mu.Unlock()
						return err
					},
					Logger:       slog.New(slog.DiscardHandler),
					Owner:        fmt.Sprintf("crawler%d", w),
					AllowPrivate: true,
					MinDelay:     minDelay,
					Timeout:      10 * time.Second,
				}
				wg.Go(func() {
					if err := c.Run(t.Context(), []crawl.Source{{URL: srv.URL + "/feed", Kind: crawl.Feed}}); err != nil {
						t.Errorf("crawler%d: %v", w, err)
					}
				})
			}
			wg.Wait()

			for i := range n {
				if k := hits[fmt.Sprintf("/news/%d", i)]; k != 1 {
					t.Errorf("/news/%d requested %d times, want once", i, k)
				}
			}
			if len(outcomes) != n {
				t.Errorf("%d articles stored, want %d", len(outcomes), n)
			}
			for u, os := range outcomes {
				if len(os) != 1 || os[0] != store.New {
					t.Errorf("%s stored %v, want once, new", u, os)
				}
			}
			// A crawler sends only after the one before it got its
			// answer and gap more passed, so the server sees every two
			// requests at least minDelay apart. The margin covers only
			// the microseconds the State stores and the drift of the wall
			// clock against the monotonic one; a loaded machine makes
			// gaps longer, never shorter.
			checkGaps(t, times, minDelay)
			s := openTest(t, dsn)
			var articles, done int
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&articles); err != nil {
				t.Fatal(err)
			}
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM crawl_urls WHERE status = 1`).Scan(&done); err != nil {
				t.Fatal(err)
			}
			if articles != n || done != n {
				t.Errorf("%d articles, %d URLs done; want %d", articles, done, n)
			}
			hosts, err := New(s).Hosts(t.Context())
			if err != nil || len(hosts) != 1 || hosts[0].RobotsState() != "ok" {
				t.Errorf("hosts %+v, %v", hosts, err)
			}
		})
	}
}

// articlePage renders a as an HTML article page.
func articlePage(a *newslooks.Article) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><title>` + html.EscapeString(a.Headline) + `</title>` +
		`<meta property="og:type" content="article"></head><body><article><h1>` + html.EscapeString(a.Headline) + `</h1>`)
	for _, p := range a.Sections[0].Paragraphs {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	b.WriteString(`</article></body></html>`)
	return b.String()
}

// checkGaps checks that no two of the arrival times are closer than
// delay (less 1 ms for clock granularity and drift).
func checkGaps(t *testing.T, times []time.Time, delay time.Duration) {
	t.Helper()
	times = slices.Clone(times)
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < delay-time.Millisecond {
			t.Errorf("requests %d and %d to the host %v apart, want at least %v", i-1, i, d, delay)
		}
	}
}
