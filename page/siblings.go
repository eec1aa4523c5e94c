package page

import (
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/htmlx"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Where an article is split across sibling containers (a page builder's
// "paragraph" blocks, one <div> per paragraph or two), go-readability
// keeps the container it scores best and those of its siblings that score
// near it, and drops the rest of the article with them. proseParas and
// addLeftProse give those paragraphs back: the paragraphs of prose of the
// article element that go-readability's content does not hold, that are
// still in the document and that stand beside the headline and the
// content's own paragraphs. go-readability reads a copy of the document:
// the paragraphs noted before it runs are compared to its content by
// their text.

// notProse are the classes (classify) of elements whose paragraphs are
// not the article's: chrome, hidden, meta lines, author boxes, captions.
const notProse = fChrome | fHidden | fMeta | fAuthor | fAuthorPart | fByline | fCaption | fCredit | fFigure

// minLeftProse is the length, in bytes, from which a paragraph that
// go-readability left in the article element is given back: a sentence or
// more, not a label, a date or a caption.
const minLeftProse = 120

// maxLeftParas bounds the paragraphs proseParas notes on one page.
const maxLeftParas = 512

// proseParas returns the <p> elements of the article element root that
// read as prose (proseLen of minLeftProse bytes or more, outside links),
// in document order, leaving out those in the page's chrome, in <header>,
// <footer>, <aside>, <nav>, <form>, <figure> or an <article> inside root
// (another story), or in an element notProse classes. It is called before
// go-readability runs: afterwards addLeftProse tells which of them it
// dropped. It returns nil when root is not an article element of its own
// (the page's <body>, or nil).
func proseParas(root *html.Node, sv *survey) []*html.Node {
	if root == nil || root == sv.body || root.DataAtom == atom.Body || root.DataAtom == atom.Html {
		return nil
	}
	var paras []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && len(paras) < maxLeftParas; c = c.NextSibling {
			if c.Type != html.ElementNode || sv.chrome[c] || htmlx.IsScript(c.DataAtom) || classify(c)&notProse != 0 {
				continue
			}
			switch c.DataAtom {
			case atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Form, atom.Figure, atom.Article:
				continue
			case atom.P:
				if paraProse(c) >= minLeftProse {
					paras = append(paras, c)
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return paras
}

// paraProse returns the prose under n (proseLen of its runs of text
// outside links), counting up to minLeftProse.
func paraProse(n *html.Node) int { return proseUpTo(n, minLeftProse) }

// proseUpTo returns the prose under n, counting up to limit.
func proseUpTo(n *html.Node, limit int) int {
	total := 0
	for c := n.FirstChild; c != nil && total < limit; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			total += proseLen(c.Data)
		case html.ElementNode:
			if c.DataAtom != atom.A {
				total += proseUpTo(c, limit-total)
			}
		}
	}
	return total
}

// addLeftProse adds to f, the article go-readability's content gave, the
// paragraphs of paras (proseParas's, in document order) that are still in
// the document and whose text f does not hold, when they stand inside
// the smallest element that holds both the headline (when the page has
// one) and every paragraph of paras that f holds: the article's own
// blocks that go-readability dropped, not a side panel's. Those before
// the first paragraph f holds open the body, the others end it.
func (p *Parser) addLeftProse(f *newslooks.Article, paras []*html.Node, headline *html.Node) {
	if len(paras) == 0 || len(f.Sections) == 0 || headline == nil {
		return
	}
	// One sectioner reads every paragraph of paras (its filters apply):
	// at[i] is the index of paras[i]'s text among its paragraphs, or -1.
	s := sectioner{headline: f.Headline, p: p}
	at := make([]int, len(paras))
	for i, n := range paras {
		at[i] = -1
		if !inDocument(n) {
			continue
		}
		before := s.body.Paragraphs()
		s.walk(n)
		s.flush()
		if s.body.Paragraphs() == before+1 {
			at[i] = before
		}
	}
	read := s.body.Sections()
	if len(read) == 0 {
		return
	}
	texts := read[0].Paragraphs
	kept := make([]bool, len(paras))
	scope := headline
	for i, n := range paras {
		if at[i] < 0 {
			continue
		}
		if kept[i] = holds(f.Sections, texts[at[i]]); kept[i] {
			scope = commonAncestor(scope, n)
		}
	}
	if scope == nil || scope == headline {
		return
	}
	var before, after newslooks.SectionBuilder
	seen := false
	for i, n := range paras {
		if kept[i] {
			seen = true
			continue
		}
		if at[i] < 0 || !isAncestor(scope, n) || underTeaserHeading(n, scope) {
			continue
		}
		if seen {
			after.Paragraph(texts[at[i]])
		} else {
			before.Paragraph(texts[at[i]])
		}
	}
	if lead := before.Sections(); len(lead) > 0 {
		first := &f.Sections[0]
		if first.Heading == "" {
			first.Paragraphs = append(lead[0].Paragraphs, first.Paragraphs...)
		} else {
			f.Sections = append(lead[:1:1], f.Sections...)
		}
	}
	if tail := after.Sections(); len(tail) > 0 {
		last := &f.Sections[len(f.Sections)-1]
		last.Paragraphs = append(last.Paragraphs, tail[0].Paragraphs...)
	}
}

// holds reports whether one of the paragraphs of sections holds the
// start of para (its first minLeftProse bytes).
func holds(sections []newslooks.Section, para string) bool {
	start := para[:min(len(para), minLeftProse)]
	for _, s := range sections {
		for _, p := range s.Paragraphs {
			if strings.Contains(p, start) {
				return true
			}
		}
	}
	return false
}

// underTeaserHeading reports whether n stands in a teaser of another
// story below scope: an element whose heading (h2–h4) is a link, as a
// blog's front page or a list of recommendations sets each post.
func underTeaserHeading(n, scope *html.Node) bool {
	for a := n.Parent; a != nil && a != scope; a = a.Parent {
		for c := a.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.H2, atom.H3, atom.H4:
				if firstElement(c, atom.A) != nil {
					return true
				}
			}
		}
	}
	return false
}

// commonAncestor returns the nearest element that holds both a and b (a
// itself when it holds b); a nil a gives b.
func commonAncestor(a, b *html.Node) *html.Node {
	if a == nil {
		return b
	}
	for x := a; x != nil; x = x.Parent {
		if isAncestor(x, b) {
			return x
		}
	}
	return nil
}

// inDocument reports whether n is still in the document: the topmost of
// its ancestors is the document node.
func inDocument(n *html.Node) bool {
	for n.Parent != nil {
		n = n.Parent
	}
	return n.Type == html.DocumentNode
}
