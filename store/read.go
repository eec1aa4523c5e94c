package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
)

// SearchOptions tune [Store.Search].
type SearchOptions struct {
	// Limit is the most hits returned; 0 means 20.
	Limit int
	// Since keeps articles published at or after it (articles without a
	// publication time count from when they were ingested); zero keeps all.
	Since time.Time
	// Timeout bounds the search: once it has passed, the query is
	// interrupted and Search fails with ErrSearchTimeout. Zero means
	// DefaultSearchTimeout; a negative value means no limit other than
	// the context's, whose end interrupts the query too.
	Timeout time.Duration
}

// Limits of a search.
const (
	// MaxSearchTerms is how many distinct words of a query are searched
	// for: the first ones; repeated words count once. Each word costs a
	// pass over its postings and the snippet's work grows with their
	// number, so a query of hundreds of words could take minutes.
	MaxSearchTerms = 32
	// DefaultSearchTimeout is how long a search may take by default.
	DefaultSearchTimeout = 30 * time.Second
)

// ErrSearchTimeout: a search took longer than its Timeout.
var ErrSearchTimeout = errors.New("search took too long")

// A Hit is one search result. In JSON its fields have the names, and
// mean what, the same fields of a [newslooks.Article] and of an exported
// article (see [Stored.MarshalJSON]) have, with the score and snippet
// beside them.
type Hit struct {
	// ID is the store's key of the article, as in an export.
	ID int64 `json:"id"`
	// URL is the article's canonical URL; "" for one read without a URL.
	URL      string `json:"url,omitempty"`
	Headline string `json:"headline"`
	// Published is zero when unknown.
	Published time.Time `json:"published,omitzero"`
	// Source is where the article was read from, its Article.Source: a
	// file path, "-" for standard input, or the address fetched.
	Source string `json:"source,omitempty"`
	// Snippet is a short extract of the body around the matched words,
	// which are wrapped in ** (Markdown bold).
	Snippet string `json:"snippet"`
	// Score ranks the hits, higher first: -bm25 in SQLite, ts_rank in
	// PostgreSQL. Scores of the two backends are not comparable.
	Score float64 `json:"score"`
}

// Search returns the articles whose headline or body hold every word of
// query, best first. Words are matched after stemming (Porter in SQLite,
// the "english" configuration in PostgreSQL, which also drops English stop
// words); punctuation and operators in the query are ignored, a repeated
// word counts once, and only the first MaxSearchTerms distinct words are
// searched for. Recent articles are ranked first: when at least Limit of
// the most recently stored ones match (the last 10,000 stored in SQLite,
// 2,000 in PostgreSQL, counting near copies, which are never hits), the hits are the best of those, not of the
// whole store, so that a common word costs the window and not the store;
// otherwise every match is ranked. The search ends after
// opts.Timeout (DefaultSearchTimeout), or when ctx ends: the query is
// interrupted, on either backend. A match in the headline weighs more than one in
// the body. Near duplicates are left out: each story appears once.
func (s *Store) Search(ctx context.Context, query string, opts SearchOptions) ([]Hit, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = 20
	}
	words := searchTerms(query)
	if len(words) == 0 {
		return nil, nil
	}
	if timeout := cmp.Or(opts.Timeout, DefaultSearchTimeout); timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, timeout, fmt.Errorf("%w: more than %s", ErrSearchTimeout, timeout))
		defer cancel()
	}
	var (
		q    string
		args []any
	)
	since := ""
	if !opts.Since.IsZero() {
		since = ` AND COALESCE(a.published, a.ingested) >= ?`
	}
	if s.backend == "postgres" {
		// plainto_tsquery ANDs the words, as SQLite's quoted terms do:
		// websearch_to_tsquery would read "or" and a leading "-" as
		// operators, which this query syntax does not have (searchTerms
		// has removed any punctuation already).
		q = `SELECT id, url, headline, published, origin,
				ts_headline('english', body, q, 'StartSel=**, StopSel=**, MaxWords=30, MinWords=12, MaxFragments=1'), score
			FROM (SELECT a.id, COALESCE(a.url, '') AS url, a.headline, a.published, a.origin, a.body, q,
					ts_rank(a.tsv, q) AS score
				FROM articles a, plainto_tsquery('english', ?) q
				WHERE a.tsv @@ q AND a.duplicate_of IS NULL` + since + `
				ORDER BY score DESC, a.id LIMIT ?) t
			ORDER BY score DESC, id`
		args = append(args, strings.Join(words, " "))
	} else {
		// The full-text query alone picks the best hits (near copies are
		// not indexed, and the time filter is a column of the index), and
		// only those are joined to their articles.
		if since != "" {
			since = ` AND at >= ?`
		}
		q = `SELECT a.id, COALESCE(a.url, ''), a.headline, a.published, a.origin, f.snip, f.score
			FROM (SELECT rowid, snippet(articles_fts, 1, '**', '**', '…', 24) AS snip, -rank AS score
				FROM articles_fts WHERE articles_fts MATCH ?` + since + `
				ORDER BY rank LIMIT ?) f
			JOIN articles a ON a.id = f.rowid
			ORDER BY f.score DESC, a.id`
		args = append(args, ftsQuery(words))
	}
	if since != "" {
		args = append(args, opts.Since.UnixMicro())
	}
	args = append(args, limit)
	// Rank the most recently stored first copies first: a query that
	// matches enough of them is answered from them, at a cost bounded by
	// the window rather than by the store; a rarer one is ranked over all.
	window := strings.Replace(q, "MATCH ?", "MATCH ? AND rowid > (SELECT coalesce(max(rowid), 0) FROM articles_fts) - ?", 1)
	size := recentWindow
	if s.backend == "postgres" {
		window = strings.Replace(q, "WHERE a.tsv @@ q", "WHERE a.tsv @@ q AND a.id > (SELECT COALESCE(MAX(id), 0) FROM articles WHERE duplicate_of IS NULL) - ?", 1)
		size = recentWindowPostgres
	}
	wargs := append([]any{args[0], size}, args[1:]...)
	hits, err := s.queryHits(ctx, window, wargs)
	if err != nil || len(hits) >= limit {
		return hits, err
	}
	return s.queryHits(ctx, q, args)
}

// searchTerms returns the words of a query that Search looks for: its
// normalized words (see dedup.Normalize), each once, the first
// MaxSearchTerms of them.
func searchTerms(query string) []string {
	var terms []string
	for w := range strings.FieldsSeq(dedup.Normalize(query)) {
		if len(terms) == MaxSearchTerms {
			break
		}
		if !slices.Contains(terms, w) {
			terms = append(terms, w)
		}
	}
	return terms
}

// ftsQuery returns an FTS5 query that matches rows holding every one of
// words: each a quoted string, so that no word is read as an operator.
func ftsQuery(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(quoted, " ")
}

// recentWindow is how many of the most recently stored articles Search
// ranks first in SQLite (see Search). With 10,000, a search over 100,000
// generated articles answers in 15 ms at the median and 67 ms at the 99th
// percentile, against 81 and 345 ms when every match is ranked. A
// variable so that tests can make it small.
var recentWindow = 10_000

// recentWindowPostgres is recentWindow for PostgreSQL, smaller because
// ranking costs more per match there: ts_rank reads each match's whole
// tsvector (about 6 KB, out of line in TOAST), where FTS5 reads only the
// query terms' entries of its index. See bench/NOTES.md, issue 24.
var recentWindowPostgres = 2_000

// queryHits runs a search query and reads its hits.
func (s *Store) queryHits(ctx context.Context, q string, args []any) ([]Hit, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return nil, searchError(ctx, err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var (
			h   Hit
			pub sql.NullInt64
		)
		if err := rows.Scan(&h.ID, &h.URL, &h.Headline, &pub, &h.Source, &h.Snippet, &h.Score); err != nil {
			return nil, searchError(ctx, err)
		}
		h.Published = fromMicros(pub)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, searchError(ctx, err)
	}
	return hits, nil
}

// searchError wraps the error of a search query: the context's cause
// when it ended (a timeout, a Ctrl-C), which says more than the driver's
// "interrupted".
func searchError(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		return fmt.Errorf("store: search: %w", cause)
	}
	return fmt.Errorf("store: search: %w", err)
}

func fromMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}

// A Stored article: the Article as it was stored, and what the store
// knows about it.
type Stored struct {
	ID  int64
	URL string // canonical URL; "" for an article read without one
	// Source is the kind of input (PutInfo.Source); Origin is the
	// Article's Source field (a path or address).
	Source, Origin string
	Headline       string
	Published      time.Time // zero when unknown
	Modified       time.Time
	Fetched        time.Time
	Ingested       time.Time // first stored
	Updated        time.Time // last changed
	Language       string
	ContentHash    string
	// DuplicateOf is the ID of the article this one is a near duplicate
	// of, 0 for a first copy; DuplicateOfRef names that article as the
	// Beam pipeline does: its canonical URL, else its Source.
	DuplicateOf    int64
	DuplicateOfRef string
	// JSON is the Article exactly as it was marshalled when stored.
	JSON json.RawMessage
}

// MarshalJSON writes the article as it was stored, with the store's keys
// added after its own: "id", and for a near duplicate "duplicate_of",
// its DuplicateOfRef. A search [Hit] has the same names for the same
// fields.
func (st *Stored) MarshalJSON() ([]byte, error) {
	js := bytes.TrimSpace(st.JSON)
	if len(js) < 2 || js[0] != '{' || js[len(js)-1] != '}' {
		return nil, fmt.Errorf("store: article %d: stored JSON is not an object", st.ID)
	}
	out := make([]byte, 0, len(js)+64)
	out = append(out, js[:len(js)-1]...)
	if len(bytes.TrimSpace(js[1:len(js)-1])) > 0 {
		out = append(out, ',')
	}
	out = fmt.Appendf(out, `"id":%d`, st.ID)
	if st.DuplicateOf != 0 {
		var ref bytes.Buffer
		enc := json.NewEncoder(&ref)
		enc.SetEscapeHTML(false) // as the articles' own JSON
		if err := enc.Encode(st.DuplicateOfRef); err != nil {
			return nil, err
		}
		out = append(append(out, `,"duplicate_of":`...), bytes.TrimSpace(ref.Bytes())...)
	}
	return append(out, '}'), nil
}

// Article decodes the stored JSON.
func (st *Stored) Article() (*newslooks.Article, error) {
	a := new(newslooks.Article)
	if err := json.Unmarshal(st.JSON, a); err != nil {
		return nil, err
	}
	return a, nil
}

// ExportOptions tune [Store.Export].
type ExportOptions struct {
	// Since keeps articles stored or updated at or after it, for
	// incremental exports; zero keeps all.
	Since time.Time
	// Duplicates includes near duplicates (with DuplicateOf set); by
	// default each story is exported once.
	Duplicates bool
}

// exportPage is how many rows Export reads per query.
const exportPage = 256

// Export yields the stored articles in the order they were first stored.
// It reads them a page at a time, so memory stays bounded however large
// the store, and holds no transaction between pages: articles stored
// during the export may or may not be included. An error ends the
// sequence.
func (s *Store) Export(ctx context.Context, opts ExportOptions) iter.Seq2[*Stored, error] {
	return func(yield func(*Stored, error) bool) {
		q := `SELECT a.id, COALESCE(a.url, ''), a.source, a.origin, a.headline, a.published, a.modified, a.fetched, a.ingested, a.updated,
			a.language, COALESCE(a.content_hash, ''), COALESCE(a.duplicate_of, 0), COALESCE(d.url, d.origin, ''), a.article
			FROM articles a LEFT JOIN articles d ON d.id = a.duplicate_of WHERE a.id > ?`
		if !opts.Duplicates {
			q += ` AND a.duplicate_of IS NULL`
		}
		if !opts.Since.IsZero() {
			q += ` AND a.updated >= ?`
		}
		q = s.d.rebind(q + ` ORDER BY a.id LIMIT ?`)
		var last int64
		for {
			args := []any{last}
			if !opts.Since.IsZero() {
				args = append(args, opts.Since.UnixMicro())
			}
			args = append(args, exportPage)
			page, err := s.exportPage(ctx, q, args)
			if err != nil {
				yield(nil, fmt.Errorf("store: export: %w", err))
				return
			}
			for _, st := range page {
				if !yield(st, nil) {
					return
				}
			}
			if len(page) < exportPage {
				return
			}
			last = page[len(page)-1].ID
		}
	}
}

func (s *Store) exportPage(ctx context.Context, q string, args []any) ([]*Stored, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	page := make([]*Stored, 0, exportPage)
	for rows.Next() {
		var (
			st                                   Stored
			pub, mod, fetched, ingested, updated sql.NullInt64
		)
		if err := rows.Scan(&st.ID, &st.URL, &st.Source, &st.Origin, &st.Headline, &pub, &mod, &fetched, &ingested, &updated,
			&st.Language, &st.ContentHash, &st.DuplicateOf, &st.DuplicateOfRef, &st.JSON); err != nil {
			return nil, err
		}
		st.Published, st.Modified, st.Fetched = fromMicros(pub), fromMicros(mod), fromMicros(fetched)
		st.Ingested, st.Updated = fromMicros(ingested), fromMicros(updated)
		page = append(page, &st)
	}
	return page, rows.Err()
}

// Status summarizes a store.
type Status struct {
	Backend       string // "sqlite" or "postgres"
	Location      string // the SQLite file, or the PostgreSQL DSN without password
	SchemaVersion int
	// Articles counts stored first copies; BySource splits them by the
	// kind of input.
	Articles int64
	BySource map[string]int64
	// Duplicates counts URLs recorded as aliases of a stored body;
	// NearDuplicates counts stored near copies.
	Duplicates     int64
	NearDuplicates int64
	// Failures counts recorded failures by reason.
	Failures map[string]int64
}

// Status counts what the store holds.
func (s *Store) Status(ctx context.Context) (Status, error) {
	st := Status{Backend: s.backend, Location: s.where, BySource: map[string]int64{}, Failures: map[string]int64{}}
	v, err := s.schemaVersion(ctx, s.db)
	if err != nil {
		return st, err
	}
	st.SchemaVersion = v
	group := func(q string, m map[string]int64) error {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				k string
				n int64
			)
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			m[k] = n
		}
		return rows.Err()
	}
	if err := group(`SELECT source, COUNT(*) FROM articles WHERE duplicate_of IS NULL GROUP BY source`, st.BySource); err != nil {
		return st, fmt.Errorf("store: status: %w", err)
	}
	if err := group(`SELECT reason, COUNT(*) FROM failures GROUP BY reason`, st.Failures); err != nil {
		return st, fmt.Errorf("store: status: %w", err)
	}
	for _, n := range st.BySource {
		st.Articles += n
	}
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM aliases), (SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL)`).
		Scan(&st.Duplicates, &st.NearDuplicates); err != nil {
		return st, fmt.Errorf("store: status: %w", err)
	}
	return st, nil
}
