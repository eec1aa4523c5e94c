package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrNotFeed is the error ReadFeed returns, and FetchFeed wraps in a
// FetchError, when the input is not an RSS, Atom or JSON feed.
var ErrNotFeed = errors.New("not an RSS, Atom or JSON feed")

// A FeedItem is one entry of a news feed.
type FeedItem struct {
	// Title is the item's title.
	Title string
	// Link is the absolute URL of the article the item announces.
	Link string
	// Content is the item's full content, usually HTML: RSS
	// content:encoded or Atom content. It is empty when the feed gives
	// only a description or summary, which is never copied here.
	Content string
	// Published is the item's publication time, or its last update time
	// when the feed gives no publication time; zero when it gives
	// neither.
	Published time.Time
}

// ReadFeed reads an RSS (0.9x, 1.0, 2.0), Atom or JSON feed from r and
// returns its items in feed order. It does not close r. An input that is
// no feed at all gives ErrNotFeed.
//
// An RSS or Atom feed must be in UTF-8 or in the encoding its XML
// declaration names. Relative item links are resolved against the feed's
// own link.
func ReadFeed(r io.Reader) ([]FeedItem, error) {
	return readFeed(r, nil)
}

// FetchFeed downloads the feed at feedURL, as Fetch does, and reads it as
// ReadFeed does; relative item links are resolved against the URL the
// feed was served from. Every error it returns is a *FetchError; a
// response that is no feed gives one wrapping ErrNotFeed.
func (f *Fetcher) FetchFeed(ctx context.Context, feedURL string) ([]FeedItem, error) {
	p, err := f.fetch(ctx, feedURL, acceptFeed)
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(p.URL)
	items, err := readFeed(bytes.NewReader(toUTF8(p.Body, p.Header.Get("Content-Type"))), base)
	if err != nil {
		return nil, &FetchError{URL: p.URL, Err: err}
	}
	return items, nil
}

// readFeed reads a feed, resolving relative links against base, or when
// base is nil against the feed's link.
func readFeed(r io.Reader, base *url.URL) ([]FeedItem, error) {
	feed, err := gofeed.NewParser().Parse(r)
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, ErrNotFeed
	}
	if err != nil {
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	if base == nil {
		if u, err := url.Parse(feed.Link); err == nil && u.IsAbs() {
			base = u
		}
	}
	items := make([]FeedItem, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		item := FeedItem{
			Title:   strings.TrimSpace(it.Title),
			Link:    itemLink(it, base),
			Content: strings.TrimSpace(it.Content),
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			item.Published = *it.UpdatedParsed
		}
		items = append(items, item)
	}
	return items, nil
}

// itemLink returns the item's link made absolute: its link, else its
// first other link, else its GUID when that is a web address.
func itemLink(it *gofeed.Item, base *url.URL) string {
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" {
		if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
			link = g
		}
	}
	if link == "" || base == nil {
		return link
	}
	u, err := url.Parse(link)
	if err != nil || u.IsAbs() {
		return link
	}
	return base.ResolveReference(u).String()
}

// The shape of a full article in HasFullArticle.
const (
	fullArticleParagraphs = 4  // paragraphs at least
	paragraphMinRunes     = 50 // runes in a block that counts as a paragraph
)

// HasFullArticle reports whether the item's Content holds the whole
// article, so that it can be parsed without fetching Link, rather than a
// teaser.
//
// It does when the content, with its markup removed, holds at least four
// paragraphs of 50 characters or more and does not end like a teaser: on
// an ellipsis ("…", "...", "[…]") or a "Read more" or "Continue reading"
// link. A paragraph is an HTML block (<p>, <div>, a heading, ...) or, in
// content without markup, a line; list items do not count, so a "Quick
// Looks" list alone is not an article. A closing "The post ... appeared
// first on ..." line, which WordPress adds to full articles and teasers
// alike, is ignored.
func (it FeedItem) HasFullArticle() bool {
	blocks := textBlocks(it.Content)
	for len(blocks) > 0 && isPostFooter(blocks[len(blocks)-1].text) {
		blocks = blocks[:len(blocks)-1]
	}
	if len(blocks) == 0 || isTeaserEnd(blocks[len(blocks)-1].text) {
		return false
	}
	n := 0
	for _, b := range blocks {
		if !b.listItem && utf8.RuneCountInString(b.text) >= paragraphMinRunes {
			n++
		}
	}
	return n >= fullArticleParagraphs
}

// A textBlock is one block of text of a feed item's content.
type textBlock struct {
	text     string
	listItem bool
}

// textBlocks splits content into its blocks of text, with white space
// collapsed: HTML block elements, or the lines of content that has no
// markup.
func textBlocks(content string) []textBlock {
	var blocks []textBlock
	add := func(s string, listItem bool) {
		if s = clean.Space(s); s != "" {
			blocks = append(blocks, textBlock{s, listItem})
		}
	}
	if !strings.Contains(content, "<") {
		for line := range strings.Lines(html.UnescapeString(content)) {
			add(line, false)
		}
		return blocks
	}

	var (
		buf      strings.Builder
		listItem bool // the current block is inside a list item
		skip     int  // depth inside <script>, <style> and the like
	)
	flush := func() {
		add(buf.String(), listItem)
		buf.Reset()
	}
	z := html.NewTokenizer(strings.NewReader(content))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return blocks
		case html.TextToken:
			if skip == 0 {
				buf.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if htmlx.IsScript(a) {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if !htmlx.IsBlock(a) && a != atom.Br {
				continue
			}
			flush()
			if a == atom.Li {
				listItem = tt == html.StartTagToken
			}
		}
	}
}

// isPostFooter reports whether s is the line WordPress appends to feed
// content: "The post Headline appeared first on Site."
func isPostFooter(s string) bool {
	return strings.HasPrefix(s, "The post ") && strings.Contains(s, " appeared first on ")
}

// isTeaserEnd reports whether s, the last block of some content, ends it
// as a teaser does.
func isTeaserEnd(s string) bool {
	t := strings.TrimRight(s, " ])»›→>")
	if strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...") {
		return true
	}
	t = strings.ToLower(strings.TrimRightFunc(t, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}))
	return strings.HasSuffix(t, "read more") || strings.HasSuffix(t, "continue reading") ||
		strings.HasPrefix(t, "continue reading")
}
