package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgQueue holds the rows a PostgreSQL batch has yet to write: articles
// and their band keys, written by flushPG in a few statements instead of
// two round trips per article: the articles whose tsvector the store
// computed by COPY in binary form, the others and the band keys by one
// multi-row INSERT each (their rows passed as arrays and unnested). Each
// queued article already has its id, taken from the articles' sequence a
// block at a time.
//
// Queued rows are invisible to queries, so every lookup first writes them
// (see beforeLookup): with a prefetch, a batch of new articles looks
// nothing up and writes all its rows at the end, at flush; a batch that
// does look up (a repeated URL, a copy) writes what it queued so far
// first, and is never wrong, only slower.
type pgQueue struct {
	rows  []articleRow // each with its id
	bytes int          // the text, JSON and tsvectors queued

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
	r.id = id
	q.rows = append(q.rows, r)
	q.bytes += len(r.headline) + len(r.body) + len(r.json) + len(r.tsv)
	if len(q.rows) >= maxPGRows || q.bytes >= maxPGBytes {
		return id, p.flushPG(ctx)
	}
	return id, nil
}

// articleRow is a new article's row as queueArticle takes it.
type articleRow struct {
	id                                        int64
	url, hash                                 *string
	source, origin, headline, language, body  string
	published, modified, fetched, duplicateOf *int64
	now                                       int64
	fingerprint, json                         []byte
	tsv                                       tsvectorBinary // nil: the server computes it
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
	// articleCopyColumns are the columns that COPY writes.
	articleCopyColumns = slices.Concat([]string{"id"}, strings.Split(articleColumns, ", "), []string{"body", "tsv"})
	// articleInsertPGRows writes the rows whose tsvector the server
	// computes.
	articleInsertPGRows = `INSERT INTO articles (id, ` + articleColumns + `, body, tsv)
		SELECT id, ` + articleColumns + `, body,
			setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', body), 'B')
		FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],
			?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bytea[], ?::int[], ?::bigint[], ?::bytea[], ?::text[])
			AS t(id, ` + articleColumns + `, body)`
	bandInsertPGRows = `INSERT INTO bands_recent (band, article_id) SELECT * FROM unnest(?::bigint[], ?::bigint[]) ON CONFLICT DO NOTHING`
)

// flushPG writes the queued articles, then their band keys.
func (p *putter) flushPG(ctx context.Context) error {
	q := p.pg
	if len(q.rows) > 0 {
		copied := make([][]any, 0, len(q.rows))
		var computed []articleRow
		for _, r := range q.rows {
			if r.tsv == nil {
				computed = append(computed, r)
				continue
			}
			copied = append(copied, []any{r.id, r.url, r.source, r.origin, r.headline, r.published, r.modified, r.fetched, r.now, r.now,
				r.language, r.hash, r.fingerprint, fingerprintVersion, r.duplicateOf, r.json, r.body, r.tsv})
		}
		if err := p.copyArticles(ctx, copied); err != nil {
			return err
		}
		if err := p.insertArticles(ctx, computed); err != nil {
			return err
		}
		clear(q.rows) // let go of the texts
		q.rows, q.bytes = q.rows[:0], 0
	}
	if len(q.bandKeys) > 0 {
		if err := p.exec(ctx, bandInsertPGRows, q.bandKeys, q.bandIDs); err != nil {
			return err
		}
		q.bandKeys, q.bandIDs = q.bandKeys[:0], q.bandIDs[:0]
	}
	return nil
}

// copyArticles writes rows (articleCopyColumns) by COPY in binary form,
// which the server reads without parsing or planning anything, and
// which pgx sends in small messages as it encodes them.
func (p *putter) copyArticles(ctx context.Context, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return p.conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"articles"}, articleCopyColumns, pgx.CopyFromRows(rows))
		return err
	})
}

// insertArticles writes rows whose tsvector the server is to compute, by
// one multi-row INSERT.
func (p *putter) insertArticles(ctx context.Context, rows []articleRow) error {
	if len(rows) == 0 {
		return nil
	}
	var (
		ids, versions                           []int64
		urls, hashes                            []*string
		sources, origins, headlines, languages  []string
		bodies                                  []string
		published, modified, fetched, duplicate []*int64
		ingested, updated                       []int64
		fingerprints, articles                  [][]byte
	)
	for _, r := range rows {
		ids, versions = append(ids, r.id), append(versions, fingerprintVersion)
		urls, hashes = append(urls, r.url), append(hashes, r.hash)
		sources, origins = append(sources, r.source), append(origins, r.origin)
		headlines, languages, bodies = append(headlines, r.headline), append(languages, r.language), append(bodies, r.body)
		published, modified, fetched = append(published, r.published), append(modified, r.modified), append(fetched, r.fetched)
		duplicate = append(duplicate, r.duplicateOf)
		ingested, updated = append(ingested, r.now), append(updated, r.now)
		fingerprints, articles = append(fingerprints, r.fingerprint), append(articles, r.json)
	}
	return p.exec(ctx, articleInsertPGRows, ids, urls, sources, origins, headlines, published, modified, fetched,
		ingested, updated, languages, hashes, fingerprints, versions, duplicate, articles, bodies)
}

// tsvectorBinary is a tsvector in PostgreSQL's binary form
// (pgtext.EnglishBinary), sent as it is: the server reads it with
// tsvectorrecv, about a tenth of the work of parsing its text form.
type tsvectorBinary []byte

// tsvectorCodec is pgx's codec of tsvector, which also sends a
// tsvectorBinary as it is. openPostgres registers it on every connection.
type tsvectorCodec struct{ pgtype.TSVectorCodec }

// PlanEncode implements pgtype.Codec.
func (c tsvectorCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(tsvectorBinary); ok && format == pgtype.BinaryFormatCode {
		return encodeTSVectorBinary{}
	}
	return c.TSVectorCodec.PlanEncode(m, oid, format, value)
}

// encodeTSVectorBinary encodes a tsvectorBinary: its bytes, or NULL for
// nil.
type encodeTSVectorBinary struct{}

func (encodeTSVectorBinary) Encode(value any, buf []byte) ([]byte, error) {
	v := value.(tsvectorBinary)
	if v == nil {
		return nil, nil
	}
	return append(buf, v...), nil
}

// registerTSVector registers tsvectorCodec on a new connection.
func registerTSVector(_ context.Context, c *pgx.Conn) error {
	c.TypeMap().RegisterType(&pgtype.Type{Name: "tsvector", OID: pgtype.TSVectorOID, Codec: tsvectorCodec{}})
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
