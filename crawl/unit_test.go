package crawl

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemoryStateClaims: concurrent workers never claim one URL twice; a
// lapsed lease returns the URL; Done URLs are not claimed again unless
// refreshed; failed URLs wait for NextTry.
func TestMemoryStateClaims(t *testing.T) {
	ctx := t.Context()
	st := new(MemoryState)
	var entries []Entry
	for i := range 300 {
		h := fmt.Sprintf("h%d.test", i%3)
		entries = append(entries, Entry{URL: fmt.Sprintf("http://%s/%d", h, i), Host: h})
	}
	n, err := st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	assert.Equal(t, 300, n)
	n, _ = st.Enqueue(ctx, entries[:5], false)
	assert.Zero(t, n)

	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	claimed := make(map[string]string)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			owner := fmt.Sprintf("w%d", w)
			for {
				batch, err := st.ClaimDue(ctx, Claim{Owner: owner, Now: now, Lease: time.Minute, Limit: 7, PerHost: 2})
				if err != nil || len(batch) == 0 {
					return
				}
				hosts := make(map[string]int)
				for _, e := range batch {
					hosts[e.Host]++
					mu.Lock()
					if prev, ok := claimed[e.URL]; ok {
						t.Errorf("%s claimed by %s and %s", e.URL, prev, owner)
					}
					claimed[e.URL] = owner
					mu.Unlock()
				}
				for h, k := range hosts {
					assert.LessOrEqual(t, k, 2, h)
				}
			}
		})
	}
	wg.Wait()
	assert.Len(t, claimed, 300)

	// Nothing is due while the leases run; all is after they lapse (a
	// killed worker's claims return).
	b, _ := st.ClaimDue(ctx, Claim{Owner: "x", Now: now.Add(30 * time.Second), Lease: time.Minute})
	assert.Empty(t, b)
	b, _ = st.ClaimDue(ctx, Claim{Owner: "x", Now: now.Add(2 * time.Minute), Lease: time.Minute})
	assert.Len(t, b, 300)

	u := entries[0].URL
	require.NoError(t, st.Done(ctx, u, "x", now))
	ok, _ := st.ClaimURL(ctx, entries[0], Claim{Owner: "y", Now: now.Add(time.Hour), Lease: time.Minute}, false)
	assert.False(t, ok, "a done URL is not claimed again")
	ok, _ = st.ClaimURL(ctx, entries[0], Claim{Owner: "y", Now: now.Add(time.Hour), Lease: time.Minute}, true)
	assert.True(t, ok, "unless refreshed")

	u1 := entries[1].URL
	require.NoError(t, st.Fail(ctx, u1, "x", Failure{Reason: "http 500", Attempts: 3, At: now, NextTry: now.Add(time.Hour)}))
	ok, _ = st.ClaimURL(ctx, entries[1], Claim{Owner: "y", Now: now.Add(time.Minute), Lease: time.Minute}, false)
	assert.False(t, ok)
	ok, _ = st.ClaimURL(ctx, entries[1], Claim{Owner: "y", Now: now.Add(2 * time.Hour), Lease: time.Minute}, false)
	assert.True(t, ok)
	r, _, _ := st.URL(ctx, u1)
	assert.Equal(t, 3, r.Attempts)
	assert.Equal(t, 1, r.Failures)
}

// TestHostAcquireRelease: a host is taken by one request at a time, and
// the next one waits gap from the end of the last.
func TestHostAcquireRelease(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var h HostState
	assert.True(t, h.Acquire(now, time.Second, time.Minute))
	assert.Equal(t, now.Add(time.Second), h.NextAllowed)
	assert.Equal(t, now.Add(time.Minute), h.BusyUntil)
	assert.False(t, h.Acquire(now.Add(2*time.Second), time.Second, time.Minute), "busy: in flight")
	h.Release(now.Add(5*time.Second), time.Second)
	assert.True(t, h.BusyUntil.IsZero())
	assert.Equal(t, now.Add(6*time.Second), h.NextAllowed, "gap from the end of the request")
	assert.False(t, h.Acquire(now.Add(6*time.Second-time.Nanosecond), time.Second, time.Minute))
	h.BackoffUntil = now.Add(time.Hour)
	before := h
	assert.False(t, h.Acquire(now.Add(time.Minute), time.Second, time.Minute))
	assert.Equal(t, before, h, "a refused acquire changes nothing")
	assert.True(t, h.Acquire(now.Add(time.Hour), time.Second, time.Minute))
	// A crawler killed in flight: the host is free again when its hold
	// lapses.
	assert.True(t, h.Acquire(now.Add(time.Hour+time.Minute), time.Second, time.Minute))
}

func TestReadSitemap(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc> http://a.test/1 </loc><lastmod>2026-11-27T10:00:00+01:00</lastmod></url>
 <url><loc>http://a.test/2</loc><news:news><news:publication><news:name>A</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>2026-11-26</news:publication_date><news:title>Two &amp; more</news:title></news:news></url>
 <url><lastmod>2026-11-27</lastmod></url>
</urlset>`
	for _, in := range [][]byte{[]byte(src), gz(src)} {
		var got []SitemapEntry
		require.NoError(t, ReadSitemap(bytes.NewReader(in), 0, 0, func(e SitemapEntry) error { got = append(got, e); return nil }))
		require.Len(t, got, 2)
		assert.Equal(t, "http://a.test/1", got[0].Loc)
		assert.Equal(t, 9, got[0].LastMod.UTC().Hour())
		assert.Equal(t, "Two & more", got[1].Title)
		assert.Equal(t, "en", got[1].Language)
		assert.Equal(t, 26, got[1].Published.Day())
	}

	var n int
	err := ReadSitemap(strings.NewReader(src), 1, 0, func(SitemapEntry) error { n++; return nil })
	assert.ErrorIs(t, err, ErrTooManyURLs)
	assert.Equal(t, 1, n, "the URLs before the cap are given")

	err = ReadSitemap(strings.NewReader(src), 0, 100, func(SitemapEntry) error { return nil })
	assert.ErrorIs(t, err, ErrSitemapTooLarge)

	err = ReadSitemap(strings.NewReader(`<html><body>no</body></html>`), 0, 0, func(SitemapEntry) error { return nil })
	assert.ErrorIs(t, err, ErrNotSitemap)

	var idx []SitemapEntry
	require.NoError(t, ReadSitemap(strings.NewReader(`<sitemapindex><sitemap><loc>http://a.test/s1.xml</loc></sitemap></sitemapindex>`), 0, 0,
		func(e SitemapEntry) error { idx = append(idx, e); return nil }))
	assert.Equal(t, []SitemapEntry{{Loc: "http://a.test/s1.xml", Index: true}}, idx)
}

func TestDiscoverFeeds(t *testing.T) {
	page := `<html><head><base href="http://a.test/sub/">
<link rel="alternate" type="application/rss+xml" href="rss.xml">
<link rel="Alternate stylesheet" type="application/atom+xml" href="/atom">
<link rel="alternate" type="application/feed+json" href="http://b.test/feed.json">
<link rel="alternate" type="text/html" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="rss.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><link rel="alternate" type="application/rss+xml" href="/late"></body></html>`
	assert.Equal(t, []string{"http://a.test/sub/rss.xml", "http://a.test/atom", "http://b.test/feed.json"},
		DiscoverFeeds([]byte(page), "http://a.test/", 0))
	assert.Len(t, DiscoverFeeds([]byte(page), "http://a.test/", 1), 1)
}

// TestRobotsEdgeCases: a robots.txt served as an octet stream is read; one
// the parser refuses keeps the crawler away from the host.
func TestRobotsEdgeCases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		a := http.NewServeMux()
		a.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			fmt.Fprint(w, "User-agent: *\nDisallow: /x/\n")
		})
		a.HandleFunc("/", serveArticle)
		web.Handle("a.test", a)
		b := http.NewServeMux()
		b.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "Disallow: /\nUser-agent: *\n")
		})
		b.HandleFunc("/", serveArticle)
		web.Handle("b.test", b)
		feeds := web.Mux("feeds.test", "")
		feeds.HandleFunc("/feed", feedHandler(rss("http://a.test/x/1", "http://a.test/y/2", "http://b.test/y/3")))
		c, st, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://feeds.test/feed", Kind: Feed}}))
		assert.Equal(t, []string{"http://a.test/y/2"}, s.URLs())
		assert.Contains(t, record(t, st, "http://a.test/x/1").Reason, ReasonDisallowed)
		assert.Contains(t, record(t, st, "http://b.test/y/3").Reason, ReasonRobotsUnparsable)
		assert.Equal(t, 1, web.Count("b.test", "/robots.txt"))
		assert.Len(t, web.Hits("b.test", ""), 1)
	})
}

// TestCrossHostRedirect: an article that redirects to another host is
// not followed there; the target is queued and fetched under that host's
// robots.txt and in its turn.
func TestCrossHostRedirect(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		a := web.Mux("a.test", "")
		a.HandleFunc("/short/1", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://b.test/news/1", http.StatusMovedPermanently)
		})
		a.HandleFunc("/short/2", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://b.test/private/2", http.StatusMovedPermanently)
		})
		a.HandleFunc("/short/3", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/news/3", http.StatusMovedPermanently)
		})
		a.HandleFunc("/news/", serveArticle)
		a.HandleFunc("/feed", feedHandler(rss("http://a.test/short/1", "http://a.test/short/2", "http://a.test/short/3")))
		b := web.Mux("b.test", "User-agent: *\nDisallow: /private/\n")
		b.HandleFunc("/news/", serveArticle)
		b.HandleFunc("/private/", serveArticle)
		c, st, s := newCrawler(t, web)
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Equal(t, []string{"http://a.test/short/3", "http://b.test/news/1"}, s.URLs())
		assert.Empty(t, web.Hits("b.test", "/private/"))
		assert.Contains(t, record(t, st, "http://a.test/short/1").Reason, ReasonRedirected)
		assert.Contains(t, record(t, st, "http://b.test/private/2").Reason, ReasonDisallowed)
	})
}

// TestSlowHostDoesNotHoldUpOthers: a host with a long Crawl-delay does
// not hold up the URLs of another host.
func TestSlowHostDoesNotHoldUpOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		slow := web.Mux("slow.test", "User-agent: *\nCrawl-delay: 30\n")
		slow.HandleFunc("/news/", serveArticle)
		fast := web.Mux("fast.test", "")
		fast.HandleFunc("/news/", serveArticle)
		var links []string
		for i := range 4 {
			links = append(links, fmt.Sprintf("http://slow.test/news/%d", i))
		}
		for i := range 10 {
			links = append(links, fmt.Sprintf("http://fast.test/news/%d", i))
		}
		feeds := web.Mux("feeds.test", "")
		feeds.HandleFunc("/feed", feedHandler(rss(links...)))
		c, _, s := newCrawler(t, web)
		c.PerHost = 2
		start := time.Now()
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://feeds.test/feed", Kind: Feed}}))
		assert.Len(t, s.URLs(), 14)
		hits := web.Hits("fast.test", "/news/")
		require.Len(t, hits, 10)
		assert.Less(t, hits[9].At.Sub(start), 20*time.Second, "fast.test waited for slow.test")
		assert.GreaterOrEqual(t, web.MinGap("slow.test"), 30*time.Second)
	})
}

// TestTimeoutsAndConnectionErrors: a request that times out, and a host
// that cannot be reached, are retried, then recorded as failed with
// their reason.
func TestTimeoutsAndConnectionErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		a := web.Mux("a.test", "")
		a.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(time.Minute):
			case <-r.Context().Done():
			}
		})
		a.HandleFunc("/feed", feedHandler(rss("http://a.test/slow", "http://gone.test/news/1")))
		c, st, _ := newCrawler(t, web)
		c.Timeout = 5 * time.Second
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		assert.Len(t, web.Hits("a.test", "/slow"), DefaultMaxAttempts)
		r := record(t, st, "http://a.test/slow")
		assert.Equal(t, Failed, r.Status)
		assert.True(t, strings.HasPrefix(r.Reason, ReasonTimeout), r.Reason)
		// gone.test: its robots.txt is unreachable, so the host is
		// treated as disallowed for now, and the URL put off.
		r = record(t, st, "http://gone.test/news/1")
		assert.Equal(t, Failed, r.Status)
		assert.Contains(t, r.Reason, ReasonRobotsUnavailable)
		h, _ := st.Host(t.Context(), "gone.test")
		assert.Contains(t, h.RobotsError, "connection refused")
	})
}

// TestPollSchedules: each source is read on its own schedule.
func TestPollSchedules(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		a := web.Mux("a.test", "")
		a.HandleFunc("/often", feedHandler(rss()))
		a.HandleFunc("/rarely", feedHandler(rss()))
		c, st, _ := newCrawler(t, web)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			done <- c.Poll(ctx, []Source{
				{URL: "http://a.test/often", Kind: Feed, Every: 5 * time.Minute},
				{URL: "http://a.test/rarely", Kind: Feed},
			}, 15*time.Minute)
		}()
		time.Sleep(31 * time.Minute)
		cancel()
		require.NoError(t, <-done)
		assert.Len(t, web.Hits("a.test", "/often"), 7)  // 0, 5, ..., 30
		assert.Len(t, web.Hits("a.test", "/rarely"), 3) // 0, 15, 30
		ss, _, _ := st.SourceStatus(t.Context(), "http://a.test/often")
		assert.Equal(t, 5*time.Minute, ss.NextPoll.Sub(ss.LastPoll))
	})
}
