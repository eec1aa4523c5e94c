package newslooks

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseForeignPage structures a page that is not a Newslooks page. It does
// not score content itself: go-readability (a port of Mozilla's
// Readability) finds the main content and the page metadata, and
// parseForeignPage turns what it returns into an Article:
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
//     (kicker, standfirst) give no paragraph, nor does a line of site
//     chrome (DefaultChrome and a few lines such as "Continue reading the
//     main story"), the repeated headline or text with no letter ("14",
//     "***").
//   - Dateline is that of the first paragraph, when it has one.
//
// Nothing is invented: QuickLooks stays empty and Location and Edition are
// left empty. A page where Readability finds no content, or whose content
// holds no text, is a *ParseError wrapping ErrNotArticle.
//
// root is not modified: Readability works on a copy. pageURL may be nil;
// relative image addresses are then dropped.
func parseForeignPage(root *html.Node, pageURL *url.URL) (*Article, error) {
	if root == nil {
		return nil, foreignNotArticle("no document")
	}
	ra, err := readability.FromDocument(root, pageURL)
	if err != nil {
		return nil, foreignNotArticle("readability: " + err.Error())
	}
	if ra.Node == nil {
		return nil, foreignNotArticle("no main content found")
	}

	a := &Article{
		Summary:  ra.Excerpt(),
		Language: strings.TrimSpace(ra.Language()),
	}
	a.Byline.Publisher = foreignCollapse(ra.SiteName())
	a.Byline.Authors = foreignBylineNames(ra.Byline(), a.Byline.Publisher)
	a.Headline = foreignStripTitleSuffix(foreignCollapse(ra.Title()), a.Byline.Publisher, a.Byline.Authors)
	if t, err := ra.PublishedTime(); err == nil {
		a.Published = foreignZoneless(t)
	}
	if t, err := ra.ModifiedTime(); err == nil {
		a.Modified = foreignZoneless(t)
	}

	s := foreignSectioner{headline: a.Headline, base: pageURL}
	if lead := foreignAbsURL(pageURL, ra.ImageURL()); lead != "" {
		s.addImage(Image{URL: lead})
	}
	s.walk(ra.Node)
	s.flush()
	s.closeSection()
	if len(s.sections) == 0 {
		return nil, foreignNotArticle("the main content holds no text")
	}
	a.Sections = s.sections
	a.Images = s.images
	if first := a.Sections[0].Paragraphs; len(first) > 0 {
		a.Dateline = datelineOf(first[0])
	}
	return a, nil
}

func foreignNotArticle(why string) error {
	return &ParseError{Err: fmt.Errorf("%w: %s", ErrNotArticle, why)}
}

// foreignZoneless reads a time that go-readability parsed without a zone
// (it gives those the Local location) as UTC, so that the result does not
// depend on the machine's time zone.
func foreignZoneless(t time.Time) time.Time {
	if t.Location() != time.Local {
		return t
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.UTC)
}

// foreignAbsURL resolves ref against base. It returns "" for an empty or
// unparsable ref, a data: URL, or a ref that stays relative.
func foreignAbsURL(base *url.URL, ref string) string {
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

// foreignCollapse trims s and replaces each run of white space in it
// (no-break spaces included) by one space.
func foreignCollapse(s string) string {
	clean := true
	prevSpace := true // a leading space is not clean
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// foreignCollapseBytes returns b as a string, trimmed, with each run of
// white space (no-break spaces included) replaced by one space. It
// allocates once.
func foreignCollapseBytes(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	space := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t', '\n', '\r', '\f', '\v':
				space = sb.Len() > 0
				continue
			}
			if space {
				sb.WriteByte(' ')
				space = false
			}
			sb.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if unicode.IsSpace(r) {
			space = sb.Len() > 0
			i += size
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.Write(b[i : i+size])
		i += size
	}
	return sb.String()
}

// foreignStripTitleSuffix removes a trailing " | Name", " - Name" or
// " — Name" from title when Name is the publisher or one of the authors.
func foreignStripTitleSuffix(title, publisher string, authors []string) string {
	for _, sep := range [...]string{" | ", " - ", " – ", " — ", " · "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(title[i+len(sep):])
		if publisher != "" && strings.EqualFold(tail, publisher) {
			return strings.TrimSpace(title[:i])
		}
		for _, n := range authors {
			if strings.EqualFold(tail, n) {
				return strings.TrimSpace(title[:i])
			}
		}
	}
	return title
}

// foreignBylinePrefixes are the words that introduce names in a byline,
// matched without regard to case, longest first.
var foreignBylinePrefixes = [...]string{
	"additional reporting by", "with reporting by", "reporting by",
	"written by", "words by", "story by", "text by", "posted by",
	"by", "par", "avec", "with",
}

// foreignConnectives separate names within a byline part.
var foreignConnectives = [...]string{" and ", " & ", " et ", " und "}

// foreignRoleWords are the words of a job title or a byline's furniture. A
// part of a byline made only of these words is not a name.
var foreignRoleWords = map[string]bool{
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
}

// foreignBylineNames returns the people a byline names, one per element:
// "By Erin Cunningham" gives "Erin Cunningham", "By A and B | Reporter"
// gives A and B, and "A (avec B et C)" gives A, B and C. A name equal to
// the publisher is kept only when it is the only one.
func foreignBylineNames(byline, publisher string) []string {
	byline = foreignCollapse(byline)
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
			for _, c := range foreignSplitConnectives(foreignStripBylinePrefix(chunk)) {
				if n := foreignPersonName(c); n != "" && !containsFold(names, n) {
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

// foreignStripBylinePrefix removes the words that introduce the names
// ("By", "Written by", "avec") from the start of s.
func foreignStripBylinePrefix(s string) string {
	for again := true; again; {
		again = false
		for _, p := range foreignBylinePrefixes {
			if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
				if r, _ := utf8.DecodeRuneInString(s[len(p):]); r == ' ' || r == ':' {
					s = strings.TrimLeft(s[len(p):], " :")
					again = true
					break
				}
			}
		}
	}
	return s
}

// foreignSplitConnectives splits s at "and", "&" and their French and
// German equivalents.
func foreignSplitConnectives(s string) []string {
	parts := []string{s}
	for _, c := range foreignConnectives {
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

// foreignPersonName trims s of punctuation and returns it if it can be a
// name: it has a capital letter, no digit (dates, times), no address, at
// most six words, and is not only role words. Otherwise it returns "".
func foreignPersonName(s string) string {
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
		if !foreignRoleWords[strings.ToLower(strings.Trim(w, ",."))] {
			allRoles = false
			break
		}
	}
	if !upper || allRoles {
		return ""
	}
	return s
}

// A foreignSectioner turns Readability's content tree into sections of
// paragraphs and collects the images of its figures.
type foreignSectioner struct {
	headline string
	base     *url.URL

	sections []Section
	heading  string
	paras    []string
	text     []byte // the inline text of the paragraph being read
	images   []Image
}

// flush ends the paragraph being read.
func (s *foreignSectioner) flush() {
	if len(s.text) == 0 {
		return
	}
	p := foreignCollapseBytes(s.text)
	s.text = s.text[:0]
	if !foreignHasLetter(p) || isForeignChrome(p) || strings.EqualFold(p, s.headline) {
		return
	}
	s.paras = append(s.paras, p)
}

// closeSection ends the current section. A section with no paragraph is
// dropped: its heading stood over nothing (a kicker, a trailing "What's
// Next").
func (s *foreignSectioner) closeSection() {
	if len(s.paras) > 0 {
		s.sections = append(s.sections, Section{Heading: s.heading, Paragraphs: s.paras})
	}
	s.heading, s.paras = "", nil
}

func (s *foreignSectioner) addHeading(n *html.Node) {
	s.flush()
	s.text = foreignInlineText(s.text[:0], n)
	h := foreignCollapseBytes(s.text)
	s.text = s.text[:0]
	switch {
	case !foreignHasLetter(h) || strings.EqualFold(h, s.headline):
		return
	case !foreignIsHeading(h):
		s.paras = append(s.paras, h)
		return
	}
	s.closeSection()
	s.heading = h
}

// foreignIsHeading reports whether the text of an h1–h4 element reads as a
// heading rather than a sentence set in large type.
func foreignIsHeading(h string) bool {
	if utf8.RuneCountInString(h) > 2*maxHeading {
		return false
	}
	if strings.HasSuffix(h, ".") {
		return isAbbreviation(h[strings.LastIndexByte(h, ' ')+1:])
	}
	return true
}

// foreignHasLetter reports whether s holds a letter: a paragraph with none
// ("14", "***") is a gallery count or an ornament, not text.
func foreignHasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// foreignChrome are lines of site chrome that other publishers' pages
// leave inside the content, beside those of DefaultChrome.
var foreignChrome = [...]string{
	"Continue reading the main story",
	"Continue reading",
	"Story continues below advertisement",
	"Read more",
	"Read more:",
	"Skip to main content",
	"Supported by",
}

// isForeignChrome reports whether p is a line of site chrome.
func isForeignChrome(p string) bool {
	if len(p) > 64 {
		return false
	}
	if (&Parser{}).isChrome(p) {
		return true
	}
	for _, c := range foreignChrome {
		if len(c) == len(p) && strings.EqualFold(c, p) {
			return true
		}
	}
	return false
}

// addImage adds img unless an image of the same URL is there already; then
// it gives that image img's caption if it has none.
func (s *foreignSectioner) addImage(img Image) {
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
func (s *foreignSectioner) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			s.text = append(s.text, c.Data...)
		case html.ElementNode:
			s.element(c)
		}
	}
}

func (s *foreignSectioner) element(n *html.Node) {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4:
		s.addHeading(n)
	case atom.Figure:
		s.flush()
		s.figure(n)
	case atom.Figcaption, atom.Header, atom.Nav:
		s.flush()
	case atom.Br, atom.Td, atom.Th:
		s.text = append(s.text, ' ')
		if n.DataAtom != atom.Br {
			s.walk(n)
			s.text = append(s.text, ' ')
		}
	default:
		switch {
		case foreignSkipped(n):
			s.text = append(s.text, ' ')
		case foreignIsBlock(n):
			s.flush()
			s.walk(n)
			s.flush()
		default:
			s.walk(n)
		}
	}
}

// figure records the images of a figure with its caption; its text gives
// no paragraph.
func (s *foreignSectioner) figure(n *html.Node) {
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
					caption = foreignInlineText(caption, c)
				}
			default:
				find(c)
			}
		}
	}
	find(n)
	capText := foreignCollapseBytes(caption)
	for _, img := range imgs {
		u := foreignAbsURL(s.base, foreignAttr(img, "src"))
		if u == "" {
			continue
		}
		c := capText
		if c == "" {
			c = foreignCollapse(foreignAttr(img, "alt"))
		}
		s.addImage(Image{URL: u, Caption: c})
	}
}

func foreignAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// foreignInlineText appends the text of n's subtree to b, less what never
// gives text (scripts, forms, figures' captions inside it).
func foreignInlineText(b []byte, n *html.Node) []byte {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b = append(b, c.Data...)
		case html.ElementNode:
			if c.DataAtom == atom.Figcaption || foreignSkipped(c) {
				continue
			}
			block := foreignIsBlock(c)
			if block || c.DataAtom == atom.Br {
				b = append(b, ' ')
			}
			b = foreignInlineText(b, c)
			if block {
				b = append(b, ' ')
			}
		}
	}
	return b
}

// foreignSkipped reports whether n gives no text at all.
func foreignSkipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg,
		atom.Math, atom.Button, atom.Form, atom.Input, atom.Select,
		atom.Textarea, atom.Iframe, atom.Object, atom.Embed, atom.Video,
		atom.Audio, atom.Canvas, atom.Picture, atom.Source, atom.Img:
		return true
	}
	return n.Type == html.ElementNode && n.DataAtom == 0 && n.Namespace != ""
}

// foreignIsBlock reports whether n ends the paragraph before it and begins
// a new one.
func foreignIsBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center,
		atom.Dd, atom.Details, atom.Dialog, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figure, atom.Footer, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Li,
		atom.Main, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section,
		atom.Summary, atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr,
		atom.Ul, atom.Caption:
		return true
	}
	return false
}
