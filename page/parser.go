package page

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/url"
	"sync"

	"golang.org/x/net/html"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
)

// A Parser reads web pages, and text, into Articles. It embeds the text
// Parser, whose options it shares: MaxBytes limits a page as it limits a
// text input, Strict makes warnings errors, and Chrome names the lines of
// site chrome to drop from pages of every publisher. The zero value is
// ready to use; a Parser is safe for concurrent use as long as its fields
// are not changed.
type Parser struct {
	newslooks.Parser
}

// ParseHTML parses an article from a web page with the default options.
// See Parser.ParseHTML.
func ParseHTML(r io.Reader, pageURL string) (*newslooks.Article, error) {
	return new(Parser).ParseHTML(r, pageURL)
}

// ParseAuto parses an article from a web page or the text form with the
// default options. See Parser.ParseAuto.
func ParseAuto(r io.Reader, pageURL string) (*newslooks.Article, error) {
	return new(Parser).ParseAuto(r, pageURL)
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
// kept). A pageURL that does not parse is ignored, with a warning.
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
//	                 published > first <time> > a date shown in the text by
//	                 microdata or a date element > a date in the URL path >
//	                 the date go-htmldate finds (its extensive search) >
//	                 <time> marked updated; a time without a zone is read in
//	                 the page's zone when another of its times gives one
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
// says so (use newslooks.Parse or ParseAuto), as is a page with no text,
// such as an article page with an empty body.
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
// bytes as they came over the wire (fetch.Page.Body is such bytes).
func (p *Parser) ParseResponse(r io.Reader, pageURL, contentType string) (*newslooks.Article, error) {
	buf := getInput()
	defer putInput(buf)
	src, err := p.AppendInput((*buf)[:0], r)
	if err != nil {
		return nil, err
	}
	*buf = src
	return p.parse(src, pageURL, contentType)
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

// ParseAuto parses one article from r, which may be a web page or the
// text form: it peeks at the first newslooks.SniffLen bytes, calls
// newslooks.Detect, and hands r to ParseResponse (with pageURL and
// contentType) or to the text parser. An input Detect cannot place goes
// to the text parser, whose error says what is wrong with it. Text that
// an HTTP contentType declares to be in another charset than UTF-8 is
// decoded first. ParseAuto does not close r.
func (p *Parser) ParseAuto(r io.Reader, pageURL string) (*newslooks.Article, error) {
	return p.ParseAutoResponse(r, pageURL, "")
}

// ParseAutoResponse is ParseAuto for an input that came with an HTTP
// Content-Type header; see ParseResponse.
func (p *Parser) ParseAutoResponse(r io.Reader, pageURL, contentType string) (*newslooks.Article, error) {
	br := bufio.NewReaderSize(r, newslooks.SniffLen)
	// A read error met here is met again, and reported, by the parser
	// that reads br.
	prefix, _ := br.Peek(newslooks.SniffLen)
	if newslooks.Detect(prefix) == newslooks.FormatHTML {
		return p.ParseResponse(br, pageURL, contentType)
	}
	return p.Parse(DecodeText(br, contentType))
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
// Content-Type (or "").
func (p *Parser) parse(src []byte, pageURL, contentType string) (*newslooks.Article, error) {
	if err := checkHTML(src); err != nil {
		return nil, err
	}
	page, warn := parsePageURL(pageURL)
	src = decode(src, contentType)
	if err := checkBudget(src); err != nil {
		return nil, err
	}
	root, err := html.Parse(bytes.NewReader(dropCode(src)))
	if err != nil {
		// The parser gives up on pages nested more than 512 deep.
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page cannot be parsed: %v", newslooks.ErrNotArticle, err)}
	}
	a, err := p.read(root, page)
	if err != nil {
		return nil, err
	}
	if warn != nil {
		a.Warnings = append(a.Warnings, *warn)
	}
	if err := p.CheckWarnings(a.Warnings); err != nil {
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
func (p *Parser) read(root *html.Node, page *url.URL) (*newslooks.Article, error) {
	meta := readMeta(root)
	l := newLinks(meta, page)
	sv := surveyPage(root)
	lo := chooseLayout(sv, root, l)
	listing := isListing(meta, sv, lo)
	a := metadata(root, meta, sv, lo, l)
	b := readBody(lo, l)
	a.Images = mergeImages(meta, l, b.images)
	var err error
	fromBlocks := false
	if !listing && isNewslooks(meta, b.blocks) {
		a, err = p.newslooksArticle(a, b.blocks)
	} else {
		a, fromBlocks, err = p.readOther(a, root, l, sv, lo, b.blocks)
	}
	if err != nil {
		return nil, err
	}
	a.Byline.Publisher = clean.FirstOf(a.Byline.Publisher, clean.Space(meta.applicationName))
	a.PageType = pageType(meta, listing, fromBlocks)
	return a, nil
}

// readOther reads the body of another publisher's page with
// go-readability and merges it into a, which holds the page's metadata.
// Where go-readability finds no main content with a text, the body is the
// page's own blocks of text, and fromBlocks is true: a page that has a
// text is never refused.
func (p *Parser) readOther(a *newslooks.Article, root *html.Node, l *links, sv *survey, lo *layout, blocks []block) (_ *newslooks.Article, fromBlocks bool, _ error) {
	if nestingCost(root) > maxNestingCost {
		return nil, false, &newslooks.ParseError{Err: fmt.Errorf("%w: the page's text is nested too deeply to read (a nesting cost over %d)", newslooks.ErrTooLarge, maxNestingCost)}
	}
	narrowBody(sv, lo)
	trimHead(root)
	f, err := fromReadability(root, l.readabilityURL(), p)
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
			return nil, false, err
		}
		fromBlocks = true
	}
	a, err = merge(a, f)
	return a, fromBlocks, err
}
