package siterules

import (
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/antchfx/htmlquery"
	"github.com/antchfx/xpath"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsingest/newslooks/internal/htmlx"
)

// An Origin says where a directive was written: its file and line.
type Origin struct {
	File string
	Line int
}

// String formats the origin as "FILE:LINE".
func (o Origin) String() string {
	if o.Line == 0 {
		return o.File
	}
	return fmt.Sprintf("%s:%d", o.File, o.Line)
}

// A Selector picks parts of a page: an XPath 1.0 expression (FiveFilters
// files) or a CSS selector (our rules files). Its zero value selects
// nothing.
type Selector struct {
	// Expr is the expression as written.
	Expr string
	// At is where it was written.
	At Origin

	xp  *xpath.Expr     // an XPath expression, or
	css goquery.Matcher // a CSS selector
}

// newXPath compiles an XPath 1.0 expression.
func newXPath(expr string, at Origin) (Selector, error) {
	xp, err := xpath.Compile(expr)
	if err != nil {
		return Selector{}, fmt.Errorf("bad XPath %q: %w", expr, err)
	}
	return Selector{Expr: expr, At: at, xp: xp}, nil
}

// newCSS compiles a CSS selector.
func newCSS(expr string, at Origin) (Selector, error) {
	sel, err := cascadia.Compile(expr)
	if err != nil {
		return Selector{}, fmt.Errorf("bad CSS selector %q: %w", expr, err)
	}
	return Selector{Expr: expr, At: at, css: sel}, nil
}

// A Hit is one thing a selector found: an element, or, for an XPath that
// selects attributes or computes a string, a value.
type Hit struct {
	Node  *html.Node // nil for a value
	Value string     // set when Node is nil
}

// Text returns what a hit says: a value as is, a <meta>'s content, a
// <time>'s datetime, else an element's text, with white space collapsed.
func (h Hit) Text() string {
	if h.Node == nil {
		return strings.Join(strings.Fields(h.Value), " ")
	}
	if h.Node.Type == html.ElementNode {
		switch h.Node.DataAtom {
		case atom.Meta:
			return strings.Join(strings.Fields(attr(h.Node, "content")), " ")
		case atom.Time:
			if v := attr(h.Node, "datetime"); v != "" {
				return strings.TrimSpace(v)
			}
		}
	}
	var b strings.Builder
	textOf(h.Node, &b)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Select returns what s finds in the tree under root, in document order.
// An expression that fails while it is evaluated finds nothing.
func (s *Selector) Select(root *html.Node) (hits []Hit) {
	switch {
	case s.xp != nil:
		return s.selectXPath(root)
	case s.css != nil:
		for _, n := range goquery.NewDocumentFromNode(root).FindMatcher(s.css).Nodes {
			hits = append(hits, Hit{Node: n})
		}
	}
	return hits
}

// selectXPath evaluates an XPath expression. antchfx/xpath may panic on
// an expression that compiles but cannot be evaluated on this tree (a
// function given the wrong type); that is no match rather than a crash.
func (s *Selector) selectXPath(root *html.Node) (hits []Hit) {
	defer func() {
		if recover() != nil {
			hits = nil
		}
	}()
	switch v := s.xp.Evaluate(htmlquery.CreateXPathNavigator(root)).(type) {
	case *xpath.NodeIterator:
		for v.MoveNext() {
			nav, ok := v.Current().(*htmlquery.NodeNavigator)
			if !ok {
				continue
			}
			if nav.NodeType() == xpath.AttributeNode {
				hits = append(hits, Hit{Value: nav.Value()})
				continue
			}
			hits = append(hits, Hit{Node: nav.Current()})
		}
	case string:
		if strings.TrimSpace(v) != "" {
			hits = append(hits, Hit{Value: v})
		}
	case float64:
		hits = append(hits, Hit{Value: fmt.Sprint(v)})
	case bool:
		if v {
			hits = append(hits, Hit{Value: "true"})
		}
	}
	return hits
}

// IsZero reports whether s selects nothing (it was never set).
func (s *Selector) IsZero() bool { return s.xp == nil && s.css == nil }

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// textOf writes the text under n, without that of scripts and styles,
// with a space between blocks.
func textOf(n *html.Node, b *strings.Builder) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if htmlx.IsScript(n.DataAtom) {
			return
		}
	}
	block := n.Type == html.ElementNode && !htmlx.IsInline(n.DataAtom)
	if block {
		b.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		textOf(c, b)
	}
	if block {
		b.WriteByte(' ')
	}
}
