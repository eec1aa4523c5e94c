package feed

import (
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/page"
)

// Article returns the article an item holds, parsed with p (nil means a
// page.Parser with the default options): what the feed says of the item
// is its metadata, and its Content (HTML, usually) its body. The title is
// the headline, the link the URL and canonical URL, and the publication
// and update times, the authors, the categories (as tags) and the image
// are the article's; where the feed gives no value, the content's own
// markup may (see page.Parser.ParseContent). Use it for an item whose
// HasFullArticle is true; a teaser yields an article of one paragraph or
// two. Content that is empty is an ErrEmpty *newslooks.ParseError.
func (it Item) Article(p *page.Parser) (*newslooks.Article, error) {
	if p == nil {
		p = new(page.Parser)
	}
	return p.ParseContent(strings.NewReader(it.Content), it.known())
}

// known returns what the feed says of the item as the metadata of an
// article.
func (it Item) known() *newslooks.Article {
	a := &newslooks.Article{
		Headline:     it.Title,
		URL:          it.Link,
		CanonicalURL: it.Link,
		Published:    it.Published,
		Modified:     it.Updated,
		Tags:         it.Categories,
	}
	a.Byline.Authors = it.Authors
	if it.Image != "" {
		a.Images = []newslooks.Image{{URL: it.Image}}
	}
	return a
}
