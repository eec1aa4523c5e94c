package newslooks

import (
	"errors"
	"net/url"

	"golang.org/x/net/html"
)

// parseForeignPage structures a page that is not a Newslooks page with
// go-readability. TODO: being written.
func parseForeignPage(root *html.Node, pageURL *url.URL) (*Article, error) {
	return nil, errors.New("TODO")
}
