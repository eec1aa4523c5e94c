// Package crawl ingests news unattended, and politely: it reads feeds,
// sitemaps and sites, fetches the articles they list, parses them with
// package page and hands each to a caller's StoreFunc.
//
// # Sources
//
// A Source is a URL a person gave, of one Kind:
//
//   - Feed: an RSS, Atom or JSON feed (see package feed). An item whose
//     content holds the whole article (feed.Item.HasFullArticle) becomes
//     an article from the feed (feed.Item.Article), with no fetch; the
//     others' links are queued.
//   - Sitemap: a urlset or a sitemap index, gzipped or not, read as a
//     stream (ReadSitemap) with a cap on its URLs and bytes. Indexes are
//     followed to MaxSitemapDepth, at most MaxSitemaps per source; the
//     Google News extension's title, publication date and language fill
//     the fields an article's page leaves empty. A sitemap over a limit
//     is used up to it and the source's status says so: nothing is lost
//     silently.
//   - Site: a home page, whose <link rel="alternate"> feeds (RSS, Atom,
//     JSON Feed) are read (DiscoverFeeds); a page that announces none
//     falls back to the Sitemap: lines of its robots.txt, then to
//     /sitemap.xml.
//   - Robots: a robots.txt, read for its Sitemap: lines.
//
// Feeds and sitemaps are fetched conditionally, with the validators
// (ETag, Last-Modified) of the last response, kept in the State: an
// unchanged one costs a 304 and nothing more. A URL already stored is
// not fetched again, unless Crawler.Refresh.
//
// # Politeness
//
// Politeness is on by default, and every limit is an option of Crawler:
//
//   - robots.txt is fetched once per host, cached in the State for
//     RobotsTTL, and matched (github.com/temoto/robotstxt) for the
//     Crawler's Agent token. A disallowed URL is never requested: it is
//     recorded as Skipped, with the reason. As RFC 9309 says, a robots.txt
//     that answers 4xx allows everything, and one that answers 5xx (or
//     429, or nothing) disallows the whole host for RobotsRetry, after
//     which it is asked again.
//   - One request in flight per host, and at least MinDelay (1 s) from
//     the end of one request to the start of the next, whatever
//     Concurrency; a longer Crawl-delay wins, up to MaxCrawlDelay. A
//     request takes one of the Concurrency slots first, then its host, in
//     the State (State.AcquireHost), atomically, at the moment it is sent,
//     and gives the host back when it is answered (HostState.Release): so
//     processes that share a State share each host's turns, and a request
//     never waits for a slot after its turn was taken.
//   - A descriptive User-Agent, "newslooks/1.0 (+contact)", whose contact
//     is an option.
//
// # Failures
//
// A 429 or 503 is retried after its Retry-After (seconds or HTTP-date,
// at most fetch.MaxRetryAfter, a day, whatever the server asks);
// another 5xx, a timeout or a connection error after an exponential
// backoff with jitter; at most MaxAttempts requests per URL and pass.
// The URL is then recorded as Failed with its last reason, and is due
// again RetryDelay later, doubled at each failed pass. A host that keeps
// failing (HostFailures in a row) is backed off as a whole. A host that
// is unavailable for longer than MaxWait (a long Retry-After, a backoff)
// does not hold up the pass: its URLs are put off to a later one.
//
// # Address policy
//
// By default the crawler's transport is a fetch.Guard: it refuses to
// connect to loopback, private, link-local, multicast and unspecified
// addresses, checked on the resolved IP at dial time, for every URL the
// crawler discovers (feed items, sitemap entries, autodiscovered feeds,
// redirects). A Source's own URL, which a person gave, is fetched as
// given, but its redirects are checked. Crawler.AllowPrivate lifts the
// rule.
//
// # State
//
// A Crawler keeps everything it knows in a State; MemoryState holds it in
// memory. A SQL implementation, shared by several processes, needs:
//
//	CREATE TABLE crawl_urls (
//	  url         TEXT PRIMARY KEY,
//	  host        TEXT NOT NULL,
//	  source      TEXT NOT NULL, via TEXT NOT NULL,
//	  title       TEXT, published TIMESTAMPTZ, language TEXT,
//	  status      SMALLINT NOT NULL DEFAULT 0, -- Pending, Done, Skipped, Failed
//	  reason      TEXT NOT NULL DEFAULT '',
//	  attempts    INT NOT NULL DEFAULT 0, failures INT NOT NULL DEFAULT 0,
//	  next_try    TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
//	  owner       TEXT, lease_until TIMESTAMPTZ,
//	  added       BIGSERIAL, updated TIMESTAMPTZ);
//	CREATE INDEX ON crawl_urls (status, next_try) WHERE status <> 1;
//	CREATE TABLE crawl_validators (resource TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
//	CREATE TABLE crawl_hosts (host TEXT PRIMARY KEY,
//	  robots_status INT, robots_body BYTEA, robots_error TEXT,
//	  robots_fetched TIMESTAMPTZ, robots_expires TIMESTAMPTZ,
//	  failures INT NOT NULL DEFAULT 0, backoff_until TIMESTAMPTZ,
//	  next_allowed TIMESTAMPTZ NOT NULL DEFAULT '-infinity');
//	CREATE TABLE crawl_sources (url TEXT PRIMARY KEY, kind SMALLINT,
//	  last_poll TIMESTAMPTZ, next_poll TIMESTAMPTZ,
//	  new_articles INT, total_articles INT, failures JSONB, error TEXT);
//
// Enqueue is INSERT ... ON CONFLICT (url) DO NOTHING (with refresh, DO
// UPDATE SET status = 0, next_try = '-infinity' WHERE status <> 0).
// ClaimDue must hand a URL to one worker only. In PostgreSQL, in one
// transaction:
//
//	SELECT url FROM (
//	    SELECT url, next_try, added,
//	           row_number() OVER (PARTITION BY host ORDER BY next_try, added) AS n
//	    FROM crawl_urls
//	    WHERE status <> 1 AND next_try <= $now AND host <> ALL($skip_hosts)
//	      AND (lease_until IS NULL OR lease_until <= $now)) d
//	WHERE n <= $per_host ORDER BY next_try, added LIMIT $limit * 2;  -- candidates
//	SELECT url FROM crawl_urls
//	WHERE url = ANY($candidates) AND (lease_until IS NULL OR lease_until <= $now)
//	ORDER BY next_try, added LIMIT $limit
//	FOR UPDATE SKIP LOCKED;                                           -- locked
//	UPDATE crawl_urls SET owner = $owner, lease_until = $now + $lease
//	WHERE url = ANY($locked)
//	RETURNING url, host, source, via, title, published, language;
//
// so that workers that claim at once skip each other's rows rather than
// wait, and a killed worker's rows return when lease_until passes.
// ClaimURL is the same for one row (INSERT ... ON CONFLICT DO NOTHING,
// then SELECT ... FOR UPDATE SKIP LOCKED, then the due test). Done, Skip,
// Fail and Release are UPDATEs WHERE url = $1 AND (owner = $owner OR
// owner IS NULL), which clear owner and lease_until (Fail adds to
// attempts and increments failures). AcquireHost is one transaction:
//
//	INSERT INTO crawl_hosts (host) VALUES ($host) ON CONFLICT DO NOTHING;
//	SELECT ... FROM crawl_hosts WHERE host = $host FOR UPDATE;
//	-- free when busy_until, next_allowed and backoff_until are <= $now:
//	UPDATE crawl_hosts SET busy_until = $now + $hold,
//	       next_allowed = GREATEST(next_allowed, $now + $gap) WHERE host = $host;
//
// and UpdateHost is SELECT ... FOR UPDATE, the update in Go, and UPDATE,
// in one transaction. SQLite, with one writer at a time, runs the same
// statements in a BEGIN IMMEDIATE transaction, without SKIP LOCKED.
// Times are the crawler's clock (time.Now), passed as parameters; the
// processes' clocks should agree to well under MinDelay.
//
// # Scheduling
//
// Run makes one pass over some sources: it reads them, queues what they
// list, and fetches every due URL in the State (those left by earlier
// passes too): at most Batch URLs claimed at a time, at most PerHost of
// one host, claiming more for a host as soon as its previous claim is
// done, so that a slow host never holds up the others.
// Poll makes passes until its context is canceled, reading each source
// every Source.Every. Canceled, it stops cleanly: requests in flight are
// abandoned and their claims released, and an article whose hand-off to
// Store has begun is finished, never half stored.
//
// A pass's status (last and next poll, new articles, failures by reason)
// is kept per source in the State (State.Sources), and each host's
// robots.txt state and backoff (State.Hosts), for `newslooks status`.
//
// # Tests
//
// The tests run the crawler inside testing/synctest bubbles, on fake
// time, over an in-process transport that calls each host's handler
// directly, and assert from the server's side; the address policy and an
// end-to-end crawl run over real sockets on 127.0.0.N.
package crawl
