package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsingest/newslooks/fetch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPoliteness crawls a feed that links to two hosts: per host one
// request in flight and 1 s between requests, whatever the global
// concurrency; the path robots.txt disallows is never requested.
func TestPoliteness(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		web.Latency = 300 * time.Millisecond
		var links []string
		for _, host := range []string{"a.test", "b.test"} {
			mux := web.Mux(host, "User-agent: *\nDisallow: /private/\n")
			mux.HandleFunc("/news/", serveArticle)
			mux.HandleFunc("/private/", serveArticle)
			for i := range 5 {
				links = append(links, fmt.Sprintf("http://%s/news/%d", host, i))
			}
		}
		links = append(links, "http://a.test/private/secret")
		web.handlers["a.test"].(*http.ServeMux).HandleFunc("/feed", feedHandler(rss(links...)))

		c, st, s := newCrawler(t, web)
		c.Concurrency = 8
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))

		assert.Len(t, s.URLs(), 10)
		for _, host := range []string{"a.test", "b.test"} {
			assert.Equal(t, 1, web.Peak(host), "requests in flight to %s", host)
			assert.GreaterOrEqual(t, web.MinGap(host), time.Second, "gap between requests to %s", host)
			assert.Equal(t, 1, web.Count(host, "/robots.txt"))
			for i := range 5 {
				assert.Equal(t, 1, web.Count(host, fmt.Sprintf("/news/%d", i)))
			}
		}
		assert.Empty(t, web.Hits("", "/private/"), "a disallowed path is never requested")
		r := record(t, st, "http://a.test/private/secret")
		assert.Equal(t, Skipped, r.Status)
		assert.Contains(t, r.Reason, ReasonDisallowed)

		ss, _, _ := st.SourceStatus(t.Context(), "http://a.test/feed")
		assert.Equal(t, 10, ss.NewArticles)
		assert.Equal(t, 1, ss.Skipped[ReasonDisallowed], "a skip by policy")
		assert.Empty(t, ss.Failures, "is no failure")
		assert.Equal(t, "newslooks/1.0 (+https://example.org/bot)", web.Hits("a.test", "/feed")[0].Header.Get("User-Agent"))
	})
}

func TestCrawlDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "User-agent: other\nDisallow: /\n\nUser-agent: newslooks\nCrawl-delay: 3\nDisallow: /x\n")
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1", "http://a.test/news/2", "http://a.test/news/3")))
		c, _, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Len(t, s.URLs(), 3)
		assert.GreaterOrEqual(t, web.MinGap("a.test"), 3*time.Second)
	})
}

// TestRetryAfter: a 503 with Retry-After: 2 is retried 2 s later (fake
// time), and the article is then stored.
func TestRetryAfter(t *testing.T) {
	for _, ra := range []string{"2", "date"} {
		t.Run(ra, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				web := newSites()
				mux := web.Mux("a.test", "")
				var n atomic.Int32
				mux.HandleFunc("/news/1", func(w http.ResponseWriter, r *http.Request) {
					if n.Add(1) == 1 {
						v := "2"
						if ra == "date" {
							v = time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
						}
						w.Header().Set("Retry-After", v)
						w.WriteHeader(http.StatusServiceUnavailable)
						return
					}
					serveArticle(w, r)
				})
				mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1")))
				c, st, s := newCrawler(t, web)
				c.MinDelay = 100 * time.Millisecond
				require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))

				hits := web.Hits("a.test", "/news/1")
				require.Len(t, hits, 2)
				// An HTTP-date has a resolution of 1 s.
				want := 2 * time.Second
				if ra == "date" {
					want = time.Second
				}
				assert.GreaterOrEqual(t, hits[1].At.Sub(hits[0].End), want)
				assert.Equal(t, []string{"http://a.test/news/1"}, s.URLs())
				assert.Equal(t, Done, record(t, st, "http://a.test/news/1").Status)
			})
		})
	}
}

// TestRetryAfterTooLong: a Retry-After longer than MaxWait puts the URL
// off to a later pass rather than holding this one.
func TestRetryAfterTooLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/1", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		})
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1")))
		c, st, _ := newCrawler(t, web)
		start := time.Now()
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Less(t, time.Since(start), 10*time.Second)
		r := record(t, st, "http://a.test/news/1")
		assert.Equal(t, Failed, r.Status)
		assert.Contains(t, r.Reason, ReasonHostUnavailable)
		assert.WithinDuration(t, start.Add(time.Hour), r.NextTry, 5*time.Second)
		assert.Len(t, web.Hits("a.test", "/news/1"), 1)
	})
}

// TestFailureBackoff: a 500 is retried with backoff, a bounded number of
// times, then recorded as failed with its reason; it is eligible again
// after RetryDelay, not before.
func TestFailureBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/bad", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		})
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/bad", "http://a.test/news/ok")))
		c, st, s := newCrawler(t, web)
		c.RetryDelay = time.Hour
		src := []Source{{URL: "http://a.test/feed", Kind: Feed}}
		require.NoError(t, c.Run(t.Context(), src))

		bad := web.Hits("a.test", "/news/bad")
		require.Len(t, bad, DefaultMaxAttempts)
		// Backoff 2 s then 4 s, with jitter of ±50 %.
		assert.GreaterOrEqual(t, bad[1].At.Sub(bad[0].End), time.Second)
		assert.GreaterOrEqual(t, bad[2].At.Sub(bad[1].End), 2*time.Second)
		r := record(t, st, "http://a.test/news/bad")
		assert.Equal(t, Failed, r.Status)
		assert.True(t, strings.HasPrefix(r.Reason, "http 500"), r.Reason)
		assert.Equal(t, DefaultMaxAttempts, r.Attempts)
		assert.Equal(t, []string{"http://a.test/news/ok"}, s.URLs())

		// Not before RetryDelay...
		require.NoError(t, c.Run(t.Context(), src))
		assert.Len(t, web.Hits("a.test", "/news/bad"), DefaultMaxAttempts)
		// ...but after it; the next wait is longer.
		time.Sleep(time.Hour)
		require.NoError(t, c.Run(t.Context(), src))
		assert.Len(t, web.Hits("a.test", "/news/bad"), 2*DefaultMaxAttempts)
		r2 := record(t, st, "http://a.test/news/bad")
		assert.Equal(t, 2, r2.Failures)
		assert.GreaterOrEqual(t, r2.NextTry.Sub(r2.Updated), 2*time.Hour)
		assert.Equal(t, 1, web.Count("a.test", "/news/ok"), "a stored article is not fetched again")
	})
}

// TestHostBackoff: a host whose every request fails is backed off as a
// whole; its remaining URLs are put off, not requested.
func TestHostBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusBadGateway)
		})
		var links []string
		for i := range 6 {
			links = append(links, fmt.Sprintf("http://a.test/news/%d", i))
		}
		mux.HandleFunc("/feed", feedHandler(rss(links...)))
		c, st, _ := newCrawler(t, web)
		c.MaxAttempts, c.HostFailures, c.HostBackoff, c.MaxWait = 1, 3, time.Hour, time.Minute
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Len(t, web.Hits("a.test", "/news/"), 3, "requests stop once the host is backed off")
		h, _ := st.Host(t.Context(), "a.test")
		assert.Equal(t, 3, h.Failures)
		assert.True(t, h.BackoffUntil.After(time.Now().Add(50*time.Minute)))
		r := record(t, st, "http://a.test/news/5")
		assert.Equal(t, Failed, r.Status)
		assert.Contains(t, r.Reason, ReasonHostUnavailable)
	})
}

// TestRobotsUnavailable: a robots.txt that answers 5xx disallows the
// whole host until RobotsRetry; then it is asked again.
func TestRobotsUnavailable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := http.NewServeMux()
		var down atomic.Bool
		down.Store(true)
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
			if down.Load() {
				http.Error(w, "oops", http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		})
		mux.HandleFunc("/news/", serveArticle)
		web.Handle("a.test", mux)
		feeds := web.Mux("feeds.test", "")
		feeds.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1")))

		c, st, s := newCrawler(t, web)
		c.MaxAttempts = 1
		src := []Source{{URL: "http://feeds.test/feed", Kind: Feed}}
		require.NoError(t, c.Run(t.Context(), src))
		assert.Empty(t, web.Hits("a.test", "/news/"))
		r := record(t, st, "http://a.test/news/1")
		assert.Equal(t, Failed, r.Status)
		assert.Contains(t, r.Reason, ReasonRobotsUnavailable)
		h, _ := st.Host(t.Context(), "a.test")
		assert.Contains(t, h.RobotsState(), "unavailable")

		// Within RobotsRetry, robots.txt is not asked again.
		require.NoError(t, c.Run(t.Context(), src))
		assert.Equal(t, 1, web.Count("a.test", "/robots.txt"))

		down.Store(false)
		time.Sleep(DefaultRobotsRetry)
		require.NoError(t, c.Run(t.Context(), src))
		assert.Equal(t, 2, web.Count("a.test", "/robots.txt"))
		assert.Equal(t, []string{"http://a.test/news/1"}, s.URLs())
	})
}

// TestRobotsNotFound: a robots.txt that answers 4xx allows everything,
// and is cached for RobotsTTL.
func TestRobotsNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1", "http://a.test/news/2")))
		c, st, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Len(t, s.URLs(), 2)
		assert.Equal(t, 1, web.Count("a.test", "/robots.txt"))
		h, _ := st.Host(t.Context(), "a.test")
		assert.Equal(t, "allow all (404)", h.RobotsState())
	})
}

// TestSecondPass: the second pass sends the validators, gets a 304 and
// fetches no stored article.
func TestSecondPass(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1", "http://a.test/news/2")))
		mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Last-Modified", "Fri, 27 Nov 2026 10:00:00 GMT")
			if r.Header.Get("If-Modified-Since") != "" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.test/news/2</loc></url><url><loc>http://a.test/news/3</loc></url></urlset>`)
		})
		c, _, s := newCrawler(t, web)
		src := []Source{{URL: "http://a.test/feed", Kind: Feed}, {URL: "http://a.test/sitemap.xml", Kind: Sitemap}}
		require.NoError(t, c.Run(t.Context(), src))
		assert.Len(t, s.URLs(), 3)
		time.Sleep(time.Minute)
		require.NoError(t, c.Run(t.Context(), src))

		feed := web.Hits("a.test", "/feed")
		require.Len(t, feed, 2)
		assert.Empty(t, feed[0].Header.Get("If-None-Match"))
		assert.Equal(t, `"f1"`, feed[1].Header.Get("If-None-Match"))
		sm := web.Hits("a.test", "/sitemap.xml")
		require.Len(t, sm, 2)
		assert.Equal(t, "Fri, 27 Nov 2026 10:00:00 GMT", sm[1].Header.Get("If-Modified-Since"))
		for i := 1; i <= 3; i++ {
			assert.Equal(t, 1, web.Count("a.test", fmt.Sprintf("/news/%d", i)))
		}
		assert.Equal(t, 3, s.calls)

		// Refresh fetches stored articles again, once.
		c2 := &Crawler{State: c.State, Store: s.Store, Transport: web, Logger: c.Logger, Refresh: true}
		require.NoError(t, c2.State.SetValidators(t.Context(), "http://a.test/feed", fetch.Validators{}))
		require.NoError(t, c2.Run(t.Context(), src[:1]))
		assert.Equal(t, 2, web.Count("a.test", "/news/1"))
	})
}

// TestFullContentItem: an item whose content holds the whole article is
// stored from the feed, without a fetch.
func TestFullContentItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/", serveArticle)
		para := "<p>" + strings.Repeat("Residents of the harbor town voted to rebuild the old pier. ", 2) + "</p>"
		body := `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>N</title>` +
			`<item><title>Pier Rebuilt</title><link>http://a.test/news/full</link><pubDate>Fri, 27 Nov 2026 09:00:00 GMT</pubDate>` +
			`<content:encoded><![CDATA[` + strings.Repeat(para, 5) + `]]></content:encoded></item>` +
			`<item><title>Teaser</title><link>http://a.test/news/teaser</link><description>Short...</description></item>` +
			`</channel></rss>`
		mux.HandleFunc("/feed", feedHandler(body))
		c, _, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Equal(t, []string{"http://a.test/news/full", "http://a.test/news/teaser"}, s.URLs())
		assert.Zero(t, web.Count("a.test", "/news/full"))
		assert.Equal(t, 1, web.Count("a.test", "/news/teaser"))
		a := s.articles["http://a.test/news/full"]
		assert.Equal(t, "Pier Rebuilt", a.Headline)
		assert.Equal(t, 2026, a.Published.Year())
	})
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Bytes()
}

// TestSitemaps: robots.txt Sitemap: lines, an index, a gzipped sitemap,
// a Google News sitemap, and the depth limit.
func TestSitemaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "User-agent: *\nDisallow:\nSitemap: http://a.test/index.xml\n")
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/index.xml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
				`<sitemap><loc>http://a.test/plain.xml.gz</loc></sitemap><sitemap><loc>http://a.test/news.xml</loc></sitemap>`+
				`<sitemap><loc>http://a.test/nested.xml</loc></sitemap></sitemapindex>`)
		})
		mux.HandleFunc("/plain.xml.gz", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/x-gzip")
			_, _ = w.Write(gz(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.test/news/1</loc><lastmod>2026-11-27</lastmod></url></urlset>`))
		})
		mux.HandleFunc("/news.xml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			fmt.Fprint(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`+
				`<url><loc>http://a.test/news/2</loc><news:news><news:publication><news:name>A</news:name><news:language>fr</news:language></news:publication>`+
				`<news:publication_date>2026-11-26T08:00:00Z</news:publication_date><news:title>Deux</news:title></news:news></url></urlset>`)
		})
		// An index that nests forever is cut at the depth limit.
		mux.HandleFunc("/nested.xml", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<sitemapindex><sitemap><loc>http://a.test/nested.xml?`+r.URL.RawQuery+`x</loc></sitemap></sitemapindex>`)
		})
		c, st, s := newCrawler(t, web)
		c.Parser = nil
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/robots.txt", Kind: Robots}}))
		assert.Equal(t, []string{"http://a.test/news/1", "http://a.test/news/2"}, s.URLs())
		r := record(t, st, "http://a.test/news/2")
		assert.Equal(t, "fr", r.Language)
		assert.Equal(t, "Deux", r.Title)
		assert.Equal(t, 2026, r.Published.Year())
		assert.Len(t, web.Hits("a.test", "/nested.xml"), DefaultMaxSitemapDepth)
		ss, _, _ := st.SourceStatus(t.Context(), "http://a.test/robots.txt")
		assert.Equal(t, 1, ss.Failures[ReasonSitemap], "the depth limit is reported")
		assert.Contains(t, ss.Error, ErrTooManySitemaps.Error())
	})
}

// TestSitemapCap: a sitemap over MaxSitemapURLs is used up to the cap,
// and the source's status says so.
func TestSitemapCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<urlset>`)
			for i := range 5 {
				fmt.Fprintf(w, `<url><loc>http://a.test/news/%d</loc></url>`, i)
			}
			fmt.Fprint(w, `</urlset>`)
		})
		c, st, s := newCrawler(t, web)
		c.MaxSitemapURLs = 3
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/sitemap.xml", Kind: Sitemap}}))
		assert.Len(t, s.URLs(), 3)
		ss, _, _ := st.SourceStatus(t.Context(), "http://a.test/sitemap.xml")
		assert.Contains(t, ss.Error, "too many URLs")
		assert.Equal(t, 3, ss.NewArticles)
	})
}

// TestSite: a home page's feed is discovered; a home page without one
// falls back to the sitemaps of robots.txt.
func TestSite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		a := web.Mux("a.test", "")
		a.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<html><head><link rel="alternate" type="application/atom+xml" href="/atom"></head><body>Home</body></html>`)
		})
		a.HandleFunc("/atom", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprint(w, `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>One</title><link href="http://a.test/news/1"/><id>1</id></entry></feed>`)
		})
		a.HandleFunc("/news/", serveArticle)
		b := web.Mux("b.test", "Sitemap: http://b.test/sm.xml\n")
		b.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<html><body>No feed</body></html>`) })
		b.HandleFunc("/sm.xml", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<urlset><url><loc>http://b.test/news/1</loc></url></urlset>`)
		})
		b.HandleFunc("/news/", serveArticle)
		c, _, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/", Kind: Site}, {URL: "http://b.test/", Kind: Site}}))
		assert.Equal(t, []string{"http://a.test/news/1", "http://b.test/news/1"}, s.URLs())
	})
}

// TestPollStopsCleanly: Poll reads each source on its schedule, and
// returns nil when its context is canceled, mid-fetch, with nothing
// half stored and the claim released.
func TestPollStopsCleanly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		web.Latency = 500 * time.Millisecond
		mux := web.Mux("a.test", "")
		var n atomic.Int32
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
			i := n.Add(1)
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, rss(fmt.Sprintf("http://a.test/news/%d", i)))
		})
		c, st, s := newCrawler(t, web)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- c.Poll(ctx, []Source{{URL: "http://a.test/feed", Kind: Feed}}, 10*time.Minute) }()
		time.Sleep(25 * time.Minute) // polls at 0, 10 and 20 minutes
		synctest.Wait()
		assert.Equal(t, int32(3), n.Load())
		assert.Len(t, s.URLs(), 3)

		// Cancel in the middle of the fourth poll's article fetch.
		time.Sleep(5*time.Minute + 1200*time.Millisecond)
		cancel()
		require.NoError(t, <-done)
		assert.Len(t, s.URLs(), 3, "the article being fetched was not stored")
		r := record(t, st, "http://a.test/news/4")
		assert.Equal(t, Pending, r.Status)
		assert.Empty(t, r.Owner, "its claim was released")
		ss, _, _ := st.SourceStatus(t.Context(), "http://a.test/feed")
		assert.Equal(t, 3, ss.TotalArticles)
	})
}

// TestStoreError: an error from Store records the URL as failed, to be
// tried again.
func TestStoreError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1")))
		c, st, s := newCrawler(t, web)
		s.fail = func(Entry) error { return errors.New("disk full") }
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		r := record(t, st, "http://a.test/news/1")
		assert.Equal(t, Failed, r.Status)
		assert.Equal(t, "store: disk full", r.Reason)
	})
}

// refusing is a transport that refuses one host as the address policy
// does, before anything is sent, and passes the others to next.
type refusing struct {
	host string
	next http.RoundTripper
}

func (r refusing) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == r.host {
		return nil, fmt.Errorf("dial %s: %w", r.host, fetch.ErrForbiddenAddress)
	}
	return r.next.RoundTrip(req)
}

// TestNoWaitForUnsent: links the address policy refuses are skipped at
// once, without the host's delay between them, since nothing was sent.
func TestNoWaitForUnsent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		var links []string
		for i := range 5 {
			links = append(links, fmt.Sprintf("http://intranet.test/news/%d", i))
		}
		web.Mux("a.test", "").HandleFunc("/feed", feedHandler(rss(links...)))
		c, st, _ := newCrawler(t, refusing{"intranet.test", web})
		c.MinDelay = 10 * time.Second
		start := time.Now()
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Less(t, time.Since(start), 2*c.MinDelay, "one delay, between robots.txt and the feed of a.test")
		for _, u := range links {
			r := record(t, st, u)
			assert.Equal(t, Skipped, r.Status, u)
			assert.Contains(t, r.Reason, ReasonAddress, u)
		}
	})
}

// TestRobotsRetriedInPass: a robots.txt that fails once (503) is asked
// again in the pass, so the host is not disallowed for RobotsRetry.
func TestRobotsRetriedInPass(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		var n atomic.Int32
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		})
		mux.HandleFunc("/news/", serveArticle)
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1")))
		web.Handle("a.test", mux)
		c, _, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Equal(t, []string{"http://a.test/news/1"}, s.URLs())
		assert.Equal(t, int32(2), n.Load())
	})
}
