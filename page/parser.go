package page

import (
	"bytes"
	"fmt"
	"github.com/newsingest/newslooks/page/internal/prescan"
	"io"
	"mime"
	"net/url"
	"sync"

	"golang.org/x/net/html"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/parseopt"
	"github.com/newsingest/newslooks/siterules"
)

// A Parser reads web pages into Articles. Its exported fields are
// options, which mean what the text parser's options of the same names
// mean (newslooks.Parser), so that one setting governs both forms. The
// zero value is ready to use with the defaults; a Parser is safe for
// concurrent use as long as its fields are not changed.
type Parser struct {
	// MaxBytes limits the size of one page, as it comes (before it is
	// decoded); a larger page is an ErrTooLarge error. Zero means
	// newslooks.DefaultMaxBytes.
	MaxBytes int64
	// Strict makes every warning an error wrapping newslooks.ErrStrict.
	Strict bool
	// Chrome lists the lines of site chrome that are dropped from pages
	// of every publisher, compared without regard to case or surrounding
	// space. Nil means newslooks.DefaultChrome(); an empty, non-nil slice
	// drops nothing.
	Chrome []string
	// Rules are site rules (package siterules), looked up by the host of
	// the page URL a page is parsed with; nil means none. See rules.go
	// for what a rule changes.
	Rules *siterules.Set
	// FieldSources makes each article say where its main fields came
	// from (Article.FieldSources).
	FieldSources bool
}

// ParseHTML parses an article from a web page with the default options.
// See Parser.ParseHTML.
func ParseHTML(r io.Reader, pageURL string) (*newslooks.Article, error) {
	return new(Parser).ParseHTML(r, pageURL)
}

// The DOM budget of a page (see MaxNodes).
const (
	// NodeBytes is the number of input bytes the DOM budget allows per node.
	NodeBytes = prescan.NodeBytes
	// BaseNodes is the number of nodes any page may have, however small.
	BaseNodes = prescan.BaseNodes
)

// MaxNodes returns the DOM budget of a page of size bytes: the most nodes
// its markup may make, by an estimate made before it is parsed. A page
// over it is an ErrTooLarge error; no real news page comes near it (they
// estimate at one node per 13 to 600 bytes).
func MaxNodes(size int) int { return prescan.MaxNodes(size) }

// isChrome reports whether line is a line of site chrome under p's
// Chrome option.
func (p *Parser) isChrome(line string) bool { return parseopt.IsChrome(p.Chrome, line) }

// checkWarnings returns the error that p's Strict option makes of an
// article's warnings, as the text parser does: nil, or a
// *newslooks.ParseError wrapping ErrStrict with the first warning.
func (p *Parser) checkWarnings(warnings []newslooks.Warning) error {
	if !p.Strict || len(warnings) == 0 {
		return nil
	}
	w := warnings[0]
	return &newslooks.ParseError{Line: w.Line, Err: fmt.Errorf("%w: %s", newslooks.ErrStrict, w.Message)}
}

// appendInput appends r, read to its end within p's MaxBytes, to dst.
func (p *Parser) appendInput(dst []byte, r io.Reader) ([]byte, error) {
	limit := parseopt.Limit(p.MaxBytes)
	b, err := parseopt.AppendLimited(dst, r, limit)
	switch {
	case err == parseopt.ErrOverLimit:
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: more than %d bytes", newslooks.ErrTooLarge, limit)}
	case err != nil:
		return nil, fmt.Errorf("reading input: %w", err)
	}
	return b, nil
}

// ParseHTML reads a web page from r and returns the article it holds.
// pageURL is the address the page was read from; it may be empty. Relative
// links are resolved against the page's <base>, then pageURL, then the
// page's canonical URL. ParseHTML does not close r.
//
// The page is read whole, up to MaxBytes (a larger page is an ErrTooLarge
// error), decoded into UTF-8 from the character set a byte-order mark or
// the page's <meta> declares (see ParseResponse for pages that came with
// an HTTP Content-Type), and parsed once into a DOM, within the DOM budget
// (see MaxNodes), without the text of its scripts and styles, which is
// most of a modern page and which nothing reads (JSON-LD scripts are
// kept), the outlines of its inline svg icons, or the indentation of
// its markup. A pageURL that does not parse is ignored, with a warning.
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
// any paragraph the Parser's Chrome list names. Any other page gets the
// same metadata, and its content from go-readability, which is handed the
// element that holds the headline and nearly all of the page's prose
// rather than the whole page.
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
//	                 or go-readability's byline > the first short name in an element
//	                 whose class or id has "author" as a part > the site's own name
//	                 when the JSON-LD types it Person
//	Byline.Publisher a microdata publisher linking to another site (a syndicated
//	                 copy) > og:site_name > JSON-LD publisher > DC.publisher >
//	                 application-name > the <title>'s suffix > microdata publisher >
//	                 the masthead logo's alt text > header line > the host name;
//	                 a domain form or @handle gives way to the same name written
//	                 out elsewhere, an abbreviation to the home link's full name
//	Byline.Location  header line > bureau or location element
//	Byline.Edition   header line > edition element
//	URL              <link rel=canonical> > og:url > JSON-LD url >
//	                 JSON-LD mainEntityOfPage > pageURL
//	CanonicalURL     <link rel=canonical> > og:url, made absolute
//	Published        article:published_time > JSON-LD datePublished >
//	                 itemprop=datePublished > other date metas (DC.date.issued,
//	                 pdate, ...) > the WebPage's JSON-LD date > <time> marked
//	                 published > first <time> > a date in the URL path >
//	                 the date go-htmldate finds (its extensive search) >
//	                 <time> marked updated; a time without a zone is read in
//	                 the page's zone when another of its times gives one, and
//	                 a UTC time is shown in that zone unless the date shown in
//	                 the text is its UTC day; a first choice within a minute
//	                 of a declared modification time, on a day the text does
//	                 not show, gives way to an earlier day a later source gives
//	Modified         JSON-LD dateModified > article:modified_time > og:updated_time >
//	                 itemprop=dateModified > <time> marked updated
//	Section          JSON-LD articleSection > article:section
//	Tags             JSON-LD keywords > article:tag > news_keywords > keywords > rel=tag links
//	Images           JSON-LD image, then og:image, then twitter:image, then the
//	                 article's figures and images, merged by absolute URL in that
//	                 order; a figure's caption replaces alternative text, and the
//	                 first credit found is kept; Images[0] is the lead image
//	Language         <html lang> > JSON-LD inLanguage (of the article, then of its
//	                 WebPage) > Content-Language > og:locale; when these
//	                 disagree the text decides between them, and when there is
//	                 none the language is detected from the text
//	                 (LanguageSource says which)
//
// Authors are cleaned of labels and roles ("Analysis by", "Editor"), of
// the site's own name and desks, and of CMS accounts; an agency beside
// reporters is their affiliation, and alone it is the author.
//
// Every page that has a text gives an Article, whatever it holds:
// PageType says whether it is an article, a listing (a section front that
// lists many), a forum thread, a product or event page, or another page
// (one where no article element holds the text, which is then the page's
// own blocks of text); callers that keep articles alone skip the rest (see
// ArticlesOnly). Text given to ParseHTML is an ErrNotArticle error that
// says so (use newslooks.Parse, or package source, which reads either
// form), as is a page with no text, such as an article page with an empty
// body.
func (p *Parser) ParseHTML(r io.Reader, pageURL string) (*newslooks.Article, error) {
	return p.ParseResponse(r, pageURL, "")
}

// ParseResponse is ParseHTML for a page that came with an HTTP
// Content-Type header, such as "text/html; charset=ISO-8859-5": its
// charset parameter, when the page has no byte-order mark, decides the
// page's encoding over the page's own <meta> declaration, as browsers
// decide. An empty contentType is ParseHTML.
//
// This package is the one place where pages are decoded: give it the
// bytes as they came over the wire (fetch.Response.Body is such bytes).
func (p *Parser) ParseResponse(r io.Reader, pageURL, contentType string) (*newslooks.Article, error) {
	buf := getInput()
	defer putInput(buf)
	src, err := p.appendInput((*buf)[:0], r)
	if err != nil {
		return nil, err
	}
	*buf = src
	if err := checkHTML(src); err != nil {
		return nil, err
	}
	return p.parse(src, pageURL, contentType, nil)
}

// Pages are read whole into a buffer that nothing refers to once the
// page is parsed (the DOM holds copies), so the buffers are reused from
// one page to the next rather than allocated for each: the input is a
// fifth of what parsing a page allocates, and allocation paces the
// garbage collector. A buffer that grew past maxPooledInput is left to
// the collector, so that one huge page does not stay pinned.
var inputBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledInput is the largest buffer kept for reuse.
const maxPooledInput = 4 << 20

func getInput() *[]byte { return inputBuffers.Get().(*[]byte) }

func putInput(buf *[]byte) {
	if cap(*buf) > maxPooledInput {
		return
	}
	*buf = (*buf)[:0]
	inputBuffers.Put(buf)
}

// charsetParam returns the charset parameter of a Content-Type header, or
// "".
func charsetParam(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// parse parses the page src, read from pageURL with the given HTTP
// Content-Type (or ""); known, when not nil, is metadata known from
// elsewhere, which wins over the page's (see ParseContent).
func (p *Parser) parse(src []byte, pageURL, contentType string, known *newslooks.Article) (*newslooks.Article, error) {
	page, warn := parsePageURL(pageURL)
	src = decode(src, contentType)
	rule := p.ruleFor(page)
	if rule != nil {
		src = rule.Rewrite(src)
	}
	src, err := prescan.Prepare(src)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		// The parser gives up on pages nested more than 512 deep.
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page cannot be parsed: %v", newslooks.ErrNotArticle, err)}
	}
	rule, root = p.ruleByDeclaredURL(rule, page, root, src)
	a, err := p.read(root, page, known, applyRule(rule, root))
	if err != nil {
		return nil, err
	}
	if warn != nil {
		a.Warnings = append(a.Warnings, *warn)
	}
	if err := p.checkWarnings(a.Warnings); err != nil {
		return nil, err
	}
	return a, nil
}

// parsePageURL parses the pageURL argument; one that does not parse is
// dropped with a warning rather than failing the page.
func parsePageURL(pageURL string) (*url.URL, *newslooks.Warning) {
	if pageURL == "" {
		return nil, nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, &newslooks.Warning{Message: fmt.Sprintf("the page URL %q does not parse and was ignored", pageURL)}
	}
	return u, nil
}

// read builds the article from the page's DOM: the metadata first, then
// the body, read by the rules of the text form on a Newslooks page and by
// go-readability on any other.
func (p *Parser) read(root *html.Node, page *url.URL, known *newslooks.Article, rm *ruleMatch) (*newslooks.Article, error) {
	meta := readMeta(root)
	l := newLinks(meta, page)
	sv := surveyPage(root)
	lo := chooseLayout(sv, root, l)
	// A page a site rule gives a body is no listing.
	listing := !rm.hasBody() && isListing(meta, sv, lo)
	a := metadata(root, meta, sv, lo, l)
	b := readBody(lo, l)
	a.Images = mergeImages(meta, l, b.images)
	fillKnown(a, known)
	var ruled bool
	var err error
	if rm.hasBody() {
		if ruled, err = p.ruleArticle(a, rm, l); err != nil {
			return nil, err
		}
	}
	fromBlocks := false
	switch {
	case ruled:
	case !listing && isNewslooks(meta, b.blocks):
		a, err = p.newslooksArticle(a, b.blocks)
	default:
		a, fromBlocks, err = p.readOther(a, root, meta, l, sv, lo, b.blocks)
	}
	if err != nil {
		return nil, err
	}
	if len(a.Byline.Authors) == 0 {
		a.Byline.Authors = shownAuthors(meta, sv, siteKeys(meta, l, a.Byline.Publisher))
	}
	a.Byline.Publisher = clean.FirstOf(a.Byline.Publisher, clean.Space(meta.applicationName))
	a.PageType = pageType(meta, listing, fromBlocks)
	p.applyFields(a, rm, meta)
	return a, nil
}

// readOther reads the body of another publisher's page with
// go-readability and merges it into a, which holds the page's metadata.
// Where go-readability finds no main content with a text, the body is the
// page's own blocks of text, and fromBlocks is true: a page that has a
// text is never refused. A page whose markup holds no text at all (the
// shell of an application that scripts draw) has the description it
// declares as its body, when it declares one, else the notice of its
// <noscript> ("Please enable JavaScript"), the only text it shows.
func (p *Parser) readOther(a *newslooks.Article, root *html.Node, meta *pageMeta, l *links, sv *survey, lo *layout, blocks []block) (_ *newslooks.Article, fromBlocks bool, _ error) {
	if prescan.NestingCost(root) > prescan.MaxNestingCost {
		return nil, false, &newslooks.ParseError{Err: fmt.Errorf("%w: the page's text is nested too deeply to read (a nesting cost over %d)", newslooks.ErrTooLarge, prescan.MaxNestingCost)}
	}
	paras := proseParas(lo.root, sv)
	var notice *newslooks.Article
	if !blocksHaveText(blocks) {
		// go-readability drops the noscript: its notice is read first.
		notice = noscriptArticle(sv.body)
	}
	keep, prose := narrowBody(sv, lo)
	var f *newslooks.Article
	var err error
	// Where the content scorer is sure of the article's element, and
	// go-readability's byline is not needed (bylineKnown), the body is
	// read from that element and go-readability does not run (score.go).
	var sc contentScore
	if bylineKnown(a, sv, func() (own, shown []string) {
		site := siteKeys(meta, l, a.Byline.Publisher)
		return ownByline(sv, a.Byline.Publisher, site), shownAuthors(meta, sv, site)
	}) {
		sc = scoreContent(keep, prose, sv, lo)
	}
	if sc.sure {
		f, err = p.fromElement(sc.n, sc.siblings, a.Headline, l.readabilityURL())
	}
	if f == nil && err == nil {
		trimHead(root)
		f, err = fromReadability(root, l.readabilityURL(), p, len(a.Byline.Authors) > 0)
	}
	if err == nil {
		p.addLeftProse(f, paras, lo.headline)
	}
	if err != nil {
		f = p.blocksArticle(blocks, a.Headline)
		if f == nil && sv.body != nil && lo.root != sv.body {
			// The article element holds no text: read what is left of the
			// whole body (narrowBody and go-readability dropped chrome).
			whole := *lo
			whole.root = sv.body
			f = p.blocksArticle(readBody(&whole, l).blocks, a.Headline)
		}
		if f == nil {
			f = descriptionArticle(a, meta, l)
		}
		if f == nil {
			f = notice
		}
		if f == nil {
			return nil, false, err
		}
		fromBlocks = true
	}
	a, err = merge(a, f)
	return a, fromBlocks, err
}
