package siterules

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// NextPage returns the absolute address of the next page of the article
// on a page (root, read from base), and where that link came from: r's
// next_page_link when r has one (r may be nil); when it has none, the
// page's rel="next" link, else the link of a numbered pager to the page
// after this one ("2" on page 1). A heuristic link counts only when it
// stays on the page's host and continues the page's address: the same
// path with another page number (/story/2, /story-2.html,
// /story?page=2), never another story's. It returns "" when there is no
// next page.
func NextPage(r *Rule, root *html.Node, base *url.URL) (next string, how string) {
	if r != nil && len(r.NextPageLink) > 0 {
		ref, at := r.NextPage(root)
		if u := resolve(base, ref); u != nil && sameHost(u, base) {
			return u.String(), "next_page_link " + at.String()
		}
		return "", ""
	}
	if base == nil {
		return "", ""
	}
	want := strconv.Itoa(pageNumber(base) + 1)
	var relNext string
	var numbered []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if (c.DataAtom == atom.Link || c.DataAtom == atom.A) && relNext == "" && hasToken(attr(c, "rel"), "next") {
				relNext = attr(c, "href")
			}
			if c.DataAtom == atom.A {
				if strings.TrimSpace(textContent(c)) == want {
					numbered = append(numbered, attr(c, "href"))
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return chooseNext(base, relNext, numbered)
}

// NextPageInSource is NextPage without a rule, on a page's source rather
// than its tree: a scan of its tags for the rel="next" link and the
// numbered pager's link, which costs a fraction of parsing the page.
func NextPageInSource(src []byte, base *url.URL) (next string, how string) {
	if base == nil {
		return "", ""
	}
	want := strconv.Itoa(pageNumber(base) + 1)
	var relNext string
	var numbered []string
	z := html.NewTokenizer(bytes.NewReader(src))
	inA, href := false, ""
	var text strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return chooseNext(base, relNext, numbered)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			isA := len(name) == 1 && name[0] == 'a'
			if !isA && string(name) != "link" {
				continue
			}
			var rel, h string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "rel":
					rel = string(v)
				case "href":
					h = string(v)
				}
			}
			if relNext == "" && hasToken(rel, "next") {
				relNext = h
			}
			if isA {
				inA, href = true, h
				text.Reset()
			}
		case html.TextToken:
			if inA && text.Len() < 64 {
				text.Write(z.Text())
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); inA && len(name) == 1 && name[0] == 'a' {
				if strings.TrimSpace(text.String()) == want {
					numbered = append(numbered, href)
				}
				inA = false
			}
		}
	}
}

// chooseNext returns the first of the page's rel="next" link and its
// numbered pager's links that continues the page's address.
func chooseNext(base *url.URL, relNext string, numbered []string) (string, string) {
	if u := resolve(base, relNext); u != nil && continues(base, u) {
		return u.String(), `rel="next"`
	}
	for _, h := range numbered {
		if u := resolve(base, h); u != nil && continues(base, u) {
			return u.String(), "numbered pager"
		}
	}
	return "", ""
}

// SinglePage returns the absolute address of the one-page view of the
// article that r's single_page_link finds on the page, or "".
func SinglePage(r *Rule, root *html.Node, base *url.URL) string {
	if r == nil {
		return ""
	}
	ref, _ := r.SinglePage(root)
	if u := resolve(base, ref); u != nil && sameHost(u, base) {
		return u.String()
	}
	return ""
}

func resolve(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(strings.ToLower(ref), "javascript:") {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil
	}
	u.Fragment = ""
	return u
}

func sameHost(u, base *url.URL) bool {
	return base == nil || strings.EqualFold(u.Hostname(), base.Hostname())
}

// continues reports whether u is another page of the article at base:
// the same host, and the same path once the page number is taken off,
// with a different address.
func continues(base, u *url.URL) bool {
	if !sameHost(u, base) || u.String() == base.String() {
		return false
	}
	return pageStem(base) == pageStem(u)
}

// pagingParams are the query parameters that number a page.
var pagingParams = [...]string{"page", "p", "pg", "pagina", "seite", "pagenum"}

// pageStem returns the address of a page without its page number: the
// path less an extension, a trailing page number of up to three digits
// (with "/", "-", "_" or "page" before it), and the query less its
// paging parameter.
func pageStem(u *url.URL) string {
	p := strings.TrimSuffix(u.Path, "/")
	ext := ""
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		p, ext = p[:i], p[i:]
	}
	if n, rest := trailingNumber(p); n > 0 {
		rest = strings.TrimRight(rest, "/-_")
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "page"), "/")
		p = strings.TrimRight(rest, "/-_")
	}
	q := u.Query()
	for _, k := range pagingParams {
		q.Del(k)
	}
	return p + ext + "?" + q.Encode()
}

// pageNumber returns the number of the page at u: its paging parameter,
// or the trailing number of its path, else 1.
func pageNumber(u *url.URL) int {
	q := u.Query()
	for _, k := range pagingParams {
		if n, err := strconv.Atoi(q.Get(k)); err == nil && n > 0 && n < 1000 {
			return n
		}
	}
	p := strings.TrimSuffix(u.Path, "/")
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		p = p[:i]
	}
	if n, _ := trailingNumber(p); n > 0 {
		return n
	}
	return 1
}

// trailingNumber returns the number of up to three digits that ends p
// after a separator ("/", "-", "_", "page"), and p before it; 0 when
// there is none.
func trailingNumber(p string) (int, string) {
	i := len(p)
	for i > 0 && p[i-1] >= '0' && p[i-1] <= '9' {
		i--
	}
	if i == len(p) || len(p)-i > 3 || i == 0 {
		return 0, p
	}
	switch c := p[i-1]; {
	case c == '/' || c == '-' || c == '_' || strings.HasSuffix(p[:i], "page"):
	default:
		return 0, p
	}
	n, _ := strconv.Atoi(p[i:])
	return n, p[:i]
}

func hasToken(s, tok string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func textContent(n *html.Node) string {
	var b strings.Builder
	textOf(n, &b)
	return b.String()
}
