package page

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/newsingest/newslooks/page/internal/prescan"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/testkit"
	"github.com/newsingest/newslooks/internal/textform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

const (
	samplePage = "testdata/xi-putin.html"
	sampleURL  = "https://newslooks.com/xi-putin-deepen-ties-with-energy-security-deals-facing-us-challenges/"
)

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	src, err := os.ReadFile(path)
	require.NoError(tb, err)
	return src
}

func parseHTMLFile(tb testing.TB, path, pageURL string) *newslooks.Article {
	tb.Helper()
	a, err := ParseHTML(bytes.NewReader(readFile(tb, path)), pageURL)
	require.NoError(tb, err, path)
	require.NotNil(tb, a, path)
	return a
}

// htmlFixtures lists testdata/html/*.html, failing when there is none.
func htmlFixtures(tb testing.TB) []string { return testkit.Glob(tb, "testdata/html/*.html") }

// TestParseHTMLSample checks that the web page of the sample article gives
// the article the text form gives, field for field, plus its metadata.
func TestParseHTMLSample(t *testing.T) {
	want, err := newslooks.Parse(bytes.NewReader(readSample(t)))
	require.NoError(t, err)
	for _, pageURL := range []string{"", sampleURL, "https://newslooks.com/?p=884213"} {
		t.Run(fmt.Sprintf("pageURL=%q", pageURL), func(t *testing.T) {
			got := parseHTMLFile(t, samplePage, pageURL)

			// Every field the text form has.
			assert.Equal(t, want.Headline, got.Headline, "headline")
			assert.Equal(t, want.Byline.Publisher, got.Byline.Publisher, "publisher")
			assert.Equal(t, want.Byline.Location, got.Byline.Location, "location")
			assert.Equal(t, want.Byline.Authors, got.Byline.Authors, "authors")
			assert.Equal(t, want.Byline.Edition, got.Byline.Edition, "edition")
			assert.Equal(t, want.Summary, got.Summary, "summary")
			assert.Equal(t, want.QuickLooks.Title, got.QuickLooks.Title, "quick-looks title")
			assert.Equal(t, want.QuickLooks.Items, got.QuickLooks.Items, "quick-looks items")
			assert.Equal(t, want.Dateline, got.Dateline, "dateline")
			require.Len(t, got.Sections, len(want.Sections))
			for i := range want.Sections {
				assert.Equal(t, want.Sections[i].Heading, got.Sections[i].Heading, "heading of section %d", i)
				assert.Equal(t, want.Sections[i].Paragraphs, got.Sections[i].Paragraphs, "paragraphs of section %d", i)
			}
			assert.Equal(t, want.Text(), got.Text())
			assert.Empty(t, got.Warnings)
			assert.Empty(t, got.Source)

			// The metadata only the page has.
			assert.Equal(t, sampleURL, got.URL, "the canonical URL wins over pageURL")
			assert.True(t, got.Published.Equal(time.Date(2025, 9, 2, 9, 14, 0, 0, time.UTC)), "published %v", got.Published)
			assert.True(t, got.Modified.Equal(time.Date(2025, 9, 2, 11, 47, 23, 0, time.UTC)), "modified %v", got.Modified)
			assert.Equal(t, "World", got.Section)
			assert.Equal(t, []string{"China", "Russia", "Xi Jinping", "Vladimir Putin", "Shanghai Cooperation Organization", "Energy"}, got.Tags)
			assert.Equal(t, []newslooks.Image{{
				URL:     "https://newslooks.com/wp-content/uploads/2025/09/xi-putin.jpg",
				Caption: "Chinese President Xi Jinping, right, and Russian President Vladimir Putin shake hands during their meeting at the Great Hall of the People in Beijing, Tuesday, Sept. 2, 2025.",
				Credit:  "Sputnik/Kremlin Pool Photo via AP",
			}}, got.Images)
			assert.Equal(t, "en-US", got.Language)

			// Written out as text, the page's article is the sample's.
			var buf bytes.Buffer
			_, err := got.WriteTo(&buf)
			require.NoError(t, err)
			again, err := newslooks.ParseString(buf.String())
			require.NoError(t, err)
			assert.Equal(t, textOnly(want), textOnly(again))
		})
	}
}

// TestParseHTMLGolden compares each testdata/html/NAME.html with
// testdata/html/NAME.golden.json. Run with -update to rewrite the golden
// files, then read the diff and check it against EXPECTED.md.
func TestParseHTMLGolden(t *testing.T) {
	for _, path := range htmlFixtures(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".html")
		t.Run(name, func(t *testing.T) {
			got := testkit.JSON(t, parseHTMLFile(t, path, ""))
			testkit.Check(t, strings.TrimSuffix(path, ".html")+".golden.json", got)
		})
	}
}

// expectedArticles reads the complete expected articles of
// testdata/html/EXPECTED.md, by fixture path.
func expectedArticles(tb testing.TB) map[string]*newslooks.Article {
	tb.Helper()
	md := string(readFile(tb, "testdata/html/EXPECTED.md"))
	want := make(map[string]*newslooks.Article)
	for _, part := range strings.Split(md, "\n## `")[1:] {
		path, rest, ok := strings.Cut(part, "`")
		require.True(tb, ok)
		_, js, ok := strings.Cut(rest, "```json\n")
		if !ok {
			continue // a section without an article: the pages that are not articles
		}
		js, _, ok = strings.Cut(js, "\n```")
		require.True(tb, ok, path)
		a := new(newslooks.Article)
		require.NoError(tb, json.Unmarshal([]byte(js), a), path)
		want[path] = a
	}
	require.NotEmpty(tb, want, "EXPECTED.md holds no expected article")
	return want
}

// assertSameArticle compares two articles as EXPECTED.md does: times as
// instants, warnings and source left out, empty lists equal to nil ones.
func assertSameArticle(t *testing.T, want, got *newslooks.Article) {
	t.Helper()
	w, g := *want, *got
	assert.True(t, w.Published.Equal(g.Published), "published: want %v, got %v", w.Published, g.Published)
	assert.True(t, w.Modified.Equal(g.Modified), "modified: want %v, got %v", w.Modified, g.Modified)
	for _, a := range []*newslooks.Article{&w, &g} {
		a.Published, a.Modified, a.Warnings, a.Source = time.Time{}, time.Time{}, nil, ""
	}
	wj, err := json.MarshalIndent(&w, "", "  ")
	require.NoError(t, err)
	gj, err := json.MarshalIndent(&g, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(wj), string(gj))
}

// TestParseHTMLExpected compares every fixture with its complete expected
// article in EXPECTED.md, with and without the page URL.
func TestParseHTMLExpected(t *testing.T) {
	want := expectedArticles(t)
	paths := append([]string{samplePage}, htmlFixtures(t)...)
	assert.Len(t, want, len(paths), "EXPECTED.md and the fixtures do not match one to one")
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".html"), func(t *testing.T) {
			w, ok := want[path]
			require.True(t, ok, "EXPECTED.md has no article for %s", path)
			for _, pageURL := range []string{"", w.URL} {
				assertSameArticle(t, w, parseHTMLFile(t, path, pageURL))
			}
		})
	}
}

// htmlWants restates the summary table of EXPECTED.md, with each
// fixture's particular points.
var htmlWants = []struct {
	file      string
	headline  string
	location  string
	authors   []string
	edition   string
	items     int
	sections  int
	dateline  string
	images    int
	lang      string
	published time.Time
	check     func(t *testing.T, a *newslooks.Article)
}{
	{file: samplePage, headline: "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges",
		location: "WASHINGTON", authors: []string{"J. Mansour"}, edition: "Morning Edition",
		items: 10, sections: 7, dateline: "BEIJING", images: 1, lang: "en-US",
		published: time.Date(2025, 9, 2, 9, 14, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			for _, p := range allParagraphs(a) {
				assert.NotContains(t, p, "Editor’s note", "a display:none element")
				assert.NotContains(t, p, "Daily Brief", "the newsletter box")
			}
		}},
	{file: "testdata/html/h2-headings.html", headline: "Nile Basin Nations Agree to Share Dam Data After Cairo Talks",
		location: "NEW YORK", authors: []string{"A. Reyes", "P. Lin"}, edition: "Evening Edition",
		items: 5, sections: 5, dateline: "CAIRO", images: 1, lang: "en-US",
		published: time.Date(2025, 10, 9, 22, 45, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.Equal(t, "Nile Data-Sharing Pact Quick Looks", a.QuickLooks.Title)
			assert.Equal(t, "Where Do Talks Go From Here?", a.Sections[3].Heading)
		}},
	{file: "testdata/html/h3-headings.html", headline: "Bank of England Holds Rates as Wage Growth Slows",
		location: "LONDON", authors: []string{"K. Wu"}, edition: "Weekend Edition",
		items: 4, sections: 4, dateline: "LONDON", images: 1, lang: "en-GB",
		published: time.Date(2025, 8, 9, 11, 5, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.True(t, strings.HasPrefix(a.Sections[0].Paragraphs[0], "LONDON (AP) — "), "the paragraph keeps its dateline")
			assert.Equal(t, "Wages Cool, Services Prices Stick", a.Sections[1].Heading)
			assert.Equal(t, "Bank of England Rate Decision Quick Looks", a.QuickLooks.Title)
		}},
	{file: "testdata/html/bold-headings.html", headline: "Ukraine’s Farmers Race to Finish Harvest Ahead of Early Frost",
		location: "", authors: []string{"P. Lin"}, edition: "Morning Edition",
		items: 5, sections: 4, dateline: "KYIV, Ukraine", images: 1, lang: "en-US",
		published: time.Date(2025, 9, 29, 2, 30, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.Equal(t, "Short of Hands, Long on Hours", a.Sections[1].Heading)
			assert.True(t, strings.HasPrefix(a.Sections[1].Paragraphs[1], "Why it matters: "),
				"a paragraph that merely starts with bold text is a paragraph")
			assert.Equal(t, []string{"Ukraine", "Agriculture", "Harvest", "Exports"}, a.Tags)
		}},
	{file: "testdata/html/windows-1252.html", headline: "Paris Café Owners Push Back on City’s New Terrace Fees",
		location: "", authors: []string{"R. Méndez"}, edition: "",
		items: 4, sections: 4, dateline: "PARIS", images: 1, lang: "en",
		published: time.Date(2025, 11, 14, 7, 0, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.Equal(t, "Newslooks/Élodie Martin", a.Images[0].Credit)
			for _, p := range allParagraphs(a) {
				assert.True(t, utf8Valid(p), "paragraph is not UTF-8: %q", p)
				assert.NotContains(t, p, "\uFFFD")
			}
			assert.Contains(t, a.Text(), "€", "0x80 is the euro sign in windows-1252")
		}},
	{file: "testdata/html/relative-images.html", headline: "Kenya Launches Electric Bus Pilot on Busy Nairobi Commuter Routes",
		location: "SAN FRANCISCO", authors: []string{"M. Otieno"}, edition: "Evening Edition",
		items: 5, sections: 4, dateline: "NAIROBI, Kenya", images: 4, lang: "en-US",
		published: time.Date(2025, 7, 21, 14, 10, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.Equal(t, []newslooks.Image{
				{URL: "https://newslooks.com/wp-content/uploads/2025/07/nairobi-ebus.jpg", Caption: "An electric bus waits for passengers at a terminal in Nairobi’s central business district.", Credit: "Newslooks/M. Otieno"},
				{URL: "https://cdn.newslooks.com/wp-content/uploads/2025/07/ebus-charging.jpg", Caption: "A technician connects a bus to a depot charger in Embakasi.", Credit: "AP Photo/File"},
				{URL: "https://newslooks.com/wp-content/uploads/2025/07/ebus-interior.jpg", Caption: "Passengers ride one of the new electric buses along Jogoo Road.", Credit: "Kenya Power"},
				{URL: "https://newslooks.com/wp-content/uploads/2025/07/ebus-map.png", Caption: "Map of the two pilot routes in Nairobi"},
			}, a.Images)
		}},
	{file: "testdata/html/wrapped-divs.html", headline: "Mexico City Expands Rainwater Harvesting to Ease Chronic Shortages",
		location: "NEW YORK", authors: []string{"A. Reyes", "P. Lin", "K. Wu"}, edition: "Weekend Edition",
		items: 5, sections: 4, dateline: "MEXICO CITY", images: 1, lang: "en-US",
		published: time.Date(2025, 6, 14, 16, 0, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			for _, p := range allParagraphs(a) {
				assert.NotContains(t, p, "Advertisement")
				assert.NotContains(t, p, "Leave a Reply")
				assert.NotContains(t, p, "  ", "white space is collapsed")
			}
		}},
	{file: "testdata/html/no-header-line.html", headline: "Japan’s Rural Schools Turn to Remote Teachers as Enrollment Falls",
		location: "TOKYO", authors: []string{"S. Okafor"}, edition: "Evening Edition",
		items: 4, sections: 4, dateline: "TOKYO", images: 1, lang: "en-US",
		published: time.Date(2025, 6, 3, 10, 30, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.Equal(t, "Japan Remote Teaching Quick Looks", a.QuickLooks.Title)
			assert.True(t, strings.HasPrefix(a.Sections[0].Paragraphs[0], "TOKYO -- "))
		}},
	{file: "testdata/html/jsonld-graph.html", headline: "Global Health Talks in Geneva Back Faster Sharing of Outbreak Samples",
		location: "", authors: []string{"D. Haddad"}, edition: "",
		items: 0, sections: 4, dateline: "GENEVA", images: 1, lang: "en-US",
		published: time.Date(2025, 5, 21, 14, 20, 0, 0, time.UTC),
		check: func(t *testing.T, a *newslooks.Article) {
			assert.Empty(t, a.QuickLooks.Title)
			assert.Equal(t, "Health", a.Section, "articleSection is an array")
			assert.Equal(t, []string{"Health", "Pandemics", "Geneva"}, a.Tags)
			assert.Equal(t, []newslooks.Image{{URL: "https://newslooks.com/wp-content/uploads/2025/05/geneva-health-talks.jpg"}}, a.Images)
		}},
}

func allParagraphs(a *newslooks.Article) []string {
	var ps []string
	for _, s := range a.Sections {
		ps = append(ps, s.Paragraphs...)
	}
	return ps
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestParseHTMLFixtureValues asserts the values of EXPECTED.md's summary
// table for each fixture, one by one.
func TestParseHTMLFixtureValues(t *testing.T) {
	paths := append([]string{samplePage}, htmlFixtures(t)...)
	require.Len(t, htmlWants, len(paths), "a fixture has no row in htmlWants")
	for _, w := range htmlWants {
		t.Run(strings.TrimSuffix(filepath.Base(w.file), ".html"), func(t *testing.T) {
			a := parseHTMLFile(t, w.file, "")
			assert.Equal(t, w.headline, a.Headline)
			assert.Equal(t, "Newslooks", a.Byline.Publisher)
			assert.Equal(t, w.location, a.Byline.Location)
			assert.Equal(t, w.authors, a.Byline.Authors)
			assert.Equal(t, w.edition, a.Byline.Edition)
			assert.Len(t, a.QuickLooks.Items, w.items)
			require.Len(t, a.Sections, w.sections)
			assert.Empty(t, a.Sections[0].Heading)
			assert.Equal(t, "The Big Picture", a.Sections[len(a.Sections)-1].Heading)
			assert.Equal(t, w.dateline, a.Dateline)
			assert.Len(t, a.Images, w.images)
			assert.Equal(t, w.lang, a.Language)
			assert.True(t, w.published.Equal(a.Published), "published %v", a.Published)
			assert.True(t, strings.HasPrefix(a.URL, "https://newslooks.com/"), a.URL)
			assert.NotEmpty(t, a.Summary)
			for _, s := range a.Sections {
				assert.NotEqual(t, a.Headline, s.Heading, "the repeated headline is a marker")
				assert.NotEqual(t, "Deep Look", s.Heading)
			}
			for _, p := range allParagraphs(a) {
				assert.False(t, isDefaultChrome(p), "chrome paragraph %q", p)
				assert.NotContains(t, p, "/ Newslooks/", "the header line is not content")
				assert.Equal(t, clean.Space(p), p)
			}
			for _, img := range a.Images {
				assert.True(t, strings.HasPrefix(img.URL, "https://"), img.URL)
			}
			if w.check != nil {
				w.check(t, a)
			}
		})
	}
}

// textOnly clears what the text form does not carry, for round trips.
func textOnly(a *newslooks.Article) newslooks.Article {
	c := *a
	c.Warnings, c.Source = nil, ""
	return c
}

// isDefaultChrome reports whether p is a line of DefaultChrome.
func isDefaultChrome(p string) bool { return new(Parser).isChrome(p) }

// TestParseHTMLNotArticle checks the pages that hold no article: one with
// a text (a section front) is read, with its PageType saying it is no
// article; one with no text is an ErrNotArticle error.
func TestParseHTMLNotArticle(t *testing.T) {
	paths, err := filepath.Glob("testdata/html/notarticle/*.html")
	require.NoError(t, err)
	require.NotEmpty(t, paths, "the glob testdata/html/notarticle/*.html matched nothing")
	types := map[string]string{"section-front.html": newslooks.PageListing}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			a, err := ParseHTML(bytes.NewReader(readFile(t, path)), "")
			if want, ok := types[filepath.Base(path)]; ok {
				require.NoError(t, err)
				assert.Equal(t, want, a.PageType)
				assert.NotEmpty(t, a.Text())
				return
			}
			assert.Nil(t, a)
			require.Error(t, err)
			assert.ErrorIs(t, err, newslooks.ErrNotArticle)
			var pe *newslooks.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Zero(t, pe.Line)
			t.Log(err)
		})
	}
}

// page builds a small web page from the inside of its head and body.
func page(head, body string) string {
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" + head + "</head><body>" + body + "</body></html>"
}

const (
	siteName  = `<meta property="og:site_name" content="Newslooks">`
	plainBody = `<article><h1>Harbor Tunnel Reopens</h1><div class="entry-content">` +
		`<p>NEW YORK — The tunnel reopened on Monday after three weeks of repairs.</p></div></article>`
	headerLine = `<p>Harbor Tunnel Reopens/ Newslooks/ NEW YORK/ A. Reyes and P. Lin/ Evening Edition/ The tunnel reopened.</p>`
)

func ld(fields string) string {
	return `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle"` + fields + `}</script>`
}

func parseHTMLString(t *testing.T, src, pageURL string) *newslooks.Article {
	t.Helper()
	a, err := ParseHTML(strings.NewReader(src), pageURL)
	require.NoError(t, err)
	require.NotNil(t, a)
	return a
}

// TestParseHTMLPrecedence pins each rule of the order documented on
// Parser.ParseHTML, one small page per rule.
func TestParseHTMLPrecedence(t *testing.T) {
	body := func(h1, content string) string {
		return `<article>` + h1 + `<div class="entry-content">` + content +
			`<p>NEW YORK — The tunnel reopened on Monday.</p></div></article>`
	}
	h1 := `<h1>H1 Headline</h1>`
	tests := []struct {
		name    string
		head    string
		body    string
		pageURL string
		check   func(t *testing.T, a *newslooks.Article)
	}{
		{"headline: h1 > JSON-LD > og:title > <title>",
			siteName + ld(`,"headline":"LD Headline"`) + `<meta property="og:title" content="OG Headline"><title>Title Headline</title>`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "H1 Headline", a.Headline) }},
		{"headline: JSON-LD without h1",
			siteName + ld(`,"headline":"LD Headline"`) + `<meta property="og:title" content="OG Headline"><title>Title Headline</title>`,
			body("", ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "LD Headline", a.Headline) }},
		{"headline: og:title without its site suffix",
			siteName + `<meta property="og:title" content="OG Headline - Newslooks"><title>Title Headline</title>`,
			body("", ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "OG Headline", a.Headline) }},
		{"headline: <title> without a ' | Site' suffix",
			siteName + `<title>Title Headline | Some Other Site</title>`,
			body("", ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Title Headline", a.Headline) }},
		{"headline: a dash inside the headline stays",
			siteName + `<title>Rates Rise - Again | Newslooks</title>`,
			body("", ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Rates Rise - Again", a.Headline) }},
		{"headline: an h1 in the article beats the site's h1",
			siteName, `<header class="site-header"><h1>Newslooks</h1></header>` + body(h1, ""), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "H1 Headline", a.Headline) }},

		{"summary: subtitle > JSON-LD > og:description > description",
			siteName + ld(`,"description":"LD summary of the story."`) +
				`<meta property="og:description" content="OG summary."><meta name="description" content="Meta summary.">`,
			body(h1+`<p class="subtitle">The subtitle of the story, shown under the headline.</p>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, "The subtitle of the story, shown under the headline.", a.Summary)
				assert.Len(t, allParagraphs(a), 1, "the subtitle is not a paragraph")
			}},
		{"summary: JSON-LD description without a subtitle",
			siteName + ld(`,"description":"LD summary."`) + `<meta property="og:description" content="OG summary.">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "LD summary.", a.Summary) }},
		{"summary: og:description over the meta description",
			siteName + `<meta name="description" content="Meta summary."><meta property="og:description" content="OG summary.">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "OG summary.", a.Summary) }},
		{"summary: the meta description alone",
			siteName + `<meta name="description" content="Meta  summary.">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Meta summary.", a.Summary) }},
		{"summary: the header line when nothing else has one",
			siteName, body(h1, headerLine), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "The tunnel reopened.", a.Summary) }},

		{"authors: JSON-LD object",
			siteName + ld(`,"author":{"@type":"Person","name":"J. Mansour"}`),
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"J. Mansour"}, a.Byline.Authors) }},
		{"authors: JSON-LD array",
			siteName + ld(`,"author":[{"@type":"Person","name":"A. Reyes"},{"name":"P. Lin"},"K. Wu"]`),
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []string{"A. Reyes", "P. Lin", "K. Wu"}, a.Byline.Authors)
			}},
		{"authors: JSON-LD string list, with By",
			siteName + ld(`,"author":"By A. Reyes, P. Lin & K. Wu"`),
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []string{"A. Reyes", "P. Lin", "K. Wu"}, a.Byline.Authors)
			}},
		{"authors: JSON-LD @id reference",
			siteName + `<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":{"@id":"#p"}},{"@type":"Person","@id":"#p","name":"D. Haddad"}]}</script>`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"D. Haddad"}, a.Byline.Authors) }},
		{"authors: JSON-LD > rel=author",
			siteName + ld(`,"author":"J. Mansour"`),
			body(h1+`<div class="entry-meta">By <a rel="author" href="/a">K. Wu</a></div>`, ""), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"J. Mansour"}, a.Byline.Authors) }},
		{"authors: rel=author > byline element > meta author",
			siteName + `<meta name="author" content="M. Otieno">`,
			body(h1+`<div class="byline">By S. Okafor</div><div class="entry-meta">By <a rel="author" href="/a">K. Wu</a> and <a rel="author" href="/b">P. Lin</a></div>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []string{"K. Wu", "P. Lin"}, a.Byline.Authors)
			}},
		{"authors: byline element, By and date cut off",
			siteName + `<meta name="author" content="M. Otieno">`,
			body(h1+`<div class="byline">By A. Reyes and P. Lin | September 2, 2025</div>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []string{"A. Reyes", "P. Lin"}, a.Byline.Authors)
				assert.Len(t, allParagraphs(a), 1, "the byline is not a paragraph")
			}},
		{"authors: meta author > header line",
			siteName + `<meta name="author" content="M. Otieno">`,
			body(h1, headerLine), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"M. Otieno"}, a.Byline.Authors) }},
		{"authors: the header line alone",
			siteName, body(h1, headerLine), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []string{"A. Reyes", "P. Lin"}, a.Byline.Authors)
			}},

		{"publisher: og:site_name > JSON-LD publisher",
			`<meta property="og:site_name" content="Newslooks">` + ld(`,"publisher":{"@type":"Organization","name":"Newslooks Media"}`),
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Newslooks", a.Byline.Publisher) }},
		{"publisher: JSON-LD publisher > header line",
			ld(`,"publisher":"Newslooks Daily"`), body(h1, headerLine), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Newslooks Daily", a.Byline.Publisher) }},
		{"publisher, location, edition: the header line",
			"", body(h1, headerLine), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, newslooks.Byline{Publisher: "Newslooks", Location: "NEW YORK", Authors: []string{"A. Reyes", "P. Lin"}, Edition: "Evening Edition"}, a.Byline)
			}},
		{"location and edition: header line > bureau and edition elements",
			siteName, body(h1+`<div class="entry-meta"><span class="bureau">TOKYO</span> <span class="edition">Morning Edition</span></div>`, headerLine), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, "NEW YORK", a.Byline.Location)
				assert.Equal(t, "Evening Edition", a.Byline.Edition)
			}},
		{"location and edition: bureau and edition elements",
			siteName, body(h1+`<div class="entry-meta"><span class="bureau">TOKYO</span> <span class="edition">Morning Edition</span></div>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, "TOKYO", a.Byline.Location)
				assert.Equal(t, "Morning Edition", a.Byline.Edition)
				assert.Len(t, allParagraphs(a), 1)
			}},

		{"url: canonical > og:url > JSON-LD url > pageURL",
			siteName + `<link rel="canonical" href="https://newslooks.com/canonical/"><meta property="og:url" content="https://newslooks.com/og/">` + ld(`,"url":"https://newslooks.com/ld/"`),
			body(h1, ""), "https://newslooks.com/?p=1", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "https://newslooks.com/canonical/", a.URL) }},
		{"url: og:url without canonical",
			siteName + `<meta property="og:url" content="https://newslooks.com/og/">` + ld(`,"url":"https://newslooks.com/ld/"`),
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "https://newslooks.com/og/", a.URL) }},
		{"url: JSON-LD url, then mainEntityOfPage",
			siteName + ld(`,"mainEntityOfPage":{"@id":"https://newslooks.com/main/"}`),
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "https://newslooks.com/main/", a.URL) }},
		{"url: pageURL when the page names none",
			siteName, body(h1, ""), "https://newslooks.com/story/",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "https://newslooks.com/story/", a.URL) }},
		{"url: a relative canonical is resolved against pageURL",
			siteName + `<link rel="canonical" href="/canonical/">`, body(h1, ""), "https://newslooks.com/?p=1",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "https://newslooks.com/canonical/", a.URL) }},

		{"published: article:published_time > JSON-LD > <time>",
			siteName + ld(`,"datePublished":"2025-01-02T03:04:05Z"`) + `<meta property="article:published_time" content="2024-01-01T00:00:00Z">`,
			body(h1+`<time class="published" datetime="2023-01-01T00:00:00Z">Jan 1</time>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), a.Published.UTC())
			}},
		{"published: JSON-LD > <time>",
			siteName + ld(`,"datePublished":"2025-01-02T03:04:05Z"`),
			body(h1+`<time class="published" datetime="2023-01-01T00:00:00Z">Jan 1</time>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), a.Published.UTC())
			}},
		{"published: article:published_time > <time>",
			siteName + `<meta property="article:published_time" content="2024-01-01T10:00:00+02:00">`,
			body(h1+`<time class="published" datetime="2023-01-01T00:00:00Z">Jan 1</time>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC), a.Published.UTC())
			}},
		{"published and modified: <time> elements",
			siteName,
			body(h1+`<div class="entry-meta"><time class="entry-date published" datetime="2023-05-06">May 6</time><time class="updated" datetime="2023-05-07T08:00:00+0000" hidden>May 7</time></div>`, ""), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, time.Date(2023, 5, 6, 0, 0, 0, 0, time.UTC), a.Published)
				assert.Equal(t, time.Date(2023, 5, 7, 8, 0, 0, 0, time.UTC), a.Modified.UTC())
			}},
		{"modified: JSON-LD > article:modified_time > og:updated_time",
			siteName + ld(`,"dateModified":"2025-02-02T00:00:00Z"`) + `<meta property="article:modified_time" content="2024-02-02T00:00:00Z"><meta property="og:updated_time" content="2023-02-02T00:00:00Z">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, 2025, a.Modified.Year()) }},
		{"modified: og:updated_time alone",
			siteName + `<meta property="og:updated_time" content="2023-02-02T00:00:00Z">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, 2023, a.Modified.Year()) }},

		{"section: JSON-LD > article:section",
			siteName + ld(`,"articleSection":["Health","World"]`) + `<meta property="article:section" content="Science">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Health", a.Section) }},
		{"section: article:section",
			siteName + `<meta property="article:section" content="Science">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "Science", a.Section) }},

		{"tags: JSON-LD keywords > article:tag",
			siteName + ld(`,"keywords":"Water, Nile ,Egypt"`) + `<meta property="article:tag" content="Other">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"Water", "Nile", "Egypt"}, a.Tags) }},
		{"tags: article:tag > keywords",
			siteName + `<meta property="article:tag" content="Nile"><meta property="article:tag" content="Water"><meta property="article:tag" content="nile"><meta name="keywords" content="x, y">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"Nile", "Water"}, a.Tags) }},
		{"tags: news_keywords > keywords",
			siteName + `<meta name="keywords" content="x, y"><meta name="news_keywords" content="Nile, Water">`,
			body(h1, ""), "", func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"Nile", "Water"}, a.Tags) }},
		{"tags: rel=tag links of the article's footer",
			siteName, strings.Replace(body(h1, ""), `</article>`, `<footer><a rel="tag" href="/t/a">Nile</a> <a rel="category tag" href="/c">World</a></footer></article>`, 1), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, []string{"Nile"}, a.Tags) }},

		{"images: JSON-LD, og:image, then figures; resolved; captions replace alt text",
			siteName + `<link rel="canonical" href="https://newslooks.com/story/">` +
				ld(`,"image":{"@type":"ImageObject","url":"https://newslooks.com/lead.jpg","caption":"LD caption"}`) +
				`<meta property="og:image" content="/og.jpg"><meta property="og:image:alt" content="OG alt">`,
			body(h1, `<figure><img src="/og.jpg" alt="img alt"><figcaption>Figure caption. <span class="credit">AP</span></figcaption></figure>`+
				`<figure><img src="//cdn.newslooks.com/b.jpg" alt="Alt only"></figure>`+
				`<img src="/pixel.gif" width="1" height="1"><aside><img src="/ad.jpg"></aside>`), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []newslooks.Image{
					{URL: "https://newslooks.com/lead.jpg", Caption: "LD caption"},
					{URL: "https://newslooks.com/og.jpg", Caption: "Figure caption.", Credit: "AP"},
					{URL: "https://cdn.newslooks.com/b.jpg", Caption: "Alt only"},
				}, a.Images)
				assert.Len(t, allParagraphs(a), 1, "captions are not paragraphs")
			}},
		{"images: relative URLs stay relative without any base",
			siteName, body(h1, `<figure><img src="img/a.jpg" alt="A"></figure>`), "",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []newslooks.Image{{URL: "img/a.jpg", Caption: "A"}}, a.Images)
			}},
		{"images: <base> > pageURL",
			siteName + `<base href="https://static.newslooks.com/x/">`, body(h1, `<figure><img src="a.jpg"></figure>`), "https://newslooks.com/story/",
			func(t *testing.T, a *newslooks.Article) {
				assert.Equal(t, []newslooks.Image{{URL: "https://static.newslooks.com/x/a.jpg"}}, a.Images)
			}},

		{"language: <html lang> > JSON-LD inLanguage",
			siteName + ld(`,"inLanguage":"fr"`), body(h1, ""), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "fr", a.Language, "page() writes no lang") }},
		{"language: Content-Language > og:locale",
			siteName + `<meta http-equiv="Content-Language" content="de"><meta property="og:locale" content="en_GB">`, body(h1, ""), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "de", a.Language) }},
		{"language: og:locale as a language tag",
			siteName + `<meta property="og:locale" content="en_GB">`, body(h1, ""), "",
			func(t *testing.T, a *newslooks.Article) { assert.Equal(t, "en-GB", a.Language) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := parseHTMLString(t, page(tc.head, tc.body), tc.pageURL)
			tc.check(t, a)
		})
	}

	t.Run("language: <html lang> wins", func(t *testing.T) {
		src := strings.Replace(page(siteName+ld(`,"inLanguage":"fr"`), body(h1, "")), "<html>", `<html lang="en-US">`, 1)
		assert.Equal(t, "en-US", parseHTMLString(t, src, "").Language)
	})
}

func TestParseTime(t *testing.T) {
	utc := time.Date(2025, 9, 2, 9, 14, 0, 0, time.UTC)
	for _, s := range []string{
		"2025-09-02T09:14:00Z", "2025-09-02T09:14:00+00:00", "2025-09-02T11:14:00+02:00",
		"2025-09-02T09:14:00.000Z", "2025-09-02T09:14:00+0000", "2025-09-02T09:14Z",
		"Tue, 02 Sep 2025 09:14:00 +0000", " 2025-09-02T09:14:00Z ", "Tue Sep 02 2025 09:14:00 GMT+0000",
	} {
		got, ok := parseTime(s)
		if assert.True(t, ok, s) {
			assert.True(t, utc.Equal(got), "%s gave %v", s, got)
		}
	}
	// A time without a zone keeps its date alone, unless the page's zone
	// is known: 23:30 somewhere may be the next day in UTC.
	date := time.Date(2025, 9, 2, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"2025-09-02", "2025-09-02T23:30:00", "2025-09-02 23:30:00", "2025-09-02 23:30:00.000000"} {
		got, ok := parseTime(s)
		assert.True(t, ok, s)
		assert.Equal(t, date, got, s)
	}
	ny := time.FixedZone("", -5*3600)
	got, ok := parseTimeIn("2025-09-02T23:30:00", ny)
	assert.True(t, ok)
	assert.True(t, time.Date(2025, 9, 3, 4, 30, 0, 0, time.UTC).Equal(got), "read in the page's zone: %v", got)
	assert.Equal(t, ny, pageZone("", "2025-09-01", "2025-09-02T10:00:00-05:00"), "the zone of the first time with an offset")
	assert.Nil(t, pageZone("2025-09-02", "2025-09-02T10:00:00"))
	for _, s := range []string{"", "yesterday", "2025-13-45", strings.Repeat("2", 100)} {
		_, ok := parseTime(s)
		assert.False(t, ok, s)
	}
}

// TestParseHTMLBody pins how the body of a Newslooks page is read.
func TestParseHTMLBody(t *testing.T) {
	wrap := func(content string) string {
		return page(siteName, `<article><h1>Harbor Tunnel Reopens</h1><div class="entry-content">`+content+`</div></article>`)
	}
	t.Run("quick looks as dash paragraphs", func(t *testing.T) {
		a := parseHTMLString(t, wrap(`<p><strong>Tunnel Quick Looks</strong></p><p>- One</p><p>- Two</p>`+
			`<p>NEW YORK — Body.</p>`), "")
		assert.Equal(t, newslooks.QuickLooks{Title: "Tunnel Quick Looks", Items: []string{"One", "Two"}}, a.QuickLooks)
		assert.Equal(t, []newslooks.Section{{Paragraphs: []string{"NEW YORK — Body."}}}, a.Sections)
	})
	t.Run("quick looks as lines of one paragraph", func(t *testing.T) {
		a := parseHTMLString(t, wrap(`<p>Tunnel Quick Looks<br>• One<br>• Two</p><p>NEW YORK — Body.</p>`), "")
		assert.Equal(t, newslooks.QuickLooks{Title: "Tunnel Quick Looks", Items: []string{"One", "Two"}}, a.QuickLooks)
	})
	t.Run("quick looks as an ordered list under a heading", func(t *testing.T) {
		a := parseHTMLString(t, wrap(`<h3>Tunnel Quick Looks</h3><ol><li>One</li><li>- Two</li></ol><p>NEW YORK — Body.</p><ul><li>A list in the body</li></ul>`), "")
		assert.Equal(t, newslooks.QuickLooks{Title: "Tunnel Quick Looks", Items: []string{"One", "Two"}}, a.QuickLooks)
		assert.Equal(t, []string{"NEW YORK — Body.", "A list in the body"}, a.Sections[0].Paragraphs)
	})
	t.Run("headings", func(t *testing.T) {
		a := parseHTMLString(t, wrap(`<p>NEW YORK — Body.</p><h2>First <em>Heading</em></h2><p>One.</p>`+
			`<p><b>Second Heading</b>&nbsp;</p><p>Two.</p><h4>Third</h4><p><strong>Note:</strong> not a heading.</p>`+
			`<p><strong>A bold sentence is not a heading.</strong></p>`), "")
		assert.Equal(t, []newslooks.Section{
			{Paragraphs: []string{"NEW YORK — Body."}},
			{Heading: "First Heading", Paragraphs: []string{"One."}},
			{Heading: "Second Heading", Paragraphs: []string{"Two."}},
			{Heading: "Third", Paragraphs: []string{"Note: not a heading.", "A bold sentence is not a heading."}},
		}, a.Sections)
	})
	t.Run("text kept verbatim, white space collapsed", func(t *testing.T) {
		a := parseHTMLString(t, wrap("<p>NEW YORK &mdash; “Quoted,” she said &#8212; it’s\n\t  <a href=x>here</a>&nbsp;&amp; there.</p>"), "")
		assert.Equal(t, "NEW YORK — “Quoted,” she said — it’s here & there.", a.Sections[0].Paragraphs[0])
		assert.Equal(t, "NEW YORK", a.Dateline)
	})
	t.Run("markers dropped", func(t *testing.T) {
		a := parseHTMLString(t, wrap(headerLine+`<h2>Harbor Tunnel Reopens</h2><h2>Deep Look</h2><p>NEW YORK — Body.</p>`), "")
		assert.Equal(t, []newslooks.Section{{Paragraphs: []string{"NEW YORK — Body."}}}, a.Sections)
		assert.Equal(t, "NEW YORK", a.Byline.Location)
	})
	t.Run("recognised by the header line alone", func(t *testing.T) {
		a := parseHTMLString(t, page("", `<div><h1>Harbor Tunnel Reopens</h1>`+headerLine+`<p>NEW YORK — Body.</p></div>`), "")
		assert.Equal(t, "Evening Edition", a.Byline.Edition)
		assert.Equal(t, []string{"NEW YORK — Body."}, a.Sections[0].Paragraphs)
	})
	t.Run("recognised by a Quick Looks heading alone", func(t *testing.T) {
		a := parseHTMLString(t, page("", `<main><h1>Harbor Tunnel Reopens</h1><h2>Tunnel Quick Looks</h2><ul><li>One</li></ul><p>NEW YORK — Body.</p></main>`), "")
		assert.Equal(t, []string{"One"}, a.QuickLooks.Items)
	})
	t.Run("warnings and strict mode", func(t *testing.T) {
		src := wrap(`<p>Body without a dateline.</p>`)
		a := parseHTMLString(t, src, "")
		assert.Equal(t, []newslooks.Warning{{Message: "no Quick Looks block"}, {Message: "the first paragraph has no dateline"}}, a.Warnings)
		_, err := (&Parser{Strict: true}).ParseHTML(strings.NewReader(src), "")
		assert.ErrorIs(t, err, newslooks.ErrStrict)
	})
	t.Run("the Chrome option", func(t *testing.T) {
		src := wrap(`<p>NEW YORK — Body.</p><p>Read more at Newslooks</p>`)
		a := parseHTMLString(t, src, "")
		assert.Len(t, a.Sections[0].Paragraphs, 2)
		a, err := (&Parser{Chrome: append(newslooks.DefaultChrome(), "Read more at Newslooks")}).ParseHTML(strings.NewReader(src), "")
		require.NoError(t, err)
		assert.Equal(t, []string{"NEW YORK — Body."}, a.Sections[0].Paragraphs)
	})
}

// TestParseHTMLDropsChrome puts the word CHROME in every kind of chrome a
// page has and checks that none of it reaches the article.
func TestParseHTMLDropsChrome(t *testing.T) {
	chrome := []string{
		`<nav><p>CHROME nav</p></nav>`,
		`<div role="navigation"><p>CHROME role</p></div>`,
		`<aside><p>CHROME aside</p></aside>`,
		`<div class="share-bar"><p>CHROME share</p></div>`,
		`<div class="sharedaddy"><p>CHROME jetpack</p></div>`,
		`<section class="related-posts"><p>CHROME related</p></section>`,
		`<div class="ad-slot"><p>CHROME ad</p></div>`,
		`<div id="div-gpt-ad-1"><p>CHROME gpt</p></div>`,
		`<div class="newsletter-box"><p>CHROME newsletter</p></div>`,
		`<div id="comments"><p>CHROME comments</p></div>`,
		`<div class="comment-respond"><p>CHROME respond</p></div>`,
		`<form><p>CHROME form</p></form>`,
		`<script>document.write("<p>CHROME script</p>")</script>`,
		`<style>p:after{content:"CHROME style"}</style>`,
		`<noscript><p>CHROME noscript</p></noscript>`,
		`<p hidden>CHROME hidden</p>`,
		`<p aria-hidden="true">CHROME aria</p>`,
		`<p style="color: red; DISPLAY: none">CHROME display</p>`,
		`<p style="visibility:hidden !important">CHROME visibility</p>`,
		`<p>Text <span class="screen-reader-text">CHROME reader</span>kept.</p>`,
		`<footer><p>CHROME footer</p></footer>`,
		`<p>Share this:</p>`,
		`<h3>Related Posts</h3>`,
		`<p>You must <a href="/r">Register</a> or <a href="/l">Login</a> to post a comment.</p>`,
		`<p>– Advertisement –</p>`,
		`<template><p>CHROME template</p></template>`,
		`<iframe src="/x">CHROME iframe</iframe>`,
	}
	content := `<p>NEW YORK — Body.</p>` + strings.Join(chrome, "\n")
	src := page(siteName, `<header class="site-header"><p>CHROME masthead</p></header>`+
		`<article><h1>Harbor Tunnel Reopens</h1><div class="entry-content">`+content+`</div></article>`+
		`<div class="cookie-notice"><p>CHROME cookie</p></div><footer id="colophon"><p>CHROME colophon</p></footer>`)
	a := parseHTMLString(t, src, "")
	assert.Equal(t, []newslooks.Section{{Paragraphs: []string{"NEW YORK — Body.", "Text kept."}}}, a.Sections)
	assert.NotContains(t, a.Text(), "CHROME")
}

func TestParseHTMLCharset(t *testing.T) {
	body := "<article><h1>Caf\xe9 Owners</h1><p>PARIS \x97 \x93Non,\x94 said Ren\xe9e.</p></article>"
	for name, src := range map[string]string{
		"declared windows-1252":  `<html><head><meta charset="windows-1252">` + siteName + `</head><body>` + body,
		"declared UTF-8 wrongly": `<html><head><meta charset="utf-8">` + siteName + `</head><body>` + body,
		"declared iso-8859-1":    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">` + siteName + `</head><body>` + body,
		"undeclared, not UTF-8":  `<html><head>` + siteName + `</head><body>` + body,
	} {
		t.Run(name, func(t *testing.T) {
			a := parseHTMLString(t, src, "")
			assert.Equal(t, "Café Owners", a.Headline)
			assert.Equal(t, "PARIS — “Non,” said Renée.", a.Sections[0].Paragraphs[0])
		})
	}
	t.Run("UTF-8 declared late", func(t *testing.T) {
		src := `<html><head>` + strings.Repeat("<!-- padding -->", 100) + `<meta charset="utf-8">` + siteName +
			`</head><body><article><h1>Café Owners</h1><p>PARIS — “Non,” said Renée.</p></article>`
		a := parseHTMLString(t, src, "")
		assert.Equal(t, "Café Owners", a.Headline)
		assert.Equal(t, "PARIS — “Non,” said Renée.", a.Sections[0].Paragraphs[0])
	})
	t.Run("UTF-8 with a stray byte", func(t *testing.T) {
		a := parseHTMLString(t, page(siteName, "<article><h1>Café \xff Owners</h1><p>PARIS — Body.</p></article>"), "")
		assert.Equal(t, "Café \uFFFD Owners", a.Headline)
	})
	t.Run("UTF-8 with a byte-order mark", func(t *testing.T) {
		a := parseHTMLString(t, "\uFEFF"+page(siteName, "<article><h1>Café</h1><p>PARIS — Body.</p></article>"), "")
		assert.Equal(t, "Café", a.Headline)
	})
	t.Run("UTF-16", func(t *testing.T) {
		s := page(siteName, "<article><h1>Café</h1><p>PARIS — Body.</p></article>")
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		a, err := ParseHTML(bytes.NewReader(b), "")
		require.NoError(t, err)
		assert.Equal(t, "Café", a.Headline)
	})
}

func TestParseHTMLNotHTML(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want error
		msg  string
	}{
		"text":        {string(readSample(t)), newslooks.ErrNotArticle, "use newslooks.Parse"},
		"empty":       {"", newslooks.ErrEmpty, ""},
		"white space": {" \n\t\n", newslooks.ErrEmpty, ""},
		"prose":       {"Just some prose, not a page.\n", newslooks.ErrNotArticle, "not HTML"},
		"binary":      {"\x00\x01\x02\xff", newslooks.ErrNotArticle, ""},
		"no body":     {"<!DOCTYPE html><html><head><title>Hi</title></head></html>", newslooks.ErrNotArticle, ""},
	} {
		t.Run(name, func(t *testing.T) {
			a, err := ParseHTML(strings.NewReader(tc.src), "")
			assert.Nil(t, a)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			var pe *newslooks.ParseError
			assert.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	t.Run("an article list without NewsArticle", func(t *testing.T) {
		// A listing is reported, not refused: its main text is read and
		// PageType says what it is.
		a, err := ParseHTML(strings.NewReader(page("", strings.Repeat(`<article><h2><a href="/x">Teaser</a></h2><p>Excerpt of a story.</p></article>`, 3))), "")
		require.NoError(t, err)
		assert.Equal(t, newslooks.PageListing, a.PageType)
		assert.Contains(t, a.Text(), "Excerpt of a story.")
	})
	t.Run("bad page URL", func(t *testing.T) {
		// A page URL that does not parse is the caller's slip, not the
		// page's fault: the page is read without it, with a warning, and a
		// strict parser makes that a *ParseError like any other warning.
		a, err := ParseHTML(strings.NewReader(page(siteName, plainBody)), "http://[::1")
		require.NoError(t, err)
		require.NotEmpty(t, a.Warnings)
		assert.Contains(t, a.Warnings[len(a.Warnings)-1].Message, `the page URL "http://[::1" does not parse`)
		// The sample page has no other warning, so the strict error can
		// only be the URL's.
		p := &Parser{Strict: true}
		_, err = p.ParseHTML(bytes.NewReader(readFile(t, samplePage)), "")
		require.NoError(t, err)
		_, err = p.ParseHTML(bytes.NewReader(readFile(t, samplePage)), "http://[::1")
		var pe *newslooks.ParseError
		require.ErrorAs(t, err, &pe)
		assert.ErrorIs(t, err, newslooks.ErrStrict)
		assert.Contains(t, err.Error(), "does not parse")
	})
}

// TestParseHTMLForeignMerge checks that a page from another site gets its
// content from the foreign parser and its metadata from ParseHTML.
func TestParseHTMLForeignMerge(t *testing.T) {
	para := "The harbor tunnel reopened on Monday after three weeks of repairs, officials said, " +
		"easing traffic on the bridges that had carried the extra load while crews replaced the lighting and drainage. "
	src := page(`<title>Harbor Tunnel Reopens | Other Gazette</title>`+
		`<meta property="og:site_name" content="Other Gazette">`+
		`<meta property="article:published_time" content="2025-03-04T05:06:07Z">`+
		`<meta property="article:tag" content="Transport"><meta property="article:section" content="Metro">`+
		`<meta name="author" content="Ann Lee">`,
		`<nav><a href="/">Home</a></nav><article><h1>Harbor Tunnel Reopens</h1>`+
			`<p>`+strings.Repeat(para, 3)+`</p><h2>What Changed</h2><p>`+strings.Repeat(para, 3)+`</p></article>`)
	a, err := ParseHTML(strings.NewReader(src), "https://gazette.example/metro/tunnel")
	require.NoError(t, err)
	assert.Equal(t, "Harbor Tunnel Reopens", a.Headline)
	assert.Equal(t, "Other Gazette", a.Byline.Publisher)
	assert.Equal(t, []string{"Ann Lee"}, a.Byline.Authors)
	assert.Equal(t, "Metro", a.Section)
	assert.Equal(t, []string{"Transport"}, a.Tags)
	assert.Equal(t, "https://gazette.example/metro/tunnel", a.URL)
	assert.True(t, a.Published.Equal(time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)))
	assert.Empty(t, a.QuickLooks.Title, "nothing is invented")
	require.NotEmpty(t, a.Sections)
	assert.Contains(t, a.Text(), "The harbor tunnel reopened on Monday")
	assert.Contains(t, a.Text(), "What Changed")
}

// nestedDivs returns a page with the article inside n nested <div>s.
func nestedDivs(n int) string {
	return page(siteName, strings.Repeat("<div>", n)+plainBody+strings.Repeat("</div>", n))
}

// hostilePages are pages meant to make the parser crash, hang or run out
// of memory; they seed FuzzParseHTML too.
func hostilePages() map[string]string {
	attrs := make([]byte, 0, 1<<20+64)
	attrs = append(attrs, `<div class="entry-content"`...)
	for i := 0; len(attrs) < 1<<20; i++ {
		attrs = fmt.Appendf(attrs, ` data-a%d="x"`, i)
	}
	attrs = append(attrs, '>')
	return map[string]string{
		"100,000 nested divs": page(siteName, strings.Repeat("<div>", 100_000)+plainBody),
		"a megabyte of attributes": page(siteName, `<article><h1>Harbor Tunnel Reopens</h1>`+string(attrs)+
			`<p>NEW YORK — The tunnel reopened.</p></div></article>`),
		"a megabyte class": page(siteName, `<article><h1>Harbor Tunnel Reopens</h1><div class="`+
			strings.Repeat("entry-content-x ", 1<<16)+`"><p>NEW YORK — The tunnel reopened.</p></div></article>`),
		"broken JSON-LD": page(siteName+`<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Broken`+
			`</script><meta property="og:title" content="OG Headline - Newslooks">`, `<article><div><p>NEW YORK — The tunnel reopened.</p></div></article>`),
		"deep JSON-LD": page(siteName+`<script type="application/ld+json">`+strings.Repeat("[", 20_000)+strings.Repeat("]", 20_000)+`</script>`, plainBody),
		"script with article text": page(siteName, `<script>var a = "Harbor Tunnel Reopens/ Newslooks/ NEW YORK/ A. Reyes/ Evening Edition/ Summary.";
document.write('<p>NEW YORK — The tunnel reopened.</p>');</script><noscript><p>NEW YORK — The tunnel reopened.</p></noscript>`),
		"many tags":                 page(siteName+strings.Repeat(`<meta property="article:tag" content="t">`, 20_000)+ld(`,"keywords":[`+strings.Repeat(`"k",`, 20_000)+`"k"]`), plainBody),
		"many bylines":              page(siteName, `<article><h1>Harbor Tunnel Reopens</h1>`+strings.Repeat(`<span class="byline author">By <a rel="author" href="/a">A. Reyes</a> `, 400)+`<p>NEW YORK — The tunnel reopened.</p></article>`),
		"many images":               page(siteName, `<article><h1>Harbor Tunnel Reopens</h1><p>NEW YORK — The tunnel reopened.</p>`+strings.Repeat(`<img src="/a.jpg"><figure><img src="/b.jpg"><figcaption>c</figcaption></figure>`, 20_000)+`</article>`),
		"unclosed tags":             `<html><body><article><h1>Harbor Tunnel Reopens<p>NEW YORK — The tunnel <b><i>reopened</b></i><table><td>x<p><li>y`,
		"nested articles":           page(siteName, strings.Repeat("<article>", 400)+`<h1>Harbor Tunnel Reopens</h1><p>NEW YORK — Body.</p>`),
		"many articles":             page(siteName+ld(`,"headline":"Harbor Tunnel Reopens"`), strings.Repeat(`<article><p>NEW YORK — Body.</p></article>`, 10_000)),
		"nested figures":            page(siteName, `<article><h1>Harbor Tunnel Reopens</h1><p>NEW YORK — Body.</p>`+strings.Repeat(`<figure><figcaption>c`, 400)+`</article>`),
		"a title of a million bars": page(siteName+"<title>"+strings.Repeat("a | ", 250_000)+"</title>", `<article><p>NEW YORK — Body.</p></article>`),
		"text under 500 divs": "<html><body>" + strings.Repeat("<div>", 500) +
			strings.Repeat("<p>Some text here, a sentence or two, with commas, and more words.</p>", 8000),
		"long header line": page(siteName, `<article><h1>Harbor Tunnel Reopens</h1><p>A/ `+strings.Repeat("Ab/ ", 100_000)+`</p><p>NEW YORK — Body.</p></article>`),
	}
}

// TestParseHTMLHostile feeds hostile pages to the parser: each ends
// promptly with an article or an error, and never panics.
func TestParseHTMLHostile(t *testing.T) {
	for name, src := range hostilePages() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			a, err := ParseHTML(strings.NewReader(src), "https://newslooks.com/story/")
			if err != nil {
				assert.Nil(t, a)
				var pe *newslooks.ParseError
				assert.ErrorAs(t, err, &pe)
			} else {
				assert.NotEmpty(t, a.Headline)
				assert.NotEmpty(t, a.Sections)
				assert.LessOrEqual(t, len(a.Tags), maxListLen)
				assert.LessOrEqual(t, len(a.Byline.Authors), maxListLen)
				assert.LessOrEqual(t, len(a.Images), maxImages)
			}
			t.Logf("%d bytes in %v: %v", len(src), time.Since(start), err)
		})
	}

	t.Run("100,000 nested divs is an error", func(t *testing.T) {
		// Past the DOM budget, and past html.Parse's 512 levels.
		_, err := ParseHTML(strings.NewReader(nestedDivs(100_000)), "")
		assert.ErrorIs(t, err, newslooks.ErrTooLarge)
		p := &Parser{MaxBytes: 1 << 20}
		_, err = p.ParseHTML(strings.NewReader(nestedDivs(10_000)), "")
		assert.ErrorIs(t, err, newslooks.ErrNotArticle, "within the budget, the parser's own limit")
	})
	t.Run("400 nested divs are read", func(t *testing.T) {
		a := parseHTMLString(t, nestedDivs(400), "")
		assert.Equal(t, "Harbor Tunnel Reopens", a.Headline)
	})
	t.Run("a megabyte of attributes is read", func(t *testing.T) {
		a := parseHTMLString(t, hostilePages()["a megabyte of attributes"], "")
		assert.Equal(t, []string{"NEW YORK — The tunnel reopened."}, allParagraphs(a))
	})
	t.Run("broken JSON-LD is ignored with a warning", func(t *testing.T) {
		a := parseHTMLString(t, hostilePages()["broken JSON-LD"], "")
		assert.Equal(t, "OG Headline", a.Headline)
		assert.Contains(t, a.Warnings, newslooks.Warning{Message: "a JSON-LD block is not valid JSON and was ignored"})
	})
	t.Run("a script is not content", func(t *testing.T) {
		_, err := ParseHTML(strings.NewReader(hostilePages()["script with article text"]), "")
		assert.ErrorIs(t, err, newslooks.ErrNotArticle)
	})
	t.Run("text nested too deeply for go-readability", func(t *testing.T) {
		_, err := ParseHTML(strings.NewReader(hostilePages()["text under 500 divs"]), "")
		assert.ErrorIs(t, err, newslooks.ErrTooLarge)
	})
	t.Run("over the size limit", func(t *testing.T) {
		p := &Parser{MaxBytes: 64 << 10}
		big := nestedDivs(0) + strings.Repeat("<p>padding</p>", 10_000)
		_, err := p.ParseHTML(strings.NewReader(big), "")
		assert.ErrorIs(t, err, newslooks.ErrTooLarge)
		a, err := p.ParseHTML(strings.NewReader(big[:60<<10]), "")
		assert.NoError(t, err, "under the limit")
		assert.NotNil(t, a)
	})
	t.Run("a 50 MB page with the default limit", func(t *testing.T) {
		r := &testkit.RepeatReader{Text: "<p>" + strings.Repeat("x", 1<<20) + "</p>", N: 50}
		_, err := ParseHTML(r, "")
		assert.ErrorIs(t, err, newslooks.ErrTooLarge)
		assert.Positive(t, r.N, "the reader was not read to its end")
	})
}

// compactPage returns a fixture without what makes it large and says
// nothing to the parser: scripts (JSON-LD excepted), styles, links,
// navigation, forms, asides and footers. Seeds of a few kilobytes keep the
// fuzzer from spending its time minimizing 50 KB inputs.
func compactPage(tb testing.TB, src []byte) []byte {
	tb.Helper()
	root, err := html.Parse(bytes.NewReader(src))
	require.NoError(tb, err)
	var prune func(n *html.Node)
	prune = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode,
				c.Type == html.ElementNode && (c.Data == "script" && !isJSONLD(htmlx.Attr(c, "type")) ||
					c.Data == "style" || c.Data == "link" || c.Data == "nav" || c.Data == "form" ||
					c.Data == "aside" || c.Data == "footer" || c.Data == "noscript" || c.Data == "svg"):
				n.RemoveChild(c)
			default:
				prune(c)
			}
			c = next
		}
	}
	prune(root)
	var buf bytes.Buffer
	require.NoError(tb, html.Render(&buf, root))
	return buf.Bytes()
}

// FuzzParseHTML checks that no page makes ParseHTML panic, and that every
// article it returns has a headline and a body. It is seeded with the
// fixtures (testdata/*.html, testdata/html/**.html), made compact, and with
// scaled-down hostile pages.
func FuzzParseHTML(f *testing.F) {
	paths, err := filepath.Glob("testdata/*.html")
	require.NoError(f, err)
	more, err := filepath.Glob("testdata/html/*/*.html")
	require.NoError(f, err)
	paths = append(append(paths, htmlFixtures(f)...), more...)
	for _, path := range paths {
		f.Add(compactPage(f, readFile(f, path)))
	}
	for _, src := range hostilePages() {
		if len(src) < 16<<10 {
			f.Add([]byte(src))
		}
	}
	f.Add([]byte(nestedDivs(600)))
	f.Add([]byte(page(siteName, `<div class="entry-content" `+strings.Repeat(`data-x="y" `, 1000)+`><p>NEW YORK — Body.</p></div>`)))
	f.Add([]byte(page(siteName, `<p>A/ Newslooks/ B</p><h2>X Quick Looks</h2><ul><li>- </li></ul><p><b>Deep Look</b></p>`)))
	f.Add([]byte(page0))
	f.Add([]byte(copyPageForFuzz))
	f.Add(readSample(f)[:1000])
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &Parser{MaxBytes: 1 << 20}
		a, err := p.ParseHTML(bytes.NewReader(data), "https://newslooks.com/a/b")
		if err != nil {
			if a != nil {
				t.Fatalf("an article and an error: %v", err)
			}
			var pe *newslooks.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if a == nil || a.Headline == "" {
			t.Fatalf("an article without a headline: %+v", a)
		}
		if len(a.Sections) == 0 {
			t.Fatalf("an article without a body: %+v", a)
		}
		if _, err := json.Marshal(a); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		checkTextRoundTrip(t, a)
	})
}

// writable reports whether the text form can carry a, as WriteTo's
// documentation states the condition: a headline without "/ ", a summary
// or a byline field to make the header line one, and no heading or
// paragraph that is itself a header line.
func writable(a *newslooks.Article) bool {
	if strings.Contains(a.Headline, "/ ") || strings.HasSuffix(a.Headline, "/") || len(a.Headline) > 300 ||
		a.Summary == "" && a.Byline.Publisher == "" && a.Byline.Location == "" && len(a.Byline.Authors) == 0 && a.Byline.Edition == "" {
		return false
	}
	for _, line := range bodyText(a) {
		if textform.IsHeaderLine(line) {
			return false
		}
	}
	if strings.HasSuffix(a.Headline, ".") {
		// A byline field must read back as one: the text form's shapes
		// decide that, so its header parser is asked.
		var buf bytes.Buffer
		if _, err := a.WriteTo(&buf); err != nil {
			return false
		}
		first, _, _ := strings.Cut(buf.String(), "\n")
		if h, ok := textform.ParseHeader(first, false); !ok || h.Fields == 0 {
			return false
		}
	}
	return true
}

// checkTextRoundTrip checks what Article.WriteTo promises of an article
// from a page: the text form reads back with the same headline, Quick
// Looks block and body text in order.
func checkTextRoundTrip(t *testing.T, a *newslooks.Article) {
	t.Helper()
	if !writable(a) {
		return
	}
	var buf bytes.Buffer
	if _, err := a.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	b, err := newslooks.Parse(&buf)
	if err != nil {
		t.Fatalf("the text form does not parse: %v\n%s", err, text)
	}
	if a.Headline != b.Headline || !reflect.DeepEqual(a.QuickLooks, b.QuickLooks) ||
		!reflect.DeepEqual(bodyText(a), bodyText(b)) {
		t.Fatalf("the text form reads back otherwise:\n%#v\n%#v", a, b)
	}
}

// BenchmarkParseHTML measures ParseHTML on the sample page.
func BenchmarkParseHTML(b *testing.B) {
	src := readFile(b, samplePage)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseHTML(bytes.NewReader(src), sampleURL); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTMLParse is the floor of BenchmarkParseHTML: the bare
// golang.org/x/net/html parse of the same page.
func BenchmarkHTMLParse(b *testing.B) {
	src := readFile(b, samplePage)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := html.Parse(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// copyPageForFuzz is a small page with every part a Newslooks page has.
const copyPageForFuzz = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Tunnel Reopens - Newslooks</title><link rel="canonical" href="/tunnel/">
<meta property="og:site_name" content="Newslooks"><meta property="og:image" content="/a.jpg">
<meta property="article:published_time" content="2025-03-10T14:30:00-04:00">
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Tunnel Reopens","author":{"@id":"#p"},"image":[{"@type":"ImageObject","url":"/b.jpg","caption":"c"}],"keywords":["a","b"]},{"@id":"#p","name":"A. Reyes"}]}</script>
</head><body><header class="site-header"><h1>Newslooks</h1></header><article><header><h1>Tunnel Reopens</h1>
<p class="subtitle">The tunnel reopened on Monday after repairs.</p><div class="entry-meta">By <a rel="author">A. Reyes</a> <span class="edition">Evening Edition</span></div></header>
<figure><img src="/a.jpg" alt="x"><figcaption>Cap <span class="credit">AP</span></figcaption></figure>
<div class="entry-content"><p>Tunnel Reopens/ Newslooks/ NEW YORK/ A. Reyes/ Evening Edition/ Summary.</p>
<h3>Tunnel Quick Looks</h3><ul><li>One</li><li>Two</li></ul><h2>Tunnel Reopens</h2><p><strong>Deep Look</strong></p>
<p>NEW YORK — Body <em>text</em>.</p><div class="ad-slot">Advertisement</div><h2>Next</h2><p>More.</p>
<p><b>Bold Heading</b></p><p>- dash</p><p>Share this:</p></div></article></body></html>`

func TestNestingCost(t *testing.T) {
	parse := func(s string) *html.Node {
		root, err := html.Parse(strings.NewReader(s))
		require.NoError(t, err)
		return root
	}
	// Document (0), html (1), head (2), body (2), div (3), text (4).
	assert.Equal(t, int64(1+2+2+3+4*(1+5)), prescan.NestingCost(parse("<div>hello</div>")))
	deep := parse(strings.Repeat("<div>", 500) + strings.Repeat("x", 1<<20))
	assert.Greater(t, prescan.NestingCost(deep), int64(prescan.MaxNestingCost))
	for _, path := range append([]string{samplePage}, htmlFixtures(t)...) {
		assert.Less(t, prescan.NestingCost(parse(string(readFile(t, path)))), int64(prescan.MaxNestingCost/100), path)
	}
}

// page0 is the smallest Newslooks page.
const page0 = `<html><head><meta property="og:site_name" content="Newslooks"></head><body>` + plainBody

// readSample returns the sample article's text form, which the page
// fixtures must match.
func readSample(tb testing.TB) []byte { return readFile(tb, "../testdata/xi-putin.txt") }
