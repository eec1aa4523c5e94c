package feed_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/feed"
	"github.com/newsingest/newslooks/fetch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFeedFile(t *testing.T, name string) []feed.Item {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "feeds", name))
	require.NoError(t, err)
	defer f.Close()
	items, err := feed.Read(f)
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

// TestItemArticle checks that a full-content Atom entry, whose content
// has no headline of its own, becomes a whole article with the feed's
// title, link, time and author.
func TestItemArticle(t *testing.T) {
	it := readFeedFile(t, "atom.xml")[0]
	require.True(t, it.HasFullArticle())
	a, err := it.Article(nil)
	require.NoError(t, err)
	assert.Equal(t, "Harbor Town Votes to Rebuild Its Storm-Battered Pier", a.Headline)
	assert.Equal(t, "https://newslooks.example/harbor-town-pier/", a.URL)
	assert.Equal(t, []string{"R. Okafor"}, a.Byline.Authors)
	assert.True(t, a.Published.Equal(time.Date(2025, 9, 2, 8, 15, 0, 0, time.UTC)), a.Published)
	assert.Equal(t, "PORTLAND", a.Dateline)
	require.NotEmpty(t, a.Sections)
	assert.True(t, strings.HasPrefix(a.Sections[0].Paragraphs[0], "PORTLAND — Residents of Harbor Town"))
}

// TestItemArticleTakesFeedValues checks that the feed's values are the
// article's as they are, markup characters and all, over what the
// content's markup says, and that content with no markup is read a
// paragraph a line.
func TestItemArticleTakesFeedValues(t *testing.T) {
	para := strings.Repeat("A paragraph of body text that is long enough. ", 3)
	it := feed.Item{
		Title:      `Quote " and </title><script>alert(1)</script>`,
		Link:       `https://example.com/a"onmouseover="x`,
		Authors:    []string{`A "B" <C>`},
		Categories: []string{"Harbors"},
		Image:      "https://example.com/pier.jpg",
		Content:    "<h1>The content's own title</h1><p>" + para + "</p>",
	}
	a, err := it.Article(nil)
	require.NoError(t, err)
	assert.Equal(t, it.Title, a.Headline)
	assert.Equal(t, it.Link, a.URL)
	assert.Equal(t, it.Authors, a.Byline.Authors)
	assert.Equal(t, []string{"Harbors"}, a.Tags)
	require.NotEmpty(t, a.Images)
	assert.Equal(t, it.Image, a.Images[0].URL)

	it.Content = para + "\n\n" + para + "\n"
	a, err = it.Article(nil)
	require.NoError(t, err)
	require.Len(t, a.Sections, 1)
	assert.Len(t, a.Sections[0].Paragraphs, 2)

	it.Content = " \n"
	_, err = it.Article(nil)
	assert.ErrorIs(t, err, newslooks.ErrEmpty)
}

// TestReadFeedItemCap checks that a feed of more items than the cap is
// refused before it is parsed, naming the cap, and that the cap is an
// option.
func TestReadFeedItemCap(t *testing.T) {
	rss := func(n int) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>` +
			strings.Repeat("<item/>", n) + `</channel></rss>`
	}
	_, err := feed.Read(strings.NewReader(rss(feed.DefaultMaxItems + 1)))
	assert.ErrorIs(t, err, feed.ErrTooManyItems)
	assert.Contains(t, err.Error(), fmt.Sprintf("past the limit of %d", feed.DefaultMaxItems))

	items, err := feed.Read(strings.NewReader(rss(feed.DefaultMaxItems)))
	require.NoError(t, err)
	assert.Len(t, items, feed.DefaultMaxItems)

	fr := feed.Reader{MaxItems: 5}
	_, err = fr.Read(strings.NewReader(rss(6)))
	assert.ErrorIs(t, err, feed.ErrTooManyItems)

	// A JSON feed of empty objects counts too.
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[` +
		strings.TrimSuffix(strings.Repeat("{},", 50_000), ",") + `]}`
	_, err = feed.Read(strings.NewReader(json))
	assert.ErrorIs(t, err, feed.ErrTooManyItems)

	fr = feed.Reader{MaxBytes: 100}
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
	fr := feed.Reader{MaxItems: 100, MaxBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, src []byte) {
		items, err := fr.Read(strings.NewReader(string(src)))
		if err != nil {
			return
		}
		assert.LessOrEqual(t, len(items), 100)
		for _, it := range items {
			_ = it.HasFullArticle()
			_, _ = it.Article(nil)
		}
	})
}
