package fetch

import (
	"html"
	"strings"
	"time"
)

// ContentPage returns the item as a web page that the page parser reads
// (page.ParseHTML): its Content as the body, and in the head what the feed
// says of the item, as the metadata a publisher's page would carry: the
// title, the link as the canonical URL, the publication and update times,
// the authors, the categories as tags and the image. So an item whose
// content lacks a headline or a byline, as full-content feeds' items do,
// is read as a whole article without fetching its page; where the content
// itself carries a value, the page parser's order of precedence decides.
// Every value is escaped.
func (it FeedItem) ContentPage() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head>\n")
	element(&b, "title", it.Title)
	meta(&b, "og:title", it.Title)
	if it.Link != "" {
		b.WriteString(`<link rel="canonical" href="` + html.EscapeString(it.Link) + "\">\n")
	}
	if !it.Published.IsZero() {
		meta(&b, "article:published_time", it.Published.Format(time.RFC3339))
	}
	if !it.Updated.IsZero() {
		meta(&b, "article:modified_time", it.Updated.Format(time.RFC3339))
	}
	for _, a := range it.Authors {
		meta(&b, "article:author", a)
	}
	for _, c := range it.Categories {
		meta(&b, "article:tag", c)
	}
	meta(&b, "og:image", it.Image)
	meta(&b, "og:type", "article")
	b.WriteString("</head><body><article>\n")
	b.WriteString(it.Content)
	b.WriteString("\n</article></body></html>\n")
	return b.String()
}

// meta writes a <meta property> tag, unless content is empty.
func meta(b *strings.Builder, property, content string) {
	if content = strings.TrimSpace(content); content != "" {
		b.WriteString(`<meta property="` + property + `" content="` + html.EscapeString(content) + "\">\n")
	}
}

// element writes <tag>text</tag>, escaped, unless text is empty.
func element(b *strings.Builder, tag, text string) {
	if text = strings.TrimSpace(text); text != "" {
		b.WriteString("<" + tag + ">" + html.EscapeString(text) + "</" + tag + ">\n")
	}
}
