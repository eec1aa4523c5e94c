package page

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// BenchmarkClassify measures classify on every element of the ten
// publisher pages.
func BenchmarkClassify(b *testing.B) {
	srcs, _, _ := foreignBenchPages(b)
	var elems []*html.Node
	for _, src := range srcs {
		root, err := html.Parse(bytes.NewReader(src))
		require.NoError(b, err)
		for n := range root.Descendants() {
			if n.Type == html.ElementNode {
				elems = append(elems, n)
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range elems {
			classify(n)
		}
	}
}

// TestHeadingAnchorIsNoClass checks that a heading's id, the anchor a
// table of contents links to and most often its text as a slug, does not
// make it chrome: "nav_..." names the anchor, not a navigation.
func TestHeadingAnchorIsNoClass(t *testing.T) {
	h := &html.Node{Type: html.ElementNode, Data: "h3", DataAtom: atom.H3,
		Attr: []html.Attribute{{Key: "id", Val: "nav_the_new_timetable__1"}}}
	assert.Zero(t, classify(h)&fChrome, "a heading's id")
	div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div,
		Attr: []html.Attribute{{Key: "id", Val: "nav_main"}}}
	require.NotZero(t, classify(div)&fChrome, "another element's id")
	h.Attr[0].Key = "class"
	require.NotZero(t, classify(h)&fChrome, "a heading's class")

	src := `<!DOCTYPE html><html><head><title>Tunnel Reopens</title></head><body>
<div id="page"><h1>Tunnel Reopens</h1><div id="text">` + story +
		`<h3 class="subheading" id="nav_the_new_timetable__1">The new timetable</h3>` + story + `</div></div></body></html>`
	a, err := ParseHTML(strings.NewReader(src), "https://example.org/tunnel")
	require.NoError(t, err)
	require.Len(t, a.Sections, 2, "the heading starts a section")
	assert.Equal(t, "The new timetable", a.Sections[1].Heading)
}

// TestCachedNameFlags checks that the cache of class and id values gives
// classifyNames's flags, for a value seen before, one that shares its
// slot, and one too long to keep, from parsers running at once.
func TestCachedNameFlags(t *testing.T) {
	values := []string{"share-bar", "Post-Author", "entry-meta", "sr-only", "plain", "wp-caption-text",
		"", strings.Repeat("nav ", maxCachedName/4+1)}
	for i := range 2 * nameCacheSize {
		values = append(values, "item-"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+"-byline")
	}
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for range 3 {
				for _, v := range values {
					ok = ok && cachedNameFlags(v) == classifyNames(v)
				}
			}
			done <- ok
		}()
	}
	for range 4 {
		assert.True(t, <-done)
	}
	assert.Equal(t, fChrome, cachedNameFlags("share-bar"))
	assert.Equal(t, fChrome, cachedNameFlags("share-bar"), "a second time, from the cache")
}
