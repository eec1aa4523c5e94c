package page

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A survey is what one walk over a page's body, outside its chrome, finds:
// the candidates for headline and article, and what the byline, date, tag
// and subtitle elements say.
type survey struct {
	h1s        []h1Candidate
	articles   []articleCandidate
	main       *html.Node          // <main> or role=main
	body       *html.Node          // <body>
	chrome     map[*html.Node]bool // the outermost chrome and hidden elements
	subtitles  []*html.Node        // subtitle elements, in document order
	relAuthors []string            // rel=author links
	propAuthor []string            // itemprop=author elements
	clsAuthors []string            // author elements
	byline     []string            // byline elements
	textByline []string            // unmarked elements whose text opens with "By "
	source     string              // the credit of the first element whose text opens with "Quelle:" or "Source:"
	partAuthor []string            // elements with "author" as a part of a class or id
	authorBox  []string            // the texts of the first elements with "author" as a part of a class or id, cut to maxAuthorBoxText bytes
	bylineText string              // the byline go-readability would read: of the first byline or author element that gives one (bylineOf)
	tallies    [4]listTally        // of relAuthors, propAuthor, clsAuthors and byline
	textDate   string              // the date shown by an itemprop=datePublished or date element, as YYYY-MM-DD
	noted      int                 // byline, author, edition, bureau and subtitle elements read
	edition    string
	location   string
	published  string // a <time> marked published
	modified   string // a <time> marked updated
	firstTime  string // the first <time> of the article
	tagLinks   []string
	logoAlt    string // the alt text of the first masthead logo
	homeName   string // the title or text of the first link to the site's home page
	mdPub      string // the name of the first microdata publisher (itemprop=publisher)
	mdPubURL   string // the address its link or url gives
}

type h1Candidate struct {
	n       *html.Node
	text    string
	article int // index in articles of the innermost enclosing article, or -1
	inMain  bool
	inHead  bool // inside a <header> outside any article or main
}

type articleCandidate struct {
	n    *html.Node
	text int // bytes of text inside
}

// wrapsArticle reports whether n, an element with flags f that its class
// names as chrome, is a layout wrapper around article, the page's first
// <article>: a class that says where the sidebar goes
// ("gallery--wrapper__with-sidebar", "vw-blog-sidebar-postition-right")
// names the layout, not a sidebar. A hidden element, and one that is
// chrome by its tag (<nav>, <aside>, <footer>), is not a wrapper.
func wrapsArticle(n *html.Node, f int, article *html.Node) bool {
	if article == nil || f&fHidden != 0 || classify(&html.Node{Type: html.ElementNode, DataAtom: n.DataAtom})&fChrome != 0 {
		return false
	}
	for p := article.Parent; p != nil; p = p.Parent {
		if p == n {
			return true
		}
	}
	return false
}

// firstElement returns the first element of kind a under root, in
// document order, or nil.
func firstElement(root *html.Node, a atom.Atom) *html.Node {
	for n := root; n != nil; n = htmlx.Next(n, root) {
		if n.Type == html.ElementNode && n.DataAtom == a {
			return n
		}
	}
	return nil
}

// surveyPage walks the whole page once, outside chrome, and returns what
// it found.
func surveyPage(root *html.Node) *survey {
	pg := &survey{chrome: make(map[*html.Node]bool)}
	firstArticle := firstElement(root, atom.Article)
	var walk func(n *html.Node, article int, inMain, inHead, inFooter bool)
	walk = func(n *html.Node, article int, inMain, inHead, inFooter bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				if article >= 0 && !inFooter {
					pg.articles[article].text += len(c.Data)
				}
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			f := classify(c)
			switch c.DataAtom {
			case atom.Time:
				pg.addTime(c)
			case atom.Img:
				if pg.logoAlt == "" && isLogo(c) {
					pg.logoAlt = htmlx.Attr(c, "alt")
				}
			case atom.A:
				if pg.homeName == "" && isHomeLink(htmlx.Attr(c, "href")) {
					pg.homeName = clean.FirstOf(clean.Space(htmlx.Attr(c, "title")), clean.Space(textContent(c)))
				}
			}
			if pg.mdPub == "" && c.DataAtom != atom.Meta && hasToken(htmlx.Attr(c, "itemprop"), "publisher") {
				pg.mdPub, pg.mdPubURL = microdataName(c)
			}
			if f&fRelTag != 0 && f&fHidden == 0 && len(pg.tagLinks) < maxListLen {
				if t := clean.Space(textContent(c)); t != "" {
					pg.tagLinks = append(pg.tagLinks, t)
				}
			}
			footerInArticle := c.DataAtom == atom.Footer && article >= 0 && f&fHidden == 0
			if isChromeOrHidden(f) && !footerInArticle && !wrapsArticle(c, f, firstArticle) {
				pg.chrome[c] = true
				continue
			}
			if inFooter || footerInArticle {
				// Only tags are read from an article's footer.
				walk(c, article, inMain, inHead, true)
				continue
			}
			if c.DataAtom == atom.A && f&fRelAuthor == 0 && isAuthorArchiveLink(c) {
				f |= fRelAuthor
			}
			pg.noteElement(c, f)
			if bylineBlock(c.DataAtom) {
				pg.noteSource(c)
				pg.noteTextByline(c)
			}
			if pg.textDate == "" && c.DataAtom != atom.Meta && c.DataAtom != atom.Time {
				pg.noteTextDate(c)
			}
			switch c.DataAtom {
			case atom.Body:
				if pg.body == nil {
					pg.body = c
				}
			case atom.H1:
				if len(pg.h1s) < maxListLen {
					pg.h1s = append(pg.h1s, h1Candidate{n: c, text: clean.Space(textContent(c)), article: article, inMain: inMain, inHead: inHead})
				}
			case atom.Article:
				pg.articles = append(pg.articles, articleCandidate{n: c})
				walk(c, len(pg.articles)-1, inMain, false, false)
				continue
			case atom.Main:
				if pg.main == nil {
					pg.main = c
				}
				walk(c, article, true, inHead, false)
				continue
			case atom.Header:
				walk(c, article, inMain, inHead || (article < 0 && !inMain), false)
				continue
			case atom.Div, atom.Section:
				if pg.main == nil && strings.EqualFold(htmlx.Attr(c, "role"), "main") {
					pg.main = c
					walk(c, article, true, inHead, false)
					continue
				}
			}
			walk(c, article, inMain, inHead, false)
		}
	}
	walk(root, -1, false, false, false)
	return pg
}

// noteElement records what a byline, author, edition, bureau or subtitle
// element says.
func (pg *survey) noteElement(n *html.Node, f int) {
	if f&(fRelAuthor|fPropAuthor|fAuthor|fAuthorPart|fByline|fEdition|fBureau|fSubtitle) == 0 || pg.noted >= maxNoted {
		return
	}
	pg.noted++
	t := clean.Space(textContent(n))
	if t == "" {
		return
	}
	if pg.bylineText == "" && f&(fRelAuthor|fPropAuthor|fAuthor|fAuthorPart|fByline) != 0 {
		pg.bylineText = bylineOf(n, t)
	}
	// Only text that is a list of names counts: bylines also hold
	// dates, roles and links.
	pg.noteNames(n, f, t)
	if f&fEdition != 0 && pg.edition == "" && textform.IsEdition(t) {
		pg.edition = t
	}
	if f&fBureau != 0 && pg.location == "" && textform.IsLocation(t) {
		pg.location = t
	}
	if f&fSubtitle != 0 && len(t) > 20 && len(pg.subtitles) < maxListLen {
		pg.subtitles = append(pg.subtitles, n)
	}
}

// noteNames records the names of t, the text of element n with flags f,
// in the list its flags name, when t is a list of names. The text of an
// element that holds no names (a subtitle: long, and its names unused) is
// not cut into names at all.
func (pg *survey) noteNames(n *html.Node, f int, t string) {
	var list *[]string
	var tally *listTally
	names := "" // t cut to its names, once cut
	switch {
	case f&fRelAuthor != 0 && n.DataAtom == atom.A:
		list, tally = &pg.relAuthors, &pg.tallies[0]
	case f&fPropAuthor != 0:
		list, tally = &pg.propAuthor, &pg.tallies[1]
	case f&fAuthor != 0:
		list, tally = &pg.clsAuthors, &pg.tallies[2]
	case f&fByline != 0:
		list, tally = &pg.byline, &pg.tallies[3]
	case f&fAuthorPart != 0:
		pg.noteAuthorBox(t)
		// A theme's author box or teaser holds more than the name: only
		// the first element that is a short name counts.
		if len(pg.partAuthor) > 0 {
			return
		}
		if names = cutByline(t); !isMarkedName(names) || len(strings.Fields(names)) > 3 {
			return
		}
		list = &pg.partAuthor
	default:
		return
	}
	if names == "" {
		names = cutByline(t)
	}
	before := len(*list)
	credits := false
	switch {
	case textform.IsAuthors(names):
		*list = appendNames(*list, names)
		credits = true
	case len(*list) == 0 && f&(fRelAuthor|fPropAuthor|fAuthor|fAuthorPart) != 0 && isMarkedName(names):
		// The first element marked as the author's holds a name even
		// when it is not a person's full name: "Realiberry", "IWB",
		// "revamp-it Webteam". (Later ones are as often another
		// post's or a comment's.)
		*list = append(*list, labelledHandle(names))
	}
	// An element that credits names already listed counts too: a list
	// of related posts credits the article's author again between the
	// others' ("Amelie …, Chiara …, Amelie …, Amelie …").
	if tally != nil && (len(*list) > before || credits && before > 0) {
		tally.elems++
		if tally.elems == 1 {
			tally.first = len(*list)
		}
	}
}

// maxAuthorBoxes and maxAuthorBoxText bound the author boxes' texts
// noteAuthorBox keeps: how many, and the bytes of each.
const (
	maxAuthorBoxes   = 8
	maxAuthorBoxText = 400
)

// noteAuthorBox keeps t, the text of an element with "author" as a part
// of its class or id (an author box: "Nils Autor Nils Pickert ist freier
// Autor …"), where fullName looks for a first name's surname.
func (pg *survey) noteAuthorBox(t string) {
	if len(pg.authorBox) >= maxAuthorBoxes {
		return
	}
	if len(t) > maxAuthorBoxText {
		t = t[:maxAuthorBoxText]
	}
	pg.authorBox = append(pg.authorBox, t)
}

// fullName returns names with a lone first name spelt out: where the page
// credits one author by one capitalised word ("Nils") and an author box
// gives that word followed by a capitalised word that is neither the same
// word, a role nor a byline label ("Nils Autor Nils Pickert ist …"), the two are the
// name ("Nils Pickert"). Any other list is returned as it is.
func fullName(names, boxes []string) []string {
	if len(names) != 1 || strings.Contains(names[0], " ") || !startsUpper(names[0]) {
		return names
	}
	first := names[0]
	for _, box := range boxes {
		words := strings.Fields(box)
		for i := 0; i+1 < len(words); i++ {
			if words[i] != first {
				continue
			}
			if strings.HasSuffix(words[i+1], ",") {
				// The first word of a list of roles after a name in
				// its own heading ("Matthias Medizinstudent, Papa, …").
				continue
			}
			last := strings.TrimRight(words[i+1], ".;:")
			if last != first && isSurname(last) && !onlyRoleWords(last) && !isBylineLabel(last) {
				return []string{first + " " + last}
			}
		}
	}
	return names
}

// isBylineLabel reports whether w is one of bylinePrefixes ("Autor",
// "Von"): a label, not a surname.
func isBylineLabel(w string) bool {
	for _, p := range bylinePrefixes {
		if strings.EqualFold(w, p) {
			return true
		}
	}
	return false
}

// startsUpper reports whether s starts with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isSurname reports whether w can be a surname: an upper-case letter,
// then at least two lower-case letters (not a greeting: "Tine Hi, ich
// bin …"), with hyphens or apostrophes between letters ("Pickert",
// "Müller-Lüdenscheidt", "O'Brien").
func isSurname(w string) bool {
	lower := 0
	for i, r := range w {
		switch {
		case i == 0:
			if !unicode.IsUpper(r) {
				return false
			}
		case unicode.IsLower(r):
			lower++
		case r == '-' || r == '\'' || r == '’':
		case unicode.IsUpper(r):
		default:
			return false
		}
	}
	return lower > 1
}

// isAuthorArchiveLink reports whether a, a link without rel=author, links
// to the archive of the author its text names: a path segment "author"
// (or "autor", "authors") followed by a slug with the same letters as the
// name its text gives ("<a href="/author/fabian/">Erstellt von Fabian am
// Dienstag</a>"). Such a link is a byline as rel=author marks one.
func isAuthorArchiveLink(a *html.Node) bool {
	slug, ok := authorSlug(htmlx.Attr(a, "href"))
	return ok && slug != "" && letterKey(cutByline(clean.Space(textContent(a)))) == slug
}

// authorSlug returns the letters of the slug after a path segment
// "author" (or "autor", "authors") of href, and whether href has one.
func authorSlug(href string) (string, bool) {
	if len(href) > 300 {
		return "", false
	}
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	// Every link of the page is asked: the segments are compared where
	// they stand, not split out and lowered. Only ASCII letters lower to
	// the labels' letters.
	for rest := href; ; {
		seg, after, more := strings.Cut(rest, "/")
		if !more {
			return "", false // the last segment: no slug follows it
		}
		if isAuthorSegment(seg) {
			slug, _, _ := strings.Cut(after, "/")
			return letterKey(slug), true
		}
		rest = after
	}
}

// isAuthorSegment reports whether a path segment is "author", "authors"
// or "autor", in any case.
func isAuthorSegment(seg string) bool {
	switch len(seg) {
	case len("autor"):
		return hasPrefixFold(seg, "autor")
	case len("author"):
		return hasPrefixFold(seg, "author")
	case len("authors"):
		return hasPrefixFold(seg, "authors")
	}
	return false
}

// A listTally counts the elements that gave a list of names its names,
// and how many the first of them gave.
type listTally struct{ first, elems int }

// maxCreditElements is how many elements may credit authors before the
// list is one of other posts' or of comments' authors rather than the
// article's byline.
const maxCreditElements = 3

// credited returns the names of list, whose elements tally counts: all of
// them, unless more than maxCreditElements elements gave names (a list
// of posts or a comment thread, each with its author), when the page's
// own <meta name=author> decides if it names a person, and otherwise the
// first element's names.
func credited(list []string, tally listTally, metaAuthor string) []string {
	if tally.elems <= maxCreditElements {
		return list
	}
	if names := cleanName(metaAuthor); textform.IsAuthors(names) {
		return appendNames(nil, names)
	}
	return list[:tally.first]
}

// isMarkedName reports whether s, the text of an element marked as the
// author's, can be a name as it stands: one to four words of letters,
// digits and the marks names and handles use, 3 to 40 characters (two
// are initials: an avatar's, not a credit), with a letter, and not only
// the words of a role or a byline's furniture.
func isMarkedName(s string) bool {
	if n := utf8.RuneCountInString(s); n < 3 || n > 40 || onlyRoleWords(s) {
		return false
	}
	words, letters := 0, 0
	for w := range strings.FieldsSeq(s) {
		words++
		for _, r := range w {
			switch {
			case unicode.IsLetter(r):
				letters++
			case unicode.IsDigit(r), r == '.', r == '-', r == '_', r == '\'', r == '’':
			default:
				return false
			}
		}
	}
	return words <= 4 && letters > 0
}

// bylineOf returns the text go-readability takes as the byline of n, an
// element marked as a byline or an author's whose text is t: the text of
// its first element whose itemprop holds "name" (schema.org's author
// markup: "<div itemprop=author><span itemprop=name>Jane Example</span>
// <span itemprop=jobTitle>Reporter</span></div>"), else t when it is
// shorter than maxBylineText, else "" (go-readability looks further).
func bylineOf(n *html.Node, t string) string {
	for d := htmlx.Next(n, n); d != nil; d = htmlx.Next(d, n) {
		if d.Type == html.ElementNode && strings.Contains(htmlx.Attr(d, "itemprop"), "name") {
			return clean.Space(textContent(d))
		}
	}
	if utf8.RuneCountInString(t) < maxBylineText {
		return t
	}
	return ""
}

// maxBylineText bounds the text of the element ownByline reads, in
// characters: go-readability takes a byline element's text when it is
// shorter, and looks further otherwise.
const maxBylineText = 100

// maxNoted bounds the byline, author, edition, bureau and subtitle
// elements whose text noteElement reads: a page has a handful.
const maxNoted = 1024

// appendNames appends the names of a byline text to names, without ones
// already there.
func appendNames(names []string, t string) []string {
	t = cutByline(t)
	for _, name := range authorList(t) {
		if len(names) < maxListLen && !clean.ContainsFold(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// cutByline trims a byline to its names: "By A. Reyes | September 2"
// gives "A. Reyes", "Текст: Венера Ерофеева·24 сентября 2018" gives
// "Венера Ерофеева", and "By A. Reyes Monday, November 18, 2019" gives
// "A. Reyes".
func cutByline(t string) string {
	t = cleanName(stripNameLabel(stripKindLabel(dropLeadingDate(clean.Space(t)))))
	t = joinInterview(t)
	var has uint16 // bit k: t holds the key byte of bylineSeps[k]
	for i := range len(t) {
		has |= bylineSepKeys[t[i]]
	}
	for k, sep := range bylineSeps {
		if has&(1<<k) == 0 {
			continue // not in t, which only gets shorter
		}
		if i := strings.Index(t, sep); i > 0 {
			t = strings.TrimSpace(t[:i])
		}
	}
	// The date that follows the names: a weekday or a number; or the
	// next labelled field of a meta line ("Tags:", "Lesezeit:"). The
	// words are split only where one cuts the text (most bylines: none).
	i := 0
	for w := range strings.FieldsSeq(t) {
		if i > 0 && (isWeekday(strings.Trim(w, ",.")) || w[0] >= '0' && w[0] <= '9' || isFieldLabel(w)) {
			t = strings.Join(strings.Fields(t)[:i], " ")
			break
		}
		i++
	}
	return trimDegrees(strings.TrimRight(t, ",;:—–- "))
}

// bylineSeps end the names of a byline, tried in order: what follows the
// first is cut off.
var bylineSeps = [...]string{" | ", "|", "·", "•", " — ", " – ", " - ", " on ", " am ", "/", "Updated", "Published"}

// bylineSepKeys has, for each byte, bit k set when bylineSeps[k] holds
// it, for the byte of each separator that is rarest in names (the last
// of "·", "•", "—" and "–"), so that one look at a byline's bytes tells
// which separators to search for.
var bylineSepKeys = func() (t [256]uint16) {
	for k, sep := range bylineSeps {
		key := strings.TrimSpace(sep)
		t[key[len(key)-1]] |= 1 << k
	}
	return t
}()

// joinInterview makes the two people of an interview's credit a list:
// "Jane Example im Gespräch mit John Roe" (in conversation with) gives
// "Jane Example, John Roe".
func joinInterview(t string) string {
	if !strings.Contains(t, " mit ") && !strings.Contains(t, " with ") && !strings.Contains(t, " avec ") && !strings.Contains(t, " con ") {
		return t // most bylines: no phrase can be there
	}
	for _, p := range interviewPhrases {
		if i := strings.Index(t, p); i > 0 {
			return t[:i] + ", " + t[i+len(p):]
		}
	}
	return t
}

// interviewPhrases join the two people of an interview's credit, in the
// languages of the set.
var interviewPhrases = [...]string{
	" im Gespräch mit ", " im Interview mit ", " in conversation with ", " interviewed by ",
	" en conversation avec ", " en conversación con ", " in conversazione con ", " em conversa com ",
}

// dropLeadingDate drops the date that opens a byline before its label:
// "Posted on September 21, 2020 by Adi Tzlil" gives "Adi Tzlil" and
// "2. August 2012 By oradmin" gives "oradmin". Only a lead that holds a
// digit is a date; a byline whose label comes first is left as it is.
func dropLeadingDate(t string) string {
	if !strings.ContainsAny(t, "0123456789") {
		return t // no date; most bylines, not split into words
	}
	words := strings.Fields(t)
	if len(words) == 0 || leadingDateLabels[strings.ToLower(words[0])] {
		return t
	}
	for i := 1; i < len(words)-1; i++ {
		if !leadingDateLabels[strings.ToLower(words[i])] {
			continue
		}
		if strings.ContainsAny(strings.Join(words[:i], " "), "0123456789") {
			return strings.Join(words[i+1:], " ")
		}
		return t
	}
	return t
}

// leadingDateLabels are the byline labels, in lower case, that follow a
// date opening a byline ("… 2020 by Name", "… 2012 von Name").
var leadingDateLabels = map[string]bool{"by": true, "von": true, "par": true, "por": true}

// isFieldLabel reports whether w is a label of a meta line's next field:
// a word of letters ending in a colon ("Tags:", "Datum:").
func isFieldLabel(w string) bool {
	if len(w) < 3 || w[len(w)-1] != ':' {
		return false
	}
	for _, r := range w[:len(w)-1] {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// trimDegrees drops the academic and professional degrees that follow a
// name after a comma ("Grant Tinsley, PhD", "Jane Roe, MD, MPH").
func trimDegrees(t string) string {
	for {
		i := strings.LastIndex(t, ", ")
		if i < 0 || !degrees[strings.ToLower(strings.Trim(t[i+2:], ". "))] {
			return t
		}
		t = strings.TrimSpace(t[:i])
	}
}

// degrees are the degrees trimDegrees drops, in lower case.
var degrees = map[string]bool{
	"phd": true, "ph.d": true, "md": true, "m.d": true, "mph": true, "rd": true, "rdn": true, "rn": true,
	"ms": true, "msc": true, "ma": true, "mba": true, "bsc": true, "do": true, "dds": true, "ld": true,
	"cde": true, "cpt": true, "lpc": true, "lcsw": true, "pharmd": true, "dpt": true,
}

// weekdays are the names of the days in the languages of the bylines,
// which follow the names in a byline as the start of its date.
var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true, "sábado": true, "domingo": true,
	"lunedì": true, "martedì": true, "mercoledì": true, "giovedì": true, "venerdì": true, "sabato": true, "domenica": true,
}

// bylineBlock reports whether an element of kind a can hold a byline
// that a theme did not mark: a paragraph, block or heading, a list item,
// and the inline elements themes set a byline in ("<i>von Anna Berg</i>",
// "<span>Par Claire Dupont</span>").
func bylineBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Span, atom.Li, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.I, atom.Em, atom.Small, atom.Address, atom.Strong, atom.B, atom.A, atom.Dt:
		return true
	}
	return false
}

// isWeekday reports whether w, in lower case, is one of weekdays. An
// ASCII word is lowered into a buffer on the stack, where strings.ToLower
// would allocate for every capitalised word of a byline.
func isWeekday(w string) bool {
	var buf [len("wednesday")]byte
	if len(w) > len(buf) {
		return len(w) <= utf8.UTFMax*len(buf) && weekdays[strings.ToLower(w)]
	}
	for i := range len(w) {
		c := w[i]
		if c >= utf8.RuneSelf {
			// A rune above ASCII may lower to an ASCII letter (İ to i).
			return weekdays[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return weekdays[string(buf[:len(w)])]
}

// noteTextByline records the names of an unmarked paragraph or block whose
// text opens with a byline label ("By Matthew Digby, Minh Do on Monday,
// ...", "Von Anna Berg", see opensByline): a byline that a theme did not
// mark as one. Only a list of names counts.
func (pg *survey) noteTextByline(n *html.Node) {
	if len(pg.textByline) > 0 || pg.noted >= maxNoted {
		return
	}
	c := n.FirstChild
	for c != nil && c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
		c = c.NextSibling
	}
	if c == nil || c.Type != html.TextNode {
		return
	}
	lead := trimLeadMarks(c.Data)
	if !opensByline(lead) {
		return
	}
	pg.noted++
	t := trimLeadMarks(clean.Space(textContent(n)))
	if len(t) > 200 {
		return
	}
	if strings.EqualFold(strings.TrimRight(t, ": "), strings.TrimRight(lead, ": ")) && strings.HasSuffix(t, ":") {
		// A label alone ("<h5>Autor:</h5>Peter Maahn", "<dt>Von:</dt>
		// <dd>Anna Berg</dd>"): the names follow it.
		t = followingText(n)
	}
	names := cutByline(t)
	if head := leadingName(names); head != "" {
		pg.textByline = appendNames(pg.textByline, head)
	} else if isPhraseLabel(lead) && !strings.Contains(names, " ") && isMarkedName(names) && !linksOtherAuthor(n, names) {
		// One word after a label of several ("Geschrieben von Cooper",
		// "Posted by marc"): the label says it is the writer's name.
		pg.textByline = append(pg.textByline, names)
	}
}

// labelledHandle returns the handle of a marked author's element that
// reads "von lupa" or "by marc": a byline label and one word in lower
// case, which stripBylinePrefix keeps whole because "von" and "di" also
// open names ("von der Leyen"). Any other text is returned as it is.
func labelledHandle(s string) string {
	label, handle, ok := strings.Cut(s, " ")
	if !ok || strings.Contains(handle, " ") || !isBylineLabel(label) {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(handle); !unicode.IsLower(r) {
		return s
	}
	return handle
}

// linksOtherAuthor reports whether n is a link to the archive of an
// author other than name ("<a href="/author/matthias/">Erstellt von
// Fabian</a>"): the credit of another post, or a mislabelled one.
func linksOtherAuthor(n *html.Node, name string) bool {
	if n.DataAtom != atom.A {
		return false
	}
	slug, ok := authorSlug(htmlx.Attr(n, "href"))
	return ok && slug != letterKey(name)
}

// isPhraseLabel reports whether lead opens with a byline label of more
// than one word ("Geschrieben von", "Posted by"), which no sentence
// opens with, unlike "By" or "Von".
func isPhraseLabel(lead string) bool {
	label := strings.TrimRight(lead, ": ")
	if rest := stripBylinePrefix(lead); rest != lead {
		label = strings.TrimRight(lead[:len(lead)-len(rest)], ": ")
	}
	return strings.Contains(label, " ")
}

// leadingName returns names when it is a list of names, else the name
// before its first comma when the rest is a role or an affiliation
// ("Uta Beispiel, Projektleiterin der Stiftung in Tunis"), else "".
func leadingName(names string) string {
	if textform.IsAuthors(names) {
		return names
	}
	if head, _, ok := strings.Cut(names, ", "); ok && textform.IsPersonName(head) {
		return head
	}
	// A role in brackets ("Jane Example (Pressesprecherin)"), not more
	// names ("Jane Example (avec John Roe)", read as a list elsewhere).
	if head, inner, ok := strings.Cut(names, " ("); ok && textform.IsPersonName(head) &&
		!namesOnly(cleanName(strings.TrimSuffix(inner, ")"))) {
		return head
	}
	return ""
}

// namesOnly reports whether s is names joined by commas or by "and" and
// its French and German equivalents ("Damien Exemple et Morgane Exemple").
func namesOnly(s string) bool {
	if textform.IsAuthors(s) {
		return true
	}
	parts := splitConnectives(s)
	for _, p := range parts {
		if !textform.IsPersonName(strings.TrimSpace(p)) {
			return false
		}
	}
	return len(parts) > 0
}

// trimLeadMarks trims the white space, dashes, bullets and bars that
// stand before a byline's label ("---- by Jane Example", "– Redaktion:
// Jane Example").
func trimLeadMarks(s string) string {
	return strings.TrimLeft(strings.TrimSpace(s), "-–—|·•*> \u00a0")
}

// noteSource records the credit of the first element whose own text
// opens with a source label ("Quelle: MDR THÜRINGEN/ls", "Source: AFP"):
// an agency or broadcaster a page credits for a story under no byline.
// A credit longer than maxSourceLen is a sentence, not a name.
func (pg *survey) noteSource(n *html.Node) {
	if pg.source != "" || n.FirstChild == nil || n.FirstChild.Type != html.TextNode {
		return
	}
	lead := strings.TrimSpace(n.FirstChild.Data)
	label, _, ok := strings.Cut(lead, ":")
	// A label longer than the longest of sourceLabels is none of them
	// (no other letter lowers to theirs), and is not lowered: it is most
	// often a sentence up to a colon.
	if label = strings.TrimSpace(label); !ok || len(label) > maxSourceLabelLen || !sourceLabels[strings.ToLower(label)] {
		return
	}
	_, credit, _ := strings.Cut(clean.Space(textContent(n)), ":")
	if credit = strings.TrimSpace(credit); credit != "" && len(credit) <= maxSourceLen && !strings.Contains(credit, "://") {
		pg.source = credit
	}
}

// maxSourceLen bounds the bytes of a source credit.
const maxSourceLen = 40

// sourceLabels are the labels of a source credit, in lower case.
var sourceLabels = map[string]bool{"quelle": true, "source": true, "fuente": true, "fonte": true, "bron": true}

// maxSourceLabelLen is the length of the longest of sourceLabels.
const maxSourceLabelLen = len("fuente")

// followingText returns the text that follows n up to the next line
// break or block: the value after a label element, at most 120 bytes.
func followingText(n *html.Node) string {
	var b strings.Builder
	for c := n.NextSibling; c != nil && b.Len() < 120; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if c.DataAtom == atom.Br && strings.TrimSpace(b.String()) == "" {
				continue // "<b>Von:</b><br><br>Jane Example": breaks before the value
			}
			if c.DataAtom == atom.Br || c.DataAtom == n.DataAtom && c.DataAtom != atom.Dd {
				break
			}
			b.WriteString(textContent(c))
		} else if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Dd {
			break
		}
	}
	return clean.Space(b.String())
}

// opensByline reports whether the text that opens an element is a
// byline's label: "By", "Von", "Par", "Autor:" and the others of
// bylinePrefixes, alone (the names follow in another element) or before
// a name.
func opensByline(lead string) bool {
	if stripBylinePrefix(lead) != lead || stripKindLabel(lead) != lead || opensNameField(lead) {
		return true
	}
	label := strings.TrimRight(lead, ": ")
	if len(label) > maxFoldedLen*maxBylinePrefixLen {
		// Longer than any label can be, even written in the runes that
		// fold to ASCII letters (the Kelvin sign K is three bytes).
		return false
	}
	for _, p := range bylinePrefixes {
		if strings.EqualFold(label, p) {
			return !capitalPrefixes[p] || p == "von" || p == "par" || p == "por" || strings.HasSuffix(lead, ":")
		}
	}
	return false
}

// opensNameField reports whether lead opens with the label of a field
// that holds the writer's name and a colon ("Redaktion: Jane Example",
// "Text: Jane Example", "Verfasser: …"), which stripNameLabel then drops.
func opensNameField(lead string) bool {
	// Only the bytes a label can take are searched for the colon: a
	// paragraph's lead is most often a sentence.
	i := strings.IndexByte(lead[:min(len(lead), maxNameFieldLen+1)], ':')
	var buf [maxNameFieldLen]byte
	return i > 0 && nameFields[string(lowerASCII(buf[:0], lead[:i]))]
}

// nameFields are the labels, in lower case, of a field that names the
// writer, in the languages of the set; maxNameFieldLen is the bytes of
// the longest.
var nameFields = map[string]bool{
	"redaktion": true, "text": true, "texte": true, "texto": true, "testo": true, "tekst": true,
	"verfasser": true, "verfasserin": true, "author": true, "authors": true, "auteurs": true,
	"autores": true, "autori": true, "redactie": true, "redacción": true, "redazione": true, "rédaction": true,
}

const maxNameFieldLen = len("verfasserin")

// stripKindLabel drops a label that names the kind of piece before its
// writer's name: an indefinite article, one word and "von", "by", "par"…
// ("Eine Kolumne von Nils Beispiel", "A column by Jane Example", "Un
// article de Claire Dupont"), when a capitalised word follows.
func stripKindLabel(s string) string {
	i := strings.IndexByte(s, ' ')
	var buf [maxPieceKindLen]byte
	if i < 1 || i > maxKindArticleLen || !kindArticles[string(lowerASCII(buf[:0], s[:i]))] {
		return s // most leads: a first word too long to be an article
	}
	kind, rest, ok := strings.Cut(s[i+1:], " ")
	if !ok || len(kind) > maxPieceKindLen || !pieceKinds[string(lowerASCII(buf[:0], kind))] {
		return s
	}
	label, name, ok := strings.Cut(rest, " ")
	if !ok || len(label) > len(buf) || !kindLabels[string(lowerASCII(buf[:0], label))] {
		return s
	}
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
		return s
	}
	return name
}

// maxKindArticleLen and maxPieceKindLen are the bytes of the longest of
// kindArticles and of pieceKinds.
const (
	maxKindArticleLen = len("eine")
	maxPieceKindLen   = len("gastbeitrag")
)

// lowerASCII appends s to b with its ASCII capitals lowered, without
// allocating where b has room.
func lowerASCII(b []byte, s string) []byte {
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// kindArticles are the indefinite articles that open a label of the kind
// of piece, pieceKinds the kinds, and kindLabels the words that close it
// before the name.
var (
	pieceKinds = map[string]bool{
		"kolumne": true, "kommentar": true, "gastbeitrag": true, "beitrag": true, "artikel": true, "interview": true,
		"analyse": true, "reportage": true, "essay": true, "glosse": true, "rezension": true, "kritik": true,
		"column": true, "article": true, "analysis": true, "review": true, "story": true, "commentary": true, "op-ed": true,
		"chronique": true, "tribune": true, "analisis": true, "análisis": true, "artículo": true, "columna": true,
		"articolo": true, "commento": true, "rubriek": true, "artigo": true, "coluna": true,
	}
	kindArticles = map[string]bool{"ein": true, "eine": true, "a": true, "an": true, "un": true, "une": true, "uno": true, "una": true, "een": true, "um": true, "uma": true}
	kindLabels   = map[string]bool{"von": true, "by": true, "par": true, "de": true, "di": true, "door": true, "por": true, "av": true, "af": true}
)

// maxBylinePrefixLen is the length of the longest of bylinePrefixes, in
// bytes, and maxFoldedLen the most bytes a rune that folds to one of
// their bytes takes.
var maxBylinePrefixLen = func() int {
	n := 0
	for _, p := range bylinePrefixes {
		n = max(n, len(p))
	}
	return n
}()

const maxFoldedLen = utf8.UTFMax

// addTime records a <time> element's datetime.
func (pg *survey) addTime(n *html.Node) {
	dt := strings.TrimSpace(htmlx.Attr(n, "datetime"))
	if dt == "" {
		return
	}
	cls := strings.ToLower(htmlx.Attr(n, "class"))
	prop := htmlx.Attr(n, "itemprop")
	switch {
	case strings.EqualFold(prop, "datePublished"):
		if pg.published == "" {
			pg.published = dt
		}
	case strings.EqualFold(prop, "dateModified") || strings.Contains(cls, "updated") || strings.Contains(cls, "modified"):
		if pg.modified == "" {
			pg.modified = dt
		}
	case strings.EqualFold(prop, "datePublished") || strings.Contains(cls, "published"):
		if pg.published == "" {
			pg.published = dt
		}
	default:
		if pg.firstTime == "" {
			pg.firstTime = dt
		}
	}
}

// isLogo reports whether img is a site's logo: its class, id or file name
// says "logo", or it is the image of a link to the site's home page, and
// it has alt text.
func isLogo(img *html.Node) bool {
	if strings.TrimSpace(htmlx.Attr(img, "alt")) == "" {
		return false
	}
	for _, k := range [...]string{"class", "id", "src"} {
		if strings.Contains(strings.ToLower(htmlx.Attr(img, k)), "logo") {
			return true
		}
	}
	if p := img.Parent; p != nil && p.DataAtom == atom.A {
		return htmlx.Attr(p, "href") == "/" || strings.Contains(strings.ToLower(htmlx.Attr(p, "class")), "logo")
	}
	return false
}

// noteTextDate records the date that an element marked as the
// publication date shows as text: microdata on a visible element
// (<span itemprop="datePublished">Fri 6:45 PM, Feb 16, 2018</span>) or an
// element whose class names a date ("storyDate", "author-name-date"),
// when that is all it holds. An element marked as updated is not read.
func (pg *survey) noteTextDate(n *html.Node) {
	prop := htmlx.Attr(n, "itemprop")
	cls := htmlx.Attr(n, "class")
	if !strings.EqualFold(prop, "datePublished") && !containsFold(cls, "date") {
		return
	}
	if containsFold(cls, "update") || containsFold(cls, "modif") || strings.EqualFold(prop, "dateModified") {
		return
	}
	t := clean.Space(textContent(n))
	if t == "" || len(t) > 80 {
		return
	}
	if d, ok := parseTextDate(t); ok {
		pg.textDate = d.Format("2006-01-02")
	}
}

// containsFold reports whether s holds sub (ASCII lower case) with its
// ASCII letters in any case. (A slice of s as long as sub in bytes equals
// it folded only in ASCII: a rune that folds to an ASCII letter is
// longer.)
func containsFold[T string | []byte](s T, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return false
}

// parseTextDate reads a date written in English words as pages show it:
// "Feb 16, 2018", "19 NOV 2019", "November 18th, 2019", "Nov. 20, 2019
// 6:02 AM EST". It returns the date alone, at midnight UTC: a shown time
// without a zone cannot be placed.
func parseTextDate(s string) (time.Time, bool) {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '|' })
	for i, w := range words {
		mo := monthOf(w)
		if mo == 0 {
			continue
		}
		day, year := 0, 0
		if i+1 < len(words) {
			day = dayOf(words[i+1])
			if day > 0 && i+2 < len(words) {
				year = yearOf(words[i+2])
			}
		}
		if (day == 0 || year == 0) && i > 0 && i+1 < len(words) {
			day, year = dayOf(words[i-1]), yearOf(words[i+1])
		}
		if day > 0 && year > 0 {
			if t := validDate(year, mo, day); !t.IsZero() {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func monthOf(w string) int {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	if len(w) < 3 {
		return 0
	}
	for i, m := range [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"} {
		if w == m || len(w) <= 4 && strings.HasPrefix(m, w) && (len(w) == 3 || w == "sept") {
			return i + 1
		}
	}
	return 0
}

func dayOf(w string) int {
	w = strings.TrimRight(strings.ToLower(w), "stndrh.")
	if len(w) == 0 || len(w) > 2 {
		return 0
	}
	d, err := strconv.Atoi(w)
	if err != nil || d < 1 || d > 31 {
		return 0
	}
	return d
}

func yearOf(w string) int {
	if len(w) != 4 {
		return 0
	}
	y, err := strconv.Atoi(w)
	if err != nil || y < 1990 || y > 2100 {
		return 0
	}
	return y
}

// isHomeLink reports whether href points to a site's home page: "/" or
// an absolute address whose path is "/" or empty, with no query.
func isHomeLink(href string) bool {
	href = strings.TrimSpace(href)
	if href == "/" {
		return true
	}
	rest, ok := strings.CutPrefix(href, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(href, "http://"); !ok {
			return false
		}
	}
	host, path, _ := strings.Cut(rest, "/")
	return host != "" && path == "" && !strings.ContainsAny(host, "?#")
}

// maxMicrodataNodes bounds the search for a microdata item's name.
const maxMicrodataNodes = 64

// microdataName returns the name of the microdata item n (an
// itemprop=publisher element): its itemprop=name (content or text), else
// the alt text of its image, else the title of its link; and the address
// its itemprop=url or first link gives.
func microdataName(n *html.Node) (name, addr string) {
	var alt, title string
	nodes := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && nodes < maxMicrodataNodes; c = c.NextSibling {
			nodes++
			if c.Type != html.ElementNode {
				continue
			}
			prop := htmlx.Attr(c, "itemprop")
			switch {
			case name == "" && hasToken(prop, "name"):
				name = clean.FirstOf(clean.Space(htmlx.Attr(c, "content")), clean.Space(textContent(c)))
			case addr == "" && hasToken(prop, "url") && c.DataAtom == atom.Meta:
				addr = htmlx.Attr(c, "content")
			}
			switch c.DataAtom {
			case atom.A:
				if addr == "" {
					addr = htmlx.Attr(c, "href")
				}
				if title == "" {
					title = clean.Space(htmlx.Attr(c, "title"))
				}
			case atom.Img:
				if alt == "" {
					alt = clean.Space(htmlx.Attr(c, "alt"))
				}
			}
			walk(c)
		}
	}
	walk(n)
	return clean.FirstOf(name, alt, title), strings.TrimSpace(addr)
}

// chromeAuthor returns the name in the first element marked as the
// author's (rel=author, itemprop=author, an author class) that stands in
// the page's chrome but not in its comments, related stories, menus or
// sidebars: themes put a post's byline in its footer ("Posted by" in
// Blogger's post-footer) or in a layout widget. It is read only for a
// page that credits no author anywhere else, and walks the body again.
func (pg *survey) chromeAuthor() string {
	if pg.body == nil {
		return ""
	}
	var found string
	var walk func(n *html.Node, inChrome bool)
	walk = func(n *html.Node, inChrome bool) {
		for c := n.FirstChild; c != nil && found == ""; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			f := classify(c)
			if f&fHidden != 0 || otherContent(c) {
				continue
			}
			chrome := inChrome || pg.chrome[c]
			if chrome && f&(fRelAuthor|fPropAuthor|fAuthor|fAuthorPart) != 0 {
				if t := cutByline(clean.Space(textContent(c))); textform.IsAuthors(t) || isMarkedName(t) {
					found = t
					return
				}
			}
			walk(c, chrome)
		}
	}
	walk(pg.body, false)
	return found
}

// otherContent reports whether n holds content other than the article's
// own chrome: comments, related or recommended stories, menus, sidebars,
// sharing and cookie bars, forms.
func otherContent(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Form, atom.Menu, atom.Dialog, atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range strings.FieldsSeq(strings.ToLower(a.Val)) {
			for part := range strings.FieldsFuncSeq(tok, func(r rune) bool { return r == '-' || r == '_' }) {
				switch part {
				case "comment", "comments", "related", "recommended", "relatedposts", "sidebar", "menu", "nav",
					"navigation", "share", "sharing", "social", "newsletter", "popular", "trending", "recirc",
					"taboola", "outbrain", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "respond":
					return true
				}
			}
		}
	}
	return false
}
