package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/newsingest/newslooks"
)

// floorArticles is how many articles BenchmarkPutBatchVsFloor stores.
const floorArticles = 20_000

// BenchmarkPutBatchVsFloor stores the same 20,000 generated articles
// (about 6 KB each, batches of 500) through the floor (floorBatch: what
// the same database does for the same work without deduplication) and
// through Store.PutBatch, into two new databases on the same driver,
// alternating batch by batch so that the shared machine's load weighs on
// both alike. It reports both in µs/article, their ratio, and the bytes
// each wrote per article (write system calls, WAL and checkpoints
// included) against the bytes its database holds per article.
func BenchmarkPutBatchVsFloor(b *testing.B) {
	arts := make([]*newslooks.Article, floorArticles)
	for i := range arts {
		arts[i] = genArticle(4, i)
	}
	var floor, store ingestCost
	for b.Loop() {
		side(b, arts, &floor, &store)
	}
	floor.report(b, "floor-")
	store.report(b, "store-")
	b.ReportMetric(store.perArticle()/floor.perArticle(), "store/floor")
}

// side stores arts through the floor and the store, alternating batches,
// and adds what each cost to floor and store.
func side(b *testing.B, arts []*newslooks.Article, floor, store *ingestCost) {
	dir := b.TempDir()
	paths := [2]string{filepath.Join(dir, "floor.db"), filepath.Join(dir, "store.db")}
	costs := [2]*ingestCost{floor, store}
	var ws [2]batchWriter
	var err error
	if ws[0], err = openFloorWriter(b.Context(), paths[0]); err != nil {
		b.Fatal(err)
	}
	if ws[1], err = openStoreWriter(b.Context(), paths[1]); err != nil {
		b.Fatal(err)
	}
	run := func(k int, f func() error) {
		w0 := writtenBytes(b)
		t0 := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		costs[k].d += time.Since(t0)
		costs[k].written += writtenBytes(b) - w0
	}
	for start := 0; start < len(arts); start += batchSize {
		batch := arts[start:min(start+batchSize, len(arts))]
		for k := range ws {
			k := (k + start/batchSize) % 2 // each goes first every other batch
			run(k, func() error { return ws[k].write(b.Context(), batch) })
		}
	}
	for k := range ws {
		run(k, func() error { return ws[k].close(b.Context()) })
		fi, err := os.Stat(paths[k])
		if err != nil {
			b.Fatal(err)
		}
		costs[k].bytes += fi.Size()
		costs[k].articles += int64(len(arts))
	}
}

// ingestCost sums the measurements of several ingests.
type ingestCost struct {
	d                        time.Duration
	articles, written, bytes int64
}

func (c *ingestCost) perArticle() float64 {
	return float64(c.d.Microseconds()) / float64(c.articles)
}

func (c *ingestCost) report(b *testing.B, prefix string) {
	b.ReportMetric(c.perArticle(), prefix+"µs/article")
	b.ReportMetric(float64(c.written)/float64(c.articles), prefix+"written-B/article")
	b.ReportMetric(float64(c.bytes)/float64(c.articles), prefix+"stored-B/article")
}

// writtenBytes returns the bytes this process has passed to write system
// calls (wchar of /proc/self/io), or 0 where that is not available.
func writtenBytes(b *testing.B) int64 {
	raw, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("wchar: ")); ok {
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	return 0
}

// createFloorTables makes the floor's schema (see floorBatch).
func createFloorTables(ctx context.Context, db *sql.DB) error {
	for _, q := range []string{
		`CREATE TABLE docs (id INTEGER PRIMARY KEY, url TEXT UNIQUE, headline TEXT, body TEXT, article BLOB)`,
		`CREATE VIRTUAL TABLE docs_fts USING fts5(headline, body, content = 'docs', content_rowid = 'id',
			tokenize = 'porter unicode61 remove_diacritics 2')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func openFloorSQLite(path string) (*sql.DB, error) {
	uri := "file:" + path + "?_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_pragma=cache_size(-32768)&_txlock=immediate"
	return driver.Open(uri, func(c *sqlite3.Conn) error { return fts5.Register(c) })
}

// floorBatch is the floor: the least the store could do for the
// same articles on the same driver and settings (WAL, synchronous=normal,
// 32 MiB cache): one plain table of the article's URL, headline, body text
// and JSON, and an FTS5 index of headline and body as external content
// with the store's tokenizer; prepared statements, one transaction per
// batch. The FTS5 rows of a batch are written by one statement that reads
// them from the table, as the store writes its own. No canonical URLs,
// content hashes, fingerprints or lookups.
func floorBatch(ctx context.Context, db *sql.DB, arts []*newslooks.Article) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	doc, err := tx.PrepareContext(ctx, `INSERT INTO docs (url, headline, body, article) VALUES (?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer doc.Close()
	var first, last int64
	for i, a := range arts {
		// The JSON as the store writes it (json.Marshal would compact
		// MarshalJSON's output in a second pass).
		js, err := a.MarshalJSON()
		if err != nil {
			return err
		}
		text := a.Text()
		var id int64
		if err := doc.QueryRowContext(ctx, a.URL, a.Headline, text, js).Scan(&id); err != nil {
			return fmt.Errorf("floor: %w", err)
		}
		if i == 0 {
			first = id
		}
		last = id
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO docs_fts (rowid, headline, body)
		SELECT id, headline, body FROM docs WHERE id BETWEEN ? AND ?`, first, last); err != nil {
		return fmt.Errorf("floor: %w", err)
	}
	return tx.Commit()
}

// BenchmarkGrowth stores 100,000 generated articles in batches of 500
// into two new databases, through the store and through the floor,
// alternating batch by batch, and reports for each the µs/article of the
// first and the last 10,000, their ratio (1 when the cost does not grow
// with the database), and the bytes written and held per article. The
// floor's ratio, taken in the same windows of time, shows what the
// machine's load and SQLite's own growth account for. It takes many
// minutes, so it is skipped under -short; run it alone:
//
//	go test -run '^$' -bench Growth -benchtime 1x ./store
func BenchmarkGrowth(b *testing.B) {
	if testing.Short() {
		b.Skip("100,000 articles are not stored under -short")
	}
	const n, part = bigArticles, 10_000
	names := [2]string{"floor-", "store-"}
	for b.Loop() {
		dir := b.TempDir()
		paths := [2]string{filepath.Join(dir, "floor.db"), filepath.Join(dir, "store.db")}
		var ws [2]batchWriter
		var err error
		if ws[0], err = openFloorWriter(b.Context(), paths[0]); err != nil {
			b.Fatal(err)
		}
		if ws[1], err = openStoreWriter(b.Context(), paths[1]); err != nil {
			b.Fatal(err)
		}
		var first, last [2]time.Duration
		var written [2]int64
		arts := make([]*newslooks.Article, batchSize)
		for i := 0; i < n; i += batchSize {
			for k := range arts {
				arts[k] = genArticle(5, i+k)
			}
			for k := range ws {
				k := (k + i/batchSize) % 2 // each goes first every other batch
				w0 := writtenBytes(b)
				t0 := time.Now()
				if err := ws[k].write(b.Context(), arts); err != nil {
					b.Fatal(err)
				}
				d := time.Since(t0)
				written[k] += writtenBytes(b) - w0
				switch {
				case i < part:
					first[k] += d
				case i >= n-part:
					last[k] += d
				}
			}
		}
		for k := range ws {
			w0 := writtenBytes(b)
			if err := ws[k].close(b.Context()); err != nil {
				b.Fatal(err)
			}
			written[k] += writtenBytes(b) - w0
			fi, err := os.Stat(paths[k])
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(first[k].Microseconds())/part, names[k]+"first10k-µs/article")
			b.ReportMetric(float64(last[k].Microseconds())/part, names[k]+"last10k-µs/article")
			b.ReportMetric(float64(last[k])/float64(first[k]), names[k]+"last/first")
			b.ReportMetric(float64(written[k])/n, names[k]+"written-B/article")
			b.ReportMetric(float64(fi.Size())/n, names[k]+"stored-B/article")
			b.ReportMetric(float64(written[k])/float64(fi.Size()), names[k]+"written/stored")
		}
	}
}

// A batchWriter writes batches of articles to a database at path.
type batchWriter interface {
	write(ctx context.Context, arts []*newslooks.Article) error
	// close checkpoints the WAL and closes the database.
	close(ctx context.Context) error
}

type storeWriter struct {
	s     *Store
	batch []Item
}

func openStoreWriter(ctx context.Context, path string) (batchWriter, error) {
	s, err := Open(ctx, path)
	return &storeWriter{s: s}, err
}

func (w *storeWriter) write(ctx context.Context, arts []*newslooks.Article) error {
	w.batch = w.batch[:0]
	for _, a := range arts {
		w.batch = append(w.batch, Item{a, PutInfo{Source: "feed"}})
	}
	_, err := w.s.PutBatch(ctx, w.batch)
	return err
}

func (w *storeWriter) close(ctx context.Context) error {
	defer w.s.Close()
	_, err := w.s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

type floorWriter struct{ db *sql.DB }

func openFloorWriter(ctx context.Context, path string) (batchWriter, error) {
	db, err := openFloorSQLite(path)
	if err != nil {
		return nil, err
	}
	if err := createFloorTables(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return &floorWriter{db}, nil
}

func (w *floorWriter) write(ctx context.Context, arts []*newslooks.Article) error {
	return floorBatch(ctx, w.db, arts)
}

func (w *floorWriter) close(ctx context.Context) error {
	defer w.db.Close()
	_, err := w.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// BenchmarkPutBatchVsFloorPostgres is BenchmarkPutBatchVsFloor against the
// PostgreSQL that $NEWSLOOKS_TEST_POSTGRES names, each side in a schema of
// its own. Its floor is PostgreSQL's least for the same work: a plain
// table of URL, headline, body and JSON with a stored tsvector of headline
// and body (weights A and B, as the store's) and its GIN index, one
// prepared INSERT per article, one transaction per batch. Bytes written
// are not measured (the server writes them).
func BenchmarkPutBatchVsFloorPostgres(b *testing.B) {
	if os.Getenv("NEWSLOOKS_TEST_POSTGRES") == "" {
		b.Skip("NEWSLOOKS_TEST_POSTGRES is not set: no PostgreSQL to test against")
	}
	arts := make([]*newslooks.Article, floorArticles)
	for i := range arts {
		arts[i] = genArticle(4, i)
	}
	var costs [2]time.Duration
	for b.Loop() {
		var ws [2]batchWriter
		var err error
		if ws[0], err = openPostgresFloorWriter(b.Context(), postgresSchema(b)); err != nil {
			b.Fatal(err)
		}
		if ws[1], err = openStoreWriter(b.Context(), postgresSchema(b)); err != nil {
			b.Fatal(err)
		}
		for start := 0; start < len(arts); start += batchSize {
			batch := arts[start:min(start+batchSize, len(arts))]
			for k := range ws {
				k := (k + start/batchSize) % 2
				t0 := time.Now()
				if err := ws[k].write(b.Context(), batch); err != nil {
					b.Fatal(err)
				}
				costs[k] += time.Since(t0)
			}
		}
		ws[0].close(b.Context())
		ws[1].(*storeWriter).s.Close()
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N*len(arts)) }
	b.ReportMetric(per(costs[0]), "floor-µs/article")
	b.ReportMetric(per(costs[1]), "store-µs/article")
	b.ReportMetric(float64(costs[1])/float64(costs[0]), "store/floor")
}

type pgFloorWriter struct{ db *sql.DB }

func openPostgresFloorWriter(ctx context.Context, dsn string) (batchWriter, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE docs (
		id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, url TEXT UNIQUE, headline TEXT NOT NULL, body TEXT NOT NULL,
		article BYTEA NOT NULL,
		tsv tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', body), 'B')) STORED)`); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.ExecContext(ctx, `CREATE INDEX docs_tsv ON docs USING GIN (tsv)`); err != nil {
		db.Close()
		return nil, err
	}
	return &pgFloorWriter{db}, nil
}

func (w *pgFloorWriter) write(ctx context.Context, arts []*newslooks.Article) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs (url, headline, body, article) VALUES ($1, $2, $3, $4)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, a := range arts {
		js, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, a.URL, a.Headline, a.Text(), js); err != nil {
			return fmt.Errorf("floor: %w", err)
		}
	}
	return tx.Commit()
}

func (w *pgFloorWriter) close(context.Context) error { return w.db.Close() }
