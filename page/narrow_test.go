package page

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// narrowed parses body as a page, runs narrowBody on it as readOther does
// and returns the text left in <body>.
func narrowed(t *testing.T, body string) string {
	t.Helper()
	root, err := html.Parse(strings.NewReader(`<!DOCTYPE html><html><head><title>T</title></head><body>` + body + `</body></html>`))
	require.NoError(t, err)
	sv := surveyPage(root)
	lo := chooseLayout(sv, root, newLinks(readMeta(root), nil))
	narrowBody(sv, lo)
	var b bytes.Buffer
	require.NoError(t, html.Render(&b, sv.body))
	return b.String()
}

const (
	prose1 = "The council voted on Tuesday to reopen the tunnel to traffic."
	prose2 = "Engineers said the repairs had taken longer than first planned."
	prose3 = "Residents welcomed the news after months of long detours."
)

// story is the paragraphs of an article of some length.
var story = strings.Repeat("<p>"+prose1+"</p><p>"+prose2+"</p><p>"+prose3+"</p>", 4)

func TestNarrowBody(t *testing.T) {
	t.Run("the article without the chrome around it", func(t *testing.T) {
		got := narrowed(t, `<nav><ul><li><a href="/">Home</a></li></ul></nav>
<header><p>The Valley Times</p></header>
<div id="page"><div id="main"><article><h1>Tunnel Reopens</h1>`+story+`</article></div>
<aside class="sidebar"><p>Sign up for our newsletter to get the news every morning.</p></aside></div>
<footer><p>Copyright the Valley Times, all rights reserved, 1901-2026.</p></footer>`)
		assert.Equal(t, `<body><article><h1>Tunnel Reopens</h1>`+story+`</article></body>`, got)
	})
	t.Run("the headline stays with the article", func(t *testing.T) {
		got := narrowed(t, `<div id="page"><div class="head"><h1>Tunnel Reopens</h1><p class="byline">By A. Writer</p></div>
<div class="text">`+story+`</div></div><footer><p>Copyright the Valley Times, all rights reserved.</p></footer>`)
		assert.Contains(t, got, `<div id="page"><div class="head"><h1>Tunnel Reopens</h1>`)
		assert.Contains(t, got, "By A. Writer")
		assert.Contains(t, got, prose3)
		assert.NotContains(t, got, "Copyright")
	})
	t.Run("text outside the dense element keeps its parent", func(t *testing.T) {
		// The second block holds under narrowContent (90%) of the
		// prose: both stay.
		got := narrowed(t, `<div id="a"><div id="b"><h1>Tunnel Reopens</h1><p>`+prose1+`</p><p>`+prose2+`</p></div><div id="c"><p>`+prose3+`</p></div></div><nav><a href="/">Home</a></nav>`)
		assert.Equal(t, `<body><div id="a"><div id="b"><h1>Tunnel Reopens</h1><p>`+prose1+`</p><p>`+prose2+`</p></div><div id="c"><p>`+prose3+`</p></div></div></body>`, got)
	})
	t.Run("a short box beside the article goes", func(t *testing.T) {
		// The article holds 92% of the prose: enough to step into.
		box := `<div id="box"><p>Tickets for the summer concert series go on sale next week.</p></div>`
		got := narrowed(t, `<div id="page"><div id="main"><article><h1>Tunnel Reopens</h1>`+story+`</article></div>`+box+`</div>`)
		assert.Equal(t, `<body><article><h1>Tunnel Reopens</h1>`+story+`</article></body>`, got)
	})
	t.Run("an article our classifier takes for chrome is kept", func(t *testing.T) {
		// "comments" makes the text's element chrome; its prose is still
		// most of the page's, so the headline's block alone is not enough.
		got := narrowed(t, `<div id="page"><div class="head"><h1>Tunnel Reopens</h1><p>A short standfirst about the reopened tunnel.</p></div>
<div class="story comments-on"><p>`+prose1+`</p><p>`+prose2+`</p><p>`+prose3+`</p></div></div>`)
		assert.Contains(t, got, prose1)
		assert.Contains(t, got, "A short standfirst")
	})
	t.Run("link text is not prose", func(t *testing.T) {
		got := narrowed(t, `<div id="page"><article><h1>Tunnel Reopens</h1><p>`+prose1+`</p><p>`+prose2+`</p></article>
<div class="more"><a href="/a">`+prose3+`</a><a href="/b">`+prose3+`</a><a href="/c">`+prose3+`</a></div></div>`)
		assert.Equal(t, `<body><article><h1>Tunnel Reopens</h1><p>`+prose1+`</p><p>`+prose2+`</p></article></body>`, got)
	})
	t.Run("a page without prose is left whole", func(t *testing.T) {
		src := `<div><h1>Tunnel Reopens</h1><p>Short.</p></div><nav><a href="/">Home</a></nav>`
		assert.Equal(t, "<body>"+src+"</body>", narrowed(t, src))
	})
}

func TestTrimHead(t *testing.T) {
	root, err := html.Parse(strings.NewReader(`<html><head><meta charset="utf-8"><title>T</title><link rel="stylesheet" href="a.css"><script>x()</script><style>p{}</style><base href="/b/"><meta property="og:site_name" content="S"><noscript><img src="p.gif"></noscript></head><body><p>x</p></body></html>`))
	require.NoError(t, err)
	trimHead(root)
	var b bytes.Buffer
	require.NoError(t, html.Render(&b, root))
	assert.Equal(t, `<html><head><meta charset="utf-8"/><title>T</title><base href="/b/"/><meta property="og:site_name" content="S"/></head><body><p>x</p></body></html>`, b.String())
}
