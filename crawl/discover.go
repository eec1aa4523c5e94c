package crawl

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedTypes are the media types of <link rel="alternate"> that announce a
// feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/json":      true, // JSON Feed 1.0 pages used this
	"application/rdf+xml":   true,
}

// DiscoverFeeds returns the feeds a web page announces with <link
// rel="alternate" type="application/rss+xml"> (or Atom, or JSON Feed) in
// document order, resolved against the page's <base> and then pageURL,
// without duplicates; at most max of them (zero means no limit). It stops
// reading at <body>'s first element past the head, as browsers find such
// links in the head.
func DiscoverFeeds(src []byte, pageURL string, max int) []string {
	base, _ := url.Parse(pageURL)
	seen := make(map[string]bool)
	var out []string
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if a == atom.Body {
			return out
		}
		if !hasAttr || a != atom.Link && a != atom.Base {
			continue
		}
		attrs := make(map[string]string)
		for {
			k, v, more := z.TagAttr()
			attrs[string(k)] = strings.TrimSpace(string(v))
			if !more {
				break
			}
		}
		if a == atom.Base {
			if u, err := url.Parse(attrs["href"]); err == nil && base != nil {
				base = base.ResolveReference(u)
			}
			continue
		}
		if !hasToken(attrs["rel"], "alternate") || !feedTypes[strings.ToLower(attrs["type"])] || attrs["href"] == "" {
			continue
		}
		u, err := url.Parse(attrs["href"])
		if err != nil {
			continue
		}
		if base != nil {
			u = base.ResolveReference(u)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || seen[u.String()] {
			continue
		}
		seen[u.String()] = true
		out = append(out, u.String())
		if max > 0 && len(out) >= max {
			return out
		}
	}
}

// hasToken reports whether the space-separated list s holds tok.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
