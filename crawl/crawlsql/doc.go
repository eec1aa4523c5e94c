// Package crawlsql keeps a crawler's [crawl.State] in a [store.Store]'s
// database, SQLite or PostgreSQL, so that the articles and what the
// crawler knows (the URLs it found and what became of them, feed and
// sitemap validators, each host's robots.txt and politeness, each
// source's status) live in one place and survive restarts.
//
// Several processes may share one State: URLs are claimed under leases
// that lapse, so a killed worker's URLs return; a host is acquired for
// one request at a time by one atomic UPDATE, so requests to a host stay
// apart across processes. In PostgreSQL claimers skip each other's locked
// rows rather than wait; in SQLite every write transaction is BEGIN
// IMMEDIATE, one at a time. The tables are created and migrated by the
// store's schema; this package only uses them, through [store.Store.DB].
//
// Its tests are package crawl/statetest's suite, run against both
// backends; claimers in three goroutines and in three processes (one of
// them dying with claims) on one PostgreSQL; and crawlers sharing one
// database over a loopback host.
package crawlsql
