package page

import (
	"strings"

	"github.com/newsingest/newslooks/internal/clean"
	"golang.org/x/net/html"
)

// A layout is where the article stands in a page: its headline, the
// element that holds it, and its subtitle.
type layout struct {
	headline  *html.Node          // the chosen <h1>, or nil
	root      *html.Node          // the element holding the article
	subtitle  *html.Node          // the subtitle element near the headline, or nil
	ancestors map[*html.Node]bool // the elements that hold the headline
}

// chooseLayout picks the headline <h1> and the element that holds the
// article: the <article> around the headline, else the <article> with the
// most text, else <main>, else <body>, else doc.
func chooseLayout(sv *survey, doc *html.Node, l *links) *layout {
	lo := new(layout)
	if h := chooseHeadline(sv, l); h != nil {
		lo.headline = h.n
		if h.article >= 0 {
			lo.root = sv.articles[h.article].n
		}
	}
	if lo.root == nil {
		lo.root = chooseArticle(sv, doc)
	}
	lo.ancestors = make(map[*html.Node]bool)
	for a := lo.headline; a != nil; a = a.Parent {
		lo.ancestors[a] = true
	}
	// The subtitle is the first subtitle element inside the article or
	// beside the headline.
	for _, n := range sv.subtitles {
		if isAncestor(lo.root, n) || lo.headline != nil && lo.headline.Parent != nil && isAncestor(lo.headline.Parent.Parent, n) {
			lo.subtitle = n
			break
		}
	}
	return lo
}

// chooseHeadline returns the <h1> that is the headline: the first one in
// an <article>, else in <main>, else elsewhere in the body, else in the
// page's <header>; never one that names the site. It returns nil when
// there is none.
func chooseHeadline(sv *survey, l *links) *h1Candidate {
	best, bestScore := -1, -1
	for i, h := range sv.h1s {
		if h.text == "" || l.isSiteName(h.text) {
			continue
		}
		score := 1
		switch {
		case h.article >= 0:
			score = 4
		case h.inMain:
			score = 3
		case h.inHead:
			score = 0
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil
	}
	return &sv.h1s[best]
}

// chooseArticle picks the element that holds the article when the
// headline is in none: the <article> with the most text, else <main>,
// else <body>, else doc.
func chooseArticle(sv *survey, doc *html.Node) *html.Node {
	most := -1
	for i, a := range sv.articles {
		if a.text > 0 && (most < 0 || a.text > sv.articles[most].text) {
			most = i
		}
	}
	switch {
	case most >= 0:
		return sv.articles[most].n
	case sv.main != nil:
		return sv.main
	case sv.body != nil:
		return sv.body
	}
	return doc
}

// isListing reports whether the page lists articles instead of holding
// one: it has no JSON-LD article, and either its JSON-LD says it is a
// collection, or its og:type is not "article" and several <article>
// elements stand beside a headline that belongs to none of them.
func isListing(m *pageMeta, sv *survey, lo *layout) bool {
	if m.ld.found {
		return false
	}
	for _, t := range [...]string{"CollectionPage", "ItemList", "SearchResultsPage"} {
		if clean.ContainsFold(m.ldTypes, t) {
			return true
		}
	}
	// A page that says it is an article is not a listing, whatever
	// other articles it shows.
	if len(sv.articles) < 3 || strings.EqualFold(m.ogType, "article") {
		return false
	}
	for _, h := range sv.h1s {
		if h.n == lo.headline && h.article >= 0 {
			return false
		}
	}
	return true
}

// holdsHeadline reports whether n holds the headline <h1>.
func (lo *layout) holdsHeadline(n *html.Node) bool { return lo.ancestors[n] }

// isAncestor reports whether a holds n.
func isAncestor(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}
