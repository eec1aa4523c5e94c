package page

import (
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
)

// maxListLen bounds the authors and tags of an article, and maxImages
// its images: more are a hostile page, not a news article.
const (
	maxListLen = 64
	maxImages  = 256
)

// metadata returns the article with the page metadata filled in, by the
// order documented on ParseHTML. The body is not read.
func metadata(m *pageMeta, sv *survey, lo *layout, l *links) *newslooks.Article {
	a := &newslooks.Article{
		Headline: headline(m, lo, l),
		Summary:  summary(m, lo),
		Byline: newslooks.Byline{
			Authors:   authors(m, sv),
			Publisher: clean.FirstOf(clean.Space(m.ogSiteName), m.ld.publisher),
			Location:  sv.location,
			Edition:   sv.edition,
		},
		URL:       l.resolve(clean.FirstOf(m.canonical, m.ogURL, m.ld.url, m.ld.mainEntity)),
		Published: firstTime(m.ld.published, m.articlePublished, m.itemPublished, sv.published, sv.firstTime),
		Modified:  firstTime(m.ld.modified, m.articleModified, m.ogUpdated, m.itemModified, sv.modified),
		Section:   clean.FirstOf(m.ld.section, clean.Space(m.articleSection)),
		Tags:      clean.Dedupe(tags(m, sv), maxListLen),
		Language:  clean.FirstOf(m.lang, m.ld.lang, m.ld.pageLang, m.contentLanguage, localeToLanguage(m.ogLocale)),
	}
	if a.URL == "" && l.page != nil {
		a.URL = l.page.String()
	}
	if m.ldBroken > 0 {
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "a JSON-LD block is not valid JSON and was ignored"})
	}
	return a
}

// headline returns the chosen <h1>'s text, else the first title the
// metadata gives, without a site-name suffix.
func headline(m *pageMeta, lo *layout, l *links) string {
	if lo.headline != nil {
		if h := clean.StripTitleSuffix(textContent(lo.headline), l.siteNames, false); h != "" {
			return h
		}
	}
	for _, t := range [...]string{m.ld.headline, m.ogTitle, m.twitterTitle, m.title} {
		if h := clean.StripTitleSuffix(t, l.siteNames, true); h != "" {
			return h
		}
	}
	return ""
}

// summary returns the subtitle element's text, else the first
// description the metadata gives.
func summary(m *pageMeta, lo *layout) string {
	var sub string
	if lo.subtitle != nil {
		sub = clean.Space(textContent(lo.subtitle))
	}
	return clean.FirstOf(sub, m.ld.description, clean.Space(m.ogDescription),
		clean.Space(m.description), clean.Space(m.twitterDescription))
}

// authors returns the first list of authors of the documented order.
func authors(m *pageMeta, sv *survey) []string {
	for _, list := range [...][]string{m.ld.authors, sv.relAuthors, sv.propAuthor, sv.clsAuthors, sv.byline} {
		if len(list) > 0 {
			return clean.Dedupe(list, maxListLen)
		}
	}
	for _, s := range [...]string{m.author, m.writtenBy} {
		if names := appendNames(nil, s); len(names) > 0 {
			return clean.Dedupe(names, maxListLen)
		}
	}
	var names []string
	for _, s := range m.articleAuthors {
		if !strings.Contains(s, "://") && !strings.HasPrefix(s, "/") {
			names = appendNames(names, s)
		}
	}
	return clean.Dedupe(names, maxListLen)
}

// tags returns the first list of tags of the documented order.
func tags(m *pageMeta, sv *survey) []string {
	switch {
	case len(m.ld.keywords) > 0:
		return m.ld.keywords
	case len(m.articleTags) > 0:
		return m.articleTags
	case m.newsKeywords != "":
		return splitList(m.newsKeywords)
	case m.keywords != "":
		return splitList(m.keywords)
	}
	return sv.tagLinks
}
