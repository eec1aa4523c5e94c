package store

import (
	"context"
	"database/sql"
)

// pgQueue holds the rows a PostgreSQL batch has yet to write: articles
// and their band keys, written by flushPG in two statements (one multi-row
// INSERT each, its rows passed as arrays and unnested) instead of two
// round trips per article. Each queued article already has its id, taken
// from the articles' sequence a block at a time.
//
// Queued rows are invisible to queries, so every lookup first writes them
// (see beforeLookup): with a prefetch, a batch of new articles looks
// nothing up and writes all its rows at the end, at flush; a batch that
// does look up (a repeated URL, a copy) writes what it queued so far
// first, and is never wrong, only slower.
type pgQueue struct {
	// The articles' columns (articleColumns, then body), one slice each.
	ids, fingerprintVersions                []int64
	urls, hashes                            []*string
	sources, origins, headlines, languages  []string
	bodies                                  []string
	tsvs                                    []*string // nil: the server computes it
	published, modified, fetched, duplicate []*int64
	ingested, updated                       []int64
	fingerprints, articles                  [][]byte
	bytes                                   int // the text and JSON queued

	bandKeys, bandIDs []int64

	// free is the block of ids taken from the sequence and not yet used;
	// want is how many articles the batch may still insert, the size of
	// the next block.
	free []int64
	want int
}

// The most articles, and bytes of their text and JSON, that one write of
// the queue carries: bounded, so that a batch of any size is written in
// statements of bounded size. Variables so that tests can make them
// small.
var (
	maxPGRows  = 1000
	maxPGBytes = 16 << 20
)

// nextID returns an id for a new article from the sequence of
// articles.id, taking a block of p.pg.want ids when none is left. The ids
// are taken under the batch's advisory lock, so nobody else inserts
// articles meanwhile; those the batch does not use are given back at
// flush (giveBackIDs).
func (p *putter) nextID(ctx context.Context) (int64, error) {
	q := p.pg
	if len(q.free) == 0 {
		rows, err := p.tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, $1)`, max(q.want, 1))
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			q.free = append(q.free, id)
		}
		if err := rows.Close(); err != nil {
			return 0, err
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	id := q.free[0]
	q.free = q.free[1:]
	if id%mergeEvery == 0 {
		p.crossedMerge = true
	}
	return id, nil
}

// giveBackIDs sets the sequence back before the ids the batch took and did
// not use, when they are still its latest, so that a batch of duplicates
// leaves no gap in the ids (Search's window counts ids).
func (p *putter) giveBackIDs(ctx context.Context) error {
	q := p.pg
	if len(q.free) == 0 {
		return nil
	}
	first, last := q.free[0], q.free[len(q.free)-1]
	q.free = q.free[:0]
	_, err := p.tx.ExecContext(ctx, `SELECT setval(seq, $1, false) FROM pg_get_serial_sequence('articles', 'id') seq
		WHERE (SELECT last_value FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename)::regclass = seq::regclass) = $2`, first, last)
	return err
}

// queueArticle queues a new article's row for flushPG and returns its id.
func (p *putter) queueArticle(ctx context.Context, r articleRow) (int64, error) {
	id, err := p.nextID(ctx)
	if err != nil {
		return 0, err
	}
	q := p.pg
	q.ids = append(q.ids, id)
	q.urls = append(q.urls, r.url)
	q.sources = append(q.sources, r.source)
	q.origins = append(q.origins, r.origin)
	q.headlines = append(q.headlines, r.headline)
	q.published = append(q.published, r.published)
	q.modified = append(q.modified, r.modified)
	q.fetched = append(q.fetched, r.fetched)
	q.ingested = append(q.ingested, r.now)
	q.updated = append(q.updated, r.now)
	q.languages = append(q.languages, r.language)
	q.hashes = append(q.hashes, r.hash)
	q.fingerprints = append(q.fingerprints, r.fingerprint)
	q.fingerprintVersions = append(q.fingerprintVersions, fingerprintVersion)
	q.duplicate = append(q.duplicate, r.duplicateOf)
	q.articles = append(q.articles, r.json)
	q.bodies = append(q.bodies, r.body)
	q.tsvs = append(q.tsvs, r.tsv)
	q.bytes += len(r.headline) + len(r.body) + len(r.json)
	if r.tsv != nil {
		q.bytes += len(*r.tsv)
	}
	if len(q.ids) >= maxPGRows || q.bytes >= maxPGBytes {
		return id, p.flushPG(ctx)
	}
	return id, nil
}

// articleRow is a new article's row as queueArticle takes it.
type articleRow struct {
	url, hash                                 *string
	source, origin, headline, language, body  string
	published, modified, fetched, duplicateOf *int64
	now                                       int64
	fingerprint, json                         []byte
	tsv                                       *string // nil: the server computes it
}

// beforeLookup writes the queued rows, so that the query that follows
// sees them.
func (p *putter) beforeLookup(ctx context.Context) error {
	if p.pg == nil {
		return nil
	}
	return p.flushPG(ctx)
}

var (
	// The tsvector of a row whose tsv is NULL is computed by the server.
	articleInsertPGRows = `INSERT INTO articles (id, ` + articleColumns + `, body, tsv)
		SELECT id, ` + articleColumns + `, body, COALESCE(tsv::tsvector,
			setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', body), 'B'))
		FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],
			?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bytea[], ?::int[], ?::bigint[], ?::bytea[], ?::text[], ?::text[])
			AS t(id, ` + articleColumns + `, body, tsv)`
	bandInsertPGRows = `INSERT INTO bands_recent (band, article_id) SELECT * FROM unnest(?::bigint[], ?::bigint[]) ON CONFLICT DO NOTHING`
)

// flushPG writes the queued articles, then their band keys.
func (p *putter) flushPG(ctx context.Context) error {
	q := p.pg
	if len(q.ids) > 0 {
		if err := p.exec(ctx, articleInsertPGRows, q.ids, q.urls, q.sources, q.origins, q.headlines, q.published, q.modified, q.fetched,
			q.ingested, q.updated, q.languages, q.hashes, q.fingerprints, q.fingerprintVersions, q.duplicate, q.articles, q.bodies, q.tsvs); err != nil {
			return err
		}
		*q = pgQueue{bandKeys: q.bandKeys, bandIDs: q.bandIDs, free: q.free, want: q.want}
	}
	if len(q.bandKeys) > 0 {
		if err := p.exec(ctx, bandInsertPGRows, q.bandKeys, q.bandIDs); err != nil {
			return err
		}
		q.bandKeys, q.bandIDs = q.bandKeys[:0], q.bandIDs[:0]
	}
	return nil
}

// nullInt64Ptr and nullStringPtr are the array-element forms of a NULL-able
// column.
func nullInt64Ptr(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.Int64
}

func nullStringPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
