package page

import (
	"fmt"
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/textform"
)

// isNewslooks reports whether the page is a Newslooks page: its site name
// says so, or its body holds a Quick Looks title or the header line of
// the text form.
func isNewslooks(m *pageMeta, blocks []block) bool {
	for _, n := range [...]string{m.ogSiteName, m.ld.publisher} {
		if strings.Contains(strings.ToLower(n), "newslooks") {
			return true
		}
	}
	prose := false
	for _, b := range blocks {
		if b.kind == blockItem {
			continue
		}
		if textform.IsQuickLooksTitle(b.text) {
			return true
		}
		// The text form prints its header line above the article: a
		// footer line such as "Privacy / DMCA contact / Affiliate and FTC
		// Disclosure" after the prose parses as one too, and is none, as
		// is a photo credit ("© Agency / Studio / A. Photographer").
		if !prose && !strings.Contains(b.text, "©") {
			if _, ok := textform.ParseHeader(b.text, true); ok && b.kind == blockPara {
				return true
			}
		}
		if b.kind == blockPara && len(b.text) >= minProse {
			prose = true
		}
	}
	return false
}

// minProse is the length from which a paragraph is the article's prose,
// after which a header line no longer counts.
const minProse = 200

// newslooksArticle completes a, which holds the page metadata, from the
// body blocks of a Newslooks page, by the rules of the text form.
func (p *Parser) newslooksArticle(a *newslooks.Article, blocks []block) (*newslooks.Article, error) {
	r := copyReader{p: p, headline: a.Headline, summary: a.Summary}
	r.body.KeepEmpty = true
	r.body.Grow(len(blocks))
	for _, b := range blocks {
		r.add(b)
	}
	paragraphs := r.body.Paragraphs()
	a.Sections = r.body.Sections()
	if len(a.Sections) == 0 || paragraphs == 0 {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page has no article body", newslooks.ErrNotArticle)}
	}
	if r.header != nil {
		fillFromHeader(a, r.header)
	}
	if a.Headline == "" {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page has no headline", newslooks.ErrNotArticle)}
	}
	switch {
	case r.quickLooks == nil:
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "no Quick Looks block"})
	case len(r.quickLooks.Items) == 0:
		a.QuickLooks = *r.quickLooks
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "the Quick Looks block has no items"})
	default:
		a.QuickLooks = *r.quickLooks
	}
	if first := a.Sections[0].Paragraphs; len(first) > 0 {
		a.Dateline = textform.Dateline(first[0])
	}
	if a.Dateline == "" {
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "the first paragraph has no dateline"})
	}
	detectArticleLanguage(a)
	return a, nil
}

// A copyReader reads the blocks of a Newslooks page, in document order,
// as the text parser reads the lines of a copy.
type copyReader struct {
	p                 *Parser
	headline, summary string // the page's, to drop where the body repeats them

	header     *textform.Header      // the header line printed in the body, if any
	quickLooks *newslooks.QuickLooks // the Quick Looks block, if any
	inQL       bool                  // the last block belonged to the Quick Looks block
	sawBody    bool                  // a body paragraph was read
	body       newslooks.SectionBuilder
}

// add reads one block.
func (r *copyReader) add(b block) {
	t := b.text
	if r.p.isChromeBlock(t) || strings.EqualFold(t, "Deep Look") || strings.EqualFold(t, r.headline) {
		return
	}
	if !r.sawBody && r.beforeBody(b) {
		return
	}
	if r.quickLooks == nil && b.kind != blockItem && textform.IsQuickLooksTitle(t) {
		// Room for the items of most blocks (ten or so) at once.
		r.quickLooks = &newslooks.QuickLooks{Title: t, Items: make([]string, 0, 8)}
		r.inQL = true
		return
	}
	if r.inQL && r.quickLook(b) {
		return
	}
	r.inQL = false
	if b.kind == blockHeading || b.kind == blockPara && b.bold && textform.IsHeading(t) {
		r.body.Heading(t)
		return
	}
	r.body.Paragraph(t)
	r.sawBody = true
}

// beforeBody reads what may stand before the body: the header line and a
// repeated summary. It reports whether it took b.
func (r *copyReader) beforeBody(b block) bool {
	if r.header == nil && b.kind == blockPara {
		if h, ok := textform.ParseHeader(b.text, true); ok {
			r.header = &h
			return true
		}
	}
	return b.text == r.summary
}

// quickLook adds b to the Quick Looks block when it is an item: a list
// item, or a paragraph starting with a bullet. It reports whether it took
// b.
func (r *copyReader) quickLook(b block) bool {
	item, isBullet := textform.BulletItem(b.text)
	switch {
	case b.kind == blockItem && !isBullet:
		r.quickLooks.Items = append(r.quickLooks.Items, b.text)
		return true
	case isBullet && b.kind != blockHeading:
		if item != "" {
			r.quickLooks.Items = append(r.quickLooks.Items, item)
		}
		return true
	}
	return false
}

// fillFromHeader completes a page's article with what the header line of
// the text form, printed in its body, says: the page's own metadata wins,
// except for the location and edition, which only the header line carries
// reliably.
func fillFromHeader(a *newslooks.Article, hdr *textform.Header) {
	a.Headline = clean.FirstOf(a.Headline, hdr.Headline)
	a.Summary = clean.FirstOf(a.Summary, hdr.Summary)
	by := &a.Byline
	by.Location = clean.FirstOf(hdr.Location, by.Location)
	by.Edition = clean.FirstOf(hdr.Edition, by.Edition)
	by.Publisher = clean.FirstOf(by.Publisher, hdr.Publisher)
	if len(by.Authors) == 0 {
		by.Authors = hdr.Authors
	}
}

// isChromeBlock reports whether a block of a page is a line of site
// chrome: one that the Parser's Chrome list names, alone or between
// dashes or brackets ("- Advertisement -").
func (p *Parser) isChromeBlock(t string) bool {
	if p.isChrome(t) {
		return true
	}
	if t == "" || !chromeEdgeFirst[t[0]] && !chromeEdgeLast[t[len(t)-1]] {
		return false // nothing to trim: a line of prose, most often
	}
	trimmed := strings.Trim(t, chromeEdges)
	return trimmed != t && trimmed != "" && p.isChrome(trimmed)
}

// chromeEdges are the runes around a line of chrome ("- Advertisement -").
const chromeEdges = " -–—•·|[]()"

// chromeEdgeFirst and chromeEdgeLast mark the first and the last bytes of
// chromeEdges's runes: a line that neither starts nor ends with one is
// not trimmed, which one look at either end tells without decoding.
var chromeEdgeFirst, chromeEdgeLast = func() (first, last [256]bool) {
	for _, r := range chromeEdges {
		b := []byte(string(r))
		first[b[0]], last[b[len(b)-1]] = true, true
	}
	return first, last
}()
