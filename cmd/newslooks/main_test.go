package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/ninjs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleTxt = "../../testdata/xi-putin.txt"

// runCmd runs the command and returns its exit status, stdout and stderr.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestParseSampleJSON(t *testing.T) {
	code, out, errOut := runCmd(t, "", "parse", sampleTxt)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Equal(t, asArray(readFile(t, "../../testdata/xi-putin.golden.json")), out)
	assert.Equal(t, "newslooks: 1 article written, 1 input read, 0 inputs failed, 0 files skipped\n", errOut)

	var all []newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(out), &all))
	require.Len(t, all, 1, "json is an array even for one article")
	a := all[0]
	assert.Equal(t, "BEIJING", a.Dateline)
	assert.Empty(t, a.Source, "json leaves source out; jsonl sets it")
}

func TestParseStdinJSONL(t *testing.T) {
	sample := readFile(t, sampleTxt)
	code, out, errOut := runCmd(t, sample+"\n"+sample, "parse", "--format", "jsonl", "-")
	require.Equal(t, cli.ExitOK, code, errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2)
	for _, l := range lines {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(l), &a))
		assert.Equal(t, "-", a.Source)
		assert.Len(t, a.Sections, 7)
	}
}

func TestParseSeveralInputsOneFails(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("Headline/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ Sum.\n\nCaf\xe9 society.\n"), 0o644))
	code, out, errOut := runCmd(t, "", "parse", sampleTxt, bad, filepath.Join(dir, "missing.txt"), sampleTxt)
	assert.Equal(t, cli.ExitFailed, code)
	var all []newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(out), &all), out)
	assert.Len(t, all, 2, "the good inputs still print")
	assert.Contains(t, errOut, bad+":3: invalid UTF-8 at column 4\n")
	assert.Contains(t, errOut, "missing.txt: open ")
	assert.Contains(t, errOut, "newslooks: 2 articles written, 4 inputs read, 2 inputs failed, 0 files skipped\n")
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"parse", "--format", "yaml", sampleTxt}, {"parse", "--workers", "0"}, {"parse", "--nope"}, {"feed"}} {
		code, _, errOut := runCmd(t, "", args...)
		assert.Equal(t, cli.ExitUsage, code, "%v", args)
		assert.NotEmpty(t, errOut, "%v", args)
	}
}

// writeFolder lays out a folder of good, bad and skipped files.
func writeFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sample := readFile(t, sampleTxt)
	files := map[string]string{
		"a/xi-putin.txt":     sample,
		"a/two.txt":          sample + "\n" + strings.ReplaceAll(sample, "Xi, Putin Deepen Ties", "Xi and Putin Deepen Ties"),
		"b/prose.txt":        "Just a note to self about groceries.\n",
		"b/page.html":        readFile(t, "../../page/testdata/xi-putin.html"),
		"b/empty.htm":        "",
		"c/notes.md":         "# not an article",
		"c/image.png":        "\x89PNG",
		"c/nested/readme":    "skip me",
		"c/nested/latin.txt": "Headline/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ Sum.\n\nCaf\xe9.\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func TestParseFolder(t *testing.T) {
	dir := writeFolder(t)
	code, out, errOut := runCmd(t, "", "parse", "--format", "jsonl", "--workers", "1", dir)
	assert.Equal(t, cli.ExitFailed, code)
	var sources []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(l), &a))
		sources = append(sources, filepath.ToSlash(strings.TrimPrefix(a.Source, dir)))
	}
	assert.Equal(t, []string{"/a/two.txt", "/a/two.txt", "/a/xi-putin.txt", "/b/page.html"}, sources, "sorted walk order, each file's articles in order")
	assert.Contains(t, errOut, filepath.Join(dir, "b/prose.txt")+":1: not an article")
	assert.Contains(t, errOut, filepath.Join(dir, "b/empty.htm")+": empty input")
	assert.Contains(t, errOut, filepath.Join(dir, "c/nested/latin.txt")+":3: invalid UTF-8")
	assert.True(t, strings.HasSuffix(errOut, "newslooks: 4 articles written, 6 inputs read, 3 inputs failed, 3 files skipped (3 not .txt/.html/.htm/.warc/.warc.gz)\n"), errOut)
}

func TestWorkersGiveIdenticalOutput(t *testing.T) {
	dir := writeFolder(t)
	_, out1, err1 := runCmd(t, "", "parse", "--workers", "1", dir)
	_, out8, err8 := runCmd(t, "", "parse", "--workers", "8", dir)
	require.NotEmpty(t, out1)
	assert.Equal(t, out1, out8)
	assert.Equal(t, err1, err8)
	_, again, _ := runCmd(t, "", "parse", "--workers", "8", dir)
	assert.Equal(t, out8, again)
}

func TestOutDir(t *testing.T) {
	out := t.TempDir()
	sample := readFile(t, sampleTxt)
	// Two different articles with the same headline must both be kept.
	other := strings.Replace(sample, "BEIJING — Chinese leader", "BEIJING — China’s leader", 1)
	code, stdout, errOut := runCmd(t, sample+"\n"+other, "parse", "--format", "markdown", "--out", out, "-")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Empty(t, stdout)
	names := dirNames(t, out)
	assert.Equal(t, []string{
		"xi-putin-deepen-ties-with-energy-security-deals-facing-us-challenges-2.md",
		"xi-putin-deepen-ties-with-energy-security-deals-facing-us-challenges.md",
	}, names)
	assert.Contains(t, readFile(t, filepath.Join(out, names[0])), "China’s leader")

	// Running again writes nothing new: the same articles are found.
	code, _, errOut = runCmd(t, sample+"\n"+other, "parse", "--format", "markdown", "--out", out, "-")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Equal(t, names, dirNames(t, out))
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestFormats checks that every format prints what the library renders.
func TestFormats(t *testing.T) {
	a, err := newslooks.Parse(strings.NewReader(readFile(t, sampleTxt)))
	require.NoError(t, err)
	var md, text, nj bytes.Buffer
	require.NoError(t, a.WriteMarkdown(&md))
	_, err = a.WriteTo(&text)
	require.NoError(t, err)
	require.NoError(t, output.IndentJSON(&nj, ninjs.FromArticle(a)))
	for format, want := range map[string]string{"markdown": md.String(), "text": text.String(), "ninjs": asArray(nj.String())} {
		code, out, errOut := runCmd(t, "", "parse", "--format", format, sampleTxt)
		require.Equal(t, cli.ExitOK, code, errOut)
		assert.Equal(t, want, out, format)
	}
	assert.Equal(t, readFile(t, "../../testdata/xi-putin.golden.md"), md.String())

	// The text format parses back to the same article.
	_, out, _ := runCmd(t, "", "parse", "--format", "text", sampleTxt)
	b, err := newslooks.ParseString(out)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

// newServer serves pages and feeds for the URL and feed tests.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	sample := readFile(t, sampleTxt)
	page := readFile(t, "../../page/testdata/xi-putin.html")
	mux := http.NewServeMux()
	mux.HandleFunc("/article.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, sample)
	})
	mux.HandleFunc("/article.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>padding</p>", 1000))
		for n := 0; n <= newslooks.DefaultMaxBytes; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	cp1252 := readFile(t, "../../page/testdata/html/windows-1252.html")
	mux.HandleFunc("/cp1252.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		fmt.Fprint(w, cp1252)
	})
	// /slow answers never: it blocks until the client gives up, so a
	// timeout is the only way its fetch can end.
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	// /reset drops the connection without an answer.
	mux.HandleFunc("/reset", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Newslooks</title><link>%[1]s/</link><description>d</description>
<item><title>One</title><link>%[1]s/article.html</link><description>Short.</description></item>
<item><title>Two</title><link>%[1]s/missing</link><description>Short.</description></item>
<item><title>Three</title><link>%[1]s/article.txt</link><description>Short.</description></item>
</channel></rss>`, base)
	})
	mux.HandleFunc("/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Newslooks</title><id>urn:x</id><updated>2025-09-02T09:14:00Z</updated>
<entry><title>One</title><id>urn:1</id><updated>2025-09-02T09:14:00Z</updated><link href="%[1]s/article.txt"/></entry>
<entry><title>Two</title><id>urn:2</id><updated>2025-09-02T09:14:00Z</updated><link href="%[1]s/reset"/></entry>
<entry><title>Three</title><id>urn:3</id><updated>2025-09-02T09:14:00Z</updated><link href="%[1]s/article.html"/></entry>
</feed>`, base)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestParseURLs(t *testing.T) {
	srv := newServer(t)
	code, out, errOut := runCmd(t, "", "parse", "--format", "jsonl", "--delay", "1ms", srv.URL+"/article.txt", srv.URL+"/missing", srv.URL+"/article.html")
	assert.Equal(t, cli.ExitFailed, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, errOut)
	for i, want := range []string{srv.URL + "/article.txt", srv.URL + "/article.html"} {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &a))
		assert.Equal(t, want, a.Source)
		assert.Equal(t, "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges", a.Headline)
	}
	assert.Contains(t, errOut, srv.URL+"/missing: GET "+srv.URL+"/missing: 404 Not Found")
	assert.Contains(t, errOut, "2 articles written, 3 inputs read, 1 input failed")
}

func TestFeed(t *testing.T) {
	srv := newServer(t)
	for _, tt := range []struct{ path, failing string }{{"/feed.xml", "/missing"}, {"/atom.xml", "/reset"}} {
		t.Run(tt.path, func(t *testing.T) {
			// The feed's links are on loopback: found links reach it
			// only with --allow-private.
			code, out, errOut := runCmd(t, "", "feed", "--format", "jsonl", "--delay", "1ms", "--allow-private", srv.URL+tt.path)
			assert.Equal(t, cli.ExitFailed, code)
			assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 2, errOut)
			assert.Contains(t, errOut, srv.URL+tt.failing+": ")
			assert.Regexp(t, regexp.MustCompile(`newslooks: 2 articles written, 3 inputs read, 1 input failed, 0 files skipped\n$`), errOut)
		})
	}
}

func TestFeedFromFileWithContent(t *testing.T) {
	// An item whose content holds the whole article is parsed without a
	// fetch: its link points nowhere reachable.
	sample := readFile(t, sampleTxt)
	var body strings.Builder
	for _, l := range strings.Split(sample, "\n") {
		fmt.Fprintf(&body, "<p>%s</p>\n", l)
	}
	feed := fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>N</title><link>http://127.0.0.1:1/</link><description>d</description>
<item><title>Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges</title><link>http://127.0.0.1:1/xi</link><content:encoded><![CDATA[%s]]></content:encoded></item>
</channel></rss>`, body.String())
	path := filepath.Join(t.TempDir(), "feed.xml")
	require.NoError(t, os.WriteFile(path, []byte(feed), 0o644))
	code, out, errOut := runCmd(t, "", "feed", "--format", "jsonl", path)
	require.Equal(t, cli.ExitOK, code, errOut)
	var a newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	assert.Equal(t, "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges", a.Headline)
	assert.Equal(t, "http://127.0.0.1:1/xi", a.Source)
	assert.NotEmpty(t, a.Sections)
}

// TestParseURLFailures checks that each way a URL can fail ends as one
// error line naming the URL, and that the other inputs still print.
func TestParseURLFailures(t *testing.T) {
	srv := newServer(t)
	// No case depends on timing: the timeout is far longer than any of
	// these takes (TestURLTimeout checks timeouts alone).
	cases := map[string]string{
		"/reset":      "EOF",
		"/huge.html":  "too large",
		"/loop":       "redirect",
		"/missing":    "404 Not Found",
		"/image.png":  "image/png",
		"/nothing.go": "404 Not Found",
	}
	// --allow-private: /loop redirects, and a redirect of a given URL to
	// a loopback address is refused without it.
	args := []string{"parse", "--format", "jsonl", "--timeout", "10m", "--delay", "1ms", "--allow-private", srv.URL + "/cp1252.html"}
	for path := range cases {
		args = append(args, srv.URL+path)
	}
	code, out, errOut := runCmd(t, "", args...)
	assert.Equal(t, cli.ExitFailed, code)
	for path, want := range cases {
		line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(srv.URL+path) + `: .*$`).FindString(errOut)
		assert.Contains(t, line, want, "error line for %s in:\n%s", path, errOut)
	}
	// The windows-1252 page arrives as correct UTF-8.
	var a newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(out), &a), out)
	assert.Equal(t, srv.URL+"/cp1252.html", a.Source)
	assert.Contains(t, a.Byline.Authors, "R. Méndez")
	assert.Contains(t, a.Text(), "’")
	assert.Contains(t, errOut, "1 article written, 7 inputs read, 6 inputs failed")
}

// asArray makes the indented JSON document js the one element of an
// indented array, as --format json and ninjs print it.
func asArray(js string) string {
	return "[\n  " + strings.ReplaceAll(strings.TrimSuffix(js, "\n"), "\n", "\n  ") + "\n]\n"
}

// TestURLTimeout checks that a URL that never answers fails with a
// timeout: /slow blocks until the client gives up, so nothing else can
// happen first, however slow the machine.
func TestURLTimeout(t *testing.T) {
	srv := newServer(t)
	code, out, errOut := runCmd(t, "", "parse", "--format", "jsonl", "--timeout", "50ms", srv.URL+"/slow")
	assert.Equal(t, cli.ExitFailed, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, srv.URL+"/slow: GET "+srv.URL+"/slow: timed out after 50ms\n")
}
