package page

import (
	"net/url"
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The content scorer picks, on the tree narrowBody left, the element that
// holds the article's text, and says whether it is sure of it: when it
// is, the body is read from that element (fromElement) and go-readability
// does not run; when it is not, go-readability reads the page as before.
//
// It steps from the element narrowBody kept into the child that holds
// scoreStep percent of the prose outside chrome, as long as there is one,
// so that it stops at the element whose children share the prose: the
// paragraphs' parent. It is sure of that element only where
// go-readability, on the development pages, would have chosen it too:
//   - it holds minSureProse bytes of prose or more (go-readability
//     retries with looser rules under 500 characters), sureContent
//     percent of the prose outside chrome and sureAll percent of all the
//     prose;
//   - the headline, when the page has one, comes before it or in it;
//   - no other element beside it, or beside an element that holds it up
//     to the one narrowBody kept, holds prose, except <p> elements beside
//     it, which are read with it (an article's lead);
//   - it has minSureParas <p> elements with prose or more, which hold
//     sureParas percent of its prose, sureDirect percent in <p> elements
//     that are its children (a wrapper of the article and its comments
//     has them further down);
//   - at most maxSureLinks percent of its text is link text.
//
// On trafilatura's development half go-readability does not run on 35 of
// its 506 pages (2 of aeb-dev's 61), with the same body F; looser rules
// (the prose of small elements beside it left out, or read with it) made
// more pages sure but lost a thousandth of body F on a set (see the
// commit messages).

// The thresholds of the content scorer (see above).
const (
	scoreStep    = 90
	minSureProse = 1000
	sureContent  = 85
	sureAll      = 75
	sureParas    = 75
	sureDirect   = 70
	minSureParas = 3
	maxSureLinks = 15
)

// A contentScore is what the scorer measured of the element it picked.
type contentScore struct {
	n         *html.Node
	prose     int // the prose under n outside chrome (proseCount.content)
	paraText  int // the prose under n inside <p> elements
	paras     int // the <p> elements under n that hold prose
	direct    int // the prose under n in its children that are <p> elements
	textTally     // the text under n outside chrome
	sure      bool
	why       string       // the first test it failed, when not sure: "short", "share", "headline" or "siblings"
	siblings  []*html.Node // the <p> elements beside n that hold prose
}

// scoreContent picks the element that holds the article, starting from
// keep, the element narrowBody kept, with prose the prose narrowBody
// measured, and says whether the body can be read from it alone.
func scoreContent(keep *html.Node, prose map[*html.Node]proseCount, sv *survey, lo *layout) contentScore {
	var sc contentScore
	if keep == nil || sv.body == nil {
		return sc
	}
	n := keep
	for {
		next := (*html.Node)(nil)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && prose[c].content*100 >= prose[n].content*scoreStep {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	sc.n = n
	sc.prose = prose[n].content
	total := prose[sv.body]
	if sc.prose < minSureProse {
		sc.why = "short"
		return sc
	}
	if sc.prose*100 < total.content*sureContent || prose[n].all*100 < total.all*sureAll {
		sc.why = "share"
		return sc
	}
	if lo.headline != nil && !lo.holdsHeadline(n) && !precedes(lo.headline, n) {
		sc.why = "headline"
		return sc
	}
	if !sc.aloneInParent(n, keep, sv.chrome, prose) {
		sc.why = "siblings"
		return sc
	}
	sc.measure(n, false, sv.chrome, prose)
	sc.sure = sc.paras >= minSureParas && sc.paraText*100 >= sc.prose*sureParas && sc.direct*100 >= sc.prose*sureDirect && sc.link*100 <= sc.all*maxSureLinks
	return sc
}

// measure adds up the text, link text and paragraphs under n, outside
// the elements of chrome; prose is narrowBody's measure of the prose
// under each element (its all count holds chrome's too).
func (sc *contentScore) measure(n *html.Node, inLink bool, chrome map[*html.Node]bool, prose map[*html.Node]proseCount) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			sc.text(c.Data, inLink)
		case html.ElementNode:
			if chrome[c] {
				continue
			}
			if u := prose[c].all; c.DataAtom == atom.P && u > 0 {
				sc.paras++
				sc.paraText += u
				if n == sc.n {
					sc.direct += u
				}
			}
			sc.measure(c, inLink || c.DataAtom == atom.A, chrome, prose)
		}
	}
}

// bylineKnown reports whether a page can do without go-readability's
// byline, which gives the authors where the page's metadata (a) names
// none: it names some, or no element of the page (sv) is marked as an
// author or byline, where go-readability would look for one.
func bylineKnown(a *newslooks.Article, sv *survey) bool {
	if len(a.Byline.Authors) > 0 {
		return true
	}
	return len(sv.relAuthors)+len(sv.propAuthor)+len(sv.clsAuthors)+len(sv.byline)+len(sv.partAuthor)+len(sv.textByline)+len(sv.authorBox) == 0
}

// precedes reports whether a comes before b in document order, b not
// holding a.
func precedes(a, b *html.Node) bool {
	// The ancestors of a, and then the first ancestor of b among them.
	path := map[*html.Node]*html.Node{} // ancestor -> its child on the way to a
	for x := a; x.Parent != nil; x = x.Parent {
		path[x.Parent] = x
	}
	var under *html.Node
	for y := b; y != nil; y = y.Parent {
		if toA, ok := path[y.Parent]; ok && y.Parent != nil {
			under = y
			for s := toA.NextSibling; s != nil; s = s.NextSibling {
				if s == under {
					return true
				}
			}
			return false
		}
	}
	return false
}

// fromElement reads the body of another publisher's page from n, the
// element the scorer is sure holds the article, as fromReadability reads
// go-readability's content: the same sectioner and filters, less the
// page's chrome (chrome) and the lists and boxes of links in n
// (clutter), which go-readability would have dropped; the <p> elements
// beside n (siblings) are read before or after it. The
// summary is the first paragraph, as go-readability's excerpt is when
// the page declares none; the metadata is the page's own (metadata.go).
func (p *Parser) fromElement(n *html.Node, siblings []*html.Node, chrome map[*html.Node]bool, headline string, pageURL *url.URL) (*newslooks.Article, error) {
	skip := make(map[*html.Node]bool, len(chrome))
	for c := range chrome {
		skip[c] = true
	}
	clutter(n, skip)
	s := sectioner{headline: headline, base: pageURL, p: p, skip: skip}
	for _, c := range siblings {
		if precedes(c, n) {
			s.element(c)
		}
	}
	s.walk(n)
	s.flush()
	for _, c := range siblings {
		if precedes(n, c) {
			s.element(c)
		}
	}
	s.flush()
	f := &newslooks.Article{Sections: s.body.Sections()}
	if len(f.Sections) == 0 {
		return nil, notArticle("the main content holds no text")
	}
	f.Images = s.images
	if first := firstParagraph(f.Sections); first != "" {
		f.Summary = first
		f.Dateline = textform.Dateline(first)
	}
	return f, nil
}

// aloneInParent reports whether all the prose around n, up to keep, is
// in <p> elements beside n, which are read with it (sc.siblings): any
// other element beside n, or beside an element that holds n, that holds
// prose may be part of the article, which go-readability weighs. prose
// is narrowBody's measure of the prose under each element.
func (sc *contentScore) aloneInParent(n, keep *html.Node, chrome map[*html.Node]bool, prose map[*html.Node]proseCount) bool {
	for x := n; x != keep && x.Parent != nil; x = x.Parent {
		for c := x.Parent.FirstChild; c != nil; c = c.NextSibling {
			if c == x || c.Type != html.ElementNode || chrome[c] {
				continue
			}
			if c.DataAtom == atom.P && x == n {
				if prose[c].all > 0 {
					sc.siblings = append(sc.siblings, c)
				}
				continue
			}
			if prose[c].all > 0 {
				return false
			}
		}
	}
	return true
}

// clutter returns the elements under n that go-readability's cleaning
// would drop from the content, by a simpler version of its test: a
// <div>, <section>, list or table with fewer than maxClutterCommas commas
// whose text is over maxClutterLinks percent link text. add is set for
// the elements found, which are not walked further.
func clutter(n *html.Node, add map[*html.Node]bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Dl:
			var t textTally
			t.add(c, false)
			if t.commas < maxClutterCommas && t.link*100 > t.all*maxClutterLinks {
				add[c] = true
				continue
			}
		}
		clutter(c, add)
	}
}

// The limits of clutter.
const (
	maxClutterCommas = 10
	maxClutterLinks  = 20
)

// A textTally counts the text under an element: its bytes without
// the white space around each run, those inside links, and its commas.
type textTally struct {
	all, link, commas int
}

// text counts s, a run of text inside a link when inLink is true.
func (t *textTally) text(s string, inLink bool) {
	l := len(strings.TrimSpace(s))
	t.all += l
	if inLink {
		t.link += l
	}
	t.commas += strings.Count(s, ",")
}

func (t *textTally) add(n *html.Node, inLink bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			t.text(c.Data, inLink)
		case html.ElementNode:
			if !htmlx.IsScript(c.DataAtom) {
				t.add(c, inLink || c.DataAtom == atom.A)
			}
		}
	}
}
