package page

import (
	"bytes"
	"strings"
	"testing"
	"time"

	dateparser "github.com/markusmobius/go-dateparser"
	htmldate "github.com/markusmobius/go-htmldate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// gardenStory is an article with no date of its own, in German.
const gardenStory = `<article><h1>Ein Garten im Winter</h1><p>Jane Example schreibt über Gärten, Beete und Hecken im Winter.</p></article>`

func parseTestDoc(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	return doc
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, html.Render(&b, n))
	return b.String()
}

func TestLibraryDateSkipsWhatHoldsNoDateOfThePage(t *testing.T) {
	// Each page's only date is in a part that is not the page's own date:
	// go-htmldate alone reads it (an archive month in the menu, an option
	// of a price list, a build stamp in a script, a style sheet's
	// version) and dates the page with it.
	for name, part := range map[string]string{
		"nav":      `<nav><ul><li><a href="/archiv/2019/03/">Archiv März 2019</a></li></ul></nav>`,
		"select":   `<form><select name="preis"><option>2012-04-05</option><option>2013-06-07</option></select></form>`,
		"textarea": `<form><textarea>2012-04-05</textarea></form>`,
		"script":   `<script>var build = "2015-06-07";</script>`,
		"style":    `<style>/* 2015-06-07 */ p { color: black }</style>`,
		"svg":      `<svg><text>2015-06-07</text></svg>`,
	} {
		t.Run(name, func(t *testing.T) {
			page := `<html lang="de"><head><title>Ein Garten im Winter</title></head><body>` + part + gardenStory + `</body></html>`
			got := libraryDate(parseTestDoc(t, page), "https://example.org/garten", "de")
			assert.True(t, got.IsZero(), "dated %v", got)
		})
	}
}

func TestLibraryDateKeepsWhatItReadsFirst(t *testing.T) {
	for name, tc := range map[string]struct{ page, want string }{
		// JSON-LD is go-htmldate's to read: its script text stays.
		"json-ld": {`<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-02-03"}</script></head><body>` + gardenStory + `</body></html>`, "2020-02-03"},
		// A menu that holds the headline and date is the page, not a menu.
		"nav with the article": {`<html><body><nav><h1>Ein Garten im Winter</h1><p class="date">12.05.2021</p><p>Jane Example schreibt.</p></nav></body></html>`, "2021-05-12"},
		// A date in the text outside the hidden parts is still found.
		"shown date": {`<html lang="de"><body><nav><a href="/">Start</a></nav><article><h1>Ein Garten</h1><p class="date">12.05.2021</p><p>Jane Example schreibt.</p></article></body></html>`, "2021-05-12"},
	} {
		t.Run(name, func(t *testing.T) {
			got := libraryDate(parseTestDoc(t, tc.page), "https://example.org/garten", "")
			assert.Equal(t, tc.want, got.Format(time.DateOnly))
		})
	}
}

func TestLibraryDateLeavesThePageAsItWas(t *testing.T) {
	page := `<html lang="de"><head><title>T</title><style>p{}</style><script>var a = 1;</script>` +
		`<script type="application/ld+json">{"@type":"NewsArticle"}</script></head><body>` +
		`<nav><a href="/a">A</a><nav><a href="/b">B</a></nav></nav><select><option>1</option></select>` +
		`<svg><path d="M0 0"/></svg><iframe src="/x"></iframe><label>L</label>` + gardenStory +
		`<nav><time datetime="2021-05-12">12.05.2021</time></nav><textarea>x</textarea><video><track src="/t"></video></body></html>`
	doc := parseTestDoc(t, page)
	before := render(t, doc)
	libraryDate(doc, "https://example.org/garten", "de")
	assert.Equal(t, before, render(t, doc))
}

func TestHideDatelessHidesAndRestores(t *testing.T) {
	assertHides(t, `<html><head><script>var stamp = "S1";</script><script type="application/ld+json">{"k":"J1"}</script></head><body>`+
		`<nav>N1</nav><nav><time>T1</time></nav><select><option>O1</option></select><p>P1 am 12.05.2021</p><svg><text>V1</text></svg></body></html>`,
		[]string{"S1", "N1", "O1", "V1"}, []string{"J1", "T1", "P1"})
}

// assertHides checks that hideDateless takes out of page what holds each
// of gone and none of kept, and that its restore puts the page back as
// it was.
func assertHides(t *testing.T, page string, gone, kept []string) {
	t.Helper()
	doc := parseTestDoc(t, page)
	before := render(t, doc)
	restore := hideDateless(doc)
	hiddenPage := render(t, doc)
	for _, g := range gone {
		assert.NotContains(t, hiddenPage, g)
	}
	for _, k := range kept {
		assert.Contains(t, hiddenPage, k)
	}
	restore()
	assert.Equal(t, before, render(t, doc))
}

func TestDateLanguages(t *testing.T) {
	assert.Equal(t, []string{"de", "en"}, dateLanguages("de-AT"))
	assert.Equal(t, []string{"en"}, dateLanguages("EN_gb"))
	assert.Equal(t, webLanguages, dateLanguages(" "))
	assert.Len(t, webLanguages, 20)
}

func TestLibraryDateReadsMonthNamesWithoutDeclaredLanguage(t *testing.T) {
	// A page that declares no language: a date with German, Spanish or
	// Polish month names is still read (the languages most used on the
	// web are tried).
	for _, tc := range []struct{ text, want string }{
		{"Veröffentlicht am 3. März 2021", "2021-03-03"},
		{"5 de mayo de 2020", "2020-05-05"},
		{"wtorek, 11 maja 2021", "2021-05-11"},
	} {
		page := `<html><body><article><h1>Ein Garten</h1><p>` + tc.text + `</p><p>Jane Example schreibt.</p></article></body></html>`
		got := libraryDate(parseTestDoc(t, page), "https://example.org/garten", "")
		assert.Equal(t, tc.want, got.Format(time.DateOnly), tc.text)
	}
}

func TestDateLanguagesUnknownToTheParser(t *testing.T) {
	// A language go-dateparser does not know would make it fail on every
	// date of the page: such a page is read as one that declares none.
	assert.Equal(t, webLanguages, dateLanguages("zz"))
	assert.Equal(t, webLanguages, dateLanguages("x-default"))
	assert.Equal(t, []string{"pl", "en"}, dateLanguages("pl-PL"))
	page := `<html><body><article><h1>Ogród</h1><p>wtorek, 11 maja 2021</p><p>Jane Example pisze.</p></article></body></html>`
	got := libraryDate(parseTestDoc(t, page), "https://example.org/ogrod", "zz")
	assert.Equal(t, "2021-05-11", got.Format(time.DateOnly))
}

func TestHideDatelessHidesWhatHoldsNoDigit(t *testing.T) {
	// Texts and elements without a date's digits go; a date, the title,
	// and what a byline holds (go-htmldate reads its text as one) stay.
	assertHides(t, `<html><head><title>Ein Garten</title></head><body><div class="wrap">`+
		`<p>Jane Example schreibt über Gärten.</p><p>Am 12.05.2021 blühte der Flieder.</p>`+
		`<ul><li><a href="/beete">Beete</a></li></ul><div class="byline"><span>Von Jane Example</span></div></div></body></html>`,
		[]string{"schreibt", "Beete"}, []string{"12.05.2021", "Ein Garten", "Von Jane Example"})
}

func TestLibraryDateAnswersAsGoHtmldateOnTheWholePage(t *testing.T) {
	// Hiding what holds no digit changes no answer of go-htmldate's: a
	// label its patterns read a date after, in an element of its own
	// (without it, the later date in the text is taken), a date in a
	// byline, and dates that taking an element out would make of two
	// texts (which go-htmldate alone would not find).
	for name, body := range map[string]string{
		"join":   `<div><p>Jane Example schreibt.</p><p>Stand 12.<b>heute</b> Oktober 2020</p></div>`,
		"label":  `<div><p>Jane Example writes.</p><div><span>Date:</span><b>2020.10.12</b></div><p>2021-01-02</p></div>`,
		"byline": `<div><div class="byline"><span>Von Jane Example</span> <span>am</span> 12.10.2020</div><p>Text.</p></div>`,
		"spaced": `<div><p>Jane Example schreibt.</p><p>12 <i>und</i> Oktober 2020</p></div>`,
	} {
		t.Run(name, func(t *testing.T) {
			page := `<html><head><title>Ein Garten</title></head><body>` + body + `</body></html>`
			want, err := htmldate.FromDocument(parseTestDoc(t, page), htmldate.Options{
				URL: "https://example.org/garten", UseOriginalDate: true,
				DateParserConfig: &dateparser.Configuration{Languages: dateLanguages("de"), PreferredDateSource: dateparser.Past, StrictParsing: true},
			})
			require.NoError(t, err)
			got := libraryDate(parseTestDoc(t, page), "https://example.org/garten", "de")
			assert.Equal(t, want.DateTime, got)
		})
	}
}

// TestNamesDate checks namesDate against its definition, a part of
// dateClassParts in the value, lowered by strings.ToLower when it holds
// an ASCII capital, on values in any case, with runes beyond ASCII, and
// with a Kelvin sign, which strings.ToLower lowers to "k".
func TestNamesDate(t *testing.T) {
	want := func(v string) bool {
		if strings.ContainsFunc(v, func(r rune) bool { return 'A' <= r && r <= 'Z' }) {
			v = strings.ToLower(v)
		}
		for _, part := range dateClassParts {
			if strings.Contains(v, part) {
				return true
			}
		}
		return false
	}
	for _, v := range []string{"", "post-date", "Post-DATE", "entry-Meta", "headline", "Byline author",
		"fecha-publicación", "Fecha-Publicación", "wp-block-group", "Block-content", "bloc\u212a-content",
		"BLOC\u212a-CONTENT", "x-fa-Clock-O", "article__INFO", "Ünterzeile", "time"} {
		assert.Equal(t, want(v), namesDate(v), v)
	}
}

func TestLibraryDateReadsWhatOnlyGoDateparserReads(t *testing.T) {
	// go-htmldate's own patterns read month names in English, German and
	// French, but not these forms (an abbreviation with a period, a
	// month glued to its day, "août", "1er"): only go-dateparser does, so
	// it is asked on pages in those languages too, though it costs most
	// of go-htmldate's time there.
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Jan. 4, 2021", "2021-01-04"},
		{"en", "Sept. 9, 2020", "2020-09-09"},
		{"de", "3. Sept. 2021", "2021-09-03"},
		{"de", "03.März.2021", "2021-03-03"},
		{"fr", "11 août 2021", "2021-08-11"},
		{"fr", "1er mai 2021", "2021-05-01"},
	} {
		page := `<html lang="` + tc.lang + `"><body><article><h1>Jane Example</h1><p>` + tc.text + `</p><p>Jane Example.</p></article></body></html>`
		got := libraryDate(parseTestDoc(t, page), "https://example.org/garden", tc.lang)
		assert.Equal(t, tc.want, got.Format(time.DateOnly), tc.text)
	}
}
