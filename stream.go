package newslooks

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/newsingest/newslooks/internal/textform"
)

// Articles returns an iterator over the articles of r with the default
// options. See Parser.Articles.
func Articles(r io.Reader) iter.Seq2[*Article, error] { return new(Parser).Articles(r) }

// Articles returns an iterator over a stream that holds many articles one
// after another, as dumps do: each header line starts a new article, with
// or without a blank line before it. It holds one article in memory at a
// time.
//
// The iterator yields each article with a nil error, and an article that
// cannot be parsed as a nil article with its *ParseError (Line counted from
// the start of the stream); it then goes on with the next article, so that
// one bad article loses no others. An article over MaxBytes is reported
// as soon as it passes the limit, and the iterator skips to the next one;
// memory stays within the limit even for a stream with no line end.
//
// An error reading r is yielded last, naming the line where the text it
// may have cut short begins; that text is not parsed, so that a partial
// article is never passed off as whole. An empty stream yields nothing.
// The iterator does not close r.
func (p *Parser) Articles(r io.Reader) iter.Seq2[*Article, error] {
	return func(yield func(*Article, error) bool) {
		s := articleSplitter{r: bufio.NewReaderSize(newTextReader(bufio.NewReaderSize(r, 64<<10)), 64<<10), limit: p.limit()}
		for {
			chunk, first, tooBig, err := s.next()
			switch {
			case err != nil && err != io.EOF:
				// What was read of the article is cut short: report the
				// read error, never a partial article.
				yield(nil, fmt.Errorf("reading input (the text from line %d on is cut short): %w", first, err))
				return
			case tooBig:
				if !yield(nil, &ParseError{Line: first, Err: fmt.Errorf("%w: the article starting here is over %d bytes", ErrTooLarge, s.limit)}) {
					return
				}
			case len(bytes.TrimSpace(chunk)) > 0:
				a, perr := p.parseDocument(string(chunk), first)
				if !yield(a, perr) {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
}

// An articleSplitter cuts a stream into the text of one article at a time.
type articleSplitter struct {
	r        *bufio.Reader
	limit    int64
	buf      []byte // the article being read
	pending  []byte // a header line read ahead: the start of the next article
	line     int    // number of the last line read
	start    int    // line number of pending
	skipping bool   // an article went over the limit: skip to the next header line
	dropLine bool   // the line being read went over the limit: drop the rest of it
}

// next returns the text of the next article and the number of its first
// line. tooBig reports an article over the limit, as soon as it goes over:
// its text is dropped, and the next call skips what is left of it. err is
// io.EOF after the last article, or the reader's error.
func (s *articleSplitter) next() (chunk []byte, first int, tooBig bool, err error) {
	s.buf = s.buf[:0]
	first = s.line + 1
	// Text before the first header line of the stream is a chunk of its
	// own, so that it is reported rather than glued to the article.
	sawText := false
	if s.pending != nil {
		s.buf = append(s.buf, s.pending...)
		first, sawText, s.pending = s.start, true, nil
	}
	for {
		l, rerr := s.readLine()
		if len(l) > 0 {
			s.line++
			t := bytes.TrimSpace(bytes.TrimPrefix(l, []byte(bom)))
			if (sawText || s.skipping) && bytes.Contains(t, []byte(textform.Sep)) && textform.IsHeaderLine(string(t)) {
				s.pending, s.start = append(s.pending[:0], l...), s.line
				if s.skipping {
					s.skipping = false
					return s.next()
				}
				return s.buf, first, false, nil
			}
			sawText = sawText || len(t) > 0
			if !s.skipping {
				if s.dropLine || int64(len(s.buf)+len(l)) > s.limit {
					s.skipping, s.buf = true, s.buf[:0]
					return nil, first, true, rerr
				}
				s.buf = append(s.buf, l...)
			}
		}
		if rerr != nil {
			return s.buf, first, false, rerr
		}
	}
}

// readLine returns the next line with its line end. It holds at most
// limit+1 bytes of a line: a longer one is returned at that length with
// dropLine set, and the next call drops the rest of it, so that a stream
// with no line end (/dev/zero) is reported as too large at once rather
// than read forever into memory.
func (s *articleSplitter) readLine() ([]byte, error) {
	for s.dropLine {
		_, err := s.r.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			s.dropLine = false
			if err != nil {
				return nil, err
			}
		}
	}
	l, err := s.r.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		return l, err
	}
	long := append([]byte(nil), l...)
	for errors.Is(err, bufio.ErrBufferFull) {
		if int64(len(long)) > s.limit {
			s.dropLine = true
			return long, nil
		}
		l, err = s.r.ReadSlice('\n')
		long = append(long, l...)
	}
	return long, err
}
