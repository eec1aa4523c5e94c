package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/internal/parseopt"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/warc"
)

// An Item is one article read from an input.
type Item struct {
	// Article is the article. Its Source is the page's address for a page
	// of a web archive, and otherwise the input's name unless it had one
	// (a JSON line may); its Fetched is Item.Fetched unless it had one.
	Article *newslooks.Article
	// Source is the name of the input it came from (Input.Name).
	Source string
	// PageURL is the address of its page: the URL fetched, after
	// redirects; the target of an archive record; a feed item's link. It
	// is "" for files and readers.
	PageURL string
	// Fetched is when its page was fetched: when a URL was fetched, or
	// the WARC-Date of an archive record; zero for files and readers.
	Fetched time.Time
}

// A Record is one unit of an input before the web page it holds, if it
// holds one, is parsed. Reader.Records and Reader.Parse split Read in two,
// so that a pipeline can read inputs in one place and parse their pages
// in many.
type Record struct {
	// Source is the name of the input (Item.Source).
	Source string
	// PageURL is the address of the page (Item.PageURL).
	PageURL string
	// Fetched is when the page was fetched (Item.Fetched).
	Fetched time.Time
	// ContentType is the HTTP Content-Type the page came with, which may
	// name its charset; "" when none is known.
	ContentType string
	// Index is the record's 1-based position among the records of its
	// input.
	Index int
	// Offset is the byte offset of a web archive's record; -1 for any
	// other input.
	Offset int64
	// Body is a web page's bytes as they came, for Parse; nil when
	// Article is set.
	Body []byte
	// Article is an article read already: the text form and JSON lines
	// are cheap to parse and are read in order.
	Article *newslooks.Article

	page io.Reader // in Read: the page to parse, in place of Body
}

// A Reader reads inputs into articles. Its exported fields are options;
// the zero value is ready to use with the defaults. A Reader is safe for
// concurrent use as long as its fields are not changed; to give each
// input its own Skipped function, use a copy of the Reader.
type Reader struct {
	// Parser parses web pages, and its MaxBytes, Strict and Chrome options
	// govern the text form too. Nil means a page.Parser with the defaults.
	Parser *page.Parser
	// Fetch fetches URL inputs and the links of feed items. Nil means a
	// fetch.Fetcher with the defaults and, as its MaxBytes, Parser's size
	// limit. A program that fetches on behalf of others gives the
	// guarded, polite fetcher of its crawl here.
	Fetch func(ctx context.Context, rawURL string) (*fetch.Response, error)
	// Stdin is read for the input Stdin. Nil means os.Stdin.
	Stdin io.Reader
	// ReadPage, when set, reads a web page fetched from a URL input in
	// place of Parser: package multipage's Reader.Read, which follows an
	// article over its next pages, fits. Read calls it; Parse, which has
	// no context to fetch in, does not.
	ReadPage func(ctx context.Context, body []byte, pageURL, contentType string) (*newslooks.Article, error)
	// Skipped, when not nil, is called with each web archive record that
	// holds no article, in the goroutine that iterates.
	Skipped func(Skip)
}

// readBuffer is the size of the buffer an input is read through.
const readBuffer = 64 << 10

// readers holds the read buffers of inputs read to their end, for the
// next: a run over many small files reuses a few buffers instead of
// making one, 64 KiB zeroed, per file.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBuffer) }}

// newReader returns a read buffer over r; putReader gives it back once
// nothing reads through it any more.
func newReader(r io.Reader) *bufio.Reader {
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

func putReader(br *bufio.Reader) {
	br.Reset(nil)
	readers.Put(br)
}

// ReadAll returns an iterator over the items of the inputs, read one after
// another, as Read reads each: List.All's inputs, or slices.Values of
// some. It takes each input from inputs only once the one before is read.
func (r *Reader) ReadAll(ctx context.Context, inputs iter.Seq[Input]) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		for in := range inputs {
			for it, err := range r.Read(ctx, in) {
				if !yield(it, err) {
					return
				}
			}
			if ctx.Err() != nil {
				return
			}
		}
	}
}

// Read returns an iterator over the articles of one input, in the order
// they stand in it. It yields each article with a nil error, and each
// error as an *Error with a zero Item; reading goes on after an error
// wherever the input allows (see the package documentation). An input
// that holds no article at all is an ErrEmpty error. Once ctx is done the
// iterator yields the context's cause and stops.
func (r *Reader) Read(ctx context.Context, in Input) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		for rec, err := range r.records(ctx, in, true) {
			var it Item
			if err == nil {
				it, err = r.parseIn(ctx, rec)
				if ctx.Err() != nil {
					// The page's read may have been cut short.
					yield(Item{}, rec.fail(context.Cause(ctx)))
					return
				}
			}
			if !yield(it, err) {
				return
			}
		}
	}
}

// Records returns an iterator over the records of one input, as Read
// reads them, without parsing the web pages among them: Parse does that.
// A record's Body is its own and stays valid.
func (r *Reader) Records(ctx context.Context, in Input) iter.Seq2[Record, error] {
	return r.records(ctx, in, false)
}

// Open returns the bytes of one input, as Read would read them, for a
// caller that reads a form of its own from it (a feed, say): a file, the
// Reader's Stdin, a reader, or the body of a fetched URL. Reading them
// fails with the context's cause once ctx is done, even if a read blocks.
// The caller closes them.
func (r *Reader) Open(ctx context.Context, in Input) (io.ReadCloser, error) {
	if in.kind == kindFeedItem {
		return io.NopCloser(strings.NewReader(in.extra.item.Content)), nil
	}
	rc, _, err := r.opener().open(ctx, in)
	if err != nil {
		return nil, &Error{Input: in.Name, Offset: -1, Err: err}
	}
	return rc, nil
}

// Parse returns the item of a record that Records yielded: its article,
// or for a web page the article Parser parses from its Body. An error is
// an *Error.
func (r *Reader) Parse(rec Record) (Item, error) {
	a := rec.Article
	if a == nil {
		body := rec.page
		if body == nil {
			body = bytes.NewReader(rec.Body)
		}
		var err error
		// A listing (a section front) is reported by the parser and
		// skipped here, as an ErrNotArticle error, as it always was.
		if a, err = page.ArticlesOnly(r.parser().ParseResponse(body, rec.PageURL, rec.ContentType)); err != nil {
			return Item{}, rec.fail(err)
		}
	}
	switch {
	case rec.Offset >= 0:
		a.Source = rec.PageURL
	case a.Source == "":
		a.Source = rec.Source
	}
	if a.Fetched.IsZero() {
		a.Fetched = rec.Fetched
	}
	return Item{Article: a, Source: rec.Source, PageURL: rec.PageURL, Fetched: rec.Fetched}, nil
}

// parseIn is Parse, with ReadPage for a page fetched from a URL.
func (r *Reader) parseIn(ctx context.Context, rec Record) (Item, error) {
	if r.ReadPage == nil || rec.Article != nil || rec.Offset >= 0 || rec.Fetched.IsZero() {
		return r.Parse(rec)
	}
	body := rec.Body
	if rec.page != nil {
		var err error
		if body, err = io.ReadAll(rec.page); err != nil {
			return Item{}, rec.fail(err)
		}
	}
	a, err := r.ReadPage(ctx, body, rec.PageURL, rec.ContentType)
	if err != nil {
		return Item{}, rec.fail(err)
	}
	rec.Article = a
	return r.Parse(rec)
}

var defaultParser = new(page.Parser)

func (r *Reader) parser() *page.Parser {
	if r.Parser != nil {
		return r.Parser
	}
	return defaultParser
}

// limit is the size limit of one record.
func (r *Reader) limit() int64 { return parseopt.Limit(r.parser().MaxBytes) }

func (r *Reader) opener() *opener {
	o := &opener{stdin: r.Stdin, fetch: r.Fetch}
	if o.stdin == nil {
		o.stdin = os.Stdin
	}
	if o.fetch == nil {
		o.fetch = (&fetch.Fetcher{MaxBytes: r.limit()}).Fetch
	}
	return o
}

// records reads in. When inline is set, a web page is not read into
// Body but left for Parse to read from the input, which must then be
// called before the next record is asked for.
func (r *Reader) records(ctx context.Context, in Input, inline bool) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		base := Record{Source: in.Name, Offset: -1}
		s := scan{r: r, ctx: ctx, base: base, yield: yield}
		if in.kind == kindFeedItem {
			it := in.extra.item
			s.base.PageURL = it.Link
			a, err := it.Article(r.parser())
			if err != nil {
				s.fail(err)
				return
			}
			s.article(a)
			return
		}
		rc, org, err := r.opener().open(ctx, in)
		if err != nil {
			s.fail(err)
			return
		}
		defer rc.Close()
		s.base.PageURL, s.base.ContentType, s.base.Fetched = org.pageURL, org.contentType, org.fetched
		br := newReader(rc)
		defer putReader(br)
		prefix, err := peek(br)
		if err != nil {
			s.fail(err)
			return
		}
		if warc.Detect(prefix) {
			s.archive(br)
			return
		}
		if len(prefix) >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				s.fail(err)
				return
			}
			defer zr.Close()
			br = newReader(zr)
			defer putReader(br)
			if prefix, err = peek(br); err != nil {
				s.fail(err)
				return
			}
		}
		switch {
		case isJSON(prefix):
			s.jsonLines(br)
		case newslooks.Detect(prefix) == newslooks.FormatHTML:
			s.page(br, inline)
		default:
			s.text(br)
		}
	}
}

// peek returns the first bytes of br that newslooks.Detect needs.
func peek(br *bufio.Reader) ([]byte, error) {
	prefix, err := br.Peek(newslooks.SniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	return prefix, nil
}

// isJSON reports whether an input that starts with prefix is JSON lines.
func isJSON(prefix []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(prefix, []byte("\uFEFF")), " \t\r\n"), []byte("{"))
}

// A scan is the reading of one input.
type scan struct {
	r     *Reader
	ctx   context.Context
	base  Record // what every record of the input shares
	n     int    // records yielded
	yield func(Record, error) bool
}

// emit yields a record, or the context's cause once ctx is done, and
// reports whether to go on.
func (s *scan) emit(rec Record) bool {
	if s.ctx.Err() != nil {
		s.stop()
		return false
	}
	return s.yield(rec, nil)
}

// stop yields the context's cause: what was read may be cut short, and
// is not passed off as whole.
func (s *scan) stop() { s.yield(Record{}, s.base.fail(context.Cause(s.ctx))) }

// fail yields err, met in the input, and reports whether to go on.
func (s *scan) fail(err error) bool {
	if s.ctx.Err() != nil {
		s.stop()
		return false
	}
	return s.yield(Record{}, s.base.fail(err))
}

// article yields an article read already.
func (s *scan) article(a *newslooks.Article) bool {
	s.n++
	rec := s.base
	rec.Index, rec.Article = s.n, a
	return s.emit(rec)
}

// archive reads a web archive: a record per HTML page; every other
// record goes to Skipped.
func (s *scan) archive(r io.Reader) {
	for wr, err := range warc.Records(r, nil) {
		switch {
		case err != nil:
			if !s.fail(err) {
				return
			}
		case wr.Kind != warc.HTMLPage:
			if s.r.Skipped != nil {
				s.r.Skipped(Skip{Input: s.base.Source, Offset: wr.Offset, URL: wr.TargetURI, Reason: wr.Skip})
			}
		default:
			s.n++
			rec := s.base
			rec.Index, rec.Offset, rec.PageURL = s.n, wr.Offset, wr.TargetURI
			rec.ContentType, rec.Fetched, rec.Body = wr.ContentType, wr.Date, wr.Body
			if !s.emit(rec) {
				return
			}
		}
	}
}

// page reads a web page whole: into Body, or, inline, not at all.
func (s *scan) page(r io.Reader, inline bool) {
	rec := s.base
	rec.Index = 1
	s.n++
	if inline {
		rec.page = r
		s.emit(rec)
		return
	}
	limit := s.r.limit()
	body, err := parseopt.AppendLimited(nil, r, limit)
	switch {
	case err == parseopt.ErrOverLimit:
		s.fail(&newslooks.ParseError{Err: fmt.Errorf("%w: more than %d bytes", newslooks.ErrTooLarge, limit)})
		return
	case err != nil:
		s.fail(fmt.Errorf("reading input: %w", err))
		return
	}
	rec.Body = body
	s.emit(rec)
}

// text reads the text form: one article or a stream of them.
func (s *scan) text(r io.Reader) {
	p := s.r.parser()
	text := &newslooks.Parser{MaxBytes: p.MaxBytes, Strict: p.Strict, Chrome: p.Chrome}
	any := false
	for a, err := range text.Articles(page.DecodeText(r, s.base.ContentType)) {
		any = true
		if err != nil {
			if !s.fail(err) {
				return
			}
			continue
		}
		if !s.article(a) {
			return
		}
	}
	if !any {
		s.fail(&newslooks.ParseError{Err: newslooks.ErrEmpty})
	}
}

// jsonLines reads one article a line in the JSON form of
// newslooks.Article; blank lines hold none.
func (s *scan) jsonLines(br *bufio.Reader) {
	limit := s.r.limit()
	lr := lineReader{r: br, limit: limit}
	any := false
	for line := 1; ; line++ {
		b, over, err := lr.next()
		if over {
			any = true
			if !s.fail(&newslooks.ParseError{Line: line, Err: fmt.Errorf("%w: the line is over %d bytes", newslooks.ErrTooLarge, limit)}) {
				return
			}
		} else if t := bytes.TrimSpace(b); len(t) > 0 {
			any = true
			a := new(newslooks.Article)
			if jerr := json.Unmarshal(t, a); jerr != nil {
				if !s.fail(&newslooks.ParseError{Line: line, Err: fmt.Errorf("%w: a JSON line that is no article: %v", newslooks.ErrNotArticle, jerr)}) {
					return
				}
			} else if !s.article(a) {
				return
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			s.fail(fmt.Errorf("reading input (from line %d on): %w", line, err))
			return
		}
	}
	if !any {
		s.fail(&newslooks.ParseError{Err: newslooks.ErrEmpty})
	}
}

// A lineReader reads lines of at most limit bytes.
type lineReader struct {
	r     *bufio.Reader
	limit int64
	buf   []byte
	skip  bool // the last line went over the limit: skip the rest of it
}

// next returns the next line, without its line end. A line of more than
// limit bytes is reported (over) as soon as it passes the limit, and the
// next call skips the rest of it, so that memory stays within the limit
// and an endless line is an error at once. err is io.EOF after the last
// line.
func (lr *lineReader) next() (line []byte, over bool, err error) {
	for lr.skip {
		_, err := lr.r.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			lr.skip = false
			if err != nil {
				return nil, false, err
			}
		}
	}
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.buf = append(lr.buf, chunk...)
		if int64(len(bytes.TrimSuffix(lr.buf, []byte("\n")))) > lr.limit {
			lr.skip = errors.Is(err, bufio.ErrBufferFull)
			return nil, true, nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(lr.buf, []byte("\n")), false, err
	}
}
