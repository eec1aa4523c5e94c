package crawl

import (
	"context"
	"time"

	"github.com/newsingest/newslooks/fetch"
)

// An Entry is an article URL the crawler found, with what the place it
// was found in said about it.
type Entry struct {
	// URL is the article's absolute URL, as found.
	URL string
	// Host is the URL's host, lower case, with the port if the URL has
	// one: the key of politeness (see HostState).
	Host string
	// Source is the URL of the Source whose pass found the entry.
	Source string
	// Via is the feed or sitemap the entry was listed in.
	Via string
	// Title, Published and Language are what a Google News sitemap
	// (news:title, news:publication_date, news:language) or a feed says
	// of the article; they fill the article's fields that its page
	// leaves empty. Zero when not given.
	Title     string
	Published time.Time
	Language  string
}

// A Status is the state of a URL in the crawl.
type Status int

const (
	// Pending: found, not yet fetched.
	Pending Status = iota
	// Done: fetched and handed to the sink (stored).
	Done
	// Skipped: never requested, for a reason (robots.txt disallows it,
	// its address is refused); a later pass may try it again.
	Skipped
	// Failed: requested, and failed after its attempts; eligible again
	// at NextTry.
	Failed
)

// String returns "pending", "done", "skipped" or "failed".
func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Done:
		return "done"
	case Skipped:
		return "skipped"
	case Failed:
		return "failed"
	}
	return "unknown"
}

// A URLRecord is what the State holds of one article URL.
type URLRecord struct {
	Entry
	Status Status
	// Reason says why the URL was skipped or why it last failed.
	Reason string
	// Attempts counts the requests made for the URL over all passes;
	// Failures counts the passes that ended in failure (it sets how long
	// a failed URL waits: see Crawler.RetryDelay).
	Attempts int
	Failures int
	// NextTry is when a Failed or Skipped URL becomes due again.
	NextTry time.Time
	// Owner and LeaseUntil name the worker that claimed the URL and when
	// its claim lapses.
	Owner      string
	LeaseUntil time.Time
	// Updated is when the record last changed.
	Updated time.Time
}

// A Claim asks the State for URLs to fetch.
type Claim struct {
	// Owner names the worker; its claims lapse at Now+Lease, after which
	// another worker may claim the URLs (a killed worker's URLs return).
	Owner string
	// Now is the claimer's clock: what is due is due at Now.
	Now   time.Time
	Lease time.Duration
	// Limit is the most URLs claimed; PerHost the most of one host.
	Limit, PerHost int
	// SkipHosts are hosts whose URLs are not claimed: the claimer is
	// still fetching theirs.
	SkipHosts []string
}

// A Failure records a URL that failed.
type Failure struct {
	// Reason is the last error, led by one of the Reason constants or
	// "http NNN".
	Reason string
	// Attempts is the number of requests made in this pass.
	Attempts int
	// At is when the URL failed; NextTry when it is due again.
	At      time.Time
	NextTry time.Time
}

// A HostState is what the State holds of one host (a host name and
// port): its robots.txt, its failures and when it may next be asked.
type HostState struct {
	// Host is the host name, with the port if the URLs have one.
	Host string
	// RobotsStatus is the status of the last robots.txt response (0
	// when it could not be fetched at all); RobotsBody its body when
	// that was 2xx. RobotsError says why robots.txt is unavailable.
	RobotsStatus  int
	RobotsBody    []byte
	RobotsError   string
	RobotsFetched time.Time
	// RobotsExpires is when the cached robots.txt must be fetched again:
	// Crawler.RobotsTTL after a 2xx or 4xx, Crawler.RobotsRetry after a
	// 5xx or a network error, during which the host is treated as fully
	// disallowed.
	RobotsExpires time.Time
	// Failures counts the consecutive failed requests to the host;
	// BackoffUntil is when a host that kept failing may be asked again.
	Failures     int
	BackoffUntil time.Time
	// NextAllowed is the earliest time of the next request to the host
	// (see State.AcquireHost).
	NextAllowed time.Time
	// BusyUntil is set while a request of some crawler is in flight on
	// the host: until the crawler releases the host, or at the latest
	// BusyUntil (when a killed crawler never does).
	BusyUntil time.Time
}

// Acquire is the change State.AcquireHost makes, for implementations of
// State: if the host is free at now (no request in flight, now not
// before NextAllowed nor BackoffUntil), it marks a request in flight
// until now+hold at the latest, puts NextAllowed at least gap after now,
// and reports true; otherwise it changes nothing and reports false.
func (h *HostState) Acquire(now time.Time, gap, hold time.Duration) bool {
	if h.BusyUntil.After(now) || h.NextAllowed.After(now) || h.BackoffUntil.After(now) {
		return false
	}
	h.BusyUntil = now.Add(hold)
	if next := now.Add(gap); next.After(h.NextAllowed) {
		h.NextAllowed = next
	}
	return true
}

// Release ends the request in flight on the host, which ended at done:
// the next request waits at least gap after it, so that requests to a
// host keep gap apart from the end of one to the start of the next,
// however long each takes and whichever crawler sends it.
func (h *HostState) Release(done time.Time, gap time.Duration) {
	h.BusyUntil = time.Time{}
	if next := done.Add(gap); next.After(h.NextAllowed) {
		h.NextAllowed = next
	}
}

// Unsent ends a claim whose request was never sent (the address policy
// refused it before it left): the host is free again at once, as if it
// had not been taken.
func (h *HostState) Unsent(at time.Time) {
	h.BusyUntil = time.Time{}
	if h.NextAllowed.After(at) {
		// Acquire put it gap after at; no request since, and the one
		// before ended at least its gap before at.
		h.NextAllowed = at
	}
}

// RobotsState summarises the host's robots.txt for people: "unknown",
// "ok", "allow all (404)", "unavailable until …".
func (h HostState) RobotsState() string {
	switch {
	case h.RobotsFetched.IsZero():
		return "unknown"
	case h.RobotsStatus >= 200 && h.RobotsStatus < 300:
		return "ok"
	case h.RobotsStatus >= 400 && h.RobotsStatus < 500 && h.RobotsStatus != 429:
		return "allow all (" + itoa(h.RobotsStatus) + ")"
	default:
		return "unavailable until " + h.RobotsExpires.UTC().Format(time.RFC3339) + ": " + h.RobotsError
	}
}

// A SourceStatus is the status of one Source, for people (newslooks
// status).
type SourceStatus struct {
	// URL and Kind are the Source's.
	URL  string
	Kind Kind
	// LastPoll and NextPoll are when the source was last read and when
	// it is next due.
	LastPoll, NextPoll time.Time
	// NewArticles is the number of articles the last poll stored;
	// TotalArticles over all polls.
	NewArticles, TotalArticles int
	// Failures counts the URLs of the last poll that failed, by reason
	// ("http 503", "timeout", "parse", ...); Skipped the URLs it did not
	// request because a policy refused them ("robots.txt disallows",
	// "address refused", "redirected to another host").
	Failures, Skipped map[string]int
	// Error is why the source itself could not be read at the last
	// poll, or ""; FailedPolls counts the polls in a row that ended so.
	Error       string
	FailedPolls int
}

// Failed reports whether the source's last poll failed: the source could
// not be read, or some of its URLs failed (skips by policy are no
// failures).
func (s SourceStatus) Failed() bool { return s.Error != "" || len(s.Failures) > 0 }

// State is where a Crawler keeps what it knows: the URLs it found and
// what became of them, the validators of feeds and sitemaps, the state of
// each host, and the status of each source. Every method must be safe
// for concurrent use, by goroutines of one process and, for a State
// shared in a database, by several processes: the Claim methods,
// UpdateHost and AcquireHost must then be atomic in the database (see the package
// documentation for a SQL design).
//
// MemoryState is the in-memory implementation.
type State interface {
	// Enqueue adds article URLs to fetch, as Pending. A URL already
	// known keeps its record, unless refresh is true and it is Done,
	// Skipped or Failed: it is then Pending again, and due now. Enqueue
	// returns how many entries were new.
	Enqueue(ctx context.Context, entries []Entry, refresh bool) (added int, err error)
	// ClaimDue claims due URLs for c.Owner until c.Now+c.Lease: Pending
	// ones, and Failed or Skipped ones whose NextTry has come, that no
	// owner (c.Owner included) holds an unexpired lease on; at most c.Limit, at most
	// c.PerHost of one host, none of c.SkipHosts, oldest due
	// first.
	ClaimDue(ctx context.Context, c Claim) ([]Entry, error)
	// ClaimURL claims one URL as ClaimDue would, adding it when it is
	// unknown, for a URL handled outside the queue (a feed item that
	// holds the whole article). It reports false when the URL is Done
	// (and refresh is false), not yet due, or leased by another owner.
	ClaimURL(ctx context.Context, e Entry, c Claim, refresh bool) (bool, error)
	// Done records that owner stored the URL; it ends the lease.
	Done(ctx context.Context, url, owner string, at time.Time) error
	// Skip records that the URL was not requested, and why; it becomes
	// due again at next.
	Skip(ctx context.Context, url, owner, reason string, at, next time.Time) error
	// Fail records that the URL failed; it ends the lease.
	Fail(ctx context.Context, url, owner string, f Failure) error
	// Release ends owner's lease on the URL without changing its
	// status, for a worker that stops before it is done.
	Release(ctx context.Context, url, owner string) error
	// URL returns the record of a URL; ok is false when it is unknown.
	URL(ctx context.Context, url string) (rec URLRecord, ok bool, err error)
	// NotStored returns the records of the URLs that are Skipped or
	// Failed, with their reasons, the latest updated first.
	NotStored(ctx context.Context) ([]URLRecord, error)
	// Retry makes the URLs in one of the statuses whose reason starts
	// with reason ("" for any) Pending again, due now, and returns how
	// many it changed. Their attempt and failure counts are kept.
	Retry(ctx context.Context, statuses []Status, reason string) (int, error)

	// Validators returns the validators stored for a feed or sitemap
	// URL; SetValidators stores them (zero Validators delete them).
	Validators(ctx context.Context, resource string) (fetch.Validators, error)
	SetValidators(ctx context.Context, resource string, v fetch.Validators) error

	// Host returns the state of a host; an unknown host's is zero (with
	// Host set). UpdateHost changes it atomically: it reads it, calls
	// update and stores the result, with no other change in between.
	Host(ctx context.Context, host string) (HostState, error)
	UpdateHost(ctx context.Context, host string, update func(*HostState)) error
	// AcquireHost takes the host for one request sent at now, if it is
	// free then: it makes the change HostState.Acquire makes, atomically,
	// and reports whether it did; h is the host's state after the call.
	// The crawler gives the host back with UpdateHost and
	// HostState.Release when the request ends. This is what keeps
	// requests to one host apart across processes.
	AcquireHost(ctx context.Context, host string, now time.Time, gap, hold time.Duration) (h HostState, ok bool, err error)
	// Hosts returns the state of every known host, by host name.
	Hosts(ctx context.Context) ([]HostState, error)

	// SourceStatus returns the status of a source; ok is false when it
	// was never polled. SetSourceStatus stores it.
	SourceStatus(ctx context.Context, url string) (s SourceStatus, ok bool, err error)
	SetSourceStatus(ctx context.Context, s SourceStatus) error
	// Sources returns the status of every source, by URL.
	Sources(ctx context.Context) ([]SourceStatus, error)
}
