package page

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// An htmlPage is a page being read.
type htmlPage struct {
	p    *Parser
	meta *pageMeta
	base *url.URL // what relative links resolve against; nil when unknown
	page *url.URL // the pageURL argument; nil when empty

	// What survey found in the body.
	h1s        []h1Candidate
	articles   []articleCandidate
	main       *html.Node
	body       *html.Node
	subtitles  []*html.Node // subtitle elements, in document order
	subtitle   *html.Node   // the one near the headline
	relAuthors []string     // rel=author links
	propAuthor []string     // itemprop=author elements
	clsAuthors []string     // author elements
	byline     []string     // byline elements
	noted      int          // byline, author, edition, bureau and subtitle elements read
	edition    string
	location   string
	published  string // a <time> marked published
	modified   string // a <time> marked updated
	firstTime  string // the first <time> of the article
	tagLinks   []string

	headline          *html.Node          // the chosen <h1>
	headlineAncestors map[*html.Node]bool // the elements that hold it
	root              *html.Node          // the element holding the article

	// What readBlocks found in root.
	blocks []block
	images []pageImage
}

type h1Candidate struct {
	n       *html.Node
	text    string
	article int // index in articles of the innermost enclosing article, or -1
	inMain  bool
	inHead  bool // inside a <header> outside any article or main
}

type articleCandidate struct {
	n    *html.Node
	text int // bytes of text inside
}

// setBase sets what relative links resolve against: the page's <base>,
// resolved against pageURL; else pageURL; else the canonical URL.
func (pg *htmlPage) setBase(page *url.URL) {
	pg.page = page
	pg.base = page
	if b := pg.meta.base; b != "" {
		if u, err := url.Parse(b); err == nil {
			if page != nil {
				u = page.ResolveReference(u)
			}
			if u.IsAbs() {
				pg.base = u
				return
			}
		}
	}
	if pg.base != nil && pg.base.IsAbs() {
		return
	}
	for _, c := range [...]string{pg.meta.canonical, pg.meta.ogURL} {
		if u, err := url.Parse(c); err == nil && u.IsAbs() {
			if pg.base != nil {
				u = u.ResolveReference(pg.base)
			}
			pg.base = u
			return
		}
	}
}

// resolve makes ref absolute against the base, or returns it as written
// when it cannot be.
func (pg *htmlPage) resolve(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	if pg.base == nil || u.IsAbs() {
		return u.String()
	}
	return pg.base.ResolveReference(u).String()
}

// pageURL returns the URL to hand to the foreign parser: pageURL, else
// the canonical URL.
func (pg *htmlPage) pageURL() *url.URL {
	if pg.page != nil {
		return pg.page
	}
	if u, err := url.Parse(pg.resolve(pg.meta.canonical)); err == nil && u.IsAbs() {
		return u
	}
	return pg.base
}

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
	byName := true
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		byName = false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			if byName {
				f |= classifyNames(a.Val)
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
		for tok != "" {
			j := strings.IndexAny(tok, "-_")
			part := tok
			if j >= 0 {
				part, tok = tok[:j], tok[j+1:]
			} else {
				tok = ""
			}
			f |= namePartFlags(part)
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
		"writer", "reporter", "by-author", "fn":
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
	for _, p := range [...]string{"has-", "is-", "no-", "tag-", "category-", "status-", "format-",
		"type-", "postid-", "post-template", "single", "page-template", "template-", "wp-embed", "comments-open", "comments-closed"} {
		if strings.HasPrefix(tok, p) {
			return true
		}
	}
	return false
}

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
	case "subtitle", "subheadline", "standfirst", "strapline", "dek":
		return fSubtitle | fMeta
	case "credit", "credits", "photographer":
		return fCredit
	case "caption":
		return fCaption
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

// survey walks the whole body once, outside chrome, to find the headline
// candidates, the articles and main element, and the byline, date, tag and
// subtitle elements.
func (pg *htmlPage) survey(root *html.Node) {
	var walk func(n *html.Node, article int, inMain, inHead, inFooter bool)
	walk = func(n *html.Node, article int, inMain, inHead, inFooter bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				if article >= 0 && !inFooter {
					pg.articles[article].text += len(c.Data)
				}
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			f := classify(c)
			if c.DataAtom == atom.Time {
				pg.addTime(c)
			}
			if f&fRelTag != 0 && f&fHidden == 0 && len(pg.tagLinks) < maxListLen {
				if t := clean.Space(textContent(c)); t != "" {
					pg.tagLinks = append(pg.tagLinks, t)
				}
			}
			footerInArticle := c.DataAtom == atom.Footer && article >= 0 && f&fHidden == 0
			if isChromeOrHidden(f) && !footerInArticle {
				continue
			}
			if inFooter || footerInArticle {
				// Only tags are read from an article's footer.
				walk(c, article, inMain, inHead, true)
				continue
			}
			pg.noteElement(c, f)
			switch c.DataAtom {
			case atom.Body:
				if pg.body == nil {
					pg.body = c
				}
			case atom.H1:
				if len(pg.h1s) < maxListLen {
					pg.h1s = append(pg.h1s, h1Candidate{n: c, text: clean.Space(textContent(c)), article: article, inMain: inMain, inHead: inHead})
				}
			case atom.Article:
				pg.articles = append(pg.articles, articleCandidate{n: c})
				walk(c, len(pg.articles)-1, inMain, false, false)
				continue
			case atom.Main:
				if pg.main == nil {
					pg.main = c
				}
				walk(c, article, true, inHead, false)
				continue
			case atom.Header:
				walk(c, article, inMain, inHead || (article < 0 && !inMain), false)
				continue
			case atom.Div, atom.Section:
				if pg.main == nil && strings.EqualFold(htmlx.Attr(c, "role"), "main") {
					pg.main = c
					walk(c, article, true, inHead, false)
					continue
				}
			}
			walk(c, article, inMain, inHead, false)
		}
	}
	walk(root, -1, false, false, false)
}

// noteElement records what a byline, author, edition, bureau or subtitle
// element says.
func (pg *htmlPage) noteElement(n *html.Node, f int) {
	if f&(fRelAuthor|fPropAuthor|fAuthor|fByline|fEdition|fBureau|fSubtitle) == 0 || pg.noted >= maxNoted {
		return
	}
	pg.noted++
	t := clean.Space(textContent(n))
	if t == "" {
		return
	}
	// Only text that is a list of names counts: bylines also hold
	// dates, roles and links.
	if names := cutByline(t); textform.IsAuthors(names) {
		switch {
		case f&fRelAuthor != 0 && n.DataAtom == atom.A:
			pg.relAuthors = appendNames(pg.relAuthors, names)
		case f&fPropAuthor != 0:
			pg.propAuthor = appendNames(pg.propAuthor, names)
		case f&fAuthor != 0:
			pg.clsAuthors = appendNames(pg.clsAuthors, names)
		case f&fByline != 0:
			pg.byline = appendNames(pg.byline, names)
		}
	}
	if f&fEdition != 0 && pg.edition == "" && textform.IsEdition(t) {
		pg.edition = t
	}
	if f&fBureau != 0 && pg.location == "" && textform.IsLocation(t) {
		pg.location = t
	}
	if f&fSubtitle != 0 && len(t) > 20 && len(pg.subtitles) < maxListLen {
		pg.subtitles = append(pg.subtitles, n)
	}
}

// maxNoted bounds the byline, author, edition, bureau and subtitle
// elements whose text noteElement reads: a page has a handful.
const maxNoted = 1024

// appendNames appends the names of a byline text to names, without ones
// already there.
func appendNames(names []string, t string) []string {
	t = cutByline(t)
	for _, name := range authorList(t) {
		if len(names) < maxListLen && !clean.ContainsFold(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// cutByline trims a byline to its names: "By A. Reyes | September 2"
// gives "A. Reyes".
func cutByline(t string) string {
	t = cleanName(t)
	for _, sep := range [...]string{" | ", "|", " · ", " • ", " — ", " – ", " - ", " on ", "Updated", "Published"} {
		if i := strings.Index(t, sep); i > 0 {
			t = strings.TrimSpace(t[:i])
		}
	}
	return strings.TrimRight(t, ",;: ")
}

// addTime records a <time> element's datetime.
func (pg *htmlPage) addTime(n *html.Node) {
	dt := strings.TrimSpace(htmlx.Attr(n, "datetime"))
	if dt == "" {
		return
	}
	cls := strings.ToLower(htmlx.Attr(n, "class"))
	prop := htmlx.Attr(n, "itemprop")
	switch {
	case strings.EqualFold(prop, "dateModified") || strings.Contains(cls, "updated") || strings.Contains(cls, "modified"):
		if pg.modified == "" {
			pg.modified = dt
		}
	case strings.EqualFold(prop, "datePublished") || strings.Contains(cls, "published"):
		if pg.published == "" {
			pg.published = dt
		}
	default:
		if pg.firstTime == "" {
			pg.firstTime = dt
		}
	}
}

// chooseRoot picks the headline <h1> and the element that holds the
// article: the <article> around the headline, else the <article> with the
// most text, else <main>, else <body>.
func (pg *htmlPage) chooseRoot(doc *html.Node) {
	best, bestScore := -1, -1
	for i, h := range pg.h1s {
		if h.text == "" {
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
		if pg.isSiteName(h.text) {
			score = -1
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 && bestScore >= 0 {
		pg.headline = pg.h1s[best].n
		if k := pg.h1s[best].article; k >= 0 {
			pg.root = pg.articles[k].n
		}
	}
	if pg.root == nil {
		pg.chooseArticle(doc)
	}
	// The subtitle is the first subtitle element inside the article or
	// beside the headline.
	for _, n := range pg.subtitles {
		if isAncestor(pg.root, n) || pg.headline != nil && pg.headline.Parent != nil && isAncestor(pg.headline.Parent.Parent, n) {
			pg.subtitle = n
			break
		}
	}
}

// chooseArticle picks the element that holds the article when the
// headline is in none: the <article> with the most text, else <main>,
// else <body>.
func (pg *htmlPage) chooseArticle(doc *html.Node) {
	most := -1
	for i, a := range pg.articles {
		if a.text > 0 && (most < 0 || a.text > pg.articles[most].text) {
			most = i
		}
	}
	switch {
	case most >= 0:
		pg.root = pg.articles[most].n
	case pg.main != nil:
		pg.root = pg.main
	case pg.body != nil:
		pg.root = pg.body
	default:
		pg.root = doc
	}
}

// isSiteName reports whether s names the site rather than an article.
func (pg *htmlPage) isSiteName(s string) bool {
	for _, n := range pg.siteNames() {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

// siteNames lists the names the page gives its site.
func (pg *htmlPage) siteNames() []string {
	names := make([]string, 0, 4)
	for _, n := range [...]string{pg.meta.ogSiteName, pg.meta.ld.publisher, pg.meta.applicationName} {
		if n != "" {
			names = append(names, n)
		}
	}
	if pg.base != nil {
		host := strings.TrimPrefix(pg.base.Hostname(), "www.")
		if host != "" {
			names = append(names, host)
		}
	}
	return names
}

// isListing reports whether the page lists articles instead of holding
// one: it has no JSON-LD article, and either its JSON-LD says it is a
// collection, or its og:type is not "article" and several <article>
// elements stand beside a headline that belongs to none of them.
func (pg *htmlPage) isListing() bool {
	if pg.meta.ld.found {
		return false
	}
	for _, t := range [...]string{"CollectionPage", "ItemList", "SearchResultsPage"} {
		if clean.ContainsFold(pg.meta.ldTypes, t) {
			return true
		}
	}
	// A page that says it is an article is not a listing, whatever
	// other articles it shows.
	if len(pg.articles) < 3 || strings.EqualFold(pg.meta.ogType, "article") {
		return false
	}
	for _, h := range pg.h1s {
		if h.n == pg.headline && h.article >= 0 {
			return false
		}
	}
	return true
}

// isNewslooks reports whether the page is a Newslooks page.
func (pg *htmlPage) isNewslooks() bool {
	for _, n := range [...]string{pg.meta.ogSiteName, pg.meta.ld.publisher} {
		if strings.Contains(strings.ToLower(n), "newslooks") {
			return true
		}
	}
	for _, b := range pg.blocks {
		if b.kind == blockItem {
			continue
		}
		if textform.IsQuickLooksTitle(b.text) {
			return true
		}
		if _, ok := textform.ParseHeader(b.text, true); ok && b.kind == blockPara {
			return true
		}
	}
	return false
}

// metadata returns the article with the page metadata filled in, by the
// order documented on ParseHTML. The body is not read.
func (pg *htmlPage) metadata() *newslooks.Article {
	m := pg.meta
	a := new(newslooks.Article)

	a.Headline = pg.cleanTitle(pg.h1Text(), false)
	for _, t := range [...]string{m.ld.headline, m.ogTitle, m.twitterTitle, m.title} {
		if a.Headline != "" {
			break
		}
		a.Headline = pg.cleanTitle(t, true)
	}

	if pg.subtitle != nil {
		a.Summary = clean.Space(textContent(pg.subtitle))
	}
	a.Summary = clean.FirstOf(a.Summary, m.ld.description, clean.Space(m.ogDescription),
		clean.Space(m.description), clean.Space(m.twitterDescription))

	a.Byline.Authors = m.ld.authors
	for _, list := range [...][]string{pg.relAuthors, pg.propAuthor, pg.clsAuthors, pg.byline} {
		if len(a.Byline.Authors) == 0 {
			a.Byline.Authors = list
		}
	}
	if len(a.Byline.Authors) == 0 && m.author != "" {
		a.Byline.Authors = appendNames(nil, m.author)
	}
	if len(a.Byline.Authors) == 0 && m.writtenBy != "" {
		a.Byline.Authors = appendNames(nil, m.writtenBy)
	}
	if len(a.Byline.Authors) == 0 {
		for _, s := range m.articleAuthors {
			if !strings.Contains(s, "://") && !strings.HasPrefix(s, "/") {
				a.Byline.Authors = appendNames(a.Byline.Authors, s)
			}
		}
	}
	a.Byline.Authors = clean.Dedupe(a.Byline.Authors, maxListLen)
	a.Byline.Publisher = clean.FirstOf(clean.Space(m.ogSiteName), m.ld.publisher)
	a.Byline.Location = pg.location
	a.Byline.Edition = pg.edition

	a.URL = pg.resolve(clean.FirstOf(m.canonical, m.ogURL, m.ld.url, m.ld.mainEntity))
	if a.URL == "" && pg.page != nil {
		a.URL = pg.page.String()
	}
	a.Published = firstTime(m.ld.published, m.articlePublished, m.itemPublished, pg.published, pg.firstTime)
	a.Modified = firstTime(m.ld.modified, m.articleModified, m.ogUpdated, m.itemModified, pg.modified)
	a.Section = clean.FirstOf(m.ld.section, clean.Space(m.articleSection))

	switch {
	case len(m.ld.keywords) > 0:
		a.Tags = m.ld.keywords
	case len(m.articleTags) > 0:
		a.Tags = m.articleTags
	case m.newsKeywords != "":
		a.Tags = splitList(m.newsKeywords)
	case m.keywords != "":
		a.Tags = splitList(m.keywords)
	default:
		a.Tags = pg.tagLinks
	}
	a.Tags = clean.Dedupe(a.Tags, maxListLen)

	a.Language = clean.FirstOf(m.lang, m.ld.lang, m.ld.pageLang, m.contentLanguage, localeToLanguage(m.ogLocale))
	if m.ldBroken > 0 {
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "a JSON-LD block is not valid JSON and was ignored"})
	}
	return a
}

// h1Text returns the text of the chosen <h1>.
func (pg *htmlPage) h1Text() string {
	if pg.headline == nil {
		return ""
	}
	return clean.Space(textContent(pg.headline))
}

// titleSeps separate a headline from the site name in a page title.
var titleSeps = [...]string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "}

// cleanTitle removes a site-name suffix from a title: " - Newslooks".
// When loose is set (a <title> or og:title), a short last part after " | "
// is removed even when it names no known site.
func (pg *htmlPage) cleanTitle(t string, loose bool) string {
	t = clean.Space(t)
	if t == "" {
		return ""
	}
	names := pg.siteNames()
	// A title has a suffix or two ("Headline | Section | Site"); the
	// bound keeps a hostile title from taking quadratic time.
	for round, changed := 0, true; changed && round < 4; round++ {
		changed = false
		for _, sep := range titleSeps {
			i := strings.LastIndex(t, sep)
			if i <= 0 {
				continue
			}
			suffix := t[i+len(sep):]
			known := false
			for _, n := range names {
				if strings.EqualFold(suffix, n) {
					known = true
					break
				}
			}
			if known || loose && sep == " | " && strings.Count(suffix, " ") < 4 {
				t = strings.TrimSpace(t[:i])
				changed = true
			}
		}
	}
	return t
}

// maxListLen bounds the authors and tags of an article, and maxImages
// its images: more are a hostile page, not a news article.
const (
	maxListLen = 64
	maxImages  = 256
)

// The kinds of block readBlocks finds.
type blockKind uint8

const (
	blockPara    blockKind = iota // a paragraph, or a run of text in a block element
	blockHeading                  // <h2> to <h6>, or another <h1>
	blockItem                     // a list item
)

// A block is a run of text between block boundaries, in document order.
type block struct {
	text string
	kind blockKind
	bold bool // all its text is inside <strong> or <b>
}

// A pageImage is an image and where its caption came from.
type pageImage struct {
	newslooks.Image
	altOnly bool // the caption is alternative text, not a caption
}

// readBlocks reads the blocks and images of the article root.
func (pg *htmlPage) readBlocks() {
	r := blockReader{pg: pg, blocks: make([]block, 0, 64), bold: true}
	r.walk(pg.root, blockPara, false)
	r.flush(blockPara)
	pg.blocks = r.blocks
}

// A blockReader cuts the body into blocks.
type blockReader struct {
	pg     *htmlPage
	blocks []block
	buf    []byte
	space  bool // a space is pending before the next text
	bold   bool // all text so far is bold
}

func (r *blockReader) walk(n *html.Node, kind blockKind, bold bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			r.text(c.Data, bold)
			continue
		case html.ElementNode:
		default:
			continue
		}
		f := classify(c)
		if isChromeOrHidden(f) || c == r.pg.subtitle || c == r.pg.headline {
			continue
		}
		if f&fFigure != 0 || c.DataAtom == atom.Figure {
			r.flush(kind)
			r.figure(c)
			continue
		}
		if f&fMeta != 0 && !htmlx.IsFormatting(c.DataAtom) {
			continue
		}
		switch c.DataAtom {
		case atom.Br, atom.Hr:
			r.flush(kind)
		case atom.Img:
			r.pg.addImg(c, "", "")
		case atom.B, atom.Strong:
			r.walk(c, kind, true)
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			r.flush(kind)
			r.walk(c, blockHeading, bold)
			r.flush(blockHeading)
		case atom.Header:
			// Outside an article, a header is the page's unless it holds
			// the headline.
			if r.pg.root.DataAtom != atom.Article && !r.pg.holdsHeadline(c) {
				continue
			}
			r.flush(kind)
			r.walk(c, kind, bold)
			r.flush(kind)
		case atom.Li, atom.Dt, atom.Dd:
			r.flush(kind)
			r.walk(c, blockItem, bold)
			r.flush(blockItem)
		default:
			if htmlx.IsInline(c.DataAtom) {
				r.walk(c, kind, bold)
				continue
			}
			r.flush(kind)
			r.walk(c, kind, bold)
			r.flush(kind)
		}
	}
}

// holdsHeadline reports whether n holds the headline <h1>.
func (pg *htmlPage) holdsHeadline(n *html.Node) bool {
	if pg.headlineAncestors == nil {
		pg.headlineAncestors = make(map[*html.Node]bool)
		for a := pg.headline; a != nil; a = a.Parent {
			pg.headlineAncestors[a] = true
		}
	}
	return pg.headlineAncestors[n]
}

// isAncestor reports whether a holds n.
func isAncestor(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// text adds the text of a text node to the current block.
func (r *blockReader) text(s string, bold bool) {
	start := len(r.buf)
	r.buf, r.space = clean.AppendSpace(r.buf, s, r.space)
	if len(r.buf) > start && !bold {
		r.bold = false
	}
}

// flush ends the current block, which is of the given kind.
func (r *blockReader) flush(kind blockKind) {
	if len(r.buf) > 0 {
		r.blocks = append(r.blocks, block{text: string(r.buf), kind: kind, bold: r.bold})
	}
	r.buf, r.space, r.bold = r.buf[:0], false, true
}

// figure reads a captioned image: its images, caption and credit. Its
// text is not part of the body.
func (r *blockReader) figure(n *html.Node) {
	var caption, credit []byte
	var imgs []*html.Node
	var walk func(n *html.Node, in int)
	const inCaption, inCredit = 1, 2
	walk = func(n *html.Node, in int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				switch in {
				case inCaption:
					caption, _ = clean.AppendSpace(caption, c.Data, len(caption) > 0)
				case inCredit:
					credit, _ = clean.AppendSpace(credit, c.Data, len(credit) > 0)
				}
			case html.ElementNode:
				f := classify(c)
				if isChromeOrHidden(f) {
					continue
				}
				switch {
				case c.DataAtom == atom.Img:
					imgs = append(imgs, c)
				case f&fCredit != 0:
					walk(c, inCredit)
				case c.DataAtom == atom.Figcaption || f&fCaption != 0:
					walk(c, inCaption)
				default:
					walk(c, in)
				}
			}
		}
	}
	walk(n, 0)
	for _, img := range imgs {
		r.pg.addImg(img, trimCaption(string(caption)), string(credit))
	}
}

// trimCaption trims the space and punctuation left where a credit was cut
// out of a caption.
func trimCaption(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), " |·•")
}

// addImg records an <img> of the article with its caption and credit; the
// alternative text stands in for a missing caption.
func (pg *htmlPage) addImg(n *html.Node, caption, credit string) {
	src := ""
	for _, k := range [...]string{"src", "data-src", "data-lazy-src", "data-original"} {
		if v := strings.TrimSpace(htmlx.Attr(n, k)); v != "" && !strings.HasPrefix(v, "data:") {
			src = v
			break
		}
	}
	if src == "" {
		if set := strings.TrimSpace(htmlx.Attr(n, "srcset")); set != "" {
			src, _, _ = strings.Cut(set, " ")
			src = strings.TrimSuffix(src, ",")
		}
	}
	if src == "" || htmlx.Attr(n, "width") == "1" || htmlx.Attr(n, "height") == "1" || len(pg.images) >= maxImages {
		return
	}
	img := pageImage{Image: newslooks.Image{URL: pg.resolve(src), Caption: caption, Credit: clean.Space(credit)}}
	if img.Caption == "" {
		img.Caption, img.altOnly = clean.Space(htmlx.Attr(n, "alt")), true
	}
	pg.images = append(pg.images, img)
}

// newslooksArticle fills a, which holds the page metadata, from the body
// blocks of a Newslooks page, by the rules of the text form.
func (pg *htmlPage) newslooksArticle(a *newslooks.Article) (*newslooks.Article, error) {
	var warn []newslooks.Warning
	var hdr *textform.Header
	var ql *newslooks.QuickLooks
	inQL, sawBody := false, false
	body := newslooks.SectionBuilder{KeepEmpty: true}
	body.Grow(len(pg.blocks))
	for _, b := range pg.blocks {
		t := b.text
		if pg.isChromeText(t) || strings.EqualFold(t, "Deep Look") || strings.EqualFold(t, a.Headline) {
			continue
		}
		if !sawBody {
			if hdr == nil && b.kind == blockPara {
				if h, ok := textform.ParseHeader(t, true); ok {
					hdr = &h
					continue
				}
			}
			if t == a.Summary {
				continue
			}
		}
		if ql == nil && b.kind != blockItem && textform.IsQuickLooksTitle(t) {
			ql = &newslooks.QuickLooks{Title: t, Items: []string{}}
			inQL = true
			continue
		}
		if inQL {
			item, isBullet := textform.BulletItem(t)
			switch {
			case b.kind == blockItem && !isBullet:
				ql.Items = append(ql.Items, t)
				continue
			case isBullet && b.kind != blockHeading:
				if item != "" {
					ql.Items = append(ql.Items, item)
				}
				continue
			}
			inQL = false
		}
		if b.kind == blockHeading || b.kind == blockPara && b.bold && textform.IsHeading(t) {
			body.Heading(t)
			continue
		}
		body.Paragraph(t)
		sawBody = true
	}
	paragraphs := body.Paragraphs()
	a.Sections = body.Sections()
	if len(a.Sections) == 0 || paragraphs == 0 {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page has no article body", newslooks.ErrNotArticle)}
	}
	if hdr != nil {
		fillFromHeader(a, hdr)
	}
	a.Byline.Publisher = clean.FirstOf(a.Byline.Publisher, clean.Space(pg.meta.applicationName))
	if a.Headline == "" {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page has no headline", newslooks.ErrNotArticle)}
	}
	if ql != nil {
		a.QuickLooks = *ql
		if len(ql.Items) == 0 {
			warn = append(warn, newslooks.Warning{Message: "the Quick Looks block has no items"})
		}
	} else {
		warn = append(warn, newslooks.Warning{Message: "no Quick Looks block"})
	}
	if first := a.Sections[0].Paragraphs; len(first) > 0 {
		a.Dateline = textform.Dateline(first[0])
	}
	if a.Dateline == "" {
		warn = append(warn, newslooks.Warning{Message: "the first paragraph has no dateline"})
	}
	a.Images = pg.mergeImages()
	a.Warnings = append(a.Warnings, warn...)
	return a, nil
}

// fillFromHeader completes a page's article with what the header line of
// the text form, printed in its body, says: the page's own metadata wins,
// except for the location and edition, which only the header line carries
// reliably.
func fillFromHeader(a *newslooks.Article, hdr *textform.Header) {
	a.Headline = clean.FirstOf(a.Headline, hdr.Headline)
	a.Summary = clean.FirstOf(a.Summary, hdr.Summary)
	by := &a.Byline
	by.Location = clean.FirstOf(hdr.Location, by.Location)
	by.Edition = clean.FirstOf(hdr.Edition, by.Edition)
	by.Publisher = clean.FirstOf(by.Publisher, hdr.Publisher)
	if len(by.Authors) == 0 {
		by.Authors = hdr.Authors
	}
}

// isChromeText reports whether a block is a line of site chrome: one
// that the Parser's Chrome list names, alone or between dashes or
// brackets ("- Advertisement -").
func (pg *htmlPage) isChromeText(t string) bool {
	if pg.p.IsChrome(t) {
		return true
	}
	trimmed := strings.Trim(t, " -–—•·|[]()")
	return trimmed != t && trimmed != "" && pg.p.IsChrome(trimmed)
}

// mergeImages lists the page's images in the documented order, one per
// absolute URL.
func (pg *htmlPage) mergeImages() []newslooks.Image {
	m := pg.meta
	all := make([]pageImage, 0, len(m.ld.images)+len(m.ogImages)+1+len(pg.images))
	for _, img := range m.ld.images {
		all = append(all, pageImage{Image: img})
	}
	for _, img := range m.ogImages {
		all = append(all, pageImage{Image: img, altOnly: true})
	}
	if m.twitterImage != "" {
		all = append(all, pageImage{Image: newslooks.Image{URL: m.twitterImage}})
	}
	all = append(all, pg.images...)
	var out []pageImage
	index := make(map[string]int, len(all))
	for _, img := range all {
		img.URL = pg.resolve(img.URL)
		if img.URL == "" {
			continue
		}
		k, seen := index[img.URL]
		if !seen {
			if len(out) < maxImages {
				index[img.URL] = len(out)
				out = append(out, img)
			}
			continue
		}
		o := &out[k]
		if img.Caption != "" && (o.Caption == "" || o.altOnly && !img.altOnly) {
			o.Caption, o.altOnly = img.Caption, img.altOnly
		}
		if o.Credit == "" {
			o.Credit = img.Credit
		}
	}
	if len(out) == 0 {
		return nil
	}
	imgs := make([]newslooks.Image, len(out))
	for i, img := range out {
		imgs[i] = img.Image
	}
	return imgs
}

// merge completes the metadata article a of a foreign page with what the
// foreign parser found: a's fields win where they are set, and the body
// comes from f.
func (pg *htmlPage) merge(a, f *newslooks.Article) (*newslooks.Article, error) {
	if f == nil {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page holds no article", newslooks.ErrNotArticle)}
	}
	a.Headline = clean.FirstOf(a.Headline, f.Headline)
	a.Summary = clean.FirstOf(a.Summary, f.Summary)
	if len(a.Byline.Authors) == 0 {
		a.Byline.Authors = f.Byline.Authors
	}
	a.Byline.Publisher = clean.FirstOf(a.Byline.Publisher, f.Byline.Publisher, clean.Space(pg.meta.applicationName))
	a.Byline.Location = clean.FirstOf(a.Byline.Location, f.Byline.Location)
	a.Byline.Edition = clean.FirstOf(a.Byline.Edition, f.Byline.Edition)
	a.QuickLooks = f.QuickLooks
	a.Dateline = f.Dateline
	a.Sections = f.Sections
	a.URL = clean.FirstOf(a.URL, f.URL)
	if a.Published.IsZero() {
		a.Published = f.Published
	}
	if a.Modified.IsZero() {
		a.Modified = f.Modified
	}
	a.Section = clean.FirstOf(a.Section, f.Section)
	if len(a.Tags) == 0 {
		a.Tags = f.Tags
	}
	a.Images = pg.mergeImages()
	for _, img := range f.Images {
		if !hasImage(a.Images, img.URL) {
			a.Images = append(a.Images, img)
		}
	}
	a.Language = clean.FirstOf(a.Language, f.Language)
	a.Warnings = append(a.Warnings, f.Warnings...)
	if a.Headline == "" {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page has no headline", newslooks.ErrNotArticle)}
	}
	return a, nil
}

func hasImage(imgs []newslooks.Image, u string) bool {
	for _, img := range imgs {
		if img.URL == u {
			return true
		}
	}
	return false
}

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
	var b []byte
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
