package page

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/net/html"

	"github.com/newsingest/newslooks"
)

func TestDetectLanguage(t *testing.T) {
	de := "Die elektronische Patientenakte soll Ärzten und Patienten helfen, Befunde schneller auszutauschen. Bisher liegen die Daten in vielen getrennten Systemen der Krankenhäuser und Praxen."
	en := "The government has unveiled a plan to help the industry reduce the cost of solar panels by 2030, and to reach more installations across the country."
	assert.Equal(t, "de", detectLanguage(de))
	assert.Equal(t, "en", detectLanguage(en))
	assert.Empty(t, detectLanguage("Breaking news"), "too short to tell")

	a := &newslooks.Article{Headline: "Solar costs", Sections: []newslooks.Section{{Paragraphs: []string{en}}}}
	detectArticleLanguage(a)
	assert.Equal(t, "en", a.Language)
	assert.Equal(t, "detected", a.LanguageSource)

	a = &newslooks.Article{Language: "fr", LanguageSource: "declared", Sections: []newslooks.Section{{Paragraphs: []string{en}}}}
	detectArticleLanguage(a)
	assert.Equal(t, "fr", a.Language, "a declared language is kept")
}

func TestDeclaredLanguageDisagreement(t *testing.T) {
	doc, err := html.Parse(strings.NewReader("<p>Die elektronische Patientenakte soll Ärzten und Patienten helfen, Befunde schneller auszutauschen. Bisher liegen die Daten in vielen getrennten Systemen.</p>"))
	assert.NoError(t, err)
	lo := &layout{root: doc}
	m := &pageMeta{lang: "en", contentLanguage: "de"}
	assert.Equal(t, "de", declaredLanguage(m, lo), "the text chooses between declarations that disagree")
	m = &pageMeta{lang: "en-US", ogLocale: "en_GB"}
	assert.Equal(t, "en-US", declaredLanguage(m, lo), "declarations of one language: the first")
}

func TestPublisher(t *testing.T) {
	u, _ := url.Parse("https://www.catchitkansas.com/a")
	l := &links{base: u}
	sv := &survey{}
	for _, c := range []struct {
		name string
		m    pageMeta
		logo string
		want string
	}{
		{"og:site_name", pageMeta{ogSiteName: "The Verge"}, "", "The Verge"},
		{"domain form with a space", pageMeta{ogSiteName: "Le Monde.fr"}, "", "Le Monde"},
		{"topic list", pageMeta{ogSiteName: "Autoracing | F1 | Indy | MotoGP"}, "", "Autoracing"},
		{"www. dropped", pageMeta{ld: jsonLD{publisher: "www.wday.ru"}}, "", "wday.ru"},
		{"handle re-spelt from the title", pageMeta{ogSiteName: "@politifact", title: "What value? | PolitiFact West Virginia", ogTitle: "What value?"}, "", "PolitiFact"},
		{"squeezed name re-spelt", pageMeta{ld: jsonLD{publisher: "Barrons", headline: "Stock Falls"}, title: "Stock Falls - Barron's"}, "", "Barron's"},
		{"same letters, no more word breaks: kept", pageMeta{ogSiteName: "Space.com", title: "Plumes | Space", ogTitle: "Plumes"}, "", "Space.com"},
		{"title suffix", pageMeta{title: "Royal Arrogance - Sputnik International", ogTitle: "Royal Arrogance"}, "", "Sputnik International"},
		{"suffix of an unrelated title is not read", pageMeta{title: "Home - Local - News", ogTitle: "Swim results"}, "", "catchitkansas.com"},
		{"logo alt", pageMeta{}, "Catch it Kansas - Content - News", "Catch it Kansas"},
		{"logo alt without legal form", pageMeta{}, "comwrap GmbH Logo", "comwrap"},
		{"host last", pageMeta{}, "", "catchitkansas.com"},
	} {
		sv.logoAlt = c.logo
		assert.Equal(t, c.want, publisher(&c.m, sv, l), c.name)
	}
}

func TestIsLogo(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<a href="/"><img src="a.png" alt="Site"></a><img class="logo" src="b.png" alt="B"><img src="c.png" alt="photo"><img src="logo.png">`))
	var imgs []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			imgs = append(imgs, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	got := make([]bool, len(imgs))
	for i, n := range imgs {
		got[i] = isLogo(n)
	}
	assert.Equal(t, []bool{true, true, false, false}, got)
}

func TestPersonNames(t *testing.T) {
	site := map[string]bool{nameKey("CNN"): true, nameKey("BBC News"): true, nameKey("beachbodyondemand"): true}
	for _, c := range []struct {
		in, want []string
	}{
		{[]string{"Analysis by Chris Cillizza, CNN Editor-at-large"}, []string{"Chris Cillizza"}},
		{[]string{"Jill Disis", "CNN Business"}, []string{"Jill Disis"}},
		{[]string{"BBC News"}, []string{}},
		{[]string{"admin"}, []string{}},
		{[]string{"jdadmin"}, []string{}},
		{[]string{"Beachbody"}, []string{}},
		{[]string{"Текст: Венера Ерофеева"}, []string{"Венера Ерофеева"}},
		{[]string{"DANICA KIRKA", "JILL LAWLESS Associated Press", "Associated Press"}, []string{"DANICA KIRKA", "JILL LAWLESS"}},
		{[]string{"Associated Press"}, []string{"Associated Press"}},
		{[]string{"Anna Smith, Paris"}, []string{"Anna Smith, Paris"}},
	} {
		got := personNames(append([]string(nil), c.in...), site)
		if len(c.want) == 0 {
			assert.Empty(t, got, "%q", c.in)
			continue
		}
		assert.Equal(t, c.want, got, "%q", c.in)
	}
}

func TestURLDate(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	for in, want := range map[string]time.Time{
		"http://www.washingtonpost.com/world/gunmen/2015/03/18/00202e76_story.html":       d(2015, 3, 18),
		"https://www.politifact.com/west-virginia/statements/2019/nov/18/david-mckinley/": d(2019, 11, 18),
		"https://www.quantamagazine.org/tuft-cells-20191115/":                             d(2019, 11, 15),
		"https://example.com/2019/02/31/x":                                                {},
		"https://example.com/news/12345678/":                                              {},
		"https://example.com/a-b":                                                         {},
	} {
		assert.Equal(t, want, urlDate(in), in)
	}
}

func TestUnescapeText(t *testing.T) {
	assert.Equal(t, `He said "no" & left`, unescapeText(`He said &quot;no&quot; &amp; left`))
	assert.Equal(t, "Anastassiades' light", unescapeText("Anastassiades&#039; light"))
	assert.Equal(t, "AT&T", unescapeText("AT&T"), "no reference: unchanged")
}

func TestOtherPublishedMeta(t *testing.T) {
	m := metaOf(t, `<meta name="DC.date.issued" content="2016-02-01T01:28:49"><meta name="pdate" content="20160202">`)
	assert.Equal(t, "2016-02-01T01:28:49", m.otherPublished)
}

func TestDropAuthorBox(t *testing.T) {
	s := []newslooks.Section{{Paragraphs: []string{"Body one.", "Body two.", "Emiliano Bellini", "Emiliano joined pv magazine in March 2017.", "More articles"}}}
	got := dropAuthorBox(s, []string{"Emiliano Bellini"})
	assert.Equal(t, []string{"Body one.", "Body two.", "More articles"}, got[0].Paragraphs)
	s = []newslooks.Section{{Paragraphs: []string{"Phil Helsel is a reporter for NBC News.", "Body."}}}
	assert.Len(t, dropAuthorBox(s, nil)[0].Paragraphs, 2, "no author, nothing dropped")
}

func TestIsBoilerplate(t *testing.T) {
	for _, p := range []string{
		"READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
		"Related: Possible Water Plumes on Europa: The Discovery in Images",
		"Yersina pestis causes the plague (Image: GETTY)",
		"Image: Hanwha Q cells",
		"Get breaking news alerts and special reports. The news and stories that matter, delivered weekday mornings.SUBSCRIBE",
		"Nov. 20, 2019 6:02 AM EST",
		"Posted: Fri 6:45 PM, Feb 16, 2018 | Updated: Sat 8:31 PM, Feb 17, 2018",
		"November 19, 2019 at 9:45 am",
		"Jetzt den Newsletter von Example abonnieren und nichts mehr verpassen.",
		"Zapraszamy też do subskrypcji tygodnika Example – www.example.org.",
		"Abonnez-vous à la lettre d'Example pour recevoir nos articles.",
		"Suscríbete al boletín de Example.",
		"Iscriviti alla newsletter di Example.",
	} {
		assert.True(t, isBoilerplate(p), p)
	}
	for _, p := range []string{
		"The plague wiped out half of Europe in the 14th century, historians say.",
		"(Published Monday, Nov. 18, 2019)",
		"On Nov. 18, 2019, the company said it would cut 300 jobs in its Detroit plant.",
		"Readers who subscribe to the print edition pay more, the company said. Digital readers pay less. Both groups grew. Advertising fell.",
		strings.Repeat("A long paragraph about the newsletter business. ", 10),
		"Sign up for a Hulu ad-free account for $11.99 a month",
		"Click here to get more information or download this game.",
	} {
		assert.False(t, isBoilerplate(p), p)
	}
}

func TestCutByline(t *testing.T) {
	for in, want := range map[string]string{
		"Текст: Венера Ерофеева·24 сентября 2018":                                "Венера Ерофеева",
		"By Mike Wuerthele and Malcolm Owen Monday, November 18, 2019, 04:05 pm": "Mike Wuerthele and Malcolm Owen",
		"By Matthew Digby , Minh Do on Monday, November 18th, 2019":              "Matthew Digby , Minh Do",
		"By A. Reyes | September 2":                                              "A. Reyes",
		"Posted on September 21, 2020 by Adi Tzlil":                              "Adi Tzlil",
		"2. August 2012 By oradmin":                                              "oradmin",
		"By 2030 by the plan":                                                    "2030 by the plan",
	} {
		assert.Equal(t, want, cutByline(in), in)
	}
}

func TestTextByline(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<body><h1>What is the value?</h1>` +
		`<p class="article__meta"> By <a href="/a">Matthew Digby</a> , <a href="/b">Minh Do</a> <span>on Monday, November 18th, 2019</span></p>` +
		`<p>By 2030, the plan says, costs will halve.</p></body>`))
	sv := surveyPage(doc)
	assert.Equal(t, []string{"Matthew Digby", "Minh Do"}, sv.textByline)

	doc, _ = html.Parse(strings.NewReader(`<body><p>By 2030, the plan says, costs will halve.</p></body>`))
	assert.Empty(t, surveyPage(doc).textByline, "a sentence opening with By is no byline")
}

func TestParseTextDate(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	for in, want := range map[string]time.Time{
		"Fri 6:45 PM, Feb 16, 2018": d(2018, 2, 16),
		"19 NOV 2019":               d(2019, 11, 19),
		"November 18th, 2019":       d(2019, 11, 18),
		"Nov. 20, 2019 6:02 AM EST": d(2019, 11, 20),
		"Sept 3, 2021":              d(2021, 9, 3),
	} {
		got, ok := parseTextDate(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"May we begin", "Feb 30, 2018", "3 comments", "Mar 2019"} {
		_, ok := parseTextDate(in)
		assert.False(t, ok, in)
	}
}

func TestTextDate(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<body><span class="storyDate">Posted: <span itemprop="datePublished">Fri 6:45 PM, Feb 16, 2018</span></span>` +
		`<span class="date-updated">Sat, Feb 17, 2018</span></body>`))
	assert.Equal(t, "2018-02-16", surveyPage(doc).textDate)
	doc, _ = html.Parse(strings.NewReader(`<body><span class="updated-date">Feb 17, 2018</span></body>`))
	assert.Empty(t, surveyPage(doc).textDate, "an update is not the publication")
}

func TestDatelineAgency(t *testing.T) {
	sec := func(p string) []newslooks.Section { return []newslooks.Section{{Paragraphs: []string{p}}} }
	assert.Equal(t, "Associated Press", datelineAgency(sec("ST. JOSEPH, Mich. (AP) — Michigan officials say a sixth person has died.")))
	assert.Equal(t, "Reuters", datelineAgency(sec("LONDON (Reuters) - Britain's Conservatives ...")))
	assert.Empty(t, datelineAgency(sec("Officials said the figures, first reported by a wire service late on Monday and confirmed (AP) — were wrong.")))
	assert.Empty(t, datelineAgency(sec("The (AP) style guide says so.")))
}

func TestPublisherFromMicrodataAndHomeLink(t *testing.T) {
	u, _ := url.Parse("https://www.msn.com/en-us/news/x")
	l := &links{base: u}
	doc, _ := html.Parse(strings.NewReader(`<body><header role="presentation"><span itemprop="publisher" itemscope>` +
		`<a href="http://www.nbcnews.com/" title="NBC News" itemprop="url"><img alt="NBC News" src="l.png"></a></span></header></body>`))
	sv := surveyPage(doc)
	assert.Equal(t, "NBC News", publisher(&pageMeta{ogSiteName: "MSN"}, sv, l), "a syndicated copy credits its publication")

	u, _ = url.Parse("https://www.cbssports.com/nfl/news/x")
	l = &links{base: u}
	doc, _ = html.Parse(strings.NewReader(`<body><div itemprop="publisher" itemscope><meta itemprop="url" content="https://www.cbssports.com/logo.png"><meta itemprop="name" content="CBS Sports"></div></body>`))
	assert.Equal(t, "CBS Sports", publisher(&pageMeta{ogSiteName: "CBSSports.com"}, surveyPage(doc), l), "the site's own microdata re-spells a domain form")

	u, _ = url.Parse("https://www.wsj.com/articles/x")
	l = &links{base: u}
	doc, _ = html.Parse(strings.NewReader(`<body><a href="https://www.wsj.com/" title="The Wall Street Journal">The Wall Street Journal</a></body>`))
	assert.Equal(t, "The Wall Street Journal", publisher(&pageMeta{ogSiteName: "WSJ"}, surveyPage(doc), l), "an abbreviation spelt out")

	doc, _ = html.Parse(strings.NewReader(`<body><a href="/" title="Zurück zur Übersicht">Zurück</a></body>`))
	assert.Equal(t, "wsj.com", publisher(&pageMeta{}, surveyPage(doc), l), "a home link alone names nothing")
	assert.Equal(t, "Fox News", siteNameForm("| Fox News"))
}

func TestIsAbbreviationOf(t *testing.T) {
	assert.True(t, isAbbreviationOf("WSJ", "The Wall Street Journal"))
	assert.True(t, isAbbreviationOf("NYT", "The New York Times"))
	assert.False(t, isAbbreviationOf("WSJ", "Wall Street"))
	assert.False(t, isAbbreviationOf("Wsj", "Wall Street Journal"))
}

func TestIsAccountCapitals(t *testing.T) {
	assert.True(t, isAccount("KWCHCIK"))
	assert.False(t, isAccount("AFP"), "an agency's initials")
	assert.False(t, isAccount("REUTERS"), "an agency in capitals")
	assert.False(t, isAccount("Madonna"))
	assert.True(t, isAccount("siteadmin"))
	assert.False(t, isAccount("freeman1984"), "a blog's handle in lower case")
}

func TestIsNewslooksIgnoresFooterHeaderLine(t *testing.T) {
	long := strings.Repeat("The article's prose goes on here at some length. ", 6)
	footer := block{kind: blockPara, text: "Privacy / DMCA contact / Affiliate and FTC Disclosure"}
	assert.False(t, isNewslooks(&pageMeta{}, []block{{kind: blockPara, text: long}, footer}))
	hdr := block{kind: blockPara, text: "Mexico City Expands Rainwater Harvesting / Newslooks / MEXICO CITY / A. Reyes / Weekend Edition"}
	assert.True(t, isNewslooks(&pageMeta{}, []block{hdr, {kind: blockPara, text: long}}))
}

func TestPublishedInPageZone(t *testing.T) {
	// A UTC time on a page that writes its other times at +02:00 is dated
	// by the page's clock.
	page := `<html><head>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2019-10-18T22:04:00Z"}</script>
<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">
</head><body><article><h1>H</h1><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.com/a")
	assert.NoError(t, err)
	assert.Equal(t, "2019-10-19", a.Published.Format(time.DateOnly))
	assert.True(t, a.Published.Equal(time.Date(2019, 10, 18, 22, 4, 0, 0, time.UTC)), "the same instant")

	// Without a zone of its own the page's UTC time stays in UTC, and a
	// UTC midnight is a bare date that stays on its day.
	z := pageZone("2019-10-18T22:04:00Z")
	assert.Equal(t, "2019-10-18", firstTimeIn(z, "2019-10-18T22:04:00Z").Format(time.DateOnly))
	plus2 := pageZone("2019-10-19T00:04:00+02:00")
	assert.Equal(t, "2019-10-18", firstTimeIn(plus2, "2019-10-18T00:00:00Z").Format(time.DateOnly))
	assert.Equal(t, "2019-10-19", firstTimeIn(plus2, "2019-10-18T22:04:00Z").Format(time.DateOnly))
}

func TestOnShownDay(t *testing.T) {
	local := time.Date(2022, 5, 5, 21, 0, 0, 0, time.FixedZone("", -5*3600))
	assert.Equal(t, "2022-05-06", onShownDay(local, "2022-05-06").Format(time.DateOnly), "the page shows the UTC day")
	assert.Equal(t, "2022-05-05", onShownDay(local, "2022-05-05").Format(time.DateOnly))
	assert.Equal(t, "2022-05-05", onShownDay(local, "2022-04-01").Format(time.DateOnly), "a shown date of another instant changes nothing")
	assert.Equal(t, "2022-05-05", onShownDay(local, "").Format(time.DateOnly))
}

func TestPublishedNotAnUpdate(t *testing.T) {
	body := `<body><article><h1>H</h1><time datetime="2022-03-09">9 March</time><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	// article:published_time moved with the modification: the <time>
	// the page shows gives the first publication.
	page := `<html><head>
<meta property="article:published_time" content="2022-11-17T10:33:13Z">
<meta property="article:modified_time" content="2022-11-17T10:32:18Z">
</head>` + body
	a, err := ParseHTML(strings.NewReader(page), "https://example.com/a")
	assert.NoError(t, err)
	assert.Equal(t, "2022-03-09", a.Published.Format(time.DateOnly))

	// Far from the modification, the declared publication stands.
	page = strings.Replace(page, "2022-11-17T10:32:18Z", "2022-11-20T08:00:00Z", 1)
	a, err = ParseHTML(strings.NewReader(page), "https://example.com/a")
	assert.NoError(t, err)
	assert.Equal(t, "2022-11-17", a.Published.Format(time.DateOnly))
}

func TestShownDateOnlyGoesToHTMLDate(t *testing.T) {
	// A date shown in a date element alone is go-htmldate's to read (it
	// was a hand-written rule it beats); the page is still dated.
	page := `<html><body><article><h1>H</h1><span class="date">Feb 16, 2018</span><p>` + strings.Repeat("Some words of the story. ", 20) + `</p></article></body></html>`
	a, err := ParseHTML(strings.NewReader(page), "https://example.com/a")
	assert.NoError(t, err)
	assert.Equal(t, "2018-02-16", a.Published.Format(time.DateOnly))
}
