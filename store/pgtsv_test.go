package store

import (
	"slices"
	"testing"
)

// serverTSVectorDiffers counts the rows of articles whose tsvector is not
// the one PostgreSQL computes from their headline and body, as the
// generated column of schema versions 1 to 7 did.
const serverTSVectorDiffers = `SELECT COUNT(*) FROM articles WHERE tsv IS DISTINCT FROM
	setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', body), 'B')`

// TestPostgresTSVector stores new articles, a near copy, an updated
// article and one whose text the Go analyser refuses (a URL, an e-mail
// address), with the tsvectors computed by the store and, as where the
// server disagrees with pgtext's probe, by the server: every row's
// tsvector must be the server's own, and search finds them.
func TestPostgresTSVector(t *testing.T) {
	for _, goTSV := range []bool{true, false} {
		t.Run(map[bool]string{true: "store", false: "server"}[goTSV], func(t *testing.T) {
			t.Parallel()
			s := openTest(t, postgresSchema(t))
			if !s.goTSV {
				t.Fatal("the test server does not agree with pgtext's probe")
			}
			s.goTSV = goTSV
			if pr, err := s.Prepare(genArticle(5, 0), PutInfo{}); err != nil || (pr.tsv != nil) != goTSV {
				t.Fatalf("Prepare: tsvector %.60x, %v; want one: %v", pr.tsv, err, goTSV)
			}
			var items []Item
			for i := range 20 {
				items = append(items, Item{genArticle(5, i), PutInfo{}})
			}
			near := genArticle(5, 3)
			near.URL += "/copy"
			near.Sections[0].Paragraphs = append([]string{"(AP) —"}, near.Sections[0].Paragraphs[1:]...)
			items = append(items,
				Item{story("https://a.example/1", "Sweden drops Assange investigation", assangeParas...), PutInfo{}},
				Item{story("https://a.example/2", "Duvet and feathers: a rare lung disease", featherParas...), PutInfo{}},
				Item{story("https://a.example/3", "Write to us", "Mail newsroom@example.org or see https://example.org/contact-form for the zebrafish."), PutInfo{}},
				Item{near, PutInfo{}})
			out, err := s.PutBatch(t.Context(), items)
			if err != nil {
				t.Fatal(err)
			}
			if out[len(out)-1] != NearDuplicate || slices.Contains(out[:len(out)-1], NearDuplicate) {
				t.Fatalf("outcomes %v: want only the last a near copy", out)
			}
			updated := story("https://a.example/1", "Sweden drops Assange inquiry", append([]string{"Prosecutors closed the file on Tuesday."}, assangeParas...)...)
			mustPut(t, s, updated, PutInfo{}, Updated)
			var differ int
			if err := s.db.QueryRow(serverTSVectorDiffers).Scan(&differ); err != nil || differ != 0 {
				t.Fatalf("%d rows (%v) whose tsvector is not the server's", differ, err)
			}
			for _, q := range []string{"sweden inquiry", "lung disease", "zebrafish", "co-founder"} {
				if hits, err := s.Search(t.Context(), q, SearchOptions{}); err != nil || len(hits) != 1 {
					t.Errorf("Search(%q) = %v, %v; want one hit", q, hits, err)
				}
			}
		})
	}
}

// TestMigrateFrom7 opens a PostgreSQL database of version 7, whose tsv is
// a column that the server generates, with an article in it: it is
// migrated to a column the store writes, the article's tsvector kept and
// searched, and articles stored after have the server's tsvector too.
func TestMigrateFrom7(t *testing.T) {
	dsn := postgresSchema(t)
	s := openTest(t, dsn)
	mustPut(t, s, story("https://a.example/1", "Sweden drops Assange investigation", assangeParas...), PutInfo{}, New)
	for _, stmt := range []string{
		`ALTER TABLE articles DROP COLUMN tsv`,
		`ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('english', headline), 'A') || setweight(to_tsvector('english', body), 'B')) STORED`,
		`CREATE INDEX articles_tsv ON articles USING GIN (tsv)`,
		`UPDATE schema_version SET version = 7`,
	} {
		if _, err := s.db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	s.Close()

	s = openTest(t, dsn)
	var generated string
	if err := s.db.QueryRow(`SELECT attgenerated FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attname = 'tsv'`).Scan(&generated); err != nil || generated != "" {
		t.Fatalf("tsv after migration: generated %q (%v), want a plain column", generated, err)
	}
	if hits, err := s.Search(t.Context(), "extradition", SearchOptions{}); err != nil || len(hits) != 1 {
		t.Fatalf("search after migration: %v, %v", hits, err)
	}
	mustPut(t, s, story("https://a.example/2", "Duvet and feathers: a rare lung disease", featherParas...), PutInfo{}, New)
	var differ int
	if err := s.db.QueryRow(serverTSVectorDiffers).Scan(&differ); err != nil || differ != 0 {
		t.Fatalf("%d rows (%v) whose tsvector is not the server's", differ, err)
	}
	if hits, err := s.Search(t.Context(), "lung", SearchOptions{}); err != nil || len(hits) != 1 {
		t.Errorf("search of an article stored after migration: %v, %v", hits, err)
	}
}

// TestMigrateFrom8 opens a PostgreSQL database of version 8, whose
// articles' body, JSON and tsvector TOAST compresses with pglz, with an
// article in it: version 9 compresses new rows with lz4, and the old row
// is still read and found.
func TestMigrateFrom8(t *testing.T) {
	dsn := postgresSchema(t)
	s := openTest(t, dsn)
	old := genArticle(9, 0)
	mustPut(t, s, old, PutInfo{}, New)
	for _, stmt := range []string{
		`ALTER TABLE articles ALTER COLUMN body SET COMPRESSION pglz, ALTER COLUMN article SET COMPRESSION pglz,
			ALTER COLUMN tsv SET COMPRESSION pglz`,
		`UPDATE articles SET body = body || ' '::text, tsv = tsv || ''::tsvector, article = article || ' '::bytea`, // rewritten with pglz
		`UPDATE schema_version SET version = 8`,
	} {
		if _, err := s.db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	s.Close()

	s = openTest(t, dsn)
	var methods []string
	rows, err := s.db.Query(`SELECT attname || ' ' || attcompression::text FROM pg_attribute
		WHERE attrelid = 'articles'::regclass AND attname IN ('article', 'body', 'tsv') ORDER BY attname`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		methods = append(methods, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"article l", "body l", "tsv l"}; !slices.Equal(methods, want) {
		t.Fatalf("compression after migration %q, want %q", methods, want)
	}
	mustPut(t, s, genArticle(9, 1), PutInfo{}, New)
	var oldBody, newBody string
	if err := s.db.QueryRow(`SELECT pg_column_compression(body) FROM articles WHERE url = $1`, old.URL).Scan(&oldBody); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT pg_column_compression(body) FROM articles WHERE url = $1`, genArticle(9, 1).URL).Scan(&newBody); err != nil {
		t.Fatal(err)
	}
	if oldBody != "pglz" || newBody != "lz4" {
		t.Errorf("bodies compressed with %s (stored before) and %s (after), want pglz and lz4", oldBody, newBody)
	}
	var differ int
	if err := s.db.QueryRow(serverTSVectorDiffers).Scan(&differ); err != nil || differ != 0 {
		t.Fatalf("%d rows (%v) whose tsvector is not the server's", differ, err)
	}
	stored := exportAll(t, s, ExportOptions{})
	if len(stored) != 2 || stored[0].Headline != old.Headline || stored[1].Headline != genArticle(9, 1).Headline {
		t.Errorf("after migration, %d articles stored, want the two", len(stored))
	}
}
