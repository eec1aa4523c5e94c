package prescan

import (
	"strings"
	"testing"
)

// boundSeeds are pages dense in what EstimateNodes counts: formatting
// tags left open, table cells, attributes.
var boundSeeds = []string{
	"<p>text",
	strings.Repeat("<b>", 50) + strings.Repeat("<p>x<td>y", 50),
	strings.Repeat("<a href=x>", 20) + strings.Repeat("<div a b c d>", 20),
	`<i x = 'y' z= "w" /><table><tr><th>`,
	"<script>" + strings.Repeat("<b>", 30) + "</script><td>",
	strings.Repeat("< a", 100),
}

// TestNodeBound checks that nodeBound bounds EstimateNodes on the seeds,
// and that a compact page (a hundred tags in 8 KB, as a Newslooks page
// has) is within its budget by the bound alone.
func TestNodeBound(t *testing.T) {
	for _, seed := range boundSeeds {
		if n, bound := EstimateNodes([]byte(seed), 1<<62), nodeBound([]byte(seed)); n > bound {
			t.Errorf("EstimateNodes(%.40q) = %d, over nodeBound's %d", seed, n, bound)
		}
	}
	page := []byte(strings.Repeat("<p class=\"x\">"+strings.Repeat("A paragraph of text. ", 7)+"</p>\n", 50))
	if bound := nodeBound(page); bound > MaxNodes(len(page)) {
		t.Errorf("nodeBound of a %d-byte page of paragraphs is %d, over its budget %d", len(page), bound, MaxNodes(len(page)))
	}
}

// FuzzNodeBound checks that nodeBound, by which CheckBudget passes a page
// without estimating it, bounds EstimateNodes on any page.
func FuzzNodeBound(f *testing.F) {
	for _, seed := range boundSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if n, bound := EstimateNodes(src, 1<<62), nodeBound(src); n > bound {
			t.Fatalf("EstimateNodes(%q) = %d, over nodeBound's %d", src, n, bound)
		}
	})
}
