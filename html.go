package newslooks

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// ParseHTML parses an article from a web page with the default options.
// See Parser.ParseHTML.
func ParseHTML(r io.Reader, pageURL string) (*Article, error) {
	return new(Parser).ParseHTML(r, pageURL)
}

// ParseHTML reads a web page from r and returns the article it holds.
// pageURL is the address the page was read from; it may be empty. Relative
// links are resolved against the page's <base>, then pageURL, then the
// page's canonical URL. ParseHTML does not close r.
//
// The page is read whole, up to MaxBytes (a larger page is an ErrTooLarge
// error), decoded from its declared or sniffed character set into UTF-8,
// and parsed once into a DOM.
//
// A Newslooks page (its og:site_name or JSON-LD publisher is Newslooks, or
// its body holds the header line of the text form or a heading ending in
// "Quick Looks") yields every part that the text form has: the body is
// read in document order, the quick-look title and its items (a list, or
// paragraphs starting with a bullet) are picked out, headings (<h2> to
// <h6>, or a paragraph that holds nothing but bold text) start sections,
// and the dateline is taken from the first paragraph. The repeated
// headline, "Deep Look" and the page's chrome are dropped: navigation, the
// site header and footer, asides, share bars, related posts, ads,
// newsletter boxes, comments, forms, scripts, styles, hidden elements and
// any paragraph the Parser's Chrome list names. Any other page is handed
// to go-readability for its content, and gets the same metadata.
//
// When the page's sources disagree, the first of these that has a value
// wins:
//
//	Headline         <h1> > JSON-LD headline > og:title > twitter:title > <title>,
//	                 each without a site-name suffix (" - Newslooks", " | Site")
//	Summary          subtitle element > JSON-LD description > og:description >
//	                 <meta name=description> > twitter:description > header line
//	Byline.Authors   JSON-LD author > rel=author links > itemprop=author >
//	                 author and byline elements > <meta name=author> >
//	                 twitter "Written by" > article:author (when not a URL) > header line
//	Byline.Publisher og:site_name > JSON-LD publisher > header line > application-name
//	Byline.Location  header line > bureau or location element
//	Byline.Edition   header line > edition element
//	URL              <link rel=canonical> > og:url > JSON-LD url >
//	                 JSON-LD mainEntityOfPage > pageURL
//	Published        JSON-LD datePublished > article:published_time >
//	                 itemprop=datePublished > <time> marked published > first <time>
//	Modified         JSON-LD dateModified > article:modified_time > og:updated_time >
//	                 itemprop=dateModified > <time> marked updated
//	Section          JSON-LD articleSection > article:section
//	Tags             JSON-LD keywords > article:tag > news_keywords > keywords > rel=tag links
//	Images           JSON-LD image, then og:image, then twitter:image, then the
//	                 article's figures and images, merged by absolute URL in that
//	                 order; a figure's caption replaces alternative text, and the
//	                 first credit found is kept
//	Language         <html lang> > JSON-LD inLanguage (of the article, then of its
//	                 WebPage) > Content-Language > og:locale
//
// Text given to ParseHTML is an ErrNotArticle error that says so (use
// Parse), as is a page that holds no article: a section front that lists
// many, or an article page with an empty body.
func (p *Parser) ParseHTML(r io.Reader, pageURL string) (*Article, error) {
	src, err := readLimited(r, p.maxBytes())
	if err != nil {
		return nil, err
	}
	return p.parseHTML(src, pageURL)
}

// parseHTML parses the page src, read from pageURL.
func (p *Parser) parseHTML(src []byte, pageURL string) (*Article, error) {
	if err := checkHTML(src); err != nil {
		return nil, err
	}
	var page *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil {
			return nil, fmt.Errorf("newslooks: page URL: %w", err)
		}
		page = u
	}
	root, err := html.Parse(bytes.NewReader(decodeHTML(src)))
	if err != nil {
		// The parser gives up on pages nested more than 512 deep.
		return nil, &ParseError{Err: fmt.Errorf("%w: the page cannot be parsed: %v", ErrNotArticle, err)}
	}
	doc := goquery.NewDocumentFromNode(root)
	pg := &htmlPage{p: p, meta: readMeta(doc)}
	pg.setBase(page)
	pg.survey(root)
	pg.chooseRoot(root)
	a := pg.metadata()
	if pg.isListing() {
		return nil, &ParseError{Err: fmt.Errorf("%w: the page lists articles (a section front) rather than holding one", ErrNotArticle)}
	}
	pg.readBlocks()
	if pg.isNewslooks() {
		return pg.newslooksArticle(a)
	}
	if nestingCost(root) > maxNestingCost {
		return nil, &ParseError{Err: fmt.Errorf("%w: the page's text is nested too deeply to read", ErrTooLarge)}
	}
	foreign, err := parseForeignPage(root, pg.pageURL())
	if err != nil {
		return nil, err
	}
	return pg.merge(a, foreign)
}

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

// checkHTML rejects input that is empty, or is text rather than a page.
func checkHTML(src []byte) error {
	prefix := src[:min(len(src), sniffLen)]
	switch Detect(prefix) {
	case FormatHTML:
		return nil
	case FormatText:
		return &ParseError{Err: fmt.Errorf("%w: the input is Newslooks text, not HTML (use Parse)", ErrNotArticle)}
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte(bom)))) == 0 {
		return &ParseError{Err: ErrEmpty}
	}
	if bytes.IndexByte(prefix, '<') < 0 {
		return &ParseError{Err: fmt.Errorf("%w: the input is not HTML", ErrNotArticle)}
	}
	return nil
}

// decodeHTML returns src in UTF-8. The encoding is the one a byte-order
// mark or a <meta> declaration in the first 1024 bytes names. Without a
// declaration, or when it says windows-1252 (which covers ISO-8859-1 and
// ASCII), a page that is valid UTF-8 is taken as UTF-8 and any other as
// windows-1252. A page declared UTF-8 that is not valid UTF-8 is
// windows-1252 when it holds no UTF-8 sequence at all (a wrong
// declaration), and otherwise has its stray bytes replaced by U+FFFD.
func decodeHTML(src []byte) []byte {
	e, name, certain := charset.DetermineEncoding(src, "")
	if name == "utf-8" || name == "windows-1252" && !certain {
		if utf8.Valid(src) {
			return bytes.TrimPrefix(src, []byte(bom))
		}
		if name == "utf-8" && hasUTF8Sequence(src) {
			return bytes.TrimPrefix(bytes.ToValidUTF8(src, []byte("\uFFFD")), []byte(bom))
		}
		e = charmap.Windows1252
	}
	out, err := e.NewDecoder().Bytes(src)
	if err != nil {
		return bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	return bytes.TrimPrefix(out, []byte(bom))
}

// hasUTF8Sequence reports whether b holds a valid multi-byte UTF-8
// sequence.
func hasUTF8Sequence(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			return true
		}
		i++
	}
	return false
}

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
		for i < len(v) && !isSpaceByte(v[i]) {
			i++
		}
		tok := v[:i]
		v = v[i:]
		for len(v) > 0 && isSpaceByte(v[0]) {
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

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
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
		case isSpaceByte(c):
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
				if t := collapseSpace(textContent(c)); t != "" {
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
					pg.h1s = append(pg.h1s, h1Candidate{n: c, text: collapseSpace(textContent(c)), article: article, inMain: inMain, inHead: inHead})
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
				if pg.main == nil && strings.EqualFold(attr(c, "role"), "main") {
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
	t := collapseSpace(textContent(n))
	if t == "" {
		return
	}
	// Only text that is a list of names counts: bylines also hold
	// dates, roles and links.
	if names := cutByline(t); isAuthors(names) {
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
	if f&fEdition != 0 && pg.edition == "" && isEdition(t) {
		pg.edition = t
	}
	if f&fBureau != 0 && pg.location == "" && isLocation(t) {
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
		if len(names) < maxListLen && !containsFold(names, name) {
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

// containsFold reports whether list holds s, without regard to case.
func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

// addTime records a <time> element's datetime.
func (pg *htmlPage) addTime(n *html.Node) {
	dt := strings.TrimSpace(attr(n, "datetime"))
	if dt == "" {
		return
	}
	cls := strings.ToLower(attr(n, "class"))
	prop := attr(n, "itemprop")
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
		if containsFold(pg.meta.ldTypes, t) {
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
		if isQuickLooksTitle(b.text) {
			return true
		}
		if _, ok := parseHeader(b.text, true); ok && b.kind == blockPara {
			return true
		}
	}
	return false
}

// metadata returns the article with the page metadata filled in, by the
// order documented on ParseHTML. The body is not read.
func (pg *htmlPage) metadata() *Article {
	m := pg.meta
	a := new(Article)

	a.Headline = pg.cleanTitle(pg.h1Text(), false)
	for _, t := range [...]string{m.ld.headline, m.ogTitle, m.twitterTitle, m.title} {
		if a.Headline != "" {
			break
		}
		a.Headline = pg.cleanTitle(t, true)
	}

	if pg.subtitle != nil {
		a.Summary = collapseSpace(textContent(pg.subtitle))
	}
	a.Summary = firstOf(a.Summary, m.ld.description, collapseSpace(m.ogDescription),
		collapseSpace(m.description), collapseSpace(m.twitterDescription))

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
	a.Byline.Authors = dedupe(a.Byline.Authors)
	a.Byline.Publisher = firstOf(collapseSpace(m.ogSiteName), m.ld.publisher)
	a.Byline.Location = pg.location
	a.Byline.Edition = pg.edition

	a.URL = pg.resolve(firstOf(m.canonical, m.ogURL, m.ld.url, m.ld.mainEntity))
	if a.URL == "" && pg.page != nil {
		a.URL = pg.page.String()
	}
	a.Published = firstTime(m.ld.published, m.articlePublished, m.itemPublished, pg.published, pg.firstTime)
	a.Modified = firstTime(m.ld.modified, m.articleModified, m.ogUpdated, m.itemModified, pg.modified)
	a.Section = firstOf(m.ld.section, collapseSpace(m.articleSection))

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
	a.Tags = dedupe(a.Tags)

	a.Language = firstOf(m.lang, m.ld.lang, m.ld.pageLang, m.contentLanguage, localeToLanguage(m.ogLocale))
	if m.ldBroken > 0 {
		a.Warnings = append(a.Warnings, Warning{Message: "a JSON-LD block is not valid JSON and was ignored"})
	}
	return a
}

// h1Text returns the text of the chosen <h1>.
func (pg *htmlPage) h1Text() string {
	if pg.headline == nil {
		return ""
	}
	return collapseSpace(textContent(pg.headline))
}

// titleSeps separate a headline from the site name in a page title.
var titleSeps = [...]string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "}

// cleanTitle removes a site-name suffix from a title: " - Newslooks".
// When loose is set (a <title> or og:title), a short last part after " | "
// is removed even when it names no known site.
func (pg *htmlPage) cleanTitle(t string, loose bool) string {
	t = collapseSpace(t)
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

// firstOf returns the first non-empty string.
func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// maxListLen bounds the authors and tags of an article, and maxImages
// its images: more are a hostile page, not a news article.
const (
	maxListLen = 64
	maxImages  = 256
)

// dedupe drops empty and repeated (in any case) strings, and keeps at
// most maxListLen.
func dedupe(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, min(len(list), maxListLen))
	seen := make(map[string]bool, len(out))
	for _, s := range list {
		if len(out) == maxListLen {
			break
		}
		s = strings.TrimSpace(s)
		key := strings.ToLower(s)
		if s != "" && !seen[key] {
			seen[key] = true
			out = append(out, s)
		}
	}
	return out
}

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
	Image
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
		if f&fMeta != 0 && !isFormatting(c.DataAtom) {
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
			if isInline(c.DataAtom) {
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
	r.buf, r.space = appendCollapsed(r.buf, s, r.space)
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
					caption, _ = appendCollapsed(caption, c.Data, len(caption) > 0)
				case inCredit:
					credit, _ = appendCollapsed(credit, c.Data, len(credit) > 0)
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
		if v := strings.TrimSpace(attr(n, k)); v != "" && !strings.HasPrefix(v, "data:") {
			src = v
			break
		}
	}
	if src == "" {
		if set := strings.TrimSpace(attr(n, "srcset")); set != "" {
			src, _, _ = strings.Cut(set, " ")
			src = strings.TrimSuffix(src, ",")
		}
	}
	if src == "" || attr(n, "width") == "1" || attr(n, "height") == "1" || len(pg.images) >= maxImages {
		return
	}
	img := pageImage{Image: Image{URL: pg.resolve(src), Caption: caption, Credit: collapseSpace(credit)}}
	if img.Caption == "" {
		img.Caption, img.altOnly = collapseSpace(attr(n, "alt")), true
	}
	pg.images = append(pg.images, img)
}

// isFormatting reports whether elements of type a only style the text
// they hold: a class on them says nothing about what the text is.
func isFormatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Strong, atom.Em, atom.I, atom.U:
		return true
	}
	return false
}

// isInline reports whether elements of type a sit inside a line of text
// rather than starting a block of their own.
func isInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data,
		atom.Del, atom.Dfn, atom.Em, atom.Font, atom.I, atom.Ins, atom.Kbd, atom.Mark,
		atom.Q, atom.S, atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub,
		atom.Sup, atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr, atom.Nobr, atom.Big, atom.Img,
		atom.Picture, atom.Source, atom.Acronym:
		return true
	case 0:
		return true // an element the parser does not know: a custom element
	}
	return false
}

// newslooksArticle fills a, which holds the page metadata, from the body
// blocks of a Newslooks page.
func (pg *htmlPage) newslooksArticle(a *Article) (*Article, error) {
	var warn warnings
	var hdr *header
	var ql *QuickLooks
	inQL, sawBody := false, false
	paras := make([]string, 0, len(pg.blocks))
	sections := make([]Section, 0, 8)
	start, heading, open := 0, "", false
	closeSection := func() {
		if open || len(paras) > start {
			sections = append(sections, Section{Heading: heading, Paragraphs: paras[start:len(paras):len(paras)]})
		}
	}
	for _, b := range pg.blocks {
		t := b.text
		if pg.isChromeText(t) || strings.EqualFold(t, "Deep Look") || strings.EqualFold(t, a.Headline) {
			continue
		}
		if !sawBody {
			if hdr == nil && b.kind == blockPara {
				if h, ok := parseHeader(t, true); ok {
					hdr = &h
					continue
				}
			}
			if t == a.Summary {
				continue
			}
		}
		if ql == nil && b.kind != blockItem && isQuickLooksTitle(t) {
			ql = &QuickLooks{Title: t, Items: []string{}}
			inQL = true
			continue
		}
		if inQL {
			item, isBullet := bulletItem(t)
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
		if b.kind == blockHeading || b.kind == blockPara && b.bold && isHeading(t) {
			closeSection()
			heading, open, start = t, true, len(paras)
			continue
		}
		paras = append(paras, t)
		sawBody = true
	}
	closeSection()
	if len(sections) == 0 || len(paras) == 0 {
		return nil, &ParseError{Err: fmt.Errorf("%w: the page has no article body", ErrNotArticle)}
	}
	a.Sections = sections

	if hdr != nil {
		if a.Headline == "" {
			a.Headline = hdr.headline
		}
		if a.Summary == "" {
			a.Summary = hdr.summary
		}
		by := &a.Byline
		if hdr.byline.Location != "" {
			by.Location = hdr.byline.Location
		}
		if hdr.byline.Edition != "" {
			by.Edition = hdr.byline.Edition
		}
		by.Publisher = firstOf(by.Publisher, hdr.byline.Publisher)
		if len(by.Authors) == 0 {
			by.Authors = hdr.byline.Authors
		}
	}
	a.Byline.Publisher = firstOf(a.Byline.Publisher, collapseSpace(pg.meta.applicationName))
	if a.Headline == "" {
		return nil, &ParseError{Err: fmt.Errorf("%w: the page has no headline", ErrNotArticle)}
	}
	if ql != nil {
		a.QuickLooks = *ql
		if len(ql.Items) == 0 {
			warn.add(0, "the Quick Looks block has no items")
		}
	} else {
		warn.add(0, "no Quick Looks block")
	}
	if first := sections[0].Paragraphs; len(first) > 0 {
		a.Dateline = datelineOf(first[0])
	}
	if a.Dateline == "" {
		warn.add(0, "the first paragraph has no dateline")
	}
	a.Images = pg.mergeImages()
	warn = append(a.Warnings, warn...)
	if pg.p.Strict && len(warn) > 0 {
		return nil, &ParseError{Err: fmt.Errorf("%w: %s", ErrStrict, warn[0].Message)}
	}
	a.Warnings = warn
	return a, nil
}

// isChromeText reports whether a block is a line of site chrome: one
// that the Parser's Chrome list names, alone or between dashes or
// brackets ("- Advertisement -").
func (pg *htmlPage) isChromeText(t string) bool {
	if pg.p.isChrome(t) {
		return true
	}
	trimmed := strings.Trim(t, " -–—•·|[]()")
	return trimmed != t && trimmed != "" && pg.p.isChrome(trimmed)
}

// mergeImages lists the page's images in the documented order, one per
// absolute URL.
func (pg *htmlPage) mergeImages() []Image {
	m := pg.meta
	all := make([]pageImage, 0, len(m.ld.images)+len(m.ogImages)+1+len(pg.images))
	for _, img := range m.ld.images {
		all = append(all, pageImage{Image: img})
	}
	for _, img := range m.ogImages {
		all = append(all, pageImage{Image: img, altOnly: true})
	}
	if m.twitterImage != "" {
		all = append(all, pageImage{Image: Image{URL: m.twitterImage}})
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
	imgs := make([]Image, len(out))
	for i, img := range out {
		imgs[i] = img.Image
	}
	return imgs
}

// merge completes the metadata article a of a foreign page with what the
// foreign parser found: a's fields win where they are set, and the body
// comes from f.
func (pg *htmlPage) merge(a, f *Article) (*Article, error) {
	if f == nil {
		return nil, &ParseError{Err: fmt.Errorf("%w: the page holds no article", ErrNotArticle)}
	}
	a.Headline = firstOf(a.Headline, f.Headline)
	a.Summary = firstOf(a.Summary, f.Summary)
	if len(a.Byline.Authors) == 0 {
		a.Byline.Authors = f.Byline.Authors
	}
	a.Byline.Publisher = firstOf(a.Byline.Publisher, f.Byline.Publisher, collapseSpace(pg.meta.applicationName))
	a.Byline.Location = firstOf(a.Byline.Location, f.Byline.Location)
	a.Byline.Edition = firstOf(a.Byline.Edition, f.Byline.Edition)
	a.QuickLooks = f.QuickLooks
	a.Dateline = f.Dateline
	a.Sections = f.Sections
	a.URL = firstOf(a.URL, f.URL)
	if a.Published.IsZero() {
		a.Published = f.Published
	}
	if a.Modified.IsZero() {
		a.Modified = f.Modified
	}
	a.Section = firstOf(a.Section, f.Section)
	if len(a.Tags) == 0 {
		a.Tags = f.Tags
	}
	a.Images = pg.mergeImages()
	for _, img := range f.Images {
		if !hasImage(a.Images, img.URL) {
			a.Images = append(a.Images, img)
		}
	}
	a.Language = firstOf(a.Language, f.Language)
	a.Warnings = append(a.Warnings, f.Warnings...)
	if a.Headline == "" {
		return nil, &ParseError{Err: fmt.Errorf("%w: the page has no headline", ErrNotArticle)}
	}
	if pg.p.Strict && len(a.Warnings) > 0 {
		return nil, &ParseError{Err: fmt.Errorf("%w: %s", ErrStrict, a.Warnings[0].Message)}
	}
	return a, nil
}

func hasImage(imgs []Image, u string) bool {
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
				switch c.DataAtom {
				case atom.Script, atom.Style, atom.Noscript, atom.Template:
					continue
				case atom.Br:
					b = append(b, ' ')
					continue
				}
				if classify(c)&fHidden != 0 {
					continue
				}
				if !isInline(c.DataAtom) {
					b = append(b, ' ')
				}
				walk(c)
			}
		}
	}
	walk(n)
	return string(b)
}

// collapseSpace trims s and turns each run of white space inside it
// (no-break spaces included) into one space.
func collapseSpace(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpaceByte(c) && (c != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ') || c == 0xC2 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b, _ := appendCollapsed(make([]byte, 0, len(s)), s, false)
	return string(b)
}

// appendCollapsed appends s to b with each run of white space made one
// space. space reports a space pending from an earlier call; it is written
// only before further text, and never at the start of b. It returns the
// new pending state.
func appendCollapsed(b []byte, s string, space bool) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpaceByte(c):
			space = true
			i++
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // U+00A0 NO-BREAK SPACE
			space = true
			i += 2
			continue
		}
		// A run of text up to the next space.
		j := i + 1
		for j < len(s) && !isSpaceByte(s[j]) && !(s[j] == 0xC2 && j+1 < len(s) && s[j+1] == 0xA0) {
			j++
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, s[i:j]...)
		i = j
	}
	return b, space
}
