package feed

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks/fetch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testPage = `<!DOCTYPE html><html><head><title>Pier</title></head>` +
	`<body><h1>Harbor Town Votes to Rebuild Its Pier</h1><p>PORTLAND — Residents voted.</p></body></html>`

// serve starts a loopback server for h, closed when the test ends.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// The fixtures in testdata/feeds hold the same three items: the first with
// its full content, the others with a link only.
var feedFixtures = []struct {
	file, contentType string
}{
	{"rss.xml", "application/rss+xml; charset=utf-8"},
	{"atom.xml", "application/atom+xml"},
}

// checkFixtureItems checks the items of a fixture; base is the URL that
// the third RSS item's relative link resolves against.
func checkFixtureItems(t *testing.T, file string, items []Item, base string) {
	t.Helper()
	require.Len(t, items, 3)

	pier := items[0]
	assert.Equal(t, "Harbor Town Votes to Rebuild Its Storm-Battered Pier", pier.Title)
	assert.Equal(t, "https://newslooks.example/harbor-town-pier/", pier.Link)
	assert.Equal(t, time.Date(2025, 9, 2, 8, 15, 0, 0, time.UTC), pier.Published.UTC())
	assert.True(t, strings.HasPrefix(pier.Content, "<p>"), "content is the HTML: %q", pier.Content)
	assert.Contains(t, pier.Content, "<p>“We have waited long enough,” said the harbour master,")
	assert.NotContains(t, pier.Content, "[&#8230;]", "the description is not the content")
	assert.True(t, pier.HasFullArticle())

	rail := items[1]
	assert.Equal(t, "Rail Strike Talks Resume After Weekend Walkout", rail.Title)
	assert.Equal(t, "https://newslooks.example/rail-strike-talks/", rail.Link)
	assert.Equal(t, time.Date(2025, 9, 1, 17, 40, 0, 0, time.UTC), rail.Published.UTC())
	assert.Empty(t, rail.Content, "the description is not the content")
	assert.False(t, rail.HasFullArticle())

	library := items[2]
	assert.Equal(t, "City Library Extends Its Opening Hours", library.Title)
	if file == "rss.xml" {
		assert.Equal(t, base+"/city-library-hours/", library.Link, "the relative link is resolved")
	} else {
		assert.Equal(t, "https://newslooks.example/city-library-hours/", library.Link)
	}
	assert.Equal(t, time.Date(2025, 8, 31, 9, 0, 0, 0, time.UTC), library.Published.UTC(),
		"the update time stands in for a missing publication time")
	assert.Empty(t, library.Content)
	assert.False(t, library.HasFullArticle())
}

func TestReadFeed(t *testing.T) {
	for _, fx := range feedFixtures {
		t.Run(fx.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "feeds", fx.file))
			require.NoError(t, err)
			defer f.Close()
			items, err := Read(f)
			require.NoError(t, err)
			checkFixtureItems(t, fx.file, items, "https://newslooks.example")
		})
	}
}

func TestReadFeedErrors(t *testing.T) {
	_, err := Read(strings.NewReader(testPage))
	assert.ErrorIs(t, err, ErrNotFeed)
	_, err = Read(strings.NewReader(""))
	assert.ErrorIs(t, err, ErrNotFeed)
	_, err = Read(strings.NewReader(`<rss version="2.0"><channel><item><title>x</title></chan`))
	assert.ErrorContains(t, err, "malformed feed: ")
}

func TestFetchFeed(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		for _, fx := range feedFixtures {
			if fx.file == name {
				w.Header().Set("Content-Type", fx.contentType)
				http.ServeFile(w, r, filepath.Join("testdata", "feeds", fx.file))
				return
			}
		}
		switch name {
		case "page":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(testPage))
		case "windows-1252":
			w.Header().Set("Content-Type", "application/rss+xml")
			_, _ = w.Write([]byte(`<?xml version="1.0" encoding="windows-1252"?>` +
				`<rss version="2.0"><channel><title>t</title><item><title>` +
				"\x93Caf\xe9\x94 Reopens</title><link>https://x.test/cafe</link></item></channel></rss>"))
		default:
			http.NotFound(w, r)
		}
	}))

	for _, fx := range feedFixtures {
		t.Run(fx.file, func(t *testing.T) {
			items, err := new(Reader).Fetch(t.Context(), nil, srv.URL+"/"+fx.file)
			require.NoError(t, err)
			checkFixtureItems(t, fx.file, items, srv.URL)
		})
	}

	t.Run("declared encoding", func(t *testing.T) {
		// Fetch converts the body to UTF-8; the feed parser must not
		// decode it a second time by its XML declaration.
		items, err := new(Reader).Fetch(t.Context(), nil, srv.URL+"/windows-1252")
		require.NoError(t, err)
		require.Len(t, items, 1)
		assert.Equal(t, "“Café” Reopens", items[0].Title)
	})
	t.Run("not a feed", func(t *testing.T) {
		_, err := new(Reader).Fetch(t.Context(), nil, srv.URL+"/page")
		var fe *fetch.Error
		require.ErrorAs(t, err, &fe)
		assert.ErrorIs(t, err, ErrNotFeed)
		assert.Equal(t, "GET "+srv.URL+"/page: not an RSS, Atom or JSON feed", err.Error())
	})
	t.Run("missing", func(t *testing.T) {
		_, err := new(Reader).Fetch(t.Context(), nil, srv.URL+"/missing.xml")
		var fe *fetch.Error
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, 404, fe.StatusCode)
	})
}

func TestFeedItemHasFullArticle(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + " The paragraph goes on long enough to count as prose.</p>\n"
	}
	full := para("PORTLAND — One.") + para("Two.") + "<h3>Cost and Timing</h3>\n" + para("Three.") + para("Four.")

	for _, tc := range []struct {
		name, content string
		want          bool
	}{
		{"empty", "", false},
		{"four paragraphs", full, true},
		{"three paragraphs", para("One.") + para("Two.") + para("Three."), false},
		{"short paragraphs", "<p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p><p>Five.</p>", false},
		{"wordpress footer", full + `<p>The post <a href="/x">Pier</a> appeared first on <a href="/">Newslooks</a>.</p>`, true},
		{"ellipsis", full + "<p>The work is to start in the spring and to take about…</p>", false},
		{"bracketed ellipsis", full + para("Five.") + "<p>[&#8230;]</p>", false},
		{"ascii ellipsis", strings.TrimSuffix(full, ".</p>\n") + "...</p>", false},
		{"read more", full + `<p><a href="/x">Read more »</a></p>`, false},
		{"continue reading", full + `<p><a href="/x">Continue reading <span>Harbor Town Pier</span> →</a></p>`, false},
		{"teaser after footer", full + "<p>Five […]</p><p>The post Pier appeared first on Newslooks.</p>", false},
		{"bullets only", "<h2>Pier Quick Looks</h2><ul>" +
			strings.Repeat("<li>Voters approved the rebuilding plan by a wide margin, said officials</li>", 6) + "</ul>", false},
		{"bullets and body", "<h2>Pier Quick Looks</h2><ul>" +
			strings.Repeat("<li>Voters approved the rebuilding plan by a wide margin, said officials</li>", 6) + "</ul>" + full, true},
		{"script ignored", "<p>Short.</p><script>" + strings.Repeat("var x = 'a long line of script code';\n<p>", 5) + "</script>", false},
		{"plain text lines", strings.Repeat("A paragraph of plain text that runs long enough to count.\n", 4), true},
		{"plain text, too few", strings.Repeat("A paragraph of plain text that runs long enough to count.\n", 3), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Item{Content: tc.content}.HasFullArticle())
		})
	}
}
