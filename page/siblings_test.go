package page

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
