package page

import (
	"fmt"
	"log/slog"
	"math/bits"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// fromReadability structures a page that is not a Newslooks page. It does
// not score content itself: go-readability (a port of Mozilla's
// Readability) finds the main content and the page metadata, and
// fromReadability turns what it returns into an Article:
//
//   - Headline is Readability's title, less a " | Name" suffix that names
//     the site or an author of the article.
//   - Byline.Authors are the names in Readability's byline ("By A and B"
//     gives A and B), without roles ("Reporter"), dates, addresses or
//     connectives; Byline.Publisher is the site name.
//   - Summary is Readability's excerpt: the page's description, or the
//     first paragraph when the page has none.
//   - Published and Modified are the page's times; a time written without a
//     zone is taken as UTC.
//   - Language is the page's declared language; Images are the lead image
//     and the images of the content's figures, with their captions, each
//     with an absolute URL.
//   - Sections come from the content: h1–h4 start a section (a heading that
//     is a sentence, or a heading with no text under it, is not one); p,
//     pre, blockquote and the like give one paragraph each, with white
//     space collapsed; each item of a list gives one paragraph. Figures
//     and their captions, forms, scripts and the content's own <header>
//     (kicker, standfirst; not one that holds two paragraphs of prose or
//     more, a block of the text) give no paragraph, nor does a line of site
//     chrome (DefaultChrome and the furniture lines of furniture.go, such
//     as "Continue reading the main story" or "Lesen Sie auch:"), the links
//     alone under a label of other stories, captions, credits, contact and
//     post-meta lines (isBoilerplate), an image's credit marked by its
//     class, a PHP site's error messages, the repeated headline or text
//     with no letter ("14", "***").
//   - Dateline is that of the first paragraph, when it has one.
//
// Nothing is invented: QuickLooks stays empty and Location and Edition are
// left empty. A page where Readability finds no content, or whose content
// holds no text, is a *ParseError wrapping ErrNotArticle.
//
// root is changed: go-readability strips and rearranges the tree as it
// works, and copying the tree first would cost as much again. Callers read
// what they need of the page before. pageURL may be nil; relative image
// addresses are then dropped.
//
// authorsNamed says that the page's metadata names the article's
// authors, so that go-readability's byline is not needed: its first
// pass is then taken from namedPassChars characters of text rather than
// go-readability's default (500). A shorter first pass sends go-readability
// back over a new copy of the whole tree with looser rules, up to four
// passes; besides more text, those passes can find a byline in what the
// first one strips, which a page that names its authors does not need.
func fromReadability(root *html.Node, pageURL *url.URL, p *Parser, authorsNamed bool) (*newslooks.Article, error) {
	if root == nil {
		return nil, notArticle("no document")
	}
	rp := readability.NewParser()
	// The page's JSON-LD was read already (meta.go), and wins over
	// anything go-readability would find in it.
	rp.DisableJSONLD = true
	// Its default logger formats every message for io.Discard.
	rp.Logger = discardLogger
	// Class names are not read from the content; keeping them spares
	// go-readability the walk that strips them (a split of every class
	// attribute).
	rp.KeepClasses = true
	if authorsNamed {
		rp.CharThresholds = namedPassChars
	}
	shortenSpace(root)
	ra, err := rp.ParseAndMutate(root, pageURL)
	if err != nil {
		return nil, notArticle("readability: " + err.Error())
	}
	if ra.Node == nil {
		return nil, notArticle("no main content found")
	}

	a := &newslooks.Article{
		Summary:  ra.Excerpt(),
		Language: strings.TrimSpace(ra.Language()),
	}
	a.Byline.Publisher = clean.Space(ra.SiteName())
	a.Byline.Authors = bylineNames(ra.Byline(), a.Byline.Publisher)
	a.Headline = clean.StripTitleSuffix(ra.Title(), append([]string{a.Byline.Publisher}, a.Byline.Authors...), false)
	if t, err := ra.PublishedTime(); err == nil {
		a.Published = zonelessUTC(t)
	}
	if t, err := ra.ModifiedTime(); err == nil {
		a.Modified = zonelessUTC(t)
	}

	s := sectioner{headline: a.Headline, base: pageURL, p: p}
	if lead := absURL(pageURL, ra.ImageURL()); lead != "" {
		s.addImage(newslooks.Image{URL: lead})
	}
	s.walk(ra.Node)
	s.flush()
	a.Sections = s.body.Sections()
	if len(a.Sections) == 0 {
		return nil, notArticle("the main content holds no text")
	}
	a.Images = s.images
	if first := a.Sections[0].Paragraphs; len(first) > 0 {
		a.Dateline = textform.Dateline(first[0])
	}
	return a, nil
}

// namedPassChars is the characters of text go-readability's first pass
// must find for it to be taken where the page's metadata names the
// authors (fromReadability); elsewhere go-readability's default holds.
// On trafilatura's development half namedPassChars spares 15 of the 449
// passes (3 of aeb-dev's 54); taking 250 on every page spared 42 and read
// more of the text (body F 0.926 to 0.928) but lost a byline only a later
// pass found.
const namedPassChars = 250

func notArticle(why string) error {
	return &newslooks.ParseError{Err: fmt.Errorf("%w: %s", newslooks.ErrNotArticle, why)}
}

// zonelessUTC reads a time that go-readability parsed without a zone
// (it gives those the Local location) as UTC, so that the result does not
// depend on the machine's time zone.
func zonelessUTC(t time.Time) time.Time {
	if t.Location() != time.Local {
		return t
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.UTC)
}

// absURL resolves ref against base. It returns "" for an empty or
// unparsable ref, a data: URL, or a ref that stays relative.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "data:") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() || u.Host == "" {
		return ""
	}
	return u.String()
}

// bylinePrefixes are the words that introduce names in a byline,
// matched without regard to case, longest first: English, and the German,
// French, Spanish, Portuguese, Italian, Dutch and Scandinavian labels.
var bylinePrefixes = [...]string{
	"additional reporting by", "with reporting by", "reporting by",
	"analysis by", "opinion by", "commentary by", "review by", "interview by",
	"written by", "words by", "story by", "text by", "posted by", "published by",
	"ein beitrag von", "ein artikel von", "veröffentlicht von", "geschrieben von", "verfasst von",
	"eingestellt von", "erstellt von", "gepostet von",
	"publié par", "écrit par", "rédigé par", "publicado por", "escrito por", "scritto da",
	"a cura di", "geschreven door", "skrevet af", "skrevet av", "skriven av", "publicerad av",
	"autorin", "autoren", "autor", "auteur", "autore", "autora", "forfatter", "författare",
	"by", "von", "par", "por", "di", "door", "av", "af", "avec", "with",
}

// capitalPrefixes are the bylinePrefixes that are also common words or
// name particles ("von der Leyen", "di Caprio"): they introduce names only
// when a capitalised word follows.
var capitalPrefixes = map[string]bool{"autor": true, "auteur": true, "autore": true, "autora": true, "forfatter": true, "von": true, "di": true, "door": true, "av": true, "af": true, "por": true, "par": true, "with": true}

// nameConnectives separate names within a byline part.
var nameConnectives = [...]string{" and ", " & ", " et ", " und "}

// roleWords are the words of a job title or a byline's furniture. A
// part of a byline made only of these words is not a name.
var roleWords = map[string]bool{
	"reporter": true, "reporters": true, "correspondent": true, "writer": true,
	"editor": true, "editors": true, "staff": true, "senior": true, "contributor": true,
	"contributing": true, "columnist": true, "photographer": true, "photos": true,
	"photo": true, "video": true, "producer": true, "analyst": true, "chief": true,
	"deputy": true, "associate": true, "special": true, "foreign": true,
	"national": true, "political": true, "business": true, "science": true,
	"technology": true, "tech": true, "desk": true, "bureau": true,
	"international": true, "economics": true, "health": true, "sports": true,
	"managing": true, "executive": true, "assistant": true, "at": true,
	"large": true, "at-large": true, "editor-at-large": true, "the": true,
	"of": true, "and": true, "for": true, "in": true, "news": true,
	"updated": true, "published": true, "posted": true, "opinion": true,
	"guest": true, "author": true, "white": true, "house": true, "europe": true,
	"world": true, "us": true, "u.s.": true, "investigative": true,
	"phd": true, "ph.d.": true, "on": true, "by": true, "no": true, "text": true,
	"letzte": true, "aktualisierung": true, "aktualisiert": true, "veröffentlicht": true,
}

// bylineNames returns the people a byline names, one per element:
// "By Erin Cunningham" gives "Erin Cunningham", "By A and B | Reporter"
// gives A and B, and "A (avec B et C)" gives A, B and C. A name equal to
// the publisher is kept only when it is the only one.
func bylineNames(byline, publisher string) []string {
	byline = clean.Space(byline)
	if byline == "" {
		return nil
	}
	// Parentheses hold further names or a role: read them as parts.
	byline = strings.NewReplacer("(", "|", ")", "|", "[", "|", "]", "|", " - ", "|").Replace(byline)
	var names []string
	for part := range strings.FieldsFuncSeq(byline, func(r rune) bool {
		switch r {
		case '|', '•', '·', ';', '/', '\n', '—', '–':
			return true
		}
		return false
	}) {
		for chunk := range strings.SplitSeq(part, ",") {
			chunk = strings.TrimSpace(chunk)
			for _, c := range splitConnectives(stripBylinePrefix(chunk)) {
				if n := personName(c); n != "" && !clean.ContainsFold(names, n) {
					names = append(names, n)
				}
			}
		}
	}
	if len(names) > 1 && publisher != "" {
		kept := names[:0]
		for _, n := range names {
			if !strings.EqualFold(n, publisher) {
				kept = append(kept, n)
			}
		}
		names = kept
	}
	return names
}

// stripBylinePrefix removes the words that introduce the names
// ("By", "Written by", "avec") from the start of s.
func stripBylinePrefix(s string) string {
	for again := true; again; {
		again = false
		// A prefix is followed by a space or a colon: the labels to fold
		// are those whose length is the position of one, taken in their
		// order (bit i stands for bylinePrefixes[i]).
		var candidates uint64
		for k := range min(len(s), len(bylinePrefixesOfLen)) {
			if s[k] == ' ' || s[k] == ':' {
				candidates |= bylinePrefixesOfLen[k]
			}
		}
		for ; candidates != 0; candidates &= candidates - 1 {
			p := bylinePrefixes[bits.TrailingZeros64(candidates)]
			// An ASCII first byte folds to the label's (lower case)
			// first letter only in its two cases; a rune above ASCII
			// may fold to an ASCII letter (ſ to s), so it is folded.
			if c := s[0]; c < utf8.RuneSelf && p[0] < utf8.RuneSelf && c|0x20 != p[0] {
				continue
			}
			if strings.EqualFold(s[:len(p)], p) {
				rest := strings.TrimLeft(s[len(p):], " :")
				if first, _ := utf8.DecodeRuneInString(rest); capitalPrefixes[p] && !unicode.IsUpper(first) {
					continue
				}
				s = rest
				again = true
				break
			}
		}
	}
	return s
}

// bylinePrefixesOfLen has, for each length in bytes, bit i set when
// bylinePrefixes[i] is that long. TestBylinePrefixLengths checks that
// every label fits: fewer than 64 labels, each shorter than 64 bytes.
var bylinePrefixesOfLen = func() (t [64]uint64) {
	for i, p := range bylinePrefixes {
		t[len(p)] |= 1 << i
	}
	return t
}()

// splitConnectives splits s at "and", "&" and their French and
// German equivalents.
func splitConnectives(s string) []string {
	parts := []string{s}
	for _, c := range nameConnectives {
		var next []string
		for _, p := range parts {
			for q := range strings.SplitSeq(p, c) {
				next = append(next, q)
			}
		}
		parts = next
	}
	return parts
}

// personName trims s of punctuation and returns it if it can be a
// name: it has a capital letter, no digit (dates, times), no address, at
// most six words, and is not only role words. Otherwise it returns "".
func personName(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '\'' && r != '’'
	})
	if s == "" || utf8.RuneCountInString(s) > 80 || strings.Count(s, " ") > 5 {
		return ""
	}
	if strings.ContainsAny(s, "@:") || strings.Contains(s, "www.") {
		return ""
	}
	upper, allRoles := false, true
	for _, r := range s {
		if unicode.IsDigit(r) {
			return ""
		}
		if unicode.IsUpper(r) {
			upper = true
		}
	}
	for w := range strings.FieldsSeq(s) {
		if !roleWords[strings.ToLower(strings.Trim(w, ",."))] {
			allRoles = false
			break
		}
	}
	if !upper || allRoles {
		return ""
	}
	return s
}

// A sectioner turns Readability's content tree into sections of
// paragraphs and collects the images of its figures.
type sectioner struct {
	p        *Parser // whose Chrome option applies
	headline string
	base     *url.URL
	skip     map[*html.Node]bool // elements not read, such as the page's chrome

	body   newslooks.SectionBuilder
	text   []byte // the inline text of the paragraph being read
	images []newslooks.Image

	inLink   int  // the depth of links around the text being read
	linkText int  // the bytes of s.text inside links
	teasers  bool // a label of other stories was read: links alone that follow are teasers
}

// flush ends the paragraph being read.
func (s *sectioner) flush() {
	if len(s.text) == 0 {
		return
	}
	allLink := s.linkText*10 >= len(s.text)*9
	p := composed(clean.SpaceBytes(s.text))
	s.text, s.linkText = s.text[:0], 0
	if !clean.HasLetter(p) || s.teasers && allLink && len(p) <= maxTeaser {
		return
	}
	s.teasers = isTeaserLabel(p)
	if s.teasers || s.isChrome(p) || strings.EqualFold(p, s.headline) || isBoilerplate(p) || isServerMessage(p) {
		return
	}
	s.body.Paragraph(p)
}

func (s *sectioner) addHeading(n *html.Node) {
	s.flush()
	s.text = inlineText(s.text[:0], n)
	h := composed(clean.SpaceBytes(s.text))
	s.text, s.linkText = s.text[:0], 0
	s.teasers = isTeaserLabel(h)
	switch {
	case s.teasers:
		return
	case isAuthorBoxLabel(h, nil):
		// Kept as the heading that merge drops with the box it opens.
		s.body.Heading(h)
		return
	case !clean.HasLetter(h) || strings.EqualFold(h, s.headline) || s.isChrome(h):
		return
	case !readsAsHeading(h):
		s.body.Paragraph(h)
		return
	}
	s.body.Heading(h)
}

// composed returns p in Unicode's composed form (NFC), the form of most
// of the web and of what a reader types: a page may write "ü" as "u" and
// a combining U+0308, or a Bengali letter in its decomposed form, and its
// words would then match no other copy of them.
func composed(p string) string {
	// Most text needs no look from norm: every rune below U+0300, the
	// first combining mark (UTF-8 lead bytes below 0xCC: the Latin and
	// Western European scripts), and the punctuation, super- and
	// subscripts and currency signs of U+2002-U+20BF (dashes, quotes,
	// the euro sign), is in NFC and composes with nothing before it.
	for i := 0; i < len(p); {
		switch c := p[i]; {
		case c < 0xcc:
			i++
		case c == 0xe2 && i+2 < len(p) && (p[i+1] == 0x80 && p[i+2] >= 0x82 || p[i+1] == 0x81 || p[i+1] == 0x82):
			i += 3
		default:
			if norm.NFC.IsNormalString(p) {
				return p
			}
			return norm.NFC.String(p)
		}
	}
	return p
}

// readsAsHeading reports whether the text of an h1–h4 element reads as a
// heading rather than a sentence set in large type.
func readsAsHeading(h string) bool {
	if utf8.RuneCountInString(h) > 2*textform.MaxHeading {
		return false
	}
	if strings.HasSuffix(h, ".") {
		return textform.IsAbbreviation(h[strings.LastIndexByte(h, ' ')+1:])
	}
	return true
}

// isChrome reports whether p is a line of site chrome: one of the
// Parser's Chrome option, or a line of furniture that other publishers
// leave inside the content (isFurnitureLine).
func (s *sectioner) isChrome(p string) bool {
	if len(p) > 64 {
		return false
	}
	return s.p.isChrome(p) || isFurnitureLine(p)
}

// addImage adds img unless an image of the same URL is there already; then
// it gives that image img's caption if it has none.
func (s *sectioner) addImage(img newslooks.Image) {
	for i := range s.images {
		if x := &s.images[i]; x.URL == img.URL {
			if x.Caption == "" {
				x.Caption = img.Caption
			}
			return
		}
	}
	s.images = append(s.images, img)
}

// walk reads the children of n into paragraphs and sections.
func (s *sectioner) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			s.text = append(s.text, c.Data...)
			if s.inLink > 0 {
				s.linkText += len(c.Data)
			}
		case html.ElementNode:
			s.element(c)
		}
	}
}

func (s *sectioner) element(n *html.Node) {
	if s.skip[n] {
		if htmlx.IsBlock(n.DataAtom) {
			s.flush()
		}
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4:
		s.addHeading(n)
	case atom.Figure:
		s.flush()
		s.figure(n)
	case atom.Header:
		s.flush()
		if proseParagraphs(n, 2) >= 2 {
			s.walk(n)
			s.flush()
		}
	case atom.Figcaption, atom.Nav:
		s.flush()
	case atom.A:
		s.inLink++
		s.walk(n)
		s.inLink--
	case atom.Br, atom.Td, atom.Th:
		s.text = append(s.text, ' ')
		if n.DataAtom != atom.Br {
			s.walk(n)
			s.text = append(s.text, ' ')
		}
	default:
		f := 0
		if len(n.Attr) > 0 {
			f = classify(n)
		}
		switch {
		case isCreditElement(n, f) || isMetaElement(n, f):
			s.flush()
		case htmlx.GivesNoText(n):
			s.text = append(s.text, ' ')
		case htmlx.IsBlock(n.DataAtom):
			s.flush()
			s.walk(n)
			s.flush()
		default:
			s.walk(n)
		}
	}
}

// isMetaElement reports whether n, of classes f (classify), is a line
// about the article rather than of it, left inside the content: a block
// whose class or id marks a byline, a date, a category or the post's meta
// line ("entry-meta", "byline", "timestamp"), and whose text is short. An inline element is
// not one (a style's name, "t-meta", marks a word of a line), nor is a
// standfirst.
func isMetaElement(n *html.Node, f int) bool {
	return f&fMeta != 0 && f&fSubtitle == 0 && htmlx.IsBlock(tagAtom(n)) && len(textContent(n)) <= maxMetaLine
}

// tagAtom returns the atom of element n's tag: go-readability gives the
// elements it renames (a <div> of text made a <p>) their tag's name
// alone, with no atom.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom == 0 {
		return atom.Lookup([]byte(n.Data))
	}
	return n.DataAtom
}

// maxMetaLine bounds the text of an element isMetaElement drops.
const maxMetaLine = 300

// proseParagraphs counts the <p> elements under n whose prose is
// minLeftProse bytes or more, up to limit: a <header> that holds two
// is no kicker or standfirst but a block of the text (a section of
// text beside an image, its heading and paragraphs in a <header>).
func proseParagraphs(n *html.Node, limit int) int {
	k := 0
	for c := n.FirstChild; c != nil && k < limit; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if tagAtom(c) == atom.P {
			if paraProse(c) >= minLeftProse {
				k++
			}
			continue
		}
		k += proseParagraphs(c, limit-k)
	}
	return k
}

// figure records the images of a figure with its caption; its text gives
// no paragraph.
func (s *sectioner) figure(n *html.Node) {
	var caption []byte
	var imgs []*html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Img:
				imgs = append(imgs, c)
			case atom.Figcaption:
				if len(caption) == 0 {
					caption = inlineText(caption, c)
				}
			default:
				find(c)
			}
		}
	}
	find(n)
	capText := clean.SpaceBytes(caption)
	for _, img := range imgs {
		u := absURL(s.base, htmlx.Attr(img, "src"))
		if u == "" {
			continue
		}
		c := capText
		if c == "" {
			c = clean.Space(htmlx.Attr(img, "alt"))
		}
		s.addImage(newslooks.Image{URL: u, Caption: c})
	}
}

// inlineText appends the text of n's subtree to b, less what never
// gives text (scripts, forms, figures' captions inside it).
func inlineText(b []byte, n *html.Node) []byte {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b = append(b, c.Data...)
		case html.ElementNode:
			if c.DataAtom == atom.Figcaption || htmlx.GivesNoText(c) {
				continue
			}
			block := htmlx.IsBlock(c.DataAtom)
			if block || c.DataAtom == atom.Br {
				b = append(b, ' ')
			}
			b = inlineText(b, c)
			if block {
				b = append(b, ' ')
			}
		}
	}
	return b
}

// maxBoilerplate bounds the length of a paragraph that isBoilerplate may
// drop: the lines it knows are short, and an article's paragraph is not.
const maxBoilerplate = 300

// teaserLabels start the lines that point to other stories ("READ MORE:
// China plague outbreak confirmed", "Related: Possible Water Plumes",
// "Mehr: Deutsche Banken haben ...", "PUEDES VER: ¿Qué es ...?").
var teaserLabels = [...]string{
	"read more:", "see more:", "related:", "more:", "also read:", "read also:", "don't miss",
	"don’t miss", "watch:", "listen:", "related roundup:", "tag:", "more from",
	"mehr:", "mehr zum thema:", "lesen sie auch:", "lesen sie mehr:", "auch interessant:", "siehe auch:",
	"le puede interesar:", "te puede interesar:", "puedes ver:", "lee también:", "lea también:",
	"lire aussi :", "lire aussi:", "à lire aussi :", "à lire aussi:", "leggi anche:", "leia também:",
	"czytaj także:", "czytaj też:",
}

// creditLabels open the credit that ends a caption ("(Image: GETTY)",
// "... Foto: Andina", "Photograph by Ed Marshall").
var creditLabels = [...]string{"image:", "photo:", "picture:", "credit:", "foto:", "bild:", "photograph:", "image credit:", "photos:",
	"fotos:", "bilder:", "beitragsbild:", "titelbild:", "bildquelle:", "fotoquelle:", "photograph by", "photo by",
	"crédits photos", "crédit photo", "crédits photo", "photo :", "foto di", "fotografía:"}

// maxCreditName bounds the credit that ends a caption: a name or two,
// an agency; maxCaption bounds the caption, which is a sentence or two.
const (
	maxCreditName = 50
	maxCaption    = 200
)

// postMetaPhrases are what the line under a blog post says of the post
// itself: where it was filed, its permalink and trackback, the author's
// other posts ("This entry was posted in News. Bookmark the permalink.",
// "Erstellt am ... und abgelegt unter Linux", "Zeige alle Beiträge von
// Cem Basman").
var postMetaPhrases = [...]string{
	"bookmark the permalink", "this entry was posted in", "trackback-url", "trackback url",
	"view all posts by", "abgelegt unter", "und wurde unter", "zeige alle beiträge von",
	"alle beiträge von", "dieser eintrag wurde veröffentlicht", "you can keep up with me on",
	// disclaimers and letters prompts
	"gibt die meinung des autors wieder", "gibt die meinung der autorin wieder", "the views expressed in",
	"handelt es sich um affiliate", "we want to hear what you think about this article",
	"submit a letter to the editor",
	// the placeholder of a blocked embed
	"button, um den inhalt", "laden der inhalte von", "ich bin einverstanden, dass ich diesen inhalt",
	"click the button below to load", "to load the content",
}

// promoWords are the words of a newsletter or subscription prompt.
var promoWords = [...]string{"subscribe", "sign up", "newsletter", "inbox", "affiliate commission",
	"abonnieren", "abonnez-vous", "suscríbete", "iscriviti", "subskrypcj"}

// isBoilerplate reports whether a paragraph of another publisher's content
// is page furniture rather than article text, by what short lines of
// furniture say:
//   - a teaser of another story, opened by a label ("READ MORE: ...");
//   - an image caption or credit: a line opened by "Image:", or
//     ending with a credit in brackets ("... (Image: GETTY)");
//   - a newsletter or subscription prompt ("Get breaking news alerts ...
//     SUBSCRIBE");
//   - the line under a blog post about the post (postMetaPhrases);
//   - a dateline of the page's own, a date and time alone ("Nov. 20, 2019
//     6:02 AM EST", "Posted: Fri 6:45 PM, Feb 16, 2018").
func isBoilerplate(p string) bool {
	if len(p) > maxBoilerplate {
		return false
	}
	lower := strings.ToLower(p)
	for _, l := range teaserLabels {
		if strings.HasPrefix(lower, l) {
			return true
		}
	}
	for _, l := range creditLabels {
		if strings.HasPrefix(lower, l) {
			return true
		}
	}
	if isCaptionLine(p, lower) || isContactLine(p, lower) {
		return true
	}
	if found := boilerplatePhrases.found(lower); found&postMetaMask != 0 {
		return true
	} else if found != 0 && sentences(p) <= 2 && !hasPrice(p) {
		// A promoWord. A line with a price is a deal the article offers
		// ("Sign up for a Hulu account for $11.99 a month"), not the
		// site's prompt.
		return true
	}
	return isDateLine(p)
}

// boilerplatePhrases are the postMetaPhrases (the bits of postMetaMask)
// and then the promoWords, which isBoilerplate looks for in one pass.
var boilerplatePhrases = newPhraseSet(append(postMetaPhrases[:len(postMetaPhrases):len(postMetaPhrases)], promoWords[:]...)...)

const postMetaMask = 1<<len(postMetaPhrases) - 1

// isCaptionLine reports whether p (lower in lower case), a short line,
// is an image's caption or credit, or a copyright notice: it holds a
// copyright sign before a year or a name, or it ends with a credit ("... (Image: GETTY)", "...
// Foto: Andina", "... Photograph by Ed Marshall"): a credit label
// followed by a name, not a sentence.
func isCaptionLine(p, lower string) bool {
	if len(p) > maxCaption {
		return false
	}
	if i := strings.Index(p, "©"); i >= 0 {
		// "© 2020 CBS", "© AFP", "©BillionPhotos.com": a year or a name.
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(p[i+len("©"):], " "))
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	// Most labels end with a colon: a line without one has none of them.
	colon := strings.IndexByte(lower, ':') >= 0
	for _, l := range creditLabels {
		if !colon && l[len(l)-1] == ':' {
			continue
		}
		// Most lines hold no label: Contains tells so quicker than
		// LastIndex, which hashes the whole line.
		if !strings.Contains(lower, l) {
			continue
		}
		i := strings.LastIndex(lower, l)
		// The credit: a name ("Andina", "Ed Marshall", "AP"), or what
		// a line opened by the label says.
		name := strings.TrimSpace(strings.TrimRight(p[i+len(l):], ")"))
		first, _ := utf8.DecodeRuneInString(name)
		if len(name) <= maxCreditName && !strings.Contains(name, ". ") && (i == 0 || p[i-1] == '(' || unicode.IsUpper(first) || unicode.IsDigit(first)) {
			return true
		}
	}
	return false
}

// hasPrice reports whether p holds an amount of money ("$11.99", "€5").
func hasPrice(p string) bool {
	for i, r := range p {
		if r == '$' || r == '€' || r == '£' || r == '¥' {
			rest := p[i+utf8.RuneLen(r):]
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				return true
			}
		}
	}
	return false
}

// sentences counts the sentences of p by their ending marks.
func sentences(p string) int {
	n := 0
	for i, r := range p {
		if (r == '.' || r == '!' || r == '?') && (i+1 == len(p) || p[i+1] == ' ') {
			n++
		}
	}
	return max(n, 1)
}

// dateWords are the words a date and time line holds beside its numbers.
var dateWords = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "january": true, "february": true,
	"march": true, "april": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "mon": true, "tue": true, "wed": true, "thu": true,
	"fri": true, "sat": true, "sun": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "am": true, "pm": true, "a.m": true, "p.m": true, "at": true,
	"posted": true, "updated": true, "published": true, "on": true, "est": true, "edt": true, "pst": true,
	"pdt": true, "cst": true, "cdt": true, "et": true, "pt": true, "gmt": true, "utc": true, "bst": true, "cet": true,
	"de": true, "às": true, "le": true, "am.": true, "um": true,
}

// isDateLine reports whether p is a date (and time) alone: it holds a
// year and every word of it is a date word, or a weekday or month in
// another language (at most two such words).
func isDateLine(p string) bool {
	if len(p) > 100 || strings.HasPrefix(p, "(") || !holdsYear(p) {
		return false
	}
	year, other := false, 0
	for w := range strings.FieldsFuncSeq(strings.ToLower(p), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '|' || r == ':' || r == '/' || r == '-' || r == '·' || r == '•'
	}) {
		w = strings.Trim(w, ".()")
		if w == "" {
			continue
		}
		if isDigits(w) {
			if len(w) == 4 && (w[:2] == "19" || w[:2] == "20") {
				year = true
			}
			continue
		}
		if dateWords[w] || isDigits(strings.TrimRight(w, "apm.")) || isDigits(strings.TrimRight(w, "stndrh")) {
			continue
		}
		other++
	}
	return year && other <= 2
}

// holdsYear reports whether s holds the digits of a year isDateLine
// reads, 19xx or 20xx: a line without them is no date line, and is not
// lowered and split into words to tell.
func holdsYear(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && isDigits(s[i+2:i+4]) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// discardLogger is go-readability's logger: one that is enabled at no
// level, so that no message is built only to be thrown away.
var discardLogger = slog.New(slog.DiscardHandler)

// shortenSpace shortens the text of every text node under n that is white
// space alone to one space, or one newline when it holds one, outside
// <pre>, <listing> and <textarea>, whose white space is their content.
// Pages indent their markup, so that such nodes are a third of the text
// go-readability counts, rune by rune, once for each candidate that holds
// them; it counts a run of white space as one character, so nothing it
// decides changes. prescan.DropCode shortens most of them before the page
// is parsed; this catches the rest (pages where its scan stops, runs of
// tabs alone).
func shortenSpace(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if len(c.Data) > 1 && isSpaceOnly(c.Data) {
				if strings.IndexByte(c.Data, '\n') >= 0 {
					c.Data = "\n"
				} else {
					c.Data = " "
				}
			}
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Pre, atom.Listing, atom.Textarea:
			default:
				shortenSpace(c)
			}
		}
	}
}

// isSpaceOnly reports whether s is ASCII white space alone.
func isSpaceOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !clean.IsHTMLSpace(s[i]) {
			return false
		}
	}
	return true
}
