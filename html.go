package newslooks

import (
	"errors"
	"io"
)

// ParseHTML parses an article from a web page. TODO.
func ParseHTML(r io.Reader, pageURL string) (*Article, error) {
	return new(Parser).ParseHTML(r, pageURL)
}

// ParseHTML parses an article from a web page. TODO.
func (p *Parser) ParseHTML(r io.Reader, pageURL string) (*Article, error) {
	return nil, errors.New("TODO")
}
