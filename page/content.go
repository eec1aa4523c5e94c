package page

import (
	"bytes"
	"fmt"
	"html"
	"io"

	"github.com/newsingest/newslooks"
)

// ParseContent parses an article whose metadata is known and whose body
// is HTML content with no page around it, as a feed item's is (package
// feed builds its items' articles with it). ParseContent does not close
// r.
//
// The fields of known that are set are the article's, over what the
// content's markup says: the headline, summary, byline, URL, canonical
// URL, times, section, tags and language; known's images come before the
// content's. The content gives the body, and whatever known leaves empty,
// by the rules of ParseHTML. Relative links are resolved against
// known.URL. Content is read as UTF-8 (feeds are decoded whole); content
// with no markup at all is read a paragraph a line. Empty content is an
// ErrEmpty error, and content over MaxBytes an ErrTooLarge error.
func (p *Parser) ParseContent(r io.Reader, known *newslooks.Article) (*newslooks.Article, error) {
	if known == nil {
		known = new(newslooks.Article)
	}
	buf := getInput()
	defer putInput(buf)
	src, err := p.appendInput((*buf)[:0], r)
	if err != nil {
		return nil, err
	}
	*buf = src
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte(bom)))) == 0 {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the content is empty", newslooks.ErrEmpty)}
	}
	if bytes.IndexByte(src, '<') < 0 {
		src = linesAsParagraphs(src)
	}
	return p.parse(src, known.URL, "text/html; charset=utf-8", known)
}

// linesAsParagraphs returns text with no markup as HTML, each non-blank
// line a paragraph.
func linesAsParagraphs(text []byte) []byte {
	var out []byte
	for line := range bytes.Lines(text) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			out = append(out, "<p>"...)
			out = append(out, html.EscapeString(string(line))...)
			out = append(out, "</p>\n"...)
		}
	}
	return out
}

// fillKnown sets the fields of a that known sets (see ParseContent).
func fillKnown(a, known *newslooks.Article) {
	if known == nil {
		return
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&a.Headline, known.Headline)
	set(&a.Summary, known.Summary)
	set(&a.Byline.Publisher, known.Byline.Publisher)
	set(&a.Byline.Location, known.Byline.Location)
	set(&a.Byline.Edition, known.Byline.Edition)
	if len(known.Byline.Authors) > 0 {
		a.Byline.Authors = known.Byline.Authors
	}
	set(&a.URL, known.URL)
	set(&a.CanonicalURL, known.CanonicalURL)
	if !known.Published.IsZero() {
		a.Published = known.Published
	}
	if !known.Modified.IsZero() {
		a.Modified = known.Modified
	}
	if !known.Fetched.IsZero() {
		a.Fetched = known.Fetched
	}
	set(&a.Section, known.Section)
	if len(known.Tags) > 0 {
		a.Tags = known.Tags
	}
	if known.Language != "" {
		a.Language, a.LanguageSource = known.Language, languageDeclared
	}
	set(&a.Source, known.Source)
	if len(known.Images) > 0 {
		images := append([]newslooks.Image(nil), known.Images...)
		for _, img := range a.Images {
			if !hasImage(images, img.URL) {
				images = append(images, img)
			}
		}
		a.Images = images
	}
}
