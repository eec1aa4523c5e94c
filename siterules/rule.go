package siterules

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A Rule is what is known of one site: how to read its pages and how to
// ask for them. Every list is tried in order; a field left empty leaves
// that part of the page to the page parser's own reading.
type Rule struct {
	// Host is the host pattern the rule is for: "example.com" (and
	// www.example.com), ".example.com" (its subdomains), or "" for the
	// rules of every site (global.txt).
	Host string
	// File names where the rule was read.
	File string

	// Title, Author and Date pick those fields: the first selector that
	// finds a non-empty text gives the title and the date; for Author
	// every text the first such selector finds is an author.
	Title, Author, Date []Selector
	// Body picks the article's body: the first selector that finds
	// anything gives it, every element it finds in document order.
	Body []Selector
	// Strip removes the elements it finds before anything is read;
	// StripIDOrClass removes the elements whose class or id holds one of
	// its words.
	Strip          []Selector
	StripIDOrClass []Word
	// StripImageSrc removes the images whose src holds one of its texts
	// (an ad server's host, say).
	StripImageSrc []Word
	// Prune, when set, says whether the body is cleaned of the page's
	// chrome (navigation, share bars, ads) after it is picked; FiveFilters'
	// default is yes.
	Prune *Flag
	// NextPageLink finds the link to the next page of a multi-page
	// article; SinglePageLink the link to its one-page (print) view,
	// which is read instead.
	NextPageLink, SinglePageLink []Selector
	// Headers are sent with every request to the site: User-Agent,
	// Referer, Cookie.
	Headers []Header
	// Replace is applied to the page's source, in order, before it is
	// parsed.
	Replace []Replacement
	// Tests are pages of the site and text each must hold, to check that
	// the rule still works (see the rules test command).
	Tests []Test
}

// A Word is a word of strip_id_or_class, and where it was written.
type Word struct {
	Word string
	At   Origin
}

// A Flag is a yes/no directive, and where it was written.
type Flag struct {
	Value bool
	At    Origin
}

// A Header is a request header a site needs.
type Header struct {
	Name, Value string
	At          Origin
}

// A Replacement replaces every Find in a page's source with Replace.
type Replacement struct {
	Find, Replace string
	At            Origin
}

// A Test is a page of the site, and texts its article must contain.
type Test struct {
	URL      string
	Contains []string
	At       Origin
}

// merge returns a rule holding r's directives, then more's: lists are
// joined (r's tried first), and a flag of r's wins.
func (r *Rule) merge(more *Rule) *Rule {
	if more == nil {
		return r
	}
	m := *r
	m.Title = joined(r.Title, more.Title)
	m.Author = joined(r.Author, more.Author)
	m.Date = joined(r.Date, more.Date)
	m.Body = joined(r.Body, more.Body)
	m.Strip = joined(r.Strip, more.Strip)
	m.StripIDOrClass = joined(r.StripIDOrClass, more.StripIDOrClass)
	m.StripImageSrc = joined(r.StripImageSrc, more.StripImageSrc)
	m.NextPageLink = joined(r.NextPageLink, more.NextPageLink)
	m.SinglePageLink = joined(r.SinglePageLink, more.SinglePageLink)
	m.Headers = joined(r.Headers, more.Headers)
	m.Replace = joined(r.Replace, more.Replace)
	if m.Prune == nil {
		m.Prune = more.Prune
	}
	return &m
}

func joined[T any](a, b []T) []T {
	if len(b) == 0 {
		return a
	}
	return append(a[:len(a):len(a)], b...)
}

// Rewrite applies the rule's replacements to a page's source, in order.
// It returns src itself when there are none, or none applies.
func (r *Rule) Rewrite(src []byte) []byte {
	for _, rep := range r.Replace {
		if rep.Find == "" || !bytes.Contains(src, []byte(rep.Find)) {
			continue
		}
		src = bytes.ReplaceAll(src, []byte(rep.Find), []byte(rep.Replace))
	}
	return src
}

// StripNodes removes from the tree under root what Strip,
// StripIDOrClass and StripImageSrc name. It returns how many elements it
// removed.
func (r *Rule) StripNodes(root *html.Node) int {
	removed := 0
	for i := range r.Strip {
		for _, h := range r.Strip[i].Select(root) {
			if h.Node != nil && h.Node.Parent != nil && h.Node != root {
				h.Node.Parent.RemoveChild(h.Node)
				removed++
			}
		}
	}
	if len(r.StripIDOrClass) == 0 && len(r.StripImageSrc) == 0 {
		return removed
	}
	var doomed []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if r.namesIDOrClass(c) || r.namesImageSrc(c) {
				doomed = append(doomed, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	for _, n := range doomed {
		n.Parent.RemoveChild(n)
	}
	return removed + len(doomed)
}

// namesImageSrc reports whether n is an image whose src holds one of
// StripImageSrc's texts.
func (r *Rule) namesImageSrc(n *html.Node) bool {
	if n.DataAtom != atom.Img || len(r.StripImageSrc) == 0 {
		return false
	}
	src := attr(n, "src")
	for _, w := range r.StripImageSrc {
		if strings.Contains(src, w.Word) {
			return true
		}
	}
	return false
}

// namesIDOrClass reports whether one of StripIDOrClass's words is a word
// of n's class or id attribute, as Full-Text RSS matches them.
func (r *Rule) namesIDOrClass(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range strings.FieldsSeq(a.Val) {
			for _, w := range r.StripIDOrClass {
				if tok == w.Word {
					return true
				}
			}
		}
	}
	return false
}

// A Field is a value a rule found, and the directive that found it.
type Field struct {
	Values []string
	At     Origin
}

// Found reports whether the field has a value.
func (f Field) Found() bool { return len(f.Values) > 0 }

// First returns the field's first value, or "".
func (f Field) First() string {
	if len(f.Values) == 0 {
		return ""
	}
	return f.Values[0]
}

// firstText returns the texts that the first selector finding a
// non-empty text finds.
func firstText(sels []Selector, root *html.Node) Field {
	for i := range sels {
		var vals []string
		for _, h := range sels[i].Select(root) {
			if t := h.Text(); t != "" {
				vals = append(vals, t)
			}
		}
		if len(vals) > 0 {
			return Field{Values: vals, At: sels[i].At}
		}
	}
	return Field{}
}

// An Extraction is what a rule found on a page. A field that no
// directive found is empty, and left to the page parser.
type Extraction struct {
	Title, Author, Date Field
	// Body holds the elements of the article's body, in document order,
	// and BodyAt the directive that found them.
	Body   []*html.Node
	BodyAt Origin
}

// Extract reads the rule's fields from the tree under root, which should
// have been stripped first (StripNodes).
func (r *Rule) Extract(root *html.Node) Extraction {
	var e Extraction
	e.Title = firstText(r.Title, root)
	if t := e.Title; t.Found() {
		e.Title.Values = t.Values[:1]
	}
	e.Author = firstText(r.Author, root)
	e.Date = firstText(r.Date, root)
	if d := e.Date; d.Found() {
		e.Date.Values = d.Values[:1]
	}
	for i := range r.Body {
		var nodes []*html.Node
		for _, h := range r.Body[i].Select(root) {
			if h.Node != nil && h.Node.Type == html.ElementNode && !inside(h.Node, nodes) {
				nodes = append(nodes, h.Node)
			}
		}
		if len(nodes) > 0 {
			e.Body, e.BodyAt = nodes, r.Body[i].At
			break
		}
	}
	return e
}

// inside reports whether n is one of nodes or inside one: an XPath union
// may find an element and its child, whose text must not be read twice.
func inside(n *html.Node, nodes []*html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		for _, o := range nodes {
			if p == o {
				return true
			}
		}
	}
	return false
}

// Pruned reports whether the body should be cleaned of chrome: the
// rule's prune directive, yes when it has none.
func (r *Rule) Pruned() bool { return r.Prune == nil || r.Prune.Value }

// link returns the first link the selectors find: an href of the element
// found (or of the link inside it), or a value found.
func link(sels []Selector, root *html.Node) (string, Origin) {
	for i := range sels {
		for _, h := range sels[i].Select(root) {
			if h.Node == nil {
				if v := strings.TrimSpace(h.Value); v != "" {
					return v, sels[i].At
				}
				continue
			}
			if href := hrefOf(h.Node); href != "" {
				return href, sels[i].At
			}
		}
	}
	return "", Origin{}
}

// hrefOf returns the href of n or of the first <a> inside it.
func hrefOf(n *html.Node) string {
	if n.Type != html.ElementNode {
		return ""
	}
	if v := strings.TrimSpace(attr(n, "href")); v != "" {
		return v
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if v := hrefOf(c); v != "" {
			return v
		}
	}
	return ""
}

// NextPage returns the address of the next page as the rule's
// next_page_link finds it (possibly relative), or "".
func (r *Rule) NextPage(root *html.Node) (string, Origin) { return link(r.NextPageLink, root) }

// SinglePage returns the address of the one-page view as the rule's
// single_page_link finds it (possibly relative), or "".
func (r *Rule) SinglePage(root *html.Node) (string, Origin) { return link(r.SinglePageLink, root) }
