package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/crawl"
)

// storyHTML is page n of a story whose pager links to next ("" for none).
func storyHTML(n int, next string) string {
	link := ""
	if next != "" {
		link = fmt.Sprintf(`<a class="more" href="%s">Continue</a>`, next)
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><title>Harbour story</title></head><body>
<h1>Harbour story</h1><div class="story">
<p>Page %d of the harbour story tells a long part of it, in sentences long enough to read as the article's own prose.</p>
<p>More of page %d follows here, so that each page has a body of its own and none is mistaken for a stub.</p></div>
<nav>%s</nav></body></html>`, n, n, link)
}

func writeRules(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yaml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	return path
}

func parseJSONL(t *testing.T, out string) []newslooks.Article {
	t.Helper()
	var as []newslooks.Article
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(line), &a), line)
		as = append(as, a)
	}
	return as
}

func bodyText(a newslooks.Article) string {
	var ps []string
	for _, s := range a.Sections {
		ps = append(ps, s.Paragraphs...)
	}
	return strings.Join(ps, "\n")
}

func TestParseURLJoinsPagesByRule(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Time
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("part") {
		case "":
			fmt.Fprint(w, storyHTML(1, "/story?part=b"))
		case "b":
			fmt.Fprint(w, storyHTML(2, "/story?part=c"))
		case "c":
			fmt.Fprint(w, storyHTML(3, ""))
		}
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now()) // robots.txt too
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()
	rules := writeRules(t, "127.0.0.1:\n  next_page_link: a.more\n  body: div.story\n")
	code, out, errOut := runCmd(t, "", "parse", "--rules", rules, "--field-sources", "--format", "jsonl", srv.URL+"/story")
	require.Equal(t, 0, code, errOut)
	as := parseJSONL(t, out)
	require.Len(t, as, 1)
	body := bodyText(as[0])
	i1, i2, i3 := strings.Index(body, "Page 1 "), strings.Index(body, "Page 2 "), strings.Index(body, "Page 3 ")
	assert.True(t, i1 >= 0 && i1 < i2 && i2 < i3, body)
	assert.Equal(t, srv.URL+"/story", as[0].URL)
	assert.Equal(t, "rule "+rules+":3", as[0].FieldSources["body"])
	// Each request after the first page (robots.txt, the next pages)
	// waits its host's turn, counted from the first page's request too,
	// though another fetcher made it. Arrivals can bunch up only by what
	// delays a request on its way: half the gap (1 s) is allowed.
	require.Len(t, arrivals, 4, "the three pages and robots.txt")
	for i := 1; i < len(arrivals); i++ {
		assert.GreaterOrEqual(t, arrivals[i].Sub(arrivals[i-1]), crawl.DefaultMinDelay/2, "request %d after request %d", i+1, i)
	}
}

// TestConsentCookieFromRule: a site that shows a cookie wall unless a
// consent cookie is sent gives its article when the rule sets the cookie.
func TestConsentCookieFromRule(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("consent"); err != nil || c.Value != "yes" {
			fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Before you continue</title></head><body><h1>Before you continue</h1><form><button>Accept all</button></form></body></html>`)
			return
		}
		fmt.Fprint(w, storyHTML(1, ""))
	}))
	defer srv.Close()
	code, _, errOut := runCmd(t, "", "parse", "--format", "jsonl", srv.URL+"/story")
	assert.Equal(t, 1, code, "without the cookie the page is a cookie wall: %s", errOut)

	rules := writeRules(t, "127.0.0.1:\n  http_header:\n    cookie: consent=yes\n")
	code, out, errOut := runCmd(t, "", "parse", "--rules", rules, "--format", "jsonl", srv.URL+"/story")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, bodyText(parseJSONL(t, out)[0]), "Page 1 of the harbour story")
}

func TestParseFileWithSiteConfig(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "example.com.txt"), []byte("author: //p[@class='who']\ntidy: no\n"), 0o644))
	page := filepath.Join(t.TempDir(), "story.html")
	html := strings.Replace(storyHTML(1, ""), "</head>", `<link rel="canonical" href="https://example.com/harbour"></head>`, 1)
	html = strings.Replace(html, "<h1>Harbour story</h1>", `<h1>Harbour story</h1><p class="who">Erin Rule</p>`, 1)
	require.NoError(t, os.WriteFile(page, []byte(html), 0o644))
	code, out, errOut := runCmd(t, "", "parse", "--site-config", dir, "--format", "jsonl", page)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, []string{"Erin Rule"}, parseJSONL(t, out)[0].Byline.Authors)
	assert.Contains(t, errOut, "site config directives not applied: tidy")
	assert.Nil(t, parseJSONL(t, out)[0].FieldSources, "field sources only behind the flag")
}

func TestBadRulesAreUsageErrors(t *testing.T) {
	rules := writeRules(t, "example.com:\n  body: 'div[['\n")
	code, _, errOut := runCmd(t, "", "parse", "--rules", rules, sampleTxt)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, rules+":2: bad CSS selector")

	code, _, errOut = runCmd(t, "", "ingest", "--site-config", t.TempDir(), sampleTxt)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no site config")
}

func TestBadSiteConfigFileIsLeftOut(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.com.txt"), []byte("# x\nbody: //div[\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "good.com.txt"), []byte("body: //article\n"), 0o644))
	code, _, errOut := runCmd(t, "", "parse", "--site-config", dir, sampleTxt)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "bad.com.txt:2: bad XPath")
}

func TestRulesTestReportsStaleRule(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/new-layout" {
			fmt.Fprint(w, strings.Replace(storyHTML(1, ""), `class="story"`, `class="article-body"`, 1))
			return
		}
		fmt.Fprint(w, storyHTML(1, ""))
	}))
	defer srv.Close()
	rules := writeRules(t, fmt.Sprintf(`127.0.0.1:
  body: div.story
  title: h1
  tests:
    - url: %[1]s/old-layout
      contains: [Page 1 of the harbour story]
    - url: %[1]s/new-layout
`, srv.URL))
	code, out, errOut := runCmd(t, "", "rules", "test", "--rules", rules, "--allow-private", "--delay", "1ms", "127.0.0.1")
	assert.Equal(t, 1, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Equal(t, "ok   "+srv.URL+`/old-layout: title found, body found, contains "Page 1 of the harbour story" found`, lines[0])
	assert.Equal(t, "FAIL "+srv.URL+"/new-layout: title found, body NOT found", lines[1])
	assert.Contains(t, errOut, "2 test URLs, 1 passed, 1 failed")

	code, _, errOut = runCmd(t, "", "rules", "test", "--rules", rules, "example.org")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no rule with test URLs for example.org")
}

// TestWARCRecordsMatchedByURL: a web archive's pages get the rules of
// their own addresses' hosts.
func TestWARCRecordsMatchedByURL(t *testing.T) {
	page := strings.Replace(storyHTML(1, ""), "<h1>Harbour story</h1>", `<h1>Harbour story</h1><p class="who">Erin Rule</p>`, 1)
	path := writeWARC(t, []warcRecord{
		{gowarc.Response, "https://example.com/a", httpMessage("200 OK", "text/html", page)},
		{gowarc.Response, "https://example.org/a", httpMessage("200 OK", "text/html", page)},
	}, 0)
	rules := writeRules(t, "example.com:\n  author: p.who\n")
	code, out, errOut := runCmd(t, "", "parse", "--rules", rules, "--format", "jsonl", path)
	require.Equal(t, 0, code, errOut)
	as := parseJSONL(t, out)
	require.Len(t, as, 2)
	assert.Equal(t, []string{"Erin Rule"}, as[0].Byline.Authors)
	assert.NotEqual(t, []string{"Erin Rule"}, as[1].Byline.Authors)
}

// TestIngestWithRules: ingest reads a URL input's pages as one article,
// and a crawled feed's article too, by the rules its flags name.
func TestIngestWithRules(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/a/1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, storyHTML(1, "/a/2")) })
	mux.HandleFunc("/a/2", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, storyHTML(2, "")) })
	// Another story, in other words, lest the store take it for a copy.
	bridge := strings.NewReplacer("harbour story tells a long part of it, in sentences long enough to read as the article's own prose",
		"bridge story follows the engineers who rebuilt the old crossing over the river during a cold and wet winter",
		"More of page", "The rest of page", "so that each page has a body of its own and none is mistaken for a stub",
		"where the crews worked at night under floodlights to keep the traffic moving by day")
	mux.HandleFunc("/b/1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, bridge.Replace(storyHTML(1, "/b/2"))) })
	mux.HandleFunc("/b/2", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, bridge.Replace(storyHTML(2, ""))) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><link>%[1]s/</link>
<item><title>Bridge story</title><link>%[1]s/b/1</link><description>A teaser...</description></item></channel></rss>`, srv.URL)
	})
	rules := writeRules(t, "127.0.0.1:\n  next_page_link: a.more\n")
	db := filepath.Join(t.TempDir(), "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, "--rules", rules, "--delay", "1ms", "--allow-private",
		srv.URL+"/a/1", "--feed", srv.URL+"/feed")
	require.Equal(t, 0, code, errOut)
	code, out, errOut := runCmd(t, "", "export", "--db", db)
	require.Equal(t, 0, code, errOut)
	as := parseJSONL(t, out)
	require.Len(t, as, 2, out)
	for _, a := range as {
		body := bodyText(a)
		assert.Contains(t, body, "Page 1 of the")
		assert.Contains(t, body, "Page 2 of the", a.URL)
	}
}
