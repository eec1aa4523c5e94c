package newslooks

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/newsingest/newslooks/internal/textform"
)

// An Article is one parsed news article. The text parser fills the fields
// that the Newslooks text form carries; the HTML parser fills the same fields
// plus the page metadata (URL, times, section, tags, images, language) that
// only a web page carries.
//
// The JSON field names are a contract read by other tools. Lists marshal as
// [] rather than null, whether or not the parser filled them.
type Article struct {
	// Headline is the article's title, without any site suffix.
	Headline string `json:"headline"`
	// Byline holds the publisher, bureau, authors and edition of the
	// header line.
	Byline Byline `json:"byline"`
	// Summary is the standfirst: the last field of the header line, or a
	// page's subtitle or description.
	Summary string `json:"summary"`
	// QuickLooks is the bulleted "Quick Looks" block; empty when the
	// article has none.
	QuickLooks QuickLooks `json:"quick_looks"`
	// Dateline is the place the story was filed from, taken from the start
	// of the first body paragraph ("BEIJING — ..." gives "BEIJING"). The
	// paragraph itself keeps it.
	Dateline string `json:"dateline"`
	// Sections is the body. The first section holds the text before the
	// first heading and has an empty Heading.
	Sections []Section `json:"sections"`

	// URL is the canonical address of the page the article came from.
	URL string `json:"url,omitempty"`
	// CanonicalURL is the address the page declares as its own (<link
	// rel=canonical>, else og:url), made absolute; empty when the page
	// declares none. URL falls back further, to the address the page was
	// read from.
	CanonicalURL string `json:"canonical_url,omitempty"`
	// Published and Modified are the page's publication and last
	// modification times.
	Published time.Time `json:"published,omitzero"`
	Modified  time.Time `json:"modified,omitzero"`
	// Fetched is when the page was fetched, for an article from a crawl or
	// from a web archive (its WARC-Date); zero for an article read from a
	// file.
	Fetched time.Time `json:"fetched,omitzero"`
	// Section is the site section the page was filed under ("World").
	Section string `json:"section,omitempty"`
	// Tags are the page's keywords or article tags.
	Tags []string `json:"tags,omitempty"`
	// Images are the page's lead and body images. The lead image, the one
	// to show with the article, is Images[0]: the page's own choice (its
	// JSON-LD image, og:image or twitter:image) when it makes one, else
	// the first image of the body.
	Images []Image `json:"images,omitempty"`
	// Language is the language of the article ("en", "en-US"): the one the
	// page declares, or, when it declares none (or its declarations
	// disagree), the one its text is detected to be in.
	Language string `json:"language,omitempty"`
	// LanguageSource says where Language came from: "declared" (the
	// page's markup) or "detected" (its text); empty when Language is.
	LanguageSource string `json:"language_source,omitempty"`
	// PageType says what kind of web page the article was read from:
	// PageArticle, PageListing, PageForum, PageProduct or PageOther; empty
	// for an article read from the text form. The HTML parser extracts the
	// main text of a page of every type and reports the type rather than
	// refusing the page; callers that want articles alone skip the rest.
	PageType string `json:"page_type,omitempty"`
	// FieldSources says, when the page parser was asked to
	// (page.Parser.FieldSources), where the main fields of a page's
	// article came from, by their JSON names ("headline", "authors",
	// "published", "body"): "rule FILE:LINE" for a site rule's directive,
	// "json-ld", "open-graph" or "heuristics". Nil otherwise.
	FieldSources map[string]string `json:"field_sources,omitempty"`

	// Source says where the article came from: a file path, "-" for
	// standard input, or a URL. The parsers leave it empty; callers that
	// read many inputs set it.
	Source string `json:"source,omitempty"`
	// Warnings lists the non-fatal oddities the parser met, such as a
	// missing Quick Looks block. In strict mode each of them is an error
	// instead.
	Warnings []Warning `json:"warnings,omitempty"`
}

// The values of Article.PageType.
const (
	// PageArticle is a page that holds one story: news, a blog post, a
	// report.
	PageArticle = "article"
	// PageListing is a page that lists other pages: a section front, a
	// tag or search page, an archive.
	PageListing = "listing"
	// PageForum is a discussion: a forum thread, a question and its
	// answers.
	PageForum = "forum"
	// PageProduct is a page that sells or announces: a product, an offer,
	// an event.
	PageProduct = "product"
	// PageOther is a page with a text that none of the others describes,
	// where no article element was found and the text is the page's own
	// blocks of text.
	PageOther = "other"
)

// A Byline is the middle of the header line: who published the article,
// where, by whom, and in which edition. Any of its fields may be empty.
type Byline struct {
	// Publisher is the site name ("Newslooks").
	Publisher string `json:"publisher"`
	// Location is the bureau, in capitals ("WASHINGTON", "NEW YORK").
	Location string `json:"location"`
	// Authors holds one name per element.
	Authors []string `json:"authors"`
	// Edition is the edition name ("Morning Edition").
	Edition string `json:"edition"`
}

// QuickLooks is the bulleted summary block that precedes the body.
type QuickLooks struct {
	// Title is the whole title line ("Xi and Putin Old Friend Ties Quick Looks").
	Title string `json:"title"`
	// Items are the bullets, without their bullet characters.
	Items []string `json:"items"`
}

// A Section is a run of body paragraphs under one heading.
type Section struct {
	// Heading is the section heading; empty for the opening section.
	Heading string `json:"heading"`
	// Paragraphs are the section's paragraphs, each kept verbatim on one
	// line.
	Paragraphs []string `json:"paragraphs"`
}

// An Image is a picture on the page an article came from.
type Image struct {
	// URL is the absolute address of the image.
	URL string `json:"url"`
	// Caption is the image's caption or alternative text.
	Caption string `json:"caption,omitempty"`
	// Credit names the photographer or agency.
	Credit string `json:"credit,omitempty"`
}

// A Warning is a non-fatal oddity met while parsing: the article was still
// parsed, but something expected was missing or had to be guessed.
type Warning struct {
	// Line is the 1-based line of the input the warning is about, or 0
	// when it concerns no single line.
	Line int `json:"line,omitempty"`
	// Message says what is odd.
	Message string `json:"message"`
}

// String formats the warning as "line N: message".
func (w Warning) String() string {
	if w.Line > 0 {
		return "line " + strconv.Itoa(w.Line) + ": " + w.Message
	}
	return w.Message
}

// MarshalJSON writes the article with every list present, as [] when empty,
// so that readers of the JSON never meet null where they expect a list.
func (a Article) MarshalJSON() ([]byte, error) {
	type plain Article // plain has no MarshalJSON method: no recursion.
	c := plain(a)
	if c.Byline.Authors == nil {
		c.Byline.Authors = []string{}
	}
	if c.QuickLooks.Items == nil {
		c.QuickLooks.Items = []string{}
	}
	if c.Sections == nil {
		c.Sections = []Section{}
	}
	cloned := false
	for i := range c.Sections {
		if c.Sections[i].Paragraphs == nil {
			if !cloned { // never modify the caller's article
				c.Sections = slices.Clone(c.Sections)
				cloned = true
			}
			c.Sections[i].Paragraphs = []string{}
		}
	}
	return json.Marshal(c)
}

// Text returns the article's body as plain text: the paragraphs of every
// section, one per line, with section headings on lines of their own.
func (a *Article) Text() string {
	n := 0
	for _, s := range a.Sections {
		n += len(s.Heading) + 1
		for _, p := range s.Paragraphs {
			n += len(p) + 1
		}
	}
	b := make([]byte, 0, n)
	for _, s := range a.Sections {
		if s.Heading != "" {
			b = append(b, s.Heading...)
			b = append(b, '\n')
		}
		for _, p := range s.Paragraphs {
			b = append(b, p...)
			b = append(b, '\n')
		}
	}
	return string(b)
}

// Present reports whether the article has a Quick Looks block: a title or
// at least one item.
func (q QuickLooks) Present() bool { return q.Title != "" || len(q.Items) > 0 }

// DisplayTitle returns the block's title, or "Quick Looks" for a block
// that has items but no title (as a page's list may), so that every
// rendering of the block has a title line.
func (q QuickLooks) DisplayTitle() string {
	if q.Title == "" {
		return textform.QuickLooksSuffix
	}
	return q.Title
}

// bylineOf returns the byline fields of a parsed header line.
func bylineOf(h textform.Header) Byline {
	return Byline{Publisher: h.Publisher, Location: h.Location, Authors: h.Authors, Edition: h.Edition}
}
