package page

import (
	"hash/maphash"
	"strings"
	"sync/atomic"

	"github.com/newsingest/newslooks/internal/clean"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Flags that classify an element; see classify.
const (
	fChrome     = 1 << iota // not content: nav, ads, share bars, comments...
	fHidden                 // not shown
	fMeta                   // byline, date and category lines around the article
	fSubtitle               // the standfirst under the headline
	fAuthor                 // an author's name
	fByline                 // a byline: "By ..."
	fEdition                // the edition name
	fBureau                 // the bureau (location)
	fCredit                 // an image credit
	fCaption                // an image caption
	fFigure                 // a captioned image (WordPress's wp-caption)
	fPropAuthor             // itemprop=author
	fRelAuthor              // rel=author
	fRelTag                 // rel=tag
	fAuthorPart             // a class or id with "author" as a part ("node__author")
)

// classify returns the flags of element n from its tag and attributes.
// Class and id names are compared whole and by their parts split at '-'
// and '_' ("share-bar" is a share bar); html, body, main and article are
// never chrome by name, as themes give them every class of the page.
func classify(n *html.Node) int {
	f := 0
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Form,
		atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Svg, atom.Canvas,
		atom.Nav, atom.Aside, atom.Footer, atom.Dialog, atom.Object, atom.Embed,
		atom.Audio, atom.Video, atom.Map, atom.Menu, atom.Label, atom.Head:
		f |= fChrome
	case atom.Math:
		if n.Namespace != "" {
			f |= fChrome
		}
	}
	byName, byID := true, true
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		byName, byID = false, false
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		// A heading's id is the anchor a table of contents links to,
		// most often its own text as a slug ("nav_share_prices_fall"):
		// its words are the heading's, not the role of the element.
		byID = false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			if byName {
				f |= cachedNameFlags(a.Val)
			}
		case "id":
			if byID {
				f |= cachedNameFlags(a.Val)
			}
		case "role":
			switch strings.ToLower(strings.TrimSpace(a.Val)) {
			case "navigation", "complementary", "contentinfo", "search", "dialog",
				"alertdialog", "menu", "menubar", "toolbar", "marquee", "tablist", "banner":
				f |= fChrome
			}
		case "hidden":
			f |= fHidden
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				f |= fHidden
			}
		case "style":
			if isHiddenStyle(a.Val) {
				f |= fHidden
			}
		case "itemprop":
			switch {
			case hasToken(a.Val, "author"):
				f |= fPropAuthor
			case hasToken(a.Val, "alternativeHeadline"):
				f |= fSubtitle
			}
		case "rel":
			if hasToken(a.Val, "author") {
				f |= fRelAuthor
			}
			if hasToken(a.Val, "tag") && !hasToken(a.Val, "category") {
				f |= fRelTag
			}
		}
	}
	return f
}

// nameCache keeps classifyNames's answers for recent class and id
// values. A page repeats its class attributes on element after element
// (the items of a menu, the teasers of a list), and surveyPage,
// readBody, the sectioner and the others classify the same elements
// again: on trafilatura's development half four calls in five are for a
// value classified before. It is a fixed table indexed by the value's
// hash, each entry replaced by the latest value that falls on it, safe
// for parsers running at once, and holding at most
// nameCacheSize×maxCachedName bytes of values.
var nameCache [nameCacheSize]atomic.Pointer[nameEntry]

// A nameEntry is a class or id value with its flags.
type nameEntry struct {
	v string
	f int
}

// nameCacheSize is the number of entries of nameCache; maxCachedName
// bounds the values it keeps (longer ones, rare, are classified each
// time).
const (
	nameCacheSize = 1024
	maxCachedName = 128
)

var nameSeed = maphash.MakeSeed()

// cachedNameFlags returns classifyNames(v), from nameCache when v is
// there.
func cachedNameFlags(v string) int {
	if len(v) > maxCachedName {
		return classifyNames(v)
	}
	slot := &nameCache[maphash.String(nameSeed, v)%nameCacheSize]
	if e := slot.Load(); e != nil && e.v == v {
		return e.f
	}
	f := classifyNames(v)
	slot.Store(&nameEntry{v, f})
	return f
}

// classifyNames returns the flags that a class or id attribute gives.
func classifyNames(v string) int {
	f := 0
	for len(v) > 0 {
		i := 0
		for i < len(v) && !clean.IsHTMLSpace(v[i]) {
			i++
		}
		tok := v[:i]
		v = v[i:]
		for len(v) > 0 && clean.IsHTMLSpace(v[0]) {
			v = v[1:]
		}
		if tok == "" {
			continue
		}
		tok = strings.ToLower(tok)
		if g, ok := wholeNameFlags(tok); ok {
			f |= g
			continue
		}
		if ignoredName(tok) {
			continue
		}
		for start := 0; start <= len(tok); {
			end := start
			for end < len(tok) && tok[end] != '-' && tok[end] != '_' {
				end++
			}
			f |= namePartFlags(tok[start:end])
			start = end + 1
		}
	}
	return f
}

// wholeNameFlags classifies a class name that is read whole.
func wholeNameFlags(tok string) (int, bool) {
	switch tok {
	case "screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-only",
		"hidden", "invisible", "d-none":
		return fHidden, true
	case "site-header", "masthead", "site-branding", "top-bar", "topbar", "global-header":
		return fChrome, true
	case "author", "authors", "author-name", "author-names", "byline-name", "byline-author",
		"article-author", "entry-author", "post-author", "post-author-name", "contributor",
		"writer", "reporter", "by-author", "fn", "username":
		return fAuthor | fMeta, true
	case "wp-caption", "wp-block-image", "image-block", "figure":
		return fFigure, true
	case "wp-caption-text", "caption", "figcaption", "image-caption", "photo-caption", "wp-element-caption":
		return fCaption, true
	case "credit", "image-credit", "photo-credit", "credits", "copyright", "photographer", "wp-caption-credit":
		return fCredit, true
	case "subtitle", "sub-title", "subheadline", "sub-headline", "subhead", "standfirst", "dek",
		"deck", "strapline", "entry-subtitle", "post-subtitle", "article-subtitle", "article-dek",
		"entry-dek", "post-dek", "post-excerpt", "entry-excerpt", "article-excerpt", "article-summary":
		return fSubtitle | fMeta, true
	case "edition", "entry-edition", "post-edition":
		return fEdition | fMeta, true
	case "bureau", "entry-bureau", "post-bureau", "location", "entry-location":
		return fBureau | fMeta, true
	case "entry-meta", "post-meta", "article-meta", "meta":
		return fMeta, true
	}
	return 0, false
}

// ignoredName reports whether a class name says nothing about content:
// WordPress's state and taxonomy classes ("has-post-thumbnail",
// "tag-social-media", "comments-open").
func ignoredName(tok string) bool {
	switch tok[0] { // the first letters of ignoredPrefixes: most names start otherwise
	case 'c', 'f', 'h', 'i', 'n', 'p', 's', 't', 'w':
	default:
		return false
	}
	for _, p := range ignoredPrefixes {
		if strings.HasPrefix(tok, p) {
			return true
		}
	}
	return false
}

// ignoredPrefixes start the class names that ignoredName ignores.
var ignoredPrefixes = [...]string{"has-", "is-", "no-", "tag-", "category-", "status-", "format-",
	"type-", "postid-", "post-template", "single", "page-template", "template-", "wp-embed", "comments-open", "comments-closed"}

// namePartFlags classifies one part of a class name.
func namePartFlags(part string) int {
	switch part {
	case "ad", "ads", "adslot", "advert", "adverts", "advertisement", "advertising", "sponsor",
		"sponsored", "promo", "promoted", "promotion", "share", "shares", "sharing", "sharedaddy",
		"social", "related", "relatedposts", "recommended", "newsletter", "newsletters", "subscribe",
		"subscription", "signup", "comment", "comments", "respond", "disqus", "sidebar", "widget",
		"widgets", "nav", "navigation", "navbar", "menu", "breadcrumb", "breadcrumbs", "pagination",
		"pager", "cookie", "cookies", "consent", "popup", "modal", "masthead", "toolbar", "ticker",
		"skip", "nocontent", "adspot", "adsbygoogle", "adsense", "dfp", "likes", "outbrain", "taboola", "footer", "colophon", "paywall",
		"bio", "authorbox", "breaking", "trending", "popular", "recirc":
		return fChrome
	case "byline", "posted", "timestamp", "readtime", "kicker", "eyebrow", "cat",
		"category", "categories", "tags", "tagged", "meta", "edition", "bureau":
		f := fMeta
		switch part {
		case "byline":
			f |= fByline
		case "edition":
			f |= fEdition
		case "bureau":
			f |= fBureau
		}
		return f
	case "author", "autor", "auteur", "autore":
		// A part of a theme's name for the author's element
		// ("node__author", "post-meta__author-name", "author-info").
		return fAuthorPart | fMeta
	case "subtitle", "subheadline", "standfirst", "strapline", "dek":
		return fSubtitle | fMeta
	case "credit", "credits", "photographer":
		return fCredit
	case "caption":
		return fCaption
	case "contributor", "contributors":
		// A field of the author's that is not called so
		// ("field-field-contributor"): read for its name, not dropped
		// from the body as a meta line.
		return fAuthorPart
	}
	if len(part) > len("author") && strings.HasSuffix(part, "author") {
		// A camel-cased name lowered ("documentAuthor", "postAuthor").
		return fAuthorPart
	}
	return 0
}

// isHiddenStyle reports whether an inline style hides its element.
func isHiddenStyle(s string) bool {
	if len(s) > 4096 {
		s = s[:4096]
	}
	var b [64]byte
	k := 0
	check := func() bool {
		d := string(b[:k])
		return d == "display:none" || d == "visibility:hidden" ||
			strings.HasPrefix(d, "display:none!") || strings.HasPrefix(d, "visibility:hidden!")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ';':
			if check() {
				return true
			}
			k = 0
		case clean.IsHTMLSpace(c):
		default:
			if k < len(b) {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b[k] = c
				k++
			}
		}
	}
	return check()
}

// isChromeOrHidden reports whether flags f exclude an element and all it
// holds from the article.
func isChromeOrHidden(f int) bool { return f&(fChrome|fHidden) != 0 }
