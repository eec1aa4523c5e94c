// Package statetest is the behaviour every crawl.State must have, as a
// test suite that any implementation runs: crawl.MemoryState in package
// crawl's tests, the SQL State of package store against each backend.
//
// Times are whole seconds, so that a State that stores microseconds
// returns them unchanged.
package statetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/fetch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// T0 is the clock the suite starts at.
var T0 = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// Run runs the suite, each test on a new, empty State from newState.
func Run(t *testing.T, newState func(t *testing.T) crawl.State) {
	t.Run("Claims", func(t *testing.T) { testClaims(t, newState(t)) })
	t.Run("ClaimOrderAndLimits", func(t *testing.T) { testClaimOrder(t, newState(t)) })
	t.Run("Owners", func(t *testing.T) { testOwners(t, newState(t)) })
	t.Run("EnqueueRefresh", func(t *testing.T) { testEnqueueRefresh(t, newState(t)) })
	t.Run("AcquireHost", func(t *testing.T) { testAcquireHost(t, newState(t)) })
	t.Run("AcquireHostConcurrent", func(t *testing.T) { testAcquireHostConcurrent(t, newState(t)) })
	t.Run("Hosts", func(t *testing.T) { testHosts(t, newState(t)) })
	t.Run("Validators", func(t *testing.T) { testValidators(t, newState(t)) })
	t.Run("Sources", func(t *testing.T) { testSources(t, newState(t)) })
	t.Run("NotStored", func(t *testing.T) { testNotStored(t, newState(t)) })
}

// Entries returns n entries over hosts h0.test … h(hosts-1).test.
func Entries(n, hosts int) []crawl.Entry {
	var entries []crawl.Entry
	for i := range n {
		h := fmt.Sprintf("h%d.test", i%hosts)
		entries = append(entries, crawl.Entry{URL: fmt.Sprintf("http://%s/%d", h, i), Host: h, Source: "http://feed.test/", Via: "http://feed.test/rss"})
	}
	return entries
}

// testClaims: concurrent workers never claim one URL twice; a lapsed
// lease returns the URL; Done URLs are not claimed again unless
// refreshed; failed URLs wait for NextTry.
func testClaims(t *testing.T, st crawl.State) {
	ctx := t.Context()
	entries := Entries(300, 3)
	n, err := st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	assert.Equal(t, 300, n)
	n, err = st.Enqueue(ctx, entries[:5], false)
	require.NoError(t, err)
	assert.Zero(t, n)

	now := T0
	var mu sync.Mutex
	claimed := make(map[string]string)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			owner := fmt.Sprintf("w%d", w)
			for {
				batch, err := st.ClaimDue(ctx, crawl.Claim{Owner: owner, Now: now, Lease: time.Minute, Limit: 7, PerHost: 2})
				if err != nil {
					t.Errorf("ClaimDue: %v", err)
					return
				}
				if len(batch) == 0 {
					return
				}
				assert.LessOrEqual(t, len(batch), 7)
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
	r, ok, err := st.URL(ctx, entries[7].URL)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, claimed[entries[7].URL], r.Owner)
	assert.Equal(t, now.Add(time.Minute), r.LeaseUntil)
	assert.Equal(t, crawl.Pending, r.Status)
	assert.Equal(t, entries[7], r.Entry)

	// Nothing is due while the leases run; all is after they lapse (a
	// killed worker's claims return).
	b, err := st.ClaimDue(ctx, crawl.Claim{Owner: "x", Now: now.Add(30 * time.Second), Lease: time.Minute})
	require.NoError(t, err)
	assert.Empty(t, b)
	b, err = st.ClaimDue(ctx, crawl.Claim{Owner: "x", Now: now.Add(2 * time.Minute), Lease: time.Minute})
	require.NoError(t, err)
	assert.Len(t, b, 300)

	u := entries[0].URL
	require.NoError(t, st.Done(ctx, u, "x", now))
	r, _, _ = st.URL(ctx, u)
	assert.Equal(t, crawl.Done, r.Status)
	assert.Equal(t, now, r.Updated)
	assert.Empty(t, r.Owner)
	assert.True(t, r.LeaseUntil.IsZero())
	ok, err = st.ClaimURL(ctx, entries[0], crawl.Claim{Owner: "y", Now: now.Add(time.Hour), Lease: time.Minute}, false)
	require.NoError(t, err)
	assert.False(t, ok, "a done URL is not claimed again")
	ok, _ = st.ClaimURL(ctx, entries[0], crawl.Claim{Owner: "y", Now: now.Add(time.Hour), Lease: time.Minute}, true)
	assert.True(t, ok, "unless refreshed")

	u1 := entries[1].URL
	require.NoError(t, st.Fail(ctx, u1, "x", crawl.Failure{Reason: "http 500", Attempts: 3, At: now, NextTry: now.Add(time.Hour)}))
	ok, _ = st.ClaimURL(ctx, entries[1], crawl.Claim{Owner: "y", Now: now.Add(time.Minute), Lease: time.Minute}, false)
	assert.False(t, ok)
	ok, _ = st.ClaimURL(ctx, entries[1], crawl.Claim{Owner: "y", Now: now.Add(2 * time.Hour), Lease: time.Minute}, false)
	assert.True(t, ok)
	r, _, _ = st.URL(ctx, u1)
	assert.Equal(t, 3, r.Attempts)
	assert.Equal(t, 1, r.Failures)
	assert.Equal(t, crawl.Failed, r.Status)
	assert.Equal(t, "http 500", r.Reason)
	assert.Equal(t, now.Add(time.Hour), r.NextTry)
	assert.Equal(t, "y", r.Owner)

	// ClaimURL adds an unknown URL and claims it; a leased one is not
	// claimed by another owner, nor again by its own.
	e := crawl.Entry{URL: "http://new.test/a", Host: "new.test", Title: "T", Language: "en", Published: now.Add(-time.Hour)}
	ok, err = st.ClaimURL(ctx, e, crawl.Claim{Owner: "z", Now: now, Lease: time.Minute}, false)
	require.NoError(t, err)
	assert.True(t, ok)
	r, found, _ := st.URL(ctx, e.URL)
	require.True(t, found)
	assert.Equal(t, e, r.Entry)
	ok, _ = st.ClaimURL(ctx, e, crawl.Claim{Owner: "w", Now: now, Lease: time.Minute}, true)
	assert.False(t, ok, "leased by another owner")
	ok, _ = st.ClaimURL(ctx, e, crawl.Claim{Owner: "z", Now: now, Lease: time.Minute}, false)
	assert.False(t, ok, "leased by the same owner")

	_, found, err = st.URL(ctx, "http://unknown.test/")
	require.NoError(t, err)
	assert.False(t, found)
}

// testClaimOrder: oldest due first (pending in the order found, then
// failed and skipped ones by NextTry), Limit, PerHost and SkipHosts.
func testClaimOrder(t *testing.T, st crawl.State) {
	ctx := t.Context()
	entries := Entries(12, 3) // h0: 0 3 6 9, h1: 1 4 7 10, h2: 2 5 8 11
	_, err := st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	urls := func(es []crawl.Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.URL)
		}
		return out
	}
	b, err := st.ClaimDue(ctx, crawl.Claim{Owner: "a", Now: T0, Lease: time.Minute, Limit: 5, PerHost: 1, SkipHosts: []string{"h1.test"}})
	require.NoError(t, err)
	assert.Equal(t, urls([]crawl.Entry{entries[0], entries[2]}), urls(b), "one per host, none of h1")
	b, err = st.ClaimDue(ctx, crawl.Claim{Owner: "a", Now: T0, Lease: time.Minute, Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, urls(entries[1:2]), urls(b)[:1])
	assert.Equal(t, urls([]crawl.Entry{entries[1], entries[3], entries[4]}), urls(b), "the limit")

	// Release all; fail 5 and skip 6 to be due at different times.
	for _, e := range []crawl.Entry{entries[0], entries[1], entries[2], entries[3], entries[4]} {
		require.NoError(t, st.Release(ctx, e.URL, "a"))
	}
	r, _, _ := st.URL(ctx, entries[0].URL)
	assert.Equal(t, crawl.Pending, r.Status)
	assert.Empty(t, r.Owner)
	require.NoError(t, st.Skip(ctx, entries[5].URL, "", "robots.txt disallows", T0, T0.Add(2*time.Hour)))
	require.NoError(t, st.Fail(ctx, entries[6].URL, "", crawl.Failure{Reason: "timeout", Attempts: 1, At: T0, NextTry: T0.Add(time.Hour)}))
	for _, e := range entries[7:] {
		require.NoError(t, st.Done(ctx, e.URL, "", T0))
	}
	r, _, _ = st.URL(ctx, entries[5].URL)
	assert.Equal(t, crawl.Skipped, r.Status)
	assert.Equal(t, "robots.txt disallows", r.Reason)
	assert.Equal(t, T0.Add(2*time.Hour), r.NextTry)
	assert.Zero(t, r.Attempts)

	b, _ = st.ClaimDue(ctx, crawl.Claim{Owner: "b", Now: T0.Add(time.Minute), Lease: time.Second})
	assert.Equal(t, urls(entries[:5]), urls(b), "pending only, in the order found")
	b, _ = st.ClaimDue(ctx, crawl.Claim{Owner: "b", Now: T0.Add(3 * time.Hour), Lease: time.Second})
	assert.Equal(t, urls([]crawl.Entry{entries[0], entries[1], entries[2], entries[3], entries[4], entries[6], entries[5]}), urls(b),
		"pending first, then by NextTry")
}

// testOwners: Done, Skip, Fail and Release by another owner than the
// lease holder change nothing; by the holder, or with no owner given,
// they do.
func testOwners(t *testing.T, st crawl.State) {
	ctx := t.Context()
	entries := Entries(2, 1)
	_, err := st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	b, _ := st.ClaimDue(ctx, crawl.Claim{Owner: "a", Now: T0, Lease: time.Minute})
	require.Len(t, b, 2)
	u := entries[0].URL
	require.NoError(t, st.Done(ctx, u, "b", T0))
	require.NoError(t, st.Fail(ctx, u, "b", crawl.Failure{Reason: "x", Attempts: 1, At: T0}))
	require.NoError(t, st.Skip(ctx, u, "b", "x", T0, T0))
	require.NoError(t, st.Release(ctx, u, "b"))
	r, _, _ := st.URL(ctx, u)
	assert.Equal(t, crawl.Pending, r.Status)
	assert.Equal(t, "a", r.Owner)
	assert.Zero(t, r.Attempts)
	require.NoError(t, st.Release(ctx, u, "a"))
	r, _, _ = st.URL(ctx, u)
	assert.Empty(t, r.Owner)
	assert.True(t, r.LeaseUntil.IsZero())
	// Unowned now: anyone may record it.
	require.NoError(t, st.Done(ctx, u, "b", T0.Add(time.Second)))
	r, _, _ = st.URL(ctx, u)
	assert.Equal(t, crawl.Done, r.Status)
	require.NoError(t, st.Done(ctx, entries[1].URL, "", T0))
	r, _, _ = st.URL(ctx, entries[1].URL)
	assert.Equal(t, crawl.Done, r.Status)
	// Settling an unknown URL is no error.
	require.NoError(t, st.Done(ctx, "http://unknown.test/", "a", T0))
	require.NoError(t, st.Release(ctx, "http://unknown.test/", "a"))
}

// testEnqueueRefresh: refresh makes Done, Skipped and Failed URLs
// Pending and due now; a pending one keeps its record.
func testEnqueueRefresh(t *testing.T, st crawl.State) {
	ctx := t.Context()
	entries := Entries(3, 1)
	n, err := st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	require.NoError(t, st.Done(ctx, entries[0].URL, "", T0))
	require.NoError(t, st.Fail(ctx, entries[1].URL, "", crawl.Failure{Reason: "x", Attempts: 2, At: T0, NextTry: T0.Add(time.Hour)}))
	n, err = st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	assert.Zero(t, n)
	b, _ := st.ClaimDue(ctx, crawl.Claim{Owner: "a", Now: T0, Lease: time.Second})
	assert.Len(t, b, 1, "only the pending one")
	more := append(entries, crawl.Entry{URL: "http://h0.test/new", Host: "h0.test"})
	n, err = st.Enqueue(ctx, more, true)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	for _, e := range entries[:2] {
		r, _, _ := st.URL(ctx, e.URL)
		assert.Equal(t, crawl.Pending, r.Status, e.URL)
		assert.True(t, r.NextTry.IsZero(), e.URL)
	}
	r, _, _ := st.URL(ctx, entries[1].URL)
	assert.Equal(t, 2, r.Attempts, "the record is kept")
	b, _ = st.ClaimDue(ctx, crawl.Claim{Owner: "a", Now: T0.Add(10 * time.Second), Lease: time.Second})
	assert.Len(t, b, 4)
}

func testAcquireHost(t *testing.T, st crawl.State) {
	ctx := t.Context()
	now := T0
	h, ok, err := st.AcquireHost(ctx, "a", now, time.Second, time.Minute)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, now.Add(time.Second), h.NextAllowed)
	assert.Equal(t, now.Add(time.Minute), h.BusyUntil)
	h, ok, _ = st.AcquireHost(ctx, "a", now.Add(2*time.Second), time.Second, time.Minute)
	assert.False(t, ok, "busy")
	assert.Equal(t, now.Add(time.Minute), h.BusyUntil)
	require.NoError(t, st.UpdateHost(ctx, "a", func(h *crawl.HostState) { h.Release(now.Add(3*time.Second), time.Second) }))
	_, ok, _ = st.AcquireHost(ctx, "a", now.Add(3*time.Second), time.Second, time.Minute)
	assert.False(t, ok, "gap from the end of the last request")
	h, ok, _ = st.AcquireHost(ctx, "a", now.Add(4*time.Second), time.Second, time.Minute)
	assert.True(t, ok)
	require.NoError(t, st.UpdateHost(ctx, "a", func(h *crawl.HostState) {
		h.Release(now.Add(4*time.Second), time.Second)
		h.BackoffUntil = now.Add(time.Hour)
	}))
	_, ok, _ = st.AcquireHost(ctx, "a", now.Add(time.Minute), time.Second, time.Minute)
	assert.False(t, ok, "backed off")
	h, _ = st.Host(ctx, "a")
	assert.Equal(t, now.Add(5*time.Second), h.NextAllowed, "a refused acquire changes nothing")
	assert.True(t, h.BusyUntil.IsZero())
	_, ok, _ = st.AcquireHost(ctx, "a", now.Add(time.Hour), time.Second, time.Minute)
	assert.True(t, ok)
	// A crawler killed in flight never releases: the host is free when
	// its hold lapses.
	_, ok, _ = st.AcquireHost(ctx, "a", now.Add(time.Hour+time.Minute), time.Second, time.Minute)
	assert.True(t, ok)
	// Another host is independent.
	_, ok, _ = st.AcquireHost(ctx, "b:8080", now, 5*time.Second, time.Minute)
	assert.True(t, ok)
}

// testAcquireHostConcurrent: of many goroutines that try to take a host
// at once, exactly one does.
func testAcquireHostConcurrent(t *testing.T, st crawl.State) {
	ctx := t.Context()
	const n = 24
	var (
		wg  sync.WaitGroup
		won atomic.Int32
	)
	for range n {
		wg.Go(func() {
			_, ok, err := st.AcquireHost(ctx, "busy.test", T0, time.Second, time.Minute)
			if err != nil {
				t.Errorf("AcquireHost: %v", err)
			}
			if ok {
				won.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), won.Load(), "hosts taken at once")
	h, _ := st.Host(ctx, "busy.test")
	assert.Equal(t, T0.Add(time.Second), h.NextAllowed)
	assert.Equal(t, T0.Add(time.Minute), h.BusyUntil)
}

func testHosts(t *testing.T, st crawl.State) {
	ctx := t.Context()
	h, err := st.Host(ctx, "unknown.test")
	require.NoError(t, err)
	assert.Equal(t, crawl.HostState{Host: "unknown.test"}, h)
	want := crawl.HostState{
		Host: "b.test", RobotsStatus: 200, RobotsBody: []byte("User-agent: *\nDisallow: /private\n"),
		RobotsFetched: T0, RobotsExpires: T0.Add(24 * time.Hour), Failures: 2, BackoffUntil: T0.Add(time.Minute),
	}
	require.NoError(t, st.UpdateHost(ctx, "b.test", func(h *crawl.HostState) {
		assert.Equal(t, crawl.HostState{Host: "b.test"}, *h, "a new host's state is zero")
		*h = want
		h.Host = "ignored"
	}))
	got, err := st.Host(ctx, "b.test")
	require.NoError(t, err)
	assert.Equal(t, want, got)
	require.NoError(t, st.UpdateHost(ctx, "a.test", func(h *crawl.HostState) {
		h.RobotsStatus, h.RobotsError, h.RobotsFetched, h.RobotsExpires = 503, "http 503", T0, T0.Add(time.Hour)
	}))
	// Concurrent updates are not lost.
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := st.UpdateHost(ctx, "b.test", func(h *crawl.HostState) { h.Failures++ }); err != nil {
				t.Errorf("UpdateHost: %v", err)
			}
		})
	}
	wg.Wait()
	hosts, err := st.Hosts(ctx)
	require.NoError(t, err)
	var names []string
	for _, h := range hosts {
		names = append(names, h.Host)
	}
	assert.Contains(t, names, "a.test")
	assert.Contains(t, names, "b.test")
	assert.IsNonDecreasing(t, names)
	for _, h := range hosts {
		switch h.Host {
		case "a.test":
			assert.Equal(t, 503, h.RobotsStatus)
			assert.Equal(t, "http 503", h.RobotsError)
			assert.Equal(t, T0.Add(time.Hour), h.RobotsExpires)
			assert.Contains(t, h.RobotsState(), "unavailable until")
		case "b.test":
			assert.Equal(t, 12, h.Failures)
			assert.Equal(t, "ok", h.RobotsState())
		}
	}
}

func testValidators(t *testing.T, st crawl.State) {
	ctx := t.Context()
	const r = "http://feed.test/rss"
	v, err := st.Validators(ctx, r)
	require.NoError(t, err)
	assert.True(t, v.IsZero())
	want := fetch.Validators{ETag: `W/"abc"`, LastModified: "Fri, 27 Nov 2026 12:00:00 GMT"}
	require.NoError(t, st.SetValidators(ctx, r, want))
	v, _ = st.Validators(ctx, r)
	assert.Equal(t, want, v)
	want = fetch.Validators{ETag: `"def"`}
	require.NoError(t, st.SetValidators(ctx, r, want))
	v, _ = st.Validators(ctx, r)
	assert.Equal(t, want, v)
	require.NoError(t, st.SetValidators(ctx, r, fetch.Validators{}))
	v, _ = st.Validators(ctx, r)
	assert.True(t, v.IsZero())
}

func testSources(t *testing.T, st crawl.State) {
	ctx := t.Context()
	_, ok, err := st.SourceStatus(ctx, "http://b.test/feed")
	require.NoError(t, err)
	assert.False(t, ok)
	b := crawl.SourceStatus{URL: "http://b.test/feed", Kind: crawl.Sitemap, LastPoll: T0, NextPoll: T0.Add(time.Hour),
		NewArticles: 3, TotalArticles: 10, Failures: map[string]int{"http 503": 2, "timeout": 1},
		Skipped: map[string]int{"robots.txt disallows": 4}}
	a := crawl.SourceStatus{URL: "http://a.test/", Kind: crawl.Site, Error: "no feed", FailedPolls: 3}
	require.NoError(t, st.SetSourceStatus(ctx, b))
	require.NoError(t, st.SetSourceStatus(ctx, a))
	got, ok, err := st.SourceStatus(ctx, b.URL)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, b, got)
	b.Failures["timeout"] = 99 // the State holds its own copy
	got, _, _ = st.SourceStatus(ctx, b.URL)
	assert.Equal(t, 1, got.Failures["timeout"])
	b.NewArticles, b.Failures = 0, nil
	require.NoError(t, st.SetSourceStatus(ctx, b))
	all, err := st.Sources(ctx)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, a.URL, all[0].URL)
	assert.Equal(t, "no feed", all[0].Error)
	assert.Equal(t, 3, all[0].FailedPolls)
	assert.Equal(t, crawl.Site, all[0].Kind)
	assert.Equal(t, 0, all[1].NewArticles)
	assert.Empty(t, all[1].Failures)
}

// testNotStored: the Skipped and Failed URLs, with their reasons and
// attempts, the latest first; Done and Pending ones are not listed.
func testNotStored(t *testing.T, st crawl.State) {
	ctx := t.Context()
	entries := Entries(4, 1)
	_, err := st.Enqueue(ctx, entries, false)
	require.NoError(t, err)
	_, err = st.ClaimDue(ctx, crawl.Claim{Owner: "a", Now: T0, Lease: time.Minute})
	require.NoError(t, err)
	require.NoError(t, st.Done(ctx, entries[0].URL, "a", T0))
	require.NoError(t, st.Fail(ctx, entries[1].URL, "a", crawl.Failure{Reason: "http 500: boom", Attempts: 3, At: T0.Add(time.Second), NextTry: T0.Add(time.Hour)}))
	require.NoError(t, st.Skip(ctx, entries[2].URL, "a", "robots.txt disallows", T0.Add(2*time.Second), T0.Add(time.Hour)))
	recs, err := st.NotStored(ctx)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, entries[2].URL, recs[0].URL, "latest first")
	assert.Equal(t, crawl.Skipped, recs[0].Status)
	assert.Equal(t, "robots.txt disallows", recs[0].Reason)
	assert.Equal(t, entries[1].URL, recs[1].URL)
	assert.Equal(t, crawl.Failed, recs[1].Status)
	assert.Equal(t, "http 500: boom", recs[1].Reason)
	assert.Equal(t, 3, recs[1].Attempts)
	assert.Equal(t, T0.Add(time.Second), recs[1].Updated)
	assert.Equal(t, entries[1].Source, recs[1].Source)

	// Retry puts them back, by status and reason.
	n, err := st.Retry(ctx, []crawl.Status{crawl.Skipped}, "address refused")
	require.NoError(t, err)
	assert.Equal(t, 0, n, "no such reason")
	n, err = st.Retry(ctx, []crawl.Status{crawl.Skipped}, "robots.txt")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	r, _, _ := st.URL(ctx, entries[2].URL)
	assert.Equal(t, crawl.Pending, r.Status)
	n, err = st.Retry(ctx, []crawl.Status{crawl.Skipped, crawl.Failed}, "")
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the failed one; the done one stays")
	r, _, _ = st.URL(ctx, entries[1].URL)
	assert.Equal(t, crawl.Pending, r.Status)
	assert.Equal(t, 3, r.Attempts, "attempts are kept")
	b, err := st.ClaimDue(ctx, crawl.Claim{Owner: "b", Now: T0.Add(3 * time.Second), Lease: time.Minute})
	require.NoError(t, err)
	assert.Len(t, b, 2, "due now: the retried ones (the pending one is still leased to a)")
	recs, _ = st.NotStored(ctx)
	assert.Empty(t, recs)
}
