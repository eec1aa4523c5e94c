package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/nlnwa/gowarc/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
	"github.com/newsingest/newslooks/store"
)

// TestIngestArchiveArticleRefused checks that an article of a web archive
// that the store refuses fails the archive: a line naming it, a non-zero
// exit, and the archive among the failed inputs status lists. The
// article's Source is its page's address, not the archive's name, so the
// failure must be traced to the input by the order the articles came in,
// and the line names both the archive and the page.
func TestIngestArchiveArticleRefused(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "news.db")
	s, err := store.Open(ctx, db)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	conn, err := sql.Open("sqlite3", "file:"+db)
	require.NoError(t, err)
	_, err = conn.Exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN NEW.headline NOT LIKE 'Xi,%'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`)
	require.NoError(t, err)
	require.NoError(t, conn.Close())

	const sampleURL = "https://newslooks.com/xi-putin/"
	path := writeWARC(t, []warcRecord{
		{gowarc.Response, sampleURL, httpMessage("200 OK", "text/html; charset=utf-8", readFile(t, "../../page/testdata/xi-putin.html"))},
		{gowarc.Response, "https://arstechnica.com/a/", httpMessage("200 OK", "text/html", readFile(t, "../../page/testdata/pages/ars-1/source.html"))},
	}, 0)
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, path)
	assert.Equal(t, cli.ExitFailed, code, errOut)
	assert.Contains(t, errOut, path+": https://arstechnica.com/a/: not stored: ", "the line names the archive and the page")
	assert.Contains(t, errOut, "refused by the test")
	assert.Contains(t, errOut, "1 input failed", "the archive failed")

	s, err = store.Open(ctx, db)
	require.NoError(t, err)
	defer s.Close()
	failures, err := s.Failures(ctx)
	require.NoError(t, err)
	require.Len(t, failures, 1)
	assert.Equal(t, path, failures[0].Source)
	assert.Equal(t, "store", failures[0].Reason)
	assert.Contains(t, failures[0].Message, "refused by the test")
}
