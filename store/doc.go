// Package store keeps parsed articles in SQLite (the default) or
// PostgreSQL, stores each story once, and searches them.
//
// # Opening
//
// [Open] takes a DSN: "" for newslooks.db in the working directory, a postgres:// or postgresql:// URL for PostgreSQL (through
// pgx), or the path of an SQLite file. It creates or migrates the schema,
// which is versioned in a schema_version table: a database written by a
// newer binary is refused with [ErrSchemaTooNew] rather than misread. The
// other failures to open wrap [ErrCannotOpen], [ErrNotDatabase] and
// [ErrReadOnly]; none of them writes anything.
//
// # What is stored
//
// Each article is stored as its JSON, byte for byte as
// [newslooks.Article.MarshalJSON] wrote it (so [Store.Export] gives back
// exactly what went in), beside columns to query: the canonical URL, the
// kind of input it came from, headline, publication, modification, fetch
// and ingest times, language, the body's content hash and near-duplicate
// fingerprint (package dedup), and the article it duplicates. [Store.Put]
// explains how an article is matched against what is already stored:
// once per canonical URL, once per body (other URLs become aliases), and
// near copies stored but marked with DuplicateOf. Near-duplicate lookup
// goes through the fingerprint's LSH band keys, indexed in a table of
// their own, so its cost does not grow with the store; new keys go to a
// small table first and move to the large one in sorted passes, since
// random keys inserted one by one would each dirty a page of their own.
// Each row records the fingerprint scheme (dedup.Version) of its
// signature; a migration recomputes the signatures when the scheme
// changes, so that two schemes are never compared.
//
// # Transactions and crashes
//
// Every [Store.Put] is one transaction, and so is every [Store.PutBatch]
// (use it for bulk ingest: it prepares its statements once). What a put
// computes of each article alone (JSON, content hash, fingerprint,
// canonical URL) is [Store.Prepare], which a bulk ingest can run in the
// goroutines that parse, leaving [Store.PutPrepared] only the lookups
// and writes, one batch per transaction. A process
// killed at any point leaves each article stored entirely or not at all;
// ingesting the same input again completes the store without duplicating
// anything. SQLite runs in WAL mode with a 10 s busy timeout, so readers
// search while one writer ingests (a new file has pages of 16 KiB, where
// an article's JSON fits without overflow pages; an existing one keeps
// its own); writers take turns (in PostgreSQL too,
// through an advisory lock), since a Put reads before it writes.
//
// # Storage for other packages
//
// The store's schema also holds the crawler's tables (crawl_urls,
// crawl_validators, crawl_hosts and crawl_sources), which package
// crawl/crawlsql reads and writes through [Store.DB] and [Store.Rebind]:
// the store offers its database to the crawler and knows nothing of
// crawling, so that a program that only stores and searches articles
// links no robots.txt or feed parser.
//
// # Search
//
// SQLite searches with FTS5 (Porter stemming, unicode61 tokens, ranked by
// bm25 with the headline weighing 4 times the body; tuned for bulk
// writes: a 16 MiB pending index, automerge 8); PostgreSQL with a
// tsvector column (the "english" configuration, which also drops stop
// words such as "and") under a GIN index, ranked by ts_rank. The store
// computes that tsvector itself (package internal/pgtext, a Go copy of
// PostgreSQL's parser and english configuration for ordinary text), in
// [Store.Prepare], so that a server shared by several ingest processes
// only stores it: a batch's new articles go to PostgreSQL by COPY in
// binary form, their tsvectors too, and TOAST compresses their body, JSON
// and tsvector with lz4 (schema version 9). For a text pgtext does not read as PostgreSQL does (URLs,
// e-mail addresses, other scripts), or a server that disagrees with it on
// a probe text at Open, the server computes it as it did before. Both match
// every word of the query and ignore query syntax.
//
// # The SQLite driver
//
// SQLite is github.com/ncruces/go-sqlite3: SQLite compiled to WebAssembly
// and translated to Go, so no C compiler is needed to build or install
// newslooks. Its FTS5 comes from its ext/fts5 package, registered on every
// connection. It was chosen over modernc.org/sqlite, the other pure-Go
// SQLite, because a cold "go build -race" of a program using it took 31 to
// 35 s on a 2-core machine against 63 s for modernc.org/sqlite (CI has 20
// minutes for everything), with bulk inserts at a similar speed (90 against
// 80 µs per row into an FTS5 table).
//
// # Testing
//
// The tests run one contract suite against each backend. PostgreSQL is
// tested when $NEWSLOOKS_TEST_POSTGRES holds a DSN (each test works in a
// schema of its own, dropped at the end), and skipped otherwise.
package store
