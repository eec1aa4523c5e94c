package page

import (
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func TestIsFurnitureLine(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"RELATED STORIES", true},
		{"Related Coverage", true},
		{"Schon gelesen?", true},
		{"Zum Weiterlesen:", true},
		{"- Anzeige-", true},
		{"Über den Autor", true},
		{"drukuj", true},
		{"Quellen ausblenden", true},
		{"Le puede interesar", true},
		{"4 Min Read", true},
		{"Lesezeit: 3 Minuten", true},
		// Text that only opens with furniture words, or holds them.
		{"Related stories were told by the survivors.", false},
		{"Teilen ist das neue Haben", false},
		{"Über den Autor des Romans ist wenig bekannt.", false},
		{"4 Minuten später fiel das Tor.", false},
		{"2019", false},
	} {
		if got := isFurnitureLine(c.line); got != c.want {
			t.Errorf("isFurnitureLine(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestIsCaptionLine(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", true},
		{"© 2020 CBS Interactive Inc. All Rights Reserved.", true},
		{"Son tres los periodos de vacaciones durante el año escolar. Foto: Andina", true},
		{"The Redonda tree lizard, one of the reptiles that rebounded.Photograph by Ed Marshall", true},
		{"Crédits photos : Bestimage", true},
		{"Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.", true},
		{"Police released the suspect (Photo: AP)", true},
		// A copyright sign in a sentence, a credit label inside one, a long paragraph.
		{"This isn’t supposed to be a manifesto™© we just think it’s pretty cool to share.", false},
		{"Mit der Kamera ging sie los. Foto: das war ihr Leben.", false},
	} {
		if got := isCaptionLine(c.line, strings.ToLower(c.line)); got != c.want {
			t.Errorf("isCaptionLine(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestIsCaptionLineBracketedCredit(t *testing.T) {
	line := "Protesters do not want Hong Kong to lose its autonomy (Image: getty )"
	if !isCaptionLine(line, strings.ToLower(line)) {
		t.Errorf("isCaptionLine(%q) = false, want true: a credit in brackets may be in lower case", line)
	}
}

func TestIsTeaserLabel(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"RELATED STORIES", true},
		{"Schon gelesen?", true},
		{"Lesen Sie auch die folgenden Beiträge:", true},
		{"Das Thema könnte dich auch interessieren:", true},
		{"Le puede interesar", true},
		{"Vorschau auf den nächsten Artikel", true},
		{"Next post", true},
		{"Read more", false},
		{"Related: the council met on Monday and voted to close the bridge.", false},
		{"The related costs rose by a third.", false},
		{"Mehr zum Thema auf example.org", true},
		{"Related coverage at news.example.org", true},
		{"Mehr zum Thema. Die Brücke bleibt zu", false},
		{"Weitere Informationen:", true},
		{"More information", true},
		{"Más información:", true},
		{"More information will follow when the council meets.", false},
	} {
		if got := isTeaserLabel(c.line); got != c.want {
			t.Errorf("isTeaserLabel(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

// teaserPage is an article followed by a labelled list of other stories
// and a closing paragraph that links within its text.
const teaserPage = `<html><head><title>Brücke gesperrt</title></head><body><article>
<h1>Brücke gesperrt</h1>
<p>Die Brücke über den Fluss bleibt bis zum Frühjahr gesperrt, wie die Stadt am Montag mitteilte. Gutachter hatten Risse im Beton gefunden.</p>
<p>Pendler müssen einen Umweg von zwölf Kilometern fahren; die Busse fahren über die Nordbrücke, die dafür verbreitert wird.</p>
<p><strong>Lesen Sie auch:</strong></p>
<ul><li><a href="/a">Neue Radwege am Ufer</a></li><li><a href="/b">Der Stadtrat streitet über Parkgebühren</a></li></ul>
<p>Die Sanierung kostet nach ersten Schätzungen <a href="/c">rund vier Millionen Euro</a>, die Stadt und Land sich teilen wollen.</p>
</article></body></html>`

func TestTeaserListDropped(t *testing.T) {
	root, err := html.Parse(strings.NewReader(teaserPage))
	require.NoError(t, err)
	a, err := fromReadability(root, nil, new(Parser), false)
	require.NoError(t, err)
	text := a.Text()
	assert.NotContains(t, text, "Lesen Sie auch")
	assert.NotContains(t, text, "Neue Radwege am Ufer")
	assert.NotContains(t, text, "Parkgebühren")
	assert.Contains(t, text, "Pendler müssen einen Umweg")
	assert.Contains(t, text, "Die Sanierung kostet nach ersten Schätzungen rund vier Millionen Euro", "a paragraph with a link in its text is no teaser")
}

// TestCreditIsNoHeaderLine checks that a photo credit with slashes above
// another publisher's prose does not make the page a Newslooks page, as
// the text form's header line above the prose does.
func TestCreditIsNoHeaderLine(t *testing.T) {
	prose := block{text: strings.Repeat("Das Kernergebnis der Arbeit im Labor zeigt, dass es geht. ", 4), kind: blockPara}
	credit := block{text: "© Atruvia / Quadriga / Nikita Sarejko", kind: blockPara}
	header := block{text: "Rivers Rise/ Newslooks/ York/ Ann Lee/ Morning/ Floods close roads", kind: blockPara}
	assert.False(t, isNewslooks(&pageMeta{}, []block{credit, prose}), "a credit is no header line")
	assert.True(t, isNewslooks(&pageMeta{}, []block{header, prose}), "the header line above the prose makes a Newslooks page")
}

func TestTeaserLineLabels(t *testing.T) {
	for _, p := range []string{
		"Mehr: Deutsche Banken haben den Niedrigzinsen mit einem scharfen Wachstumskurs getrotzt.",
		"PUEDES VER: ¿Qué es la Sunedu, cómo está conformada y para qué sirve?",
		"Le puede interesar: JEP abrirá tres nuevos macrocasos",
		"Lire aussi : la réforme des retraites en dix questions",
	} {
		assert.True(t, isBoilerplate(p), p)
	}
	assert.False(t, isBoilerplate("Mehr als die Hälfte der Befragten gab an, die Miete kaum noch zahlen zu können."), "a sentence that opens with the word")
}

func TestDropAuthorSection(t *testing.T) {
	authors := []string{"Kathrin Runge"}
	body := []newslooks.Section{
		{Paragraphs: []string{"Den Teig in die Form geben und backen."}},
		{Heading: "Tipps", Paragraphs: []string{"Die Zitronen vorher heiß abwaschen."}},
		{Heading: "Über Kathrin", Paragraphs: []string{"Hallo, ich bin Foodbloggerin und Backbuchautorin."}},
	}
	assert.Equal(t, body[:2], dropAuthorSection(body, authors), "the box names the author's first name")
	generic := append(body[:2:2], newslooks.Section{Heading: "Über den Autor", Paragraphs: []string{"Er schreibt über Wein."}})
	assert.Equal(t, body[:2], dropAuthorSection(generic, nil), "a generic author-box label")
	other := append(body[:2:2], newslooks.Section{Heading: "Über Zitronen", Paragraphs: []string{"Bio-Zitronen sind unbehandelt."}})
	assert.Equal(t, other, dropAuthorSection(other, authors), "a heading about something else")
	only := []newslooks.Section{{Heading: "Über den Autor", Paragraphs: []string{"Er schreibt über Wein."}}}
	assert.Equal(t, only, dropAuthorSection(only, nil), "a body is not left empty")
}

func TestPostMetaLines(t *testing.T) {
	for _, p := range []string{
		"This entry was posted in Allgemein. Bookmark the permalink.",
		"Kommentarfeed | Kommentare geschlossen | Trackback-URL",
		"Erstellt am Dienstag 6. Mai 2014 um 23:30 und abgelegt unter debianforum, Linux, Tutorials.",
		"Life is not digital. Life is a burning bush. Zeige alle Beiträge von Cem Basman",
	} {
		assert.True(t, isBoilerplate(p), p)
	}
	assert.False(t, isBoilerplate("Die Akten wurden im Keller des Amtes abgelegt, wo sie Jahre lagen."), "a sentence about filing")
}

func TestIsContactLine(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"Kontakt: Jens Muster, Verkehrsexperte, Tel.: 030-1234-567, E-Mail: jens.muster(at)example.org", true},
		{"Jan Probe Telefon +49 (0)40 / 12 34 56 78 jan.probe@example.org", true},
		{"Press contact: Ann Lee", true},
		// A sentence about Tel Aviv, an e-mail address alone, a number without its label.
		{"In Tel Aviv protestierten 2000 Menschen, wie die Polizei per E-Mail mitteilte.", false},
		{"Anmeldung bei beispiel@example.org", false},
		{"Die Hotline 0800 123 456 ist rund um die Uhr erreichbar.", false},
	} {
		if got := isContactLine(c.line, strings.ToLower(c.line)); got != c.want {
			t.Errorf("isContactLine(%q) = %v, want %v", c.line, got, c.want)
		}
	}
	assert.True(t, isFurnitureLine("Kontakt:"))
	assert.True(t, isFurnitureLine("Ansprechpartnerin zum Thema:"))
}

func TestContactSentenceStays(t *testing.T) {
	p := "Weitere Informationen erteilt Anne Beispiel unter Tel. 01234 56789 (beispiel@example.org)."
	assert.False(t, isContactLine(p, strings.ToLower(p)))
}

func TestDisclaimerAndEmbedPlaceholder(t *testing.T) {
	for _, p := range []string{
		"Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der Redaktion.",
		"We want to hear what you think about this article. Submit a letter to the editor.",
		"Klicken Sie auf den unteren Button, um den Inhalt von www.example.org zu laden.",
	} {
		assert.True(t, isBoilerplate(p), p)
	}
	assert.False(t, isBoilerplate("Der Inhalt von Artikel 5 des Gesetzes ist umstritten."), "text about a content")
}

// TestCreditElement checks that an image's credit, marked by its class,
// is no paragraph of the body, and that an element so marked with no
// image beside it is kept.
func TestCreditElement(t *testing.T) {
	para := "<p>The harbour tunnel reopened on Monday after three weeks of repairs, the city said, and traffic flowed again through the old town.</p>"
	src := page(`<title>Harbor Tunnel Reopens</title>`, `<article><h1>Harbor Tunnel Reopens</h1><div class="entry-content">`+
		para+`<div class="photo"><img src="https://example.org/tunnel.jpg" alt=""><span class="photo-credit">Jane Example/Example Agency</span></div>`+
		para+`<p class="credits">Reporting by Jane Example and John Sample for the city desk, with photographs by the Example Agency, which the city hired for the reopening of the tunnel.</p></div></article>`)
	a := parseHTMLString(t, src, "https://example.org/news/tunnel")
	assert.NotContains(t, a.Text(), "Jane Example/Example Agency")
	assert.Contains(t, a.Text(), "Reporting by Jane Example")
	assert.Contains(t, a.Text(), "three weeks of repairs")
}

func TestIsServerMessage(t *testing.T) {
	for p, want := range map[string]bool{
		"Warning: Creating default object from empty value in /www/htdocs/example/wp-includes/classes.php on line 407":                                                true,
		"Deprecated: preg_replace(): The /e modifier is deprecated in /srv/example/formatting.php on line 82 Notice: Undefined index in /srv/example/a.php on line 9": true,
		"Warning: the bridge will close on Monday.":                                                                 false,
		"Warning: Creating default object in /srv/example/a.php on line 407 The harbour tunnel reopened on Monday.": false,
		"The error read \"Notice: undefined index in index.php on line 3\" and the site went down.":                 false,
	} {
		assert.Equal(t, want, isServerMessage(p), p)
	}
}

// TestIsDateLine checks the date lines isBoilerplate drops, and that a
// line without a 19xx or 20xx year is none.
func TestIsDateLine(t *testing.T) {
	for line, want := range map[string]bool{
		"March 3, 2021": true,
		"Posted on Monday, 12 May 2019 at 10:00 am": true,
		"Updated: 3/4/2020 4:15 p.m.":               true,
		"March 3, 21":                               false,
		"12 May 1899":                               false,
		"The year 2021 was long and hard for us":    false,
		"(March 3, 2021)":                           false,
		"Monday, 12 May":                            false,
	} {
		assert.Equal(t, want, isDateLine(line), line)
	}
}
