package prescan

import (
	"bytes"

	"github.com/newsingest/newslooks/internal/clean"
)

// Most of a modern page's bytes are code, not markup: on the 61 pages of
// the article-extraction benchmark, 38% of the bytes are the text of
// <style> elements and 26% that of <script>s. html.Parse reads that text a
// byte at a time and keeps it as text nodes that nothing reads: neither
// go-readability, which removes both elements first, nor this package,
// which reads only the JSON-LD scripts.
//
// DropCode removes that text before the page is parsed, so that the
// parser builds the same tree but with every <style> and every <script>
// other than a JSON-LD one empty. It must never remove anything else, so
// it reads the page as x/net/html's tokenizer does: comments, doctypes and
// bogus comments, tags and their attributes as the tokenizer splits them,
// the text of the other raw-text elements (<textarea>, <title>,
// <noscript>, <xmp>, <iframe>, <noembed>, <noframes>, and <plaintext> to
// the end), and the escaped and double-escaped states of script text.
//
// Inside <svg> and <math> those names are not raw text, and the HTML
// parser can leave foreign content in ways a byte scan cannot follow. So
// there DropCode empties no element and accepts only the elements of
// plain drawings and formulas, and text alone inside their <title>,
// <desc>, <style>, <script> and token elements; at anything else it stops
// and keeps the rest of the page as it is. What it does empty there is
// the quoted d attribute of a <path>, the outline of a drawing: the
// numbers of inline icons are a tenth of what is left of a page once its
// code is gone, and nothing reads them.
//
// Outside raw text and foreign content, and up to the first <pre> or
// <listing>, DropCode also shortens the white space alone between two
// tags, the indentation of the markup (another tenth of those bytes), to
// one line break or space (shortenSpace).
//
// A differential test and a fuzz target check that html.Parse makes the
// same tree of a page with and without DropCode but for that text, those
// outlines and the length of those runs of white space.
// DropCode works in place: it moves the bytes it keeps to the front of
// src and returns that prefix.
func DropCode(src []byte) []byte {
	if !mayHoldDroppableCode(src) {
		return src
	}
	s := codeScanner{src: src}
	s.scan()
	return s.finish()
}

// mayHoldDroppableCode reports whether src may hold code DropCode would
// drop. Without it, DropCode's scan of every tag is wasted: a page whose
// scripts are all JSON-LD (as a Newslooks page's are) and that has no
// <style> keeps every byte. It is false only when no "<style" is in src,
// in any case, and every "<script" is followed, before the next ">", by
// what mayBeJSONLD keeps: DropCode drops only the text of a start tag
// named style or script that mayBeJSONLD refuses, and such a tag's name
// follows its "<" and the tag runs at least to the next ">", so that
// mayBeJSONLD, a search for a substring, keeps the whole tag when it keeps
// that part of it.
func mayHoldDroppableCode(src []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
		rest := src[i:]
		switch {
		case len(rest) == 0 || rest[0]|0x20 != 's':
		case len(rest) >= len("style") && asciiEqualFold(rest, "style"):
			return true
		case len(rest) >= len("script") && asciiEqualFold(rest, "script"):
			tag := rest
			if k := bytes.IndexByte(rest, '>'); k >= 0 {
				tag = rest[:k+1]
			}
			if !mayBeJSONLD(tag) {
				return true
			}
		}
	}
}

// codeScanner holds DropCode's position in the page and the bytes kept
// so far.
type codeScanner struct {
	src     []byte
	i       int    // the next byte to read
	w       int    // src[:w] is the output so far
	kept    int    // src[kept:i] is kept but not yet moved to src[w:]
	foreign []byte // the <svg> and <math> elements open, innermost last, by the first letter of their names
	pre     bool   // a <pre> or <listing> was opened: white space is kept from there on
	stopped bool   // the scan met markup it cannot follow, at s.i

	// When count is set, the scan also counts the nodes of the page's DOM
	// (see EstimateNodes), and stops once the count passes limit;
	// keepCode makes it drop nothing.
	count, keepCode bool
	nodes           nodeCount
	limit           int
}

// drop removes src[from:to], which lies between s.kept and s.i.
func (s *codeScanner) drop(from, to int) {
	if s.keepCode {
		return
	}
	s.w += copy(s.src[s.w:], s.src[s.kept:from])
	s.kept = to
}

// finish moves the rest of the page into place and returns the output.
func (s *codeScanner) finish() []byte {
	s.w += copy(s.src[s.w:], s.src[s.kept:])
	return s.src[:s.w]
}

// scan reads the page to its end, or until it meets markup it cannot
// follow, or until its count of nodes passes its limit.
func (s *codeScanner) scan() {
	src := s.src
	for s.i < len(src) {
		j := bytes.IndexByte(src[s.i:], '<')
		if j < 0 {
			return
		}
		if j > 1 && !s.pre && len(s.foreign) == 0 && (s.i == 0 || s.i > s.kept && src[s.i-1] == '>') {
			s.shortenSpace(s.i, s.i+j)
		}
		s.i += j
		if !s.markup() {
			s.stopped = true
			return
		}
	}
}

// shortenSpace leaves one byte of the text src[from:to], between two
// tags, when it is white space alone (the indentation of the markup): a
// line break when it holds one, else a space; a run of tabs alone is
// kept. The parser makes the same node of it, with the text shortenSpace
// in package page would leave (see there): nothing reads the length of
// white space between tags, and the tokenizer reads it a byte at a time.
func (s *codeScanner) shortenSpace(from, to int) {
	run := s.src[from:to]
	for _, c := range run {
		if !htmlSpace[c] {
			return // text: most runs stop at their first byte
		}
	}
	keep := bytes.IndexByte(run, '\n')
	if keep < 0 {
		keep = bytes.IndexByte(run, '\r') // a lone CR reads as a line break
	}
	if keep < 0 {
		keep = bytes.IndexByte(run, ' ')
	}
	if keep < 0 {
		return
	}
	keep += from
	if keep > from {
		s.drop(from, keep)
	}
	if keep+1 < to {
		s.drop(keep+1, to)
	}
}

// countTag counts a tag named name in the scan's estimate of the nodes,
// when it keeps one, and reports whether the count is still within its
// limit.
func (s *codeScanner) countTag(name tagName, end bool, attrs int) bool {
	if !s.count {
		return true
	}
	s.nodes.tag(kindOf(name.bytes()), end, attrs)
	return s.nodes.n <= s.limit
}

// estimateRest completes the count of nodes of a scan that stopped at
// markup it cannot follow, reading the rest of the page as
// nodeCount.countFrom does, and returns the count.
func (s *codeScanner) estimateRest() int {
	if s.stopped && s.nodes.n <= s.limit {
		s.nodes.countFrom(s.src, s.i, s.limit)
	}
	return s.nodes.n
}

// markup reads what starts with the "<" at s.i, and reports whether the
// scan can go on.
func (s *codeScanner) markup() bool {
	src, lt := s.src, s.i
	rest := src[lt+1:]
	switch {
	case len(rest) == 0:
		s.i = len(src) // a "<" at the end: text
	case isASCIILetter(rest[0]):
		// A start tag, the most common markup, is tested for first.
		name, end, attrs := readTag(src, lt+1)
		s.i = end
		return s.countTag(name, false, attrs) && s.startTag(name, src[lt:end])
	case bytes.HasPrefix(rest, []byte("!--")):
		s.i = commentEnd(src, lt+4)
	case bytes.HasPrefix(rest, []byte("![CDATA[")) && len(s.foreign) > 0:
		return false // a CDATA section, or a bogus comment in an integration point
	case rest[0] == '!' || rest[0] == '?':
		s.i = pastByte(src, lt+2, '>') // a doctype or a bogus comment
	case rest[0] == '/':
		return s.slash(lt)
	default:
		s.i = lt + 1 // a "<" in text
	}
	return true
}

// slash reads what starts with the "</" at src[lt]: an end tag, "</>"
// (nothing), a bogus comment, or text when the page ends.
func (s *codeScanner) slash(lt int) bool {
	src := s.src
	switch k := lt + 2; {
	case k == len(src):
		s.i = k
	case src[k] == '>':
		s.i = k + 1
	case isASCIILetter(src[k]):
		name, end, _ := readTag(src, k)
		s.i = end
		return s.countTag(name, true, 0) && s.endTag(name)
	default:
		s.i = pastByte(src, k, '>')
	}
	return true
}

// startTag handles the start tag tag named name (lower case), which ends
// just before src[s.i].
func (s *codeScanner) startTag(name tagName, tag []byte) bool {
	selfClosing := bytes.HasSuffix(tag, []byte("/>"))
	end := s.i
	if len(s.foreign) > 0 {
		return s.foreignStartTag(name, s.i-len(tag), selfClosing)
	}
	switch string(name.bytes()) {
	case "svg", "math":
		if !selfClosing {
			s.foreign = append(s.foreign, name.bytes()[0])
		}
	case "script":
		textEnd := scriptTextEnd(s.src, end)
		if !mayBeJSONLD(tag) {
			s.drop(end, textEnd)
		}
		s.i = textEnd
	case "style":
		textEnd := rawTextEnd(s.src, end, "style")
		s.drop(end, textEnd)
		s.i = textEnd
	case "pre", "listing":
		// Where such an element ends depends on the elements in scope
		// (an end tag inside a table cell leaves it open), which a byte
		// scan does not follow: its white space, and all after it, is
		// left as it is.
		s.pre = true
	case "textarea", "title", "noscript", "xmp", "iframe", "noembed", "noframes":
		s.i = rawTextEnd(s.src, end, string(name.bytes()))
	case "plaintext":
		return false // the rest of the page is text
	}
	return true
}

// endTag handles the end tag named name.
func (s *codeScanner) endTag(name tagName) bool {
	if len(s.foreign) == 0 {
		return true
	}
	switch foreignElements[string(name.bytes())] {
	case foreignNested:
		// Only the innermost one's end tag is followed: the parser
		// ignores a </math> inside an <svg> that no <math> is open in,
		// and closes an inner element with an outer one's end tag.
		if last := len(s.foreign) - 1; s.foreign[last] == name.bytes()[0] {
			s.foreign = s.foreign[:last]
			return true
		}
		return false
	case foreignDrawing:
		return true
	}
	return false // could close an integration point out of order
}

// foreignStartTag handles a start tag inside <svg> or <math>: an element
// of a plain drawing or formula, or one whose text alone follows it up
// to its end tag. Anything else stops the scan.
func (s *codeScanner) foreignStartTag(name tagName, lt int, selfClosing bool) bool {
	switch foreignElements[string(name.bytes())] {
	case foreignNested:
		if !selfClosing {
			s.foreign = append(s.foreign, name.bytes()[0])
		}
		return true
	case foreignDrawing:
		if string(name.bytes()) == "path" {
			s.dropPathData(lt)
		}
		return true
	case foreignTextOnly:
		if selfClosing {
			return true
		}
		// Only text, then this element's own end tag.
		j := bytes.IndexByte(s.src[s.i:], '<')
		if j < 0 {
			return false
		}
		k := s.i + j
		if !hasEndTag(s.src[k:], string(name.bytes())) {
			return false
		}
		_, end, _ := readTag(s.src, k+2)
		s.i = end
		return s.countTag(name, true, 0)
	}
	return false
}

// dropPathData empties the quoted values of the d attributes of the
// <path> tag at src[lt], which ends at s.i: a drawing's outline, most of
// the bytes of an inline icon, which nothing reads. The element and its
// attributes stay; only the text inside the quotes goes.
func (s *codeScanner) dropPathData(lt int) {
	readAttrs(s.src[:s.i], lt+len("<path"), func(nameStart, nameEnd, from, to int) {
		if nameEnd-nameStart == 1 && s.src[nameStart]|0x20 == 'd' && to > from {
			s.drop(from, to)
		}
	})
}

// The kinds of element foreignStartTag accepts inside <svg> or <math>.
const (
	foreignUnknown  = iota // not followed: the scan stops
	foreignNested          // <svg> or <math>, nested
	foreignDrawing         // an element of a drawing or formula
	foreignTextOnly        // an HTML integration point, accepted with text alone
)

// foreignElements names the elements of plain drawings and formulas, as
// the tokenizer lowercases them. None of the plain ones is a name at
// which the HTML parser leaves foreign content or one it reads as raw
// text; the text ones are HTML integration points, or read as raw text
// where the parser has left foreign content, and are alike in every
// reading when they hold text alone.
var foreignElements = map[string]int{
	"svg": foreignNested, "math": foreignNested,

	"a": foreignDrawing, "animate": foreignDrawing, "animatemotion": foreignDrawing,
	"animatetransform": foreignDrawing, "circle": foreignDrawing, "clippath": foreignDrawing,
	"defs": foreignDrawing, "ellipse": foreignDrawing, "feblend": foreignDrawing,
	"fecolormatrix": foreignDrawing, "fecomposite": foreignDrawing, "feflood": foreignDrawing,
	"fegaussianblur": foreignDrawing, "feimage": foreignDrawing, "femerge": foreignDrawing,
	"femergenode": foreignDrawing, "feoffset": foreignDrawing, "fedropshadow": foreignDrawing,
	"filter": foreignDrawing, "g": foreignDrawing, "image": foreignDrawing, "line": foreignDrawing,
	"lineargradient": foreignDrawing, "marker": foreignDrawing, "mask": foreignDrawing,
	"mpath": foreignDrawing, "path": foreignDrawing, "pattern": foreignDrawing,
	"polygon": foreignDrawing, "polyline": foreignDrawing, "radialgradient": foreignDrawing,
	"rect": foreignDrawing, "set": foreignDrawing, "stop": foreignDrawing, "symbol": foreignDrawing,
	"text": foreignDrawing, "textpath": foreignDrawing, "tspan": foreignDrawing, "use": foreignDrawing,
	"view": foreignDrawing,

	"mrow": foreignDrawing, "mfrac": foreignDrawing, "msqrt": foreignDrawing, "mroot": foreignDrawing,
	"msup": foreignDrawing, "msub": foreignDrawing, "msubsup": foreignDrawing, "munder": foreignDrawing,
	"mover": foreignDrawing, "munderover": foreignDrawing, "mtable": foreignDrawing, "mtr": foreignDrawing,
	"mtd": foreignDrawing, "mspace": foreignDrawing, "mstyle": foreignDrawing, "mpadded": foreignDrawing,
	"menclose": foreignDrawing, "semantics": foreignDrawing, "annotation": foreignDrawing,

	"title": foreignTextOnly, "desc": foreignTextOnly, "style": foreignTextOnly, "script": foreignTextOnly,
	"mi": foreignTextOnly, "mo": foreignTextOnly, "mn": foreignTextOnly, "ms": foreignTextOnly, "mtext": foreignTextOnly,
}

// tagName is a tag's name in lower case, as the tokenizer compares
// names, or empty for a name longer than any DropCode knows.
type tagName struct {
	b [16]byte
	n int
}

// readTag reads the tag whose name starts at src[i] as the tokenizer
// does: the name runs to white space, "/" or ">"; the attributes run to
// the first ">" outside a quoted value. It returns the name, the index
// past the tag's ">" (or len(src)) and the number of attributes.
func readTag(src []byte, i int) (name tagName, end, attrs int) {
	k := i
	for k < len(src) && !isTagNameEnd(src[k]) {
		k++
	}
	if k-i <= len(name.b) {
		for j, c := range src[i:k] {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			name.b[j] = c
		}
		name.n = k - i
	}
	end, attrs = tagEnd(src, k)
	return name, end, attrs
}

// bytes returns the name; string(name.bytes()) in a switch or a map
// index does not allocate.
func (name *tagName) bytes() []byte { return name.b[:name.n] }

// isTagNameEnd reports whether c ends a tag name.
func isTagNameEnd(c byte) bool { return c == '/' || c == '>' || clean.IsHTMLSpace(c) }

// tagEnd returns the index past the ">" that ends the tag whose
// attributes start at src[i], or len(src), and the number of its
// attributes. It reads the attributes as x/net/html's readTag does: a
// name runs to white space, "/", "=" or ">" (an "=" that starts it is
// part of it); after "=", a value in quotes runs to its closing quote,
// and any other value to white space or ">".
func tagEnd(src []byte, i int) (end, attrs int) { return readAttrs(src, i, nil) }

// readAttrs is tagEnd that also gives quoted, when it is not nil, each
// attribute whose value is in quotes: its name src[nameStart:nameEnd],
// and its value src[from:to], inside the quotes.
func readAttrs(src []byte, i int, quoted func(nameStart, nameEnd, from, to int)) (end, attrs int) {
	n := len(src)
	for i = skipSpace(src, i); i < n; i = skipSpace(src, i) {
		if src[i] == '>' {
			return i + 1, attrs
		}
		start := i
		if src[i] == '=' { // the attribute's name, which an "=" may start
			i++
		}
		for i < n && !attrNameEnd[src[i]] {
			i++
		}
		if i > start {
			attrs++
		}
		nameEnd := i
		if i = skipSpace(src, i); i == n {
			return n, attrs
		}
		switch src[i] {
		case '/':
			i++
		case '=':
			if i = skipSpace(src, i+1); i == n {
				return n, attrs
			}
			switch q := src[i]; q {
			case '>':
			case '"', '\'':
				k := bytes.IndexByte(src[i+1:], q)
				if k < 0 {
					return n, attrs
				}
				if quoted != nil {
					quoted(start, nameEnd, i+1, i+1+k)
				}
				i += k + 2
			default:
				for i++; i < n && !unquotedValueEnd[src[i]]; i++ {
				}
			}
		}
	}
	return n, attrs
}

// attrNameEnd and unquotedValueEnd are the bytes that end an
// attribute's name and a value without quotes, and htmlSpace
// clean.IsHTMLSpace's: tables, as tagEnd reads every byte of every tag's
// attributes and shortenSpace every byte of white space between tags.
var (
	attrNameEnd      = [256]bool{'=': true, '/': true, '>': true, ' ': true, '\t': true, '\n': true, '\f': true, '\r': true}
	unquotedValueEnd = [256]bool{'>': true, ' ': true, '\t': true, '\n': true, '\f': true, '\r': true}
	htmlSpace        = [256]bool{' ': true, '\t': true, '\n': true, '\f': true, '\r': true}
)

// skipSpace returns the index of the first byte at or after src[i] that
// is not white space.
func skipSpace(src []byte, i int) int {
	for i < len(src) && clean.IsHTMLSpace(src[i]) {
		i++
	}
	return i
}

// commentEnd returns the index past the comment whose text starts at
// src[i], just after "<!--", as x/net/html's readComment ends it: at
// ">" after two dashes or more, or after "--!", or at once ("<!-->",
// "<!--->").
func commentEnd(src []byte, i int) int {
	n := len(src)
	dashes, beginning := 0, true
	for i < n {
		c := src[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i == n {
					return n
				}
				c = src[i]
				i++
				if c == '>' {
					return i
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return n
}

// pastByte returns the index past the first c at or after src[i], or
// len(src).
func pastByte(src []byte, i int, c byte) int {
	j := bytes.IndexByte(src[i:], c)
	if j < 0 {
		return len(src)
	}
	return i + j + 1
}

// hasEndTag reports whether b starts with the end tag "</name" followed
// by white space, "/" or ">", as the tokenizer ends raw text: the name's
// ASCII letters in either case, nothing else folded.
func hasEndTag(b []byte, name string) bool {
	n := len(name)
	return len(b) >= n+3 && b[0] == '<' && b[1] == '/' && isTagNameEnd(b[2+n]) &&
		asciiEqualFold(b[2:2+n], name)
}

// rawTextEnd returns the index of the end tag that closes the raw text
// of the element name that starts at src[i], or len(src).
func rawTextEnd(src []byte, i int, name string) int {
	for k := i; k < len(src); {
		j := bytes.Index(src[k:], []byte("</"))
		if j < 0 {
			break
		}
		k += j
		if hasEndTag(src[k:], name) {
			return k
		}
		k += 2
	}
	return len(src)
}

// mayBeJSONLD reports whether the <script> start tag tag may declare
// JSON-LD, the one kind of script this package reads: it names
// "ld+json" in any case, or holds a character reference that could spell
// it.
func mayBeJSONLD(tag []byte) bool {
	const name = "ld+json"
	if bytes.IndexByte(tag, '&') >= 0 {
		return true
	}
	for i := 0; i+len(name) <= len(tag); i++ {
		if tag[i]|0x20 == 'l' && asciiEqualFold(tag[i:i+len(name)], name) {
			return true
		}
	}
	return false
}

// asciiEqualFold reports whether b spells name (lower case), its ASCII
// letters in either case.
func asciiEqualFold(b []byte, name string) bool {
	for i := range len(name) {
		if c := b[i]; c != name[i] && c != name[i]-('a'-'A') {
			return false
		}
	}
	return true
}

// scriptTextEnd returns the index of the "</script" that ends the text
// of the <script> element that starts at src[i], or len(src). It follows
// x/net/html's readScript state by state, escaped ("<!--") and double
// escaped ("<!--<script>") text included, so that it ends the text
// where html.Parse ends it.
func scriptTextEnd(src []byte, i int) int {
	n, k := len(src), i
	var c byte
	var lt int
	var matched bool

scriptData:
	if j := bytes.IndexByte(src[k:], '<'); j >= 0 {
		k += j + 1
	} else {
		return n
	}
	// script data less-than sign
	if k == n {
		return n
	}
	c, k = src[k], k+1
	switch c {
	case '/':
		if lt, matched, k = scriptEndTag(src, k); matched || k == n {
			return lt
		}
		goto scriptData
	case '!':
		goto escapeStart
	}
	k--
	goto scriptData

escapeStart:
	for range 2 { // "--"
		if k == n {
			return n
		}
		if c, k = src[k], k+1; c != '-' {
			k--
			goto scriptData
		}
	}
	goto escapedDashDash

escaped:
	if k == n {
		return n
	}
	switch c, k = src[k], k+1; c {
	case '-':
		goto escapedDash
	case '<':
		goto escapedLessThanSign
	}
	goto escaped

escapedDash:
	if k == n {
		return n
	}
	switch c, k = src[k], k+1; c {
	case '-':
		goto escapedDashDash
	case '<':
		goto escapedLessThanSign
	}
	goto escaped

escapedDashDash:
	if k == n {
		return n
	}
	switch c, k = src[k], k+1; c {
	case '-':
		goto escapedDashDash
	case '<':
		goto escapedLessThanSign
	case '>':
		goto scriptData
	}
	goto escaped

escapedLessThanSign:
	if k == n {
		return n
	}
	c, k = src[k], k+1
	if c == '/' {
		if lt, matched, k = scriptEndTag(src, k); matched || k == n {
			return lt
		}
		goto escaped
	}
	if isASCIILetter(c) {
		k--
		for _, want := range []byte("script") {
			if k == n {
				return n
			}
			if c, k = src[k], k+1; c != want && c != want-('a'-'A') {
				k--
				goto escaped
			}
		}
		if k == n {
			return n
		}
		if c, k = src[k], k+1; isTagNameEnd(c) {
			goto doubleEscaped
		}
		k--
		goto escaped
	}
	k--
	goto scriptData

doubleEscaped:
	if k == n {
		return n
	}
	switch c, k = src[k], k+1; c {
	case '-':
		goto doubleEscapedDash
	case '<':
		goto doubleEscapedLessThanSign
	}
	goto doubleEscaped

doubleEscapedDash:
	if k == n {
		return n
	}
	switch c, k = src[k], k+1; c {
	case '-':
		goto doubleEscapedDashDash
	case '<':
		goto doubleEscapedLessThanSign
	}
	goto doubleEscaped

doubleEscapedDashDash:
	if k == n {
		return n
	}
	switch c, k = src[k], k+1; c {
	case '-':
		goto doubleEscapedDashDash
	case '<':
		goto doubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto doubleEscaped

doubleEscapedLessThanSign:
	if k == n {
		return n
	}
	if c, k = src[k], k+1; c != '/' {
		k--
		goto doubleEscaped
	}
	if _, matched, k = scriptEndTag(src, k); matched {
		goto escaped
	}
	if k == n {
		return n
	}
	goto doubleEscaped
}

// scriptEndTag reads, after the "</" before src[k], the rest of a
// "</script" end tag as x/net/html's readRawEndTag does. When it is one,
// it returns the index of its "<" as lt, matched, and the index past the
// byte after its name as next; otherwise next is the index to read on
// from, that of the first byte that did not match, and when the page
// ends first lt and next are both len(src).
func scriptEndTag(src []byte, k int) (lt int, matched bool, next int) {
	n := len(src)
	for _, want := range []byte("script") {
		if k == n {
			return n, false, n
		}
		if c := src[k]; c != want && c != want-('a'-'A') {
			return n, false, k
		}
		k++
	}
	if k == n {
		return n, false, n
	}
	if isTagNameEnd(src[k]) {
		return k - len("</script"), true, k + 1
	}
	return n, false, k
}
