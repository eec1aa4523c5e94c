package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks/dedup"
	"github.com/newsingest/newslooks/internal/pgtest"
)

// A factory returns the DSN of a new, empty database for one test, and
// removes it when the test ends.
type factory func(t *testing.T) string

func sqliteFactory(t *testing.T) string { return filepath.Join(t.TempDir(), "newslooks.db") }

// postgresFactory gives each test its own schema in the database that
// $NEWSLOOKS_TEST_POSTGRES names, so tests and packages running in
// parallel never meet.
func postgresFactory(t *testing.T) string { return postgresSchema(t) }

// postgresSchema is pgtest.Schema, for a test or a benchmark.
func postgresSchema(t testing.TB) string { return pgtest.Schema(t) }

func backends() map[string]factory {
	return map[string]factory{"sqlite": sqliteFactory, "postgres": postgresFactory}
}

// TestContract runs the one behaviour suite against every backend.
func TestContract(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			contract(t, f)
		})
	}
}

func openTest(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustPut(t *testing.T, s *Store, a *Article, info PutInfo, want Outcome) {
	t.Helper()
	got, err := s.Put(t.Context(), a, info)
	if err != nil {
		t.Fatalf("Put(%s): %v", a.URL, err)
	}
	if got != want {
		t.Fatalf("Put(%s) = %v, want %v", a.URL, got, want)
	}
}

func exportAll(t *testing.T, s *Store, opts ExportOptions) []*Stored {
	t.Helper()
	var out []*Stored
	for st, err := range s.Export(t.Context(), opts) {
		if err != nil {
			t.Fatalf("Export: %v", err)
		}
		out = append(out, st)
	}
	return out
}

func contract(t *testing.T, newDSN factory) {
	t.Run("Outcomes", func(t *testing.T) {
		t.Parallel()
		s := openTest(t, newDSN(t))
		a := story("https://Example.com/world/assange/?utm_source=tw#top", "Sweden drops Assange investigation", assangeParas...)
		a.Modified = time.Date(2019, 11, 19, 10, 0, 0, 0, time.UTC)
		mustPut(t, s, a, PutInfo{Source: "url"}, New)
		mustPut(t, s, a, PutInfo{Source: "url"}, Unchanged)

		// The same canonical URL, reached another way, from another input.
		b := *a
		b.URL = "https://example.com/world/assange"
		b.Source = "dump.txt"
		mustPut(t, s, &b, PutInfo{Source: "file"}, Unchanged)

		// A newer version replaces it; an older one is ignored.
		c := *a
		c.Sections = []Section{{Paragraphs: append(slices.Clone(assangeParas), "Assange's lawyers welcomed the decision.")}}
		c.Modified = a.Modified.Add(time.Hour)
		mustPut(t, s, &c, PutInfo{Source: "url"}, Updated)
		mustPut(t, s, a, PutInfo{Source: "url"}, Unchanged)
		var bands int
		if err := s.db.QueryRow(`SELECT (SELECT COUNT(*) FROM bands) + (SELECT COUNT(*) FROM bands_recent)`).Scan(&bands); err != nil || bands != dedup.NumBands {
			t.Errorf("%d band keys after an update, want %d (%v)", bands, dedup.NumBands, err)
		}

		// The same body under another URL: an alias, stored once.
		d := c
		d.URL = "https://mirror.example/syndicated/assange-sweden"
		d.Headline = "Assange: Swedish case closed"
		mustPut(t, s, &d, PutInfo{Source: "feed"}, Duplicate)
		mustPut(t, s, &d, PutInfo{Source: "feed"}, Unchanged)

		// A syndicated near copy: stored, pointing at the first copy.
		e := story("https://wire.example/assange", "Assange probe dropped",
			slices.Concat([]string{"(AP) —"}, assangeParas[:4], []string{"Copyright 2019 The Associated Press. All rights reserved."})...)
		mustPut(t, s, e, PutInfo{Source: "feed"}, NearDuplicate)

		// A different article on the same subject is new.
		f := story("https://other.example/feather", "Feather duvet lung", featherParas...)
		mustPut(t, s, f, PutInfo{Source: "url"}, New)

		// An article without any URL is known by its content.
		g := story("", "Feather duvet lung (file copy)", featherParas[:3]...)
		g.Source = "notes.txt"
		mustPut(t, s, g, PutInfo{Source: "file"}, NearDuplicate)
		h := story("", "A note", "An unrelated short note about nothing in particular at all.")
		h.Source = "note.txt"
		mustPut(t, s, h, PutInfo{Source: "file"}, New)
		mustPut(t, s, h, PutInfo{Source: "file"}, Unchanged)

		all := exportAll(t, s, ExportOptions{Duplicates: true})
		if len(all) != 5 {
			t.Fatalf("exported %d articles with duplicates, want 5", len(all))
		}
		if all[0].URL != "https://example.com/world/assange" || all[0].DuplicateOf != 0 {
			t.Errorf("first: %+v", all[0])
		}
		if !all[0].Modified.Equal(c.Modified) {
			t.Errorf("stored Modified %v, want the newer version's %v", all[0].Modified, c.Modified)
		}
		if all[1].URL != "https://wire.example/assange" || all[1].DuplicateOf != all[0].ID {
			t.Errorf("near duplicate: URL %s DuplicateOf %d, want %d", all[1].URL, all[1].DuplicateOf, all[0].ID)
		}
		if all[3].DuplicateOf != all[2].ID {
			t.Errorf("URL-less near copy: DuplicateOf %d, want %d", all[3].DuplicateOf, all[2].ID)
		}
		if got := len(exportAll(t, s, ExportOptions{})); got != 3 {
			t.Errorf("exported %d first copies, want 3", got)
		}
		st, err := s.Status(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 3 || st.Duplicates != 1 || st.NearDuplicates != 2 || st.BySource["url"] != 2 || st.BySource["file"] != 1 {
			t.Errorf("Status = %+v", st)
		}
	})

	t.Run("JSONByteIdentical", func(t *testing.T) {
		t.Parallel()
		s := openTest(t, newDSN(t))
		var want [][]byte
		for i := range 20 {
			a := genArticle(7, i)
			a.Modified = a.Published.Add(90 * time.Second)
			a.Tags = []string{"world", "élection", "日本"}
			a.Images = []Image{{URL: "https://img.example/1.jpg", Caption: "A <caption> & \"quotes\""}}
			a.Warnings = []Warning{{Line: 3, Message: "odd"}}
			js, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, js)
			mustPut(t, s, a, PutInfo{Source: "file", Fetched: a.Published.Add(time.Hour)}, New)
		}
		got := exportAll(t, s, ExportOptions{})
		if len(got) != len(want) {
			t.Fatalf("exported %d, want %d", len(got), len(want))
		}
		for i, st := range got {
			if string(st.JSON) != string(want[i]) {
				t.Errorf("article %d: exported JSON differs from what was stored", i)
			}
			a, err := st.Article()
			if err != nil || a.Headline != st.Headline {
				t.Errorf("Article(): %v", err)
			}
			if st.Source != "file" || st.Language != "en" || len(st.ContentHash) != 64 || st.Fetched.IsZero() || st.Ingested.IsZero() {
				t.Errorf("columns: %+v", st)
			}
		}
	})

	t.Run("BatchAndExportPaging", func(t *testing.T) {
		t.Parallel()
		s := openTest(t, newDSN(t))
		var items []Item
		n := 2*exportPage + 17
		for i := range n {
			items = append(items, Item{genArticle(11, i), PutInfo{Source: "feed"}})
		}
		items = append(items, Item{genArticle(11, 3), PutInfo{Source: "feed"}}) // repeated within the batch
		out, err := s.PutBatch(t.Context(), items)
		if err != nil {
			t.Fatal(err)
		}
		if out[0] != New || out[n] != Unchanged {
			t.Errorf("outcomes %v … %v", out[0], out[n])
		}
		all := exportAll(t, s, ExportOptions{})
		if len(all) != n {
			t.Fatalf("exported %d, want %d", len(all), n)
		}
		for i := 1; i < len(all); i++ {
			if all[i].ID <= all[i-1].ID {
				t.Fatal("export not in storage order")
			}
		}
		// Stopping early is allowed.
		k := 0
		for range s.Export(t.Context(), ExportOptions{}) {
			if k++; k == 3 {
				break
			}
		}
		// A failing batch stores nothing.
		_, err = s.PutBatch(t.Context(), []Item{{genArticle(12, 0), PutInfo{}}, {nil, PutInfo{}}})
		if err == nil {
			t.Fatal("a batch with a nil article succeeded")
		}
		if !strings.Contains(err.Error(), "item 2 of 2") {
			t.Errorf("the error does not name the bad item: %v", err)
		}
		if got := len(exportAll(t, s, ExportOptions{})); got != n {
			t.Errorf("after a failed batch: %d articles, want %d", got, n)
		}
		// Since: only what was stored or updated from then on.
		mark := time.Now()
		time.Sleep(2 * time.Millisecond) // timestamps have microsecond resolution; not a timing wait
		mustPut(t, s, genArticle(13, 0), PutInfo{}, New)
		if got := exportAll(t, s, ExportOptions{Since: mark}); len(got) != 1 {
			t.Errorf("export since: %d articles, want 1", len(got))
		}
	})

	t.Run("Search", func(t *testing.T) {
		t.Parallel()
		s := openTest(t, newDSN(t))
		ctx := t.Context()
		a := story("https://a.example/assange", "Sweden drops Assange investigation", assangeParas...)
		a.Published = time.Date(2019, 11, 19, 0, 0, 0, 0, time.UTC)
		a.Source = "https://a.example/assange?from=feed"
		b := story("https://b.example/feather", "Feather duvet lung", featherParas...)
		b.Published = time.Date(2019, 11, 18, 0, 0, 0, 0, time.UTC)
		c := story("https://c.example/embassy", "Embassy life", "Life inside an embassy is quiet; Sweden was mentioned once by a diplomat.",
			"The diplomat spoke about visas, parking and the weather in London for a long time.")
		c.Published = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
		near := story("https://wire.example/assange", "Assange (wire)", append([]string{"(AP) —"}, assangeParas...)...)
		for _, x := range []*Article{a, b, c} {
			mustPut(t, s, x, PutInfo{Source: "url"}, New)
		}
		mustPut(t, s, near, PutInfo{Source: "feed"}, NearDuplicate)

		hits, err := s.Search(ctx, "Sweden", SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 2 || hits[0].URL != a.URL || hits[1].URL != c.URL {
			t.Fatalf("Search(Sweden) = %+v, want the Assange story first, then the embassy one, no near duplicate", hits)
		}
		h := hits[0]
		if h.Headline != a.Headline || !h.Published.Equal(a.Published) || h.Source != a.Source || h.Score < hits[1].Score {
			t.Errorf("hit: %+v", h)
		}
		if !strings.Contains(h.Snippet, "**Sweden**") {
			t.Errorf("snippet %q does not mark the match", h.Snippet)
		}
		// Stemming, several words, punctuation, case.
		if hits, _ := s.Search(ctx, "LUNGS, feathers!", SearchOptions{}); len(hits) != 1 || hits[0].URL != b.URL {
			t.Errorf("Search(lungs feathers) = %+v", hits)
		}
		if hits, err := s.Search(ctx, `"Sweden" -embassy (Assange*`, SearchOptions{}); err != nil || len(hits) != 1 || hits[0].URL != a.URL {
			t.Errorf("query syntax must be read as words: got %+v, %v", hits, err)
		}
		if hits, _ := s.Search(ctx, "Sweden", SearchOptions{Limit: 1}); len(hits) != 1 {
			t.Errorf("Limit 1 gave %d hits", len(hits))
		}
		if hits, _ := s.Search(ctx, "Sweden", SearchOptions{Since: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}); len(hits) != 1 || hits[0].URL != a.URL {
			t.Errorf("Since 2019: %+v", hits)
		}
		if hits, err := s.Search(ctx, " … ", SearchOptions{}); err != nil || len(hits) != 0 {
			t.Errorf("empty query: %v %v", hits, err)
		}
		if hits, _ := s.Search(ctx, "zzyzx", SearchOptions{}); len(hits) != 0 {
			t.Errorf("no match: %+v", hits)
		}
	})

	t.Run("StatusAndFailures", func(t *testing.T) {
		t.Parallel()
		s := openTest(t, newDSN(t))
		ctx := t.Context()
		for _, f := range [][2]string{{"a.txt", "parse"}, {"b.txt", "parse"}, {"https://x.example", "fetch"}} {
			if err := s.RecordFailure(ctx, Failure{Source: f[0], Reason: f[1], Message: f[1] + " failed"}); err != nil {
				t.Fatal(err)
			}
		}
		// Failing again is one record, with its attempts counted.
		if err := s.RecordFailure(ctx, Failure{Source: "a.txt", Reason: "parse", Message: "again"}); err != nil {
			t.Fatal(err)
		}
		fs, err := s.Failures(ctx)
		if err != nil || len(fs) != 3 || fs[0].Source != "a.txt" || fs[0].Attempts != 2 || fs[0].Message != "again" || fs[0].At.IsZero() {
			t.Fatalf("Failures = %+v, %v", fs, err)
		}
		mustPut(t, s, genArticle(3, 0), PutInfo{Source: "warc"}, New)
		st, err := s.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Failures["parse"] != 2 || st.Failures["fetch"] != 1 || st.Articles != 1 || st.BySource["warc"] != 1 || st.SchemaVersion != SchemaVersion || st.Backend != s.Backend() {
			t.Errorf("Status = %+v", st)
		}
		// A success clears the input's record.
		if err := s.ClearFailures(ctx, []string{"a.txt", "never-failed.txt"}); err != nil {
			t.Fatal(err)
		}
		if fs, err := s.Failures(ctx); err != nil || len(fs) != 2 {
			t.Errorf("after ClearFailures: %+v, %v", fs, err)
		}
	})

	t.Run("ReopenAndSchemaTooNew", func(t *testing.T) {
		t.Parallel()
		dsn := newDSN(t)
		s, err := Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		mustPut(t, s, genArticle(5, 0), PutInfo{}, New)
		s.Close()
		s = openTest(t, dsn) // reopening migrates nothing and keeps the data
		mustPut(t, s, genArticle(5, 0), PutInfo{}, Unchanged)
		if _, err := s.db.Exec(`UPDATE schema_version SET version = 99`); err != nil {
			t.Fatal(err)
		}
		s2, err := Open(t.Context(), dsn)
		if !errors.Is(err, ErrSchemaTooNew) {
			if s2 != nil {
				s2.Close()
			}
			t.Fatalf("Open of a newer schema: %v, want ErrSchemaTooNew", err)
		}
		var v int
		if err := s.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v); err != nil || v != 99 {
			t.Errorf("schema version now %d, %v: Open wrote to a database it refused", v, err)
		}
	})
}

// TestReadDuringWrite checks a second connection searches, and sees only
// committed articles, while a writer holds its transaction open.
func TestReadDuringWrite(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := f(t)
			w := openTest(t, dsn)
			r := openTest(t, dsn)
			ctx := t.Context()
			mustPut(t, w, story("https://a.example/1", "Feather duvet lung", featherParas...), PutInfo{}, New)

			conn, err := w.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			p := &putter{s: w, conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}, now: time.Now()}
			defer p.close()
			if w.backend == "postgres" {
				p.pg = &pgQueue{} // as PutPrepared writes: the row, its body and tsvector at flush
			}
			pr, err := w.Prepare(story("https://a.example/2", "Sweden drops Assange investigation", assangeParas...), PutInfo{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.put(ctx, pr); err != nil {
				t.Fatal(err)
			}
			if err := p.flush(ctx); err != nil {
				t.Fatal(err)
			}
			// The writer's transaction is open and has written: search now.
			hits, err := r.Search(ctx, "lung", SearchOptions{})
			if err != nil || len(hits) != 1 {
				t.Fatalf("search during a write: %v, %v", hits, err)
			}
			if hits, _ := r.Search(ctx, "Sweden", SearchOptions{}); len(hits) != 0 {
				t.Fatal("a reader saw an uncommitted article")
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if hits, _ := r.Search(ctx, "Sweden", SearchOptions{}); len(hits) != 1 {
				t.Fatal("the committed article is not found")
			}
		})
	}
}
