// Package extract puts newslooks and its peers behind one interface: the
// call the benchmarks time, and a mapping of each library's result onto
// the fields the evaluation scores.
package extract

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	htmldate "github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/newsingest/newslooks"
	"golang.org/x/net/html"

	"github.com/newsingest/newslooks/bench/internal/score"
	"github.com/newsingest/newslooks/page"
)

// A Result is what a library found on a page, in the evaluation's terms.
type Result struct {
	Title   string
	Authors []string
	// Author is the library's own author string, as trafilatura's
	// comparison script compares it: newslooks's names joined by "; ",
	// go-trafilatura's Metadata.Author, go-readability's byline.
	Author     string
	Summary    string
	SiteName   string
	Published  time.Time
	Language   string
	QuickLooks []string // only for a Structured library
	Headings   []string // only for a Structured library
	Text       string   // the body text
	PageType   string   // newslooks's Article.PageType; empty for the others
}

// Body is the article body as the aeb-dev benchmark scores it: for a
// Structured library the Quick Looks items (which precede the body) and
// then the section headings and paragraphs, one a line, without the
// headline or summary; for the others their body text.
func (r Result) Body() string {
	if len(r.QuickLooks) == 0 {
		return r.Text
	}
	return strings.Join(r.QuickLooks, "\n") + "\n" + r.Text
}

// A Lib is one library under test.
type Lib struct {
	// Name is the library's name in benchmark names and tables; it has no
	// space or slash.
	Name string
	// Module is the library's module path, for its version.
	Module string
	// Structured reports a library that gives quick-look items and section
	// headings; the others score "n/a" there.
	Structured bool
	// Parse is the call that the benchmarks time: the library's own entry
	// point from the page's bytes to its result. rawURL and u are the same
	// page address, parsed once outside the timed loop.
	Parse func(src []byte, rawURL string, u *url.URL) (any, error)
	// convert maps Parse's result onto a Result.
	convert func(any) (Result, error)
}

// Extract parses the page and maps the library's result onto a Result.
func (l Lib) Extract(src []byte, rawURL string) (Result, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return Result{}, err
	}
	v, err := l.Parse(src, rawURL, u)
	if err != nil {
		return Result{}, err
	}
	if l.convert == nil {
		return Result{}, errors.New(l.Name + " gives no article")
	}
	return l.convert(v)
}

// Newslooks is page.ParseHTML.
var Newslooks = Lib{
	Name:       "newslooks",
	Module:     "github.com/newsingest/newslooks",
	Structured: true,
	Parse: func(src []byte, rawURL string, _ *url.URL) (any, error) {
		return page.ParseHTML(bytes.NewReader(src), rawURL)
	},
	convert: func(v any) (Result, error) {
		a := v.(*newslooks.Article)
		r := Result{
			Title:      a.Headline,
			Authors:    a.Byline.Authors,
			Author:     strings.Join(a.Byline.Authors, "; "),
			Summary:    a.Summary,
			SiteName:   a.Byline.Publisher,
			Published:  a.Published,
			Language:   a.Language,
			QuickLooks: a.QuickLooks.Items,
			Text:       a.Text(),
			PageType:   a.PageType,
		}
		r.Headings = Headings(a)
		return r, nil
	},
}

// Headings returns the non-empty section headings of an article.
func Headings(a *newslooks.Article) []string {
	var hs []string
	for _, s := range a.Sections {
		if s.Heading != "" {
			hs = append(hs, s.Heading)
		}
	}
	return hs
}

// Readability is go-readability's FromReader, which reads the page, detects
// its encoding and parses it. The text is rendered from the article node
// outside the timed call.
var Readability = Lib{
	Name:   "readability",
	Module: "codeberg.org/readeck/go-readability/v2",
	Parse: func(src []byte, _ string, u *url.URL) (any, error) {
		return readability.FromReader(bytes.NewReader(src), u)
	},
	convert: func(v any) (Result, error) {
		a := v.(readability.Article)
		r := Result{
			Title:    a.Title(),
			Authors:  score.SplitAuthors(a.Byline()),
			Author:   a.Byline(),
			Summary:  a.Excerpt(),
			SiteName: a.SiteName(),
			Language: a.Language(),
		}
		r.Published, _ = a.PublishedTime()
		if a.Node != nil {
			var b strings.Builder
			if err := a.RenderText(&b); err != nil {
				return r, err
			}
			r.Text = b.String()
		}
		return r, nil
	},
}

// ReadabilityDoc is go-readability's FromDocument on a tree that bare
// html.Parse built: go-readability's extraction without FromReader's
// charset detection and Unicode normalisation. It is how newslooks calls
// go-readability on other publishers' pages, so newslooks's time over this
// one is what its own work costs there. Benchmarks only.
var ReadabilityDoc = Lib{
	Name:   "readability_doc",
	Module: "codeberg.org/readeck/go-readability/v2",
	Parse: func(src []byte, _ string, u *url.URL) (any, error) {
		doc, err := html.Parse(bytes.NewReader(src))
		if err != nil {
			return nil, err
		}
		return readability.FromDocument(doc, u)
	},
}

func trafilaturaLib(name string, fallback bool) Lib {
	return Lib{
		Name:   name,
		Module: "github.com/markusmobius/go-trafilatura",
		Parse: func(src []byte, _ string, u *url.URL) (any, error) {
			return trafilatura.Extract(bytes.NewReader(src), trafilatura.Options{OriginalURL: u, EnableFallback: fallback})
		},
		convert: func(v any) (Result, error) {
			res := v.(*trafilatura.ExtractResult)
			m := res.Metadata
			return Result{
				Title:     m.Title,
				Authors:   score.SplitAuthors(m.Author),
				Author:    m.Author,
				Summary:   m.Description,
				SiteName:  m.Sitename,
				Published: m.Date,
				Language:  m.Language,
				Text:      res.ContentText,
			}, nil
		},
	}
}

// Trafilatura is go-trafilatura's Extract with its default options: no
// fallback extractors.
var Trafilatura = trafilaturaLib("trafilatura", false)

// TrafilaturaFallback is go-trafilatura's Extract with EnableFallback, which
// also runs go-readability and go-domdistiller and keeps the best result,
// and dates the page with go-htmldate's extensive mode.
var TrafilaturaFallback = trafilaturaLib("trafilatura_fallback", true)

func htmldateLib(name string, extensive bool) Lib {
	return Lib{
		Name:   name,
		Module: "github.com/markusmobius/go-htmldate",
		Parse: func(src []byte, rawURL string, _ *url.URL) (any, error) {
			return htmldate.FromReader(bytes.NewReader(src), htmldate.Options{
				URL: rawURL, UseOriginalDate: true, SkipExtensiveSearch: !extensive,
			})
		},
		convert: func(v any) (Result, error) {
			return Result{Published: v.(htmldate.Result).DateTime}, nil
		},
	}
}

// HTMLDateFast is go-htmldate's FromReader for the original (publication)
// date without its extensive search: dates only.
var HTMLDateFast = htmldateLib("htmldate_fast", false)

// HTMLDateExtensive is go-htmldate's FromReader for the original date with
// its extensive search (the text patterns and dateparser): dates only.
var HTMLDateExtensive = htmldateLib("htmldate_extensive", true)

// Floor is bare golang.org/x/net/html.Parse: the cost of building the tree
// that every library here starts from. It extracts nothing.
var Floor = Lib{
	Name:   "html.Parse",
	Module: "golang.org/x/net",
	Parse: func(src []byte, _ string, _ *url.URL) (any, error) {
		return html.Parse(bytes.NewReader(src))
	},
}

// Tokenizer walks the page's tokens with golang.org/x/net/html's
// Tokenizer, reading each tag's name and attributes and each text, without
// building a tree: the floor of a streaming design, measured to show what
// newslooks could gain by not building the DOM. It extracts nothing.
var Tokenizer = Lib{
	Name:   "html.Tokenizer",
	Module: "golang.org/x/net",
	Parse: func(src []byte, _ string, _ *url.URL) (any, error) {
		z := html.NewTokenizer(bytes.NewReader(src))
		n := 0
		for {
			switch z.Next() {
			case html.ErrorToken:
				if err := z.Err(); err != io.EOF {
					return nil, err
				}
				return n, nil
			case html.StartTagToken, html.SelfClosingTagToken:
				_, more := z.TagName()
				for more {
					_, _, more = z.TagAttr()
				}
			case html.TextToken:
				n += len(z.Text())
			}
		}
	},
}

// Extractors are the libraries the evaluation scores, subject first.
func Extractors() []Lib { return []Lib{Newslooks, Readability, Trafilatura, TrafilaturaFallback} }

// All are the libraries the benchmarks time: the extractors, go-readability
// on a parsed tree, the floor and the tokenizer floor.
func All() []Lib {
	return []Lib{Newslooks, Readability, ReadabilityDoc, Trafilatura, TrafilaturaFallback, Floor, Tokenizer}
}
