package page

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/newsingest/newslooks/internal/htmlx"
)

// siblingBlock wraps one paragraph as a page builder does: each in
// containers of its own, side by side.
func siblingBlock(p string) string {
	return `<div><div class="paragraph"><div class="paragraph-text"><div><p>` + p + `</p></div></div></div></div>`
}

const (
	firstBlock = "The harbour tunnel reopened on Monday, after three weeks of repairs, and traffic, " +
		"which had crawled through the old town, flowed again, to the relief of shopkeepers, " +
		"residents, commuters, delivery drivers, taxi drivers and the city's bus company, " +
		"which had rerouted, shortened, split and cancelled lines, day after day, week after week."
	secondBlock = "Engineers found that water had seeped through a joint in the roof of the tunnel " +
		"and replaced the seal over the whole length of the tube before it opened again."
	thirdBlock = "The city council said the repairs cost less than planned and that the tunnel " +
		"would be inspected every spring from next year on, before the summer traffic."
	sidePanel = "The council is the elected body of the city and meets in public once a month " +
		"in the town hall, where anyone may attend its sessions and put questions to it."
)

// TestLeftProseSiblingBlocks checks that an article split across sibling
// containers keeps all its paragraphs, in their order, and not the
// paragraphs of a side panel outside the element that holds the headline
// and the article's text.
func TestLeftProseSiblingBlocks(t *testing.T) {
	// In <main>, the side panel is inside the article's element; it is
	// outside the element that holds the headline and the kept text.
	for _, wrap := range []string{"article", "main"} {
		t.Run(wrap, func(t *testing.T) {
			src := page(`<title>Harbor Tunnel Reopens</title>`,
				`<`+wrap+`><div class="layout"><div class="column"><h1>Harbor Tunnel Reopens</h1><div class="body">`+
					siblingBlock(firstBlock)+siblingBlock(secondBlock)+siblingBlock(thirdBlock)+
					`</div></div><div class="panel"><div class="box"><p>`+sidePanel+`</p></div></div></div></`+wrap+`>`)
			a := parseHTMLString(t, src, "https://example.org/news/tunnel")
			text := a.Text()
			for _, p := range []string{firstBlock, secondBlock, thirdBlock} {
				assert.Contains(t, text, p)
			}
			assert.Less(t, strings.Index(text, secondBlock), strings.Index(text, thirdBlock))
			assert.NotContains(t, text, sidePanel)
		})
	}
}

// TestUnderTeaserHeading checks that a paragraph in a post whose heading
// links elsewhere is a teaser, and one beside a plain heading is not.
func TestUnderTeaserHeading(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<div id="scope">` +
		`<div class="post"><h2><a href="/other">Another Story</a></h2><div><p id="teaser">The excerpt.</p></div></div>` +
		`<div class="part"><h2>What Happened</h2><p id="own">The story goes on.</p></div></div>`))
	require.NoError(t, err)
	byID := func(id string) *html.Node {
		for n := doc; n != nil; n = htmlx.Next(n, doc) {
			if htmlx.Attr(n, "id") == id {
				return n
			}
		}
		t.Fatalf("no element #%s", id)
		return nil
	}
	scope := byID("scope")
	assert.True(t, underTeaserHeading(byID("teaser"), scope))
	assert.False(t, underTeaserHeading(byID("own"), scope))
}
