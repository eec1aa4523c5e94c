// Package source is the one way from inputs to articles: files, folders,
// standard input and other readers, http(s) URLs, web archives (WARC),
// JSON lines of articles and feed items go in; Items come out, each an
// article with the name of the input it came from, the address of its
// page and the time it was fetched.
//
//	list, err := source.Expand(os.Args[1:]) // files, folders, URLs, "-"
//	...
//	r := &source.Reader{Parser: &page.Parser{Strict: true}}
//	for it, err := range r.ReadAll(ctx, list.All()) { // folders walked as it goes
//		if err != nil {
//			log.Print(err) // "a.txt:12: not an article: ..."; reading goes on
//			continue
//		}
//		fmt.Println(it.Source, it.Article.Headline)
//	}
//
// # Forms
//
// A Reader tells an input's form from its first bytes, whatever its name:
//
//   - a web archive (WARC, plain or gzipped): each HTML page it holds is
//     an article whose page URL is the record's target and whose fetch
//     time is its WARC-Date; every other record is left out and reported
//     to Reader.Skipped;
//   - JSON lines (the first byte that is not space is "{"): one article a
//     line, in the JSON form of newslooks.Article; blank lines are none;
//   - a web page (newslooks.Detect says HTML): one article, parsed by
//     Reader.Parser (package page), decoded from the charset that its
//     Content-Type, byte-order mark or <meta> names;
//   - anything else: the text form, one article or a stream of them
//     (newslooks.Parser.Articles), decoded from the charset its
//     Content-Type names when it came over HTTP.
//
// Any input but a web archive may be gzipped as a whole. A folder is
// walked for .txt, .html, .htm, .warc and .warc.gz files (List.All); a URL
// is fetched with Reader.Fetch; a feed item is read from the feed when it
// holds the whole article, and fetched from its link otherwise.
//
// # Errors
//
// Reading goes on after an error wherever the input allows: a bad article
// of a text stream, a bad JSON line, a page of an archive that does not
// parse or a corrupt stretch of an archive are each one error, and the
// next article is read. Every error a Reader yields is an *Error that
// names the input, and the line (text, JSON lines) or the archive record
// (its offset and URL) where it applies; it wraps the cause, so that
// errors.Is finds newslooks.ErrNotArticle, a *newslooks.ParseError, a
// *fetch.Error, a *warc.CorruptError or a file system error through it.
//
// # Memory
//
// Inputs are produced one at a time: List.All walks a folder as its
// iteration reaches it, and ReadAll takes the next input only once the
// one before is read, so that memory does not grow with the number of
// inputs. A walk holds the names of the folders it is in, one folder per
// level of depth, packed: a name's bytes plus 8 for each file it may
// read or descend into (a folder of 300,000 files named like
// "000001.txt" costs under 6 MiB); the files it skips cost nothing.
//
// A Reader holds one input open at a time and one article of it in
// memory: its budget is a 64 KiB read buffer plus one record of the
// input, which is at most Parser.MaxBytes (newslooks.DefaultMaxBytes, 8
// MiB, by default) for a page, an article of the text form or a JSON
// line, and for a web archive what package warc documents (a body of at
// most 16 MiB). Parsing a page takes memory in proportion to its size,
// within page.MaxNodes. A larger record is an error, and reading goes on
// with the next.
//
// # Cancellation
//
// Every read obeys the context given to Read: once it is done, a read
// that blocks on a pipe, a terminal or the network is abandoned, and the
// iterator yields an *Error wrapping the context's cause and stops. What
// was read of an input cut short is not passed off as whole.
package source
