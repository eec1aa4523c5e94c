package fetch_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/page"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFeedFile(t *testing.T, name string) []fetch.FeedItem {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "feeds", name))
	require.NoError(t, err)
	defer f.Close()
	items, err := fetch.ReadFeed(f)
	require.NoError(t, err)
	return items
}

// TestFeedItemFields checks the fields the feed gives beyond title, link
// and content, against the fixture's own values.
func TestFeedItemFields(t *testing.T) {
	items := readFeedFile(t, "atom.xml")
	require.Len(t, items, 3)
	it := items[0]
	assert.Equal(t, "https://newslooks.example/?p=101", it.GUID)
	assert.Equal(t, []string{"R. Okafor"}, it.Authors)
	assert.Equal(t, time.Date(2025, 9, 2, 8, 15, 0, 0, time.UTC), it.Published.UTC())
	assert.Equal(t, time.Date(2025, 9, 2, 9, 30, 0, 0, time.UTC), it.Updated.UTC())
	assert.Contains(t, it.Summary, "Residents backed a plan")
	// The third entry has only an update time: it stands in for Published.
	assert.Equal(t, time.Date(2025, 8, 31, 9, 0, 0, 0, time.UTC), items[2].Published.UTC())
}

// TestContentPageReadsAsArticle checks that a full-content Atom entry,
// whose content has no headline of its own, becomes a whole article with
// the feed's title, link, time and author.
func TestContentPageReadsAsArticle(t *testing.T) {
	it := readFeedFile(t, "atom.xml")[0]
	require.True(t, it.HasFullArticle())
	a, err := page.ParseHTML(strings.NewReader(it.ContentPage()), "")
	require.NoError(t, err)
	assert.Equal(t, "Harbor Town Votes to Rebuild Its Storm-Battered Pier", a.Headline)
	assert.Equal(t, "https://newslooks.example/harbor-town-pier/", a.URL)
	assert.Equal(t, []string{"R. Okafor"}, a.Byline.Authors)
	assert.True(t, a.Published.Equal(time.Date(2025, 9, 2, 8, 15, 0, 0, time.UTC)), a.Published)
	assert.Equal(t, "PORTLAND", a.Dateline)
	require.NotEmpty(t, a.Sections)
	assert.True(t, strings.HasPrefix(a.Sections[0].Paragraphs[0], "PORTLAND — Residents of Harbor Town"))
}

// TestContentPageEscapes checks that the item's values cannot break out of
// the head of the page built around it.
func TestContentPageEscapes(t *testing.T) {
	it := fetch.FeedItem{
		Title:   `Quote " and </title><script>alert(1)</script>`,
		Link:    `https://example.com/a"onmouseover="x`,
		Authors: []string{`A "B" <C>`},
		Content: "<p>" + strings.Repeat("A paragraph of body text that is long enough. ", 3) + "</p>",
	}
	doc := it.ContentPage()
	assert.NotContains(t, doc, "<script>")
	assert.NotContains(t, doc, `"onmouseover`)
	a, err := page.ParseHTML(strings.NewReader(doc), "")
	require.NoError(t, err)
	assert.Equal(t, `Quote " and </title><script>alert(1)</script>`, a.Headline)
}

// TestReadFeedItemCap checks that a feed of more items than the cap is
// refused before it is parsed, naming the cap, and that the cap is an
// option.
func TestReadFeedItemCap(t *testing.T) {
	rss := func(n int) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>` +
			strings.Repeat("<item/>", n) + `</channel></rss>`
	}
	_, err := fetch.ReadFeed(strings.NewReader(rss(fetch.DefaultMaxFeedItems + 1)))
	assert.ErrorIs(t, err, fetch.ErrTooManyItems)
	assert.Contains(t, err.Error(), fmt.Sprintf("past the limit of %d", fetch.DefaultMaxFeedItems))

	items, err := fetch.ReadFeed(strings.NewReader(rss(fetch.DefaultMaxFeedItems)))
	require.NoError(t, err)
	assert.Len(t, items, fetch.DefaultMaxFeedItems)

	fr := fetch.FeedReader{MaxItems: 5}
	_, err = fr.Read(strings.NewReader(rss(6)))
	assert.ErrorIs(t, err, fetch.ErrTooManyItems)

	// A JSON feed of empty objects counts too.
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[` +
		strings.TrimSuffix(strings.Repeat("{},", 50_000), ",") + `]}`
	_, err = fetch.ReadFeed(strings.NewReader(json))
	assert.ErrorIs(t, err, fetch.ErrTooManyItems)

	fr = fetch.FeedReader{MaxBytes: 100}
	_, err = fr.Read(strings.NewReader(rss(10)))
	assert.ErrorIs(t, err, fetch.ErrBodyTooLarge)
}

// FuzzReadFeed checks that no input panics the feed reader or makes it
// run away: every result is items or an error.
func FuzzReadFeed(f *testing.F) {
	for _, name := range []string{"atom.xml", "rss.xml"} {
		src, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
		require.NoError(f, err)
		f.Add(src)
	}
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	fr := fetch.FeedReader{MaxItems: 100, MaxBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, src []byte) {
		items, err := fr.Read(strings.NewReader(string(src)))
		if err != nil {
			return
		}
		assert.LessOrEqual(t, len(items), 100)
		for _, it := range items {
			_ = it.HasFullArticle()
			_ = it.ContentPage()
		}
	})
}
