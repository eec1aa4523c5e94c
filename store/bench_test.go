package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
)

// batchSize is how many articles the benchmarks store per transaction.
const batchSize = 500

// texts returns n generated articles in the Newslooks text form.
func texts(n int, seed uint64) ([]string, int64) {
	out := make([]string, n)
	var total int64
	for i := range out {
		var b strings.Builder
		genArticle(seed, i).WriteTo(&b)
		out[i] = b.String()
		total += int64(b.Len())
	}
	return out, total
}

// BenchmarkIngest compares parsing 10,000 articles with parsing and
// storing them in SQLite, in batches of 500. The ratio of the two is the
// store's overhead.
func BenchmarkIngest(b *testing.B) {
	const n = 10_000
	src, size := texts(n, 1)
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range src {
				if _, err := newslooks.ParseString(t); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/article")
	})
	b.Run("parse+store", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		var stored time.Duration
		for b.Loop() {
			b.StopTimer()
			s, err := Open(b.Context(), filepath.Join(b.TempDir(), fmt.Sprint("ingest", time.Now().UnixNano(), ".db")))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0 := time.Now()
			batch := make([]Item, 0, batchSize)
			for _, t := range src {
				a, err := newslooks.ParseString(t)
				if err != nil {
					b.Fatal(err)
				}
				batch = append(batch, Item{a, PutInfo{Source: "file"}})
				if len(batch) == batchSize {
					if _, err := s.PutBatch(b.Context(), batch); err != nil {
						b.Fatal(err)
					}
					batch = batch[:0]
				}
			}
			stored += time.Since(t0)
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(stored.Microseconds())/float64(b.N*n), "µs/article")
	})
}

// bigArticles is the size of the store the search and lookup benchmarks
// run against.
const bigArticles = 100_000

var big struct {
	once    sync.Once
	path    string
	err     error
	ingest  time.Duration // time to build it
	peak    uint64        // peak live heap while building it
	builtBy string        // "" when kept from an earlier run
}

// bigStore returns the path of a store of 100,000 generated articles.
// Building it takes minutes, so it is kept between runs in the temporary
// directory, named after the schema version, and rebuilt only when missing
// or incomplete; delete it to measure the ingest again (BenchmarkIngest100k
// reports only a build made in the same run).
func bigStore(b *testing.B) string {
	if testing.Short() {
		b.Skip("the 100,000-article store is not built under -short")
	}
	big.once.Do(func() {
		big.path = filepath.Join(os.TempDir(), fmt.Sprintf("newslooks-bench-100k-v%d.db", SchemaVersion))
		done := big.path + ".complete"
		if _, err := os.Stat(done); err == nil {
			return
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(big.path + suffix)
		}
		big.ingest, big.peak, big.err = ingestGenerated(context.Background(), big.path, bigArticles)
		big.builtBy = "bigStore"
		if big.err == nil {
			big.err = os.WriteFile(done, nil, 0o644)
		}
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.path
}

var heapMetric = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func heapBytes() uint64 {
	metrics.Read(heapMetric)
	return heapMetric[0].Value.Uint64()
}

// ingestGenerated stores n generated articles into a new store at path,
// generating them as it goes, and returns the time taken and the peak
// live heap measured after each batch.
func ingestGenerated(ctx context.Context, path string, n int) (time.Duration, uint64, error) {
	s, err := Open(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	runtime.GC()
	peak := heapBytes()
	t0 := time.Now()
	batch := make([]Item, 0, batchSize)
	for i := range n {
		batch = append(batch, Item{genArticle(2, i), PutInfo{Source: "feed"}})
		if len(batch) == batchSize || i == n-1 {
			if _, err := s.PutBatch(ctx, batch); err != nil {
				return 0, 0, err
			}
			clear(batch)
			batch = batch[:0]
			peak = max(peak, heapBytes())
		}
	}
	d := time.Since(t0)
	if s.backend == "postgres" {
		// Statistics and a visibility map, as autovacuum would leave them.
		_, err = s.db.ExecContext(ctx, `VACUUM ANALYZE articles`)
	} else {
		_, err = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return d, peak, err
}

// bigPostgresSchema is the schema of $NEWSLOOKS_TEST_POSTGRES's database
// that holds the PostgreSQL twin of bigStore: the same 100,000 generated
// articles. One per schema version (that of version 8, before the name
// said it, is "newslooks_bench_100k"), so that builds of two versions
// that share a server each search their own, and neither migrates the
// other's.
var bigPostgresSchema = fmt.Sprintf("newslooks_bench_100k_v%d", SchemaVersion)

var bigPG struct {
	once sync.Once
	dsn  string
	err  error
}

// bigPostgresStore returns the DSN of a PostgreSQL store of the same
// 100,000 generated articles as bigStore, or "" when
// $NEWSLOOKS_TEST_POSTGRES is not set. Like bigStore it is kept between
// runs (in schema bigPostgresSchema, complete once it holds the table
// bench_complete; Open migrates it) and rebuilt when incomplete: drop the
// schema to rebuild it.
func bigPostgresStore(b *testing.B) string {
	dsn := os.Getenv("NEWSLOOKS_TEST_POSTGRES")
	if dsn == "" || testing.Short() {
		return ""
	}
	bigPG.once.Do(func() {
		u, err := url.Parse(dsn)
		if err != nil {
			bigPG.err = err
			return
		}
		q := u.Query()
		q.Set("search_path", bigPostgresSchema)
		u.RawQuery = q.Encode()
		bigPG.dsn = u.String()
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			bigPG.err = err
			return
		}
		defer admin.Close()
		var complete bool
		if bigPG.err = admin.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, bigPostgresSchema+".bench_complete").Scan(&complete); bigPG.err != nil || complete {
			return
		}
		if _, bigPG.err = admin.Exec(`DROP SCHEMA IF EXISTS ` + bigPostgresSchema + ` CASCADE; CREATE SCHEMA ` + bigPostgresSchema); bigPG.err != nil {
			return
		}
		if _, _, bigPG.err = ingestGenerated(context.Background(), bigPG.dsn, bigArticles); bigPG.err != nil {
			return
		}
		_, bigPG.err = admin.Exec(`CREATE TABLE ` + bigPostgresSchema + `.bench_complete ()`)
	})
	if bigPG.err != nil {
		b.Fatal(bigPG.err)
	}
	return bigPG.dsn
}

// BenchmarkIngest100k reports the time per article and the peak live heap
// of building the 100,000-article store the other benchmarks search (the
// store is built once per run, by whichever benchmark needs it first).
func BenchmarkIngest100k(b *testing.B) {
	path := bigStore(b)
	if big.builtBy == "" {
		b.Skip("the store was kept from an earlier run: delete " + path + " to measure the ingest")
	}
	for b.Loop() {
		// The work was done by bigStore; this reports it.
	}
	b.ReportMetric(float64(big.ingest.Microseconds())/bigArticles, "µs/article")
	b.ReportMetric(float64(big.peak)/(1<<20), "peak-heap-MiB")
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/bigArticles, "disk-B/article")
}

// BenchmarkSearch runs 48 one-, two- and three-word queries against
// 100,000 articles in SQLite and, when $NEWSLOOKS_TEST_POSTGRES is set, in
// PostgreSQL, the same articles in both, each query on one backend then
// the other so that the machine's load weighs on both alike. It reports
// the median and 99th-percentile latency of each backend and SQLite's
// size on disk per article. Both rank the matches among the newest
// recentWindow articles when there are enough of them (see Search): the
// generated vocabulary's top 100 words are in 44% to 100% of the
// articles, as stop words would be, and without the window dominate the
// percentiles.
func BenchmarkSearch(b *testing.B) {
	path := bigStore(b)
	stores := []*Store{}
	for _, dsn := range []string{path, bigPostgresStore(b)} {
		if dsn == "" {
			continue
		}
		s, err := Open(b.Context(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	queries := benchQueries()
	// Each iteration runs every query once on each backend, so that every
	// class of query weighs in the percentiles however few iterations run.
	lat := make([][]time.Duration, len(stores))
	for b.Loop() {
		for _, q := range queries {
			for k, s := range stores {
				t0 := time.Now()
				if _, err := s.Search(b.Context(), q, SearchOptions{Limit: 20}); err != nil {
					b.Fatal(err)
				}
				lat[k] = append(lat[k], time.Since(t0))
			}
		}
	}
	for k, s := range stores {
		slices.Sort(lat[k])
		b.ReportMetric(float64(lat[k][len(lat[k])/2].Microseconds())/1000, s.backend+"-p50-ms")
		b.ReportMetric(float64(lat[k][len(lat[k])*99/100].Microseconds())/1000, s.backend+"-p99-ms")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/bigArticles, "disk-B/article")
}

// benchQueries are BenchmarkSearch's queries: words over the whole
// frequency range of the generated vocabulary (common words match tens
// of thousands of articles, rare ones a handful), alone and with one or
// two others.
func benchQueries() []string {
	var queries []string
	for _, rank := range []int{2, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000, 15000} {
		w := vocabulary[rank]
		queries = append(queries, w, w+" "+vocabulary[rank/2+1], w+" "+vocabulary[rank/3+7]+" "+vocabulary[rank*3/4+3])
	}
	return queries
}

// BenchmarkNearDupLookup times the band lookup of a near copy at 1,000 and
// at 100,000 stored articles: the two should be about equal.
func BenchmarkNearDupLookup(b *testing.B) {
	for _, n := range []int{1_000, bigArticles} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var path string
			if n == bigArticles {
				path = bigStore(b)
			} else {
				path = filepath.Join(b.TempDir(), "small.db")
				if _, _, err := ingestGenerated(b.Context(), path, n); err != nil {
					b.Fatal(err)
				}
			}
			s, err := Open(b.Context(), path)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			// A near copy of a stored article, and a new article.
			a := genArticle(2, n/2)
			a.Sections[0].Paragraphs = append([]string{"(AP) —"}, a.Sections[0].Paragraphs[1:]...)
			sigs := []dedup.Sig{dedup.Fingerprint(a.Text()), dedup.Fingerprint(genArticle(3, 1).Text())}
			tx, err := s.db.BeginTx(b.Context(), &sql.TxOptions{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer tx.Rollback()
			p := &putter{s: s, tx: tx, stmts: map[string]*sql.Stmt{}}
			defer p.close()
			if id, err := p.nearDuplicateOf(b.Context(), sigs[0]); err != nil || id == 0 {
				b.Fatalf("near copy not found: %v", err)
			}
			i := 0
			for b.Loop() {
				if _, err := p.nearDuplicateOf(b.Context(), sigs[i%2]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
