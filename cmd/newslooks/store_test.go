package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
)

// TestIngestSearchExportStatus runs the store's commands over the demo
// folder: a second ingest stores nothing new, search finds the sample,
// export gives back every stored article, status counts them.
func TestIngestSearchExportStatus(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, "../../demo")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, errOut, "stored: 8 new, 0 updated, 1 duplicates, 0 near duplicates, 0 unchanged",
		"the sample's page is the same story as its text copy")

	code, _, errOut = runCmd(t, "", "ingest", "--db", db, "../../demo")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, errOut, "stored: 0 new, 0 updated, 1 duplicates, 0 near duplicates, 8 unchanged")

	code, out, errOut := runCmd(t, "", "search", "--db", db, "--format", "jsonl", "Putin", "energy")
	require.Equal(t, cli.ExitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.NotEmpty(t, lines)
	var hit struct{ Headline, Snippet string }
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &hit))
	assert.Equal(t, "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges", hit.Headline)
	assert.Contains(t, hit.Snippet, "**Putin**")

	code, out, errOut = runCmd(t, "", "search", "--db", db, "--format", "table", "Putin")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.True(t, strings.HasPrefix(out, "DATE"), out)

	code, out, errOut = runCmd(t, "", "export", "--db", db)
	require.Equal(t, cli.ExitOK, code, errOut)
	lines = strings.Split(strings.TrimSpace(out), "\n")
	assert.Len(t, lines, 8)
	assert.Equal(t, "newslooks: 8 exported\n", errOut)
	for _, l := range lines {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(l), &a))
		again, err := json.Marshal(a)
		require.NoError(t, err)
		assert.Equal(t, l, string(again), "export gives the JSON the library writes")
	}

	code, out, errOut = runCmd(t, "", "status", "--db", db)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, "articles:         8 (file 8)")
}

// TestStoreErrors checks that a store that cannot be opened is one clear
// line and exit status 2, with nothing written.
func TestStoreErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notDB, []byte("not a database at all, but long enough to be read as one"), 0o644))
	for name, dsn := range map[string]string{
		"not a database":     notDB,
		"no such folder":     filepath.Join(dir, "missing", "x.db"),
		"unreachable server": "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2",
	} {
		t.Run(name, func(t *testing.T) {
			for _, cmd := range [][]string{{"ingest", "--db", dsn, sampleTxt}, {"search", "--db", dsn, "x"}, {"export", "--db", dsn}, {"status", "--db", dsn}} {
				code, out, errOut := runCmd(t, "", cmd...)
				assert.Equal(t, cli.ExitUsage, code, "%v: %s", cmd, errOut)
				assert.Empty(t, out)
				assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
			}
		})
	}
	b, err := os.ReadFile(notDB)
	require.NoError(t, err)
	assert.Equal(t, "not a database at all, but long enough to be read as one", string(b), "left untouched")
}

// TestIngestFeed crawls a feed served on loopback into the store: the
// full-content item is stored without a fetch, the other's page is
// fetched, robots.txt first.
func TestIngestFeed(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			http.Error(w, "none", http.StatusNotFound)
		case "/feed":
			w.Header().Set("Content-Type", "application/atom+xml")
			feed := readFile(t, "../../feed/testdata/feeds/atom.xml")
			w.Write([]byte(strings.ReplaceAll(feed, "https://newslooks.example", "http://"+r.Host)))
		case "/rail-strike-talks/", "/city-library-hours/":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(readFile(t, "../../page/testdata/xi-putin.html")))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", srv.URL+"/feed")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, errOut, "crawled 1 sources")
	mu.Lock()
	assert.NotContains(t, requests, "/harbor-town-pier/", "the full-content item is not fetched")
	assert.Contains(t, requests, "/robots.txt")
	mu.Unlock()
	code, out, _ := runCmd(t, "", "search", "--db", db, "--format", "jsonl", "Harbor", "pier")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "Harbor Town Votes to Rebuild")

	// A second pass knows what was stored: it sends the feed's
	// validators and fetches no article again.
	mu.Lock()
	requests = nil
	mu.Unlock()
	code, _, errOut = runCmd(t, "", "ingest", "--db", db, "--allow-private", "--delay", "1ms", "--feed", srv.URL+"/feed")
	require.Equal(t, cli.ExitOK, code, errOut)
	mu.Lock()
	for _, p := range requests {
		assert.Equal(t, "/feed", p, "only the feed is asked again")
	}
	mu.Unlock()

	code, out, _ = runCmd(t, "", "status", "--db", db)
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, srv.URL+"/feed")
	assert.Contains(t, out, "hosts:")
}

// TestStoreUsageErrors checks that each wrong argument of search and
// export is named.
func TestStoreUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "--db", db}, "want a QUERY"},
		{[]string{"search", "--db", db, "--since", "yesterday", "x"}, `--since "yesterday" is not a date`},
		{[]string{"search", "--db", db, "--format", "csv", "x"}, `unknown --format "csv"`},
		{[]string{"export", "--db", db, "extra"}, "takes no arguments"},
		{[]string{"export", "--db", db, "--format", "csv"}, `unknown --format "csv"`},
	} {
		code, _, errOut := runCmd(t, "", tc.args...)
		assert.Equal(t, cli.ExitUsage, code, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
}

// TestDBFromEnvironment checks that the command, not the library, reads
// $NEWSLOOKS_DB: with no --db, the store is the one it names.
func TestDBFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("NEWSLOOKS_DB", db)
	code, _, errOut := runCmd(t, "", "ingest", "../../demo/xi-putin.txt")
	require.Equal(t, cli.ExitOK, code, errOut)
	_, err := os.Stat(db)
	require.NoError(t, err, "the store named by $NEWSLOOKS_DB was not written")
	code, out, errOut := runCmd(t, "", "status")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, "articles:         1")
}
