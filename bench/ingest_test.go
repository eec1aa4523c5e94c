package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/newsingest/newslooks/bench/internal/corpus"
)

// BenchmarkIngestVsParse runs the command's parse (JSON lines to
// /dev/null) and ingest (into a new SQLite store) on the same folder of
// HTML pages, each a child process, alternating which goes first, and
// reports their wall times and the ratio ingest/parse: how much storing
// adds to reading when the two overlap (and the ratio of their CPU
// times: what storing costs, overlapped or not). It also reports the
// distinct terms of the store's full-text index after ingest ("terms",
// from fts5vocab), on which FTS5's cost per token depends.
//
// The pages are the development pages the speed benchmarks read
// (aeb-dev, shared/pages, the Newslooks fixtures), in three folders, each
// for a reason:
//
//   - "x1": the pages once, the store a small corpus makes.
//   - "x10-vocab": the pages and nine copies (copies_test.go) whose words
//     go through a permutation of the pages' own vocabulary, fixed per
//     copy, the rarest of them made new: ten times the text with about
//     10^0.49 ≈ 3.1 times the index terms, as Heaps' law has a real news
//     corpus ten times larger (RCV1's β). This is the store a larger
//     corpus makes, and the case the target (ingest ≤ 1.15 × parse) is
//     about.
//   - "x10-rotated": the pages and nine copies with their letters rotated,
//     ten times the text and ten times the vocabulary, which no real
//     corpus has: the worst case for the full-text index, kept to show
//     how the store's cost grows with new terms.
//
// Every copy has addresses of its own (hosts renamed) and a text that is
// neither the same nor a near copy of another, so that the store keeps
// it rather than aliasing it: "stored-new" must equal the page count, and
// the benchmark fails when it does not. Except for x10-rotated: one
// aeb-dev page is in a non-Latin script, whose letters rotating ASCII
// letters leaves alone, so its nine copies are aliases (791 of 800).
// With $NEWSLOOKS_BASELINE_BIN naming another build of the command, that
// build runs in the same loop ("base-" metrics), so that a change is
// measured against the build before it under the same load:
//
//	NEWSLOOKS_BASELINE_BIN=/tmp/newslooks-main go test -run '^$' -bench IngestVsParse -benchtime 3x -timeout 30m
func BenchmarkIngestVsParse(b *testing.B) {
	pages := benchmarkPages(b)
	bins := map[string]string{"": buildCommand(b)}
	if base := os.Getenv("NEWSLOOKS_BASELINE_BIN"); base != "" {
		bins["base-"] = base
	}
	sources := make([][]byte, len(pages))
	for i, p := range pages {
		sources[i] = p.Source
	}
	vocab := newVocabulary(sources, func(words []string) int { return indexTermsOf(b, words) })
	for _, c := range []struct {
		name   string
		copies int
		copier func(k int) func(src []byte) []byte // copy k's maker, k ≥ 1
		allNew bool                                // every page is stored new
	}{
		{"x1", 1, nil, true},
		{"x10-vocab", 10, func(k int) func([]byte) []byte {
			sub := vocab.substitution(k, 10)
			return func(src []byte) []byte { return vocab.copyPage(src, k, sub) }
		}, true},
		{"x10-rotated", 10, func(k int) func([]byte) []byte {
			return func(src []byte) []byte { return rotatePage(src, k) }
		}, false},
	} {
		dir := b.TempDir()
		for k := range c.copies {
			mk := func(src []byte) []byte { return src }
			if k > 0 {
				mk = c.copier(k)
			}
			for _, p := range pages {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.html", p.Name, k)), mk(p.Source), 0o644); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run(fmt.Sprintf("%s/pages=%d", c.name, c.copies*len(pages)), func(b *testing.B) {
			wall, cpu := map[string]time.Duration{}, map[string]time.Duration{}
			i := 0
			var db string
			for b.Loop() {
				for prefix, bin := range bins {
					runs := []string{"parse", "ingest"}
					if i%2 == 1 {
						runs[0], runs[1] = runs[1], runs[0]
					}
					for _, cmd := range runs {
						if cmd == "ingest" {
							db = filepath.Join(b.TempDir(), "news.db")
						}
						w, cp, summary := runCommand(b, bin, cmd, dir, db)
						wall[prefix+cmd] += w
						cpu[prefix+cmd] += cp
						if m := storedNew.FindStringSubmatch(summary); m != nil && prefix == "" {
							n, _ := strconv.Atoi(m[1])
							b.ReportMetric(float64(n), "stored-new")
							if want := c.copies * len(pages); c.allNew && n != want {
								b.Errorf("%s: %d pages stored new, want %d", c.name, n, want)
							}
						}
					}
				}
				i++
			}
			for prefix := range bins {
				b.ReportMetric(wall[prefix+"parse"].Seconds()/float64(b.N), prefix+"parse-s")
				b.ReportMetric(wall[prefix+"ingest"].Seconds()/float64(b.N), prefix+"ingest-s")
				b.ReportMetric(float64(wall[prefix+"ingest"])/float64(wall[prefix+"parse"]), prefix+"ingest/parse")
				b.ReportMetric(float64(cpu[prefix+"ingest"])/float64(cpu[prefix+"parse"]), prefix+"ingest/parse-cpu")
			}
			b.ReportMetric(float64(indexTerms(b, db)), "terms")
		})
	}
}

// indexTerms returns the number of distinct terms in the full-text index
// of the SQLite store at db.
func indexTerms(b *testing.B, db string) int {
	c, err := sqlite3.Open(db)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := fts5.Register(c); err != nil {
		b.Fatal(err)
	}
	return countTerms(b, c, "main", "articles_fts")
}

// countTerms returns the number of distinct terms of the FTS5 table in
// schema on c, through an fts5vocab table.
func countTerms(b *testing.B, c *sqlite3.Conn, schema, table string) int {
	if err := c.Exec(`CREATE VIRTUAL TABLE temp.terms USING fts5vocab(` + schema + `, ` + table + `, row)`); err != nil {
		b.Fatal(err)
	}
	st, _, err := c.Prepare(`SELECT count(*) FROM temp.terms`)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if !st.Step() {
		b.Fatal(st.Err())
	}
	return st.ColumnInt(0)
}

// indexTermsOf returns the number of distinct terms that the words make
// in a full-text index tokenized as the store's is (store/schema.go).
func indexTermsOf(b *testing.B, words []string) int {
	c, err := sqlite3.Open(":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := fts5.Register(c); err != nil {
		b.Fatal(err)
	}
	if err := c.Exec(`CREATE VIRTUAL TABLE words USING fts5(word, tokenize = 'porter unicode61 remove_diacritics 2')`); err != nil {
		b.Fatal(err)
	}
	st, _, err := c.Prepare(`INSERT INTO words (word) VALUES (?)`)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := c.Exec(`BEGIN`); err != nil {
		b.Fatal(err)
	}
	for _, w := range words {
		if err := st.BindText(1, w); err != nil {
			b.Fatal(err)
		}
		if err := st.Exec(); err != nil {
			b.Fatal(err)
		}
	}
	if err := c.Exec(`COMMIT`); err != nil {
		b.Fatal(err)
	}
	return countTerms(b, c, "main", "words")
}

// benchmarkPages returns the development HTML pages of the speed
// benchmarks, named uniquely.
func benchmarkPages(b *testing.B) []corpus.Page {
	aeb, _, err := corpus.Aeb(corpus.AebDir(*aebFlag))
	if err != nil {
		b.Skip(err)
	}
	shared, err := corpus.Shared(corpus.PagesDir(*pagesFlag))
	if err != nil {
		b.Skip(err)
	}
	fixtures, err := corpus.Newslooks(*testdataFlag)
	if err != nil {
		b.Skip(err)
	}
	var pages []corpus.Page
	for _, group := range [][]corpus.Page{aeb, shared, fixtures} {
		for _, p := range group {
			p.Name = strings.ReplaceAll(filepath.ToSlash(strings.TrimPrefix(p.Path, "/")), "/", "_")
			pages = append(pages, p)
		}
	}
	return pages
}

// buildCommand builds this module's command into a temporary folder.
func buildCommand(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "newslooks")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/newslooks")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// storedNew reads how many articles ingest stored as new from its summary.
var storedNew = regexp.MustCompile(`stored: (\d+) new`)

// runCommand runs "bin parse" or "bin ingest" on dir and returns its wall
// time, its CPU time (user and system) and its standard error. Parse
// writes JSON lines to /dev/null; ingest writes a new store at db.
func runCommand(b *testing.B, bin, name, dir, db string) (wall, cpu time.Duration, stderr string) {
	args := []string{"parse", "--format", "jsonl", dir}
	if name == "ingest" {
		args = []string{"ingest", "--db", db, dir}
	}
	cmd := exec.Command(bin, args...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		b.Fatal(err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		b.Fatalf("%s %s: %v\n%s", bin, name, err, errBuf.Bytes())
	}
	if !bytes.Contains(errBuf.Bytes(), []byte(" written,")) {
		b.Fatalf("%s %s: no summary\n%s", bin, name, errBuf.Bytes())
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), errBuf.String()
}
