package crawl

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/newsingest/newslooks/feed"
	"github.com/newsingest/newslooks/fetch"
)

// A skipError: the URL was not requested, and will not be in this pass.
type skipError struct {
	why string
	err error
}

func (e *skipError) Error() string {
	if e.err != nil {
		return e.why + ": " + e.err.Error()
	}
	return e.why
}
func (e *skipError) Unwrap() error { return e.err }

// errDeferred is what every deferError is.
var errDeferred = errors.New("put off")

// A deferError: the URL's host is unavailable until a time later than
// the pass waits (a long Retry-After, a host backoff, robots.txt
// unavailable).
type deferError struct {
	why   string
	until time.Time
}

func (e *deferError) Error() string {
	return e.why + " until " + e.until.UTC().Format(time.RFC3339)
}
func (e *deferError) Is(target error) bool { return target == errDeferred }

// A failedError is the last error of a URL and the attempts it took.
type failedError struct {
	err      error
	attempts int
}

func (e *failedError) Error() string { return e.err.Error() }
func (e *failedError) Unwrap() error { return e.err }

// Reasons of failures and skips: the keys of SourceStatus.Failures,
// besides "http NNN" for a status error, and the start of
// URLRecord.Reason.
const (
	// ReasonDisallowed: robots.txt disallows the URL for our Agent.
	ReasonDisallowed = "robots.txt disallows"
	// ReasonRobotsUnavailable: robots.txt answered 5xx, 429 or nothing;
	// the host is fully disallowed until it is asked again.
	ReasonRobotsUnavailable = "robots.txt unavailable"
	// ReasonRobotsUnparsable: the robots.txt parser refused the file.
	ReasonRobotsUnparsable = "robots.txt unparsable"
	// ReasonAddress: the address policy refused the URL's address.
	ReasonAddress = "address refused"
	// ReasonRedirected: an article redirected to another host, which
	// was queued in its stead.
	ReasonRedirected = "redirected to another host"
	// ReasonHostUnavailable: the host asked for a wait (Retry-After) or
	// is backed off for longer than MaxWait.
	ReasonHostUnavailable = "host unavailable"
	// ReasonTimeout: the request timed out.
	ReasonTimeout = "timeout"
	// ReasonConnection: the connection failed.
	ReasonConnection = "connection"
	// ReasonTooLarge: the body is larger than MaxBytes.
	ReasonTooLarge = "too large"
	// ReasonContentType: the response is not text.
	ReasonContentType = "content type"
	// ReasonRedirects: too many redirects.
	ReasonRedirects = "too many redirects"
	// ReasonNotFeed: a Feed source is no feed, or a malformed one.
	ReasonNotFeed = "not a feed"
	// ReasonSitemap: a sitemap is malformed or over a limit.
	ReasonSitemap = "sitemap"
	// ReasonParse: the page holds no article the parser reads.
	ReasonParse = "parse"
	// ReasonStore: the StoreFunc failed.
	ReasonStore = "store"
	// ReasonCanceled: the crawl was canceled.
	ReasonCanceled = "canceled"
)

// reason classifies an error for people and for SourceStatus.Failures.
func reason(err error) string {
	var (
		skip *skipError
		def  *deferError
		fe   *fetch.Error
	)
	var cross *crossHostError
	switch {
	case errors.As(err, &skip):
		return skip.why
	case errors.As(err, &cross):
		return ReasonRedirected
	case errors.As(err, &def):
		return def.why
	case errors.Is(err, context.Canceled):
		return ReasonCanceled
	case errors.As(err, &fe) && fe.StatusCode != 0:
		return "http " + strconv.Itoa(fe.StatusCode)
	case errors.Is(err, fetch.ErrBodyTooLarge):
		return ReasonTooLarge
	case errors.Is(err, fetch.ErrContentType):
		return ReasonContentType
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return ReasonRedirects
	case errors.Is(err, feed.ErrNotFeed), errors.Is(err, feed.ErrTooManyItems):
		return ReasonNotFeed
	case errors.Is(err, ErrTooManyURLs), errors.Is(err, ErrSitemapTooLarge), errors.Is(err, ErrNotSitemap),
		errors.Is(err, ErrTooManySitemaps), errors.Is(err, ErrSitemapNesting), errors.Is(err, ErrMalformedSitemap):
		return ReasonSitemap
	case errors.As(err, &fe) && fe.Timeout():
		return ReasonTimeout
	case errors.As(err, &fe):
		if strings.Contains(err.Error(), "malformed feed") {
			return ReasonNotFeed
		}
		return ReasonConnection
	}
	return ReasonConnection
}

// retryable reports whether a request that failed with err may succeed
// if made again soon: a 429, a 5xx, a timeout or a connection error.
func retryable(err error) bool {
	var (
		skip *skipError
		fe   *fetch.Error
	)
	switch {
	case errors.As(err, &skip), errors.Is(err, errDeferred), errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &fe) && fe.StatusCode != 0:
		return fe.StatusCode == http.StatusTooManyRequests || fe.StatusCode >= 500
	case errors.Is(err, fetch.ErrBodyTooLarge), errors.Is(err, fetch.ErrContentType),
		errors.Is(err, fetch.ErrTooManyRedirects), errors.Is(err, fetch.ErrForbiddenAddress),
		errors.Is(err, feed.ErrNotFeed), errors.Is(err, feed.ErrTooManyItems):
		return false
	case errors.As(err, &fe):
		return !strings.Contains(err.Error(), "malformed feed") && !strings.Contains(err.Error(), "scheme")
	}
	return false
}

// getRetry is get, made again while it fails in a retryable way, up to
// MaxAttempts times, after the Retry-After the server asks (which get's
// host reservation waits out) or else an exponential backoff with
// jitter. Its error, after a request was made, is a *failedError.
func (c *Crawler) getRetry(ctx context.Context, rawURL string, req fetch.Request) (*fetch.Response, error) {
	maxAttempts := cmp.Or(c.MaxAttempts, DefaultMaxAttempts)
	backoff := cmp.Or(c.Backoff, DefaultBackoff)
	for attempt := 1; ; attempt++ {
		pg, err := c.get(ctx, rawURL, req)
		if err == nil {
			return pg, nil
		}
		if ctx.Err() != nil || !retryable(err) || attempt >= maxAttempts {
			return nil, &failedError{err: err, attempts: attempt}
		}
		c.log().Debug("retrying", "url", rawURL, "attempt", attempt, "err", err)
		var fe *fetch.Error
		if errors.As(err, &fe) {
			if _, ok := fe.RetryAfter(time.Now()); ok {
				continue // the host's next slot is after the Retry-After
			}
		}
		if !sleep(ctx, jitter(min(backoff<<(attempt-1), cmp.Or(c.MaxBackoff, DefaultMaxBackoff)))) {
			return nil, &failedError{err: ctx.Err(), attempts: attempt}
		}
	}
}

// get makes one request, if robots.txt allows it, in the host's turn.
func (c *Crawler) get(ctx context.Context, rawURL string, req fetch.Request) (*fetch.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, &skipError{why: ReasonConnection, err: cmp.Or(err, errors.New("URL has no host"))}
	}
	rc, err := c.robots(ctx, u, req.Trusted)
	if err != nil {
		return nil, err
	}
	if !rc.data.TestAgent(u.RequestURI(), c.agent()) {
		return nil, &skipError{why: ReasonDisallowed}
	}
	if ar, _ := ctx.Value(sameHostKey{}).(*articleRedirects); ar != nil {
		ar.robots, ar.agent = rc, c.agent()
	}
	return c.request(ctx, strings.ToLower(u.Host), c.gap(rc), rawURL, req)
}

// gap is the least time between two requests to the host.
func (c *Crawler) gap(rc *robotsCache) time.Duration {
	gap := cmp.Or(c.MinDelay, DefaultMinDelay)
	if g := rc.data.FindGroup(c.agent()); g != nil && g.CrawlDelay > gap {
		gap = min(g.CrawlDelay, cmp.Or(c.MaxCrawlDelay, DefaultMaxCrawlDelay))
	}
	return gap
}

// request sends one request to host when its turn comes: one in flight
// per host (in this process, and across processes through the State), at
// most Concurrency in flight in all, and gap between the end of one
// request to the host and the start of the next.
func (c *Crawler) request(ctx context.Context, host string, gap time.Duration, rawURL string, req fetch.Request) (*fetch.Response, error) {
	g := c.gate(host)
	select {
	case g.slot <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-g.slot }()

	if err := c.acquireHost(ctx, host, gap); err != nil {
		return nil, err
	}
	pg, err := c.fetcher.Do(ctx, rawURL, req)
	<-c.sem
	var cross *crossHostError
	hostErr := err
	switch {
	case errors.Is(err, fetch.ErrForbiddenAddress):
		hostErr = errNotSent // refused before it left: no wait after it
	case errors.As(err, &cross):
		hostErr = errNotCounted // says nothing of the host's health
	}
	// The host is given back even when ctx is canceled: a host left busy
	// would hold other crawlers off until the claim lapses.
	if uerr := c.releaseHost(context.WithoutCancel(ctx), host, gap, hostErr); uerr != nil {
		return nil, uerr
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if errors.Is(err, fetch.ErrForbiddenAddress) {
		return nil, &skipError{why: ReasonAddress, err: err}
	}
	if cross != nil {
		return nil, cross
	}
	return pg, err
}

// errNotCounted marks, for releaseHost, an outcome that neither counts as
// a failure of the host nor clears its failures; errNotSent a request
// that never left, which the next one need not wait for.
var (
	errNotCounted = errors.New("not counted")
	errNotSent    = errors.New("not sent")
)

// acquireHost waits for host's turn and takes it. It takes one of the
// Concurrency slots first and then the host, in the State, atomically
// across processes, at the moment the request is sent: a request never
// waits for a slot after its turn was taken, which would bring it closer
// to the next one. On success the caller holds a slot of c.sem and the
// host, and gives both back. A host unavailable for longer than MaxWait
// is a deferError.
func (c *Crawler) acquireHost(ctx context.Context, host string, gap time.Duration) error {
	maxWait := cmp.Or(c.MaxWait, DefaultMaxWait)
	// hold bounds how long a crawler killed in the middle of a request
	// keeps the host busy: the longest a request lasts, and its gap.
	hold := cmp.Or(c.Timeout, fetch.DefaultTimeout) + gap
	for {
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		now := time.Now()
		h, ok, err := c.State.AcquireHost(ctx, host, now, gap, hold)
		if ok && err == nil {
			return nil
		}
		<-c.sem
		if err != nil {
			return err
		}
		free := h.NextAllowed
		if h.BackoffUntil.After(free) {
			free = h.BackoffUntil
		}
		if h.BusyUntil.After(free) {
			// In flight elsewhere: it ends by BusyUntil at the latest,
			// likely much sooner, so look again at least every gap.
			if next := now.Add(gap); next.After(free) {
				free = next
			}
			if h.BusyUntil.Before(free) {
				free = h.BusyUntil
			}
			if h.BusyUntil.Sub(now) > maxWait {
				return &deferError{why: ReasonHostUnavailable, until: h.BusyUntil}
			}
		}
		if free.Sub(now) > maxWait {
			return &deferError{why: ReasonHostUnavailable, until: free}
		}
		if !sleep(ctx, max(free.Sub(now), time.Millisecond)) {
			return ctx.Err()
		}
	}
}

// releaseHost gives the host back after a request that ended with err:
// the next request to it waits gap from now, or what a Retry-After asks,
// and consecutive failures back the host off as a whole.
func (c *Crawler) releaseHost(ctx context.Context, host string, gap time.Duration, err error) error {
	now := time.Now()
	var fe *fetch.Error
	ra, hasRA := time.Duration(0), false
	if errors.As(err, &fe) {
		ra, hasRA = fe.RetryAfter(now)
	}
	failed := err != nil && err != errNotCounted && err != errNotSent && retryable(err)
	return c.State.UpdateHost(ctx, host, func(h *HostState) {
		if err == errNotSent {
			h.Unsent(now)
			return
		}
		h.Release(now, gap)
		if hasRA && now.Add(ra).After(h.NextAllowed) {
			h.NextAllowed = now.Add(ra)
		}
		if !failed {
			if err == nil {
				h.Failures = 0
			}
			return
		}
		h.Failures++
		threshold := cmp.Or(c.HostFailures, DefaultHostFailures)
		if h.Failures >= threshold {
			d := cmp.Or(c.HostBackoff, DefaultHostBackoff)
			maxD := cmp.Or(c.MaxRetryDelay, DefaultMaxRetryDelay)
			for i := threshold; i < h.Failures && d < maxD; i++ {
				d *= 2
			}
			h.BackoffUntil = now.Add(min(d, maxD))
			c.log().Warn("host backed off", "host", host, "failures", h.Failures, "until", h.BackoffUntil)
		}
	})
}

// fetchRobots requests a robots.txt, again while it fails in a way that
// may pass (a timeout, a 5xx), up to MaxAttempts times as getRetry does:
// one slow answer must not disallow the host for RobotsRetry.
func (c *Crawler) fetchRobots(ctx context.Context, host, robotsURL string, trusted bool) (*fetch.Response, error) {
	req := fetch.Request{Accept: "text/plain,*/*;q=0.5", Trusted: trusted,
		// Servers mislabel robots.txt; its content decides.
		Types: []string{"application/octet-stream", "binary/octet-stream"},
		// RFC 9309 2.5: parse at least 500 KiB, ignore the rest; a
		// longer file is not a failure.
		MaxBytes: maxRobotsBytes, Truncate: true}
	maxAttempts := cmp.Or(c.MaxAttempts, DefaultMaxAttempts)
	backoff := cmp.Or(c.Backoff, DefaultBackoff)
	for attempt := 1; ; attempt++ {
		pg, err := c.request(ctx, host, cmp.Or(c.MinDelay, DefaultMinDelay), robotsURL, req)
		if err == nil || ctx.Err() != nil || !retryable(err) || attempt >= maxAttempts {
			return pg, err
		}
		c.log().Info("robots.txt retried", "host", host, "attempt", attempt, "err", err)
		var fe *fetch.Error
		if errors.As(err, &fe) {
			if _, ok := fe.RetryAfter(time.Now()); ok {
				continue // the host's next turn is after the Retry-After
			}
		}
		if !sleep(ctx, jitter(min(backoff<<(attempt-1), cmp.Or(c.MaxBackoff, DefaultMaxBackoff)))) {
			return nil, ctx.Err()
		}
	}
}

// maxRobotsBytes is how much of a robots.txt is kept and parsed.
const maxRobotsBytes = 512 << 10

// A robotsCache is a host's robots.txt, parsed.
type robotsCache struct {
	fetched time.Time
	data    *robotstxt.RobotsData
}

// allowAll is the robots.txt of a host whose robots.txt is 4xx.
var allowAll, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)

// robots returns the robots.txt of u's host, from the State while it is
// fresh, else fetched. A robots.txt that answered 5xx, 429 or nothing is
// a deferError: the host is fully disallowed until RobotsExpires.
func (c *Crawler) robots(ctx context.Context, u *url.URL, trusted bool) (*robotsCache, error) {
	host := strings.ToLower(u.Host)
	g := c.gate(host)
	g.robots.Lock()
	defer g.robots.Unlock()

	hs, err := c.State.Host(ctx, host)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if hs.RobotsFetched.IsZero() || !hs.RobotsExpires.After(now) {
		robotsURL := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
		pg, ferr := c.fetchRobots(ctx, host, robotsURL, trusted)
		var (
			fe   *fetch.Error
			skip *skipError
			def  *deferError
		)
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.As(ferr, &skip), errors.As(ferr, &def):
			return nil, ferr
		case ferr == nil:
			hs.RobotsStatus, hs.RobotsBody, hs.RobotsError = pg.StatusCode, pg.Body, ""
			hs.RobotsExpires = now.Add(cmp.Or(c.RobotsTTL, DefaultRobotsTTL))
		case errors.As(ferr, &fe) && fe.StatusCode >= 400 && fe.StatusCode < 500 && fe.StatusCode != http.StatusTooManyRequests:
			// RFC 9309 2.3.1.3: "unavailable", crawl as if there were
			// none.
			hs.RobotsStatus, hs.RobotsBody, hs.RobotsError = fe.StatusCode, nil, ""
			hs.RobotsExpires = now.Add(cmp.Or(c.RobotsTTL, DefaultRobotsTTL))
		default:
			// RFC 9309 2.3.1.4: "unreachable", assume complete
			// disallow, and try again later.
			hs.RobotsStatus, hs.RobotsBody, hs.RobotsError = 0, nil, ferr.Error()
			if errors.As(ferr, &fe) {
				hs.RobotsStatus = fe.StatusCode
			}
			hs.RobotsExpires = now.Add(cmp.Or(c.RobotsRetry, DefaultRobotsRetry))
			c.log().Warn("robots.txt unavailable", "host", host, "err", ferr, "until", hs.RobotsExpires)
		}
		hs.RobotsFetched = now
		// The robots.txt request was spaced by MinDelay, before its
		// Crawl-delay was known: the next request waits the rest.
		extra := time.Duration(0)
		if ferr == nil {
			if data, _ := robotstxt.FromBytes(hs.RobotsBody); data != nil {
				extra = c.gap(&robotsCache{data: data}) - cmp.Or(c.MinDelay, DefaultMinDelay)
			}
		}
		if err := c.State.UpdateHost(ctx, host, func(h *HostState) {
			h.RobotsStatus, h.RobotsBody, h.RobotsError = hs.RobotsStatus, hs.RobotsBody, hs.RobotsError
			h.RobotsFetched, h.RobotsExpires = hs.RobotsFetched, hs.RobotsExpires
			if extra > 0 {
				h.NextAllowed = h.NextAllowed.Add(extra)
			}
		}); err != nil {
			return nil, err
		}
	}

	switch s := hs.RobotsStatus; {
	case s >= 200 && s < 300:
	case s >= 400 && s < 500 && s != http.StatusTooManyRequests:
		return &robotsCache{fetched: hs.RobotsFetched, data: allowAll}, nil
	default:
		return nil, &deferError{why: ReasonRobotsUnavailable, until: hs.RobotsExpires}
	}
	if g.parsed != nil && g.parsed.fetched.Equal(hs.RobotsFetched) {
		return g.parsed, nil
	}
	data, err := robotstxt.FromBytes(hs.RobotsBody)
	if err != nil || data == nil {
		// The parser refuses a file with rules before any User-agent
		// or a malformed Crawl-delay. Its intent is unknown: keep away
		// until it is fetched again.
		return nil, &skipError{why: ReasonRobotsUnparsable, err: err}
	}
	g.parsed = &robotsCache{fetched: hs.RobotsFetched, data: data}
	return g.parsed, nil
}
