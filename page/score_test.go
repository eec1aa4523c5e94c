package page

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// scored parses body as a page and runs narrowBody and the content
// scorer on it as readOther does.
func scored(t *testing.T, body string) (contentScore, *html.Node) {
	t.Helper()
	root, err := html.Parse(strings.NewReader(`<!DOCTYPE html><html><head><title>T</title></head><body>` + body + `</body></html>`))
	require.NoError(t, err)
	sv := surveyPage(root)
	lo := chooseLayout(sv, root, newLinks(readMeta(root), nil))
	keep, prose := narrowBody(sv, lo)
	return scoreContent(keep, prose, sv, lo), root
}

// byID returns the element of root whose id is id.
func byID(root *html.Node, id string) *html.Node {
	for n := root; n != nil; n = htmlx.Next(n, root) {
		if htmlx.Attr(n, "id") == id {
			return n
		}
	}
	return nil
}

// longStory is an article over minSureProse bytes long, of 24
// paragraphs that differ.
var longStory = func() string {
	var b strings.Builder
	for i := range 24 {
		fmt.Fprintf(&b, "<p>%s (%d)</p>", [...]string{prose1, prose2, prose3}[i%3], i)
	}
	return b.String()
}()

const scoreChrome = `<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<header><p>The Valley Times</p></header>`

func TestScoreContent(t *testing.T) {
	t.Run("sure of the paragraphs' parent", func(t *testing.T) {
		sc, root := scored(t, scoreChrome+`<div id="page"><h1>Tunnel Reopens</h1><div id="text">`+longStory+`</div></div>
<footer><p><a href="/about">About us</a></p></footer>`)
		assert.True(t, sc.sure, "why: %s", sc.why)
		assert.Same(t, byID(root, "text"), sc.n)
		assert.Equal(t, 24, sc.paras)
	})
	t.Run("the paragraphs beside the content are read with it", func(t *testing.T) {
		sc, root := scored(t, `<div id="page"><h1>Tunnel Reopens</h1><p id="lead">`+prose3+`</p><div id="text">`+longStory+`</div></div>`)
		assert.True(t, sc.sure, "why: %s", sc.why)
		assert.Same(t, byID(root, "text"), sc.n)
		require.Len(t, sc.siblings, 1)
		assert.Same(t, byID(root, "lead"), sc.siblings[0])
	})
	t.Run("unsure of a short text", func(t *testing.T) {
		sc, _ := scored(t, `<div><h1>Tunnel Reopens</h1><div><p>`+prose1+`</p><p>`+prose2+`</p><p>`+prose3+`</p></div></div>`)
		assert.False(t, sc.sure)
		assert.Equal(t, "short", sc.why)
	})
	t.Run("unsure when prose stands in another element after it", func(t *testing.T) {
		sc, _ := scored(t, `<div><h1>Tunnel Reopens</h1><div>`+longStory+`</div><div class="outro"><span>`+prose3+`</span></div></div>`)
		assert.False(t, sc.sure)
		assert.Equal(t, "siblings", sc.why)
	})
	t.Run("sure when what stands after it is a box go-readability drops", func(t *testing.T) {
		sc, root := scored(t, `<div><h1>Tunnel Reopens</h1><div id="text">`+longStory+`</div><div class="supplemental"><span>`+prose3+`</span></div><div class="outbrain"><span>`+prose2+`</span></div></div>`)
		assert.True(t, sc.sure, "why: %s", sc.why)
		assert.Same(t, byID(root, "text"), sc.n)
	})
	t.Run("sure when a short header stands before it", func(t *testing.T) {
		sc, root := scored(t, `<div><h1>Tunnel Reopens</h1><div class="intro"><span>`+prose3+`</span></div><div id="text">`+longStory+`</div></div>`)
		assert.True(t, sc.sure, "why: %s", sc.why)
		assert.Same(t, byID(root, "text"), sc.n)
		assert.Empty(t, sc.siblings, "the header is not read with the content")
	})
	t.Run("sure when the text is split between blocks of paragraphs", func(t *testing.T) {
		var blocks strings.Builder
		for i := range 12 {
			fmt.Fprintf(&blocks, "<div><p>%s (%d)</p><p>%s (%d)</p></div>", prose1, i, prose2, i)
		}
		sc, root := scored(t, `<div id="text"><h1>Tunnel Reopens</h1>`+blocks.String()+`</div>`)
		assert.True(t, sc.sure, "why: %s", sc.why)
		assert.Same(t, byID(root, "text"), sc.n)
	})
	t.Run("unsure when the paragraphs stand deeper than go-readability scores", func(t *testing.T) {
		var blocks strings.Builder
		for i := range 12 {
			fmt.Fprintf(&blocks, "<div><div><div><div><div><p>%s (%d)</p><p>%s (%d)</p></div></div></div></div></div>", prose1, i, prose2, i)
		}
		sc, _ := scored(t, `<div><h1>Tunnel Reopens</h1>`+blocks.String()+`</div>`)
		assert.False(t, sc.sure)
	})
	t.Run("sure when a fifth of the prose is in paragraphs within reach", func(t *testing.T) {
		var blocks strings.Builder
		for i := range 6 {
			fmt.Fprintf(&blocks, "<p>%s (%d)</p>", prose3, i)
		}
		for i := range 16 {
			fmt.Fprintf(&blocks, "<div><div><div><div><div><p>%s (%d)</p></div></div></div></div></div>", prose1, i)
		}
		sc, _ := scored(t, `<div><h1>Tunnel Reopens</h1>`+blocks.String()+`</div>`)
		assert.True(t, sc.sure, "why: %s", sc.why)
	})
	t.Run("unsure inside an element go-readability removes", func(t *testing.T) {
		sc, _ := scored(t, `<div class="supplemental"><h1>Tunnel Reopens</h1><div>`+longStory+`</div></div>`)
		assert.False(t, sc.sure)
		assert.Equal(t, "unlikely", sc.why)
	})
	t.Run("unsure when the text is not in paragraphs", func(t *testing.T) {
		lines := strings.Repeat(prose1+"<br>"+prose2+"<br>"+prose3+"<br>", 8)
		sc, _ := scored(t, `<div><h1>Tunnel Reopens</h1><div>`+lines+`</div></div>`)
		assert.False(t, sc.sure)
	})
	t.Run("unsure when the paragraphs are links", func(t *testing.T) {
		links := strings.Repeat(`<p><a href="/a">`+prose1+`</a> `+prose2+`</p><p><a href="/b">`+prose3+`</a></p>`, 12)
		sc, _ := scored(t, `<div><h1>Tunnel Reopens</h1><div>`+links+`</div></div>`)
		assert.False(t, sc.sure)
	})
	t.Run("unsure of text above the headline", func(t *testing.T) {
		sc, _ := scored(t, `<div><div>`+longStory+`</div></div><div><h1>Tunnel Reopens</h1></div>`)
		assert.False(t, sc.sure)
		assert.Equal(t, "headline", sc.why)
	})
}

func TestFromElement(t *testing.T) {
	p := new(Parser)
	sc, _ := scored(t, scoreChrome+`<div id="page"><h1>Tunnel Reopens</h1><p>`+prose3+`</p><div id="text">`+longStory+`
<div class="share-bar"><a href="https://social.example.org/share">Share this story</a></div>
<ul class="tags"><li><a href="/t/roads">Roads</a></li><li><a href="/t/council">Council</a></li></ul>
<figure><img src="/img/tunnel.jpg"><figcaption>The tunnel at dawn.</figcaption></figure>
<h2>What comes next</h2><p>`+prose1+`</p></div></div>`)
	require.True(t, sc.sure, "why: %s", sc.why)
	f, err := p.fromElement(sc.n, sc.siblings, "Tunnel Reopens", nil)
	require.NoError(t, err)
	text := f.Text()
	assert.True(t, strings.HasPrefix(text, prose3+"\n"), "the lead beside the content comes first: %q", text)
	assert.NotContains(t, text, "Share this story")
	assert.NotContains(t, text, "Roads")
	assert.NotContains(t, text, "The tunnel at dawn")
	require.Len(t, f.Sections, 2)
	assert.Equal(t, "What comes next", f.Sections[1].Heading)
	assert.Equal(t, prose3, f.Summary)
}

func TestAloneInParent(t *testing.T) {
	alone := func(t *testing.T, before, after string) bool {
		t.Helper()
		root, err := html.Parse(strings.NewReader(`<div id="keep"><div class="top">` + before + `</div><div id="text">` + longStory + `</div><div class="end">` + after + `</div></div>`))
		require.NoError(t, err)
		prose := map[*html.Node]proseCount{}
		measureProse(root, false, nil, prose)
		var sc contentScore
		return sc.aloneInParent(byID(root, "text"), byID(root, "keep"), nil, prose)
	}
	assert.True(t, alone(t, prose1, ""), "a short header before it")
	assert.False(t, alone(t, strings.Repeat(prose1+" ", 4), ""), "a header of more than maxSureBefore percent of its prose")
	assert.False(t, alone(t, "", prose1), "prose after it")
	assert.True(t, alone(t, "", "<a href=/next>"+prose1+"</a>"), "a link after it")
}

func TestFromElementCleans(t *testing.T) {
	p := new(Parser)
	read := func(t *testing.T, extra string) *newslooks.Article {
		t.Helper()
		sc, _ := scored(t, `<div id="page"><h1>Tunnel Reopens</h1><div id="text">`+longStory+extra+`</div></div>`)
		require.True(t, sc.sure, "why: %s", sc.why)
		f, err := p.fromElement(sc.n, sc.siblings, "Tunnel Reopens", nil)
		require.NoError(t, err)
		return f
	}
	t.Run("footers and asides", func(t *testing.T) {
		f := read(t, `<footer><p>Your view on this story? Write to the editors today.</p></footer><aside><p>Jane Example writes on roads and rail for the paper.</p></aside>`)
		require.NotNil(t, f)
		assert.NotContains(t, f.Text(), "Write to the editors")
		assert.NotContains(t, f.Text(), "Jane Example")
	})
	t.Run("what the survey takes for chrome is read, as go-readability reads it", func(t *testing.T) {
		f := read(t, `<div class="newsletter"><p>Jane Example writes a weekly letter on the transport of the city.</p></div>`)
		require.NotNil(t, f)
		assert.Contains(t, f.Text(), "Jane Example writes a weekly letter")
	})
	t.Run("hidden elements", func(t *testing.T) {
		f := read(t, `<div style="display:none"><p>Jane Example hid this note for the printers of the paper.</p></div>`)
		require.NotNil(t, f)
		assert.NotContains(t, f.Text(), "Jane Example")
	})
	t.Run("unlikely candidates by class and role", func(t *testing.T) {
		f := read(t, `<div class="related-links"><p>Jane Example on the bridge that closed in spring.</p></div><div role="dialog"><p>Jane Example asks for your view on the tunnel.</p></div><div class="main-related"><p>Kept because the name says main.</p></div>`)
		require.NotNil(t, f)
		assert.NotContains(t, f.Text(), "Jane Example")
		assert.Contains(t, f.Text(), "Kept because the name says main.")
	})
	t.Run("boxes and headings of negative class weight", func(t *testing.T) {
		f := read(t, `<h2 class="share-title">Jane Example shares the story</h2><ul class="tags-list"><li>Jane Example, tunnel roads and traffic</li></ul><h2>What comes next</h2><p>`+prose1+` (next)</p>`)
		require.NotNil(t, f)
		assert.NotContains(t, f.Text(), "Jane Example")
		assert.Contains(t, f.Text(), "What comes next")
	})
	t.Run("forms with more inputs than paragraphs", func(t *testing.T) {
		f := read(t, `<div class="signup"><p>Jane Example writes the morning letter on the traffic.</p><input type="email"><input type="submit"></div>`)
		require.NotNil(t, f)
		assert.NotContains(t, f.Text(), "Jane Example")
	})
	t.Run("a box of images", func(t *testing.T) {
		f := read(t, `<div class="gallery"><img src="/a.jpg"><span>The tunnel before the works began in spring.</span><img src="/b.jpg"><span>The tunnel on the day it reopened to traffic.</span></div>`)
		require.NotNil(t, f)
		assert.NotContains(t, f.Text(), "before the works began")
	})
	t.Run("images in figures are kept", func(t *testing.T) {
		f := read(t, `<div><figure><img src="https://example.org/a.jpg"></figure><figure><img src="https://example.org/b.jpg"></figure></div>`)
		require.NotNil(t, f)
		assert.Len(t, f.Images, 2)
	})
	t.Run("a repeated paragraph leaves the page to go-readability", func(t *testing.T) {
		caption := `<div class="caption">The tunnel on the day it reopened, seen from the north end.</div>`
		f := read(t, `<div class="slides">`+caption+caption+`</div>`)
		assert.Nil(t, f)
	})
}

func TestUnlikelyCandidate(t *testing.T) {
	el := func(attrs string) *html.Node {
		root, err := html.Parse(strings.NewReader(`<div id="b"><section ` + attrs + `>x</section><table><tr><td><div id="t" ` + attrs + `>x</div></td></tr></table></div>`))
		require.NoError(t, err)
		return byID(root, "b").FirstChild
	}
	assert.True(t, unlikelyCandidate(el(`class="Comment-List"`)), "case is folded")
	assert.True(t, unlikelyCandidate(el(`id="sidebar"`)))
	assert.True(t, unlikelyCandidate(el(`role="navigation"`)))
	assert.False(t, unlikelyCandidate(el(`class="article-header"`)), "maybe content")
	assert.False(t, unlikelyCandidate(el(`class="story"`)))
	root, err := html.Parse(strings.NewReader(`<table><tr><td><div id="t" class="sidebar">x</div></td></tr></table>`))
	require.NoError(t, err)
	assert.False(t, unlikelyCandidate(byID(root, "t")), "inside a table")
}

func TestClassWeight(t *testing.T) {
	w := func(attrs string) int {
		root, err := html.Parse(strings.NewReader(`<div id="b"><div ` + attrs + `>x</div></div>`))
		require.NoError(t, err)
		return classWeight(byID(root, "b").FirstChild)
	}
	assert.Equal(t, 0, w(``))
	assert.Equal(t, -25, w(`class="share-bar"`))
	assert.Equal(t, -25, w(`class="box hidden"`))
	assert.Equal(t, 0, w(`class="post-meta"`), "positive and negative")
	assert.Equal(t, 50, w(`class="entry-content" id="main"`))
}

func TestFormBox(t *testing.T) {
	box := func(body string) bool {
		root, err := html.Parse(strings.NewReader(`<div id="b">` + body + `</div>`))
		require.NoError(t, err)
		b := byID(root, "b")
		return partsOf(b).form(b)
	}
	assert.True(t, box(`<p>Sign up.</p><input><input>`))
	assert.False(t, box(`<p>One.</p><p>Two.</p><p>Three.</p><input>`), "one input for three paragraphs")
	assert.False(t, box(`<p>One.</p>`), "no input")
	assert.False(t, box(`<p>A, b, c, d, e, f, g, h, i, j, k.</p><input>`), "ten commas: prose")
}

func TestImageBox(t *testing.T) {
	box := func(body string) bool {
		root, err := html.Parse(strings.NewReader(`<div id="b">` + body + `</div>`))
		require.NoError(t, err)
		return partsOf(byID(root, "b")).images()
	}
	assert.True(t, box(`<img src="a"><img src="b">`))
	assert.False(t, box(`<img src="a">`), "one image")
	assert.False(t, box(`<img src="a"><img src="b"><p>One.</p>`), "a paragraph for two images")
	assert.False(t, box(`<figure><img src="a"></figure><img src="b">`), "a figure")
}

func TestBylineKnown(t *testing.T) {
	survey := func(body string) *survey {
		root, err := html.Parse(strings.NewReader(`<!DOCTYPE html><html><body>` + body + `</body></html>`))
		require.NoError(t, err)
		return surveyPage(root)
	}
	plain := survey(`<article><h1>Tunnel Reopens</h1>` + longStory + `</article>`)
	marked := survey(`<article><h1>Tunnel Reopens</h1><div class="author">Jane Example</div>` + longStory + `</article>`)
	asked := 0
	names := func(own, shown []string) func() ([]string, []string) {
		return func() ([]string, []string) {
			asked++
			return own, shown
		}
	}
	jane := []string{"Jane Example"}
	assert.True(t, bylineKnown(&newslooks.Article{}, plain, names(jane, nil)), "no element go-readability would read a byline from")
	named := &newslooks.Article{}
	named.Byline.Authors = jane
	assert.True(t, bylineKnown(named, marked, names(jane, nil)), "the metadata names the authors")
	assert.Zero(t, asked, "the two readings are not asked for when the first tests decide")
	assert.True(t, bylineKnown(&newslooks.Article{}, marked, names(jane, []string{"jane example"})), "both readings name the same people")
	assert.True(t, bylineKnown(&newslooks.Article{}, marked, names(nil, jane)), "go-readability's byline would name no one")
	assert.False(t, bylineKnown(&newslooks.Article{}, marked, names(jane, nil)), "only go-readability's byline names someone")
	assert.False(t, bylineKnown(&newslooks.Article{}, marked, names(jane, []string{"John Roe"})), "the readings name other people")
	assert.False(t, bylineKnown(&newslooks.Article{}, marked, names([]string{"Jane Example", "John Roe"}, jane)), "go-readability's byline names one more")
}

func TestOwnByline(t *testing.T) {
	own := func(body string, site ...string) []string {
		root, err := html.Parse(strings.NewReader(`<!DOCTYPE html><html><body>` + body + `</body></html>`))
		require.NoError(t, err)
		keys := map[string]bool{}
		for _, s := range site {
			keys[nameKey(s)] = true
		}
		return ownByline(surveyPage(root), "", keys)
	}
	long := strings.Repeat("Jane Example writes about trains and tunnels. ", 3)
	assert.Equal(t, []string{"Jane Example", "John Roe"}, own(`<p class="byline">By Jane Example and John Roe</p>`+longStory))
	assert.Equal(t, []string{"John Roe"}, own(`<div class="author-box">`+long+`</div><span class="post-author">von John Roe</span>`+longStory),
		"an element of 100 characters or more is passed over, as go-readability passes it")
	assert.Equal(t, []string{"Jane Example"}, own(`<a rel="author" href="/jane">Jane Example</a><span class="author">John Roe</span>`),
		"the first marked element, in the page's order")
	assert.Equal(t, []string{"Jane Example"}, own(`<div itemprop="author"><span itemprop="name">Jane Example</span> <span itemprop="jobTitle">Night Editor</span></div>`),
		"the element that holds the author's name")
	assert.Equal(t, []string{"John Roe"}, own(`<div class="author-box">`+long+`<b itemprop="name">John Roe</b></div>`),
		"the name in an element of 100 characters or more")
	assert.Empty(t, own(`<span class="byline">Example Times</span>`+longStory, "Example Times"), "the site's own name")
	assert.Empty(t, own(`<p>By Jane Example</p>`+longStory), "no element marked as a byline")
	assert.Empty(t, own(`<nav><span class="author">Jane Example</span></nav>`+longStory), "a byline in chrome")
}

// TestOwnBylineSkipsReadability reads a page whose metadata names no
// author and whose byline element names the author its other marked
// elements credit: the scorer is asked and sure of the article's element
// (go-readability's byline would change nothing), and ParseHTML gives the
// author the page shows.
func TestOwnBylineSkipsReadability(t *testing.T) {
	body := `<div id="page"><h1>Tunnel Reopens</h1><p class="byline">By <a rel="author" href="/author/jane-example">Jane Example</a></p>
<div id="text">` + longStory + `</div></div>`
	sc, root := scored(t, body)
	assert.True(t, sc.sure, "why: %s", sc.why)
	sv := surveyPage(root)
	meta := readMeta(root)
	assert.True(t, bylineKnown(&newslooks.Article{}, sv, func() ([]string, []string) {
		return ownByline(sv, "", nil), shownAuthors(meta, sv, nil)
	}))
	a, err := ParseHTML(strings.NewReader(`<!DOCTYPE html><html><head><title>T</title></head><body>`+body+`</body></html>`), "https://example.org/tunnel")
	require.NoError(t, err)
	assert.Equal(t, []string{"Jane Example"}, a.Byline.Authors)
	assert.NotContains(t, a.Text(), "By Jane Example", "the byline is no paragraph of the body")

	// A byline go-readability would read other names from: it is asked.
	other := `<div id="page"><h1>Tunnel Reopens</h1><p class="byline">By Jane Example and John Roe</p><a rel="author" href="/author/jane-example">Jane Example</a>
<div id="text">` + longStory + `</div></div>`
	_, root = scored(t, other)
	sv = surveyPage(root)
	meta = readMeta(root)
	assert.False(t, bylineKnown(&newslooks.Article{}, sv, func() ([]string, []string) {
		return ownByline(sv, "", nil), shownAuthors(meta, sv, nil)
	}))
}
