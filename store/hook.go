package store

import "database/sql"

// DB returns the store's database handle, for a package that keeps its
// own tables in the store's database, as crawl/crawlsql keeps the
// crawler's state (the tables crawl_urls, crawl_validators, crawl_hosts
// and crawl_sources, which the store's schema creates and migrates). The
// store keeps ownership of the handle: do not close it. In SQLite every
// transaction begun on it is BEGIN IMMEDIATE, so transactions that write
// run one at a time, across processes too.
func (s *Store) DB() *sql.DB { return s.db }

// Rebind returns query, written with ? placeholders, in the backend's
// placeholder syntax ($1, $2, … in PostgreSQL). The query must hold no ?
// in a literal.
func (s *Store) Rebind(query string) string { return s.d.rebind(query) }

// ClassifyWriteError returns err wrapped in [ErrReadOnly] when the
// database refused a write because it is read-only, else err itself.
// Packages that write through [Store.DB] use it so that their callers see
// the store's errors.
func ClassifyWriteError(err error) error { return classifyWriteError(err) }
