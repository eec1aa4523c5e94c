package sqlitedriver

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"
	_ "modernc.org/sqlite" // registers "sqlite"
)

const (
	articles  = 20_000
	batchSize = 500
	pragmas   = "_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_pragma=cache_size(-32768)"
)

// opener opens a database file with a driver; drivers lists them by name.
type opener func(path string) (*sql.DB, error)

var drivers = map[string]opener{
	"ncruces": func(path string) (*sql.DB, error) {
		return driver.Open("file:"+path+"?"+pragmas+"&_txlock=immediate", func(c *sqlite3.Conn) error { return fts5.Register(c) })
	},
	"modernc": func(path string) (*sql.DB, error) {
		return sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	},
}

// An article is what the floor stores of one.
type article struct {
	URL, Headline, Body string
	Authors             []string
	Published           time.Time
}

// generate returns n articles of about 6 KB of Zipf-distributed words.
func generate(n int) []article {
	vocab := make([]string, 20000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range vocab {
		vocab[i] = fmt.Sprintf("%s%d", []string{"ka", "lo", "mi", "ter", "san", "dor"}[rng.IntN(6)], i)
	}
	out := make([]article, n)
	for i := range out {
		rng := rand.New(rand.NewPCG(4, uint64(i)))
		zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
		var b strings.Builder
		for b.Len() < 6000 {
			b.WriteString(vocab[zipf.Uint64()])
			b.WriteByte(' ')
		}
		out[i] = article{URL: fmt.Sprintf("https://news.example/%d", i), Headline: fmt.Sprintf("Story %d of the day", i),
			Body: b.String(), Authors: []string{"J. Mansour"}, Published: time.Unix(1_700_000_000+int64(i), 0).UTC()}
	}
	return out
}

func create(ctx context.Context, db *sql.DB) error {
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

func writeBatch(ctx context.Context, db *sql.DB, arts []article) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs (url, headline, body, article) VALUES (?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	defer ins.Close()
	var first, last int64
	for i, a := range arts {
		js, err := json.Marshal(a)
		if err != nil {
			return err
		}
		var id int64
		if err := ins.QueryRowContext(ctx, a.URL, a.Headline, a.Body, js).Scan(&id); err != nil {
			return err
		}
		if i == 0 {
			first = id
		}
		last = id
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO docs_fts (rowid, headline, body)
		SELECT id, headline, body FROM docs WHERE id BETWEEN ? AND ?`, first, last); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkDrivers reports each driver's µs/article on the floor workload
// and its time as a multiple of ncruces's.
func BenchmarkDrivers(b *testing.B) {
	arts := generate(articles)
	names := []string{"ncruces", "modernc"}
	if _, ok := drivers["mattn"]; ok {
		names = append(names, "mattn")
	}
	spent := map[string]time.Duration{}
	for b.Loop() {
		dbs := map[string]*sql.DB{}
		for _, name := range names {
			db, err := drivers[name](filepath.Join(b.TempDir(), name+".db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if err := create(b.Context(), db); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			dbs[name] = db
		}
		for start := 0; start < len(arts); start += batchSize {
			for k := range names {
				name := names[(k+start/batchSize)%len(names)] // each goes first in turn
				t0 := time.Now()
				if err := writeBatch(b.Context(), dbs[name], arts[start:start+batchSize]); err != nil {
					b.Fatalf("%s: %v", name, err)
				}
				spent[name] += time.Since(t0)
			}
		}
	}
	for _, name := range names {
		b.ReportMetric(float64(spent[name].Microseconds())/float64(b.N*articles), name+"-µs/article")
		b.ReportMetric(float64(spent[name])/float64(spent["ncruces"]), name+"/ncruces")
	}
}
