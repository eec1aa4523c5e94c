// Package htmlx holds what every reader of HTML in newslooks must agree on
// about elements: which ones start a block of text, which sit inside a
// line, which only style their text, and which never hold readable text.
// The page parser, the go-readability bridge and the feed reader all ask
// here, so that a paragraph ends at the same places in each.
package htmlx

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// IsBlock reports whether an element of type a ends the text before it
// and begins a block of its own: a paragraph, a heading, a list item, a
// table cell, a sectioning element.
func IsBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Caption,
		atom.Center, atom.Dd, atom.Details, atom.Dialog, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Li,
		atom.Main, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section, atom.Summary,
		atom.Table, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr, atom.Ul:
		return true
	}
	return false
}

// IsInline reports whether an element of type a sits inside a line of
// text rather than starting a block. An element the parser does not know
// (a custom element, a = 0) counts as inline.
func IsInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data,
		atom.Del, atom.Dfn, atom.Em, atom.Font, atom.I, atom.Ins, atom.Kbd, atom.Mark,
		atom.Q, atom.S, atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub,
		atom.Sup, atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr, atom.Nobr, atom.Big, atom.Img,
		atom.Picture, atom.Source, atom.Acronym, 0:
		return true
	}
	return false
}

// IsFormatting reports whether an element of type a only styles the text
// it holds, so that a class on it says nothing about what the text is.
func IsFormatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Strong, atom.Em, atom.I, atom.U:
		return true
	}
	return false
}

// IsScript reports whether an element of type a holds code or markup for
// later rather than text: script, style, noscript, template.
func IsScript(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	}
	return false
}

// GivesNoText reports whether the element n never gives readable text:
// scripts, and embedded or interactive content (forms, media, SVG and
// MathML, images).
func GivesNoText(n *html.Node) bool {
	if IsScript(n.DataAtom) {
		return true
	}
	switch n.DataAtom {
	case atom.Svg, atom.Math, atom.Button, atom.Form, atom.Input, atom.Select,
		atom.Textarea, atom.Iframe, atom.Object, atom.Embed, atom.Video,
		atom.Audio, atom.Canvas, atom.Picture, atom.Source, atom.Img:
		return true
	}
	return n.Type == html.ElementNode && n.DataAtom == 0 && n.Namespace != ""
}

// Attr returns the value of n's attribute key (in no namespace), or "".
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Child returns the first child element of n of type a, or nil; a nil n
// has none.
func Child(n *html.Node, a atom.Atom) *html.Node {
	if n == nil {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
	}
	return nil
}

// Next returns the node after n in document order within the tree under
// root (n's first child, else its next sibling, else that of its nearest
// ancestor that has one), or nil after the last. It lets a loop walk a
// tree without recursion and without an iterator's calls per node.
func Next(n, root *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != root; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}
