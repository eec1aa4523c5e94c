package crawl

import (
	"bytes"
	"cmp"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
	"github.com/newsingest/newslooks/feed"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/multipage"
	"github.com/newsingest/newslooks/page"
)

// A Kind is the kind of a Source.
type Kind int

const (
	// Feed: an RSS, Atom or JSON feed.
	Feed Kind = iota
	// Sitemap: a sitemap or sitemap index, gzipped or not, Google News
	// sitemaps included.
	Sitemap
	// Site: a site's home page. Its feeds are discovered from its <link
	// rel="alternate"> elements; a page that announces none falls back
	// to the sitemaps its robots.txt lists, then to /sitemap.xml.
	Site
	// Robots: a robots.txt, read for its Sitemap: lines.
	Robots
)

// String returns "feed", "sitemap", "site" or "robots".
func (k Kind) String() string {
	switch k {
	case Feed:
		return "feed"
	case Sitemap:
		return "sitemap"
	case Site:
		return "site"
	case Robots:
		return "robots"
	}
	return "unknown"
}

// A Source is a place articles are found: a URL a person gave, so it is
// fetched as given (see AllowPrivate).
type Source struct {
	// URL is the feed, sitemap, home page or robots.txt.
	URL string
	// Kind says which of them URL is.
	Kind Kind
	// Every is how often Poll reads the source; zero means Poll's every.
	Every time.Duration
}

// A StoreFunc receives each article the crawler read: its page parsed,
// or its feed item when that holds the whole article. e says where it
// was found. The crawler calls it once per article and pass, with a
// context that is not canceled when the crawl is (so that an article is
// never half stored), bounded by Crawler.StoreTimeout. An error records
// the URL as failed ("store: ...") and it is tried again on a later
// pass.
type StoreFunc func(ctx context.Context, a *newslooks.Article, e Entry) error

// Defaults of a Crawler whose options are zero.
const (
	// DefaultAgent is the robots.txt product token and User-Agent name.
	DefaultAgent = "newslooks"
	// DefaultConcurrency is the most requests in flight over all hosts.
	DefaultConcurrency = 4
	// DefaultMinDelay is the least time between two requests to a host.
	DefaultMinDelay = time.Second
	// DefaultMaxCrawlDelay caps the Crawl-delay a robots.txt asks for.
	DefaultMaxCrawlDelay = time.Minute
	// DefaultRobotsTTL is how long a robots.txt is cached.
	DefaultRobotsTTL = 24 * time.Hour
	// DefaultRobotsRetry is how long a host whose robots.txt is
	// unavailable (5xx, 429, unreachable) is fully disallowed.
	DefaultRobotsRetry = 5 * time.Minute
	// DefaultMaxAttempts is the most requests for one URL in one pass.
	DefaultMaxAttempts = 3
	// DefaultBackoff is the wait after the first failed attempt, doubled
	// at each further one, with jitter; DefaultMaxBackoff caps it.
	DefaultBackoff    = 2 * time.Second
	DefaultMaxBackoff = time.Minute
	// DefaultMaxWait is the longest a pass waits for a host.
	DefaultMaxWait = 2 * time.Minute
	// DefaultRetryDelay is how long a failed URL waits for another pass,
	// doubled at each failed pass up to DefaultMaxRetryDelay.
	DefaultRetryDelay    = time.Hour
	DefaultMaxRetryDelay = 24 * time.Hour
	// DefaultHostFailures consecutive failures back a host off for
	// DefaultHostBackoff, doubled at each further failure.
	DefaultHostFailures = 5
	DefaultHostBackoff  = 5 * time.Minute
	// DefaultLease is how long a claim on a URL lasts. It must exceed
	// PerHost times the longest gap between requests to a host.
	DefaultLease = 15 * time.Minute
	// DefaultBatch is the most URLs claimed at once, DefaultPerHost the
	// most of one host.
	DefaultBatch   = 1000
	DefaultPerHost = 10
	// DefaultMaxFeeds is the most autodiscovered feeds read of a Site.
	DefaultMaxFeeds = 3
	// DefaultStoreTimeout bounds one call of a StoreFunc.
	DefaultStoreTimeout = time.Minute
	// DefaultSkipRetry is how long a skipped URL waits before a pass
	// tries it again (robots.txt may have changed).
	DefaultSkipRetry = 24 * time.Hour
)

// A Crawler reads sources (feeds, sitemaps, sites) into articles, politely
// and unattended. Its exported fields are options; the zero value of each
// means its default. State and Store are required. A Crawler must not be
// changed once it runs; Run and Poll may be called concurrently.
type Crawler struct {
	// State keeps what the crawler knows; required (MemoryState, or a
	// database).
	State State
	// Store receives the articles; required.
	Store StoreFunc
	// Logger logs the crawl; nil means slog.Default().
	Logger *slog.Logger

	// Agent is the product token robots.txt groups are matched against,
	// and the start of the User-Agent; empty means DefaultAgent
	// ("newslooks"). Contact, a URL or e-mail address, is added to the
	// User-Agent so that site owners can reach the operator:
	// "newslooks/1.0 (+https://example.com/bot)". UserAgent, when set,
	// replaces the whole header.
	Agent, Contact, UserAgent string

	// Transport sends the requests. Nil means a fetch.Guard that
	// enforces the address policy; a Transport given here is used as
	// is, and enforces none unless it is a Guard.
	Transport http.RoundTripper
	// AllowPrivate lets the default transport reach loopback, private,
	// link-local, multicast and unspecified addresses also for the URLs
	// the crawler discovers. Without it, only a Source's own URL may
	// reach them (its redirects may not).
	AllowPrivate bool
	// Timeout bounds one request (fetch.DefaultTimeout); MaxBytes one
	// body (fetch.DefaultMaxBodyBytes).
	Timeout  time.Duration
	MaxBytes int64
	// Parser parses pages; nil means the default page.Parser. Its Rules
	// also give the request headers and consent cookies of the sites
	// they name (siterules.Set.Header, siterules.Set.Jar).
	Parser *page.Parser
	// MaxPages is the most pages of a multi-page article joined into one
	// article (see package multipage); each next page is fetched as
	// politely as any URL. Zero means multipage.DefaultMaxPages; 1 reads
	// each page alone.
	MaxPages int

	// Concurrency is the most requests in flight over all hosts
	// (DefaultConcurrency). One host never has more than one.
	Concurrency int
	// MinDelay is the least time between two requests to one host
	// (DefaultMinDelay, 1 s); a robots.txt Crawl-delay that is longer
	// wins, up to MaxCrawlDelay (DefaultMaxCrawlDelay).
	MinDelay, MaxCrawlDelay time.Duration
	// RobotsTTL is how long a robots.txt is cached (DefaultRobotsTTL);
	// RobotsRetry how long a host whose robots.txt answered 5xx, 429 or
	// not at all is treated as fully disallowed before it is asked
	// again (DefaultRobotsRetry), as RFC 9309 says.
	RobotsTTL, RobotsRetry time.Duration
	// MaxAttempts is the most requests for one URL in one pass
	// (DefaultMaxAttempts). Between two, the crawler waits what a 429
	// or 503 Retry-After asks, or else Backoff doubled at each attempt,
	// with jitter, up to MaxBackoff.
	MaxAttempts         int
	Backoff, MaxBackoff time.Duration
	// MaxWait is the longest the crawler waits in a pass for a host to
	// become available (a Retry-After, a Crawl-delay, a host backoff);
	// a URL whose host is unavailable longer is put off to a later pass
	// (DefaultMaxWait).
	MaxWait time.Duration
	// RetryDelay is how long a URL that failed waits for the next pass
	// that tries it: doubled at each failed pass, up to MaxRetryDelay
	// (DefaultRetryDelay, DefaultMaxRetryDelay). SkipRetry is how long a
	// skipped URL (disallowed, refused) waits (DefaultSkipRetry).
	RetryDelay, MaxRetryDelay, SkipRetry time.Duration
	// HostFailures consecutive failures back a host off as a whole for
	// HostBackoff, doubled at each further failure up to MaxRetryDelay
	// (DefaultHostFailures, DefaultHostBackoff).
	HostFailures int
	HostBackoff  time.Duration

	// Owner names this worker in claims; empty means host name, process
	// id and a random suffix. Lease is how long a claim lasts before
	// another worker may take the URL (DefaultLease). Batch is the most
	// URLs claimed at once (DefaultBatch), PerHost of one host
	// (DefaultPerHost).
	Owner          string
	Lease          time.Duration
	Batch, PerHost int

	// Sitemap limits: DefaultMaxSitemapURLs, DefaultMaxSitemapBytes,
	// DefaultMaxSitemapDepth, DefaultMaxSitemaps.
	MaxSitemapURLs  int
	MaxSitemapBytes int64
	MaxSitemapDepth int
	MaxSitemaps     int
	// MaxFeeds is the most feeds used of those a Site announces
	// (DefaultMaxFeeds).
	MaxFeeds int
	// Refresh fetches again URLs that are already stored, and reads
	// feeds and sitemaps in full (not conditionally), so that every URL
	// they list is queued again; URLs skipped or failed are retried too.
	Refresh bool
	// RetryFailed retries, at the start of Run or Poll, the URLs that
	// failed or were skipped, without waiting for their next try.
	RetryFailed bool
	// StoreTimeout bounds one call of Store (DefaultStoreTimeout).
	StoreTimeout time.Duration
	// Monitor, if set, is told what becomes of each URL and how long
	// each parse took, for metrics.
	Monitor Monitor

	once    sync.Once
	fetcher *fetch.Fetcher
	owner   string
	sem     chan struct{}
	mu      sync.Mutex
	gates   map[string]*hostGate
}

// A hostGate serializes the requests of this process to one host.
type hostGate struct {
	slot   chan struct{} // one request in flight
	robots sync.Mutex    // one robots.txt fetch at a time
	parsed *robotsCache
}

func (c *Crawler) init() {
	c.once.Do(func() {
		tr := c.Transport
		if tr == nil {
			tr = &fetch.Guard{AllowPrivate: c.AllowPrivate}
		}
		c.fetcher = &fetch.Fetcher{
			Client:    &http.Client{Transport: tr, CheckRedirect: checkRedirect},
			Timeout:   c.Timeout,
			MaxBytes:  c.MaxBytes,
			UserAgent: c.userAgent(),
		}
		if rules := c.parser().Rules; rules != nil {
			c.fetcher.Client.Jar = rules.Jar()
			c.fetcher.SiteHeader = rules.Header
		}
		c.owner = c.Owner
		if c.owner == "" {
			host, _ := os.Hostname()
			var b [4]byte
			_, _ = crand.Read(b[:])
			c.owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
		}
		c.sem = make(chan struct{}, cmp.Or(c.Concurrency, DefaultConcurrency))
		c.gates = make(map[string]*hostGate)
	})
}

// Get fetches one URL as the crawler fetches its own, for a program that
// reads pages or feeds it was given (newslooks parse URL, feed) with the
// crawler's manners: robots.txt obeyed (a disallowed URL is an error
// that says so), one request at a time per host and MinDelay apart (in
// the State, so across processes for a shared one), at most Concurrency
// at once, retries up to MaxAttempts, and the address policy, which
// req.Trusted lifts for a URL a person gave (as for a Source's URL).
// Get needs State (a MemoryState will do), not Store.
func (c *Crawler) Get(ctx context.Context, rawURL string, req fetch.Request) (*fetch.Response, error) {
	if c.State == nil {
		return nil, errors.New("crawl: Crawler needs a State")
	}
	c.init()
	pg, err := c.getRetry(ctx, rawURL, req)
	var fe *failedError
	if errors.As(err, &fe) {
		err = fe.err
	}
	return pg, err
}

// UserAgentString returns the User-Agent the crawler sends.
func (c *Crawler) UserAgentString() string { return c.userAgent() }

func (c *Crawler) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	ua := c.agent() + "/1.0 (+" + cmp.Or(c.Contact, "https://github.com/newsingest/newslooks") + ")"
	return ua
}

func (c *Crawler) agent() string { return cmp.Or(c.Agent, DefaultAgent) }

func (c *Crawler) log() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

func (c *Crawler) gate(host string) *hostGate {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.gates[host]
	if !ok {
		g = &hostGate{slot: make(chan struct{}, 1)}
		c.gates[host] = g
	}
	return g
}

// A Monitor is told what a Crawler does, for metrics (newslooks ingest
// --metrics-addr exports them to Prometheus). Its methods are called
// from many goroutines at once and must return quickly.
type Monitor interface {
	// Settled is called once a pass has settled a URL, or a source it
	// could not read: outcome is "stored", "skipped" (a policy refused
	// it) or "failed"; reason is "" when stored, else one of the Reason
	// constants or "http NNN".
	Settled(outcome, reason string)
	// Parsed is called after each page or feed item is parsed, with the
	// time the parse took.
	Parsed(d time.Duration)
}

// A pass is one reading of some sources and the fetches that follow.
type pass struct {
	mu      sync.Mutex
	stats   map[string]*SourceStatus // by source URL
	monitor Monitor
}

func (p *pass) count(source string, stored int, failure string) {
	p.add(source, stored, failure, false)
}

// skip counts a URL of source that a policy kept from being requested.
func (p *pass) skip(source, why string) { p.add(source, 0, why, true) }

func (p *pass) add(source string, stored int, why string, skipped bool) {
	if p == nil {
		return
	}
	if p.monitor != nil {
		switch {
		case stored > 0:
			p.monitor.Settled("stored", "")
		case skipped:
			p.monitor.Settled("skipped", why)
		case why != "":
			p.monitor.Settled("failed", why)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats[source]
	if s == nil {
		return
	}
	s.NewArticles += stored
	if why == "" {
		return
	}
	m := &s.Failures
	if skipped {
		m = &s.Skipped
	}
	if *m == nil {
		*m = make(map[string]int)
	}
	(*m)[why]++
}

// Run makes one pass: it reads each source (conditionally, so that an
// unchanged feed or sitemap costs a 304), queues the article URLs they
// list, and fetches every due URL in the State's queue (those found now
// and those left by earlier passes whose time has come), politely. It
// returns when the queue holds nothing due, or when ctx is canceled;
// errors of single URLs and sources are recorded in the State, not
// returned. The error is the State's, or ctx's.
func (c *Crawler) Run(ctx context.Context, sources []Source) error {
	if err := c.retry(ctx); err != nil {
		return err
	}
	return c.run(ctx, sources, 0)
}

// retry puts back in the queue, at the start of Run or Poll, the URLs
// that the options ask to try again: all that failed or were skipped
// with Refresh or RetryFailed; with AllowPrivate, those the address
// policy refused before, since a refusal by a policy that changed is no
// verdict on the URL.
func (c *Crawler) retry(ctx context.Context) error {
	if c.State == nil {
		return nil
	}
	var (
		n   int
		err error
	)
	switch {
	case c.Refresh || c.RetryFailed:
		n, err = c.State.Retry(ctx, []Status{Skipped, Failed}, "")
	case c.AllowPrivate:
		n, err = c.State.Retry(ctx, []Status{Skipped}, ReasonAddress)
	}
	if n > 0 {
		c.log().Info("urls queued again", "urls", n)
	}
	return err
}

func (c *Crawler) run(ctx context.Context, sources []Source, every time.Duration) error {
	if c.State == nil || c.Store == nil {
		return errors.New("crawl: Crawler needs a State and a Store")
	}
	c.init()
	p := &pass{stats: make(map[string]*SourceStatus), monitor: c.Monitor}
	start := time.Now()
	for _, s := range sources {
		st, _, err := c.State.SourceStatus(ctx, s.URL)
		if err != nil {
			return err
		}
		st.URL, st.Kind, st.LastPoll, st.NewArticles, st.Failures, st.Skipped, st.Error = s.URL, s.Kind, start, 0, nil, nil, ""
		if e := cmp.Or(s.Every, every); e > 0 {
			st.NextPoll = start.Add(e)
		}
		p.stats[s.URL] = &st
	}

	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Go(func() {
			if err := c.readSource(ctx, p, s); err != nil && ctx.Err() == nil {
				c.log().Warn("source failed", "source", s.URL, "kind", s.Kind, "err", err)
				p.mu.Lock()
				p.stats[s.URL].Error = err.Error()
				p.mu.Unlock()
				p.count(s.URL, 0, reason(err))
			}
		})
	}
	wg.Wait()
	err := c.drain(ctx, p)

	sctx := context.WithoutCancel(ctx)
	for _, st := range p.stats {
		st.TotalArticles += st.NewArticles
		if st.Error == "" {
			st.FailedPolls = 0
		} else {
			st.FailedPolls++
		}
		if serr := c.State.SetSourceStatus(sctx, *st); serr != nil && err == nil {
			err = serr
		}
		attrs := []any{"source", st.URL, "new", st.NewArticles}
		if len(st.Failures) > 0 {
			attrs = append(attrs, "failures", st.Failures)
		}
		if len(st.Skipped) > 0 {
			attrs = append(attrs, "skipped", st.Skipped)
		}
		if !st.NextPoll.IsZero() {
			attrs = append(attrs, "next", st.NextPoll)
		}
		c.log().Info("source polled", attrs...)
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// Poll reads each source on its own schedule, every Source.Every (or
// every), until ctx is canceled, and fetches the URLs due in between.
// It then stops cleanly: requests in flight are abandoned, their claims
// released; an article whose hand-off to Store has begun is finished.
// Poll returns nil when ctx is canceled, or the State's error.
func (c *Crawler) Poll(ctx context.Context, sources []Source, every time.Duration) error {
	if every <= 0 {
		return errors.New("crawl: Poll needs a positive interval")
	}
	c.init()
	if err := c.retry(ctx); err != nil {
		return err
	}
	next := make(map[string]time.Time)
	for _, s := range sources {
		if st, ok, err := c.State.SourceStatus(ctx, s.URL); err != nil {
			return err
		} else if ok {
			next[s.URL] = st.NextPoll
		}
	}
	for {
		now := time.Now()
		var due []Source
		for _, s := range sources {
			if !next[s.URL].After(now) {
				due = append(due, s)
				next[s.URL] = now.Add(cmp.Or(s.Every, every))
			}
		}
		err := c.run(ctx, due, every)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		wake := now.Add(every)
		for _, t := range next {
			if t.Before(wake) {
				wake = t
			}
		}
		if !sleep(ctx, time.Until(wake)) {
			return nil
		}
	}
}

// sleep waits d, and reports false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// readSource reads one source and queues what it lists.
func (c *Crawler) readSource(ctx context.Context, p *pass, s Source) error {
	switch s.Kind {
	case Feed:
		return c.readFeed(ctx, p, s.URL, s.URL, true)
	case Sitemap:
		budget := cmp.Or(c.MaxSitemaps, DefaultMaxSitemaps)
		return c.readSitemap(ctx, p, s.URL, s.URL, true, 0, &budget)
	case Robots:
		return c.readRobotsSitemaps(ctx, p, s.URL, s.URL)
	case Site:
		return c.readSite(ctx, p, s.URL)
	}
	return fmt.Errorf("unknown source kind %d", s.Kind)
}

// readSite reads a home page for its feeds, falling back to its sitemaps.
func (c *Crawler) readSite(ctx context.Context, p *pass, siteURL string) error {
	pg, err := c.getRetry(ctx, siteURL, fetch.Request{Accept: fetch.AcceptPage, Trusted: true})
	if err != nil {
		return err
	}
	feeds := DiscoverFeeds(pg.Body, pg.URL, cmp.Or(c.MaxFeeds, DefaultMaxFeeds))
	if len(feeds) > 0 {
		var errs []error
		for _, f := range feeds {
			c.log().Debug("feed discovered", "site", siteURL, "feed", f)
			if err := c.readFeed(ctx, p, siteURL, f, false); err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) < len(feeds) {
			return nil // one feed read is enough
		}
		return errors.Join(errs...)
	}
	u, err := url.Parse(pg.URL)
	if err != nil {
		return err
	}
	robots := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
	return c.readRobotsSitemaps(ctx, p, siteURL, robots)
}

// readRobotsSitemaps reads the sitemaps a robots.txt lists, or the
// host's /sitemap.xml when it lists none.
func (c *Crawler) readRobotsSitemaps(ctx context.Context, p *pass, source, robotsURL string) error {
	u, err := url.Parse(robotsURL)
	if err != nil {
		return err
	}
	rc, err := c.robots(ctx, u, robotsURL == source)
	if err != nil {
		return err
	}
	sitemaps := rc.data.Sitemaps
	if len(sitemaps) == 0 {
		sitemaps = []string{(&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/sitemap.xml"}).String()}
	}
	budget := cmp.Or(c.MaxSitemaps, DefaultMaxSitemaps)
	var errs []error
	for _, sm := range sitemaps {
		if err := c.readSitemap(ctx, p, source, sm, false, 0, &budget); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// readFeed reads a feed, conditionally; its items that hold the whole
// article are stored at once, the others queued.
func (c *Crawler) readFeed(ctx context.Context, p *pass, source, feedURL string, trusted bool) error {
	v, err := c.validators(ctx, feedURL)
	if err != nil {
		return err
	}
	pg, err := c.getRetry(ctx, feedURL, fetch.Request{Accept: fetch.AcceptFeed, Validators: v, Trusted: trusted})
	if err != nil {
		return err
	}
	if pg.NotModified() {
		c.log().Info("feed not modified", "feed", feedURL)
		return c.keepValidators(ctx, feedURL, v, pg)
	}
	items, err := new(feed.Reader).ReadResponse(pg)
	if err != nil {
		return err
	}
	var queue []Entry
	for _, it := range items {
		e, ok := entryOf(it.Link, source, feedURL)
		if !ok {
			continue
		}
		e.Title, e.Published = it.Title, it.Published
		if it.HasFullArticle() {
			if err := c.storeItem(ctx, p, e, it); err != nil {
				return err
			}
			continue
		}
		queue = append(queue, e)
	}
	if _, err := c.State.Enqueue(ctx, queue, c.Refresh); err != nil {
		return err
	}
	return c.State.SetValidators(ctx, feedURL, pg.Validators())
}

// validators returns the validators to send for a feed or sitemap: none
// with Refresh, which reads it in full.
func (c *Crawler) validators(ctx context.Context, resource string) (fetch.Validators, error) {
	if c.Refresh {
		return fetch.Validators{}, nil
	}
	return c.State.Validators(ctx, resource)
}

// keepValidators stores the validators of a 304 answer, or keeps old.
func (c *Crawler) keepValidators(ctx context.Context, resource string, old fetch.Validators, pg *fetch.Response) error {
	nv := pg.Validators()
	if nv.IsZero() || nv == old {
		return nil
	}
	return c.State.SetValidators(ctx, resource, fetch.Validators{
		ETag: cmp.Or(nv.ETag, old.ETag), LastModified: cmp.Or(nv.LastModified, old.LastModified)})
}

// entryOf makes an Entry of a found link; ok is false for one that is no
// absolute http(s) URL. The URL is canonical (see canonical), so that one
// story listed under several addresses is queued, and fetched, once.
func entryOf(link, source, via string) (Entry, bool) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Entry{}, false
	}
	c, err := canonical(u)
	if err != nil {
		return Entry{}, false
	}
	return Entry{URL: c.String(), Host: strings.ToLower(c.Host), Source: source, Via: via}, true
}

// canonical returns u as dedup.CanonicalURL writes it (no tracking
// parameters, fragment or user; sorted query; lower-case host; no default
// port), but with u's path as given: a site may answer only with, or only
// without, a trailing slash, so the crawler fetches the path it was shown.
func canonical(u *url.URL) (*url.URL, error) {
	s, err := dedup.CanonicalURL(u.String())
	if err != nil {
		return nil, err
	}
	c, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	c.Path, c.RawPath = u.Path, u.RawPath
	if c.Path == "" {
		c.Path = "/"
	}
	return c, nil
}

// storeItem stores a feed item that holds the whole article, with no
// fetch.
func (c *Crawler) storeItem(ctx context.Context, p *pass, e Entry, it feed.Item) error {
	ok, err := c.State.ClaimURL(ctx, e, c.claim(1), c.Refresh)
	if err != nil || !ok {
		return err
	}
	start := time.Now()
	a, err := it.Article(c.parser())
	c.parsed(start)
	if err != nil {
		p.count(e.Source, 0, "parse")
		return c.State.Fail(ctx, e.URL, c.owner, c.failure(ctx, e.URL, "parse: "+err.Error(), 0))
	}
	return c.hand(ctx, p, e, a)
}

// parsed tells the Monitor of a parse begun at start.
func (c *Crawler) parsed(start time.Time) {
	if c.Monitor != nil {
		c.Monitor.Parsed(time.Since(start))
	}
}

func (c *Crawler) parser() *page.Parser {
	if c.Parser != nil {
		return c.Parser
	}
	return new(page.Parser)
}

// hand gives an article to Store and records it Done; once begun, the
// hand-off is not canceled with ctx.
func (c *Crawler) hand(ctx context.Context, p *pass, e Entry, a *newslooks.Article) error {
	if err := ctx.Err(); err != nil {
		_ = c.State.Release(context.WithoutCancel(ctx), e.URL, c.owner)
		return err
	}
	if a.Headline == "" {
		a.Headline = e.Title
	}
	if a.Published.IsZero() {
		a.Published = e.Published
	}
	if a.Language == "" {
		a.Language = e.Language
	}
	if a.Source == "" {
		a.Source = e.URL
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cmp.Or(c.StoreTimeout, DefaultStoreTimeout))
	defer cancel()
	if err := c.Store(sctx, a, e); err != nil {
		p.count(e.Source, 0, "store")
		c.log().Warn("store failed", "url", e.URL, "err", err)
		return c.State.Fail(sctx, e.URL, c.owner, c.failure(sctx, e.URL, "store: "+err.Error(), 0))
	}
	p.count(e.Source, 1, "")
	c.log().Info("url stored", "url", e.URL, "source", e.Source)
	return c.State.Done(sctx, e.URL, c.owner, time.Now())
}

// failure builds the Failure of a URL: it waits RetryDelay doubled at
// each failed pass.
func (c *Crawler) failure(ctx context.Context, u, why string, attempts int) Failure {
	n := 0
	if rec, ok, err := c.State.URL(ctx, u); err == nil && ok {
		n = rec.Failures
	}
	now := time.Now()
	return Failure{Reason: why, Attempts: attempts, At: now, NextTry: now.Add(c.retryDelay(n))}
}

func (c *Crawler) retryDelay(failures int) time.Duration {
	d := cmp.Or(c.RetryDelay, DefaultRetryDelay)
	maxD := cmp.Or(c.MaxRetryDelay, DefaultMaxRetryDelay)
	for range failures {
		if d >= maxD {
			break
		}
		d *= 2
	}
	return min(d, maxD)
}

func (c *Crawler) claim(limit int) Claim {
	return Claim{Owner: c.owner, Now: time.Now(), Lease: cmp.Or(c.Lease, DefaultLease),
		Limit: limit, PerHost: cmp.Or(c.PerHost, DefaultPerHost)}
}

// readSitemap reads a sitemap, conditionally, queueing its URLs and
// following the sitemaps an index lists.
func (c *Crawler) readSitemap(ctx context.Context, p *pass, source, smURL string, trusted bool, depth int, budget *int) error {
	if maxDepth := cmp.Or(c.MaxSitemapDepth, DefaultMaxSitemapDepth); depth > maxDepth {
		c.log().Warn("sitemap index nests too deep; branch skipped", "sitemap", smURL, "source", source, "depth", maxDepth)
		return fmt.Errorf("%w: %s not read (index nested deeper than %d)", ErrTooManySitemaps, smURL, maxDepth)
	}
	if *budget <= 0 {
		return fmt.Errorf("%w: %s not read (limit: %d sitemaps)", ErrTooManySitemaps, smURL, cmp.Or(c.MaxSitemaps, DefaultMaxSitemaps))
	}
	*budget--
	v, err := c.validators(ctx, smURL)
	if err != nil {
		return err
	}
	// A sitemap may be larger than a page: it is fetched up to the
	// sitemap limit, and one byte more so that ReadSitemap uses it up to
	// the limit and reports ErrSitemapTooLarge, rather than the fetch
	// throwing it away whole.
	pg, err := c.getRetry(ctx, smURL, fetch.Request{Accept: fetch.AcceptSitemap, Validators: v, Trusted: trusted,
		Types:    []string{"application/gzip", "application/x-gzip", "application/octet-stream"},
		MaxBytes: cmp.Or(c.MaxSitemapBytes, DefaultMaxSitemapBytes) + 1, Truncate: true})
	if err != nil {
		return err
	}
	if pg.NotModified() {
		return c.keepValidators(ctx, smURL, v, pg)
	}
	var (
		queue    []Entry
		children []string
	)
	flush := func() error {
		_, err := c.State.Enqueue(ctx, queue, c.Refresh)
		queue = queue[:0]
		return err
	}
	readErr := ReadSitemap(bytes.NewReader(pg.Body), c.MaxSitemapURLs, c.MaxSitemapBytes, func(se SitemapEntry) error {
		if se.Index {
			children = append(children, se.Loc)
			return nil
		}
		e, ok := entryOf(se.Loc, source, smURL)
		if !ok {
			return nil
		}
		e.Title, e.Published, e.Language = se.Title, se.Published, se.Language
		queue = append(queue, e)
		if len(queue) >= 1000 {
			return flush()
		}
		return nil
	})
	if err := flush(); err != nil {
		return err
	}
	var errs []error
	if readErr != nil {
		// The URLs before the limit are queued; the error is reported
		// in the source's status, never dropped.
		c.log().Warn("sitemap", "sitemap", smURL, "err", readErr)
		errs = append(errs, fmt.Errorf("%s: %w", smURL, readErr))
	}
	for i, child := range children {
		// A branch that fails, or nests too deep, is skipped: its
		// siblings are still read, until the count of sitemaps is spent.
		if err := c.readSitemap(ctx, p, source, child, false, depth+1, budget); err != nil {
			errs = append(errs, err)
		}
		if *budget <= 0 && i+1 < len(children) {
			c.log().Warn("sitemap limit reached; sitemaps not read", "sitemap", smURL, "source", source, "unread", len(children)-i-1)
			errs = append(errs, fmt.Errorf("%w: %d sitemaps of %s not read (limit: %d sitemaps)", ErrTooManySitemaps,
				len(children)-i-1, smURL, cmp.Or(c.MaxSitemaps, DefaultMaxSitemaps)))
			break
		}
	}
	if readErr == nil {
		if err := c.State.SetValidators(ctx, smURL, pg.Validators()); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// drain fetches the due URLs of the queue, each host's in turn and all
// hosts at once, until none is due.
func (c *Crawler) drain(ctx context.Context, p *pass) error {
	type result struct {
		host string
		n    int
		err  error
	}
	var (
		active  = make(map[string]bool) // hosts being fetched
		held    int                     // URLs claimed and not done
		done    = make(chan result)
		lastErr error
		limit   = cmp.Or(c.Batch, DefaultBatch)
	)
	for {
		// Claim more whenever there is room, from the hosts that are not
		// being fetched: a slow host never holds up the others.
		if ctx.Err() == nil && lastErr == nil && held < limit {
			cl := c.claim(limit - held)
			for h := range active {
				cl.SkipHosts = append(cl.SkipHosts, h)
			}
			batch, err := c.State.ClaimDue(ctx, cl)
			if err != nil {
				lastErr = err
			}
			byHost := make(map[string][]Entry)
			for _, e := range batch {
				byHost[e.Host] = append(byHost[e.Host], e)
			}
			for h, entries := range byHost {
				active[h] = true
				held += len(entries)
				go func() {
					var err error
					for _, e := range entries {
						if ctx.Err() != nil || err != nil {
							_ = c.State.Release(context.WithoutCancel(ctx), e.URL, c.owner)
							continue
						}
						if ferr := c.fetchArticle(ctx, p, e); ferr != nil && ctx.Err() == nil {
							err = ferr
						}
					}
					done <- result{h, len(entries), err}
				}()
			}
		}
		if len(active) == 0 {
			break
		}
		r := <-done
		delete(active, r.host)
		held -= r.n
		if r.err != nil {
			lastErr = r.err
		}
	}
	if lastErr != nil {
		return lastErr
	}
	return ctx.Err()
}

// fetchArticle fetches, parses and stores one claimed URL, or records
// why not. Its error is the State's.
func (c *Crawler) fetchArticle(ctx context.Context, p *pass, e Entry) error {
	pg, err := c.getRetry(context.WithValue(ctx, sameHostKey{}, new(articleRedirects)), e.URL, fetch.Request{Accept: fetch.AcceptPage})
	if ctx.Err() != nil {
		return c.State.Release(context.WithoutCancel(ctx), e.URL, c.owner)
	}
	var cross *crossHostError
	if errors.As(err, &cross) {
		// The target is queued, to be fetched in its host's turn and
		// under its robots.txt.
		if t, ok := entryOf(cross.to, e.Source, e.Via); ok {
			t.Title, t.Published, t.Language = e.Title, e.Published, e.Language
			if _, err := c.State.Enqueue(ctx, []Entry{t}, c.Refresh); err != nil {
				return err
			}
		}
		now := time.Now()
		p.skip(e.Source, ReasonRedirected)
		c.log().Info("url redirected to another host", "url", e.URL, "to", cross.to)
		return c.State.Skip(ctx, e.URL, c.owner, ReasonRedirected+": "+cross.to, now, now.Add(cmp.Or(c.SkipRetry, DefaultSkipRetry)))
	}
	if err != nil {
		var fe *failedError
		attempts := 1
		if errors.As(err, &fe) {
			attempts = fe.attempts
		}
		why := reason(err)
		now := time.Now()
		var skip *skipError
		switch {
		case errors.As(err, &skip):
			p.skip(e.Source, why)
			c.log().Info("url skipped", "url", e.URL, "reason", why)
			return c.State.Skip(ctx, e.URL, c.owner, describe(why, err), now, now.Add(cmp.Or(c.SkipRetry, DefaultSkipRetry)))
		case errors.Is(err, errDeferred):
			p.count(e.Source, 0, why)
			var d *deferError
			errors.As(err, &d)
			c.log().Info("url put off", "url", e.URL, "until", d.until)
			return c.State.Fail(ctx, e.URL, c.owner, Failure{Reason: describe(why, err), Attempts: attempts - 1, At: now, NextTry: d.until})
		}
		p.count(e.Source, 0, why)
		c.log().Warn("url failed", "url", e.URL, "reason", why, "attempts", attempts, "err", err)
		return c.State.Fail(ctx, e.URL, c.owner, c.failure(ctx, e.URL, describe(why, err), attempts))
	}
	start := time.Now()
	// Listings are reported by the parser; the crawler stores articles.
	a, err := page.ArticlesOnly(c.pages().Read(ctx, pg.Body, pg.URL, pg.Header.Get("Content-Type")))
	c.parsed(start)
	if err != nil {
		p.count(e.Source, 0, "parse")
		c.log().Warn("url not parsed", "url", e.URL, "err", err)
		return c.State.Fail(ctx, e.URL, c.owner, c.failure(ctx, e.URL, "parse: "+err.Error(), 1))
	}
	return c.hand(ctx, p, e, a)
}

// Fetch fetches one page as the crawler fetches an article: if
// robots.txt allows it, in its host's turn (the pacing across workers and
// processes its State keeps), through the address policy, with retries;
// a redirect to another host is an error, and one on the same host is
// followed only where its robots.txt allows. It needs State, not Store.
func (c *Crawler) Fetch(ctx context.Context, rawURL string) (*fetch.Response, error) {
	c.init()
	return c.getRetry(context.WithValue(ctx, sameHostKey{}, new(articleRedirects)), rawURL, fetch.Request{Accept: fetch.AcceptPage})
}

// Visited records that another fetcher has just requested rawURL (a
// page a person named, fetched without the crawler), so that the
// crawler's next request to its host keeps the host's gap from it. A host
// whose next slot is already in the future is left as it is.
func (c *Crawler) Visited(ctx context.Context, rawURL string) error {
	c.init()
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return err
	}
	next := time.Now().Add(cmp.Or(c.MinDelay, DefaultMinDelay))
	return c.State.UpdateHost(ctx, strings.ToLower(u.Host), func(h *HostState) {
		if next.After(h.NextAllowed) {
			h.NextAllowed = next
		}
	})
}

// pages returns the reader of the articles the crawler fetches: next
// pages are fetched as articles are.
func (c *Crawler) pages() *multipage.Reader {
	return &multipage.Reader{Parser: c.parser(), Get: c.Fetch, MaxPages: c.MaxPages}
}

// sameHostKey marks the context of an article request, with the
// *articleRedirects that checks its redirects (see checkRedirect).
type sameHostKey struct{}

// articleRedirects holds what an article request's redirects are checked
// against: the robots.txt of its host, which get sets before the request
// is sent.
type articleRedirects struct {
	robots *robotsCache
	agent  string
}

// A crossHostError is a redirect of an article to another host.
type crossHostError struct{ to string }

func (e *crossHostError) Error() string { return "redirected to another host: " + e.to }

// checkRedirect stops an article request's redirect to another host, or
// to the same host on another port, so that the target is fetched only
// when robots.txt and the politeness of its own host allow; a redirect
// on the same host is followed only where that host's robots.txt allows
// the new path. Feeds and sitemaps, which sources name, follow redirects
// anywhere (the address policy still applies).
func checkRedirect(req *http.Request, via []*http.Request) error {
	ar, _ := req.Context().Value(sameHostKey{}).(*articleRedirects)
	if ar == nil || len(via) == 0 {
		return nil
	}
	if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
		return &crossHostError{to: req.URL.String()}
	}
	if ar.robots != nil && !ar.robots.data.TestAgent(req.URL.RequestURI(), ar.agent) {
		return &skipError{why: ReasonDisallowed, err: fmt.Errorf("redirected to %s", req.URL)}
	}
	return nil
}

// describe returns the reason of err, followed by its message unless the
// message starts with it.
func describe(why string, err error) string {
	if m := err.Error(); !strings.HasPrefix(m, why) {
		return why + ": " + m
	}
	return err.Error()
}

// jitter returns d scaled by a random factor in [0.5, 1.5).
func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.5 + rand.Float64()))
}
