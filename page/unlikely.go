package page

import (
	"strings"

	"github.com/newsingest/newslooks/internal/htmlx"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What go-readability reads in class and id names, so that the content
// scorer (score.go) reads the element it is sure of as go-readability
// would read it: the words of its patterns, matched anywhere in the
// lower-cased class attribute and id (go-readability's regular
// expressions, as substrings).
var (
	// unlikelyNames mark an element go-readability removes before it
	// scores the page, unless maybeNames hold it.
	unlikelyNames = [...]string{"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
		"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
		"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
		"ad-break", "agegate", "pagination", "pager", "popup", "yom-remote"}
	maybeNames = [...]string{"and", "article", "body", "column", "content", "main", "mathjax", "shadow"}

	// negativeNames and positiveNames weigh an element's class and id
	// (classWeight).
	negativeNames = [...]string{"-ad-", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
		"masthead", "meta", "outbrain", "promo", "related", "share", "shoutbox", "sidebar", "skyscraper",
		"sponsor", "shopping", "tags", "widget"}
	positiveNames = [...]string{"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
		"pagination", "post", "text", "blog", "story"}
)

// unlikelyRoles are the ARIA roles of the elements go-readability
// removes before it scores the page.
var unlikelyRoles = map[string]bool{"menu": true, "menubar": true, "complementary": true,
	"navigation": true, "alert": true, "alertdialog": true, "dialog": true}

// unlikelyCandidate reports whether go-readability removes n before it
// scores the page: its class or id names it unlikely and not maybe
// content (a comment thread, a social bar, a related box), and no table
// or code holds it within four levels, or its role is one of
// unlikelyRoles.
func unlikelyCandidate(n *html.Node) bool {
	if n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.A {
		return false
	}
	if unlikelyRoles[htmlx.Attr(n, "role")] {
		return true
	}
	class, id := htmlx.Attr(n, "class"), htmlx.Attr(n, "id")
	if class == "" && id == "" {
		return false // most elements: no names to join and lower
	}
	names := strings.ToLower(class + " " + id)
	if !containsAny(names, unlikelyNames[:]) || containsAny(names, maybeNames[:]) {
		return false
	}
	for a, up := n.Parent, 0; a != nil && up <= 3; a, up = a.Parent, up+1 {
		if a.DataAtom == atom.Table || a.DataAtom == atom.Code {
			return false
		}
	}
	return true
}

// classWeight is go-readability's weight of n's class and id: 25 less
// for each that holds a negative name or is "hid", "hidden" or "d-none",
// 25 more for each that holds a positive name.
func classWeight(n *html.Node) int {
	w := 0
	for _, k := range [...]string{"class", "id"} {
		v := strings.ToLower(htmlx.Attr(n, k))
		if v == "" {
			continue
		}
		if containsAny(v, negativeNames[:]) || hasToken(v, "hid") || hasToken(v, "hidden") || hasToken(v, "d-none") {
			w -= 25
		}
		if containsAny(v, positiveNames[:]) {
			w += 25
		}
	}
	return w
}

// containsAny reports whether s holds one of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
