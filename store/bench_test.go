package store

import (
	"context"
	"database/sql"
	"fmt"
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
	_, err = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return d, peak, err
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

// BenchmarkSearch runs one- and two-word queries against 100,000 articles
// and reports the median and 99th-percentile latency and the store's size
// on disk per article. FTS5 scores every document that holds a query term,
// so latency grows with the commonest term's document count (about 2.4 µs
// per match): the generated vocabulary's top 100 words are in 44% to 100%
// of the articles, as stop words would be, and dominate the percentiles.
func BenchmarkSearch(b *testing.B) {
	path := bigStore(b)
	s, err := Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// Queries over the whole frequency range: common words match tens of
	// thousands of articles, rare ones a handful.
	var queries []string
	for _, rank := range []int{5, 20, 50, 100, 300, 1000, 3000, 10000} {
		queries = append(queries, vocabulary[rank], vocabulary[rank]+" "+vocabulary[rank/2+1])
	}
	// Each iteration runs every query once, so that every class of query
	// weighs in the percentiles however few iterations run.
	var lat []time.Duration
	for b.Loop() {
		for _, q := range queries {
			t0 := time.Now()
			if _, err := s.Search(b.Context(), q, SearchOptions{Limit: 20}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/bigArticles, "disk-B/article")
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
