package newslooks

import (
	"errors"
	"io"
	"iter"
)

// DefaultMaxBytes is the size limit of a Parser whose MaxBytes is zero.
const DefaultMaxBytes = 8 << 20

// A Parser parses Newslooks articles. Its exported fields are options; the
// zero value is ready to use with the defaults.
type Parser struct {
	// MaxBytes limits the size of one article's input; a larger input is
	// an ErrTooLarge error. Zero means DefaultMaxBytes.
	MaxBytes int64
	// Strict makes every warning an error wrapping ErrStrict.
	Strict bool
	// Chrome lists the lines of site chrome that are dropped wherever they
	// stand, compared without regard to case or surrounding space. Nil
	// means DefaultChrome.
	Chrome []string
}

// Parse parses exactly one article from r with the default options.
func Parse(r io.Reader) (*Article, error) { return new(Parser).Parse(r) }

// ParseString parses exactly one article from s with the default options.
func ParseString(s string) (*Article, error) { return new(Parser).ParseString(s) }

// Parse parses exactly one article from r. It does not close r.
func (p *Parser) Parse(r io.Reader) (*Article, error) { return nil, errors.New("TODO") }

// ParseString parses exactly one article from s.
func (p *Parser) ParseString(s string) (*Article, error) { return nil, errors.New("TODO") }

// Articles returns an iterator over the articles of a stream that holds
// many one after another.
func (p *Parser) Articles(r io.Reader) iter.Seq2[*Article, error] { return nil }

// WriteTo writes the article in the canonical Newslooks text form.
func (a *Article) WriteTo(w io.Writer) (int64, error) { return 0, errors.New("TODO") }
