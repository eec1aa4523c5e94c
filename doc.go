// Package newslooks parses news articles into one typed Article: Newslooks
// text copies exactly, Newslooks web pages to the same result, and other
// publishers' pages as well as the page allows.
//
// # The text form
//
// A Newslooks text copy reads, top to bottom:
//
//	HEADLINE/ PUBLISHER/ LOCATION/ AUTHORS/ EDITION/ SUMMARY
//
//	TOPIC Quick Looks
//	- bullet
//	- bullet
//
//	HEADLINE
//	Deep Look
//	DATELINE — first paragraph of the body ...
//	paragraph
//	Section Heading
//	paragraph
//	The Big Picture
//	paragraph
//	You must Register or Login to post a comment.
//
// The header line's fields are separated by a slash and a space; a slash
// with no space after it ("24/7") is text. The headline comes first and the
// summary is the rest of the line after the last byline field. The byline
// fields are recognised by their shape, not their position, since real
// copies drop some: the publisher is a short site name, the location is in
// capitals ("NEW YORK"), the authors are personal names ("A. Reyes, P. Lin
// & K. Wu", kept as a list), the edition ends in "Edition".
//
// The Quick Looks block is a title line ending in "Quick Looks" and items
// each starting with a bullet ("- ", "• ", "* " or "– "). The repeated
// headline and "Deep Look" open the body and are not content. The body is
// paragraphs under section headings; a heading is a short line that is not
// a sentence. The text before the first heading is a section with an empty
// heading. The first paragraph starts with the dateline, the place the story
// was filed from, which Article.Dateline holds without any credit in
// brackets ("LONDON (AP) — ..." gives "LONDON"). Paragraphs are kept exactly
// as written. Lines of site chrome (Parser.Chrome) are dropped.
//
// # Where the parser is lenient
//
// Like net/mail, the parser accepts more than the reference describes:
//
//   - A UTF-8 byte-order mark, CRLF line ends, and spaces and tabs around
//     lines are ignored. Text saved as UTF-16 with a byte-order mark is read
//     as the same text in UTF-8.
//   - Hard-wrapped copies, whose lines are at most 100 characters and whose
//     paragraphs are separated by blank lines, have the lines of each
//     paragraph joined with one space; a short heading may stand directly
//     above its paragraph.
//   - Any byline field may be missing, and the Quick Looks block, the
//     repeated headline, "Deep Look" and the dateline too; each missing part
//     but the byline fields is recorded in Article.Warnings. A header line
//     that has no byline field at all is accepted only at the start of the
//     input, and a single all-capitals word there is read as a location,
//     not a publisher.
//
// It is strict where leniency would lose data or pass off a bad article:
// empty input, input with no header line (prose, binary data, an HTML
// page), invalid UTF-8, input over the size limit, and a header line with
// no body are errors. A stream that holds several articles is an error for
// Parse, which names the line where the second begins; Parser.Articles
// reads such streams. Errors are *ParseError values carrying the line and
// wrapping the sentinel errors (ErrEmpty, ErrNotArticle, ...), so callers
// test them with errors.Is and errors.As. A strict Parser makes every
// warning an error.
//
// # The packages around this one
//
// This package is the core: the Article and its parts, the errors, the
// text Parser, the canonical text form (Article.WriteTo), Markdown
// (Article.WriteMarkdown) and Detect. It depends on the standard library
// only, so a program that reads only the text form links nothing else.
// The rest builds on it, each package one concern, in layers whose
// imports point only down (TestLayers checks it, from go list):
//
//	layer 5  cmd/newslooks   the command, over files, folders, streams, URLs,
//	                         feeds and archives, into files or the store
//	layer 4  crawl/crawlsql  the crawl's state kept in the store's database
//	layer 3  source          any input into articles: files, folders, readers,
//	                         URLs, web archives, JSON lines, feed items
//	         crawl           feeds, sitemaps and sites, polled politely
//	         store           the article store (SQLite, PostgreSQL), search, export
//	layer 2  feed            RSS, Atom and JSON feeds; an item as an Article
//	         multipage       an article over several pages (or its print
//	                         view) read into one Article
//	layer 1  page            web pages into Articles (charsets, JSON-LD, Open
//	                         Graph, microdata, go-readability)
//	         ninjs           Articles as IPTC ninjs 2.2 news items
//	         dedup           canonical URLs, content hashes, near-duplicate
//	                         fingerprints
//	         fetch           downloading with bounded time and size, an
//	                         address guard
//	         warc            web archives as a stream of pages
//	layer 0  newslooks       this package: the Article, the text form
//	         siterules       per-site rules (FiveFilters XPath, our CSS):
//	                         fields, strips, next pages, headers
//
// A package imports only packages of lower layers (and internal ones); one
// layer's packages do not import each other, except where the test's table
// says so.
//
// Rules that more than one reader applies live once, in internal
// packages: the text form's header line, Quick Looks, headings and
// dateline (internal/textform), white-space collapsing and title-suffix
// stripping (internal/clean), the HTML element tables (internal/htmlx),
// and the size limit and site chrome that the text and page parsers share
// (internal/parseopt). SectionBuilder, here, builds the sections of every
// reader's articles.
//
// None of the functions that take an io.Reader close it.
package newslooks
