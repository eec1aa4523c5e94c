package crawl

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsingest/newslooks/fetch"
)

// MemoryState is a State held in memory, for tests and for a crawl that
// need not survive its process. The zero value is ready to use; it is
// safe for concurrent use.
type MemoryState struct {
	mu         sync.Mutex
	urls       map[string]*URLRecord
	order      []*URLRecord // in the order the URLs were added
	validators map[string]fetch.Validators
	hosts      map[string]*HostState
	sources    map[string]*SourceStatus
}

var _ State = (*MemoryState)(nil)

func (m *MemoryState) init() {
	if m.urls == nil {
		m.urls = make(map[string]*URLRecord)
		m.validators = make(map[string]fetch.Validators)
		m.hosts = make(map[string]*HostState)
		m.sources = make(map[string]*SourceStatus)
	}
}

// Enqueue implements State.
func (m *MemoryState) Enqueue(_ context.Context, entries []Entry, refresh bool) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	added := 0
	for _, e := range entries {
		if r, ok := m.urls[e.URL]; ok {
			if refresh && r.Status != Pending {
				r.Status, r.NextTry = Pending, time.Time{}
			}
			continue
		}
		r := &URLRecord{Entry: e}
		m.urls[e.URL] = r
		m.order = append(m.order, r)
		added++
	}
	return added, nil
}

// due reports whether r may be claimed by c.Owner.
func due(r *URLRecord, c Claim) bool {
	switch r.Status {
	case Done:
		return false
	case Failed, Skipped:
		if r.NextTry.After(c.Now) {
			return false
		}
	}
	return r.Owner == "" || !r.LeaseUntil.After(c.Now)
}

func lease(r *URLRecord, c Claim) {
	r.Owner, r.LeaseUntil = c.Owner, c.Now.Add(c.Lease)
}

// ClaimDue implements State.
func (m *MemoryState) ClaimDue(_ context.Context, c Claim) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	// Oldest due first: pending ones (due since they were added), in
	// added order, then failed and skipped ones by NextTry.
	var cands, later []*URLRecord
	for _, r := range m.order {
		if due(r, c) {
			if r.NextTry.IsZero() {
				cands = append(cands, r)
			} else {
				later = append(later, r)
			}
		}
	}
	slices.SortStableFunc(later, func(a, b *URLRecord) int { return a.NextTry.Compare(b.NextTry) })
	cands = append(cands, later...)
	perHost := make(map[string]int)
	for _, h := range c.SkipHosts {
		perHost[h] = 1 << 30
	}
	var out []Entry
	for _, r := range cands {
		if c.Limit > 0 && len(out) >= c.Limit {
			break
		}
		if c.PerHost > 0 && perHost[r.Host] >= c.PerHost || perHost[r.Host] >= 1<<30 {
			continue
		}
		perHost[r.Host]++
		lease(r, c)
		out = append(out, r.Entry)
	}
	return out, nil
}

// ClaimURL implements State.
func (m *MemoryState) ClaimURL(_ context.Context, e Entry, c Claim, refresh bool) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	r, ok := m.urls[e.URL]
	if !ok {
		r = &URLRecord{Entry: e}
		m.urls[e.URL] = r
		m.order = append(m.order, r)
	}
	if refresh && r.Status == Done {
		r.Status = Pending
	}
	if !due(r, c) {
		return false, nil
	}
	lease(r, c)
	return true, nil
}

// record returns the record of url, held by owner (any owner when owner
// is ""), or nil.
func (m *MemoryState) record(url, owner string) *URLRecord {
	m.init()
	r := m.urls[url]
	if r == nil || owner != "" && r.Owner != "" && r.Owner != owner {
		return nil
	}
	return r
}

// Done implements State.
func (m *MemoryState) Done(_ context.Context, url, owner string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.record(url, owner); r != nil {
		r.Status, r.Reason, r.Owner, r.LeaseUntil, r.Updated = Done, "", "", time.Time{}, at
	}
	return nil
}

// Skip implements State.
func (m *MemoryState) Skip(_ context.Context, url, owner, reason string, at, next time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.record(url, owner); r != nil {
		r.Status, r.Reason, r.NextTry, r.Owner, r.LeaseUntil, r.Updated = Skipped, reason, next, "", time.Time{}, at
	}
	return nil
}

// Fail implements State.
func (m *MemoryState) Fail(_ context.Context, url, owner string, f Failure) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.record(url, owner); r != nil {
		r.Status, r.Reason, r.NextTry, r.Owner, r.LeaseUntil, r.Updated = Failed, f.Reason, f.NextTry, "", time.Time{}, f.At
		r.Attempts += f.Attempts
		r.Failures++
	}
	return nil
}

// Release implements State.
func (m *MemoryState) Release(_ context.Context, url, owner string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.record(url, owner); r != nil {
		r.Owner, r.LeaseUntil = "", time.Time{}
	}
	return nil
}

// URL implements State.
func (m *MemoryState) URL(_ context.Context, url string) (URLRecord, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	if r, ok := m.urls[url]; ok {
		return *r, true, nil
	}
	return URLRecord{}, false, nil
}

// NotStored implements State.
func (m *MemoryState) NotStored(context.Context) ([]URLRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	var out []URLRecord
	for _, r := range m.order {
		if r.Status == Skipped || r.Status == Failed {
			out = append(out, *r)
		}
	}
	slices.SortStableFunc(out, func(a, b URLRecord) int { return b.Updated.Compare(a.Updated) })
	return out, nil
}

// Retry implements State.
func (m *MemoryState) Retry(_ context.Context, statuses []Status, reason string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	n := 0
	for _, r := range m.order {
		if slices.Contains(statuses, r.Status) && strings.HasPrefix(r.Reason, reason) {
			r.Status, r.NextTry = Pending, time.Time{}
			n++
		}
	}
	return n, nil
}

// URLs returns every URL record, in the order the URLs were found.
func (m *MemoryState) URLs() []URLRecord {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	out := make([]URLRecord, 0, len(m.order))
	for _, r := range m.order {
		out = append(out, *r)
	}
	return out
}

// Validators implements State.
func (m *MemoryState) Validators(_ context.Context, resource string) (fetch.Validators, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	return m.validators[resource], nil
}

// SetValidators implements State.
func (m *MemoryState) SetValidators(_ context.Context, resource string, v fetch.Validators) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	if v.IsZero() {
		delete(m.validators, resource)
	} else {
		m.validators[resource] = v
	}
	return nil
}

func (m *MemoryState) host(host string) *HostState {
	m.init()
	h, ok := m.hosts[host]
	if !ok {
		h = &HostState{Host: host}
		m.hosts[host] = h
	}
	return h
}

// Host implements State.
func (m *MemoryState) Host(_ context.Context, host string) (HostState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := *m.host(host)
	h.RobotsBody = slices.Clone(h.RobotsBody)
	return h, nil
}

// UpdateHost implements State.
func (m *MemoryState) UpdateHost(_ context.Context, host string, update func(*HostState)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.host(host)
	update(h)
	h.Host = host
	return nil
}

// AcquireHost implements State.
func (m *MemoryState) AcquireHost(_ context.Context, host string, now time.Time, gap, hold time.Duration) (HostState, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.host(host)
	ok := h.Acquire(now, gap, hold)
	out := *h
	out.RobotsBody = slices.Clone(h.RobotsBody)
	return out, ok, nil
}

// Hosts implements State.
func (m *MemoryState) Hosts(context.Context) ([]HostState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	out := make([]HostState, 0, len(m.hosts))
	for _, h := range m.hosts {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b HostState) int { return cmp.Compare(a.Host, b.Host) })
	return out, nil
}

// SourceStatus implements State.
func (m *MemoryState) SourceStatus(_ context.Context, url string) (SourceStatus, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	if s, ok := m.sources[url]; ok {
		c := *s
		c.Failures, c.Skipped = maps.Clone(s.Failures), maps.Clone(s.Skipped)
		return c, true, nil
	}
	return SourceStatus{}, false, nil
}

// SetSourceStatus implements State.
func (m *MemoryState) SetSourceStatus(_ context.Context, s SourceStatus) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	s.Failures, s.Skipped = maps.Clone(s.Failures), maps.Clone(s.Skipped)
	m.sources[s.URL] = &s
	return nil
}

// Sources implements State.
func (m *MemoryState) Sources(context.Context) ([]SourceStatus, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	out := make([]SourceStatus, 0, len(m.sources))
	for _, s := range m.sources {
		c := *s
		c.Failures, c.Skipped = maps.Clone(s.Failures), maps.Clone(s.Skipped)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b SourceStatus) int { return cmp.Compare(a.URL, b.URL) })
	return out, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
