package siterules

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func loadPage(t testing.TB) *html.Node {
	t.Helper()
	f, err := os.Open("testdata/page.html")
	require.NoError(t, err)
	defer f.Close()
	root, err := html.Parse(f)
	require.NoError(t, err)
	return root
}

func TestLoadFiveFilters(t *testing.T) {
	s, err := LoadFiveFilters("testdata/ff")
	require.NoError(t, err)
	assert.Empty(t, s.Errors)
	assert.Equal(t, 2, s.Len())
	var notes []string
	for _, n := range s.Notes {
		notes = append(notes, n.Directive+"@"+n.At.String())
	}
	assert.Equal(t, []string{
		"http_header(x-forwarded-for)@testdata/ff/example.com.txt:14",
		"login_uri@testdata/ff/example.com.txt:19",
		"tidy@testdata/ff/example.com.txt:18",
	}, notes)

	r := s.Match("www.Example.com:8080")
	require.NotNil(t, r)
	assert.Equal(t, "example.com", r.Host)
	// The global title comes after the site's.
	require.Len(t, r.Title, 2)
	assert.Equal(t, `//meta[@property="og:title"]/@content`, r.Title[1].Expr)
	assert.Equal(t, "testdata/ff/example.com.txt:2", r.Title[0].At.String())
	assert.Equal(t, []Replacement{
		{Find: "Print:</a>", Replace: "</a>", At: Origin{"testdata/ff/example.com.txt", 17}},
		{Find: "<amp-img", Replace: "<img", At: Origin{"testdata/ff/example.com.txt", 15}},
	}, r.Replace)
	require.Len(t, r.Tests, 1)
	assert.Equal(t, []string{"the first paragraph"}, r.Tests[0].Contains)
	require.NotNil(t, r.Prune)
	assert.False(t, r.Pruned())
}

func TestMatchHosts(t *testing.T) {
	s, err := LoadFiveFilters("testdata/ff")
	require.NoError(t, err)
	for host, want := range map[string]string{
		"example.com":        "example.com",
		"www.example.com":    "example.com",
		"news.example.com":   "", // example.com.txt is for the host and www only
		"news.example.org":   ".example.org",
		"a.b.example.org":    ".example.org",
		"example.org":        "", // .example.org.txt is for subdomains only
		"www.example.org":    "",
		"notexample.com":     "",
		"":                   "",
		"EXAMPLE.COM.":       "example.com",
		"[::1]:80":           "",
		"news.example.org:1": ".example.org",
	} {
		r := s.Match(host)
		if want == "" {
			assert.Nil(t, r, host)
			continue
		}
		if assert.NotNil(t, r, host) {
			assert.Equal(t, want, r.Host, host)
		}
	}
}

func TestBadXPathNamesFileAndLine(t *testing.T) {
	s, err := LoadFiveFilters("testdata/badff")
	require.NoError(t, err)
	require.Len(t, s.Errors, 1)
	var fe *FileError
	require.True(t, errors.As(s.Errors[0], &fe))
	assert.Equal(t, "testdata/badff/bad.com.txt", fe.File)
	assert.Equal(t, 4, fe.Line)
	assert.Contains(t, fe.Error(), "testdata/badff/bad.com.txt:4: bad XPath")
	assert.Nil(t, s.Match("bad.com"))
	assert.NotNil(t, s.Match("good.com"))
}

func TestLoadFiveFiltersEmptyFolder(t *testing.T) {
	_, err := LoadFiveFilters(t.TempDir())
	assert.ErrorContains(t, err, "no site config")
	_, err = LoadFiveFilters("testdata/none")
	assert.Error(t, err)
}

func TestExtractBothForms(t *testing.T) {
	ff, err := LoadFiveFilters("testdata/ff")
	require.NoError(t, err)
	css, err := ReadRulesFile("testdata/rules.yaml")
	require.NoError(t, err)
	for name, s := range map[string]*Set{"fivefilters": ff, "css": css} {
		t.Run(name, func(t *testing.T) {
			r := s.Match("example.com")
			require.NotNil(t, r)
			root := loadPage(t)
			assert.Equal(t, 3, r.StripNodes(root), "the ad, the share bar, the ad's image")
			e := r.Extract(root)
			assert.Equal(t, []string{"The real headline"}, e.Title.Values)
			assert.Equal(t, []string{"Ann Author", "Bob Writer"}, e.Author.Values)
			assert.Equal(t, []string{"2024-05-06T07:08:09Z"}, e.Date.Values)
			require.Len(t, e.Body, 1)
			text := textContent(e.Body[0])
			assert.Contains(t, text, "first paragraph")
			assert.NotContains(t, text, "Buy things")
			assert.NotContains(t, text, "Share this")
			var body strings.Builder
			require.NoError(t, html.Render(&body, e.Body[0]))
			assert.NotContains(t, body.String(), "ads.example.net")
			assert.Contains(t, body.String(), "/photo.jpg")
			base, _ := url.Parse("https://www.example.com/2024/story")
			next, how := NextPage(r, root, base)
			assert.Equal(t, "https://www.example.com/2024/story/2", next)
			assert.Contains(t, how, "next_page_link")
			assert.Equal(t, "https://www.example.com/print/story", SinglePage(r, root, base))
			assert.Equal(t, "<img src=x></a>", string(r.Rewrite([]byte("<amp-img src=x>Print:</a>"))))
		})
	}
}

func TestParseRulesErrors(t *testing.T) {
	for src, want := range map[string]string{
		"example.com:\n  body: 'div[['\n":       "x.yaml:2: bad CSS selector",
		"example.com:\n  bodyy: div\n":          `x.yaml:2: unknown directive "bodyy"`,
		"example.com:\n  prune: maybe\n":        "x.yaml:2: prune",
		"- a\n":                                 "x.yaml:1: want a map",
		"":                                      "x.yaml: the file names no site",
		"example.com:\n  http_header: {x: y}\n": "x.yaml:2: http_header",
		"example.com: {}\nexample.com: {}\n":    "x.yaml",
	} {
		_, err := ParseRules(strings.NewReader(src), "x.yaml")
		if assert.Error(t, err, src) {
			assert.Contains(t, err.Error(), want, src)
		}
	}
}

func TestParseFiveFiltersLimits(t *testing.T) {
	_, _, err := ParseFiveFilters(strings.NewReader("body: "+strings.Repeat("a", maxLineBytes+10)), "long.txt")
	assert.ErrorContains(t, err, "long.txt:1: a line is longer")
	_, _, err = ParseFiveFilters(strings.NewReader("prune: perhaps\n"), "p.txt")
	assert.ErrorContains(t, err, "p.txt:1: prune")
	big := strings.Repeat("# comment line\n", MaxFileBytes/15+10)
	_, _, err = ParseFiveFilters(strings.NewReader(big), "big.txt")
	assert.ErrorContains(t, err, "larger than")
}

func TestNextPageHeuristics(t *testing.T) {
	for _, c := range []struct{ base, page, want string }{
		{"https://x.com/story", `<link rel="next" href="/story/2">`, "https://x.com/story/2"},
		{"https://x.com/story/2", `<a rel="next" href="/story/3">more</a>`, "https://x.com/story/3"},
		{"https://x.com/a.html", `<a href="/a-2.html">2</a>`, "https://x.com/a-2.html"},
		{"https://x.com/a.html", `<nav><a href="/a-2.html"><span> 2 </span></a></nav>`, "https://x.com/a-2.html"},
		{"https://x.com/a.html", `<a href="/b-2.html">2</a><A HREF="/a-2.html">2</A>`, "https://x.com/a-2.html"},
		{"https://x.com/a?page=2&id=7", `<a href="/a?id=7&page=3">3</a>`, "https://x.com/a?id=7&page=3"},
		// Another story, another host, the page itself: no next page.
		{"https://x.com/story", `<link rel="next" href="/other-story">`, ""},
		{"https://x.com/story", `<link rel="next" href="https://y.com/story/2">`, ""},
		{"https://x.com/story", `<a href="/story">2</a>`, ""},
		{"https://x.com/news/123456", `<link rel="next" href="/news/123457">`, ""},
	} {
		root, err := html.Parse(strings.NewReader(c.page))
		require.NoError(t, err)
		base, _ := url.Parse(c.base)
		got, _ := NextPage(nil, root, base)
		assert.Equal(t, c.want, got, c.base+" "+c.page)
		scanned, _ := NextPageInSource([]byte(c.page), base)
		assert.Equal(t, c.want, scanned, "from the source: "+c.base+" "+c.page)
	}
}

func TestHeaderAndJar(t *testing.T) {
	s, err := ReadRulesFile("testdata/rules.yaml")
	require.NoError(t, err)
	u, _ := url.Parse("https://www.example.com/x")
	assert.Equal(t, http.Header{"User-Agent": {"TestAgent/1.0"}}, s.Header(u))
	other, _ := url.Parse("https://other.com/x")
	assert.Nil(t, s.Header(other))
	jar := s.Jar()
	names := func(cs []*http.Cookie) (out []string) {
		for _, c := range cs {
			out = append(out, c.Name+"="+c.Value)
		}
		return out
	}
	assert.Equal(t, []string{"consent=yes", "region=eu"}, names(jar.Cookies(u)))
	jar.SetCookies(u, []*http.Cookie{{Name: "consent", Value: "no"}})
	assert.Equal(t, []string{"consent=no", "region=eu"}, names(jar.Cookies(u)))
	assert.Empty(t, jar.Cookies(other))
}

func TestJoinAndConcurrentMatch(t *testing.T) {
	ff, err := LoadFiveFilters("testdata/ff")
	require.NoError(t, err)
	css, err := ReadRulesFile("testdata/rules.yaml")
	require.NoError(t, err)
	s := Join(css, nil, ff)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			r := s.Match("example.com")
			if assert.NotNil(t, r) {
				// css's, then ff's own, then ff's global title.
				assert.Len(t, r.Title, 3)
				assert.Equal(t, "testdata/rules.yaml", r.Title[0].At.File)
			}
		})
	}
	wg.Wait()
}

func TestLoadSkipsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"LICENSE.txt":         "body: //nothing",
		"example.com.txt":     "body: //article",
		"www.example.com.txt": "body: //main",
		"www.other.com.txt":   "body: //main",
		"notes.md":            "body: //x",
	} {
		require.NoError(t, os.WriteFile(dir+"/"+name, []byte(body), 0o644))
	}
	s, err := LoadFiveFilters(dir)
	require.NoError(t, err)
	assert.Equal(t, 2, s.Len())
	assert.Equal(t, "//article", s.Match("example.com").Body[0].Expr)
	assert.Equal(t, "//main", s.Match("other.com").Body[0].Expr)
	assert.Nil(t, s.Match("license"))
}
