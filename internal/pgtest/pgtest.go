// Package pgtest gives tests and benchmarks a PostgreSQL of their own: a
// fresh schema in the database that $NEWSLOOKS_TEST_POSTGRES names, dropped
// when the test ends, so tests and packages running in parallel never meet.
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Schema creates a schema of its own for t and returns a DSN whose
// search_path is that schema. It skips t when $NEWSLOOKS_TEST_POSTGRES is
// not set.
func Schema(t testing.TB) string {
	dsn := os.Getenv("NEWSLOOKS_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("NEWSLOOKS_TEST_POSTGRES is not set: no PostgreSQL to test against")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
