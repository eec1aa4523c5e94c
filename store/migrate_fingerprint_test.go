package store

import (
	"encoding/json"
	"testing"

	"github.com/newsingest/newslooks/dedup"
)

// insertOldArticle stores a as a store before version 5 did: the
// columns those versions had, and a signature of another fingerprint
// scheme (here all ones, which no text of this scheme gives).
func insertOldArticle(t *testing.T, s *Store, a *Article) {
	t.Helper()
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	old := make([]byte, dedup.SigSize)
	for i := range old {
		old[i] = 1
	}
	if _, err := s.db.Exec(s.d.rebind(`INSERT INTO articles (url, headline, ingested, updated, content_hash, fingerprint, article)
		VALUES (?, ?, 1, 1, ?, ?, ?)`), a.URL, a.Headline, dedup.ContentHash(a), old, js); err != nil {
		t.Fatal(err)
	}
}

// TestFingerprintVersionMigrated fails when package dedup changes its
// fingerprint scheme without a store migration that recomputes the stored
// signatures (see fingerprintVersion).
func TestFingerprintVersionMigrated(t *testing.T) {
	if dedup.Version != fingerprintVersion {
		t.Fatalf("dedup.Version is %d, the store's signatures are version %d: append a migration that calls refingerprint",
			dedup.Version, fingerprintVersion)
	}
}

// TestMigrateFrom4 opens a version-4 store (the last before fingerprint versions) whose rows hold signatures of
// another scheme, and checks that the migration recomputes them and their
// band keys, so that a near copy stored afterwards is found.
func TestMigrateFrom4(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := f(t)
			s := openTest(t, dsn)
			for _, q := range []string{
				`ALTER TABLE articles DROP COLUMN fingerprint_version`,
				`DROP TABLE bands_recent`,
				`UPDATE schema_version SET version = 4`,
			} {
				if _, err := s.db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			first, other := story("https://a.test/1", "Sweden drops Assange inquiry", assangeParas...), genArticle(9, 0)
			insertOldArticle(t, s, first)
			insertOldArticle(t, s, other)
			// Version 4's bands of the old signatures.
			if _, err := s.db.Exec(s.d.rebind(`INSERT INTO bands (band, article_id) SELECT 12345, id FROM articles`)); err != nil {
				t.Fatal(err)
			}
			s.Close()

			s = openTest(t, dsn)
			var v, stale, bands int
			if err := s.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion {
				t.Fatalf("schema version %d (%v), want %d", v, err, SchemaVersion)
			}
			for _, st := range exportAll(t, s, ExportOptions{}) {
				a, err := st.Article()
				if err != nil {
					t.Fatal(err)
				}
				var fp []byte
				var fv int
				if err := s.db.QueryRow(s.d.rebind(`SELECT fingerprint, fingerprint_version FROM articles WHERE id = ?`), st.ID).Scan(&fp, &fv); err != nil {
					t.Fatal(err)
				}
				if want := sigBytes(dedup.Fingerprint(a.Text())); string(fp) != string(want) || fv != dedup.Version {
					t.Errorf("%s: fingerprint version %d not recomputed", st.URL, fv)
				}
			}
			if err := s.db.QueryRow(`SELECT (SELECT COUNT(*) FROM articles WHERE fingerprint_version IS NULL), (SELECT COUNT(*) FROM bands)`).Scan(&stale, &bands); err != nil {
				t.Fatal(err)
			}
			if stale != 0 || bands != 2*dedup.NumBands {
				t.Errorf("%d rows without a fingerprint version, %d band keys (want 0, %d)", stale, bands, 2*dedup.NumBands)
			}
			copyParas := append([]string{"(Reuters) —"}, assangeParas[1:]...)
			mustPut(t, s, story("https://b.test/copy", "Assange inquiry dropped", copyParas...), PutInfo{}, NearDuplicate)
		})
	}
}
