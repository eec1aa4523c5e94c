// Package page reads web pages into Articles: Newslooks pages by the
// rules of the text form, to the same Article as their text copy, and
// other publishers' pages as well as the page allows.
//
//	a, err := page.ParseHTML(f, "https://example.com/story")
//
// A Parser holds the options (MaxBytes, Strict, Chrome; the zero value is
// ready to use). Its entry points are three: ParseHTML for a page read
// from a file, ParseResponse for a page that came over HTTP with a
// Content-Type (whose charset then decides the page's encoding), and
// ParseContent for an article body whose metadata is known from
// elsewhere (a feed item's). To read inputs whose form is not known
// (text or HTML, a web archive, JSON lines), use package source, which
// calls this one for every page. Every page with a text gives an Article,
// whose PageType says whether it is an article, a listing, a forum
// thread, a product or event page, or another page (ArticlesOnly skips
// listings, and pages whose only text is a <noscript> notice, for callers
// that keep articles alone). Every error an input's content causes is
// a *newslooks.ParseError wrapping a sentinel (ErrNotArticle,
// ErrTooLarge, ...). Which of a page's sources wins for each field
// (JSON-LD, Open Graph, microdata, the DOM) is documented on
// Parser.ParseHTML.
//
// # How a page is read
//
// The files of the package follow the steps of a parse:
//
//	parser.go      the Parser, its entry points, and the order of the steps
//	decode.go      charset decoding: a byte-order mark, the HTTP charset,
//	               <meta>, or a guess (every page of the module is decoded here)
//	internal/prescan  before parsing: the DOM budget (MaxNodes) and
//	               dropping the text of scripts and styles, the outlines of
//	               svg icons and the markup's indentation, that nothing reads
//	declared.go    what the page declares about its article: <title>, <meta>
//	               tags, JSON-LD, microdata
//	ldjson.go      JSON-LD blocks decoded as json.Unmarshal decodes them, faster
//	classify.go    element classes: chrome, bylines, dates, ...
//	survey.go      one walk over the body: candidates for headline and
//	               article, bylines, dates, tags in the text
//	layout.go      where the article stands: its headline, container, subtitle
//	links.go       what addresses resolve against, and the site's names
//	precedence.go  the Article's metadata, each field from the first source
//	               that has a value; authors cleaned; the language
//	htmldate.go    the date of a page that dates itself nowhere else, by
//	               go-htmldate
//	blocks.go, text.go  the body's blocks of text in document order
//	newslooks.go   a Newslooks page, read by the rules of the text form
//	narrow.go, readability.go  another publisher's page: the article's
//	               element, then go-readability, then its output cleaned
//	siblings.go    the article's paragraphs go-readability dropped beside
//	               the ones it kept (an article split across sibling blocks)
//	furniture.go   what is cleaned from it: the lines of page furniture
//	               (related-story labels and the teasers under them,
//	               share and print links, author boxes, contact lines,
//	               image credits, a PHP site's error messages)
//	               in the languages of the pages read most
//	phrases.go     which of a list of phrases a line holds, in one pass
//	merge.go       metadata and body merged; images
//	pagetype.go    Article.PageType (article, listing, forum, product,
//	               other), and the body of a page with no article element
//	               (its blocks, else its declared description, else the
//	               notice of its <noscript>)
//	content.go     ParseContent: a body whose metadata is known
//	rules.go       site rules (Parser.Rules, package siterules): the source
//	               rewritten, elements stripped, the fields a rule names
//	               read by it, and where each field came from
//
// # Bounds
//
// A page is read whole, up to MaxBytes (8 MiB by default); its DOM is
// bounded before it is built (MaxNodes), and the work go-readability may
// do on it after. Parsing takes memory of 7 to 15 times a real page's
// size, and at most about 32 times at the edge of the DOM budget.
package page
