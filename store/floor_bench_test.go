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
// (about 6 KB each, batches of 500) twice per iteration, on the same
// driver in the same run: once through the floor (floorSQLite: what the
// same database does for the same work without deduplication) and once
// through Store.PutBatch. It reports both in µs/article, their ratio, and
// the bytes each wrote per article (write system calls, WAL and
// checkpoints included) against the bytes the database holds per article.
func BenchmarkPutBatchVsFloor(b *testing.B) {
	arts := make([]*newslooks.Article, floorArticles)
	for i := range arts {
		arts[i] = genArticle(4, i)
	}
	var floor, store ingestCost
	for b.Loop() {
		floor.add(b, measureIngest(b, floorSQLiteIngest, arts))
		store.add(b, measureIngest(b, storeIngest, arts))
	}
	floor.report(b, "floor-")
	store.report(b, "store-")
	b.ReportMetric(store.perArticle()/floor.perArticle(), "store/floor")
}

// ingestCost sums the measurements of several ingests.
type ingestCost struct {
	d                        time.Duration
	articles, written, bytes int64
}

func (c *ingestCost) add(b *testing.B, m ingestCost) {
	c.d += m.d
	c.articles += m.articles
	c.written += m.written
	c.bytes += m.bytes
}

func (c *ingestCost) perArticle() float64 {
	return float64(c.d.Microseconds()) / float64(c.articles)
}

func (c *ingestCost) report(b *testing.B, prefix string) {
	b.ReportMetric(c.perArticle(), prefix+"µs/article")
	b.ReportMetric(float64(c.written)/float64(c.articles), prefix+"written-B/article")
	b.ReportMetric(float64(c.bytes)/float64(c.articles), prefix+"stored-B/article")
}

// An ingester stores arts into a new database at path, in batches of
// batchSize, and closes it.
type ingester func(ctx context.Context, path string, arts []*newslooks.Article) error

// measureIngest runs ing on a new file and measures its time, the bytes
// the process wrote meanwhile, and the size of the database after a
// checkpoint.
func measureIngest(b *testing.B, ing ingester, arts []*newslooks.Article) ingestCost {
	b.Helper()
	path := filepath.Join(b.TempDir(), "ingest.db")
	w0 := writtenBytes(b)
	t0 := time.Now()
	if err := ing(b.Context(), path, arts); err != nil {
		b.Fatal(err)
	}
	d := time.Since(t0)
	w1 := writtenBytes(b)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return ingestCost{d: d, articles: int64(len(arts)), written: w1 - w0, bytes: fi.Size()}
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

// storeIngest stores arts through Store.PutBatch and checkpoints the WAL,
// so that the bytes written include the copy into the database file.
func storeIngest(ctx context.Context, path string, arts []*newslooks.Article) error {
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	batch := make([]Item, 0, batchSize)
	for i, a := range arts {
		batch = append(batch, Item{a, PutInfo{Source: "feed"}})
		if len(batch) == batchSize || i == len(arts)-1 {
			if _, err := s.PutBatch(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	_, err = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// floorSQLiteIngest is the floor: the least the store could do for the
// same articles on the same driver and settings (WAL, synchronous=normal,
// 32 MiB cache): one plain table of the article's URL, headline, body text
// and JSON, and an FTS5 index of headline and body as external content
// with the store's tokenizer; prepared statements, one transaction per
// batch. The FTS5 rows of a batch are written by one statement that reads
// them from the table: FTS5 flushes its pending terms at every statement's
// end, and one insert per article was measured 1.5× to 3× slower. No
// canonical URLs, content hashes, fingerprints or lookups.
func floorSQLiteIngest(ctx context.Context, path string, arts []*newslooks.Article) error {
	db, err := openFloorSQLite(path)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE docs (id INTEGER PRIMARY KEY, url TEXT UNIQUE, headline TEXT, body TEXT, article BLOB)`,
		`CREATE VIRTUAL TABLE docs_fts USING fts5(headline, body, content = 'docs', content_rowid = 'id',
			tokenize = 'porter unicode61 remove_diacritics 2')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for start := 0; start < len(arts); start += batchSize {
		if err := floorBatch(ctx, db, arts[start:min(start+batchSize, len(arts))]); err != nil {
			return err
		}
	}
	_, err = db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func openFloorSQLite(path string) (*sql.DB, error) {
	uri := "file:" + path + "?_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_pragma=cache_size(-32768)&_txlock=immediate"
	return driver.Open(uri, func(c *sqlite3.Conn) error { return fts5.Register(c) })
}

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
		js, err := json.Marshal(a)
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

// BenchmarkGrowth stores 100,000 generated articles in batches of 500 into
// a new store and reports the µs/article of the first and the last 10,000,
// their ratio (1 when the cost does not grow with the store), and the bytes
// written and held per article. It takes minutes, so it is skipped under
// -short; run it alone: go test -run '^$' -bench Growth -benchtime 1x ./store
func BenchmarkGrowth(b *testing.B) {
	if testing.Short() {
		b.Skip("100,000 articles are not stored under -short")
	}
	const n, part = bigArticles, 10_000
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "growth.db")
		s, err := Open(b.Context(), path)
		if err != nil {
			b.Fatal(err)
		}
		w0 := writtenBytes(b)
		var first, last time.Duration
		batch := make([]Item, 0, batchSize)
		for i := 0; i < n; i += batchSize {
			batch = batch[:0]
			for k := i; k < i+batchSize; k++ {
				batch = append(batch, Item{genArticle(5, k), PutInfo{Source: "feed"}})
			}
			t0 := time.Now()
			if _, err := s.PutBatch(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
			switch d := time.Since(t0); {
			case i < part:
				first += d
			case i >= n-part:
				last += d
			}
		}
		if _, err := s.db.ExecContext(b.Context(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		written := writtenBytes(b) - w0
		s.Close()
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(first.Microseconds())/part, "first10k-µs/article")
		b.ReportMetric(float64(last.Microseconds())/part, "last10k-µs/article")
		b.ReportMetric(float64(last)/float64(first), "last/first")
		b.ReportMetric(float64(written)/n, "written-B/article")
		b.ReportMetric(float64(fi.Size())/n, "stored-B/article")
		b.ReportMetric(float64(written)/float64(fi.Size()), "written/stored")
	}
}
