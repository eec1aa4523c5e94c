package prescan

import (
	"bytes"
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

// TestEstimateAfterForeignMarkup checks that where DropCode's scan stops,
// in markup inside <svg> that it does not follow, the rest of the page
// is still counted.
func TestEstimateAfterForeignMarkup(t *testing.T) {
	bomb := strings.Repeat("<b><p>", 1000)
	for _, page := range []string{
		"<svg><foreignObject>" + bomb,
		"<math><mglyph></math>" + bomb,
		"<plaintext>" + bomb,
	} {
		if n := EstimateNodes([]byte(page), 1<<40); n < 2000 {
			t.Errorf("EstimateNodes(%.40q) = %d, want the %d tags after it counted", page, n, 2000)
		}
	}
}

// FuzzPrepare checks that Prepare is CheckBudget then DropCode: the same
// refusal at any budget, and else the same bytes.
func FuzzPrepare(f *testing.F) {
	for _, seed := range boundSeeds {
		f.Add([]byte(seed), uint16(20))
	}
	f.Add([]byte("<style>x</style><svg><foo><b><p><b><p><b><p>"), uint16(10))
	f.Add([]byte("<script>x</script><p>y"), uint16(0))
	f.Fuzz(func(t *testing.T, src []byte, budget uint16) {
		b := int(budget)
		out, err := prepare(bytes.Clone(src), b)
		over := nodeBound(src) > b && EstimateNodes(src, b) > b
		if (err != nil) != over {
			t.Fatalf("prepare(%q, %d) = %v, want refused %v", src, b, err, over)
		}
		if err == nil && !bytes.Equal(out, DropCode(bytes.Clone(src))) {
			t.Fatalf("prepare(%q, %d) = %q, DropCode gives %q", src, b, out, DropCode(bytes.Clone(src)))
		}
	})
}
