// Package sqlitedriver measures the SQLite drivers for database/sql that
// the store could use, on the store's floor workload (see
// BenchmarkPutBatchVsFloor in package store): 20,000 generated articles of
// about 6 KB in batches of 500, each batch one transaction inserting the
// article's URL, headline, body and JSON into a plain table with prepared
// statements, then its FTS5 index (external content, the store's
// tokenizer) in one statement. The drivers write to their own files,
// alternating batch by batch, so that the shared machine's load weighs on
// all alike:
//
//   - ncruces/go-sqlite3, the store's: SQLite compiled to WebAssembly and
//     run by wazero, no C compiler needed;
//   - modernc.org/sqlite: SQLite translated to Go, no C compiler needed;
//   - mattn/go-sqlite3 (cgo, C compiler needed), only with the build tags
//     mattn and sqlite_fts5, and the ncruces driver kept from registering
//     its name: go test -tags 'mattn sqlite_fts5' -ldflags
//     '-X github.com/ncruces/go-sqlite3/driver.driverName=' -bench .
//
// It is a package of the bench module so that the library never depends on
// the drivers it does not use.
package sqlitedriver
