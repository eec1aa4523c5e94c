package page

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
)

func TestPageType(t *testing.T) {
	teasers := strings.Repeat(`<article><h2><a href="/x">Teaser</a></h2><p>Excerpt of a story that runs on.</p></article>`, 3)
	prose := `<p>` + strings.Repeat("The council met on Tuesday and agreed on the budget for the coming year. ", 6) + `</p>`
	for name, tc := range map[string]struct {
		head, body, want string
	}{
		"article":            {`<meta property="og:type" content="article">`, `<article><h1>Budget Agreed</h1>` + prose + `</article>`, newslooks.PageArticle},
		"listing":            {"", teasers, newslooks.PageListing},
		"forum by JSON-LD":   {`<script type="application/ld+json">{"@type":"DiscussionForumPosting","headline":"Help"}</script>`, `<h1>Help</h1>` + prose, newslooks.PageForum},
		"product by og:type": {`<meta property="og:type" content="product">`, `<h1>Kettle</h1>` + prose, newslooks.PageProduct},
		"event by JSON-LD":   {`<script type="application/ld+json">{"@type":"schema:Event","name":"Fair"}</script>`, `<h1>Fair</h1>` + prose, newslooks.PageProduct},
	} {
		t.Run(name, func(t *testing.T) {
			a, err := ParseHTML(strings.NewReader(page(tc.head, tc.body)), "https://example.org/a")
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.PageType)
			assert.NotEmpty(t, a.Text(), "every page with a text gives its text")
		})
	}
}

// TestBlocksArticle checks the body of a page where go-readability found
// no main content: the page's own blocks, chrome and the headline left
// out, and a headline from the first heading when the page gives none.
func TestBlocksArticle(t *testing.T) {
	p := new(Parser)
	blocks := []block{
		{text: "Links of the day", kind: blockHeading},
		{text: "Share this:", kind: blockPara},
		{text: "Study doubts the state's support", kind: blockHeading},
		{text: "via Horizont", kind: blockPara},
		{text: "***", kind: blockPara},
		{text: "Blame instead of protection", kind: blockItem},
	}
	a := p.blocksArticle(blocks, "")
	require.NotNil(t, a)
	assert.Equal(t, "Links of the day", a.Headline)
	assert.Equal(t, "Study doubts the state's support\nvia Horizont\nBlame instead of protection\n", a.Text())
	a = p.blocksArticle(blocks, "Links of the day")
	require.NotNil(t, a)
	assert.Empty(t, a.Headline, "the page's own headline stands")
	assert.Equal(t, "Study doubts the state's support", a.Sections[0].Heading, "the repeated headline is dropped")
	assert.Nil(t, p.blocksArticle([]block{{text: "Share this:"}, {text: "14"}}, ""), "no paragraph left")
	assert.Equal(t, newslooks.PageOther, pageType(&pageMeta{}, false, true))
	assert.Equal(t, newslooks.PageArticle, pageType(&pageMeta{}, false, false))
}

func TestArticlesOnly(t *testing.T) {
	listing := &newslooks.Article{Headline: "World", PageType: newslooks.PageListing}
	a, err := ArticlesOnly(listing, nil)
	assert.Nil(t, a)
	assert.ErrorIs(t, err, newslooks.ErrNotArticle)
	assert.Contains(t, err.Error(), "lists articles")
	for _, typ := range []string{newslooks.PageArticle, newslooks.PageForum, newslooks.PageProduct, newslooks.PageOther} {
		in := &newslooks.Article{Headline: "X", PageType: typ}
		a, err := ArticlesOnly(in, nil)
		assert.NoError(t, err)
		assert.Same(t, in, a)
	}
	_, err = ArticlesOnly(nil, newslooks.ErrEmpty)
	assert.ErrorIs(t, err, newslooks.ErrEmpty)

	// A page whose only text is its noscript notice is read by the parser
	// but is no article to store.
	shell := page(`<title>Example App</title>`, `<div id="app"></div><noscript>You need to enable JavaScript to run this app.</noscript>`)
	a, err = ArticlesOnly(ParseHTML(strings.NewReader(shell), "https://example.org/app"))
	assert.Nil(t, a)
	assert.ErrorIs(t, err, newslooks.ErrNotArticle)
	assert.Contains(t, err.Error(), "noscript")
	// Its declared description, when it has one, is kept.
	described := page(`<title>Example App</title><meta name="description" content="Example App plans the week's dinners for a whole household.">`,
		`<div id="app"></div><noscript>You need to enable JavaScript to run this app.</noscript>`)
	a, err = ArticlesOnly(ParseHTML(strings.NewReader(described), "https://example.org/app"))
	require.NoError(t, err)
	assert.Equal(t, newslooks.PageOther, a.PageType)
}

// TestScriptShellPage checks a page whose markup holds no text (an
// application that scripts draw): its declared description is its body,
// unless the description only names the site; with none, the page is
// refused.
func TestScriptShellPage(t *testing.T) {
	shell := func(head string) string {
		return page(`<title>Kitchen Porter - Example Meals</title>`+head, `<div id="app"></div><noscript>You need to enable JavaScript to run this app.</noscript><script src="/main.js"></script>`)
	}
	desc := "Example Meals cook fresh dinners for the whole street every evening."
	a, err := ParseHTML(strings.NewReader(shell(`<meta name="description" content="`+desc+`">`)), "https://example.org/j/1")
	require.NoError(t, err)
	assert.Equal(t, desc+"\n", a.Text())
	assert.Equal(t, newslooks.PageOther, a.PageType)

	// A description that repeats the headline gives way to the next one.
	a, err = ParseHTML(strings.NewReader(shell(`<meta property="og:description" content="Kitchen Porter - Example Meals">`+
		`<meta name="description" content="`+desc+`">`)), "https://example.org/j/1")
	require.NoError(t, err)
	assert.Equal(t, desc+"\n", a.Text())

	// With no description, the noscript's notice is the only text the
	// page shows: it is read, with a warning, rather than refused.
	for name, head := range map[string]string{
		"no description":       "",
		"the site's name only": `<meta property="og:site_name" content="Example Reads"><meta property="og:description" content="Example Reads">`,
	} {
		a, err := ParseHTML(strings.NewReader(shell(head)), "https://example.org/j/1")
		require.NoError(t, err, name)
		assert.Equal(t, "You need to enable JavaScript to run this app.\n", a.Text(), name)
		assert.Equal(t, newslooks.PageOther, a.PageType, name)
		require.Len(t, a.Warnings, 1, name)
		assert.Equal(t, noscriptWarning, a.Warnings[0].Message, name)
	}
	_, err = (&Parser{Strict: true}).ParseHTML(strings.NewReader(shell("")), "https://example.org/j/1")
	assert.ErrorIs(t, err, newslooks.ErrStrict)

	// Markup in the noscript (read as raw text) is parsed for its text.
	a, err = ParseHTML(strings.NewReader(page(`<title>Example App</title>`,
		`<noscript><iframe src="https://example.org/ns.html" style="display:none"></iframe>`+
			`<strong>We're sorry but Example App doesn't work without JavaScript.</strong></noscript><div id="app"></div>`)), "")
	require.NoError(t, err)
	assert.Equal(t, "We're sorry but Example App doesn't work without JavaScript.\n", a.Text())

	// A page that shows no text at all is no article.
	for name, body := range map[string]string{
		"no noscript":    `<div id="app"></div><script src="/main.js"></script>`,
		"empty noscript": `<noscript><img src="/pixel.gif"></noscript><div id="app"></div>`,
	} {
		_, err := ParseHTML(strings.NewReader(page(`<title>Example App</title>`, body)), "https://example.org/j/1")
		assert.ErrorIs(t, err, newslooks.ErrNotArticle, name)
	}
}
