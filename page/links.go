package page

import (
	"net/url"
	"strings"

	"github.com/newsingest/newslooks/internal/clean"
)

// links is what a page's addresses resolve against, and the names the
// page gives its site.
type links struct {
	base      *url.URL // what relative links resolve against; nil when unknown
	page      *url.URL // the pageURL argument; nil when empty
	canonical string   // <link rel=canonical>, as written
	siteNames []string // og:site_name, JSON-LD publisher, application-name, host
}

// newLinks returns the page's links. Relative links resolve against the
// page's <base>, itself resolved against pageURL; else pageURL; else the
// canonical URL or og:url.
func newLinks(m *pageMeta, page *url.URL) *links {
	// Room for the four names at most, in one allocation.
	l := &links{page: page, base: baseURL(m, page), canonical: m.canonical, siteNames: make([]string, 0, 4)}
	for _, n := range [...]string{m.ogSiteName, m.ld.publisher, m.applicationName} {
		if n != "" {
			l.siteNames = append(l.siteNames, n)
		}
	}
	if l.base != nil {
		if host := strings.TrimPrefix(l.base.Hostname(), "www."); host != "" {
			l.siteNames = append(l.siteNames, host)
		}
	}
	return l
}

// baseURL returns what relative links of a page read from page resolve
// against, or nil.
func baseURL(m *pageMeta, page *url.URL) *url.URL {
	if m.base != "" {
		if u, err := url.Parse(m.base); err == nil {
			if page != nil {
				u = page.ResolveReference(u)
			}
			if u.IsAbs() {
				return u
			}
		}
	}
	if page != nil && page.IsAbs() {
		return page
	}
	for _, c := range [...]string{m.canonical, m.ogURL} {
		if u, err := url.Parse(c); err == nil && u.IsAbs() {
			if page != nil {
				u = u.ResolveReference(page)
			}
			return u
		}
	}
	return page
}

// resolve makes ref absolute against the base, or returns it as written
// when it cannot be.
func (l *links) resolve(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	if l.base == nil || u.IsAbs() {
		return u.String()
	}
	return l.base.ResolveReference(u).String()
}

// readabilityURL returns the URL to hand to go-readability: pageURL, else
// the canonical URL, else the base.
func (l *links) readabilityURL() *url.URL {
	if l.page != nil {
		return l.page
	}
	if u, err := url.Parse(l.resolve(l.canonical)); err == nil && u.IsAbs() {
		return u
	}
	return l.base
}

// isSiteName reports whether s names the site rather than an article.
func (l *links) isSiteName(s string) bool { return clean.ContainsFold(l.siteNames, s) }
