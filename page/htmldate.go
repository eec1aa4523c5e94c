package page

import (
	"strings"
	"sync"
	"time"

	dateparser "github.com/markusmobius/go-dateparser"
	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsingest/newslooks/internal/htmlx"
)

// libraryDate returns the publication date that go-htmldate finds in the
// page, with its extensive search (the date patterns of the text, read by
// go-dateparser), or the zero time. It is asked only when the page states
// no publication date in its metadata, marks none in its markup and has
// none in its URL: on the development half of trafilatura's evaluation
// set newslooks then dates 86.7% of the pages right, where the
// hand-written rules it replaced (the modified date, a date in the URL
// last) dated 65.4%, and aeb-dev goes from 59 to 60 of 61. It costs about
// an eighth of newslooks's time on the pages of that set (most of which
// reach it), and nothing on pages that date themselves.
//
// go-htmldate copies the page three times, matches its selectors on every
// element and sends every short text with digits to go-dateparser, whose
// time goes mostly to its time-zone patterns and, when it is given no
// language, to trying each of the two hundred it knows. So the parts of
// the page that hold no date of its own are hidden from it while it runs
// (see hideDateless), and go-dateparser is given the languages to try
// (see dateLanguages). doc is as it was when libraryDate returns.
func libraryDate(doc *html.Node, pageURL, lang string) time.Time {
	opts := htmldate.Options{
		URL:             pageURL,
		UseOriginalDate: true,
		DateParserConfig: &dateparser.Configuration{
			Languages:           dateLanguages(lang),
			PreferredDateSource: dateparser.Past, // go-htmldate's own settings
			StrictParsing:       true,
		},
	}
	restore := hideDateless(doc)
	defer restore()
	r, err := htmldate.FromDocument(doc, opts)
	if err != nil {
		return time.Time{}
	}
	return r.DateTime
}

// webLanguages are the twenty languages go-dateparser itself tries
// first, in its own order (the languages most used on the web).
var webLanguages = []string{
	"en", "ru", "es", "fr", "de", "ja", "tr", "pt", "fa", "it",
	"zh", "nl", "vi", "pl", "ar", "ko", "cs", "id", "uk", "el",
}

// dateLanguages returns the languages go-dateparser tries on the dates
// of a page that declares lang ("de-AT", or ""): its primary language
// and English (dates in English are common on pages in any language);
// when the page declares none, or one go-dateparser does not know (it
// would then fail on every date of the page), the twenty languages most
// used on the web rather than all two hundred it knows, which took half
// of go-htmldate's time on such pages. A date written with the month
// names of another language is then missed; a date in digits is read in
// any.
func dateLanguages(lang string) []string {
	primary := strings.ToLower(primaryTag(lang))
	switch {
	case primary == "en":
		return []string{"en"}
	case !dateParserKnows(primary):
		return webLanguages
	}
	return []string{primary, "en"}
}

// knownDateLanguages caches dateParserKnows's answers, by language.
var knownDateLanguages sync.Map

// maxLanguageTag bounds the primary language tags dateParserKnows asks
// go-dateparser about (ISO 639 codes have 2 or 3 letters; go-dateparser
// also knows a few longer names, which are then not used).
const maxLanguageTag = 3

// dateParserKnows reports whether go-dateparser reads dates in the
// language lang (a lower-case primary tag): whether it parses an ISO
// date with only that language, which it refuses for a language it does
// not know. The answer is asked once per language and kept.
func dateParserKnows(lang string) bool {
	if lang == "" || len(lang) > maxLanguageTag {
		return false
	}
	for _, r := range lang {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	if known, ok := knownDateLanguages.Load(lang); ok {
		return known.(bool)
	}
	_, err := dateparser.Parse(&dateparser.Configuration{Languages: []string{lang}}, "2020-01-02")
	knownDateLanguages.Store(lang, err == nil)
	return err == nil
}

// A hidden node is a subtree taken out of the page, with where it was.
type hidden struct {
	node, parent, next *html.Node
}

// hideDateless takes out of doc, in place, what holds no date the page
// gives itself, and returns the function that puts it all back as it
// was: the text of scripts and style sheets (JSON scripts stay:
// go-htmldate reads JSON-LD), form controls with their options (a price
// list or a dropdown of archive months is no publication date), the
// page's navigation (menus; the dates of its links are other pages'),
// and the embedded and drawn content go-htmldate removes itself before
// it reads any text (frames, objects, media, SVG, MathML, canvas, image
// maps, labels). It would copy all of it three times, match its
// selectors on it, send its texts with digits to go-dateparser and run
// its patterns over the scripts. A subtree that holds what go-htmldate
// reads first, or the article, stays (see holdsDateSource).
func hideDateless(doc *html.Node) (restore func()) {
	var out []hidden
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if dateless(c) {
				out = append(out, hidden{c, n, next})
				n.RemoveChild(c)
			} else if c.Type == html.ElementNode {
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
	return func() {
		// Back in reverse order, so that each node's next sibling is
		// in place again when it is put back before it.
		for i := len(out) - 1; i >= 0; i-- {
			h := out[i]
			h.parent.InsertBefore(h.node, h.next)
		}
	}
}

// dateless reports whether go-htmldate need not see n (see hideDateless).
func dateless(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		p := n.Parent
		return p != nil && (p.DataAtom == atom.Style || p.DataAtom == atom.Script && !jsonScript(p))
	case html.ElementNode:
	default:
		return false
	}
	switch n.DataAtom {
	case atom.Select, atom.Textarea, atom.Datalist, atom.Nav,
		atom.Object, atom.Embed, atom.Applet, atom.Frame, atom.Frameset, atom.Noframes, atom.Iframe,
		atom.Audio, atom.Video, atom.Track, atom.Picture, atom.Canvas, atom.Map, atom.Label,
		atom.Svg, atom.Math:
		return !holdsDateSource(n)
	}
	return false
}

// jsonScript reports whether the script element n holds JSON (JSON-LD
// and the like), which go-htmldate reads for dates.
func jsonScript(n *html.Node) bool {
	return strings.Contains(strings.ToLower(htmlx.Attr(n, "type")), "json")
}

// holdsDateSource reports whether n has inside it what go-htmldate reads
// on the whole page before it removes anything (a <meta>, an <abbr>, a
// JSON script), a <time> or <h1>, which it reads for dates, or the
// article itself (<article>, <main>): a navigation that wraps the page's
// content is not navigation only.
func holdsDateSource(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Meta, atom.Abbr, atom.Time, atom.H1, atom.Article, atom.Main:
			return true
		case atom.Script:
			if jsonScript(c) {
				return true
			}
		}
		if holdsDateSource(c) {
			return true
		}
	}
	return false
}
