package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
)

// The schema, one migration per version: migrations[i] takes a database
// from version i to version i+1. Never edit a released migration; append.
// Times are stored as microseconds since the Unix epoch (UTC), NULL when
// unknown, so both backends compare them alike.

var sqliteMigrations = [][]string{
	1: {
		`CREATE TABLE articles (
			id           INTEGER PRIMARY KEY,
			url          TEXT UNIQUE,
			source       TEXT NOT NULL DEFAULT '',
			origin       TEXT NOT NULL DEFAULT '',
			headline     TEXT NOT NULL DEFAULT '',
			published    INTEGER,
			modified     INTEGER,
			fetched      INTEGER,
			ingested     INTEGER NOT NULL,
			updated      INTEGER NOT NULL,
			language     TEXT NOT NULL DEFAULT '',
			content_hash TEXT,
			fingerprint  BLOB,
			duplicate_of INTEGER REFERENCES articles(id),
			article      BLOB NOT NULL
		)`,
		`CREATE INDEX articles_content_hash ON articles(content_hash)`,
		`CREATE INDEX articles_updated ON articles(updated)`,
		`CREATE INDEX articles_duplicate_of ON articles(duplicate_of)`,
		`CREATE TABLE aliases (
			url        TEXT PRIMARY KEY,
			article_id INTEGER NOT NULL REFERENCES articles(id),
			source     TEXT NOT NULL DEFAULT '',
			ingested   INTEGER NOT NULL
		)`,
		`CREATE INDEX aliases_article ON aliases(article_id)`,
		`CREATE TABLE bands (
			band       INTEGER NOT NULL,
			article_id INTEGER NOT NULL REFERENCES articles(id),
			PRIMARY KEY (band, article_id)
		) WITHOUT ROWID`,
		`CREATE TABLE failures (
			id     INTEGER PRIMARY KEY,
			source TEXT NOT NULL,
			reason TEXT NOT NULL,
			at     INTEGER NOT NULL
		)`,
		// Only first copies are indexed; "at" is the time Search's Since
		// compares, so that the search never has to join to filter.
		`CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, at UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')`,
		`INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.0)')`,
	},
	2: {
		// The crawler's State (package crawl, kept by crawl/crawlsql). Times
		// that are compared in SQL (next_try, lease_until, backoff_until,
		// next_allowed) are NOT NULL, with -2^63 for "never": due since
		// ever, no lease, no backoff.
		`CREATE TABLE crawl_urls (
			id          INTEGER PRIMARY KEY,
			url         TEXT NOT NULL UNIQUE,
			host        TEXT NOT NULL,
			source      TEXT NOT NULL DEFAULT '',
			via         TEXT NOT NULL DEFAULT '',
			title       TEXT NOT NULL DEFAULT '',
			published   INTEGER,
			language    TEXT NOT NULL DEFAULT '',
			status      INTEGER NOT NULL DEFAULT 0,
			reason      TEXT NOT NULL DEFAULT '',
			attempts    INTEGER NOT NULL DEFAULT 0,
			failures    INTEGER NOT NULL DEFAULT 0,
			next_try    INTEGER NOT NULL DEFAULT -9223372036854775808,
			owner       TEXT NOT NULL DEFAULT '',
			lease_until INTEGER NOT NULL DEFAULT -9223372036854775808,
			updated     INTEGER
		)`,
		`CREATE INDEX crawl_urls_due ON crawl_urls(status, next_try) WHERE status <> 1`,
		`CREATE TABLE crawl_validators (
			resource      TEXT PRIMARY KEY,
			etag          TEXT NOT NULL DEFAULT '',
			last_modified TEXT NOT NULL DEFAULT ''
		)`,
		`CREATE TABLE crawl_hosts (
			host           TEXT PRIMARY KEY,
			robots_status  INTEGER NOT NULL DEFAULT 0,
			robots_body    BLOB,
			robots_error   TEXT NOT NULL DEFAULT '',
			robots_fetched INTEGER,
			robots_expires INTEGER,
			failures       INTEGER NOT NULL DEFAULT 0,
			backoff_until  INTEGER NOT NULL DEFAULT -9223372036854775808,
			next_allowed   INTEGER NOT NULL DEFAULT -9223372036854775808
		)`,
		`CREATE TABLE crawl_sources (
			url            TEXT PRIMARY KEY,
			kind           INTEGER NOT NULL DEFAULT 0,
			last_poll      INTEGER,
			next_poll      INTEGER,
			new_articles   INTEGER NOT NULL DEFAULT 0,
			total_articles INTEGER NOT NULL DEFAULT 0,
			failures       TEXT NOT NULL DEFAULT '{}',
			error          TEXT NOT NULL DEFAULT ''
		)`,
	},
	3: {
		// busy_until: a request of some crawler is in flight on the host
		// until it releases it, at the latest then (see crawl.HostState).
		`ALTER TABLE crawl_hosts ADD COLUMN busy_until INTEGER NOT NULL DEFAULT -9223372036854775808`,
	},
	4: {
		// A failure is kept per input (source and URL) until it succeeds
		// or is pruned: how often it failed, the last reason and message.
		`DELETE FROM failures WHERE id NOT IN (SELECT MAX(id) FROM failures GROUP BY source)`,
		`ALTER TABLE failures ADD COLUMN url TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE failures ADD COLUMN message TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE failures ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1`,
		`CREATE UNIQUE INDEX failures_input ON failures(source, url)`,
		// A crawl source's URLs not requested by policy in its last poll,
		// by reason, and how many polls in a row failed.
		`ALTER TABLE crawl_sources ADD COLUMN skipped TEXT NOT NULL DEFAULT '{}'`,
		`ALTER TABLE crawl_sources ADD COLUMN failed_polls INTEGER NOT NULL DEFAULT 0`,
	},
	5: {
		// The fingerprint scheme (dedup.Version) of each row's signature,
		// so that signatures of two schemes are never compared. Rows
		// stored before have NULL (Version 1); the migration's Go step,
		// refingerprint, recomputes their signatures and band keys from
		// the stored articles.
		`ALTER TABLE articles ADD COLUMN fingerprint_version INTEGER`,
		// The band keys are an index the store keeps, of articles it never
		// deletes: without a foreign key, inserting one is one B-tree
		// probe, not two.
		`DROP TABLE bands`,
		`CREATE TABLE bands (
			band       INTEGER NOT NULL,
			article_id INTEGER NOT NULL,
			PRIMARY KEY (band, article_id)
		) WITHOUT ROWID`,
		// New band keys go here first, and move to bands in one sorted
		// pass every mergeEvery articles (see mergeBands).
		`CREATE TABLE bands_recent (
			band       INTEGER NOT NULL,
			article_id INTEGER NOT NULL,
			PRIMARY KEY (band, article_id)
		) WITHOUT ROWID`,
	},
	6: {
		// FTS5 tuned for bulk writes (see ftsSettings).
		ftsSetting("hashsize", ftsHashSize),
		ftsSetting("automerge", ftsAutomerge),
	},
	7: nil, // version 7 changes only PostgreSQL's schema
	8: nil, // and version 8
	9: nil, // and version 9
}

// FTS5's settings for the store's writes, kept in the index's own config
// table. hashsize: the pending index a write transaction holds in memory
// before it writes a segment; at FTS5's default of 1 MiB a batch of 500
// articles of 6 KB wrote about three level-0 segments, to be merged again
// later, and with 16 MiB it writes one. automerge: how many segments of a
// level FTS5 lets pile up before it merges them into one of the next
// level; 8 instead of 4 merges each posting about half as often, at the
// cost of a search reading up to twice as many segments per level.
const (
	ftsHashSize  = 16 << 20
	ftsAutomerge = 8
)

// ftsSetting is the statement that sets one of FTS5's settings on the
// store's index.
func ftsSetting(name string, value int) string {
	return fmt.Sprintf(`INSERT INTO articles_fts(articles_fts, rank) VALUES ('%s', %d)`, name, value)
}

var postgresMigrations = [][]string{
	1: {
		`CREATE TABLE articles (
			id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
			url          TEXT UNIQUE,
			source       TEXT NOT NULL DEFAULT '',
			origin       TEXT NOT NULL DEFAULT '',
			headline     TEXT NOT NULL DEFAULT '',
			published    BIGINT,
			modified     BIGINT,
			fetched      BIGINT,
			ingested     BIGINT NOT NULL,
			updated      BIGINT NOT NULL,
			language     TEXT NOT NULL DEFAULT '',
			content_hash TEXT,
			fingerprint  BYTEA,
			duplicate_of BIGINT REFERENCES articles(id),
			article      BYTEA NOT NULL,
			body         TEXT NOT NULL DEFAULT '',
			tsv          tsvector GENERATED ALWAYS AS (
				setweight(to_tsvector('english', headline), 'A') ||
				setweight(to_tsvector('english', body), 'B')) STORED
		)`,
		`CREATE INDEX articles_content_hash ON articles(content_hash)`,
		`CREATE INDEX articles_updated ON articles(updated)`,
		`CREATE INDEX articles_duplicate_of ON articles(duplicate_of)`,
		`CREATE INDEX articles_tsv ON articles USING GIN (tsv)`,
		`CREATE TABLE aliases (
			url        TEXT PRIMARY KEY,
			article_id BIGINT NOT NULL REFERENCES articles(id),
			source     TEXT NOT NULL DEFAULT '',
			ingested   BIGINT NOT NULL
		)`,
		`CREATE INDEX aliases_article ON aliases(article_id)`,
		`CREATE TABLE bands (
			band       BIGINT NOT NULL,
			article_id BIGINT NOT NULL REFERENCES articles(id),
			PRIMARY KEY (band, article_id)
		)`,
		`CREATE TABLE failures (
			id     BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
			source TEXT NOT NULL,
			reason TEXT NOT NULL,
			at     BIGINT NOT NULL
		)`,
	},
	2: {
		// The crawler's State (package crawl, kept by crawl/crawlsql). Times
		// that are compared in SQL (next_try, lease_until, backoff_until,
		// next_allowed) are NOT NULL, with -2^63 for "never": due since
		// ever, no lease, no backoff.
		`CREATE TABLE crawl_urls (
			id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
			url         TEXT NOT NULL UNIQUE,
			host        TEXT NOT NULL,
			source      TEXT NOT NULL DEFAULT '',
			via         TEXT NOT NULL DEFAULT '',
			title       TEXT NOT NULL DEFAULT '',
			published   BIGINT,
			language    TEXT NOT NULL DEFAULT '',
			status      BIGINT NOT NULL DEFAULT 0,
			reason      TEXT NOT NULL DEFAULT '',
			attempts    BIGINT NOT NULL DEFAULT 0,
			failures    BIGINT NOT NULL DEFAULT 0,
			next_try    BIGINT NOT NULL DEFAULT -9223372036854775808,
			owner       TEXT NOT NULL DEFAULT '',
			lease_until BIGINT NOT NULL DEFAULT -9223372036854775808,
			updated     BIGINT
		)`,
		`CREATE INDEX crawl_urls_due ON crawl_urls(status, next_try) WHERE status <> 1`,
		`CREATE TABLE crawl_validators (
			resource      TEXT PRIMARY KEY,
			etag          TEXT NOT NULL DEFAULT '',
			last_modified TEXT NOT NULL DEFAULT ''
		)`,
		`CREATE TABLE crawl_hosts (
			host           TEXT PRIMARY KEY,
			robots_status  BIGINT NOT NULL DEFAULT 0,
			robots_body    BYTEA,
			robots_error   TEXT NOT NULL DEFAULT '',
			robots_fetched BIGINT,
			robots_expires BIGINT,
			failures       BIGINT NOT NULL DEFAULT 0,
			backoff_until  BIGINT NOT NULL DEFAULT -9223372036854775808,
			next_allowed   BIGINT NOT NULL DEFAULT -9223372036854775808
		)`,
		`CREATE TABLE crawl_sources (
			url            TEXT PRIMARY KEY,
			kind           BIGINT NOT NULL DEFAULT 0,
			last_poll      BIGINT,
			next_poll      BIGINT,
			new_articles   BIGINT NOT NULL DEFAULT 0,
			total_articles BIGINT NOT NULL DEFAULT 0,
			failures       JSONB NOT NULL DEFAULT '{}',
			error          TEXT NOT NULL DEFAULT ''
		)`,
	},
	3: {
		// busy_until: a request of some crawler is in flight on the host
		// until it releases it, at the latest then (see crawl.HostState).
		`ALTER TABLE crawl_hosts ADD COLUMN busy_until BIGINT NOT NULL DEFAULT -9223372036854775808`,
	},
	4: {
		// A failure is kept per input (source and URL) until it succeeds
		// or is pruned: how often it failed, the last reason and message.
		`DELETE FROM failures WHERE id NOT IN (SELECT MAX(id) FROM failures GROUP BY source)`,
		`ALTER TABLE failures ADD COLUMN url TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE failures ADD COLUMN message TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE failures ADD COLUMN attempts BIGINT NOT NULL DEFAULT 1`,
		`CREATE UNIQUE INDEX failures_input ON failures(source, url)`,
		// A crawl source's URLs not requested by policy in its last poll,
		// by reason, and how many polls in a row failed.
		`ALTER TABLE crawl_sources ADD COLUMN skipped JSONB NOT NULL DEFAULT '{}'`,
		`ALTER TABLE crawl_sources ADD COLUMN failed_polls BIGINT NOT NULL DEFAULT 0`,
	},
	5: {
		// The fingerprint scheme (dedup.Version) of each row's signature,
		// so that signatures of two schemes are never compared. Rows
		// stored before have NULL (Version 1); the migration's Go step,
		// refingerprint, recomputes their signatures and band keys from
		// the stored articles.
		`ALTER TABLE articles ADD COLUMN fingerprint_version INTEGER`,
		`DELETE FROM bands`,
		`CREATE TABLE bands_recent (
			band       BIGINT NOT NULL,
			article_id BIGINT NOT NULL REFERENCES articles(id),
			PRIMARY KEY (band, article_id)
		)`,
	},
	6: nil, // SQLite's FTS5 settings; nothing for PostgreSQL
	7: {
		// The band keys are an index the store keeps, of articles it never
		// deletes, as in SQLite's version 5: without foreign keys, a batch
		// does not check 21 keys per article when it writes them to
		// bands_recent and again when mergeBands moves them to bands,
		// about 14% of the server's work of an ingest.
		`ALTER TABLE bands DROP CONSTRAINT IF EXISTS bands_article_id_fkey`,
		`ALTER TABLE bands_recent DROP CONSTRAINT IF EXISTS bands_recent_article_id_fkey`,
	},
	8: {
		// The store computes the tsvector (package pgtext) and writes it,
		// so that the server that several ingest processes share does
		// not parse and stem every article: the generated column becomes
		// a plain one, keeping the tsvectors that rows have.
		`ALTER TABLE articles ALTER COLUMN tsv DROP EXPRESSION IF EXISTS`,
	},
	9: {
		// TOAST compresses the body, the article's JSON and the tsvector
		// with lz4 instead of pglz: pglz_compress was a third of the
		// server's CPU time of an ingest. Rows stored before keep their
		// pglz values, which the server reads as before. A server built
		// without lz4, or older than PostgreSQL 14 (no SET COMPRESSION),
		// keeps pglz.
		`DO $$ BEGIN
			EXECUTE 'ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4,
				ALTER COLUMN article SET COMPRESSION lz4, ALTER COLUMN tsv SET COMPRESSION lz4';
		EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL;
		END $$`,
	},
}

// SchemaVersion is the schema version this binary writes and reads.
const SchemaVersion = 9

func init() {
	if len(sqliteMigrations)-1 != SchemaVersion || len(postgresMigrations)-1 != SchemaVersion {
		panic("store: SchemaVersion does not match the migrations")
	}
}

// fingerprintVersion is the dedup.Version of the signatures that the latest
// migration calling refingerprint leaves in every row, and that Put
// writes. A new dedup.Version needs a new migration that calls
// refingerprint again (TestFingerprintVersionMigrated fails until then).
const fingerprintVersion = 2

// migrationSteps are the Go steps of migrations, run after the version's
// statements in the same transaction.
var migrationSteps = map[int]func(ctx context.Context, s *Store, tx *sql.Tx) error{
	5: refingerprint,
}

// refingerprint recomputes, from the stored article, the signature of
// every row whose fingerprint_version is not fingerprintVersion, and the
// band keys of the first copies among them. The bands of those rows must
// have been deleted. It reads and writes a page of rows at a time.
func refingerprint(ctx context.Context, s *Store, tx *sql.Tx) error {
	const page = 500
	sel := s.d.rebind(`SELECT id, article, duplicate_of IS NULL FROM articles
		WHERE id > ? AND (fingerprint_version IS NULL OR fingerprint_version <> ?) ORDER BY id LIMIT ?`)
	p := &putter{s: s, tx: tx, stmts: map[string]*sql.Stmt{}}
	defer p.close()
	type row struct {
		id       int64
		js       []byte
		original bool
	}
	var last int64
	for {
		rows, err := tx.QueryContext(ctx, sel, last, fingerprintVersion, page)
		if err != nil {
			return err
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.js, &r.original); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range batch {
			var a newslooks.Article
			if err := json.Unmarshal(r.js, &a); err != nil {
				return fmt.Errorf("article %d: %w", r.id, err)
			}
			sig := dedup.Fingerprint(a.Text())
			if err := p.exec(ctx, `UPDATE articles SET fingerprint = ?, fingerprint_version = ? WHERE id = ?`,
				sigBytes(sig), fingerprintVersion, r.id); err != nil {
				return err
			}
			if r.original {
				if err := p.addBands(ctx, r.id, sig); err != nil {
					return err
				}
			}
		}
		if len(batch) < page {
			return p.mergeBands(ctx)
		}
		last = batch[len(batch)-1].id
	}
}
