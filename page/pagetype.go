package page

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageType classifies a page for Article.PageType from what the page says
// of itself: a listing (isListing), a discussion or a product or event by
// its JSON-LD types or og:type, an article when an article element holds
// its text, else other (fromBlocks: no article element was found, and the
// text is the page's own blocks).
func pageType(m *pageMeta, listing, fromBlocks bool) string {
	switch {
	case listing:
		return newslooks.PageListing
	case m.ld.found:
		return newslooks.PageArticle
	case hasType(m.ldTypes, "DiscussionForumPosting", "QAPage", "Question", "SocialMediaPosting"):
		return newslooks.PageForum
	case hasType(m.ldTypes, "Product", "Offer", "Event", "IndividualProduct", "ProductGroup"),
		strings.HasPrefix(strings.ToLower(m.ogType), "product"), strings.EqualFold(m.ogType, "event"):
		return newslooks.PageProduct
	case fromBlocks:
		return newslooks.PageOther
	}
	return newslooks.PageArticle
}

// hasType reports whether one of the page's JSON-LD types is one of want;
// a type may be qualified by its vocabulary ("schema:Product").
func hasType(types []string, want ...string) bool {
	for _, t := range types {
		if i := strings.LastIndexAny(t, ":/"); i >= 0 {
			t = t[i+1:]
		}
		for _, w := range want {
			if strings.EqualFold(t, w) {
				return true
			}
		}
	}
	return false
}

// maxBlockHeadline bounds a headline taken from the first block of a page
// that has no other.
const maxBlockHeadline = 120

// blocksArticle makes the body of a page where go-readability found no
// main content from the page's blocks of text (readBody's, chrome already
// dropped): headings start sections, paragraphs and list items are
// paragraphs, lines of chrome are dropped. A page with no headline gets
// its first heading, or failing that the start of its first paragraph. It
// returns nil when no paragraph is left.
func (p *Parser) blocksArticle(blocks []block, headline string) *newslooks.Article {
	var sb newslooks.SectionBuilder
	sb.Grow(len(blocks))
	f := &newslooks.Article{}
	for _, b := range blocks {
		t := b.text
		if t == "" || p.isChromeBlock(t) || strings.EqualFold(t, headline) || !hasLetter(t) {
			continue
		}
		if b.kind == blockHeading {
			if f.Headline == "" && headline == "" {
				f.Headline = t
				continue
			}
			sb.Heading(t)
			continue
		}
		sb.Paragraph(t)
	}
	if sb.Paragraphs() == 0 {
		return nil
	}
	f.Sections = sb.Sections()
	if f.Headline == "" && headline == "" {
		f.Headline = clipWords(f.Sections[0].Paragraphs[0], maxBlockHeadline)
	}
	return f
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// clipWords cuts s to at most n bytes at a word boundary.
func clipWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// bodyHeadline is the headline of a page that gives none anywhere: its
// body's first heading, else the start of its first paragraph.
func bodyHeadline(sections []newslooks.Section) string {
	for _, s := range sections {
		if s.Heading != "" {
			return s.Heading
		}
		if len(s.Paragraphs) > 0 {
			return clipWords(s.Paragraphs[0], maxBlockHeadline)
		}
	}
	return ""
}

// ArticlesOnly passes on what a parse gave, except that a listing
// (PageType PageListing), and a page whose only text is its <noscript>
// notice ("Please enable JavaScript": scripts draw the page), become the
// *ParseError wrapping ErrNotArticle that says so. The parser reports
// such pages and reads their text; callers that store articles (the
// command, the crawler) skip them by default through it, so that an
// unattended crawl stores no notices:
//
//	a, err := page.ArticlesOnly(p.ParseResponse(body, pageURL, contentType))
func ArticlesOnly(a *newslooks.Article, err error) (*newslooks.Article, error) {
	if err != nil || a == nil {
		return a, err
	}
	switch {
	case a.PageType == newslooks.PageListing:
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page lists articles (a section front) rather than holding one", newslooks.ErrNotArticle)}
	case isNoscriptOnly(a):
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page shows no text but its <noscript> notice (scripts draw it)", newslooks.ErrNotArticle)}
	}
	return a, nil
}

// isNoscriptOnly reports whether a's body is the <noscript> notice that
// noscriptArticle read for want of any other text.
func isNoscriptOnly(a *newslooks.Article) bool {
	if a.PageType != newslooks.PageOther {
		return false
	}
	for _, w := range a.Warnings {
		if w.Message == noscriptWarning {
			return true
		}
	}
	return false
}

// descriptionArticle returns the body of a page whose markup holds no
// text: the first of the descriptions it declares (a's summary, then
// JSON-LD, Open Graph, <meta name=description> and Twitter's) that is
// neither the site's name nor the headline, as one paragraph; a summary
// that only repeats the headline gives way to the next. It returns nil
// when there is no such description.
func descriptionArticle(a *newslooks.Article, m *pageMeta, l *links) *newslooks.Article {
	for _, d := range [...]string{a.Summary, m.ld.description, m.ogDescription, m.description, m.twitterDescription} {
		d = clean.Space(d)
		if d == "" || l.isSiteName(d) || strings.EqualFold(d, a.Headline) || !hasLetter(d) {
			continue
		}
		var sb newslooks.SectionBuilder
		sb.Paragraph(unescapeText(d))
		return &newslooks.Article{Sections: sb.Sections()}
	}
	return nil
}

// maxNoscript bounds the bytes of one <noscript> that noscriptArticle reads.
const maxNoscript = 16 << 10

// noscriptArticle returns the body of a page whose markup holds no text
// and declares no description: the text of the first <noscript> of body
// that has one ("We're sorry but this site doesn't work properly without
// JavaScript enabled."), as one paragraph. The parser reads a noscript's
// content as raw text, markup included, so it is parsed here as the
// fragment it is. The article warns that scripts draw the page (an error
// for a Strict parser). It returns nil when no noscript holds a text.
func noscriptArticle(body *html.Node) *newslooks.Article {
	if body == nil {
		return nil
	}
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == ""; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Noscript {
				found = noscriptText(c)
				continue
			}
			walk(c)
		}
	}
	walk(body)
	if found == "" {
		return nil
	}
	var sb newslooks.SectionBuilder
	sb.Paragraph(found)
	return &newslooks.Article{Sections: sb.Sections(), Warnings: []newslooks.Warning{{Message: noscriptWarning}}}
}

// noscriptWarning is the warning of a page whose body is its noscript
// notice.
const noscriptWarning = "the page's markup holds no text but its <noscript> notice: scripts draw the page"

// noscriptText returns the text a <noscript> element shows, white space
// collapsed, or "" when it shows none with a letter.
func noscriptText(n *html.Node) string {
	var raw strings.Builder
	for c := n.FirstChild; c != nil && raw.Len() < maxNoscript; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			raw.WriteString(c.Data)
		case html.ElementNode:
			// Parsed without scripting, the content is elements already.
			raw.WriteString(textContent(c))
		}
	}
	src := raw.String()
	if len(src) > maxNoscript {
		src = src[:maxNoscript]
	}
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, c := range nodes {
		b.WriteString(textContent(c))
		b.WriteByte(' ')
	}
	t := clean.Space(b.String())
	if !hasLetter(t) {
		return ""
	}
	return t
}

// blocksHaveText reports whether one of blocks has a letter.
func blocksHaveText(blocks []block) bool {
	for _, b := range blocks {
		if hasLetter(b.text) {
			return true
		}
	}
	return false
}
