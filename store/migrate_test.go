package store

import (
	"maps"
	"strings"
	"testing"
)

// TestMigrateFrom1 opens a database the version-1 schema made, with an
// article in it, and checks it is migrated to the current version with the data
// kept and the crawl tables usable.
func TestMigrateFrom1(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := f(t)
			s := openTest(t, dsn)
			// Make it what version 1 left: its tables, version 1.
			for _, tbl := range []string{"crawl_urls", "crawl_validators", "crawl_hosts", "crawl_sources", "failures"} {
				if _, err := s.db.Exec(`DROP TABLE ` + tbl); err != nil {
					t.Fatal(err)
				}
			}
			for _, stmt := range s.d.migrations[1] {
				if strings.Contains(stmt, "CREATE TABLE failures") {
					if _, err := s.db.Exec(stmt); err != nil {
						t.Fatal(err)
					}
				}
			}
			// Version 1 kept a row per failure, repeated ones too.
			for range 2 {
				if _, err := s.db.Exec(`INSERT INTO failures (source, reason, at) VALUES ('a.txt', 'parse', 1)`); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.db.Exec(`UPDATE schema_version SET version = 1`); err != nil {
				t.Fatal(err)
			}
			mustPut(t, s, genArticle(7, 0), PutInfo{}, New)
			// Version 1 had no fingerprint versions and no recent bands.
			for _, q := range []string{`ALTER TABLE articles DROP COLUMN fingerprint_version`, `DROP TABLE bands_recent`} {
				if _, err := s.db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()

			s = openTest(t, dsn)
			var v int
			if err := s.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion {
				t.Fatalf("schema version %d (%v), want %d", v, err, SchemaVersion)
			}
			mustPut(t, s, genArticle(7, 0), PutInfo{}, Unchanged)
			checkCrawlTables(t, s)
			if fs, err := s.Failures(t.Context()); err != nil || len(fs) != 1 || fs[0].Source != "a.txt" {
				t.Errorf("failures after migration: %+v, %v", fs, err)
			}
		})
	}
}

// TestMigrateFrom1Fresh builds a version-1 database with the version-1
// migration itself (not by undoing version 2), then opens it.
func TestMigrateFrom1Fresh(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := f(t)
			var (
				s   *Store
				err error
			)
			if name == "postgres" {
				s, err = openPostgres(t.Context(), dsn)
			} else {
				s, err = openSQLite(t.Context(), dsn, true)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, stmt := range append(append([]string(nil), s.d.migrations[1]...),
				`CREATE TABLE schema_version (version INTEGER NOT NULL)`, `INSERT INTO schema_version (version) VALUES (1)`) {
				if _, err := s.db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			insertOldArticle(t, s, genArticle(8, 0))
			s.Close()
			s = openTest(t, dsn)
			st, err := s.Status(t.Context())
			if err != nil || st.SchemaVersion != SchemaVersion || st.Articles != 1 {
				t.Fatalf("after migration: %+v, %v", st, err)
			}
			checkCrawlTables(t, s)
		})
	}
}

// checkCrawlTables checks that the crawl tables (which crawl/crawlsql
// uses) take rows.
func checkCrawlTables(t *testing.T, s *Store) {
	t.Helper()
	for _, stmt := range []string{
		`INSERT INTO crawl_urls (url, host, source, via, title, language) VALUES ('http://a.test/1', 'a.test', 's', 'v', 't', 'en')`,
		`INSERT INTO crawl_hosts (host) VALUES ('a.test')`,
		`INSERT INTO crawl_validators (resource, etag, last_modified) VALUES ('http://a.test/feed', 'e', '')`,
		`INSERT INTO crawl_sources (url, kind) VALUES ('http://a.test/feed', 0)`,
	} {
		if _, err := s.db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// TestMigrateFTSSettings: version 6 sets FTS5's hashsize and automerge on
// a store of version 5 (which had FTS5's defaults), keeping its articles
// searchable, and a new store has them too.
func TestMigrateFTSSettings(t *testing.T) {
	dsn := sqliteFactory(t)
	s := openTest(t, dsn)
	settings := func(s *Store) map[string]int {
		t.Helper()
		rows, err := s.db.Query(`SELECT k, v FROM articles_fts_config WHERE k IN ('hashsize', 'automerge')`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var (
				k string
				v int
			)
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			got[k] = v
		}
		return got
	}
	want := map[string]int{"hashsize": ftsHashSize, "automerge": ftsAutomerge}
	if got := settings(s); !maps.Equal(got, want) {
		t.Fatalf("a new store's FTS5 settings: %v, want %v", got, want)
	}
	mustPut(t, s, genArticle(7, 0), PutInfo{}, New)
	// Make it what version 5 left: FTS5's defaults, version 5.
	for _, q := range []string{`DELETE FROM articles_fts_config WHERE k IN ('hashsize', 'automerge')`, `UPDATE schema_version SET version = 5`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if got := settings(s); len(got) != 0 {
		t.Fatalf("settings left: %v", got)
	}
	s.Close()

	s = openTest(t, dsn)
	if got := settings(s); !maps.Equal(got, want) {
		t.Errorf("FTS5 settings after migrating: %v, want %v", got, want)
	}
	a := genArticle(7, 0)
	hits, err := s.Search(t.Context(), a.Headline, SearchOptions{})
	if err != nil || len(hits) != 1 {
		t.Errorf("search after migrating: %v, %v", hits, err)
	}
	mustPut(t, s, genArticle(7, 1), PutInfo{}, New)
}

// TestMigrateFrom6 opens a database of version 6, whose PostgreSQL band
// tables still have foreign keys to articles, with an article in it: it
// is migrated to the current version, the keys are gone, the article
// kept.
func TestMigrateFrom6(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := f(t)
			s := openTest(t, dsn)
			stmts := []string{`UPDATE schema_version SET version = 6`}
			if name == "postgres" {
				stmts = append(stmts,
					`ALTER TABLE bands ADD CONSTRAINT bands_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id)`,
					`ALTER TABLE bands_recent ADD CONSTRAINT bands_recent_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id)`)
			}
			for _, stmt := range stmts {
				if _, err := s.db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			mustPut(t, s, genArticle(9, 0), PutInfo{}, New)
			s.Close()

			s = openTest(t, dsn)
			st, err := s.Status(t.Context())
			if err != nil || st.SchemaVersion != SchemaVersion || st.Articles != 1 {
				t.Fatalf("after migration: %+v, %v", st, err)
			}
			mustPut(t, s, genArticle(9, 0), PutInfo{}, Unchanged)
			if name == "postgres" {
				var keys int
				if err := s.db.QueryRow(`SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'
					AND conrelid IN ('bands'::regclass, 'bands_recent'::regclass)`).Scan(&keys); err != nil || keys != 0 {
					t.Errorf("foreign keys of the band tables after migration: %d (%v), want 0", keys, err)
				}
			}
		})
	}
}
