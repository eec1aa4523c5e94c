// Package pgtext computes, in Go, the tsvector that PostgreSQL's
// to_tsvector('english', …) computes, so that the store can send
// PostgreSQL a ready tsvector rather than have the shared server parse and
// stem every article (about 90% of the server's work of an ingest).
//
// It reproduces PostgreSQL's default parser and the english configuration
// (its stop words, the Snowball english stemmer, the simple dictionary for
// numbers and hosts) on the text it understands: words of ASCII and Latin
// letters, numbers, words with letters and digits, hyphenated words (the
// whole and the parts), and dotted hosts and numbers like "u.s", "e.g",
// "3.5" and "www.example.org". Text holding anything else that the parser
// reads in its own way (URLs, e-mail addresses, paths, tags, XML entities,
// signed or scientific numbers, letters of other scripts) is refused:
// [English] reports false and the caller leaves the tsvector to
// PostgreSQL. The results match a server whose database's LC_CTYPE is
// C.UTF-8 or an English UTF-8 locale; the store checks that at Open.
package pgtext

import (
	"encoding/binary"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// PostgreSQL's limits (tsearch/ts_type.h, ts_public.h).
const (
	maxPos       = 16383   // MAXENTRYPOS - 1: larger positions are this one
	maxPositions = 256     // MAXNUMPOS: positions of one lexeme in a tsvector
	maxWord      = 2047    // MAXSTRLEN: longer tokens are not indexed
	maxStemmed   = 1000    // dict_snowball leaves longer words unstemmed
	maxVector    = 1 << 20 // MAXSTRPOS: bytes of lexemes in one tsvector
)

// A Vector is a tsvector: each lexeme's positions, with their weights.
type Vector map[string][]Pos

// A Pos is one position of a lexeme and its weight ('A' to 'D').
type Pos struct {
	N      int
	Weight byte
}

// English returns setweight(to_tsvector('english', headline), 'A') ||
// setweight(to_tsvector('english', body), 'B') in PostgreSQL's text form
// of a tsvector, or false when either text holds something this package
// does not read as PostgreSQL does (see the package doc).
func English(headline, body string) (string, bool) {
	v, ok := both(headline, body)
	if !ok {
		return "", false
	}
	s := v.String()
	if len(s) > maxVector {
		return "", false // PostgreSQL refuses it; let it say so
	}
	return s, true
}

// EnglishBinary is [English] in PostgreSQL's binary form of a tsvector
// (see [Vector.AppendBinary]), which the server reads without parsing.
func EnglishBinary(headline, body string) ([]byte, bool) {
	v, ok := both(headline, body)
	if !ok {
		return nil, false
	}
	b, ok := v.AppendBinary(nil)
	if !ok || len(b) > maxVector {
		return nil, false // PostgreSQL refuses it; let it say so
	}
	return b, true
}

// both is the tsvector of English, or false.
func both(headline, body string) (Vector, bool) {
	h, ok := Parse(headline, 'A')
	if !ok {
		return nil, false
	}
	b, ok := Parse(body, 'B')
	if !ok {
		return nil, false
	}
	return concat(h, b), true
}

// ProbeHeadline and ProbeBody are a text on which English must agree
// with a server before the tsvectors it computes are sent there: words
// that the stemmer changes, stop words, Latin-1 letters to lower-case,
// hyphenated words, numbers, hosts and an '&' between words.
const (
	ProbeHeadline = "Über-Cautious Café Owners’ Naïve Résumés"
	ProbeBody     = "The U.S. runners were jumping, generously re-elected and state-of-the-art: 27-year-old e-mails cost $4.2 million (3.5%) at www.Example.org in the 1990s-era; don't stop, it's 7-2; R&D at AT&T, fish & chips."
)

// Parse returns to_tsvector('english', text) with every position of
// weight w, or false when text holds something this package does not
// read as PostgreSQL does.
func Parse(text string, w byte) (Vector, bool) {
	p := parser{v: make(Vector, len(text)/16), w: w} // about a lexeme in 16 bytes of prose
	if !p.text(text) {
		return nil, false
	}
	return p.v, true
}

// parser collects the lexemes of a text as PostgreSQL's parsetext does:
// every token that the configuration maps takes the next position, stop
// words too, though they give no lexeme.
type parser struct {
	v   Vector
	pos int
	w   byte
}

// add records lexeme at the next position, as uniqueWORD keeps them: at
// most maxPositions-1 of each, none after one at maxPos, no repeats.
func (p *parser) add(lexeme string) {
	n := min(p.pos, maxPos)
	ps := p.v[lexeme]
	if len(ps) > 0 {
		last := ps[len(ps)-1].N
		if len(ps) >= maxPositions-1 || last == maxPos || last == n {
			return
		}
	}
	p.v[lexeme] = append(ps, Pos{n, p.w})
}

// word lexizes a token of letters with english_stem: lower case, then a
// stop word (a position, no lexeme) or its stem.
func (p *parser) word(tok string) {
	p.pos++
	lw := strings.ToLower(tok)
	if _, stop := stopWords[lw]; stop {
		return
	}
	if len(lw) <= maxStemmed {
		lw = stem(lw)
	}
	p.add(lw)
}

// stems caches the stems of the words seen last: text repeats its words
// (a Zipf law), and the stemmer costs about a microsecond a word. The
// cache is emptied when it holds maxStems words, which bounds its memory
// (a few MB).
var stems = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

const maxStems = 1 << 16

// stem returns the Snowball english stem of the lower-case word w.
func stem(w string) string {
	stems.RLock()
	st, ok := stems.m[w]
	stems.RUnlock()
	if ok {
		return st
	}
	st = english.Stem(w, true)
	stems.Lock()
	if len(stems.m) >= maxStems {
		clear(stems.m)
	}
	stems.m[strings.Clone(w)] = st
	stems.Unlock()
	return st
}

// simple lexizes a token with the simple dictionary: lower case.
func (p *parser) simple(tok string) {
	p.pos++
	p.add(strings.ToLower(tok))
}

// text splits text into segments at the characters that end every token
// and reads each; false if one cannot be read.
func (p *parser) text(text string) bool {
	start := -1
	for i, r := range text {
		switch class(r) {
		case inToken:
			if start < 0 {
				start = i
			}
			continue
		case refused:
			return false
		case ampersand:
			if entity(text[i+1:]) {
				return false
			}
		}
		if start >= 0 {
			if !p.segment(text[start:i], text[i:]) {
				return false
			}
			start = -1
		}
	}
	if start >= 0 {
		return p.segment(text[start:], "")
	}
	return true
}

type charClass int

const (
	blank     charClass = iota // ends any token PostgreSQL reads here
	inToken                    // a letter, a digit, or . - _ : +
	refused                    // starts or may join a token this package does not read
	ampersand                  // '&': a blank unless it starts an XML entity
)

// entity reports whether the text after a '&' may make it an XML entity
// ("&amp;", "&#38;", "&b.c;"), which PostgreSQL's parser reads as a token
// of its own: a run of ASCII letters, digits and . - _ : # ending in ';'.
// Else the '&' is a blank ("R&D", "fish & chips").
func entity(after string) bool {
	for i := 0; i < len(after); i++ {
		c := after[i]
		switch {
		case c == ';':
			return i > 0
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', isDigit(c), strings.IndexByte(".-_:#", c) >= 0:
			continue
		}
		return false
	}
	return false
}

// class says how the parser treats r.
func class(r rune) charClass {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return inToken
		}
		switch r {
		case '.', '-', '_', ':', '+', '/':
			return inToken
		case '@', '<', '>', '~', '\\', 0:
			return refused
		case '&':
			return ampersand
		}
		return blank
	}
	if latinLetter(r) {
		return inToken
	}
	switch r {
	case '\u00a0', '\u00a9', '\u00ab', '\u00ad', '\u00ae', '\u00bb', '\u00bc', '\u00bd', '\u00be', '\u200b',
		'\u2013', '\u2014', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2026', '\u2212':
		return blank
	}
	return refused
}

// latinLetter reports whether r is a letter of Latin-1 or Latin
// Extended-A, which PostgreSQL's parser (iswalpha) and lower-casing
// (towlower) treat as Go does.
func latinLetter(r rune) bool {
	return r >= 0xc0 && r <= 0x17f && r != 0xd7 && r != 0xf7 && unicode.IsLetter(r)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// segment reads a run of letters, digits and . - _ : + between blanks;
// next is the text after it.
func (p *parser) segment(seg, next string) bool {
	if strings.ContainsAny(seg, "+") {
		return false // signed numbers, e-mail addresses
	}
	if core := strings.Trim(seg, ".-"); strings.Contains(core, ".") && strings.ContainsAny(core, "_:") {
		return false // hosts with ports or underscores
	}
	if twoDots(seg) {
		return false // "etc.." gives the lexeme ".." (a relative path)
	}
	if strings.HasPrefix(next, "@") {
		return false
	}
	if strings.Contains(seg, "/") {
		return p.path(seg)
	}
	// ':' and '_' end tokens here; runs of '.' and '-' too, but a '.' or
	// '-' before a digit makes a number of it.
	for seg != "" {
		i := strings.IndexAny(seg, ":_")
		if i < 0 {
			return p.dashed(seg)
		}
		if !p.dashed(seg[:i]) {
			return false
		}
		seg = seg[i+1:]
	}
	return true
}

// path reads a segment with a '/': letters and digits of ASCII between
// single '/', which PostgreSQL keeps whole as a file path ("and/or",
// "9/11", "60/person/year"); any other is refused.
func (p *parser) path(seg string) bool {
	for part := range strings.SplitSeq(seg, "/") {
		if !isAlnumASCII(part) {
			return false
		}
	}
	if len(seg) > maxStemmed {
		return false
	}
	p.simple(seg)
	return true
}

// dashed reads a run of letters, digits, '.' and '-' with no other
// character.
func (p *parser) dashed(s string) bool {
	for s != "" {
		// Skip '.' and '-' that join nothing.
		i := 0
		for i < len(s) && (s[i] == '.' || s[i] == '-') {
			i++
		}
		if i < len(s) && i > 0 && isDigit(s[i]) {
			return false // -5, .5: signed numbers, fractions
		}
		s = s[i:]
		// The token: up to a run of two separators or the end.
		j := 0
		for j < len(s) {
			if (s[j] == '.' || s[j] == '-') && (j+1 == len(s) || s[j+1] == '.' || s[j+1] == '-') {
				break
			}
			j++
		}
		if j > 0 && !p.token(s[:j]) {
			return false
		}
		s = s[j:]
	}
	return true
}

// token reads letters and digits joined by single '.' or '-'.
func (p *parser) token(t string) bool {
	if len(t) >= maxWord || len(t) > maxStemmed {
		return false
	}
	dot, dash := strings.Contains(t, "."), strings.Contains(t, "-")
	switch {
	case dot && dash:
		return false
	case dot:
		// Hosts (u.s, e.g, www.example.org) and numbers (3.5, 1.2.3),
		// which the simple dictionary keeps whole; ASCII only.
		parts := strings.Split(t, ".")
		allDigits := true
		for _, part := range parts {
			if !isAlnumASCII(part) {
				return false
			}
			allDigits = allDigits && isDigits(part)
		}
		if !allDigits && isDigit(t[0]) {
			return p.unit(parts)
		}
		p.simple(t)
		return true
	case dash:
		return p.hyphenated(strings.Split(t, "-"))
	}
	switch {
	case isLetters(t):
		p.word(t)
	case isAlnumASCII(t):
		p.simple(t) // a number, or a word with digits
	default:
		return false // letters of Latin-1 with digits
	}
	return true
}

// unit reads a decimal number followed by a word, as in "3.5mm" and
// "2.3GHz": PostgreSQL gives the number and the word; other dotted runs
// that begin with a digit and hold letters ("2.x", "2020.the") are
// refused.
func (p *parser) unit(parts []string) bool {
	if len(parts) != 2 || !isDigits(parts[0]) {
		return false
	}
	last := parts[1]
	k := 0
	for k < len(last) && isDigit(last[k]) {
		k++
	}
	if k == 0 || !isLetters(last[k:]) {
		return false
	}
	p.simple(parts[0] + "." + last[:k])
	p.word(last[k:])
	return true
}

// hyphenated reads the parts of a run joined by single '-': a number
// stands alone and a '-' before digits makes a signed number ("7-2" is 7
// and -2); between those, the parts of two or more words are indexed as
// a whole and one by one ("year-old", "x2-y"), the whole stemmed only when
// every part is letters.
func (p *parser) hyphenated(parts []string) bool {
	for i := 0; i < len(parts); {
		if isDigits(parts[i]) {
			if i > 0 {
				p.simple("-" + parts[i])
			} else {
				p.simple(parts[i])
			}
			i++
			continue
		}
		j := i
		letters := true
		for j < len(parts) && !isDigits(parts[j]) {
			switch {
			case isLetters(parts[j]):
			case isAlnumASCII(parts[j]) && (j > i || i == 0 || !isDigit(parts[j][0])):
				letters = false
			default:
				return false // Latin-1 letters with digits; "5-1A", a signed number and a word
			}
			j++
		}
		chain := parts[i:j]
		if len(chain) > 1 {
			whole := strings.Join(chain, "-")
			switch {
			case letters:
				p.word(whole)
			case !isAlnumASCII(strings.ReplaceAll(whole, "-", "")):
				return false
			default:
				p.simple(whole)
			}
		}
		for _, part := range chain {
			if isLetters(part) {
				p.word(part)
			} else {
				p.simple(part)
			}
		}
		i = j
	}
	return true
}

// twoDots reports whether s holds a run of exactly two '.'.
func twoDots(s string) bool {
	for i := 0; i < len(s); {
		if s[i] != '.' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '.' {
			j++
		}
		if j-i == 2 {
			return true
		}
		i = j
	}
	return false
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isAlnumASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !(isLetter(s[i]) && s[i] < utf8.RuneSelf) {
			return false
		}
	}
	return s != ""
}

// Concat returns a || b: b's positions follow a's last one, as
// tsvector_concat makes them (at most maxPositions per lexeme, none past
// maxPos).
func Concat(a, b Vector) Vector {
	out := make(Vector, len(a)+len(b))
	for lx, ps := range a {
		out[lx] = slices.Clone(ps)
	}
	return concat(out, b)
}

// concat is Concat, writing into a.
func concat(a, b Vector) Vector {
	shift := 0
	for _, ps := range a {
		shift = max(shift, ps[len(ps)-1].N) // positions are increasing
	}
	for lx, ps := range b {
		dst := a[lx]
		for _, q := range ps {
			if len(dst) >= maxPositions || len(dst) > 0 && dst[len(dst)-1].N == maxPos {
				break
			}
			dst = append(dst, Pos{min(q.N+shift, maxPos), q.Weight})
		}
		a[lx] = dst
	}
	return a
}

// sorted returns v's lexemes in a tsvector's order, that of their bytes.
func (v Vector) sorted() []string {
	lexemes := make([]string, 0, len(v))
	for lx := range v {
		lexemes = append(lexemes, lx)
	}
	slices.Sort(lexemes)
	return lexemes
}

// String returns v in PostgreSQL's text form of a tsvector, its lexemes
// sorted.
func (v Vector) String() string {
	lexemes := v.sorted()
	size := 0
	for _, lx := range lexemes {
		size += len(lx) + 4 + 7*len(v[lx])
	}
	var b strings.Builder
	b.Grow(size)
	for i, lx := range lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		for k := 0; k < len(lx); k++ {
			if lx[k] == '\'' || lx[k] == '\\' {
				b.WriteByte(lx[k])
			}
			b.WriteByte(lx[k])
		}
		b.WriteByte('\'')
		for k, q := range v[lx] {
			if k == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(q.N))
			if q.Weight != 'D' {
				b.WriteByte(q.Weight)
			}
		}
	}
	return b.String()
}

// AppendBinary appends v to b in PostgreSQL's binary form of a tsvector,
// what tsvectorsend writes and tsvectorrecv reads (tsvector.c): the
// number of lexemes (32 bits), then each lexeme in order: its bytes and a
// NUL, the number of its positions (16 bits) and each position (16 bits:
// the weight in the top two, A = 3 to D = 0, the position below), all
// big-endian. It reports false for a lexeme holding a NUL, which the form
// cannot carry.
func (v Vector) AppendBinary(b []byte) ([]byte, bool) {
	lexemes := v.sorted()
	size := 4
	for _, lx := range lexemes {
		size += len(lx) + 3 + 2*len(v[lx])
	}
	b = slices.Grow(b, size)
	b = binary.BigEndian.AppendUint32(b, uint32(len(lexemes)))
	for _, lx := range lexemes {
		if strings.IndexByte(lx, 0) >= 0 {
			return b, false
		}
		b = append(b, lx...)
		b = append(b, 0)
		ps := v[lx]
		b = binary.BigEndian.AppendUint16(b, uint16(len(ps)))
		for _, q := range ps {
			b = binary.BigEndian.AppendUint16(b, uint16('D'-q.Weight)<<14|uint16(q.N))
		}
	}
	return b, true
}

// stopWords is PostgreSQL's english.stop (tsearch_data), Snowball's
// English stop-word list.
var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself yourselves
		he him his himself she her hers herself it its itself they them their theirs themselves what which
		who whom this that these those am is are was were be been being have has had having do does did doing
		a an the and but if or because as until while of at by for with about against between into through
		during before after above below to from up down in out on off over under again further then once here
		there when where why how all any both each few more most other some such no nor not only own same so
		than too very s t can will just don should now`) {
		m[w] = struct{}{}
	}
	return m
}()
