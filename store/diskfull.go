package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
)

// ErrDiskFull: a write failed because the disk that holds the database
// is full (ENOSPC, SQLite's "database or disk is full", PostgreSQL's
// disk_full), or because SQLite met an I/O error while less than
// lowSpace is left on that disk. Nothing of the failed call was stored.
var ErrDiskFull = errors.New("disk full")

// lowSpace is the free space under which an SQLite I/O error is taken for
// a full disk: SQLite does not always pass ENOSPC on (a failed write to
// the write-ahead log is a plain "disk I/O error").
const lowSpace = 1 << 20

// diskFull wraps err with ErrDiskFull when it is the error of a full disk.
func (s *Store) diskFull(err error) error {
	if err == nil || errors.Is(err, ErrDiskFull) {
		return err
	}
	var pe *pgconn.PgError
	full := errors.Is(err, syscall.ENOSPC) || errors.Is(err, sqlite3.FULL) ||
		errors.As(err, &pe) && pe.Code == "53100" // disk_full
	if !full && s.backend == "sqlite" && errors.Is(err, sqlite3.IOERR) {
		free, ok := freeBytes(filepath.Dir(s.where))
		full = ok && free < lowSpace
	}
	if full {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}
