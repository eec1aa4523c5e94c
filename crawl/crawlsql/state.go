package crawlsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/store"
)

// State is a [crawl.State] kept in a [store.Store]'s database (tables
// crawl_urls, crawl_validators, crawl_hosts and crawl_sources, which the
// store's schema creates), as the crawl package documentation designs
// it. Several processes may share one: URLs are claimed under leases that
// lapse (a killed worker's claims return), and a host is taken for one
// request at a time in one transaction, so requests to a host stay apart
// across processes. In PostgreSQL, claimers skip each other's locked
// rows (FOR UPDATE SKIP LOCKED); in SQLite every write transaction is
// BEGIN IMMEDIATE, one at a time.
//
// Times are the caller's (the crawler's clock), stored as UTC
// microseconds; finer parts are dropped.
type State struct {
	db *sql.DB
	// rebind turns ? placeholders into the backend's; postgres says
	// which backend it is.
	rebind   func(string) string
	postgres bool
	// greatest is the function of the largest of its arguments;
	// forUpdate and skipLocked lock the rows a SELECT reads, where the
	// backend has row locks (SQLite's BEGIN IMMEDIATE locks it all).
	greatest, forUpdate, skipLocked string
}

var _ crawl.State = (*State)(nil)

// New returns the crawl State kept in s's database; it is valid while s
// is open.
func New(s *store.Store) *State {
	st := &State{db: s.DB(), rebind: s.Rebind, greatest: "MAX"}
	if s.Backend() == "postgres" {
		st.postgres = true
		st.greatest, st.forUpdate, st.skipLocked = "GREATEST", " FOR UPDATE", " FOR UPDATE SKIP LOCKED"
	}
	return st
}

// never is the stored form of the zero time in the columns compared in
// SQL: before every time.
const never = math.MinInt64

// at is the stored form of t in a NOT NULL time column.
func at(t time.Time) int64 {
	if t.IsZero() {
		return never
	}
	return t.UnixMicro()
}

// micros is the stored form of t in a nullable time column.
func micros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}

func fromAt(v int64) time.Time {
	if v == never {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// placeholders returns "?, ?, …", n of them.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// inTx runs f in a write transaction (BEGIN IMMEDIATE in SQLite) and
// commits it.
func (c *State) inTx(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("crawlsql: %s: begin: %w", what, store.ClassifyWriteError(err))
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return fmt.Errorf("crawlsql: %s: %w", what, store.ClassifyWriteError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("crawlsql: %s: commit: %w", what, store.ClassifyWriteError(err))
	}
	return nil
}

func (c *State) q(query string) string { return c.rebind(query) }

// Enqueue implements crawl.State.
func (c *State) Enqueue(ctx context.Context, entries []crawl.Entry, refresh bool) (int, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	added := 0
	err := c.inTx(ctx, "enqueue", func(tx *sql.Tx) error {
		added = 0
		if c.postgres {
			// Two batches inserting the same URLs in other orders would
			// wait on each other's unique keys: one enqueue at a time.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7008)`); err != nil {
				return err
			}
		}
		ins, err := tx.PrepareContext(ctx, c.q(`INSERT INTO crawl_urls (url, host, source, via, title, published, language)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`))
		if err != nil {
			return err
		}
		defer ins.Close()
		var upd *sql.Stmt
		if refresh {
			if upd, err = tx.PrepareContext(ctx, c.q(`UPDATE crawl_urls SET status = 0, next_try = ? WHERE url = ? AND status <> 0`)); err != nil {
				return err
			}
			defer upd.Close()
		}
		for _, e := range entries {
			res, err := ins.ExecContext(ctx, e.URL, e.Host, e.Source, e.Via, e.Title, micros(e.Published), e.Language)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				added++
				continue
			}
			if refresh {
				if _, err := upd.ExecContext(ctx, int64(never), e.URL); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// dueSQL is the condition of a URL that c may claim: not Done, due, and
// under no unexpired lease. Its parameters are now, now. "status <> 1"
// lets the planner use the partial index crawl_urls_due.
const dueSQL = `status <> 1 AND (status = 0 OR (status IN (2, 3) AND next_try <= ?)) AND lease_until <= ?`

const entryColumns = `url, host, source, via, title, published, language`

func scanEntry(sc interface{ Scan(...any) error }, e *crawl.Entry, more ...any) error {
	var pub sql.NullInt64
	if err := sc.Scan(append([]any{&e.URL, &e.Host, &e.Source, &e.Via, &e.Title, &pub, &e.Language}, more...)...); err != nil {
		return err
	}
	e.Published = fromMicros(pub)
	return nil
}

// ClaimDue implements crawl.State: in one transaction, it picks
// candidates (at most PerHost of a host, oldest due first), locks those
// no other claimer holds (SKIP LOCKED in PostgreSQL), checks again that
// they are due, and leases them.
//
// A claimer that finds every candidate locked by others tries again, up
// to three times, 10 ms apart, since an empty answer ends a crawler's
// pass while URLs beyond its candidates may still be due.
func (c *State) ClaimDue(ctx context.Context, cl crawl.Claim) ([]crawl.Entry, error) {
	for attempt := 1; ; attempt++ {
		out, cands, err := c.claimOnce(ctx, cl)
		if err != nil || len(out) > 0 || cands == 0 || attempt == 3 {
			return out, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// claimOnce is one claiming transaction; it returns the URLs claimed and
// the number of candidates it saw.
func (c *State) claimOnce(ctx context.Context, cl crawl.Claim) ([]crawl.Entry, int, error) {
	now := at(cl.Now)
	var (
		out   []crawl.Entry
		cands []any
	)
	err := c.inTx(ctx, "claim", func(tx *sql.Tx) error {
		out, cands = nil, nil
		args := []any{now, now}
		skip := ""
		if len(cl.SkipHosts) > 0 {
			skip = ` AND host NOT IN (` + placeholders(len(cl.SkipHosts)) + `)`
			for _, h := range cl.SkipHosts {
				args = append(args, h)
			}
		}
		perHost := ""
		if cl.PerHost > 0 {
			perHost = ` WHERE n <= ?`
			args = append(args, cl.PerHost)
		}
		limit := ""
		if cl.Limit > 0 {
			// More than the limit: some may be locked by other claimers.
			limit = ` LIMIT ?`
			args = append(args, 4*cl.Limit+16)
		}
		rows, err := tx.QueryContext(ctx, c.q(`SELECT url FROM (
				SELECT url, next_try, id,
				       row_number() OVER (PARTITION BY host ORDER BY next_try, id) AS n
				FROM crawl_urls
				WHERE `+dueSQL+skip+`) d`+perHost+`
			ORDER BY next_try, id`+limit), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			cands = append(cands, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(cands) == 0 {
			return nil
		}
		args = append([]any{now, now}, cands...)
		limit = ""
		if cl.Limit > 0 {
			limit = ` LIMIT ?`
			args = append(args, cl.Limit)
		}
		rows, err = tx.QueryContext(ctx, c.q(`SELECT `+entryColumns+` FROM crawl_urls
			WHERE `+dueSQL+` AND url IN (`+placeholders(len(cands))+`)
			ORDER BY next_try, id`+limit+c.skipLocked), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e crawl.Entry
			if err := scanEntry(rows, &e); err != nil {
				rows.Close()
				return err
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		args = []any{cl.Owner, at(cl.Now.Add(cl.Lease))}
		for _, e := range out {
			args = append(args, e.URL)
		}
		_, err = tx.ExecContext(ctx, c.q(`UPDATE crawl_urls SET owner = ?, lease_until = ?
			WHERE url IN (`+placeholders(len(out))+`)`), args...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, len(cands), nil
}

// ClaimURL implements crawl.State: the URL is added when unknown, then
// claimed by one conditional UPDATE, atomic in both backends.
func (c *State) ClaimURL(ctx context.Context, e crawl.Entry, cl crawl.Claim, refresh bool) (bool, error) {
	now := at(cl.Now)
	var ok bool
	err := c.inTx(ctx, "claim "+e.URL, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO crawl_urls (url, host, source, via, title, published, language)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`),
			e.URL, e.Host, e.Source, e.Via, e.Title, micros(e.Published), e.Language); err != nil {
			return err
		}
		if refresh {
			if _, err := tx.ExecContext(ctx, c.q(`UPDATE crawl_urls SET status = 0 WHERE url = ? AND status = 1`), e.URL); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, c.q(`UPDATE crawl_urls SET owner = ?, lease_until = ?
			WHERE url = ? AND `+dueSQL), cl.Owner, at(cl.Now.Add(cl.Lease)), e.URL, now, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}

// settle changes the URL if owner holds it or nobody does (any owner
// when owner is ""), and ends the lease.
func (c *State) settle(ctx context.Context, what, url, owner, set string, args ...any) error {
	args = append(args, url, owner, owner)
	_, err := c.db.ExecContext(ctx, c.q(`UPDATE crawl_urls SET `+set+`owner = '', lease_until = `+fmt.Sprint(int64(never))+`
		WHERE url = ? AND (? = '' OR owner = '' OR owner = ?)`), args...)
	if err != nil {
		return fmt.Errorf("crawlsql: %s %s: %w", what, url, store.ClassifyWriteError(err))
	}
	return nil
}

// Done implements crawl.State.
func (c *State) Done(ctx context.Context, url, owner string, t time.Time) error {
	return c.settle(ctx, "done", url, owner, `status = 1, reason = '', updated = ?, `, micros(t))
}

// Skip implements crawl.State.
func (c *State) Skip(ctx context.Context, url, owner, reason string, t, next time.Time) error {
	return c.settle(ctx, "skip", url, owner, `status = 2, reason = ?, next_try = ?, updated = ?, `, reason, at(next), micros(t))
}

// Fail implements crawl.State.
func (c *State) Fail(ctx context.Context, url, owner string, f crawl.Failure) error {
	return c.settle(ctx, "fail", url, owner, `status = 3, reason = ?, next_try = ?, updated = ?, attempts = attempts + ?, failures = failures + 1, `,
		f.Reason, at(f.NextTry), micros(f.At), f.Attempts)
}

// Release implements crawl.State.
func (c *State) Release(ctx context.Context, url, owner string) error {
	return c.settle(ctx, "release", url, owner, ``)
}

// Leased counts the URLs under a lease that has not lapsed at now, and
// returns when the last of those leases lapses. Once a crawler has ended
// (its own claims settled or released), these are another crawler's: one
// still running, or one that was killed and left them claimed, to be
// claimed again when the lease lapses.
func (c *State) Leased(ctx context.Context, now time.Time) (n int, until time.Time, err error) {
	var last sql.NullInt64
	err = c.db.QueryRowContext(ctx, c.q(`SELECT count(*), max(lease_until) FROM crawl_urls WHERE owner <> '' AND lease_until > ?`),
		at(now)).Scan(&n, &last)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("crawlsql: leased URLs: %w", err)
	}
	if last.Valid {
		until = fromAt(last.Int64)
	}
	return n, until, nil
}

const recordColumns = entryColumns + `, status, reason, attempts, failures, next_try, owner, lease_until, updated`

func scanRecord(sc interface{ Scan(...any) error }, r *crawl.URLRecord) error {
	var (
		status         int
		nextTry, lease int64
		updated        sql.NullInt64
	)
	if err := scanEntry(sc, &r.Entry, &status, &r.Reason, &r.Attempts, &r.Failures, &nextTry, &r.Owner, &lease, &updated); err != nil {
		return err
	}
	r.Status, r.NextTry, r.LeaseUntil, r.Updated = crawl.Status(status), fromAt(nextTry), fromAt(lease), fromMicros(updated)
	return nil
}

// URL implements crawl.State.
func (c *State) URL(ctx context.Context, url string) (crawl.URLRecord, bool, error) {
	var r crawl.URLRecord
	err := scanRecord(c.db.QueryRowContext(ctx, c.q(`SELECT `+recordColumns+` FROM crawl_urls WHERE url = ?`), url), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return crawl.URLRecord{}, false, nil
	}
	if err != nil {
		return crawl.URLRecord{}, false, fmt.Errorf("crawlsql: url %s: %w", url, err)
	}
	return r, true, nil
}

// NotStored implements crawl.State.
func (c *State) NotStored(ctx context.Context) ([]crawl.URLRecord, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT `+recordColumns+` FROM crawl_urls WHERE status IN (2, 3) ORDER BY updated DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("crawlsql: not stored: %w", err)
	}
	defer rows.Close()
	var out []crawl.URLRecord
	for rows.Next() {
		var r crawl.URLRecord
		if err := scanRecord(rows, &r); err != nil {
			return nil, fmt.Errorf("crawlsql: not stored: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawlsql: not stored: %w", err)
	}
	return out, nil
}

// PruneNotStored forgets the crawled URLs that failed or were skipped
// (those [State.NotStored] lists) and were last settled before before,
// unless a crawler holds them, and returns how many it forgot. A link
// found again later is crawled as new.
func (c *State) PruneNotStored(ctx context.Context, before time.Time) (int64, error) {
	res, err := c.db.ExecContext(ctx, c.q(`DELETE FROM crawl_urls WHERE status IN (2, 3) AND owner = '' AND updated < ?`), micros(before))
	if err != nil {
		return 0, fmt.Errorf("crawlsql: prune not stored: %w", store.ClassifyWriteError(err))
	}
	return res.RowsAffected()
}

// Count returns how many URLs the State holds in each status, for
// metrics (the queue's depth is Count's Pending).
func (c *State) Count(ctx context.Context) (map[crawl.Status]int, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM crawl_urls GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("crawlsql: count: %w", err)
	}
	defer rows.Close()
	out := make(map[crawl.Status]int)
	for rows.Next() {
		var status, n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("crawlsql: count: %w", err)
		}
		out[crawl.Status(status)] = n
	}
	return out, rows.Err()
}

// Retry implements crawl.State.
func (c *State) Retry(ctx context.Context, statuses []crawl.Status, reason string) (int, error) {
	if len(statuses) == 0 {
		return 0, nil
	}
	args := []any{int64(never)}
	for _, st := range statuses {
		args = append(args, int(st))
	}
	args = append(args, reason, reason)
	res, err := c.db.ExecContext(ctx, c.q(`UPDATE crawl_urls SET status = 0, next_try = ?
		WHERE status IN (`+placeholders(len(statuses))+`) AND substr(reason, 1, length(?)) = ?`), args...)
	if err != nil {
		return 0, fmt.Errorf("crawlsql: retry: %w", store.ClassifyWriteError(err))
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Validators implements crawl.State.
func (c *State) Validators(ctx context.Context, resource string) (fetch.Validators, error) {
	var v fetch.Validators
	err := c.db.QueryRowContext(ctx, c.q(`SELECT etag, last_modified FROM crawl_validators WHERE resource = ?`), resource).
		Scan(&v.ETag, &v.LastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return fetch.Validators{}, nil
	}
	if err != nil {
		return fetch.Validators{}, fmt.Errorf("crawlsql: validators %s: %w", resource, err)
	}
	return v, nil
}

// SetValidators implements crawl.State.
func (c *State) SetValidators(ctx context.Context, resource string, v fetch.Validators) error {
	var err error
	if v.IsZero() {
		_, err = c.db.ExecContext(ctx, c.q(`DELETE FROM crawl_validators WHERE resource = ?`), resource)
	} else {
		_, err = c.db.ExecContext(ctx, c.q(`INSERT INTO crawl_validators (resource, etag, last_modified) VALUES (?, ?, ?)
			ON CONFLICT (resource) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified`),
			resource, v.ETag, v.LastModified)
	}
	if err != nil {
		return fmt.Errorf("crawlsql: set validators %s: %w", resource, store.ClassifyWriteError(err))
	}
	return nil
}

const hostColumns = `host, robots_status, robots_body, robots_error, robots_fetched, robots_expires, failures, backoff_until, next_allowed, busy_until`

func scanHost(sc interface{ Scan(...any) error }, h *crawl.HostState) error {
	var (
		fetched, expires     sql.NullInt64
		backoff, nextAllowed int64
		busy                 int64
	)
	if err := sc.Scan(&h.Host, &h.RobotsStatus, &h.RobotsBody, &h.RobotsError, &fetched, &expires, &h.Failures, &backoff, &nextAllowed, &busy); err != nil {
		return err
	}
	h.RobotsFetched, h.RobotsExpires = fromMicros(fetched), fromMicros(expires)
	h.BackoffUntil, h.NextAllowed, h.BusyUntil = fromAt(backoff), fromAt(nextAllowed), fromAt(busy)
	return nil
}

// Host implements crawl.State.
func (c *State) Host(ctx context.Context, host string) (crawl.HostState, error) {
	var h crawl.HostState
	err := scanHost(c.db.QueryRowContext(ctx, c.q(`SELECT `+hostColumns+` FROM crawl_hosts WHERE host = ?`), host), &h)
	if errors.Is(err, sql.ErrNoRows) {
		return crawl.HostState{Host: host}, nil
	}
	if err != nil {
		return crawl.HostState{}, fmt.Errorf("crawlsql: host %s: %w", host, err)
	}
	return h, nil
}

func (c *State) addHost(ctx context.Context, tx *sql.Tx, host string) error {
	_, err := tx.ExecContext(ctx, c.q(`INSERT INTO crawl_hosts (host) VALUES (?) ON CONFLICT (host) DO NOTHING`), host)
	return err
}

// UpdateHost implements crawl.State: the row is read FOR UPDATE (in
// SQLite, inside BEGIN IMMEDIATE), changed by update and written back in
// one transaction.
func (c *State) UpdateHost(ctx context.Context, host string, update func(*crawl.HostState)) error {
	return c.inTx(ctx, "update host "+host, func(tx *sql.Tx) error {
		if err := c.addHost(ctx, tx, host); err != nil {
			return err
		}
		var h crawl.HostState
		if err := scanHost(tx.QueryRowContext(ctx, c.q(`SELECT `+hostColumns+` FROM crawl_hosts WHERE host = ?`+c.forUpdate), host), &h); err != nil {
			return err
		}
		update(&h)
		_, err := tx.ExecContext(ctx, c.q(`UPDATE crawl_hosts SET robots_status = ?, robots_body = ?, robots_error = ?,
				robots_fetched = ?, robots_expires = ?, failures = ?, backoff_until = ?, next_allowed = ?, busy_until = ?
			WHERE host = ?`),
			h.RobotsStatus, h.RobotsBody, h.RobotsError, micros(h.RobotsFetched), micros(h.RobotsExpires),
			h.Failures, at(h.BackoffUntil), at(h.NextAllowed), at(h.BusyUntil), host)
		return err
	})
}

// AcquireHost implements crawl.State: the row is read FOR UPDATE (in
// SQLite, inside BEGIN IMMEDIATE), and written back when the host is
// taken, in one transaction, so that of crawlers that try at once in any
// number of processes exactly one takes the host.
func (c *State) AcquireHost(ctx context.Context, host string, now time.Time, gap, hold time.Duration) (crawl.HostState, bool, error) {
	var (
		h  crawl.HostState
		ok bool
	)
	err := c.inTx(ctx, "acquire host "+host, func(tx *sql.Tx) error {
		if err := c.addHost(ctx, tx, host); err != nil {
			return err
		}
		if err := scanHost(tx.QueryRowContext(ctx, c.q(`SELECT `+hostColumns+` FROM crawl_hosts WHERE host = ?`+c.forUpdate), host), &h); err != nil {
			return err
		}
		if ok = h.Acquire(now, gap, hold); !ok {
			return nil
		}
		_, err := tx.ExecContext(ctx, c.q(`UPDATE crawl_hosts SET next_allowed = ?, busy_until = ? WHERE host = ?`),
			at(h.NextAllowed), at(h.BusyUntil), host)
		return err
	})
	if err != nil {
		return crawl.HostState{}, false, err
	}
	return h, ok, nil
}

// Hosts implements crawl.State.
func (c *State) Hosts(ctx context.Context) ([]crawl.HostState, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT `+hostColumns+` FROM crawl_hosts`)
	if err != nil {
		return nil, fmt.Errorf("crawlsql: hosts: %w", err)
	}
	defer rows.Close()
	var out []crawl.HostState
	for rows.Next() {
		var h crawl.HostState
		if err := scanHost(rows, &h); err != nil {
			return nil, fmt.Errorf("crawlsql: hosts: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawlsql: hosts: %w", err)
	}
	// By byte order, as MemoryState does, whatever the collation.
	slices.SortFunc(out, func(a, b crawl.HostState) int { return strings.Compare(a.Host, b.Host) })
	return out, nil
}

const sourceColumns = `url, kind, last_poll, next_poll, new_articles, total_articles, failures, error, skipped, failed_polls`

func scanSource(sc interface{ Scan(...any) error }, s *crawl.SourceStatus) error {
	var (
		kind       int
		last, next sql.NullInt64
		failures   string
		skipped    string
	)
	if err := sc.Scan(&s.URL, &kind, &last, &next, &s.NewArticles, &s.TotalArticles, &failures, &s.Error, &skipped, &s.FailedPolls); err != nil {
		return err
	}
	s.Kind, s.LastPoll, s.NextPoll = crawl.Kind(kind), fromMicros(last), fromMicros(next)
	var err error
	if s.Failures, err = counts(failures); err != nil {
		return fmt.Errorf("failures of %s: %w", s.URL, err)
	}
	if s.Skipped, err = counts(skipped); err != nil {
		return fmt.Errorf("skips of %s: %w", s.URL, err)
	}
	return nil
}

// counts reads a JSON object of counts; an empty one is nil.
func counts(js string) (map[string]int, error) {
	if js == "" || js == "{}" || js == "null" {
		return nil, nil
	}
	var m map[string]int
	err := json.Unmarshal([]byte(js), &m)
	return m, err
}

// countsJSON is the stored form of counts.
func countsJSON(m map[string]int) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	js, err := json.Marshal(m)
	return string(js), err
}

// SourceStatus implements crawl.State.
func (c *State) SourceStatus(ctx context.Context, url string) (crawl.SourceStatus, bool, error) {
	var s crawl.SourceStatus
	err := scanSource(c.db.QueryRowContext(ctx, c.q(`SELECT `+sourceColumns+` FROM crawl_sources WHERE url = ?`), url), &s)
	if errors.Is(err, sql.ErrNoRows) {
		return crawl.SourceStatus{}, false, nil
	}
	if err != nil {
		return crawl.SourceStatus{}, false, fmt.Errorf("crawlsql: source %s: %w", url, err)
	}
	return s, true, nil
}

// SetSourceStatus implements crawl.State.
func (c *State) SetSourceStatus(ctx context.Context, s crawl.SourceStatus) error {
	failures, err := countsJSON(s.Failures)
	if err != nil {
		return fmt.Errorf("crawlsql: source %s: %w", s.URL, err)
	}
	skipped, err := countsJSON(s.Skipped)
	if err != nil {
		return fmt.Errorf("crawlsql: source %s: %w", s.URL, err)
	}
	_, err = c.db.ExecContext(ctx, c.q(`INSERT INTO crawl_sources (`+sourceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, last_poll = excluded.last_poll, next_poll = excluded.next_poll,
			new_articles = excluded.new_articles, total_articles = excluded.total_articles,
			failures = excluded.failures, error = excluded.error, skipped = excluded.skipped, failed_polls = excluded.failed_polls`),
		s.URL, int(s.Kind), micros(s.LastPoll), micros(s.NextPoll), s.NewArticles, s.TotalArticles, failures, s.Error, skipped, s.FailedPolls)
	if err != nil {
		return fmt.Errorf("crawlsql: set source %s: %w", s.URL, store.ClassifyWriteError(err))
	}
	return nil
}

// Sources implements crawl.State.
func (c *State) Sources(ctx context.Context) ([]crawl.SourceStatus, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM crawl_sources`)
	if err != nil {
		return nil, fmt.Errorf("crawlsql: sources: %w", err)
	}
	defer rows.Close()
	var out []crawl.SourceStatus
	for rows.Next() {
		var s crawl.SourceStatus
		if err := scanSource(rows, &s); err != nil {
			return nil, fmt.Errorf("crawlsql: sources: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawlsql: sources: %w", err)
	}
	slices.SortFunc(out, func(a, b crawl.SourceStatus) int { return strings.Compare(a.URL, b.URL) })
	return out, nil
}
