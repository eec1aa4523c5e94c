// Package multipage reads an article that a site spreads over several
// pages, or offers whole on a one-page (print) view, into one Article.
//
// A Reader parses the page it is given with its page.Parser. When the
// site's rule (the Parser's Rules) names a single_page_link that the page
// holds, the one-page view is fetched and read instead. Otherwise the
// next page is looked for (siterules.NextPage): the rule's
// next_page_link, or where the rule names none (or there is no rule), the
// page's rel="next" link or a numbered pager, when it continues the
// page's own address. Each next page is fetched, parsed, and its body
// appended, in order, up to MaxPages pages; a page already read ends the
// run (a pager loop), as does a page that cannot be fetched or parsed,
// with a warning. The joined Article keeps the first page's metadata and
// its one canonical URL.
//
// The Reader does not fetch by itself: its Get does, and should be polite
// (robots.txt, the host's pacing, the address policy), as
// crawl.Crawler.Fetch is. Next pages are only ever on the first page's
// host.
package multipage

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/url"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

// DefaultMaxPages is the most pages a Reader whose MaxPages is zero
// joins into one article.
const DefaultMaxPages = 10

// A Getter fetches one page.
type Getter func(ctx context.Context, rawURL string) (*fetch.Response, error)

// A Reader reads articles that may span pages. Parser and Get are
// required. A Reader is safe for concurrent use as long as its fields are
// not changed.
type Reader struct {
	Parser *page.Parser
	Get    Getter
	// MaxPages is the most pages joined into one article; zero means
	// DefaultMaxPages, and 1 reads the given page alone.
	MaxPages int
	// Visited, when set, is told the address of a first page that Get
	// did not fetch, before Get fetches another page of its host, so that
	// Get's pacing counts the first request too (crawl.Crawler.Visited).
	Visited func(ctx context.Context, rawURL string) error
}

// Read reads the article that starts on the page body, fetched from
// pageURL with the given Content-Type, following its next pages (or its
// one-page view) as the package doc says.
func (r *Reader) Read(ctx context.Context, body []byte, pageURL, contentType string) (*newslooks.Article, error) {
	base, err := url.Parse(pageURL)
	maxPages := cmp.Or(r.MaxPages, DefaultMaxPages)
	if err != nil || base.Host == "" || maxPages <= 1 {
		return r.Parser.ParseResponse(bytes.NewReader(body), pageURL, contentType)
	}
	links := r.links(body, contentType, base)
	if r.Visited != nil && (links.next != "" || links.single != "") {
		// A failure to record it only costs the gap; the page is read.
		_ = r.Visited(ctx, pageURL)
	}
	var singleErr error
	if links.single != "" && links.single != base.String() {
		a, err := r.readSingle(ctx, links.single)
		if err == nil {
			keepAddress(a, pageURL)
			return a, nil
		}
		singleErr = err
	}
	first, err := r.Parser.ParseResponse(bytes.NewReader(body), pageURL, contentType)
	if err != nil {
		return nil, err
	}
	if singleErr != nil {
		// The one-page view failed: the pages are read as they are.
		first.Warnings = append(first.Warnings, newslooks.Warning{Message: fmt.Sprintf("the one-page view %s could not be read: %v", links.single, singleErr)})
	}
	r.follow(ctx, first, base, links, maxPages)
	return first, nil
}

// pageLinks are the links of a page that lead on: to the next page, and
// to the one-page view.
type pageLinks struct {
	next, how, single string
}

// links finds where a page leads on. Only a rule's next_page_link or
// single_page_link (XPath or CSS) needs the page's tree; the rel="next"
// link and the numbered pager are found by a scan of the source, so a
// page that is not paged costs a fraction of a second parse.
func (r *Reader) links(body []byte, contentType string, base *url.URL) pageLinks {
	rule := r.Parser.Rules.Match(base.Host)
	if rule == nil || len(rule.NextPageLink) == 0 && len(rule.SinglePageLink) == 0 {
		next, how := siterules.NextPageInSource(body, base)
		return pageLinks{next: next, how: how}
	}
	doc, err := parseDOM(body, contentType)
	if err != nil {
		return pageLinks{}
	}
	next, how := siterules.NextPage(rule, doc, base)
	return pageLinks{next: next, how: how, single: siterules.SinglePage(rule, doc, base)}
}

// readSingle fetches and parses the one-page view.
func (r *Reader) readSingle(ctx context.Context, single string) (*newslooks.Article, error) {
	pg, err := r.Get(ctx, single)
	if err != nil {
		return nil, err
	}
	return r.Parser.ParseResponse(bytes.NewReader(pg.Body), pg.URL, pg.Header.Get("Content-Type"))
}

// keepAddress gives an article read from another view of a page the
// page's own address, when the view names no canonical URL.
func keepAddress(a *newslooks.Article, pageURL string) {
	if a.CanonicalURL == "" {
		a.URL = pageURL
	}
}

// follow appends the bodies of the pages after the first to a.
func (r *Reader) follow(ctx context.Context, a *newslooks.Article, base *url.URL, links pageLinks, maxPages int) {
	seen := map[string]bool{base.String(): true}
	pages := 1
	for {
		next, how := links.next, links.how
		if next == "" {
			return
		}
		if seen[next] {
			a.Warnings = append(a.Warnings, newslooks.Warning{Message: fmt.Sprintf("page %d links back to %s (%s): a pager loop, not followed", pages, next, how)})
			return
		}
		if pages >= maxPages {
			a.Warnings = append(a.Warnings, newslooks.Warning{Message: fmt.Sprintf("the article has more than %d pages; %s and those after it were not read", maxPages, next)})
			return
		}
		seen[next] = true
		pg, err := r.Get(ctx, next)
		if err != nil {
			a.Warnings = append(a.Warnings, newslooks.Warning{Message: fmt.Sprintf("page %d (%s) could not be fetched: %v", pages+1, next, err)})
			return
		}
		if pg.URL != next && seen[pg.URL] {
			a.Warnings = append(a.Warnings, newslooks.Warning{Message: fmt.Sprintf("page %d (%s) redirects back to %s: a pager loop, not followed", pages+1, next, pg.URL)})
			return
		}
		seen[pg.URL] = true
		contentType := pg.Header.Get("Content-Type")
		more, err := r.Parser.ParseResponse(bytes.NewReader(pg.Body), pg.URL, contentType)
		if err != nil {
			a.Warnings = append(a.Warnings, newslooks.Warning{Message: fmt.Sprintf("page %d (%s) could not be parsed: %v", pages+1, pg.URL, err)})
			return
		}
		join(a, more)
		pages++
		if base, err = url.Parse(pg.URL); err != nil {
			return
		}
		links = r.links(pg.Body, contentType, base)
	}
}

// join appends the body and the new images of a next page to a: a
// first section without a heading continues a's last section.
func join(a, more *newslooks.Article) {
	sections := more.Sections
	if n := len(a.Sections); n > 0 && len(sections) > 0 && sections[0].Heading == "" {
		last := &a.Sections[n-1]
		last.Paragraphs = append(last.Paragraphs, sections[0].Paragraphs...)
		sections = sections[1:]
	}
	a.Sections = append(a.Sections, sections...)
	for _, img := range more.Images {
		dup := false
		for _, have := range a.Images {
			if have.URL == img.URL {
				dup = true
				break
			}
		}
		if !dup {
			a.Images = append(a.Images, img)
		}
	}
	a.Warnings = append(a.Warnings, more.Warnings...)
}

// parseDOM parses a page to find its links, decoded as the page parser
// decodes it (the Content-Type's charset, else the page's own).
func parseDOM(body []byte, contentType string) (*html.Node, error) {
	rd, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, err
	}
	return html.Parse(rd)
}
