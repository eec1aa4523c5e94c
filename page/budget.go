package page

import "golang.org/x/net/html"

// maxNestingCost bounds the nestingCost of a page handed to the foreign
// parser. go-readability measures the text under every element, so its
// time grows with the text times the depth it sits at: 500 nested <div>s
// around a megabyte of text take it seconds. Real pages, a few megabytes
// at most some tens of levels deep, stay far below the bound.
const maxNestingCost = 128 << 20

// nestingCost returns the sum, over the nodes of the tree under root, of
// each node's depth weighted by the length of its text, stopping once it
// passes maxNestingCost.
func nestingCost(root *html.Node) int64 {
	var cost int64
	depth := int64(0)
	for n := root; n != nil; {
		w := int64(1)
		if n.Type == html.TextNode {
			w += int64(len(n.Data))
		}
		if cost += w * depth; cost > maxNestingCost {
			return cost
		}
		// Walk the tree in document order without recursion.
		if n.FirstChild != nil {
			n, depth = n.FirstChild, depth+1
			continue
		}
		for n != root && n.NextSibling == nil {
			n, depth = n.Parent, depth-1
		}
		if n == root {
			break
		}
		n = n.NextSibling
	}
	return cost
}

// checkBudget is a placeholder for the DOM budget.
func checkBudget(src []byte) error { return nil }
