package page

import (
	"net/url"
	"slices"
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
//     it, which are read with it (an article's lead), and elements before
//     it that hold no more than maxSureBefore percent of its prose (the
//     article's header: kicker, headline, standfirst, byline), which
//     go-readability leaves out or reads from the metadata;
//   - it has minSureParas <p> elements with prose or more, which hold
//     sureParas percent of its prose, sureDirect percent (a fifth) in <p>
//     elements at most sureDepth levels below it: go-readability adds
//     the score of a paragraph to its ancestors up to five levels up,
//     and joins the blocks of an article set in blocks of a paragraph or
//     two, as page builders set it; a wrapper of the article and its
//     comments has them further down;
//   - at most maxSureLinks percent of its text is link text;
//   - neither it nor an element that holds it is one go-readability
//     removes before it scores the page (unlikelyCandidate: a comment
//     thread, a sidebar, by its class, id or role).
//
// fromElement then drops what go-readability's cleaning of its content
// drops and our sectioner would read (clutter): hidden elements, the
// unlikely candidates, <footer> and <aside>, boxes and headings whose
// class or id weighs negative (classWeight: share bars, tags, promos),
// forms (boxParts.form), boxes of links and of images (boxParts.images); where the
// text it reads still repeats a paragraph, the reading is doubtful and
// go-readability reads the page.
//
// On trafilatura's development half go-readability does not run on 169
// of its 506 pages (14 of aeb-dev's 61, 5 of shared/pages' 10), with a
// better body F on it and on aeb-dev and the same on the others. Looser
// rules lost body F on a set (see the commit messages).

// The thresholds of the content scorer (see above).
const (
	scoreStep     = 90
	minSureProse  = 1000
	sureContent   = 75
	sureAll       = 65
	maxSureBefore = 10
	sureParas     = 75
	sureDirect    = 20
	sureDepth     = 5
	minSureParas  = 3
	maxSureLinks  = 15
)

// A contentScore is what the scorer measured of the element it picked.
type contentScore struct {
	n         *html.Node
	prose     int // the prose under n outside chrome (proseCount.content)
	paraText  int // the prose under n inside <p> elements
	paras     int // the <p> elements under n that hold prose
	direct    int // the prose under n in <p> elements less than sureDepth below it
	textTally     // the text under n outside chrome
	sure      bool
	why       string       // the first test it failed, when not sure: "short", "share", "headline" or "siblings"
	siblings  []*html.Node // the <p> elements beside n that hold prose, read with it
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
	sc.measure(n, 0, false, sv.chrome, prose)
	sc.sure = sc.paras >= minSureParas && sc.paraText*100 >= sc.prose*sureParas && sc.direct*100 >= sc.prose*sureDirect && sc.link*100 <= sc.all*maxSureLinks
	for a := n; sc.sure && a != nil && a != sv.body; a = a.Parent {
		if unlikelyCandidate(a) {
			sc.sure = false
			sc.why = "unlikely"
		}
	}
	return sc
}

// measure adds up the text, link text and paragraphs under n, depth
// levels below sc.n, outside the elements of chrome; prose is
// narrowBody's measure of the prose under each element (its all count
// holds chrome's too).
func (sc *contentScore) measure(n *html.Node, depth int, inLink bool, chrome map[*html.Node]bool, prose map[*html.Node]proseCount) {
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
				if depth < sureDepth {
					sc.direct += u
				}
			}
			sc.measure(c, depth+1, inLink || c.DataAtom == atom.A, chrome, prose)
		}
	}
}

// bylineKnown reports whether a page can do without go-readability's
// byline, which gives the authors where the page's metadata (a) names
// none: it names some; or no element of the page (sv) is marked as an
// author or byline, where go-readability would look for one; or the
// byline go-readability would read, as ownByline reads it, names no one
// but the site, or the authors the page's elements credit (shownAuthors,
// which the page gets where go-readability's byline names no one): either
// way go-readability's byline would change nothing. names gives the two,
// own and shown; it is called only when the first two tests fail.
func bylineKnown(a *newslooks.Article, sv *survey, names func() (own, shown []string)) bool {
	if len(a.Byline.Authors) > 0 {
		return true
	}
	if len(sv.relAuthors)+len(sv.propAuthor)+len(sv.clsAuthors)+len(sv.byline)+len(sv.partAuthor)+len(sv.textByline)+len(sv.authorBox) == 0 {
		return true
	}
	own, shown := names()
	return len(own) == 0 || slices.EqualFunc(own, shown, strings.EqualFold)
}

// ownByline returns the people named by the byline go-readability would
// read on the page: the text of the first element marked as a byline or
// an author's that is shorter than maxBylineText (sv.bylineText), read as
// go-readability's byline is read (bylineNames, with publisher the
// site's name) and without the site's own names (personNames, site).
func ownByline(sv *survey, publisher string, site map[string]bool) []string {
	return personNames(bylineNames(sv.bylineText, publisher), site)
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
// go-readability's content: the same sectioner and filters, less what
// go-readability's cleaning would have dropped (clutter), and with what
// our survey takes for chrome inside n, which go-readability keeps too
// (a newsletter box, which a reader may count as the article's); the <p>
// elements beside n (siblings) are read before or after it. The summary is the first paragraph, as
// go-readability's excerpt is when the page declares none; the metadata
// is the page's own (metadata.go). Where the text read repeats a
// paragraph (repeatsParagraph), it returns neither an article nor an
// error: go-readability is to read the page.
func (p *Parser) fromElement(n *html.Node, siblings []*html.Node, headline string, pageURL *url.URL) (*newslooks.Article, error) {
	skip := map[*html.Node]bool{}
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
	if repeatsParagraph(f.Sections) {
		return nil, nil
	}
	f.Images = s.images
	if first := firstParagraph(f.Sections); first != "" {
		f.Summary = first
		f.Dateline = textform.Dateline(first)
	}
	return f, nil
}

// aloneInParent reports whether all the prose around n, up to keep, is
// in <p> elements beside n, which are read with it (sc.siblings), in
// elements before n that hold no more than maxSureBefore percent of its
// prose together (the article's header), or in elements go-readability
// drops or scores down (readabilityDrops: comments, related boxes,
// footers): any other element beside n, or beside an element that holds
// n, that holds prose may be part of the article, which go-readability
// weighs. prose is narrowBody's measure of the prose under each element.
func (sc *contentScore) aloneInParent(n, keep *html.Node, chrome map[*html.Node]bool, prose map[*html.Node]proseCount) bool {
	before := 0
	for x := n; x != keep && x.Parent != nil; x = x.Parent {
		seen := false // x was passed: the elements that follow come after n
		for c := x.Parent.FirstChild; c != nil; c = c.NextSibling {
			if c == x {
				seen = true
				continue
			}
			if c.Type != html.ElementNode || chrome[c] || prose[c].all == 0 {
				continue
			}
			if readabilityDrops(c) {
				continue
			}
			if x == n && c.DataAtom == atom.P {
				sc.siblings = append(sc.siblings, c)
				continue
			}
			if seen {
				return false
			}
			before += prose[c].all
		}
	}
	return before*100 <= prose[n].all*maxSureBefore
}

// clutter returns the elements under n that go-readability's cleaning
// would drop from the content, by a simpler version of its tests: every
// <footer> and <aside>; a <div> or <section> that is a box of images
// (boxParts.images); a <div>, <section>, list or table with fewer than
// maxClutterCommas commas whose text is over maxClutterLinks percent
// link text. add is set for the elements found, which are not walked
// further.
func clutter(n *html.Node, add map[*html.Node]bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if classify(c)&fHidden != 0 || unlikelyCandidate(c) {
			add[c] = true
			continue
		}
		switch c.DataAtom {
		case atom.Footer, atom.Aside:
			add[c] = true
			continue
		case atom.Form, atom.Fieldset:
			if classWeight(c) < 0 || partsOf(c).form(c) {
				add[c] = true
				continue
			}
		case atom.H1, atom.H2:
			if classWeight(c) < 0 {
				add[c] = true
				continue
			}
		case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Dl:
			if classWeight(c) < 0 {
				add[c] = true
				continue
			}
			if b := partsOf(c); b.form(c) || (c.DataAtom == atom.Div || c.DataAtom == atom.Section) && b.images() {
				add[c] = true
				continue
			}
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

// readabilityDrops reports whether go-readability removes n before it
// scores the page (unlikelyCandidate), scores it down (classWeight), or
// drops it from its content (<footer>, <aside>).
func readabilityDrops(n *html.Node) bool {
	return n.DataAtom == atom.Footer || n.DataAtom == atom.Aside || unlikelyCandidate(n) || classWeight(n) < 0
}

// boxParts are what go-readability's cleaning weighs under a box: its
// images, paragraphs and input fields, and whether a figure is among
// them. One walk counts them for both of its tests (images, form).
type boxParts struct {
	imgs, paras, inputs int
	figure              bool
}

// partsOf counts the boxParts under n.
func partsOf(n *html.Node) (b boxParts) {
	for c := n.FirstChild; c != nil; c = htmlx.Next(c, n) {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Img:
			b.imgs++
		case atom.P:
			b.paras++
		case atom.Input:
			b.inputs++
		case atom.Figure:
			b.figure = true
		}
	}
	return b
}

// images reports whether the box holds more than one image and fewer
// than half as many paragraphs, and no figure: a gallery or slideshow,
// which go-readability drops by the same ratio (the images of figures
// are the article's and are kept).
func (b boxParts) images() bool {
	return !b.figure && b.imgs > 1 && b.paras*2 < b.imgs
}

// minRepeated is the length from which a paragraph read twice makes the
// reading doubtful.
const minRepeated = 50

// repeatsParagraph reports whether a paragraph of minRepeated bytes or
// more is in sections twice: a gallery that shows each caption in
// several views, or a layout repeated for another screen, which
// go-readability's cleaning would have dropped.
func repeatsParagraph(sections []newslooks.Section) bool {
	seen := map[string]bool{}
	for _, s := range sections {
		for _, p := range s.Paragraphs {
			if len(p) < minRepeated {
				continue
			}
			if seen[p] {
				return true
			}
			seen[p] = true
		}
	}
	return false
}

// form reports whether the box n, of parts b, holds more input fields
// than a third of its paragraphs, and fewer than maxClutterCommas commas:
// a sign-up or search form, which go-readability drops by the same test.
func (b boxParts) form(n *html.Node) bool {
	if b.inputs == 0 || b.inputs <= b.paras/3 {
		return false
	}
	var t textTally
	t.add(n, false)
	return t.commas < maxClutterCommas
}
