package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/crawl/crawlsql"
	"github.com/newsingest/newslooks/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStatusPrunesOldFailures checks that status --prune AGE forgets the
// failed inputs and the crawled links not stored that last failed more
// than AGE ago, and keeps the younger ones, on SQLite and PostgreSQL.
func TestStatusPrunesOldFailures(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			dir := t.TempDir()
			dsn := filepath.Join(dir, "news.db")
			if backend == "postgres" {
				dsn = postgresDSN(t)
			}
			ctx := context.Background()
			s, err := store.Open(ctx, dsn)
			require.NoError(t, err)
			old := time.Now().Add(-48 * time.Hour)
			require.NoError(t, s.RecordFailure(ctx, store.Failure{Source: "/gone/old-input.html", Reason: "read", Message: "gone", At: old}))
			state := crawlsql.New(s)
			const oldLink, youngLink = "http://127.0.0.1:1/news/old-link", "http://127.0.0.1:1/news/young-link"
			_, err = state.Enqueue(ctx, []crawl.Entry{
				{URL: oldLink, Host: "127.0.0.1:1", Source: "http://127.0.0.1:1/feed"},
				{URL: youngLink, Host: "127.0.0.1:1", Source: "http://127.0.0.1:1/feed"},
			}, false)
			require.NoError(t, err)
			require.NoError(t, state.Fail(ctx, oldLink, "", crawl.Failure{Reason: "http 404", Attempts: 1, At: old, NextTry: old.Add(time.Hour)}))
			require.NoError(t, state.Fail(ctx, youngLink, "", crawl.Failure{Reason: "http 500", Attempts: 1, At: time.Now(), NextTry: time.Now().Add(time.Hour)}))
			require.NoError(t, s.Close())

			// A young failed input, recorded by ingest itself.
			bad := filepath.Join(dir, "young-input.html")
			require.NoError(t, os.WriteFile(bad, []byte("<html><body></body></html>"), 0o644))
			code, _, errOut := runCmd(t, "", "ingest", "--db", dsn, bad)
			require.Equal(t, 1, code, errOut)

			code, out, errOut := runCmd(t, "", "status", "--db", dsn)
			require.Equal(t, 0, code, errOut)
			for _, want := range []string{"old-input.html", "young-input.html", "old-link", "young-link"} {
				require.Contains(t, out, want, "before pruning")
			}

			code, out, errOut = runCmd(t, "", "status", "--db", dsn, "--prune", "24h")
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, errOut, "pruned 1 failed inputs and 1 links not stored")
			for _, s := range []string{out, statusOut(t, dsn)} {
				assert.NotContains(t, s, "old-input.html")
				assert.NotContains(t, s, "old-link")
				assert.Contains(t, s, "young-input.html")
				assert.Contains(t, s, "young-link")
				assert.Contains(t, s, "failures:         1 inputs")
			}

			code, _, errOut = runCmd(t, "", "status", "--db", dsn, "--prune", "-1h")
			assert.Equal(t, 2, code, errOut)
		})
	}
}

// statusOut is the output of status on dsn.
func statusOut(t *testing.T, dsn string) string {
	t.Helper()
	code, out, errOut := runCmd(t, "", "status", "--db", dsn)
	require.Equal(t, 0, code, errOut)
	return out
}

// TestIngestNoProgressOffTerminal checks that ingest, its standard error
// a file rather than a terminal, writes log lines and its summary but no
// progress bar: no carriage returns, no bar text.
func TestIngestNoProgressOffTerminal(t *testing.T) {
	feed := newSite(t, "127.0.0.1:0")
	feed.setLinks(feed.URL+"/news/a1", feed.URL+"/news/a2")
	db := filepath.Join(t.TempDir(), "news.db")
	errFile, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	require.NoError(t, err)
	defer errFile.Close()
	code := cli.Main(context.Background(), []string{"ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", feed.URL + "/feed"},
		strings.NewReader(""), io.Discard, errFile)
	errOut := readFile(t, errFile.Name())
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "newslooks: crawled 1 sources")
	assert.NotContains(t, errOut, "\r")
	assert.NotContains(t, errOut, "crawling:")
}
