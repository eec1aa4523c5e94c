package page

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/newsingest/newslooks"
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
// (PageType PageListing) becomes the *ParseError wrapping ErrNotArticle
// that says so. The parser reports listings and reads their text; callers
// that store articles (the command, the crawler) skip listings by default
// through it:
//
//	a, err := page.ArticlesOnly(p.ParseResponse(body, pageURL, contentType))
func ArticlesOnly(a *newslooks.Article, err error) (*newslooks.Article, error) {
	if err == nil && a != nil && a.PageType == newslooks.PageListing {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page lists articles (a section front) rather than holding one", newslooks.ErrNotArticle)}
	}
	return a, err
}
