package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
	"github.com/newsingest/newslooks/store/internal/pgtext"
)

// An Outcome says what [Store.Put] did with an article.
type Outcome int

const (
	// New: the article was stored.
	New Outcome = iota + 1
	// Updated: an article at the same canonical URL was stored before and
	// its content changed; the newer version replaced it.
	Updated
	// Unchanged: the article was stored before, with the same content (or
	// the stored version is newer); nothing was written.
	Unchanged
	// Duplicate: the same body is stored under another URL; only the URL
	// was recorded, as an alias of the stored article.
	Duplicate
	// NearDuplicate: a near copy of a stored article (see package dedup);
	// it was stored, marked as a duplicate of the first copy seen.
	NearDuplicate
)

var outcomeNames = [...]string{New: "new", Updated: "updated", Unchanged: "unchanged", Duplicate: "duplicate", NearDuplicate: "near-duplicate"}

// String returns "new", "updated", "unchanged", "duplicate" or
// "near-duplicate".
func (o Outcome) String() string {
	if o > 0 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// PutInfo is what the caller knows about an article beyond the Article.
type PutInfo struct {
	// URL is the address the article was read from, used when the
	// Article's own URL is empty.
	URL string
	// Source is the kind of input: "file", "feed", "url", "warc", …
	Source string
	// Fetched is when the input was read; zero when unknown.
	Fetched time.Time
}

// An Item is one article of a batch for [Store.PutBatch].
type Item struct {
	Article *newslooks.Article
	Info    PutInfo
}

// Put stores one article in its own transaction and says what it did:
//
//   - The article's identity is the canonical form ([dedup.CanonicalURL]) of
//     its URL field, or of info.URL when that is empty. One canonical URL
//     is stored once: ingesting it again writes nothing ([Unchanged])
//     unless the body or any other field changed, and then the newer
//     version is kept ([Updated]); a version whose Modified time is older
//     than the stored one's is ignored.
//   - A body equal, after normalization ([dedup.ContentHash]), to a stored
//     article's under another URL is a [Duplicate]: the URL is recorded as
//     an alias of the stored article and the article is not stored again.
//   - A near copy of a stored article ([dedup.Similar]) is stored, with
//     DuplicateOf naming the first copy seen ([NearDuplicate]).
//   - An article without any URL is identified by its content alone: the
//     same body again is [Unchanged] when it comes from the same
//     Article.Source, and a [Duplicate] (of which nothing is recorded,
//     there being no URL to alias) when it comes from elsewhere.
func (s *Store) Put(ctx context.Context, a *newslooks.Article, info PutInfo) (Outcome, error) {
	out, err := s.PutBatch(ctx, []Item{{a, info}})
	if err != nil {
		return 0, err
	}
	return out[0], nil
}

// PutBatch stores the items as Put does, in one transaction with prepared
// statements: much faster than one Put per article. Either every item is
// stored or, on error, none. The outcomes are in the items' order.
//
// PutBatch prepares each item ([Store.Prepare]) and stores them ([Store.PutPrepared]);
// a caller that can prepare articles elsewhere (in the goroutines that
// parse them) calls the two itself, so that the write transaction holds
// only the writing.
//
// A write that fails because the disk is full is an ErrDiskFull error.
func (s *Store) PutBatch(ctx context.Context, items []Item) ([]Outcome, error) {
	preps := make([]*Prepared, len(items))
	for i, it := range items {
		pr, err := s.Prepare(it.Article, it.Info)
		if err != nil {
			return nil, fmt.Errorf("item %d of %d: %w", i+1, len(items), err)
		}
		preps[i] = pr
	}
	return s.PutPrepared(ctx, preps)
}

// PutPrepared stores prepared articles as [Store.PutBatch] stores items,
// in one transaction, and returns the outcomes in their order. It does
// no per-article work but the lookups and writes: the JSON, text,
// content hash, canonical URL and fingerprint were computed by
// [Store.Prepare].
//
// A write that fails because the disk is full is an ErrDiskFull error.
func (s *Store) PutPrepared(ctx context.Context, preps []*Prepared) (_ []Outcome, err error) {
	defer func() { err = s.diskFull(err) }()
	if len(preps) == 0 {
		return nil, nil
	}
	for i, pr := range preps {
		if pr == nil {
			return nil, fmt.Errorf("store: put: item %d of %d is a nil Prepared", i+1, len(preps))
		}
	}
	// A connection of its own, on which PostgreSQL's COPY runs within the
	// transaction.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", classifyWriteError(err))
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", classifyWriteError(err))
	}
	defer tx.Rollback()
	if s.backend == "postgres" {
		// One writer at a time, as SQLite has: Put reads, then writes. The
		// lock is the store's (keyed by its articles table), so that
		// stores in other schemas of the database do not wait for it.
		// The batch's statements are planned once, without their
		// arguments: else the server plans each multi-row INSERT anew
		// with its arrays (megabytes of text) as constants, and copies
		// them several times doing so.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7007, 'articles'::regclass::oid::int);
			SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
			return nil, fmt.Errorf("store: take the write lock: %w", classifyWriteError(err))
		}
	}
	p := &putter{s: s, conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}, now: time.Now()}
	defer p.close()
	if s.backend == "postgres" {
		p.pg = &pgQueue{}
	}
	if len(preps) >= prefetchMin {
		if err := p.prefetch(ctx, preps); err != nil {
			return nil, fmt.Errorf("store: look up: %w", classifyWriteError(err))
		}
	}
	out := make([]Outcome, len(preps))
	for i, pr := range preps {
		if p.pg != nil {
			p.pg.want = len(preps) - i
		}
		if out[i], err = p.put(ctx, pr); err != nil {
			return nil, fmt.Errorf("store: put %s: %w", describe(pr.a, pr.info), classifyWriteError(err))
		}
	}
	if err := p.flush(ctx); err != nil {
		return nil, fmt.Errorf("store: index: %w", classifyWriteError(err))
	}
	if p.crossedMerge {
		if err := p.mergeBands(ctx); err != nil {
			return nil, fmt.Errorf("store: band keys: %w", classifyWriteError(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: commit: %w", classifyWriteError(err))
	}
	return out, nil
}

// describe names an article in an error: its URL, else where it was read.
func describe(a *newslooks.Article, info PutInfo) string {
	switch {
	case a == nil:
		return "nil article"
	case a.URL != "":
		return a.URL
	case info.URL != "":
		return info.URL
	case a.Source != "":
		return a.Source
	}
	return fmt.Sprintf("%q", a.Headline)
}

// urlKey is the article's identity: its canonical URL, or the trimmed
// address as given when it cannot be canonicalized, or "" without one.
func urlKey(a *newslooks.Article, info PutInfo) string {
	raw := a.URL
	if strings.TrimSpace(raw) == "" {
		raw = info.URL
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if c, err := dedup.CanonicalURL(raw); err == nil {
		return c
	}
	return raw
}

type putter struct {
	s     *Store
	conn  *sql.Conn // tx's
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	now   time.Time

	// What the batch's lookups can find: the URLs, content hashes and
	// band keys of its articles that the store held when the batch began
	// (prefetch), and those the batch has written since. A key in
	// neither is not looked up. A putter without a prefetch (nil maps)
	// looks everything up.
	urls, hashes map[string]bool
	bands        map[int64]bool

	// crossedMerge is set when the batch stores an article whose id is a
	// multiple of mergeEvery: then mergeBands runs before it commits.
	crossedMerge bool

	pg *pgQueue // PostgreSQL: rows to write at flush, nil when written at once

	ftsDeletes []int64  // SQLite: FTS rows to delete at flush
	ftsRows    []ftsRow // SQLite: FTS rows to insert at flush
	ftsBytes   int      // the text the queued FTS rows hold
}

// The most FTS rows, and text bytes in them, that one flush writes: a
// batch of any size is written in statements of bounded size, because
// SQLite (in its WebAssembly build, with a fixed memory) fails with "out
// of memory" on one statement carrying the text of 10,000 articles. With
// 4 MiB a flush still covers hundreds of typical articles, so FTS5 still
// writes few, large index segments.
const (
	maxFTSRows  = 1000
	maxFTSBytes = 4 << 20
)

func (p *putter) close() {
	for _, st := range p.stmts {
		st.Close()
	}
}

// stmt returns the prepared form of q, preparing it once per batch.
func (p *putter) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := p.stmts[q]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(ctx, p.s.d.rebind(q))
	if err != nil {
		return nil, err
	}
	p.stmts[q] = st
	return st, nil
}

func (p *putter) exec(ctx context.Context, q string, args ...any) error {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

func (p *putter) queryRow(ctx context.Context, q string, args ...any) (*sql.Row, error) {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(ctx, args...), nil
}

func micros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// A Prepared is an article made ready for the store by [Store.Prepare]: its
// JSON, its text, its content hash, its canonical URL and its MinHash
// fingerprint, everything [Store.PutPrepared] needs and nothing that
// depends on what the store holds. It refers to the Article, which must
// not change until it is stored.
type Prepared struct {
	a     *newslooks.Article
	info  PutInfo
	js    []byte
	text  string
	hash  string
	sig   dedup.Sig
	key   string
	bands []uint64
	// tsv is the tsvector of the headline and text in binary form
	// (pgtext.EnglishBinary) when [Store.Prepare] computed it for
	// PostgreSQL (tsvDone), nil when pgtext refused the text.
	tsv     tsvectorBinary
	tsvDone bool
}

// prepare computes, of one article, what storing it needs in any store
// (see [Store.Prepare]).
func prepare(a *newslooks.Article, info PutInfo) (*Prepared, error) {
	if a == nil {
		return nil, errors.New("store: put: nil article")
	}
	// The same bytes as json.Marshal(a), without its second pass over
	// the output of MarshalJSON.
	js, err := a.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("store: put %s: %w", describe(a, info), err)
	}
	text := a.Text()
	hash, sig := dedup.Digest(text)
	return &Prepared{a: a, info: info, js: js, text: text, hash: hash, sig: sig, key: urlKey(a, info), bands: sig.Bands()}, nil
}

// Prepare computes, of one article, what storing it needs before the
// store is looked at: its JSON, text, content hash, canonical URL and
// fingerprint (about 300 µs for a 6 KB article, most of it the
// fingerprint and the content hash), and for PostgreSQL its tsvector
// (package pgtext), which the server would otherwise compute in the
// write. It is the per-article work of [Store.PutBatch], which calls it,
// and is safe to call from many goroutines at once, so that the
// goroutines that parse articles can prepare them too and leave the
// writer only the writing ([Store.PutPrepared]), and several ingest
// processes leave the database server they share only the storing. The
// error is that of a nil article or of one whose JSON cannot be written,
// and names it.
func (s *Store) Prepare(a *newslooks.Article, info PutInfo) (*Prepared, error) {
	pr, err := prepare(a, info)
	if err != nil || !s.goTSV {
		return pr, err
	}
	pr.tsv, _ = pgtext.EnglishBinary(a.Headline, pr.text)
	pr.tsvDone = true
	return pr, nil
}

// Size returns the bytes the prepared article holds (its JSON and its
// text), by which a caller bounds the memory of the batches it queues.
func (p *Prepared) Size() int { return len(p.js) + len(p.text) + len(p.tsv) }

// Article returns the article that was prepared.
func (p *Prepared) Article() *newslooks.Article { return p.a }

// prefetchMin is the least batch that prefetch serves: for one article,
// its three queries cost about what they save; for two and more (ingest
// starts with batches of eight), they cost less than the lookups they
// spare.
const prefetchMin = 2

// prefetch finds, in one query each, which of the batch's URLs (as
// articles or aliases), content hashes and band keys the store holds, so
// that put looks up only those.
func (p *putter) prefetch(ctx context.Context, preps []*Prepared) error {
	var urls, hashes []string
	var bands []int64
	for _, pr := range preps {
		if pr.key != "" {
			urls = append(urls, pr.key)
		}
		if pr.hash != "" {
			hashes = append(hashes, pr.hash)
		}
		for _, b := range pr.bands {
			bands = append(bands, int64(b))
		}
	}
	p.urls, p.hashes, p.bands = map[string]bool{}, map[string]bool{}, map[int64]bool{}
	stored := p.s.d.stored
	for _, q := range []struct {
		query string
		n     int // len(keys)
		keys  any
		add   func(*sql.Rows) error
	}{
		{stored("articles", "url", false) + ` UNION ALL ` + stored("aliases", "url", false), len(urls), urls,
			func(r *sql.Rows) error { var k string; err := r.Scan(&k); p.urls[k] = true; return err }},
		{stored("articles", "content_hash", false), len(hashes), hashes,
			func(r *sql.Rows) error { var k string; err := r.Scan(&k); p.hashes[k] = true; return err }},
		{stored("bands", "band", true) + ` UNION ALL ` + stored("bands_recent", "band", true), len(bands), bands,
			func(r *sql.Rows) error { var k int64; err := r.Scan(&k); p.bands[k] = true; return err }},
	} {
		if q.n == 0 {
			continue
		}
		js, err := json.Marshal(q.keys)
		if err != nil {
			return err
		}
		args := []any{string(js)}
		if strings.Count(q.query, "?") == 2 {
			args = append(args, string(js))
		}
		rows, err := p.tx.QueryContext(ctx, p.s.d.rebind(q.query), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := q.add(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// mayHold reports whether a lookup of key in m can find anything: true
// without a prefetch.
func mayHold[K comparable](m map[K]bool, key K) bool { return m == nil || m[key] }

// noted records a key the batch wrote, for mayHold.
func noted[K comparable](m map[K]bool, key K) {
	if m != nil {
		m[key] = true
	}
}

func (p *putter) put(ctx context.Context, pr *Prepared) (Outcome, error) {
	a, info, js, text, hash, sig, key := pr.a, pr.info, pr.js, pr.text, pr.hash, pr.sig, pr.key
	now := p.now.UnixMicro()

	if key != "" && mayHold(p.urls, key) {
		if err := p.beforeLookup(ctx); err != nil {
			return 0, err
		}
		// The same URL stored before?
		var (
			id         int64
			storedHash sql.NullString
			storedMod  sql.NullInt64
			storedJSON []byte
			dupOf      sql.NullInt64
		)
		row, err := p.queryRow(ctx, `SELECT id, content_hash, modified, article, duplicate_of FROM articles WHERE url = ?`, key)
		if err != nil {
			return 0, err
		}
		switch err := row.Scan(&id, &storedHash, &storedMod, &storedJSON, &dupOf); {
		case err == nil:
			if sameContent(a, js, storedJSON) {
				return Unchanged, nil
			}
			if storedMod.Valid && !a.Modified.IsZero() && a.Modified.UnixMicro() < storedMod.Int64 {
				return Unchanged, nil // we hold a newer version
			}
			if err := p.update(ctx, id, pr, !dupOf.Valid); err != nil {
				return 0, err
			}
			return Updated, nil
		case !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
		// A URL recorded as an alias of a stored article?
		row, err = p.queryRow(ctx, `SELECT a.content_hash FROM aliases al JOIN articles a ON a.id = al.article_id WHERE al.url = ?`, key)
		if err != nil {
			return 0, err
		}
		switch err := row.Scan(&storedHash); {
		case err == nil:
			if hash != "" && storedHash.String == hash {
				return Unchanged, nil
			}
			// The page at that URL now says something else: store it as
			// its own article.
			if err := p.exec(ctx, `DELETE FROM aliases WHERE url = ?`, key); err != nil {
				return 0, err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
	}

	if hash != "" && mayHold(p.hashes, hash) {
		if err := p.beforeLookup(ctx); err != nil {
			return 0, err
		}
		var (
			id     int64
			origin string
		)
		row, err := p.queryRow(ctx, `SELECT id, origin FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1`, hash)
		if err != nil {
			return 0, err
		}
		switch err := row.Scan(&id, &origin); {
		case err == nil:
			if key == "" {
				if origin == a.Source {
					return Unchanged, nil
				}
				return Duplicate, nil
			}
			if err := p.exec(ctx, `INSERT INTO aliases (url, article_id, source, ingested) VALUES (?, ?, ?, ?)`, key, id, info.Source, now); err != nil {
				return 0, err
			}
			noted(p.urls, key)
			return Duplicate, nil
		case !errors.Is(err, sql.ErrNoRows):
			return 0, err
		}
	}

	first, err := p.nearDuplicateOf(ctx, sig)
	if err != nil {
		return 0, err
	}
	var id int64
	dupOf := sql.NullInt64{Int64: first, Valid: first != 0}
	if p.pg != nil {
		// The searched body goes in with the row (a second UPDATE would
		// write the row and compute its tsvector twice), queued to be
		// written with the batch's other rows.
		if id, err = p.queueArticle(ctx, articleRow{url: nullStringPtr(key), hash: nullStringPtr(hash),
			source: info.Source, origin: a.Source, headline: a.Headline, language: a.Language, body: searchedBody(text, first == 0),
			published: nullInt64Ptr(micros(a.Published)), modified: nullInt64Ptr(micros(a.Modified)), fetched: nullInt64Ptr(micros(info.Fetched)),
			duplicateOf: nullInt64Ptr(dupOf), now: now, fingerprint: sigBytes(sig), json: js, tsv: p.tsvector(pr, first == 0)}); err != nil {
			return 0, err
		}
	} else {
		row, err := p.queryRow(ctx, articleInsert, nullString(key), info.Source, a.Source, a.Headline, micros(a.Published), micros(a.Modified),
			micros(info.Fetched), now, now, a.Language, nullString(hash), sigBytes(sig), fingerprintVersion, dupOf, js)
		if err != nil {
			return 0, err
		}
		if err := row.Scan(&id); err != nil {
			return 0, err
		}
		if id%mergeEvery == 0 {
			p.crossedMerge = true
		}
	}
	noted(p.urls, key)
	noted(p.hashes, hash)
	if first != 0 {
		return NearDuplicate, nil
	}
	if err := p.index(ctx, id, a, text, false); err != nil {
		return 0, err
	}
	if err := p.addBands(ctx, id, sig); err != nil {
		return 0, err
	}
	return New, nil
}

// sigBytes is the stored form of a signature: nil for the empty one.
func sigBytes(sig dedup.Sig) []byte {
	if sig.Empty() {
		return nil
	}
	b, _ := sig.MarshalBinary()
	return b
}

// sameContent reports whether the article equals the stored one in every
// field but Source and URL: where it was read from this time, and how its
// address, canonically the same, was written.
func sameContent(a *newslooks.Article, js, stored []byte) bool {
	if bytes.Equal(js, stored) {
		return true
	}
	var old newslooks.Article
	if json.Unmarshal(stored, &old) != nil {
		return false
	}
	old.Source, old.URL = "", ""
	cur := *a
	cur.Source, cur.URL = "", ""
	x, err1 := json.Marshal(&old)
	y, err2 := json.Marshal(&cur)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// tsvector returns the tsvector (in binary form) of a new version of
// pr's article for PostgreSQL's articles.tsv: of the headline and text of
// a first copy, of the headline alone for a near copy (whose body is not
// stored); nil where the server is to compute it (see Store.goTSV).
func (p *putter) tsvector(pr *Prepared, first bool) tsvectorBinary {
	if !p.s.goTSV {
		return nil
	}
	v := pr.tsv
	switch {
	case !first:
		v, _ = pgtext.EnglishBinary(pr.a.Headline, "")
	case !pr.tsvDone: // prepared by a store that leaves it to its server
		v, _ = pgtext.EnglishBinary(pr.a.Headline, pr.text)
	}
	return v
}

func (p *putter) update(ctx context.Context, id int64, pr *Prepared, original bool) error {
	a, info, js, text, hash, sig := pr.a, pr.info, pr.js, pr.text, pr.hash, pr.sig
	if original {
		// Remove the old version's band keys, found from its fingerprint
		// through the primary key (band, article_id).
		var oldFP []byte
		row, err := p.queryRow(ctx, `SELECT fingerprint FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if err := row.Scan(&oldFP); err != nil {
			return err
		}
		var old dedup.Sig
		if old.UnmarshalBinary(oldFP) == nil {
			for _, b := range old.Bands() {
				for _, q := range []string{`DELETE FROM bands WHERE band = ? AND article_id = ?`, `DELETE FROM bands_recent WHERE band = ? AND article_id = ?`} {
					if err := p.exec(ctx, q, int64(b), id); err != nil {
						return err
					}
				}
			}
		}
	}
	args := []any{info.Source, a.Source, a.Headline, micros(a.Published), micros(a.Modified), micros(info.Fetched),
		p.now.UnixMicro(), a.Language, nullString(hash), sigBytes(sig), fingerprintVersion, js}
	q := articleUpdate
	if p.s.backend == "postgres" {
		q = articleUpdatePG
		body := searchedBody(text, original)
		var tsv any // NULL: the server computes it
		if v := p.tsvector(pr, original); v != nil {
			tsv = v
		}
		args = append(args, body, tsv, a.Headline, body)
	}
	if err := p.exec(ctx, q, append(args, id)...); err != nil {
		return err
	}
	noted(p.hashes, hash)
	if !original {
		return nil // near copies are neither searched nor looked up
	}
	if err := p.index(ctx, id, a, text, true); err != nil {
		return err
	}
	return p.addBands(ctx, id, sig)
}

const (
	articleColumns = `url, source, origin, headline, published, modified, fetched, ingested, updated, language, content_hash, fingerprint, fingerprint_version, duplicate_of, article`
	articleInsert  = `INSERT INTO articles (` + articleColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	articleSet     = `UPDATE articles SET source = ?, origin = ?, headline = ?, published = ?, modified = ?, fetched = ?,
		updated = ?, language = ?, content_hash = ?, fingerprint = ?, fingerprint_version = ?, article = ?`
	articleUpdate   = articleSet + ` WHERE id = ?`
	articleUpdatePG = articleSet + `, body = ?, tsv = COALESCE(?::tsvector, ` + tsvectorPG + `) WHERE id = ?`
	// tsvectorPG is the tsvector that PostgreSQL computes where the store
	// does not send one, of two parameters: the headline and the body.
	tsvectorPG = `setweight(to_tsvector('english', ?::text), 'A') || setweight(to_tsvector('english', ?::text), 'B')`
)

// searchedBody is what PostgreSQL's body column holds: the text of a first
// copy, which its tsvector indexes; nothing for a near copy, which is
// never searched.
func searchedBody(text string, first bool) string {
	if first {
		return text
	}
	return ""
}

// index makes a first copy's text searchable. PostgreSQL's body column is
// written with the row (searchedBody), so there is nothing left to do; SQLite's FTS5 rows are queued and written by flush in one
// statement per batch, because FTS5 writes its pending index to disk at
// every statement savepoint: one insert per article would write thousands
// of tiny index segments per batch and merge them over and over.
func (p *putter) index(ctx context.Context, id int64, a *newslooks.Article, text string, replace bool) error {
	if p.s.backend == "postgres" {
		return nil
	}
	at := p.now.UnixMicro()
	if !a.Published.IsZero() {
		at = a.Published.UnixMicro()
	}
	row := ftsRow{id, a.Headline, text, at}
	if replace {
		// A version queued earlier in this batch is replaced in the
		// queue; one already written is deleted at the next flush.
		for i := range p.ftsRows {
			if p.ftsRows[i].ID == id {
				p.ftsBytes += len(a.Headline) + len(text) - len(p.ftsRows[i].Headline) - len(p.ftsRows[i].Body)
				p.ftsRows[i] = row
				return nil
			}
		}
		p.ftsDeletes = append(p.ftsDeletes, id)
	}
	p.ftsRows = append(p.ftsRows, row)
	p.ftsBytes += len(a.Headline) + len(text)
	if len(p.ftsRows) >= maxFTSRows || p.ftsBytes >= maxFTSBytes {
		return p.flush(ctx)
	}
	return nil
}

type ftsRow struct {
	ID       int64
	Headline string
	Body     string
	At       int64 // publication time, else ingest time (µs)
}

// flush writes the queued FTS5 changes: the deletions, then the new rows;
// in PostgreSQL, the queued rows (flushPG).
func (p *putter) flush(ctx context.Context) error {
	if p.pg != nil {
		if err := p.flushPG(ctx); err != nil {
			return err
		}
		return p.giveBackIDs(ctx)
	}
	if len(p.ftsDeletes) > 0 {
		js, err := json.Marshal(p.ftsDeletes)
		if err != nil {
			return err
		}
		if _, err := p.tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid IN (SELECT value FROM json_each(?))`, js); err != nil {
			return err
		}
		p.ftsDeletes = p.ftsDeletes[:0]
	}
	for rows := p.ftsRows; len(rows) > 0; {
		n := min(len(rows), ftsInsertRows)
		args := make([]any, 0, 4*n)
		for _, r := range rows[:n] {
			args = append(args, r.ID, r.Headline, r.Body, r.At)
		}
		q := `INSERT INTO articles_fts (rowid, headline, body, at) VALUES (?, ?, ?, ?)` + strings.Repeat(", (?, ?, ?, ?)", n-1)
		if _, err := p.tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	p.ftsRows = p.ftsRows[:0]
	p.ftsBytes = 0
	return nil
}

// ftsInsertRows is how many FTS5 rows flush inserts per statement: 2,000
// parameters, well under SQLite's limit of 32,766.
const ftsInsertRows = 500

// addBands records the signature's LSH band keys: only first copies have
// them, so a lookup's cost depends on how many distinct stories share a
// band, not on the size of the store. They go to bands_recent, a small
// table; mergeBands moves them to bands in bulk. Band keys are random, so
// each insert into a large table would dirty a page of its own: 21 pages,
// 84 KB of WAL and as much again at the checkpoint, for every article.
func (p *putter) addBands(ctx context.Context, id int64, sig dedup.Sig) error {
	bands := sig.Bands()
	if bands == nil {
		return nil
	}
	if p.pg != nil {
		for _, b := range bands {
			p.pg.bandKeys = append(p.pg.bandKeys, int64(b))
			p.pg.bandIDs = append(p.pg.bandIDs, id)
			noted(p.bands, int64(b))
		}
		return nil
	}
	args := make([]any, 0, 2*len(bands))
	for _, b := range bands {
		args = append(args, int64(b), id)
		noted(p.bands, int64(b))
	}
	return p.exec(ctx, bandInsert, args...)
}

// mergeEvery is how often, in article ids, mergeBands moves the keys of
// bands_recent to bands: every 6,144 articles, about 2^17 keys. A larger
// bands_recent costs more pages dirtied per batch; a smaller one, more
// merges, each of which dirties most of the bands table's pages. At
// 100,000 articles the two costs are about equal here.
const mergeEvery = 6144

// mergeBands moves the keys of bands_recent to bands, in key order.
func (p *putter) mergeBands(ctx context.Context) error {
	if err := p.beforeLookup(ctx); err != nil {
		return err
	}
	if _, err := p.tx.ExecContext(ctx, `INSERT INTO bands (band, article_id)
		SELECT band, article_id FROM bands_recent ORDER BY band, article_id ON CONFLICT DO NOTHING`); err != nil {
		return err
	}
	_, err := p.tx.ExecContext(ctx, `DELETE FROM bands_recent`)
	return err
}

var bandInsert = `INSERT INTO bands_recent (band, article_id) VALUES (?, ?)` + strings.Repeat(", (?, ?)", dedup.NumBands-1) + ` ON CONFLICT DO NOTHING`

var bandQuery = `SELECT id, fingerprint FROM articles WHERE id IN (
	SELECT article_id FROM bands WHERE band IN (?` + strings.Repeat(", ?", dedup.NumBands-1) + `)
	UNION ALL SELECT article_id FROM bands_recent WHERE band IN (?` + strings.Repeat(", ?", dedup.NumBands-1) + `)) ORDER BY id`

// nearDuplicateOf returns the id of the first stored article similar to
// sig, or 0: candidates share a band key, then Similar confirms.
func (p *putter) nearDuplicateOf(ctx context.Context, sig dedup.Sig) (int64, error) {
	bands := sig.Bands()
	if bands == nil || !slices.ContainsFunc(bands, func(b uint64) bool { return mayHold(p.bands, int64(b)) }) {
		return 0, nil
	}
	if err := p.beforeLookup(ctx); err != nil {
		return 0, err
	}
	args := make([]any, 2*len(bands))
	for i, b := range bands {
		args[i], args[len(bands)+i] = int64(b), int64(b)
	}
	st, err := p.stmt(ctx, bandQuery)
	if err != nil {
		return 0, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id  int64
			raw []byte
			c   dedup.Sig
		)
		if err := rows.Scan(&id, &raw); err != nil {
			return 0, err
		}
		if c.UnmarshalBinary(raw) == nil && dedup.Similar(sig, c) {
			return id, rows.Close()
		}
	}
	return 0, rows.Err()
}

// A Failure is an input that could not be ingested, as the store keeps
// it until the input succeeds ([Store.ClearFailures]) or is pruned.
type Failure struct {
	// Source is the input as given (a file, folder, URL, or the feed or
	// sitemap a crawled page was found in); URL is the page or file of
	// it that failed, "" when it is the source itself.
	Source, URL string
	// Reason is a short category ("parse", "fetch", "http 404"), so that
	// failures group; Message the whole error.
	Reason, Message string
	// At is when it last failed (when recording, zero means now);
	// Attempts how many times it failed (set by the store).
	At       time.Time
	Attempts int
}

// RecordFailure records that an input could not be ingested, for
// [Store.Status] and [Store.Failures]: one record per source and URL,
// whose attempt count grows each time it fails again.
func (s *Store) RecordFailure(ctx context.Context, f Failure) error {
	if f.At.IsZero() {
		f.At = time.Now()
	}
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO failures (source, url, reason, message, at, attempts) VALUES (?, ?, ?, ?, ?, 1)
		ON CONFLICT (source, url) DO UPDATE SET reason = excluded.reason, message = excluded.message, at = excluded.at,
			attempts = failures.attempts + 1`), f.Source, f.URL, f.Reason, f.Message, f.At.UnixMicro())
	if err != nil {
		return fmt.Errorf("store: record failure: %w", classifyWriteError(err))
	}
	return nil
}

// ClearFailures removes the failures recorded for the sources, which
// have now been ingested (with every URL of them).
func (s *Store) ClearFailures(ctx context.Context, sources []string) error {
	for chunk := range slices.Chunk(sources, 500) {
		args := make([]any, len(chunk))
		for i, src := range chunk {
			args[i] = src
		}
		_, err := s.db.ExecContext(ctx, s.d.rebind(`DELETE FROM failures WHERE source IN (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+`)`), args...)
		if err != nil {
			return fmt.Errorf("store: clear failures: %w", classifyWriteError(err))
		}
	}
	return nil
}

// PruneFailures removes the failure records that last failed before
// before, inputs given up on rather than fixed, and returns how many it
// removed. Younger records stay, to be cleared when the input succeeds.
func (s *Store) PruneFailures(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`DELETE FROM failures WHERE at < ?`), before.UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("store: prune failures: %w", classifyWriteError(err))
	}
	return res.RowsAffected()
}

// Failures returns the recorded failures, the latest first.
func (s *Store) Failures(ctx context.Context) ([]Failure, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, url, reason, message, at, attempts FROM failures ORDER BY at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: failures: %w", err)
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var (
			f  Failure
			at int64
		)
		if err := rows.Scan(&f.Source, &f.URL, &f.Reason, &f.Message, &at, &f.Attempts); err != nil {
			return nil, fmt.Errorf("store: failures: %w", err)
		}
		f.At = time.UnixMicro(at).UTC()
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: failures: %w", err)
	}
	return out, nil
}
