// Package feed reads news feeds: RSS (0.9x, 1.0, 2.0), Atom and JSON
// Feed, through gofeed, into Items in feed order.
//
//	items, err := new(feed.Reader).Fetch(ctx, fetcher, "https://example.com/feed.xml")
//	for _, it := range items {
//		if it.HasFullArticle() {
//			a, err := it.Article(nil) // no fetch: the feed holds the article
//			...
//		}
//	}
//
// Read reads a feed from a reader, Reader.Fetch downloads one with a
// fetch.Fetcher, and Reader.ReadResponse reads one that was fetched
// already (conditionally, say, as package crawl fetches them). A feed is
// decoded from its charset first (a byte-order mark, the HTTP charset,
// UTF-8 when it is valid, its XML declaration, else windows-1252), and
// relative links are resolved against the feed's URL. A feed is bounded
// by its size (MaxBytes, or the Fetcher's) and by its number of items
// (MaxItems, refused whole before gofeed reads it).
//
// An Item whose content holds the whole article (HasFullArticle) becomes
// an Article without fetching its page: Item.Article takes the feed's
// title, link, times, authors, categories and image as the article's
// metadata and parses the content as its body (page.Parser.ParseContent).
package feed
