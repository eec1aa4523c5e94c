// Command metacands prints, for each page named on the command line, the
// candidates a person checks when writing the metadata truth
// (testdata/metadata-truth.json) by hand: the <html lang>, <title>, the
// head's meta tags about title, author, date, site and language, the
// JSON-LD headline/author/date/publisher, every <h1>, every <time>, the
// elements whose class, id, rel or itemprop says byline, author or date,
// and the visible text around the first <h1>. It decides nothing: it shows
// where to look. A page may be an .html or .html.gz file.
//
//	go run ./cmd/metacands ../../shared/pages/bbc-1/source.html
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsingest/newslooks/bench/internal/score"
)

func main() {
	for _, p := range os.Args[1:] {
		if err := show(p); err != nil {
			fmt.Fprintln(os.Stderr, "metacands:", p, err)
		}
	}
}

func read(p string) ([]byte, error) {
	data, err := os.ReadFile(p)
	if err != nil || !strings.HasSuffix(p, ".gz") {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

var (
	metaKey  = regexp.MustCompile(`(?i)title|author|creator|date|time|publish|site|lang|byline|application-name|dc\.|sailthru|parsely`)
	byAttr   = regexp.MustCompile(`(?i)byline|author|writer|contributor|dateline|date|time|posted|publish|credit|source`)
	skipAttr = regexp.MustCompile(`(?i)comment|related|share|social|footer`)
)

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, k) {
			return a.Val
		}
	}
	return ""
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func show(p string) error {
	src, err := read(p)
	if err != nil {
		return err
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return err
	}
	fmt.Printf("==================== %s\n", p)
	var h1s []string
	byl := map[string]bool{}
	var bylOrder []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				fmt.Printf("html lang=%q\n", attr(n, "lang"))
			case atom.Title:
				fmt.Printf("<title> %q\n", text(n))
			case atom.Meta:
				k := attr(n, "property") + attr(n, "name") + attr(n, "itemprop") + attr(n, "http-equiv")
				if k != "" && metaKey.MatchString(k) {
					fmt.Printf("meta %s = %q\n", k, clip(attr(n, "content"), 120))
				}
			case atom.Script:
				if strings.Contains(attr(n, "type"), "ld+json") {
					if n.FirstChild != nil {
						ldjson(n.FirstChild.Data)
					}
				}
				return
			case atom.H1:
				h1s = append(h1s, text(n))
			case atom.Time:
				fmt.Printf("<time datetime=%q> %q\n", attr(n, "datetime"), clip(text(n), 80))
			case atom.Style:
				return
			}
			if n.DataAtom != atom.Meta && n.DataAtom != atom.Link {
				a := attr(n, "class") + " " + attr(n, "id") + " " + attr(n, "rel") + " " + attr(n, "itemprop") + " " + attr(n, "data-testid")
				if byAttr.MatchString(a) && !skipAttr.MatchString(a) {
					if t := text(n); t != "" && len(t) < 200 {
						k := strings.TrimSpace(a) + " :: " + t
						if !byl[k] {
							byl[k] = true
							bylOrder = append(bylOrder, k)
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, h := range h1s {
		fmt.Printf("<h1> %q\n", clip(h, 200))
	}
	for i, k := range bylOrder {
		if i >= 25 {
			fmt.Printf("… %d more\n", len(bylOrder)-i)
			break
		}
		fmt.Printf("byl? %s\n", clip(k, 180))
	}
	vis, err := score.HTMLText(bytes.NewReader(src))
	if err != nil {
		return err
	}
	lines := strings.Split(vis, "\n")
	at := -1
	if len(h1s) > 0 {
		h := strings.TrimSpace(h1s[0])
		prefix := string([]rune(h)[:min(30, len([]rune(h)))])
		for i, l := range lines {
			if h != "" && l == h {
				at = i
				break
			}
		}
		for i, l := range lines {
			if at < 0 && i > 0 && prefix != "" && strings.Contains(l, prefix) {
				at = i
			}
		}
	}
	fmt.Printf("--- visible text (%d lines) around first h1 at %d:\n", len(lines), at)
	from, to := at-8, at+18
	if at < 0 {
		from, to = 0, 40
	}
	for i := max(from, 0); i < min(to, len(lines)); i++ {
		fmt.Printf("  %4d| %s\n", i, clip(lines[i], 160))
	}
	return nil
}

func ldjson(s string) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		fmt.Printf("ld+json (unparsed) %s\n", clip(s, 300))
		return
	}
	var visit func(any, int)
	visit = func(v any, depth int) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth)
			}
			var parts []string
			for _, k := range []string{"@type", "headline", "name", "author", "creator", "datePublished", "dateCreated", "dateModified", "publisher", "inLanguage"} {
				if val, ok := x[k]; ok {
					b, _ := json.Marshal(val)
					parts = append(parts, k+"="+clip(string(b), 160))
				}
			}
			if len(parts) > 0 && depth == 0 {
				fmt.Printf("ld+json %s\n", strings.Join(parts, " "))
			}
			if depth == 0 {
				for k, e := range x {
					if k == "mainEntity" || k == "mainEntityOfPage" || k == "itemListElement" {
						visit(e, 0)
					}
				}
			}
		}
	}
	visit(v, 0)
}
