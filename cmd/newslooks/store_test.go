package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
	"github.com/newsingest/newslooks/store/export"
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
		article, id, ok := strings.Cut(l, `,"id":`)
		require.True(t, ok, "an exported article has its id: %s", l)
		assert.Regexp(t, `^\d+}$`, id)
		assert.Equal(t, article+"}", string(again), "export gives the JSON the library writes, then the id")
	}

	var headlines []string
	for _, l := range lines {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(l), &a))
		headlines = append(headlines, a.Headline)
	}
	code, out, errOut = runCmd(t, "", "export", "--db", db, "--format", "csv")
	require.Equal(t, cli.ExitOK, code, errOut)
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 1+8, "a header and a record per article")
	assert.Equal(t, export.Columns(), records[0])
	for i, r := range records[1:] {
		assert.Equal(t, headlines[i], r[slices.Index(export.Columns(), "headline")])
	}
	code, out, errOut = runCmd(t, "", "export", "--db", db, "--format", "parquet")
	require.Equal(t, cli.ExitOK, code, errOut)
	rows, err := parquet.Read[export.Row](strings.NewReader(out), int64(len(out)))
	require.NoError(t, err)
	require.Len(t, rows, 8)
	for i, r := range rows {
		assert.Equal(t, headlines[i], r.Headline)
	}

	code, out, errOut = runCmd(t, "", "status", "--db", db)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, "articles:         8 (file 8)")
}

// TestOneJSONShape checks that search and export write an article's
// fields under the same names with the same values, that the table's
// SOURCE column is the hit's "source", and that a near duplicate's
// "duplicate_of" names the first copy by its URL, else its source.
func TestOneJSONShape(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	body := readFile(t, "../../demo/xi-putin.txt")
	copyDir := filepath.Join(dir, "in")
	require.NoError(t, os.Mkdir(copyDir, 0o755))
	first := strings.Index(body, "\n\n") // after the header line's paragraph
	require.Positive(t, first)
	near := body[:first] + "\n\nAn editor's note added by a syndicating site, a paragraph of its own words." + body[first:]
	require.NoError(t, os.WriteFile(filepath.Join(copyDir, "near.txt"), []byte(near), 0o644))
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, "../../demo/xi-putin.txt")
	require.Equal(t, cli.ExitOK, code, errOut)
	code, _, errOut = runCmd(t, "", "ingest", "--db", db, copyDir)
	require.Equal(t, cli.ExitOK, code, errOut)
	require.Contains(t, errOut, "1 near duplicates")

	code, out, errOut := runCmd(t, "", "export", "--db", db, "--duplicates")
	require.Equal(t, cli.ExitOK, code, errOut)
	exported := map[string]map[string]any{}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		exported[fmt.Sprint(m["id"])] = m
		lines = append(lines, m)
	}
	require.Len(t, lines, 2)
	orig, dup := lines[0], lines[1]
	assert.NotContains(t, orig, "duplicate_of")
	want := orig["url"]
	if want == nil {
		want = orig["source"]
	}
	assert.Equal(t, want, dup["duplicate_of"], "duplicate_of names the first copy as Beam does")

	code, out, errOut = runCmd(t, "", "search", "--db", db, "--format", "jsonl", "Putin")
	require.Equal(t, cli.ExitOK, code, errOut)
	var hit map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.Split(out, "\n")[0]), &hit))
	art := exported[fmt.Sprint(hit["id"])]
	require.NotNil(t, art, "the hit's id is an exported article's: %v", hit)
	for k, v := range hit {
		switch k {
		case "score", "snippet":
			continue
		}
		assert.Contains(t, art, k, "the hit's key %q is an article key", k)
		assert.Equal(t, art[k], v, "key %q", k)
	}
	for _, k := range []string{"id", "headline", "source", "score", "snippet"} {
		assert.Contains(t, hit, k)
	}

	code, out, errOut = runCmd(t, "", "search", "--db", db, "--format", "table", "Putin")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, hit["source"], "the SOURCE column is the hit's source")
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
		{[]string{"export", "--db", db, "--format", "xlsx"}, `unknown --format "xlsx"`},
	} {
		code, _, errOut := runCmd(t, "", tc.args...)
		assert.Equal(t, cli.ExitUsage, code, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
}

// TestReadOnlyCommandsNeedAStore checks that search, export and status
// on a store that does not exist say so and exit 2, creating nothing:
// neither the file named by --db nor newslooks.db in the working folder.
func TestReadOnlyCommandsNeedAStore(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("NEWSLOOKS_DB", "")
	typo := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"search", "--db", typo, "putin"}, {"export", "--db", typo}, {"status", "--db", typo},
		{"search", "putin"}, {"export"}, {"status"},
	} {
		code, out, errOut := runCmd(t, "", args...)
		assert.Equal(t, cli.ExitUsage, code, "%v: %s", args, errOut)
		assert.Empty(t, out, args)
		assert.Contains(t, errOut, "no database at this path", args)
		assert.Contains(t, errOut, "ingest creates one", args)
		assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing created")
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
