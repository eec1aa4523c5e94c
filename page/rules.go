package page

import (
	"bytes"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"github.com/newsingest/newslooks/siterules"
)

// This file is where site rules (package siterules) meet the page
// parser. A Parser with Rules looks the page's host up (by the page URL
// it is given) and, when a rule names it:
//
//   - the rule's find_string/replace_string pairs rewrite the source
//     before it is parsed;
//   - its strip and strip_id_or_class remove elements before anything is
//     read;
//   - its title, author, date and body replace the parser's own reading
//     of those fields only, when they find something: a rule with only
//     an author keeps the parser's body. A rule's body is read as it is
//     found (every element the first matching body selector finds, in
//     document order), cleaned of the page's chrome unless the rule says
//     "prune: no", and the page is then taken as an article even if it
//     looks like a section front.
//
// With FieldSources set, the Article says where each of its main fields
// came from: the rule's file and line, JSON-LD, Open Graph, or the
// parser's heuristics.

// A ruleMatch is the rule for one page and what it found there.
type ruleMatch struct {
	rule *siterules.Rule
	ex   siterules.Extraction
}

// ruleFor returns the rule for the page at u, or nil.
func (p *Parser) ruleFor(u *url.URL) *siterules.Rule {
	if p.Rules == nil || u == nil {
		return nil
	}
	return p.Rules.Match(u.Host)
}

// applyRule strips the tree as the rule says and reads the rule's fields
// from it. It returns nil for a nil rule.
func applyRule(r *siterules.Rule, root *html.Node) *ruleMatch {
	if r == nil {
		return nil
	}
	r.StripNodes(root)
	return &ruleMatch{rule: r, ex: r.Extract(root)}
}

// hasBody reports whether the rule found the body.
func (m *ruleMatch) hasBody() bool { return m != nil && len(m.ex.Body) > 0 }

// ruleArticle completes a, which holds the page's metadata, with the
// body the rule found, and reports whether it did. A body that holds no
// text (a rule gone stale, whose selector now finds the wrong element) is
// left to the parser's own reading, with a warning, as Full-Text RSS
// falls back to its own detection.
func (p *Parser) ruleArticle(a *newslooks.Article, m *ruleMatch, l *links) (bool, error) {
	s := sectioner{headline: a.Headline, base: l.readabilityURL(), p: p}
	for _, n := range m.ex.Body {
		// A copy is cleaned, so that the page stays whole for the
		// parser's own reading should the rule's body hold no text.
		n = cloneTree(n)
		cleanRuleBody(n, m.rule.Pruned())
		s.flush()
		s.element(n)
	}
	s.flush()
	sections := dropRepeatedSummary(s.body.Sections(), a.Summary)
	if len(sections) == 0 {
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "the site rule's body (" + m.ex.BodyAt.String() + ") holds no text; the body was read without it"})
		m.ex.Body = nil
		return false, nil
	}
	f := &newslooks.Article{Sections: sections, Images: s.images}
	if first := f.Sections[0].Paragraphs; len(first) > 0 {
		f.Dateline = textform.Dateline(first[0])
	}
	if a.Headline == "" {
		// The rule's title, applied after, may give the headline merge
		// asks for.
		a.Headline = m.ex.Title.First()
	}
	_, err := merge(a, f)
	return err == nil, err
}

// cloneTree returns a deep copy of n, detached from its tree.
func cloneTree(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: n.Attr}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneTree(k))
	}
	return c
}

// dropRepeatedSummary drops the body's first paragraph when it is the
// article's summary: a rule's body often takes in the standfirst, which
// the Article holds apart.
func dropRepeatedSummary(sections []newslooks.Section, summary string) []newslooks.Section {
	if len(sections) == 0 || summary == "" || len(sections[0].Paragraphs) == 0 {
		return sections
	}
	if first := sections[0].Paragraphs[0]; clean.Space(first) == clean.Space(summary) {
		sections[0].Paragraphs = sections[0].Paragraphs[1:]
		if len(sections[0].Paragraphs) == 0 && sections[0].Heading == "" {
			sections = sections[1:]
		}
	}
	return sections
}

// cleanRuleBody removes from a rule's body what gives no article text:
// scripts, forms and buttons always; when pruned, also the elements the
// parser reads as chrome or hidden (navigation, share bars, ads, asides).
func cleanRuleBody(n *html.Node, prune bool) {
	var doomed []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch {
		case htmlx.IsScript(c.DataAtom), c.DataAtom == atom.Form, c.DataAtom == atom.Button,
			c.DataAtom == atom.Noscript, c.DataAtom == atom.Template:
			doomed = append(doomed, c)
		case prune && (isChromeOrHidden(classify(c)) || c.DataAtom == atom.Aside || c.DataAtom == atom.Nav || isLinkList(c)):
			doomed = append(doomed, c)
		default:
			cleanRuleBody(c, prune)
		}
	}
	for _, c := range doomed {
		n.RemoveChild(c)
	}
}

// isLinkList reports whether n is a container whose text is mostly the
// text of links: a list of related stories or a carousel, as Readability
// prunes them, not prose that links.
func isLinkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Header, atom.Footer:
	default:
		return false
	}
	all, linked := linkText(n, false)
	return all > 0 && linked*2 > all
}

// linkText counts the letters and digits under n, and those inside links.
func linkText(n *html.Node, inLink bool) (all, linked int) {
	if n.Type == html.TextNode {
		for _, r := range n.Data {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				all++
			}
		}
		if inLink {
			linked = all
		}
		return all, linked
	}
	inLink = inLink || n.Type == html.ElementNode && n.DataAtom == atom.A
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		a, l := linkText(c, inLink)
		all, linked = all+a, linked+l
	}
	return all, linked
}

// applyFields sets the fields the rule found over the parser's own, and
// records where the fields came from when the Parser asks for it.
func (p *Parser) applyFields(a *newslooks.Article, m *ruleMatch, meta *pageMeta) {
	src := map[string]string{}
	if m != nil {
		ex := m.ex
		if t := ex.Title.First(); t != "" {
			a.Headline = t
			src["headline"] = ruleSource(ex.Title.At)
		}
		if ex.Author.Found() {
			var names []string
			for _, v := range ex.Author.Values {
				names = appendNames(names, v)
			}
			if names = personNames(names, articleSiteKeys(a)); len(names) > 0 {
				a.Byline.Authors = clean.Dedupe(names, maxListLen)
				src["authors"] = ruleSource(ex.Author.At)
			}
		}
		if t, ok := parseTime(ex.Date.First()); ok {
			a.Published = t
			src["published"] = ruleSource(ex.Date.At)
		}
		if m.hasBody() {
			src["body"] = ruleSource(m.ex.BodyAt)
		}
	}
	if !p.FieldSources {
		return
	}
	if src["headline"] == "" {
		src["headline"] = metaSource(a.Headline, meta.ld.headline, meta.ogTitle)
	}
	if src["authors"] == "" && len(a.Byline.Authors) > 0 {
		src["authors"] = "heuristics"
		if len(meta.ld.authors) > 0 && len(personNames(meta.ld.authors, articleSiteKeys(a))) > 0 &&
			clean.ContainsFold(meta.ld.authors, a.Byline.Authors[0]) {
			src["authors"] = "json-ld"
		}
	}
	if src["published"] == "" && !a.Published.IsZero() {
		src["published"] = "heuristics"
		if t, ok := parseTime(meta.ld.published); ok && t.Equal(a.Published) {
			src["published"] = "json-ld"
		} else if t, ok := parseTime(meta.articlePublished); ok && t.Equal(a.Published) {
			src["published"] = "open-graph"
		}
	}
	if src["body"] == "" && len(a.Sections) > 0 {
		src["body"] = "heuristics"
	}
	a.FieldSources = src
}

// ruleSource names a rule's directive as a field's source.
func ruleSource(at siterules.Origin) string { return "rule " + at.String() }

// metaSource names where a text field came from: JSON-LD, Open Graph or
// the parser's heuristics.
func metaSource(v, ld, og string) string {
	switch {
	case v == "":
		return ""
	case ld != "" && strings.Contains(clean.Space(unescapeText(ld)), v):
		return "json-ld"
	case og != "" && strings.Contains(clean.Space(unescapeText(og)), v):
		return "open-graph"
	}
	return "heuristics"
}

// ruleByDeclaredURL finds the rule of a page read without a page URL (a
// file) by the address the page declares (<link rel=canonical>, else
// og:url); the rule's source rewriting then calls for a second parse of
// the rewritten source (src, whose code dropCode dropped). It returns rule and root unchanged when the page
// had a URL, a rule, or declares no address.
func (p *Parser) ruleByDeclaredURL(rule *siterules.Rule, page *url.URL, root *html.Node, src []byte) (*siterules.Rule, *html.Node) {
	if rule != nil || page != nil || p.Rules == nil {
		return rule, root
	}
	u := declaredURL(root)
	if u == nil {
		return nil, root
	}
	if rule = p.Rules.Match(u.Host); rule == nil || len(rule.Replace) == 0 {
		return rule, root
	}
	if again, err := html.Parse(bytes.NewReader(rule.Rewrite(src))); err == nil {
		root = again
	}
	return rule, root
}

// declaredURL returns the absolute address a page declares for itself,
// or nil.
func declaredURL(root *html.Node) *url.URL {
	var canonical, og string
	// The head is read; a body's links are not the page's address.
	for n := htmlx.Next(root, root); n != nil && n.DataAtom != atom.Body; n = htmlx.Next(n, root) {
		switch {
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Link && canonical == "" && hasToken(htmlx.Attr(n, "rel"), "canonical"):
			canonical = htmlx.Attr(n, "href")
		case n.DataAtom == atom.Meta && og == "" && htmlx.Attr(n, "property") == "og:url":
			og = htmlx.Attr(n, "content")
		}
	}
	for _, s := range [...]string{canonical, og} {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil && u.IsAbs() && u.Host != "" {
			return u
		}
	}
	return nil
}
