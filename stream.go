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
// one bad article loses no others. An error reading r is yielded last. An
// empty stream yields nothing. The iterator does not close r.
func (p *Parser) Articles(r io.Reader) iter.Seq2[*Article, error] {
	return func(yield func(*Article, error) bool) {
		s := articleSplitter{r: bufio.NewReaderSize(newTextReader(bufio.NewReaderSize(r, 64<<10)), 64<<10), limit: p.Limit()}
		for {
			chunk, first, tooBig, err := s.next()
			if tooBig {
				if !yield(nil, &ParseError{Line: first, Err: fmt.Errorf("%w: the article starting here is over %d bytes", ErrTooLarge, s.limit)}) {
					return
				}
			} else if len(bytes.TrimSpace(chunk)) > 0 {
				a, perr := p.parseDocument(string(chunk), first)
				if !yield(a, perr) {
					return
				}
			}
			if err != nil {
				if err != io.EOF {
					yield(nil, readError(err))
				}
				return
			}
		}
	}
}

// An articleSplitter cuts a stream into the text of one article at a time.
type articleSplitter struct {
	r       *bufio.Reader
	limit   int64
	buf     []byte // the article being read
	pending []byte // a header line read ahead: the start of the next article
	line    int    // number of the last line read
	start   int    // line number of pending
}

// next returns the text of the next article and the number of its first
// line. tooBig reports an article over the limit, whose text was dropped.
// err is io.EOF after the last article.
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
			if sawText && bytes.Contains(t, []byte(textform.Sep)) && textform.IsHeaderLine(string(t)) {
				s.pending, s.start = append(s.pending[:0], l...), s.line
				return s.buf, first, tooBig, nil
			}
			sawText = sawText || len(t) > 0
			if !tooBig {
				if int64(len(s.buf)+len(l)) > s.limit {
					tooBig, s.buf = true, s.buf[:0]
				} else {
					s.buf = append(s.buf, l...)
				}
			}
		}
		if rerr != nil {
			return s.buf, first, tooBig, rerr
		}
	}
}

// readLine returns the next line with its line end, however long it is,
// holding at most limit+1 bytes of it; the rest of a longer line is read
// and dropped.
func (s *articleSplitter) readLine() ([]byte, error) {
	l, err := s.r.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) {
		return l, err
	}
	long := append([]byte(nil), l...)
	for errors.Is(err, bufio.ErrBufferFull) {
		l, err = s.r.ReadSlice('\n')
		if int64(len(long)) <= s.limit {
			long = append(long, l...)
		}
	}
	return long, err
}
