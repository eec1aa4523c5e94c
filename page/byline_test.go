package page

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsingest/newslooks"
)

// TestBylineLabels checks the byline labels of the languages of the
// evaluation set, and that a label word that is also a name particle
// stays when no capitalised name follows.
func TestBylineLabels(t *testing.T) {
	for in, want := range map[string]string{
		"Von Frank Hahn":             "Frank Hahn",
		"Veröffentlicht von HansG":   "HansG",
		"Geschrieben von: Anna Berg": "Anna Berg",
		"par Claire Dupont":          "Claire Dupont",
		"Publicado por Ana Ruiz":     "Ana Ruiz",
		"di Marco Rossi":             "Marco Rossi",
		"door Jan de Vries":          "Jan de Vries",
		"Skrevet av Ola Nordmann":    "Ola Nordmann",
		"Autor: Karl Weber":          "Karl Weber",
		"von der Leyen":              "von der Leyen",
		"Walter von Aachen":          "Walter von Aachen",
		"di maio":                    "di maio",
		"By A. Writer":               "A. Writer",
	} {
		assert.Equal(t, want, stripBylinePrefix(in), in)
	}
	assert.True(t, opensByline("Von"))
	assert.True(t, opensByline("Von Irmela Schwab"))
	assert.False(t, opensByline("von der Leyen sagte"))
	assert.False(t, opensByline("With"))
}

// TestPersonNamesLabels checks that labels printed where a name was
// missing are no authors, and that "von X; X" is one author.
// TestBylinePrefixLengths checks what stripBylinePrefix's masks assume:
// fewer than 64 labels, each shorter than 64 bytes.
func TestBylinePrefixLengths(t *testing.T) {
	assert.Less(t, len(bylinePrefixes), 64)
	for _, p := range bylinePrefixes {
		assert.Less(t, len(p), 64, p)
		assert.Equal(t, strings.ToLower(p), p, "labels are lower case, as the first-byte test needs")
	}
	assert.Equal(t, "Anna Berg", stripBylinePrefix("WRITTEN BY Anna Berg"), "labels in capitals")
	assert.Equal(t, "Anna Berg", stripBylinePrefix("Additional reporting by: Anna Berg"))
	assert.Equal(t, "von der Leyen", stripBylinePrefix("von der Leyen"), "lower case after a capital-only label")
}

// TestIsWeekday checks isWeekday against the map lookup it stands for.
func TestIsWeekday(t *testing.T) {
	for _, w := range []string{"Monday", "WED", "sun", "Mansour", "Wednesdays", "WEDNESDAY", "frİday", "\u212Aon", "", "Thursday-", "ſat", "TUESDAYTUESDAY"} {
		assert.Equal(t, weekdays[strings.ToLower(w)], isWeekday(w), "%q", w)
	}
	assert.True(t, isWeekday("Monday"))
	assert.False(t, isWeekday("Mansour"))
}

func TestPersonNamesLabels(t *testing.T) {
	for _, label := range []string{"Posted on", "Published by", "No Author", "Text", "Letzte Aktualisierung"} {
		assert.Empty(t, personNames([]string{label}, nil), label)
	}
	assert.Equal(t, []string{"Christian Thiele"}, authors(&pageMeta{ld: jsonLD{authors: []string{"Von Christian Thiele", "Christian Thiele"}}}, &survey{}, nil))
	assert.Equal(t, []string{"Grant Tinsley"}, personNames([]string{"Grant Tinsley, PhD"}, nil))
}

// TestBylineParagraph checks the smallest page of the issue: the byline
// that go-readability keeps as the first paragraph gives the author and is
// neither a paragraph nor the summary.
func TestBylineParagraph(t *testing.T) {
	for _, byline := range []string{"By A. Writer", "Von A. Writer"} {
		src := `<!DOCTYPE html><html><head><title>Title</title></head><body><article><h1>Title</h1><p>` + byline +
			`</p><p>LONDON — The council met on Tuesday and agreed the budget for next year after a long debate.</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(src), "https://example.org/x")
		require.NoError(t, err)
		assert.Equal(t, []string{"A. Writer"}, a.Byline.Authors)
		assert.Equal(t, "LONDON — The council met on Tuesday and agreed the budget for next year after a long debate.\n", a.Text())
		assert.Equal(t, "LONDON — The council met on Tuesday and agreed the budget for next year after a long debate.", a.Summary)
		assert.Equal(t, "LONDON", a.Dateline)
	}
	// A paragraph that opens like a byline but names someone else stays.
	src := `<html><head><title>T</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"T","author":{"@type":"Person","name":"A. Writer"}}</script></head><body><article><h1>T</h1>` +
		`<p>By B. Other</p><p>The council met on Tuesday and agreed the budget for next year after a long debate.</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(src), "")
	require.NoError(t, err)
	assert.Contains(t, a.Text(), "By B. Other")
}

func TestRegistrable(t *testing.T) {
	for host, want := range map[string]string{
		"www.nbcnews.com":    "nbcnews.com",
		"www.bbc.co.uk":      "bbc.co.uk",
		"news.bbc.co.uk":     "bbc.co.uk",
		"www.abc.net.au":     "abc.net.au",
		"blog.example.co.jp": "example.co.jp",
		"localhost":          "localhost",
		"127.0.0.1":          "127.0.0.1",
		"WWW.Example.ORG.":   "example.org",
	} {
		assert.Equal(t, want, registrable(host), host)
	}
	assert.NotEqual(t, registrable("www.bbc.co.uk"), registrable("www.itv.co.uk"), "two sites under one public suffix")
}

// TestHeadingKicker checks that a kicker inside the headline element is
// not glued to the title.
func TestHeadingKicker(t *testing.T) {
	for body, want := range map[string]string{
		`<h1><span class="kicker">Climate</span><span class="title">Drilling Until It Gets Hot</span></h1>`: "Drilling Until It Gets Hot",
		`<h1><span class="eyebrow">Climate</span> Drilling Until It Gets Hot</h1>`:                          "Drilling Until It Gets Hot",
		`<h1><span class="kicker">Climate</span></h1>`:                                                      "Climate",
		`<h1>Drilling <em>Until</em> It Gets Hot</h1>`:                                                      "Drilling Until It Gets Hot",
	} {
		src := `<html><head><title>x</title></head><body><article>` + body +
			`<p>The banks financed projects that harm the climate, the report found, and more of them every year.</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(src), "")
		require.NoError(t, err)
		assert.Equal(t, want, a.Headline, body)
	}
}

// TestMarkedAuthorName checks that the first element marked as the
// author's gives a name that is not a person's full name, and that text
// that is no name does not count.
func TestMarkedAuthorName(t *testing.T) {
	for _, s := range []string{"Realiberry", "IWB", "revamp-it Webteam", "Lars", "C.Habermueller", "Bo2man"} {
		assert.True(t, isMarkedName(s), s)
	}
	for _, s := range []string{"", "Staff Writer", "View all posts by this writer and more", "12:30", "Read more »", "a very long text that is surely not a name at all"} {
		assert.False(t, isMarkedName(s), s)
	}
	page := `<html><body><article><h1>Headline of the post</h1>
<div class="entry-meta"><span class="author vcard"><a class="url fn n" rel="author" href="/author/x/">Realiberry</a></span></div>
<p>` + strings.Repeat("Some words of the post. ", 20) + `</p>
<div class="related"><a rel="author" href="/author/y/">Otherhandle</a></div></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/post")
	require.NoError(t, err)
	assert.Equal(t, []string{"Realiberry"}, a.Byline.Authors)
}

// TestOwnSiteAuthor checks that a blogger's name, which is also the
// site's, is the author when the JSON-LD types it Person and the page
// credits no one else, and that it gives way to anyone else credited.
func TestOwnSiteAuthor(t *testing.T) {
	page := func(ldAuthor, byline string) string {
		return `<html><head><meta property="og:site_name" content="Anna Berg">
<script type="application/ld+json">{"@type":"BlogPosting","headline":"A post","author":` + ldAuthor + `}</script></head>
<body><article><h1>A post</h1>` + byline + `<p>` + strings.Repeat("Some words of the post. ", 20) + `</p></article></body></html>`
	}
	a, err := ParseHTML(strings.NewReader(page(`{"@type":"Person","name":"Anna Berg"}`, "")), "https://example.org/post")
	require.NoError(t, err)
	assert.Equal(t, []string{"Anna Berg"}, a.Byline.Authors)

	a, err = ParseHTML(strings.NewReader(page(`{"@type":"Organization","name":"Anna Berg"}`, "")), "https://example.org/post")
	require.NoError(t, err)
	assert.Empty(t, a.Byline.Authors, "the site's name as an organisation is no author")

	a, err = ParseHTML(strings.NewReader(page(`{"@type":"Person","name":"Anna Berg"}`, `<p class="byline">By Carl Holm</p>`)), "https://example.org/post")
	require.NoError(t, err)
	assert.Equal(t, []string{"Carl Holm"}, a.Byline.Authors)
}

// TestAuthorClassPart checks that an element whose class has "author" as
// a part gives the author when nothing else does, its first short name
// alone.
func TestAuthorClassPart(t *testing.T) {
	page := `<html><body><article><h1>A post</h1>
<div class="node__author"><span class="user__name"><a href="/u/1">Leena Simon</a></span></div>
<p>` + strings.Repeat("Some words of the post. ", 20) + `</p>
<div class="teaser__author-box">Alle Artikel</div></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/post")
	require.NoError(t, err)
	assert.Equal(t, []string{"Leena Simon"}, a.Byline.Authors)

	page = strings.Replace(page, `<h1>A post</h1>`, `<h1>A post</h1><p class="byline">By Carl Holm</p>`, 1)
	a, err = ParseHTML(strings.NewReader(page), "https://example.org/post")
	require.NoError(t, err)
	assert.Equal(t, []string{"Carl Holm"}, a.Byline.Authors, "a byline comes first")
}

// TestInlineTextByline checks bylines that themes set in inline elements
// and headings, and degrees trimmed after the name.
func TestInlineTextByline(t *testing.T) {
	for byline, want := range map[string]string{
		`<p><i>von Daniela Obers</i></p>`:                            "Daniela Obers",
		`<h4>By Giovanni Gaggero | 12/10/2020</h4>`:                  "Giovanni Gaggero",
		`<p><em><a href="/a">Written by: Julie Mollins</a></em></p>`: "Julie Mollins",
		`<span>Written by Grant Tinsley, PhD</span>`:                 "Grant Tinsley",
	} {
		page := `<html><body><article><h1>A post</h1>` + byline + `<p>` + strings.Repeat("Some words of the post. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/post")
		require.NoError(t, err)
		assert.Equal(t, []string{want}, a.Byline.Authors, byline)
	}
	assert.Equal(t, "Jane Roe", trimDegrees("Jane Roe, MD, MPH"))
	assert.Equal(t, "Roe, Jane", trimDegrees("Roe, Jane"))
}

// TestBylineDateAfterAm checks that a German "am" before the date ends
// the names, and that an agency's full name is not cut to its first word.
func TestBylineDateAfterAm(t *testing.T) {
	assert.Equal(t, "Bo2man", cutByline("Von Bo2man am 16.11.2022"))
	assert.Equal(t, []string{"Agencia EFE"}, trimAgencySuffixes([]string{"Agencia EFE"}))
	assert.Equal(t, []string{"Jill Lawless"}, trimAgencySuffixes([]string{"Jill Lawless AP"}))
}

// TestChromeAuthor checks that a post's byline in its footer or a layout
// widget gives the author when nothing else does, and that a comment's
// author in the same chrome does not.
func TestChromeAuthor(t *testing.T) {
	body := strings.Repeat("Some words of the post. ", 20)
	page := `<html><body><div class="blog-posts"><h1>A post</h1><p>` + body + `</p>
<div class="post-footer"><span class="post-author vcard">Eingestellt von <span class="fn" itemprop="author"><a rel="author" href="/p/1">Unknown</a></span></span></div>
</div></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/post")
	require.NoError(t, err)
	assert.Equal(t, []string{"Unknown"}, a.Byline.Authors)

	page = `<html><body><div class="blog-posts"><h1>A post</h1><p>` + body + `</p>
<div class="post-footer"><div class="comments"><div class="comment-author vcard"><b class="fn">Karl Weber</b></div></div></div>
</div></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	assert.Empty(t, surveyPage(doc).chromeAuthor(), "a comment's author")
}

// TestCommentFloodAuthors checks that author elements repeated down the
// page (a comment thread) give the page's <meta name=author>, or else the
// first element's names, and that a byline of several names in one
// element stays whole.
func TestCommentFloodAuthors(t *testing.T) {
	body := `<p>` + strings.Repeat("Some words of the story. ", 20) + `</p>`
	var thread strings.Builder
	for _, n := range []string{"Anna Berg", "Carl Holm", "Dora Lind", "Emil Sand", "Frida Moss"} {
		thread.WriteString(`<div class="entry"><span class="author">` + n + `</span><p>A reply.</p></div>`)
	}
	page := func(head string) string {
		return `<html><head>` + head + `</head><body><article><h1>A story</h1>` + body + thread.String() + `</article></body></html>`
	}
	a, err := ParseHTML(strings.NewReader(page(`<meta name="author" content="Ingo Arzt">`)), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Ingo Arzt"}, a.Byline.Authors)
	a, err = ParseHTML(strings.NewReader(page("")), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Anna Berg"}, a.Byline.Authors)

	one := `<html><body><article><h1>A story</h1><span class="author">Anna Berg, Carl Holm, Dora Lind and Emil Sand</span>` + body + `</article></body></html>`
	a, err = ParseHTML(strings.NewReader(one), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Anna Berg", "Carl Holm", "Dora Lind", "Emil Sand"}, a.Byline.Authors)
}

// TestSpellOutHandle checks that a login handle gives way to the name the
// page's meta author spells with the same letters, and only to it.
func TestSpellOutHandle(t *testing.T) {
	assert.Equal(t, []string{"Edilson La Rosa"}, spellOut([]string{"edilson.la.rosa"}, "Edilson La Rosa"))
	assert.Equal(t, []string{"edilson.la.rosa"}, spellOut([]string{"edilson.la.rosa"}, "Maria Costa"))
	assert.Equal(t, []string{"Anna Berg"}, spellOut([]string{"Anna Berg"}, "Anna-Berg Team"))
}

// TestForumUsername checks that a forum thread's first username is its
// author.
func TestForumUsername(t *testing.T) {
	var posts strings.Builder
	for _, u := range []string{"Catch more fish", "Karl Weber", "Anna Berg", "Dora Lind", "Emil Sand"} {
		posts.WriteString(`<div class="message"><a class="username" href="/m/1">` + u + `</a><p>` + strings.Repeat("A reply in the thread. ", 10) + `</p></div>`)
	}
	page := `<html><body><main><h1>A thread</h1>` + posts.String() + `</main></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://forum.example.org/t/1")
	require.NoError(t, err)
	assert.Equal(t, []string{"Catch more fish"}, a.Byline.Authors)
}

// TestSiteNameByline checks that a press office's byline with the site's
// own name is its author when no one else is credited.
func TestSiteNameByline(t *testing.T) {
	page := `<html><head><meta property="og:site_name" content="Presse Augsburg"><meta name="author" content="Presse Augsburg"></head>
<body><article><h1>A notice</h1><p>` + strings.Repeat("Some words of the notice. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/n")
	require.NoError(t, err)
	assert.Equal(t, []string{"Presse Augsburg"}, a.Byline.Authors)

	page = strings.Replace(page, `<meta name="author" content="Presse Augsburg">`, `<meta name="author" content="Presse">`, 1)
	a, err = ParseHTML(strings.NewReader(page), "https://example.org/n")
	require.NoError(t, err)
	assert.Empty(t, a.Byline.Authors, "a name that only starts the site's is a house byline")
}

// TestLabelledMetaLine checks a byline label in an element of its own,
// with the names after it, and a meta line's next field cut off.
func TestLabelledMetaLine(t *testing.T) {
	for byline, want := range map[string]string{
		`<div class="col"><h5>Datum: </h5>03.11.2021<br><h5>Autor: </h5>Peter Maahn/SP-X</div>`: "Peter Maahn",
		`<p>Autor: <a href="/a">Klausmartin Friedrich</a> Tags: <a href="/t">leipzig</a></p>`:   "Klausmartin Friedrich",
		`<div class="info"><b>Von:</b> <br /> <br /> Jane Example<br>Mehr vom Verein</div>`:     "Jane Example",
	} {
		page := `<html><body><article><h1>A story</h1>` + byline + `<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, []string{want}, a.Byline.Authors, byline)
	}
	assert.Equal(t, "Anna Berg", cutByline("Von Anna Berg Donnerstag, 3. März"))
}

// TestTrailingRole checks that a job title after a name without a comma
// is split off, with the site's name before it, and that two people in
// capitals stay two and read back the same from the text form.
func TestTrailingRole(t *testing.T) {
	site := map[string]bool{"phillyvoice": true}
	assert.Equal(t, "Jane Roe", trimTrailingRole("Jane Roe Senior Editor", site))
	assert.Equal(t, "Adam Aaronson", trimTrailingRole("Adam Aaronson PhillyVoice Staff", site))
	assert.Equal(t, "Staff Writer", trimTrailingRole("Staff Writer", site), "no name left: unchanged")
	assert.Equal(t, "Jane Roe", trimTrailingRole("Jane Roe", site))

	page := `<html><head><meta property="og:site_name" content="The Site"></head><body><article><h1>A story</h1>
<p class="byline">By JILL LAWLESS and DANICA KIRKA</p><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"JILL LAWLESS", "DANICA KIRKA"}, a.Byline.Authors)
	var buf bytes.Buffer
	_, err = a.WriteTo(&buf)
	require.NoError(t, err)
	b, err := newslooks.Parse(&buf)
	require.NoError(t, err)
	assert.Equal(t, a.Byline.Authors, b.Byline.Authors, "the text form reads the two back")
}

// TestSiteNameInChrome checks that the site's own name in a byline that
// stands in a layout widget is the author when no one else is credited.
func TestSiteNameInChrome(t *testing.T) {
	page := `<html><head><meta property="og:site_name" content="uncut-news.ch"></head><body><article><h1>A story</h1>
<div class="elementor-widget"><ul><li itemprop="author"><a href="/a/1">uncut-news.ch</a></li></ul></div>
<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://uncut-news.ch/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"uncut-news.ch"}, a.Byline.Authors)
}

// TestDateBeforeBylineLabel checks that a date opening an author element
// before its label ("Posted on September 21, 2020 by Adi Tzlil") is
// dropped with the label, and that a byline whose label comes first keeps
// the number that follows it.
func TestDateBeforeBylineLabel(t *testing.T) {
	for byline, want := range map[string][]string{
		`<div class="post-meta"><div class="post-meta--author">Posted on September 21, 2020 by Adi Tzlil</div></div>`: {"Adi Tzlil"},
		`<div class="meta"><span class="author">3. März 2021 von Anna Berg</span></div>`:                              {"Anna Berg"},
		`<div class="meta"><span class="author">By Anna Berg</span></div>`:                                            {"Anna Berg"},
	} {
		page := `<html><body><article><h1>A story</h1>` + byline + `<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, byline)
	}
}

// TestFullNameFromAuthorBox checks that a lone first name is spelt out
// from an author box that gives the surname after it, and is left alone
// where the word after it is a role, a greeting or the name again.
func TestFullNameFromAuthorBox(t *testing.T) {
	for box, want := range map[string][]string{
		`<div class="post-author-box">Nils Autor Nils Pickert ist freier Autor.</div>`:             {"Nils Pickert"},
		`<div class="author_box__wrap">Nils Nils Müller-Lüdenscheidt schreibt.</div>`:              {"Nils Müller-Lüdenscheidt"},
		`<div class="post-author-box">Nils Hi, ich bin Nils.</div>`:                                {"Nils"},
		`<div class="post-author-box">Nils Autor seit 2010.</div>`:                                 {"Nils"},
		`<div class="post-author-box"><h4>Nils</h4><p>Medizinstudent, Papa und Blogger.</p></div>`: {"Nils"},
	} {
		page := `<html><body><article><h1>A story</h1><p class="byline"><span class="author">Nils</span></p><p>` +
			strings.Repeat("Some words of the story. ", 20) + `</p>` + box + `</article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, box)
	}
	assert.Equal(t, []string{"Ann Lee", "Bo"}, fullName([]string{"Ann Lee", "Bo"}, []string{"Bo Dahl"}))
	assert.Equal(t, []string{"nils"}, fullName([]string{"nils"}, []string{"nils Pickert"}))
}

// TestCamelCaseAuthorClass checks that an author's element named in camel
// case ("documentAuthor") or as a contributor field is read for its name
// where no label marks it as a byline.
func TestCamelCaseAuthorClass(t *testing.T) {
	for byline, want := range map[string][]string{
		`<div class="documentByLine"><span class="documentAuthor"><a href="/author/dominique">Dominique</a> — 28.01.2022</span></div>`: {"Dominique"},
		`<div class="signature"><span class="field-field-contributor"><a href="/c/1">Claire Dupont</a></span></div>`:                   {"Claire Dupont"},
	} {
		page := `<html><body><article><h1>A story</h1>` + byline + `<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, byline)
	}
	assert.Equal(t, fAuthorPart, classifyNames("documentAuthor")&fAuthorPart)
	assert.Zero(t, classifyNames("author")&fAuthorPart, "a whole \"author\" is fAuthor, not a part")
}

// TestPersonOverInitials checks that a paper's initials in the JSON-LD
// give way to the person the visible byline credits, and that a wire
// agency or a byline of one word does not.
func TestPersonOverInitials(t *testing.T) {
	for head, want := range map[string][]string{
		`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"LN"}}</script>`:     {"Greta Übel"},
		`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"F.A.S."}}</script>`: {"Greta Übel"},
		`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"dpa"}}</script>`:    {"dpa"},
	} {
		page := `<html><head>` + head + `</head><body><article><h1>A story</h1><p><em><span>Von Greta Übel</span></em></p><p>` +
			strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, head)
	}
	assert.Equal(t, []string{"LN"}, personOverInitials([]string{"LN"}, &survey{textByline: []string{"Cosima"}}, nil))
	assert.False(t, isInitials("Ln"))
	assert.False(t, isInitials("ABCDEFG"))
}

// TestAuthorArchiveLink checks that a link to the archive of the author
// its text names is read as rel=author is, ahead of the site's
// <meta name=author>, and that a link whose slug names someone else is not.
func TestAuthorArchiveLink(t *testing.T) {
	for link, want := range map[string][]string{
		`<a href="https://example.org/author/fabian/">Erstellt von Fabian am Dienstag 6. Mai 2014</a>`: {"Fabian"},
		`<a href="/autor/anna-berg?page=2">Anna Berg</a>`:                                              {"Anna Berg"},
		`<a href="/author/matthias/">Erstellt von Fabian am Dienstag 6. Mai 2014</a>`:                  {"Matthias Hille"},
	} {
		page := `<html><head><meta name="author" content="Matthias Hille"></head><body><article><h1>A story</h1><p class="date">` +
			link + `</p><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, link)
	}
}

// TestSidebarLayoutWrapper checks that a wrapper whose class names the
// sidebar's place in the layout is not taken for a sidebar: the byline of
// the article inside it counts. A real sidebar beside the article and an
// <aside> around it stay chrome.
func TestSidebarLayoutWrapper(t *testing.T) {
	story := `<article><h1>A story</h1><div class="entry-meta"><span class="author">Posted on September 21, 2020 by Ann Lee</span></div><p>` +
		strings.Repeat("Some words of the story. ", 20) + `</p></article>`
	for body, want := range map[string][]string{
		`<section class="gallery--wrapper gallery--wrapper__with-sidebar">` + story + `</section>`:             {"Ann Lee"},
		`<div class="page-wrapper blog-sidebar-position-right">` + story + `</div>`:                            {"Ann Lee"},
		story + `<div class="sidebar"><div class="entry-meta"><span class="author">Bob Roe</span></div></div>`: {"Ann Lee"},
	} {
		a, err := ParseHTML(strings.NewReader(`<html><body>`+body+`</body></html>`), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, body)
	}
	doc, err := html.Parse(strings.NewReader(`<body><aside class="with-sidebar">` + story + `</aside></body>`))
	require.NoError(t, err)
	aside := firstElement(doc, atom.Aside)
	assert.False(t, wrapsArticle(aside, classify(aside), firstElement(doc, atom.Article)))
}

// TestRepeatedCreditsCount checks that links crediting the article's
// author again in a list of related posts count as credits, so that the
// list is read as other posts' (its first element's names kept), and that
// a byline credited twice alone keeps both of its names.
func TestRepeatedCreditsCount(t *testing.T) {
	rel := func(name string) string { return `<p>By <a rel="author" href="/a">` + name + `</a></p>` }
	for extra, want := range map[string][]string{
		`<h3>Related</h3>` + rel("Ann Lee") + rel("Bob Roe") + rel("Ann Lee") + rel("Ann Lee"): {"Ann Lee"},
		`<div class="about">` + rel("Ann Lee") + `</div>`:                                      {"Ann Lee"},
		`<h3>Related</h3>` + rel("Bob Roe"):                                                    {"Ann Lee", "Bob Roe"},
	} {
		page := `<html><body><article><h1>A story</h1>` + rel("Ann Lee") + `<p>` +
			strings.Repeat("Some words of the story. ", 20) + `</p>` + extra + `</article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, extra)
	}
}

// TestSourceOverHost checks that a source credit ("Quelle: pressedienst")
// replaces an author that is only a host name, and nothing else.
func TestSourceOverHost(t *testing.T) {
	for head, want := range map[string][]string{
		`<meta name="author" content="news.example.org">`: {"MDR THÜRINGEN/ls"},
		`<meta name="author" content="Anna Berg">`:        {"Anna Berg"},
	} {
		page := `<html><head>` + head + `</head><body><article><h1>A story</h1><p>` +
			strings.Repeat("Some words of the story. ", 20) + `</p><p><em>Quelle: MDR THÜRINGEN/ls</em></p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, head)
	}
	assert.Equal(t, []string{"pressedienst"}, sourceOverHost([]string{"example.at"}, "pressedienst"))
	assert.Equal(t, []string{"St. Pauli"}, sourceOverHost([]string{"St. Pauli"}, "pressedienst"))
	assert.Equal(t, []string{"example.de"}, sourceOverHost([]string{"example.de"}, ""))
}

// TestLeadingCompoundRole checks that a compound job title before a name
// is dropped, and that a hyphenated first name or a name of two words
// after the title's word is kept.
func TestLeadingCompoundRole(t *testing.T) {
	for in, want := range map[string]string{
		"Example-Online-Experte Robin Müller": "Robin Müller",
		"SZ-Korrespondentin Anna Berg":        "Anna Berg",
		"Hans-Peter Müller":                   "Hans-Peter Müller",
		"Anna-Lena Berg Roe":                  "Anna-Lena Berg Roe",
		"News-Redakteur Anna":                 "News-Redakteur Anna",
	} {
		assert.Equal(t, want, trimLeadingRole(in), in)
	}
	assert.Equal(t, []string{"Robin Müller"}, personNames([]string{"Von Example-Online-Experte Robin Müller"}, nil))
}

// TestTextBylineRoleAfterComma checks that a labelled byline whose name is
// followed by a role or an affiliation after a comma gives the name, and
// beats a <meta name=author> that names an organisation.
func TestTextBylineRoleAfterComma(t *testing.T) {
	page := `<html><head><meta name="author" content="Beispiel-Stiftung e.V."></head><body><article><h1>A story</h1>` +
		`<p><strong>Autorin: Uta Beispiel, Projektleiterin der Stiftung in Tunis.</strong></p>` +
		`<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Uta Beispiel"}, a.Byline.Authors)
	assert.Equal(t, "Jane Example", leadingName("Jane Example, Senior Editor at Example News"))
	assert.Equal(t, "Jane Example, John Roe", leadingName("Jane Example, John Roe"))
	assert.Empty(t, leadingName("the plan, says the minister"))
}

// TestOneWordAfterPhraseLabel checks that one word after a byline label
// of several words is the writer's name, and that one word after "Von"
// alone, which opens sentences too, is not.
func TestOneWordAfterPhraseLabel(t *testing.T) {
	story := `<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	page := `<html><head><meta name="author" content="Example Club"></head><body><article><h1>A story</h1>` +
		`<table><tr><td><span>Geschrieben von <a href="/u/1">Kowalski</a></span></td></tr></table>` + story
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Kowalski"}, a.Byline.Authors)

	doc, _ := html.Parse(strings.NewReader(`<body><p>Von Montag an gilt die Regel.</p><span>Von Kowalski</span></body>`))
	assert.Empty(t, surveyPage(doc).textByline, "one word after Von alone is no byline")
	assert.True(t, isPhraseLabel("Posted by"))
	assert.False(t, isPhraseLabel("Von Kowalski"))
}

// TestPieceKindLabel checks that a label naming the kind of piece before
// its writer ("Eine Kolumne von …") opens a byline in the languages of the
// set, and that a title of the same shape with no kind of piece does not.
func TestPieceKindLabel(t *testing.T) {
	for in, want := range map[string]string{
		"Eine Kolumne von Nils Beispiel":  "Nils Beispiel",
		"A column by Jane Example":        "Jane Example",
		"Une chronique de Claire Exemple": "Claire Exemple",
		"Un artículo de Ana Ejemplo":      "Ana Ejemplo",
		"A Day by The Sea":                "A Day by The Sea",
		"Eine Kolumne von meinem Freund":  "Eine Kolumne von meinem Freund",
		"Ein":                             "Ein",
	} {
		assert.Equal(t, want, stripKindLabel(in), in)
	}
	for k := range pieceKinds {
		assert.LessOrEqual(t, len(k), maxPieceKindLen, k)
	}
	for k := range kindArticles {
		assert.LessOrEqual(t, len(k), maxKindArticleLen, k)
	}
	assert.Zero(t, testing.AllocsPerRun(10, func() { stripKindLabel("Ordinary words that open a paragraph.") }))
	page := `<html><head><meta name="author" content="Nils"></head><body><article><h1>A story</h1>` +
		`<p><strong>Eine Kolumne von Nils Beispiel</strong></p>` +
		`<p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Nils Beispiel"}, a.Byline.Authors)
}

// TestLabelledHandleAndAdLabel checks that "von lupa" in an author's
// element gives the handle, that a name particle before a capitalised
// name stays, and that an advertising label in an author's slot is no
// author.
func TestLabelledHandleAndAdLabel(t *testing.T) {
	assert.Equal(t, "kowalski", labelledHandle("von kowalski"))
	assert.Equal(t, "marc", labelledHandle("by marc"))
	assert.Equal(t, "von Aachen", labelledHandle("von Aachen"))
	assert.Equal(t, "von der Leyen", labelledHandle("von der Leyen"))
	for _, label := range []string{"Gesponserte Inhalte", "Sponsored Content", "Anzeige"} {
		assert.Empty(t, personNames([]string{label}, nil), label)
		assert.True(t, maxAdLabelLen > len(label))
	}
	for l := range adLabels {
		assert.Less(t, len(l), maxAdLabelLen, l)
	}
	doc, _ := html.Parse(strings.NewReader(`<body><table><tr><td><span class="author">von kowalski</span></td></tr>` +
		`<tr><td><span class="author">Gesponserte Inhalte</span></td></tr></table></body>`))
	sv := surveyPage(doc)
	assert.Equal(t, []string{"kowalski"}, personNames(sv.clsAuthors, nil))
}

// TestBylineLeadMarksAndBrackets checks that dashes before a byline's
// label do not hide it, that a role in brackets after the name is dropped,
// and that more names in brackets are not.
func TestBylineLeadMarksAndBrackets(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<body><div><span><strong><em>---- by Jane Example</em></strong></span></div></body>`))
	assert.Equal(t, []string{"Jane Example"}, surveyPage(doc).textByline)
	assert.Equal(t, "by Jane Example", trimLeadMarks(" – \u00a0by Jane Example"))
	assert.Equal(t, "Jane Example", leadingName("Jane Example (Pressesprecherin des Vereins)"))
	assert.Empty(t, leadingName("Jane Example (avec John Roe et Anna Berg)"), "more names in brackets are a list, read elsewhere")
	assert.True(t, namesOnly("John Roe et Anna Berg"))
	assert.False(t, namesOnly("Pressesprecherin des Vereins"))
}

// TestNameFieldLabel checks that a field labelled as the writer's
// ("Redaktion:", "Text:") opens a text byline, after a date and a dash,
// and that a sentence with a colon further on does not.
func TestNameFieldLabel(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<body><div class="news-data">05.02.2020 <span>- Redaktion: Jane Example (Pressesprecherin des Vereins)</span></div></body>`))
	assert.Equal(t, []string{"Jane Example"}, surveyPage(doc).textByline)
	assert.True(t, opensNameField("Text: Jane Example"))
	assert.True(t, opensNameField("REDAKTION: Jane Example"))
	assert.False(t, opensNameField("Redaktionsschluss war gestern: Jane Example"))
	assert.False(t, opensNameField("Text"))
	for l := range nameFields {
		assert.LessOrEqual(t, len(l), maxNameFieldLen, l)
	}
}

// TestJSONLDStringAuthorIsPerson checks that a JSON-LD author given as a
// bare string that is a person's name credits that person even where it
// is also the site's name (a person's own site), and that a bare string
// that is no person's name does not.
func TestJSONLDStringAuthorIsPerson(t *testing.T) {
	for author, want := range map[string][]string{"Jane Example": {"Jane Example"}, "the example team": nil} {
		page := `<html><head><meta property="og:site_name" content="` + author + `">` +
			`<script type="application/ld+json">{"@type":"Article","headline":"A story","author":"` + author + `","publisher":{"name":"` + author + `"}}</script>` +
			`</head><body><article><h1>A story</h1><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
		a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
		require.NoError(t, err)
		assert.Equal(t, want, a.Byline.Authors, author)
	}
}

// TestJSONLDRawLineBreaks checks that a JSON-LD block whose strings hold
// raw line breaks (the article's text pasted unescaped) is still read,
// and that a block broken otherwise is still counted as broken.
func TestJSONLDRawLineBreaks(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@type":"BlogPosting","headline":"A post",` +
		"\"articleBody\":\"<p>One line.</p>\n<p>Another\tline.</p>\",\"author\":{\"@type\":\"Person\",\"name\":\"Jane Example\"}}" +
		`</script></head><body><article><h1>A post</h1><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Jane Example"}, a.Byline.Authors)
	assert.Empty(t, a.Warnings)

	var m pageMeta
	m.addJSONLD(`{"@type":"Article","headline":"A post",}`)
	assert.Equal(t, 1, m.ldBroken, "a trailing comma is still broken")
	fixed, ok := escapeRawControls("{\"a\":\"x\\\"\ny\"}\n")
	assert.True(t, ok)
	assert.Equal(t, "{\"a\":\"x\\\" y\"}\n", fixed, "an escaped quote does not end the string; a line break outside strings stays")
	_, ok = escapeRawControls(`{"a":"b"}`)
	assert.False(t, ok)
}

// TestInterviewCredit checks that an interview's credit ("A im Gespräch
// mit B") in an author's element gives both people.
func TestInterviewCredit(t *testing.T) {
	page := `<html><body><article><h1>An interview</h1><p>` + strings.Repeat("Some words of the story. ", 20) + `</p>` +
		`<p class="author">Jane Example im Gespräch mit John Roe</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.org/s")
	require.NoError(t, err)
	assert.Equal(t, []string{"Jane Example", "John Roe"}, a.Byline.Authors)
	assert.Equal(t, "Jane Example, John Roe", joinInterview("Jane Example in conversation with John Roe"))
	assert.Equal(t, "Jane Example mit Hund", joinInterview("Jane Example mit Hund"))
}

// TestBylineAfterArticle checks that a byline printed after the article
// (a link to write to "Von: Jane Example"), naming exactly its authors, is dropped as the
// byline at its top is, and that a closing sentence that names them is
// kept.
func TestBylineAfterArticle(t *testing.T) {
	page := func(last string) string {
		return `<!DOCTYPE html><html><head><title>Tunnel Reopens</title><meta name="author" content="Jane Example"></head><body>
<div id="page"><h1>Tunnel Reopens</h1><div id="text">` + longStory + last + `</div></div></body></html>`
	}
	a, err := ParseHTML(strings.NewReader(page(`<br><a href="mailto:jane@example.org"><div class="rule"> </div> <b>Von:</b> <br> <br> Jane Example</a>`)), "https://example.org/tunnel")
	require.NoError(t, err)
	assert.Equal(t, []string{"Jane Example"}, a.Byline.Authors)
	assert.NotContains(t, a.Text(), "Von:")
	const thanks = "Von Jane Example stammen auch die Fotos dieser Ausgabe, die im Rathaus zu sehen sind."
	a, err = ParseHTML(strings.NewReader(page("<p>"+thanks+"</p>")), "https://example.org/tunnel")
	require.NoError(t, err)
	assert.Contains(t, a.Text(), thanks)
}

func TestAuthorSlug(t *testing.T) {
	for _, c := range []struct {
		href, slug string
		ok         bool
	}{
		{"/author/jane-example/", "janeexample", true},
		{"https://example.org/AUTHORS/Jane_Example?x=1", "janeexample", true},
		{"/de/Autor/jane#top", "jane", true},
		{"/author/", "", true},
		{"/author", "", false},
		{"/authorx/jane", "", false},
		{"/auth/jane", "", false},
		{"/news/story", "", false},
		{"", "", false},
	} {
		slug, ok := authorSlug(c.href)
		if slug != c.slug || ok != c.ok {
			t.Errorf("authorSlug(%q) = %q, %v; want %q, %v", c.href, slug, ok, c.slug, c.ok)
		}
	}
}
