package page

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"strings"

	"github.com/newsingest/newslooks"
)

// furnitureLines are the lines of page furniture that other publishers'
// pages leave inside the article's content, in the languages of the
// pages read most: labels of related-story lists, share, print and
// back links, tables of contents, author-box headings, consent
// placeholders. They are compared whole, without regard to case, to a
// line less a trailing colon (see isFurnitureLine); a line that only
// opens with one of them is text.
var furnitureLines = [...]string{
	// English
	"continue reading the main story", "continue reading", "story continues below advertisement",
	"read more", "skip to main content", "supported by", "advertisement", "comments", "highlights",
	"trending", "related", "related articles", "related stories", "related coverage", "related posts",
	"related content", "more stories", "most popular", "most read", "you may also like",
	"you might also like", "recommended", "recommended for you", "breaking news emails", "subscribe",
	"sign up", "share", "share this", "share this article", "share this story", "print", "don't miss",
	"table of contents", "about the author", "print recipe", "jump to recipe",
	// German
	"über den autor", "über die autorin", "über die autoren", "zum autor", "zur autorin",
	"neueste artikel", "neueste beiträge", "weitere artikel", "weitere beiträge", "ähnliche artikel",
	"ähnliche beiträge", "empfohlene beiträge", "empfohlene artikel", "meistgelesen",
	"meistgelesene artikel", "meistdiskutiert", "meistdiskutierte artikel", "mehr zum thema",
	"das könnte sie auch interessieren", "das könnte dich auch interessieren", "auch interessant",
	"lesen sie auch", "schon gelesen?", "weiterlesen", "zum weiterlesen", "redaktionstipp",
	"artikel teilen", "diesen artikel teilen", "beitrag teilen", "teilen", "drucken", "rezept drucken",
	"zur übersicht", "zurück zur übersicht", "zurück zur listenansicht", "zurück", "inhaltsverzeichnis",
	"kommentare", "anzeige", "werbung", "externer inhalt", "inhalt laden", "bild anzeigen",
	"alle bilder anzeigen", "mehr anzeigen", "weniger anzeigen", "quellen anzeigen", "quellen einblenden",
	"quellen ausblenden", "bildergalerie", "show more", "show less",
	// French, Spanish, Italian, Portuguese, Dutch, Polish
	"lire aussi", "à lire aussi", "sur le même sujet", "partager", "imprimer",
	"le puede interesar", "te puede interesar", "lee también", "noticias relacionadas", "compartir",
	"leggi anche", "condividi", "leia também", "compartilhe", "lees ook", "delen",
	"czytaj także", "czytaj też", "drukuj", "udostępnij",
}

// contactLabels head the contact lines under a press release; they are
// furniture lines, and a line they open is a contact line.
var contactLabels = [...]string{
	"kontakt", "pressekontakt", "ansprechpartner", "ansprechpartnerin", "ansprechpartnerin zum thema",
	"ansprechpartner zum thema", "contact", "press contact", "media contact", "contacto", "contact presse",
}

// isContactLabel reports whether t is one of contactLabels.
func isContactLabel(t string) bool {
	for _, c := range contactLabels {
		if len(c) == len(t) && strings.EqualFold(c, t) {
			return true
		}
	}
	return false
}

// isFurnitureLine reports whether p, a short line of another publisher's
// content, is a line of page furniture: one of furnitureLines, less a
// trailing colon and the dashes or brackets around it ("- Anzeige -"),
// or a reading time alone ("4 Min Read", "Lesezeit: 3 Minuten").
func isFurnitureLine(p string) bool {
	if len(p) > 64 {
		return false
	}
	t := strings.TrimSpace(strings.TrimRight(strings.Trim(p, " -–—•·|[]()"), ": "))
	for _, f := range furnitureLines {
		if len(f) == len(t) && strings.EqualFold(f, t) {
			return true
		}
	}
	return isContactLabel(t) || isReadingTime(t)
}

// isReadingTime reports whether t is a reading time alone: a number of
// minutes with "read" or its German, French or Spanish words.
func isReadingTime(t string) bool {
	lower := strings.ToLower(t)
	if rest, ok := strings.CutPrefix(lower, "lesezeit"); ok {
		lower = strings.TrimLeft(rest, ": ")
	}
	i := 0
	for i < len(lower) && lower[i] >= '0' && lower[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	switch strings.TrimSpace(lower[i:]) {
	case "min read", "min. read", "minute read", "minutes read", "mins read", "min", "min.", "minuten",
		"minuten lesezeit", "min lesezeit", "min. lesezeit", "min de lecture", "minutes de lecture",
		"min de lectura", "minutos de lectura":
		return true
	}
	return false
}

// maxTeaser bounds the length of a teaser: the title of another story,
// perhaps with its first line.
const maxTeaser = 200

// teaserLabelWords are what the label of a list of other stories says,
// in lower case: "Related Coverage", "Lesen Sie auch die folgenden
// Beiträge:", "Das könnte Sie auch interessieren", "Le puede interesar".
var teaserLabelWords = [...]string{
	"related", "read also", "read next", "more stories", "more from", "you may also like",
	"you might also like", "recommended", "see also", "also read", "further reading",
	"lesen sie auch", "lies auch", "auch interessant", "auch interessieren", "ebenfalls interessieren",
	"könnte sie auch", "könnte dich auch", "mehr zum thema", "weiterlesen", "weitere beiträge",
	"weitere artikel", "ähnliche beiträge", "ähnliche artikel", "empfohlene", "schon gelesen",
	"neueste artikel", "neueste beiträge", "meistgelesen", "siehe auch", "weitere informationen",
	"more information", "further information", "plus d'informations", "plus d’informations", "más información",
	"next post", "previous post", "next article", "previous article", "nächster beitrag", "vorheriger beitrag",
	"nächster artikel", "vorheriger artikel", "nächsten artikel", "article suivant", "article précédent",
	"lire aussi", "à lire", "sur le même sujet", "le puede interesar", "te puede interesar",
	"lee también", "noticias relacionadas", "leggi anche", "leia também", "czytaj także", "czytaj też",
}

// maxTeaserLabel bounds the length of a label of other stories.
const maxTeaserLabel = 80

// isTeaserLabel reports whether p is the label of a list of other
// stories: a short line, alone or ending with a colon, that says so.
// The links alone that follow it are teasers, not the article's text.
// "Read more" is no such label: it as often links to the rest of the
// article itself.
func isTeaserLabel(p string) bool {
	if len(p) > maxTeaserLabel || len(p) < 4 {
		return false
	}
	lower := strings.ToLower(p)
	if strings.Count(lower, " ") > 7 || !strings.HasSuffix(lower, ":") && endsSentence(strings.TrimRight(lower, "?!")) {
		return false
	}
	for _, w := range teaserLabelWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// endsSentence reports whether s holds the end of a sentence: a '.', '?'
// or '!' at its end or before a space. A dot inside a word, as in a site's
// name ("Mehr zum Thema auf example.org"), ends none.
func endsSentence(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c == '.' || c == '?' || c == '!') && (i+1 == len(s) || s[i+1] == ' ') {
			return true
		}
	}
	return false
}

// authorBoxLabels head the box about the article's author that pages
// print after it, in the languages of the pages read most.
var authorBoxLabels = [...]string{
	"about the author", "about the authors", "über den autor", "über die autorin", "über die autoren",
	"zum autor", "zur autorin", "à propos de l'auteur", "à propos de l’auteur", "sobre el autor",
	"sobre la autora", "sull'autore", "sull’autore", "over de auteur", "o autorze",
}

// authorBoxPrefixes open a heading that names the author: "Über Kathrin",
// "About Jane Doe".
var authorBoxPrefixes = [...]string{"about ", "über ", "à propos de ", "sobre ", "acerca de ", "over "}

// isAuthorBoxLabel reports whether heading h heads an author box: one of
// authorBoxLabels, or "About" and its translations before the name or
// first name of one of the article's authors.
func isAuthorBoxLabel(h string, authors []string) bool {
	t := strings.TrimRight(h, ": ")
	for _, l := range authorBoxLabels {
		if len(l) == len(t) && strings.EqualFold(l, t) {
			return true
		}
	}
	for _, p := range authorBoxPrefixes {
		if len(t) <= len(p) || !strings.EqualFold(t[:len(p)], p) {
			continue
		}
		name := t[len(p):]
		for _, a := range authors {
			first, _, _ := strings.Cut(a, " ")
			if strings.EqualFold(name, a) || len(first) > 2 && strings.EqualFold(name, first) {
				return true
			}
		}
	}
	return false
}

// dropAuthorSection drops, from the last two sections of the body, the
// section an author-box heading opens and those after it: the author's
// biography, links to the author's other posts. A body that would be
// left empty is kept whole.
func dropAuthorSection(sections []newslooks.Section, authors []string) []newslooks.Section {
	for i := max(len(sections)-2, 1); i < len(sections); i++ {
		if isAuthorBoxLabel(sections[i].Heading, authors) {
			return sections[:i]
		}
	}
	return sections
}

// phoneLabels introduce a telephone or fax number.
var phoneLabels = [...]string{"tel.", "tel:", "telefon", "phone", "fax", "mobil", "téléphone", "teléfono"}

// maxContactLine bounds the length of a contact line.
const maxContactLine = 300

// isContactLine reports whether p (lower in lower case) is a press
// release's contact line: a short line that opens with a contact label
// ("Kontakt: Jens Muster, ...") or, not being a sentence, gives a
// telephone number after its label and an e-mail address ("Jan Probe
// Telefon +49 (0)40 ... jan.probe@example.org").
func isContactLine(p, lower string) bool {
	if len(p) > maxContactLine {
		return false
	}
	if label, _, ok := strings.Cut(lower, ":"); ok && isContactLabel(strings.TrimSpace(label)) {
		return true
	}
	// A sentence that gives them ("Weitere Informationen erteilt A. B.
	// unter Tel. 01234 56789 (a@example.org).") is the article's text.
	if strings.HasSuffix(p, ".") || !strings.Contains(lower, "@") && !strings.Contains(lower, "(at)") && !strings.Contains(lower, "e-mail") {
		return false
	}
	for _, l := range phoneLabels {
		if i := strings.Index(lower, l); i >= 0 {
			rest := strings.TrimLeft(lower[i+len(l):], " .:")
			if rest != "" && (rest[0] == '+' || rest[0] == '(' || rest[0] >= '0' && rest[0] <= '9') {
				return true
			}
		}
	}
	return false
}

// isCreditElement reports whether n, of classes f (classify), is an
// image's credit: its class or id says so ("image-credit", "copyright"), its text is short (a name or
// two, maxCredit bytes at most) and an image stands beside it, in its
// parent or grandparent. The photographer's or agency's name is no
// paragraph of the article. (Captions are kept: Readability's output, the
// reference of shared/pages, keeps a gallery's captions.)
func isCreditElement(n *html.Node, f int) bool {
	if f&fCredit == 0 || len(textContent(n)) > maxCredit {
		return false
	}
	budget := maxCaptionSearch
	for a, up := n.Parent, 0; a != nil && up < 2; a, up = a.Parent, up+1 {
		if holdsImage(a, n, &budget) {
			return true
		}
	}
	return false
}

// maxCredit bounds the length of an image's credit.
const maxCredit = 100

// maxCaptionSearch bounds the elements isCreditElement looks at.
const maxCaptionSearch = 64

// holdsImage reports whether an <img> or <picture> is under n, outside
// skip, looking at no more than *budget elements.
func holdsImage(n, skip *html.Node, budget *int) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c == skip {
			continue
		}
		if *budget--; *budget < 0 {
			return false
		}
		if c.DataAtom == atom.Img || c.DataAtom == atom.Picture || holdsImage(c, skip, budget) {
			return true
		}
	}
	return false
}

// serverMessageLabels open the messages a PHP site prints into the page
// when its code fails or is out of date.
var serverMessageLabels = [...]string{"warning:", "notice:", "deprecated:", "fatal error:", "parse error:", "strict standards:"}

// isServerMessage reports whether p is a message the site's server code
// printed into the page ("Warning: Creating default object from empty
// value in /www/wp-includes/classes.php on line 407"), perhaps several in
// a row: it opens with a PHP message label and ends with the line of a
// .php file.
func isServerMessage(p string) bool {
	// Most paragraphs hold no such line: Contains tells so quicker than
	// LastIndex, which hashes the whole paragraph.
	if !strings.Contains(p, ".php on line ") {
		return false
	}
	i := strings.LastIndex(p, ".php on line ")
	if !isDigits(strings.TrimRight(p[i+len(".php on line "):], ". ")) {
		return false
	}
	for _, l := range serverMessageLabels {
		if len(p) > len(l) && strings.EqualFold(p[:len(l)], l) {
			return true
		}
	}
	return false
}
