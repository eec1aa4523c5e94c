package feed

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
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// These are the errors Read returns, and Reader.Fetch wraps in a
// *fetch.Error. Test for them with errors.Is.
var (
	// ErrNotFeed: the input is not an RSS, Atom or JSON feed.
	ErrNotFeed = errors.New("not an RSS, Atom or JSON feed")
	// ErrTooManyItems: the feed holds more items than the reader's
	// MaxItems. It is refused whole before it is parsed, since the feed
	// parser holds every item in memory; no item is dropped silently.
	ErrTooManyItems = errors.New("feed holds too many items")
)

// DefaultMaxItems is the MaxItems of a Reader whose MaxItems is
// zero. News feeds carry tens of items; sitemaps, not feeds, carry
// thousands.
const DefaultMaxItems = 10_000

// An Item is one entry of a news feed.
type Item struct {
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
	// Updated is the item's last update time; zero when the feed gives
	// none.
	Updated time.Time
	// GUID is the item's unique identifier (RSS guid, Atom id, JSON Feed
	// id), which may or may not be a URL.
	GUID string
	// Authors names the item's authors.
	Authors []string
	// Categories are the item's categories or tags.
	Categories []string
	// Image is the absolute URL of the item's image (its enclosure or
	// media thumbnail), or "".
	Image string
	// Summary is the item's description or summary: a teaser, often
	// HTML, that never stands in for Content.
	Summary string
}

// A Reader reads feeds. Its exported fields are options; the zero value
// is ready to use with the defaults. A Reader is safe for concurrent use
// as long as its fields are not changed.
type Reader struct {
	// MaxItems is the most items a feed may hold; a feed with more is an
	// ErrTooManyItems error. Zero means DefaultMaxItems.
	MaxItems int
	// MaxBytes is the largest feed Read reads; a larger one is a
	// fetch.ErrBodyTooLarge error. Zero means fetch.DefaultMaxBodyBytes.
	// (A fetched feed is bounded by its Fetcher's MaxBytes.)
	MaxBytes int64
}

// Read reads a feed with the default options; see Reader.Read.
func Read(r io.Reader) ([]Item, error) { return new(Reader).Read(r) }

// Read reads an RSS (0.9x, 1.0, 2.0), Atom or JSON feed from r and
// returns its items in feed order. It does not close r. An input that is
// no feed at all gives ErrNotFeed.
//
// An RSS or Atom feed must be in UTF-8 or in the encoding its XML
// declaration names. Relative item links are resolved against the feed's
// own link.
func (fr *Reader) Read(r io.Reader) ([]Item, error) {
	limit := fr.MaxBytes
	if limit <= 0 {
		limit = fetch.DefaultMaxBodyBytes
	}
	src, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading feed: %w", err)
	}
	if int64(len(src)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", fetch.ErrBodyTooLarge, limit)
	}
	return fr.read(src, nil)
}

// maxItems returns the MaxItems option, or its default.
func (fr *Reader) maxItems() int {
	if fr.MaxItems > 0 {
		return fr.MaxItems
	}
	return DefaultMaxItems
}

// countItems returns an upper bound of the items of a feed without
// parsing it: its <item> and <entry> start tags, with or without a
// namespace prefix, or for a JSON feed its objects over
// jsonObjectsPerItem.
func countItems(src []byte) int {
	if t := bytes.TrimSpace(src); len(t) > 0 && t[0] == '{' {
		return bytes.Count(src, []byte("{")) / jsonObjectsPerItem
	}
	n := 0
	for _, tag := range [...]string{"<item", ":item", "<entry", ":entry"} {
		n += bytes.Count(src, []byte(tag))
	}
	return n
}

// jsonObjectsPerItem is how many JSON objects an item of a JSON feed is
// allowed before countItems counts it twice: the item, its author and an
// attachment or two.
const jsonObjectsPerItem = 4

// Fetch downloads the feed at feedURL with f (nil means a Fetcher with
// the default options) and reads it as ReadResponse does. Every error it
// returns is a *fetch.Error; a response that is no feed gives one
// wrapping ErrNotFeed.
func (fr *Reader) Fetch(ctx context.Context, f *fetch.Fetcher, feedURL string) ([]Item, error) {
	if f == nil {
		f = new(fetch.Fetcher)
	}
	resp, err := f.Do(ctx, feedURL, fetch.Request{Accept: fetch.AcceptFeed})
	if err != nil {
		return nil, err
	}
	return fr.ReadResponse(resp)
}

// ReadResponse reads the feed that a response holds (fetched with
// fetch.Request.Accept set to fetch.AcceptFeed): the body is decoded from
// its charset (see toUTF8) and relative links are resolved against
// resp.URL. Every error it returns is a *fetch.Error.
func (fr *Reader) ReadResponse(resp *fetch.Response) ([]Item, error) {
	base, _ := url.Parse(resp.URL)
	items, err := fr.read(toUTF8(resp.Body, resp.Header.Get("Content-Type")), base)
	if err != nil {
		return nil, &fetch.Error{URL: resp.URL, Err: err}
	}
	return items, nil
}

// read reads the feed src, resolving relative links against base, or when
// base is nil against the feed's link.
func (fr *Reader) read(src []byte, base *url.URL) ([]Item, error) {
	if n := countItems(src); n > fr.maxItems() {
		return nil, fmt.Errorf("%w: %d item or entry tags, past the limit of %d", ErrTooManyItems, n, fr.maxItems())
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(src))
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
	items := make([]Item, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it != nil {
			items = append(items, itemOf(it, base))
		}
	}
	return items, nil
}

// itemOf converts one gofeed item, resolving its links against base.
func itemOf(it *gofeed.Item, base *url.URL) Item {
	item := Item{
		Title:      clean.Space(it.Title),
		Link:       itemLink(it, base),
		Content:    strings.TrimSpace(it.Content),
		GUID:       strings.TrimSpace(it.GUID),
		Categories: clean.Dedupe(it.Categories, maxItemList),
		Image:      resolveRef(base, itemImage(it)),
		Summary:    strings.TrimSpace(it.Description),
	}
	switch {
	case it.PublishedParsed != nil:
		item.Published = *it.PublishedParsed
	case it.UpdatedParsed != nil:
		item.Published = *it.UpdatedParsed
	}
	if it.UpdatedParsed != nil {
		item.Updated = *it.UpdatedParsed
	}
	for _, p := range it.Authors {
		if p != nil {
			item.Authors = append(item.Authors, p.Name)
		}
	}
	if len(item.Authors) == 0 && it.Author != nil {
		item.Authors = []string{it.Author.Name}
	}
	item.Authors = clean.Dedupe(item.Authors, maxItemList)
	return item
}

// maxItemList bounds the authors and categories kept of one item.
const maxItemList = 64

// itemImage returns the item's image: its image element, else its first
// image enclosure, else its Media RSS thumbnail or content.
func itemImage(it *gofeed.Item) string {
	if it.Image != nil && it.Image.URL != "" {
		return it.Image.URL
	}
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(e.Type, "image/") {
			return e.URL
		}
	}
	for _, name := range [...]string{"thumbnail", "content"} {
		for _, ext := range it.Extensions["media"][name] {
			if u := ext.Attrs["url"]; u != "" && (name == "thumbnail" || strings.HasPrefix(ext.Attrs["type"], "image/") || ext.Attrs["medium"] == "image") {
				return u
			}
		}
	}
	return ""
}

// resolveRef makes ref absolute against base when it can.
func resolveRef(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || base == nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil || u.IsAbs() {
		return ref
	}
	return base.ResolveReference(u).String()
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
	return resolveRef(base, link)
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
func (it Item) HasFullArticle() bool {
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
