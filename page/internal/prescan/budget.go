package prescan

import (
	"bytes"
	"fmt"
	"math"

	"github.com/newsingest/newslooks"
	"golang.org/x/net/html"
)

// MaxNestingCost bounds the NestingCost of a page handed to the foreign
// parser. go-readability measures the text under every element, so its
// time grows with the text times the depth it sits at: 500 nested <div>s
// around a megabyte of text take it seconds. Real pages, a few megabytes
// at most some tens of levels deep, stay far below the bound.
const MaxNestingCost = 128 << 20

// NestingCost returns the sum, over the nodes of the tree under root, of
// each node's depth weighted by the length of its text, stopping once it
// passes MaxNestingCost.
func NestingCost(root *html.Node) int64 {
	var cost int64
	depth := int64(0)
	for n := root; n != nil; {
		w := int64(1)
		if n.Type == html.TextNode {
			w += int64(len(n.Data))
		}
		if cost += w * depth; cost > MaxNestingCost {
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

// The DOM budget. html.Parse builds a node for every tag and run of text,
// and more than that where HTML's error recovery adds elements the markup
// never wrote: the <tbody> and <tr> around a bare <td>, and, each time a
// block ends inside unclosed formatting tags (<b>, <i>, <font>...), a fresh
// copy of every one of them in the next block. Pages written to exploit
// that make a DOM of gigabytes: 83 KB of "<p>" after 300 distinct open
// <b> tags makes 6 million nodes and takes a second per 7 KB;
// "<table><td>x</table>" repeated over 8 MiB makes 2 million.
//
// So before parsing, EstimateNodes counts in one pass over the bytes, with
// no allocation, the nodes the page can make at most (attributes count
// half a node each), and a page whose count is over
// MaxNodes(len(page)) is a *ParseError wrapping ErrTooLarge that names
// the budget. Real news pages estimate at one node per 13 to 600 bytes
// (the 71 pages of the benchmark corpus; they make half that many), so
// the budget of one node per NodeBytes bytes, plus BaseNodes, leaves a
// margin of more than two over the densest. What a page that passes
// costs is bounded too: at worst, a page of nothing but short paragraphs
// at the edge of the budget, the whole parse (DOM, go-readability's work on
// it, the article) peaks at about 32 times the page's size (measured: 257
// MB for 8 MiB, the default MaxBytes), against 1.5 GB for 8 MiB of table
// cells before the budget. Real pages cost 7 to 15 times their size.
const (
	// NodeBytes is the number of input bytes the DOM budget allows per node.
	NodeBytes = 6
	// BaseNodes is the number of nodes any page may have, however small.
	BaseNodes = 64 << 10
)

// MaxNodes returns the DOM budget of a page of size bytes: the most nodes
// it may make.
func MaxNodes(size int) int { return BaseNodes + size/NodeBytes }

// CheckBudget refuses a page whose DOM could exceed its budget: a
// *newslooks.ParseError wrapping ErrTooLarge that names it.
func CheckBudget(src []byte) error {
	budget := MaxNodes(len(src))
	if nodeBound(src) <= budget {
		return nil // a small page: not worth EstimateNodes's pass
	}
	if n := EstimateNodes(src, budget); n > budget {
		return budgetError(n, budget)
	}
	return nil
}

// Prepare is CheckBudget then DropCode in one pass over the page: the
// scan that finds the code to drop counts the nodes as it reads the
// tags. It returns DropCode's output, or CheckBudget's error (src is
// then left partly rewritten).
func Prepare(src []byte) ([]byte, error) { return prepare(src, MaxNodes(len(src))) }

// prepare is Prepare with the given budget.
func prepare(src []byte, budget int) ([]byte, error) {
	if nodeBound(src) <= budget {
		return DropCode(src), nil // a small page: not worth estimating
	}
	s := codeScanner{src: src, count: true, nodes: newNodeCount(), limit: budget}
	s.scan()
	if n := s.estimateRest(); n > budget {
		return nil, budgetError(n, budget)
	}
	return s.finish(), nil
}

// budgetError is the error of a page estimated at n nodes, over its
// budget.
func budgetError(n, budget int) error {
	return &newslooks.ParseError{Err: fmt.Errorf(
		"%w: the page's markup would make over %d DOM nodes, past the budget of one per %d bytes plus %d (%d for this page)",
		newslooks.ErrTooLarge, n-1, NodeBytes, BaseNodes, budget)}
}

// nodeBound returns a bound on EstimateNodes(src, limit) for any limit,
// from the count of "<" alone, which is quick to take: each of the t tags
// EstimateNodes counts begins at its own "<" and adds at most 4 nodes and
// the formatting elements open, at most t, besides its attributes; those
// number at most one per white-space byte of the page and cost half a
// node each. A page with few tags for its size, the common small page, is
// within its budget by this bound alone. The bound saturates rather than
// overflow.
func nodeBound(src []byte) int {
	tags := bytes.Count(src, []byte("<"))
	if tags > 1<<24 {
		return math.MaxInt
	}
	return 4 + tags*(4+tags) + len(src)
}

// EstimateNodes returns an upper estimate of the nodes html.Parse makes
// of src, stopping once it passes limit. It models what makes a DOM
// larger than its markup: each tag counts itself and the text after it,
// and half a node for each attribute; a table cell or row counts the
// <tbody> and <tr> it may imply; and each block boundary counts the
// formatting elements open across it, which the parser copies into the
// next block. It reads the tags as DropCode does, as the tokenizer
// splits them, skipping comments and the text of scripts, styles and
// the other raw-text elements; where DropCode's scan stops (markup in
// <svg> or <math> it does not follow, <plaintext>), the rest is read
// tag by tag at each "<", script and style text skipped. It allocates
// nothing.
func EstimateNodes(src []byte, limit int) int {
	s := codeScanner{src: src, keepCode: true, count: true, nodes: newNodeCount(), limit: limit}
	s.scan()
	return s.estimateRest()
}

// A nodeCount is EstimateNodes's count so far, and what it keeps of the
// elements open.
type nodeCount struct {
	n          int
	formatting int  // formatting elements open
	anchor     bool // an <a> is open: another one closes it
}

// newNodeCount starts a count with the document, and the <html>, <head>
// and <body> it implies.
func newNodeCount() nodeCount { return nodeCount{n: 4} }

// tag counts a tag of the given kind: the element or end tag, the text
// after it, and the nodes its kind implies; attrs is a start tag's
// attribute count.
func (c *nodeCount) tag(kind int, end bool, attrs int) {
	c.n += 2 + attrs/2
	switch kind {
	case anchorTag:
		if end {
			c.formatting, c.anchor = max(c.formatting-1, 0), false
		} else if !c.anchor {
			c.formatting, c.anchor = c.formatting+1, true
		}
	case formattingTag:
		if end {
			c.formatting = max(c.formatting-1, 0)
		} else {
			c.formatting++
		}
	case tableTag:
		c.n += 2 + c.formatting
	case blockTag:
		c.n += c.formatting
	}
}

// countFrom goes on counting the nodes of src from src[i], reading a tag
// at each "<" whose name starts with a letter, until the count passes
// limit.
func (c *nodeCount) countFrom(src []byte, i, limit int) {
	for i < len(src) && c.n <= limit {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		name := i
		kind, end, nameLen := tagKind(src[i:])
		if kind == notTag {
			continue // "<" in text, a comment, a doctype
		}
		attrs := 0
		if !end {
			var tagLen int
			attrs, tagLen = attrCount(src[i:])
			i += tagLen
		}
		c.tag(kind, end, attrs)
		if kind == rawTextTag && !end {
			i = skipRawText(src, name, nameLen)
		}
	}
}

// attrCount returns the number of attributes of the start tag at the
// start of b, by a count of the names that follow white space up to the
// tag's end, outside quoted values, and the position after the tag.
func attrCount(b []byte) (attrs, end int) {
	space := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '>':
			return attrs, i + 1
		case ' ', '\t', '\n', '\r', '\f':
			space = true
		case '=':
			space = false
			// A quoted value runs to its closing quote, whatever it holds.
			k := i + 1
			for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n') {
				k++
			}
			if k < len(b) && (b[k] == '"' || b[k] == '\'') {
				q := bytes.IndexByte(b[k+1:], b[k])
				if q < 0 {
					return attrs, len(b)
				}
				i = k + 1 + q
			}
		case '/':
			space = false
		default:
			if space {
				attrs++
				space = false
			}
		}
	}
	return attrs, len(b)
}

// skipRawText returns the index in src just past the end tag that closes
// the raw-text element whose name, nameLen bytes long, starts at src[i],
// or len(src).
func skipRawText(src []byte, i, nameLen int) int {
	name := src[i : i+nameLen]
	for k := i + nameLen; k < len(src); {
		j := bytes.Index(src[k:], []byte("</"))
		if j < 0 {
			break
		}
		k += j + 2
		if len(src)-k >= nameLen && bytes.EqualFold(src[k:k+nameLen], name) {
			return k + nameLen
		}
	}
	return len(src)
}

// The kinds of tag EstimateNodes tells apart.
const (
	notTag        = iota
	otherTag      // any other element
	anchorTag     // <a>, of which one is open at a time
	formattingTag // one that HTML's parser reopens after a block ends inside it
	tableTag      // <td>, <th> or <tr>, which may imply a <tbody> and a <tr>
	blockTag      // one whose start or end may close the elements open before it
	rawTextTag    // one whose content is text, not markup: <script>, <style>...
)

// tagKind returns the kind of the tag whose "<" precedes b, whether it is
// an end tag, and the length of its name.
func tagKind(b []byte) (kind int, end bool, nameLen int) {
	end = len(b) > 0 && b[0] == '/'
	if end {
		b = b[1:]
	}
	k := 0
	for k < len(b) && (isASCIILetter(b[k]) || k > 0 && '0' <= b[k] && b[k] <= '9') {
		k++
	}
	switch {
	case k == 0:
		return notTag, false, 0
	case k > 10:
		return otherTag, end, k
	}
	var lower [10]byte
	for i := range k {
		lower[i] = b[i] | 0x20
	}
	return kindOf(lower[:k]), end, k
}

// kindOf returns the kind of the element named name, in lower case.
func kindOf(name []byte) (kind int) {
	switch string(name) { // no allocation: the compiler compares in place
	case "a":
		kind = anchorTag
	case "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u":
		kind = formattingTag
	case "td", "th", "tr":
		kind = tableTag
	case "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "section", "article", "header", "footer", "nav", "aside", "blockquote",
		"pre", "form", "main", "figure", "address", "center", "fieldset", "details",
		"summary", "menu", "dir", "listing", "hgroup", "caption", "body", "html":
		kind = blockTag
	case "script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes":
		kind = rawTextTag
	default:
		kind = otherTag
	}
	return kind
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
