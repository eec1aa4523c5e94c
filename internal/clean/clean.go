// Package clean holds the small text rules that every reader of articles
// applies the same way: collapsing white space, stripping a site name from
// a title, and dropping empty or repeated list entries. It depends on the
// standard library only.
//
// White space is what unicode.IsSpace says it is: ASCII space, tab and
// line ends, and also U+00A0 NO-BREAK SPACE, U+2000 to U+200A, U+3000 and
// the other Unicode spaces that pages use between words. Zero-width
// characters (U+200B, U+FEFF) are not space and are kept.
package clean

import (
	"slices"
	"strings"
	"unicode"
)

// Space trims s and turns each run of white space inside it into one
// ASCII space. It returns s itself when there is nothing to change.
func Space(s string) string {
	if IsClean(s) {
		return s
	}
	b, _ := AppendSpace(make([]byte, 0, len(s)), s, false)
	return ownedString(b)
}

// SpaceBytes is Space for a byte slice; it allocates the result once.
func SpaceBytes(b []byte) string {
	out, _ := AppendSpace(make([]byte, 0, len(b)), unsafeString(b), false)
	return ownedString(out)
}

// ownedString returns the text of b, a buffer nothing else holds or will
// change: b itself when it uses at least half of its capacity, a copy
// otherwise, so that a string does not keep much unused memory alive.
func ownedString(b []byte) string {
	if 2*len(b) >= cap(b) {
		return unsafeString(b)
	}
	return string(b)
}

// IsClean reports whether s has no white space to trim or collapse: no
// leading or trailing space, no space but single ASCII spaces between
// other bytes, and no multi-byte space. Space returns such an s itself,
// and AppendSpace appends it as it is.
func IsClean(s string) bool {
	return s == "" || s[0] != ' ' && cleanSpanEnd(s, 0) == len(s)
}

// AppendSpace appends s to b with each run of white space made one space.
// pending reports a space left over from an earlier call; a space is
// written only before further text, and never at the start of b. It
// returns b and the new pending state, so that text arriving in pieces
// (the text nodes of one paragraph) collapses as if it were one string.
func AppendSpace(b []byte, s string, pending bool) ([]byte, bool) {
	if s == "" {
		return b, pending
	}
	// Each space written stands for white space read, but for one
	// pending from an earlier call: growing b once by that bound lets the
	// loop copy spans without append's checks.
	n, most := len(b), len(s)
	if pending && n > 0 {
		most++
	}
	out := slices.Grow(b, most)
	out = out[:cap(out)]
	for i := 0; i < len(s); {
		if k := spaceLen(s[i:]); k > 0 {
			pending = true
			i += k
			continue
		}
		// Text that is already clean (most of a page's: words with one
		// space between them) is copied whole.
		end := cleanSpanEnd(s, i)
		if pending && n > 0 {
			out[n] = ' '
			n++
		}
		pending = false
		n += copy(out[n:], s[i:end])
		i = end
	}
	if n == len(b) {
		return b, pending // white space only: b as it was (nil stays nil)
	}
	return out[:n], pending
}

// cleanSpanEnd returns the end of the clean text that starts at s[i],
// which is not an ASCII space: the bytes that are not white space, and
// single ASCII spaces between them. It returns i when s[i] is white space.
func cleanSpanEnd(s string, i int) int {
	for i < len(s) {
		i = cleanWordsEnd(s, i)
		// Up to eight bytes one at a time, past what stopped the words.
		for stop := min(i+8, len(s)); i < stop; {
			switch byteClass[s[i]] {
			case plainByte:
				i++
				continue
			case asciiSpaceByte:
				if s[i] == ' ' && i+1 < len(s) && spaceLen(s[i+1:]) == 0 {
					i += 2
					continue
				}
			case spaceLeadByte:
				if multiByteSpaceLen(s[i:]) == 0 {
					i++
					continue
				}
			}
			return i
		}
	}
	return i
}

// cleanWordsEnd returns the end of the eight-byte words of clean printable
// ASCII that start at s[i]: words of bytes from ' ' to '~' and DEL, with no
// two spaces together, and a space last only before a plain byte (s[i]
// is not a space, or the byte before it is not). It reads a word's bytes as one number, about a quarter of
// the instructions of a byte at a time, for the text of a page is mostly
// such words.
func cleanWordsEnd(s string, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		lows  = 0x7F7F7F7F7F7F7F7F
	)
	for i+8 <= len(s) {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if x&highs != 0 || (x-ones*' ')&^x&highs != 0 {
			return i // a byte above ASCII, or one below ' '
		}
		// spaces has the high bit of each byte that is ' ', and no other.
		y := x ^ ones*' '
		spaces := ^((y&lows + lows) | y | lows)
		if spaces&(spaces<<8) != 0 {
			return i // two spaces together
		}
		if spaces>>63 != 0 && (i+8 == len(s) || byteClass[s[i+8]] != plainByte) {
			return i // a space last, not followed by a plain byte
		}
		i += 8
	}
	return i
}

// spaceLen returns the length of the white-space rune that s starts with,
// or 0.
func spaceLen(s string) int {
	switch byteClass[s[0]] {
	case asciiSpaceByte:
		return 1
	case spaceLeadByte:
		return multiByteSpaceLen(s)
	}
	return 0
}

// multiByteSpaceLen returns the length of the multi-byte white-space rune
// that s starts with, or 0. These are the runes above ASCII for which
// unicode.IsSpace is true: U+0085, U+00A0 (lead byte 0xC2), U+1680 (0xE1),
// U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F (0xE2) and U+3000
// (0xE3); TestMultiByteSpace checks the list against unicode.IsSpace.
func multiByteSpaceLen(s string) int {
	if len(s) < 2 {
		return 0
	}
	switch s[0] {
	case 0xC2:
		if s[1] == 0x85 || s[1] == 0xA0 {
			return 2
		}
		return 0
	}
	if len(s) < 3 {
		return 0
	}
	switch s[:3] {
	case "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
		"\u2007", "\u2008", "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000":
		return 3
	}
	return 0
}

// The classes of byteClass.
const (
	plainByte      = iota // a byte that is not white space and starts none
	asciiSpaceByte        // ' ', '\t', '\n', '\v', '\f', '\r'
	spaceLeadByte         // the first byte of some multi-byte white space
)

// byteClass sorts the bytes for cleanSpanEnd's loop, so that it tests one
// table entry for most bytes. Bytes of multi-byte runes are plain but for
// the lead bytes that multi-byte white space starts with: the rune's other
// bytes are continuation bytes, which start no rune, and AppendSpace copies
// bytes that are not valid UTF-8 as they are.
var byteClass = func() (t [256]uint8) {
	for _, c := range []byte{' ', '\t', '\n', '\v', '\f', '\r'} {
		t[c] = asciiSpaceByte
	}
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3} {
		t[c] = spaceLeadByte
	}
	return t
}()

// TitleSeparators are the separators that stand between a headline and a
// site or section name in a page title: "Headline | Site", "Headline -
// Site".
var TitleSeparators = [...]string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "}

// maxTitleRounds bounds how many suffixes StripTitleSuffix removes: a
// title has one or two ("Headline | Section | Site"), and the bound keeps a
// hostile title from taking quadratic time.
const maxTitleRounds = 4

// StripTitleSuffix removes from title a trailing part, after one of
// TitleSeparators, that equals one of names without regard to case: a site
// name, the publisher, an author. When loose is set (a <title> or
// og:title, which sites decorate freely), a short last part of at most four
// words after " | " is removed even when it names nothing known. It
// repeats for a title with several suffixes, and collapses white space.
func StripTitleSuffix(title string, names []string, loose bool) string {
	t := Space(title)
	if !mayHoldSeparator(t) {
		return t
	}
	for round, changed := 0, true; changed && round < maxTitleRounds; round++ {
		changed = false
		for _, sep := range TitleSeparators {
			i := strings.LastIndex(t, sep)
			if i <= 0 {
				continue
			}
			suffix := strings.TrimSpace(t[i+len(sep):])
			if ContainsFold(names, suffix) || loose && sep == " | " && strings.Count(suffix, " ") < 4 {
				t = strings.TrimSpace(t[:i])
				changed = true
			}
		}
	}
	return t
}

// mayHoldSeparator reports whether t may hold one of TitleSeparators:
// whether a space in it is followed by a byte that follows the space
// every separator starts with. Most headlines hold none, and this is one
// pass over them where looking for each separator is eight.
func mayHoldSeparator(t string) bool {
	for i := 0; i+1 < len(t); i++ {
		if t[i] == ' ' && separatorSecondByte[t[i+1]] {
			return true
		}
	}
	return false
}

// separatorSecondByte marks the bytes that follow the leading space of
// each of TitleSeparators (TestTitleSeparatorsStartWithSpace checks that
// each has one).
var separatorSecondByte = func() (t [256]bool) {
	for _, sep := range TitleSeparators {
		t[sep[1]] = true
	}
	return t
}()

// ContainsFold reports whether list holds s, without regard to case.
func ContainsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

// Dedupe returns list without empty entries and without entries repeated
// in any case, trimmed, keeping the first of each and at most max. It
// returns nil for an empty result.
func Dedupe(list []string, max int) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, min(len(list), max))
	seen := make(map[string]bool, len(out))
	for _, s := range list {
		if len(out) == max {
			break
		}
		s = strings.TrimSpace(s)
		key := strings.ToLower(s)
		if s != "" && !seen[key] {
			seen[key] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// NonEmpty returns the entries of list that are not empty after trimming,
// reusing list when none is.
func NonEmpty(list []string) []string {
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			out := append([]string(nil), list[:i]...)
			for _, s := range list[i+1:] {
				if strings.TrimSpace(s) != "" {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return list
}

// HasLetter reports whether s holds a letter: a line with none ("14",
// "***") is a count or an ornament, not text.
func HasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// FirstOf returns the first non-empty string of values.
func FirstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// IsHTMLSpace reports whether c is white space as HTML defines it: space,
// tab, line feed, form feed or carriage return.
func IsHTMLSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\f', '\r':
		return true
	}
	return false
}
