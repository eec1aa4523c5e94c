package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" database/sql driver
	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/newsingest/newslooks/store/internal/pgtext"
)

// DefaultPath is the SQLite file [Open] uses, in the working directory, when
// its argument is empty. (The command reads $NEWSLOOKS_DB; the library
// reads no environment.)
const DefaultPath = "newslooks.db"

// A Store holds articles in SQLite or PostgreSQL. It is safe for concurrent
// use; writes are serialized (one writing transaction at a time).
type Store struct {
	db      *sql.DB
	d       *dialect
	backend string // "sqlite" or "postgres"
	where   string // the file path, or the DSN without its password
	// goTSV: PostgreSQL's tsvectors are computed here (package pgtext),
	// the server having given the same on pgtext's probe at Open.
	goTSV bool
}

// Open opens the store named by dsn and brings its schema up to date:
//
//   - "" means [DefaultPath];
//   - a "postgres://" or "postgresql://" URL opens PostgreSQL through pgx
//     (parameters as pgx takes them, for example search_path or sslmode);
//   - anything else is the path of an SQLite file, created if missing.
//
// The errors wrap [ErrCannotOpen], [ErrNotDatabase], [ErrSchemaTooNew] or
// [ErrReadOnly]; in every one of those cases nothing has been written.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, true)
}

// OpenExisting is [Open] for a store that must exist already, for
// programs that only read (search, export, status): an SQLite path that
// names no file is an error wrapping [ErrNoStore], and nothing is
// created.
func OpenExisting(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, false)
}

func open(ctx context.Context, dsn string, create bool) (*Store, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	var (
		s   *Store
		err error
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(ctx, dsn)
	} else {
		s, err = openSQLite(ctx, dsn, create)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if s.backend == "postgres" {
		if s.goTSV, err = s.serverAgrees(ctx); err != nil {
			s.db.Close()
			return nil, fmt.Errorf("store: open %s: %w", s.where, err)
		}
	}
	return s, nil
}

// serverAgrees reports whether PostgreSQL's english configuration gives
// the tsvector that package pgtext computes on its probe: where it does
// not (another LC_CTYPE, a changed configuration or stemmer), the server
// computes every tsvector itself, as before schema version 8.
func (s *Store) serverAgrees(ctx context.Context) (bool, error) {
	v, ok := pgtext.EnglishBinary(pgtext.ProbeHeadline, pgtext.ProbeBody)
	if !ok {
		return false, nil
	}
	var same bool
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT ?::tsvector = `+tsvectorPG), tsvectorBinary(v), pgtext.ProbeHeadline, pgtext.ProbeBody).Scan(&same)
	return same, err
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Backend returns "sqlite" or "postgres".
func (s *Store) Backend() string { return s.backend }

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	where := dsn
	if u, err := url.Parse(dsn); err == nil {
		where = u.Redacted()
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCannotOpen, where, err)
	}
	// A query whose context ends is cancelled on the server too (pgx's
	// default only drops the connection, and the server runs on): a
	// search stopped by its deadline or a Ctrl-C costs the server nothing
	// more. The client waits a second at most for the server to agree.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: time.Second}
	}
	db := stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(registerTSVector))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s: %w", ErrCannotOpen, where, err)
	}
	return &Store{db: db, d: postgres, backend: "postgres", where: where}, nil
}

var sqliteMagic = []byte("SQLite format 3\x00")

func openSQLite(ctx context.Context, path string, create bool) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCannotOpen, path, err)
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if err == nil {
			err = errors.New("not a directory")
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrCannotOpen, path, err)
	}
	switch fi, err := os.Stat(abs); {
	case errors.Is(err, os.ErrNotExist) && !create:
		return nil, fmt.Errorf("%w: %s", ErrNoStore, path)
	case errors.Is(err, os.ErrNotExist):
		// Create the file ourselves, to tell a read-only directory from
		// other failures; SQLite fills the empty file in.
		f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, classifyFileError(path, err)
		}
		f.Close()
	case err != nil:
		return nil, fmt.Errorf("%w: %s: %w", ErrCannotOpen, path, err)
	case fi.IsDir():
		return nil, fmt.Errorf("%w: %s: is a directory", ErrCannotOpen, path)
	default:
		f, err := os.OpenFile(abs, os.O_RDWR, 0)
		if err != nil {
			return nil, classifyFileError(path, err)
		}
		head := make([]byte, len(sqliteMagic))
		n, err := io.ReadFull(f, head)
		f.Close()
		// An empty file, or one whose first bytes are still zero, is a
		// store another process is creating: SQLite judges it.
		if n > 0 && !allZero(head[:n]) && (err != nil || string(head) != string(sqliteMagic)) {
			return nil, fmt.Errorf("%w: %s", ErrNotDatabase, path)
		}
		// WAL mode needs to create the -wal and -shm files beside it.
		if err := dirWritable(dir); err != nil {
			return nil, classifyFileError(path, &os.PathError{Op: "access", Path: dir, Err: err})
		}
	}
	// A file this call created is never removed on failure: another
	// process may have opened it meanwhile. An empty file is a new store
	// to the next Open.
	q := url.Values{}
	q.Set("_txlock", "immediate")
	uri := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	db, err := driver.Open(uri, initSQLiteConn)
	if err != nil {
		return nil, classifySQLiteError(path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, classifySQLiteError(path, err)
	}
	return &Store{db: db, d: sqlite, backend: "sqlite", where: abs}, nil
}

// allZero reports whether b holds only zero bytes.
func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// sqliteBusyTimeout is how long a connection waits for a lock another
// connection or process holds.
const sqliteBusyTimeout = 10 * time.Second

// sqlitePragmas set up each connection, in order.
var sqlitePragmas = []string{
	// A new store has pages of 16 KiB rather than SQLite's 4 KiB (an
	// existing store keeps its own: SQLite changes the page size of a
	// database in WAL mode only by rebuilding it). An article's JSON of a
	// few KiB then fits in its row's page instead of a chain of overflow
	// pages, and a batch's commit writes a third as many pages to the
	// WAL: the storing goroutine of an ingest took a tenth less CPU over
	// 800 pages (its thread's CPU time against the rest of the process,
	// alternated runs). It comes first, before the database is in WAL
	// mode.
	"PRAGMA page_size=16384",
	"PRAGMA journal_mode=wal",
	"PRAGMA synchronous=normal",
	"PRAGMA foreign_keys=on",
	"PRAGMA cache_size=-32768", // 32 MiB of page cache per connection
	// Statement journals (the undo log of one statement, spilled to a
	// temporary file past 64 KiB) stay in memory: each batch's band and
	// FTS5 inserts would otherwise write every page they touch to disk
	// once more.
	"PRAGMA temp_store=memory",
}

// initSQLiteConn sets up a new connection. The busy timeout comes first;
// a pragma that still finds the file locked (several processes opening a
// new file at once all turn it to WAL mode, and SQLite does not always
// call the busy handler then) is tried again until the busy timeout has
// passed.
func initSQLiteConn(c *sqlite3.Conn) error {
	if err := c.BusyTimeout(sqliteBusyTimeout); err != nil {
		return err
	}
	deadline := time.Now().Add(sqliteBusyTimeout)
	for _, pragma := range sqlitePragmas {
		for {
			err := c.Exec(pragma)
			if err == nil {
				break
			}
			if !errors.Is(err, sqlite3.BUSY) && !errors.Is(err, sqlite3.LOCKED) || time.Now().After(deadline) {
				return fmt.Errorf("%s: %w", pragma, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	return fts5.Register(c)
}

func classifyFileError(path string, err error) error {
	if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EROFS) {
		return fmt.Errorf("%w: %s: %w", ErrReadOnly, path, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrCannotOpen, path, err)
}

func classifySQLiteError(path string, err error) error {
	switch {
	case errors.Is(err, sqlite3.NOTADB):
		return fmt.Errorf("%w: %s: %w", ErrNotDatabase, path, err)
	case errors.Is(err, sqlite3.READONLY), errors.Is(err, sqlite3.PERM):
		return fmt.Errorf("%w: %s: %w", ErrReadOnly, path, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrCannotOpen, path, err)
}

// classifyWriteError maps a failed write to ErrReadOnly when the database
// refused it as read-only.
func classifyWriteError(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "25006" || pe.Code == "42501") { // read_only_sql_transaction, insufficient_privilege
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	if errors.Is(err, sqlite3.READONLY) || errors.Is(err, sqlite3.PERM) {
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return err
}

// migrate brings the schema to SchemaVersion. It reads the version first
// and writes nothing when the schema is current or too new.
func (s *Store) migrate(ctx context.Context) error {
	v, err := s.schemaVersion(ctx, s.db)
	if err != nil {
		return err
	}
	if v > SchemaVersion {
		return fmt.Errorf("%w: %s has schema version %d, this binary knows up to %d", ErrSchemaTooNew, s.where, v, SchemaVersion)
	}
	if v == SchemaVersion {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classifyWriteError(err)
	}
	defer tx.Rollback()
	if s.backend == "postgres" {
		// Serialize concurrent migrations.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7006)`); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate %s: %w", s.where, classifyWriteError(err))
	}
	// Read again under the write lock: another process may have migrated.
	if v, err = s.schemaVersion(ctx, tx); err != nil {
		return err
	}
	if v > SchemaVersion {
		return fmt.Errorf("%w: %s has schema version %d, this binary knows up to %d", ErrSchemaTooNew, s.where, v, SchemaVersion)
	}
	for next := v + 1; next <= SchemaVersion; next++ {
		for _, stmt := range s.d.migrations[next] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("store: migrate %s to version %d: %w", s.where, next, classifyWriteError(err))
			}
		}
		if step := migrationSteps[next]; step != nil {
			if err := step(ctx, s, tx); err != nil {
				return fmt.Errorf("store: migrate %s to version %d: %w", s.where, next, classifyWriteError(err))
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_version (version) VALUES (?)`), SchemaVersion); err != nil {
		return err
	}
	return classifyWriteError(tx.Commit())
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion returns the recorded version, 0 for a database without the
// schema_version table.
func (s *Store) schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, s.d.hasVersionTable).Scan(&exists); err != nil {
		if s.backend == "sqlite" {
			return 0, classifySQLiteError(s.where, err)
		}
		return 0, fmt.Errorf("store: %s: %w", s.where, err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}
