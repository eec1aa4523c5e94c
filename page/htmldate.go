package page

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

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
//
// It also takes out each text, comment and element that holds nothing
// go-htmldate could read a date from (see hider.walk), which it would
// also copy, match and run its patterns over: most of a page's text and
// elements. On trafilatura's development half that takes 3% to 6% off
// newslooks's instructions and 12% off its allocated bytes, and changes
// no date.
func hideDateless(doc *html.Node) (restore func()) {
	h := hiders.Get().(*hider)
	h.walk(doc, false)
	return func() {
		h.restore()
		hiders.Put(h)
	}
}

// hiders keeps hiders for reuse, with the room their last page's
// removals took: a page hides hundreds of nodes.
var hiders = sync.Pool{New: func() any { return new(hider) }}

// A hider takes parts out of a page for go-htmldate (see hideDateless)
// and puts them back.
type hider struct {
	out []hidden
}

// hide takes n out of its parent.
func (h *hider) hide(n *html.Node) {
	h.out = append(h.out, hidden{n, n.Parent, n.NextSibling})
	n.Parent.RemoveChild(n)
}

// restore puts back all that h took out, last first, so that each node's
// next sibling is in place again when it is put back before it.
func (h *hider) restore() { h.restoreTo(0) }

// restoreTo puts back what h took out after its first k removals.
func (h *hider) restoreTo(k int) {
	for i := len(h.out) - 1; i >= k; i-- {
		o := h.out[i]
		o.parent.InsertBefore(o.node, o.next)
	}
	clear(h.out[k:]) // a pooled hider keeps no page alive
	h.out = h.out[:k]
}

// walk hides in n's subtree what go-htmldate need not see, and reports
// whether what stays of it holds anything go-htmldate reads a date from:
// a text or attribute with the digits of a date or a word its patterns
// read one after (see holdsDateMarks), or an element it reads on its
// own (see readsAlone). A text, comment or element that holds none of
// these is hidden, unless go-htmldate reads the text of an element
// around it as one string (whole; see readsWhole), which would change,
// or taking it out would join the texts around it into one that reads
// as a date (see joinsDate).
func (h *hider) walk(n *html.Node, whole bool) (reads bool) {
	if n.Type == html.ElementNode && !whole {
		whole = readsWhole(n)
		reads = whole || readsAlone(n) || holdsDateMarks(n.Data) || attrsHoldDateMarks(n)
	}
	// Inside an element read whole nothing is hidden for holding no
	// date, and what it holds need not be told: the element itself reads.
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case dateless(c):
			h.hide(c)
		case c.Type == html.ElementNode:
			mark := len(h.out)
			switch {
			case h.walk(c, whole):
				reads = true
			case !whole && !joinsDate(c):
				h.restoreTo(mark)
				h.hide(c)
			}
		case whole:
		case c.Type == html.TextNode, c.Type == html.CommentNode:
			if holdsDateMarks(c.Data) {
				reads = true
			} else if !joinsDate(c) {
				h.hide(c)
			}
		}
		c = next
	}
	return reads
}

// attrsHoldDateMarks reports whether an attribute of n, its name or its
// value, holds what holdsDateMarks looks for.
func attrsHoldDateMarks(n *html.Node) bool {
	for _, a := range n.Attr {
		if holdsDateMarks(a.Key) || holdsDateMarks(a.Val) {
			return true
		}
	}
	return false
}

// readsAlone reports whether go-htmldate reads the element n for itself,
// wherever it is: the page's head and body, the elements it reads on
// the whole page before anything else (see holdsDateSource's), its
// title and h1, and the canonical link, which it reads for the page's
// address when it is given none.
func readsAlone(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body, atom.Title, atom.Link,
		atom.Meta, atom.Abbr, atom.Time, atom.H1:
		return true
	case atom.Script:
		return jsonScript(n)
	}
	return false
}

// dateClassParts are the parts of an id, class or itemprop that make
// go-htmldate (v1.9) read an element's whole text as a date candidate,
// in lower case (it compares some of them in one case only, so any case
// is a superset).
var dateClassParts = [...]string{
	"date", "datum", "meta", "time", "publish", "footer", "info", "post_detail",
	"block-content", "byline", "subline", "posted", "submitted", "created-post",
	"publication", "author", "autor", "field-content", "fa-clock-o",
	"fa-calendar", "fecha", "parution",
}

// readsWhole reports whether go-htmldate reads the whole text of the
// element n as one string: a footer, a small, an element whose id,
// class or itemprop names a date, a byline or meta data, and those of
// the elements it reads alone that hold text (see readsAlone).
func readsWhole(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Footer, atom.Small, atom.Title, atom.H1, atom.Time, atom.Abbr:
		return true
	case atom.Script:
		return jsonScript(n)
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "id", "class", "itemprop":
			if namesDate(a.Val) {
				return true
			}
		}
	}
	return false
}

// namesDate reports whether v holds one of dateClassParts, in any case.
// It looks at each byte of v once, and only for the parts that begin
// with that letter (see dateClassPartsAt), rather than searching v for
// each part; a value with both ASCII capitals and other runes is lowered
// as a whole first, as strings.ToLower lowers it (the Kelvin sign
// becomes a "k").
func namesDate(v string) bool {
	upper, wide := false, false
	for i := range len(v) {
		switch c := v[i]; {
		case 'A' <= c && c <= 'Z':
			upper = true
		case c >= utf8.RuneSelf:
			wide = true
		}
	}
	if upper && wide {
		v = strings.ToLower(v)
	}
	for i := range len(v) {
		c := v[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		for _, part := range dateClassPartsAt[c] {
			if hasPrefixFold(v[i:], part) {
				return true
			}
		}
	}
	return false
}

// dateClassPartsAt holds dateClassParts by their first byte.
var dateClassPartsAt = func() (t [256][]string) {
	for _, part := range dateClassParts {
		t[part[0]] = append(t[part[0]], part)
	}
	return t
}()

// minDateDigits is the fewest digits any date go-htmldate reads has
// ("1/2/20", a year), in its texts and in each of its patterns' matches.
const minDateDigits = 4

// holdsDateMarks reports whether s holds minDateDigits digits (of any
// script), or a word that go-htmldate's patterns read a date after
// ("date", "©", "(c)", "copyright", in any case). The digits of a date
// go-htmldate finds are all in one text or one attribute value: its
// patterns run over the page's HTML, where tags part one text from
// another (and the texts that taking elements out would join are not
// taken out; see joinsDate).
func holdsDateMarks(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !dateMarkStart[c] {
			continue
		}
		switch {
		case '0' <= c && c <= '9':
			if digits++; digits >= minDateDigits {
				return true
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '©' {
				return true
			}
			if unicode.IsDigit(r) {
				if digits++; digits >= minDateDigits {
					return true
				}
			}
			i += size - 1
		case c|0x20 == 'd' && hasPrefixFold(s[i+1:], "ate"),
			c == '(' && hasPrefixFold(s[i+1:], "c)"),
			c|0x20 == 'c' && hasPrefixFold(s[i+1:], "opyright"):
			return true
		}
	}
	return false
}

// dateMarkStart marks the bytes at which holdsDateMarks looks closer:
// digits, the first letters of its words, and the bytes that start a
// rune beyond ASCII.
var dateMarkStart = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "dDcC(" {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = true
	}
	return t
}()

// joinsDate reports whether taking the element n out of its parent would
// join the texts around it into one that holds a date or a dated label
// ("12." and " Oktober 2020", "Datum:" and "12.10.2020"): whether the
// text before it ends in a digit, or holds "date", or the text after it
// begins with one, past spaces and punctuation.
func joinsDate(n *html.Node) bool {
	if p := n.PrevSibling; p != nil && p.Type == html.TextNode {
		t := strings.TrimRight(p.Data, joinPunct)
		if t != "" && '0' <= t[len(t)-1] && t[len(t)-1] <= '9' || containsFold(p.Data, "date") {
			return true
		}
	}
	if x := n.NextSibling; x != nil && x.Type == html.TextNode {
		t := strings.TrimLeft(x.Data, joinPunct)
		if t != "" && '0' <= t[0] && t[0] <= '9' {
			return true
		}
	}
	return false
}

// joinPunct are the spaces and punctuation that go-htmldate's patterns
// allow between the parts of a date and its label.
const joinPunct = " \t\n\f\r\u00a0.,:;/-"

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
