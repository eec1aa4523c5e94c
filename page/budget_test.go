package page

import (
	"fmt"
	"github.com/newsingest/newslooks/page/internal/prescan"
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// bombs are pages whose DOM is far larger than their markup, each of a
// different kind, at size bytes or less.
func bombs(size int) map[string]string {
	var open strings.Builder
	for i := 0; open.Len() < 3000; i++ {
		fmt.Fprintf(&open, "<b id=%d>", i) // distinct, so no Noah's Ark limit
	}
	return map[string]string{
		"table fostering":           strings.Repeat("<table><td>x</table>", size/20),
		"deep a nesting":            strings.Repeat("<a>", size/3),
		"a links":                   strings.Repeat("<a href=x>x", size/11),
		"a million options":         "<select>" + strings.Repeat("<option>", size/8),
		"formatting reconstruction": "<p>" + open.String() + strings.Repeat("<p>x", (size-open.Len())/4),
		"bold paragraphs":           strings.Repeat("<b><p>", size/6),
		"a million attributes":      "<div " + strings.Repeat("a ", size/2) + ">x</div>",
	}
}

// TestDOMBudget checks that each DOM bomb is refused before it is parsed,
// with an error that names the budget.
func TestDOMBudget(t *testing.T) {
	for name, page := range bombs(8<<20 - 64) {
		t.Run(name, func(t *testing.T) {
			_, err := ParseHTML(strings.NewReader(page), "")
			require.Error(t, err)
			assert.ErrorIs(t, err, newslooks.ErrTooLarge)
			var pe *newslooks.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), "DOM nodes, past the budget of one per 6 bytes")
		})
	}
}

// TestEstimateIsUpperBound checks, on small bombs that html.Parse can
// still build and on the page fixtures, that the estimate is never below
// the nodes the parser really makes: the budget would not hold otherwise.
func TestEstimateIsUpperBound(t *testing.T) {
	pages := bombs(64 << 10)
	for _, path := range htmlFixtures(t) {
		pages[path] = string(readFile(t, path))
	}
	pages["sample"] = string(readFile(t, samplePage))
	for name, page := range pages {
		root, err := html.Parse(strings.NewReader(page))
		if err != nil {
			continue // nested past html.Parse's own limit of 512
		}
		real := countNodes(root)
		assert.GreaterOrEqual(t, prescan.EstimateNodes([]byte(page), 1<<40), real, name)
	}
}

// TestBudgetPassesRealPages checks that the fixtures, Newslooks pages and
// other publishers', are far within the budget.
func TestBudgetPassesRealPages(t *testing.T) {
	paths := append(htmlFixtures(t), samplePage)
	for _, p := range foreignPages {
		paths = append(paths, foreignDir(p)+"/source.html")
	}
	for _, path := range paths {
		src := readFile(t, path)
		est := prescan.EstimateNodes(src, 1<<40)
		assert.Less(t, est*NodeBytes*2, len(src)+BaseNodes*NodeBytes, "%s: %d estimated nodes for %d bytes", path, est, len(src))
		assert.NoError(t, prescan.CheckBudget(src), path)
	}
}

func TestEstimateSkipsScripts(t *testing.T) {
	script := "<script>" + strings.Repeat("document.write('<b><i><u>');", 1000) + "</SCRIPT><p>x</p>"
	assert.Less(t, prescan.EstimateNodes([]byte(script), 1<<40), 20)
	// An unterminated script runs to the end of the page.
	assert.Less(t, prescan.EstimateNodes([]byte("<script>"+strings.Repeat("<b>", 1000)), 1<<40), 10)
}

func countNodes(root *html.Node) int {
	n := 0
	for x := root; x != nil; {
		n++
		if x.FirstChild != nil {
			x = x.FirstChild
			continue
		}
		for x != root && x.NextSibling == nil {
			x = x.Parent
		}
		if x == root {
			break
		}
		x = x.NextSibling
	}
	return n
}

func BenchmarkEstimateNodes(b *testing.B) {
	src := readFile(b, samplePage)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		prescan.EstimateNodes(src, 1<<40)
	}
}
