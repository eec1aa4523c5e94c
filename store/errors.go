package store

import "errors"

// Errors returned, wrapped, by [Open] and the Store's methods; test for
// them with errors.Is. When Open fails with one of them it has written
// nothing.
var (
	// ErrCannotOpen: the DSN names a database that cannot be reached or
	// opened (no such directory, connection refused, bad credentials).
	ErrCannotOpen = errors.New("store: cannot open the database")
	// ErrNotDatabase: the SQLite path names a file that is not an SQLite
	// database. The file is left untouched.
	ErrNotDatabase = errors.New("store: file is not a database")
	// ErrSchemaTooNew: the database was written by a newer newslooks whose
	// schema this binary does not know. Upgrade the binary.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")
	// ErrNoStore: OpenExisting was given an SQLite path that names no
	// file; nothing was created.
	ErrNoStore = errors.New("store: no database at this path")
	// ErrReadOnly: the database or its directory cannot be written (file
	// permissions, a read-only file system, a read-only PostgreSQL server
	// or role).
	ErrReadOnly = errors.New("store: database location is read-only")
)
