// Package parseopt holds what every reader of articles shares, so that
// one option means the same for the text form and for web pages: the
// size limit of one input and reading an input within it, and the lines
// of site chrome that are dropped. The root package and package page
// each have their own option fields and hand them to these functions.
//
// It depends on the standard library only, as the root package must.
package parseopt

import (
	"errors"
	"io"
	"slices"
	"strings"
)

// DefaultMaxBytes is the size limit of one input when no limit is set.
const DefaultMaxBytes = 8 << 20

// DefaultChrome returns the lines of site chrome dropped when no list is
// set: comment and share prompts that the web page added around the
// article. Each call returns a new slice.
func DefaultChrome() []string {
	return []string{
		"You must Register or Login to post a comment.",
		"You must be logged in to post a comment.",
		"Leave a Reply",
		"Leave a Reply Cancel reply",
		"Leave a comment",
		"Share this:",
		"Share this article",
		"Share this story",
		"Like this:",
		"Like Loading...",
		"Related",
		"Related Posts",
		"Related Articles",
		"Post navigation",
		"Advertisement",
		"Subscribe to our newsletter",
	}
}

// defaultChrome is the list DefaultChrome returns, shared read-only, and
// maxDefaultChrome the length of its longest line: most lines of a body
// are longer and need no comparison.
var (
	defaultChrome    = DefaultChrome()
	maxDefaultChrome = len(slices.MaxFunc(defaultChrome, func(a, b string) int { return len(a) - len(b) }))
)

// Limit returns the size limit that a MaxBytes option sets: maxBytes, or
// DefaultMaxBytes when it is zero or negative.
func Limit(maxBytes int64) int64 {
	if maxBytes > 0 {
		return maxBytes
	}
	return DefaultMaxBytes
}

// IsChrome reports whether line is a line of site chrome under a Chrome
// option: equal, without regard to case, to one of chrome's lines, or of
// DefaultChrome's when chrome is nil.
func IsChrome(chrome []string, line string) bool {
	if chrome == nil {
		if len(line) > maxDefaultChrome {
			return false
		}
		chrome = defaultChrome
	}
	for _, c := range chrome {
		if len(c) == len(line) && strings.EqualFold(c, line) {
			return true
		}
	}
	return false
}

// ErrOverLimit is the error of AppendLimited for an input larger than
// its limit; each reader turns it into its own error.
var ErrOverLimit = errors.New("input over the size limit")

// AppendLimited appends r, read to its end, to dst and returns the
// extended slice. An input of more than limit bytes is ErrOverLimit; an
// error of r is returned as it is. When r knows its length
// (bytes.Reader, strings.Reader) it reads into one buffer of the right
// size.
func AppendLimited(dst []byte, r io.Reader, limit int64) ([]byte, error) {
	size := int64(512)
	if l, ok := r.(interface{ Len() int }); ok {
		size = int64(l.Len()) + 1 // +1: room to see EOF without growing
	}
	b := slices.Grow(dst, int(min(size, limit+1)))
	end := int64(len(b)) + limit // the input may run up to b[:end]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):min(int64(cap(b)), end+1)])
		b = b[:len(b)+n]
		if int64(len(b)) > end {
			return nil, ErrOverLimit
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
