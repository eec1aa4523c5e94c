package page

import (
	"github.com/newsingest/newslooks/internal/htmlx"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxElementText and maxElementNodes bound what textContent reads of one
// element: it reads the text of headlines, bylines and subtitles, which
// are short, and must not make a hostile page quadratic.
const (
	maxElementText  = 8 << 10
	maxElementNodes = 4 << 10
)

// textContent returns the text of n and its descendants, leaving out
// scripts, styles and hidden elements; it stops after maxElementText
// bytes or maxElementNodes nodes.
func textContent(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if n.FirstChild != nil && n.FirstChild == n.LastChild && n.FirstChild.Type == html.TextNode {
		return n.FirstChild.Data
	}
	// The text is gathered on the stack and copied once into the string:
	// most elements read so (bylines, headlines) are short, and growing
	// a slice from nil allocates at every doubling.
	var buf [256]byte
	b := buf[:0]
	nodes := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if nodes++; nodes > maxElementNodes || len(b) > maxElementText {
				return
			}
			switch c.Type {
			case html.TextNode:
				b = append(b, c.Data...)
			case html.ElementNode:
				if htmlx.IsScript(c.DataAtom) {
					continue
				}
				switch c.DataAtom {
				case atom.Br:
					b = append(b, ' ')
					continue
				}
				if classify(c)&fHidden != 0 {
					continue
				}
				if !htmlx.IsInline(c.DataAtom) {
					b = append(b, ' ')
				}
				walk(c)
			}
		}
	}
	walk(n)
	return string(b)
}
