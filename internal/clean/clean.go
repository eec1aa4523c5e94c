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
	"unicode/utf8"
)

// Space trims s and turns each run of white space inside it into one
// ASCII space. It returns s itself when there is nothing to change.
func Space(s string) string {
	if isClean(s) {
		return s
	}
	b, _ := AppendSpace(make([]byte, 0, len(s)), s, false)
	return string(b)
}

// SpaceBytes is Space for a byte slice; it allocates the result once.
func SpaceBytes(b []byte) string {
	out, _ := AppendSpace(make([]byte, 0, len(b)), unsafeString(b), false)
	return string(out)
}

// isClean reports whether s has no white space to trim or collapse: no
// leading or trailing space, no space but single ASCII spaces, and no
// byte that could start a multi-byte space.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch byteClass[s[i]] {
		case plainByte:
		case asciiSpaceByte:
			// A lone ASCII space between words is clean; the ends were
			// checked above.
			if s[i] != ' ' || s[i+1] == ' ' {
				return false
			}
		default:
			// Some multi-byte runes are spaces; look closer only then.
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			i += size - 1
		}
	}
	return true
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
	// loop copy runs of bytes without append's checks.
	n, most := len(b), len(s)
	if pending && n > 0 {
		most++
	}
	out := slices.Grow(b, most)
	out = out[:cap(out)]
	for i := 0; i < len(s); {
		// A run of plain bytes (neither ASCII space nor the start of a
		// multi-byte rune) is copied whole: it is most of a page's text.
		j := i
		for j < len(s) && byteClass[s[j]] == plainByte {
			j++
		}
		if j > i {
			if pending && n > 0 {
				out[n] = ' '
				n++
			}
			pending = false
			n += copy(out[n:], s[i:j])
			i = j
			continue
		}
		if byteClass[s[i]] == asciiSpaceByte {
			pending = true
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			pending = true
			i += size
			continue
		}
		if pending && n > 0 {
			out[n] = ' '
			n++
		}
		pending = false
		n += copy(out[n:], s[i:i+size])
		i += size
	}
	if n == len(b) {
		return b, pending // white space only: b as it was (nil stays nil)
	}
	return out[:n], pending
}

// The classes of byteClass.
const (
	plainByte      = iota // a byte that stands for itself: no space, ASCII
	asciiSpaceByte        // ' ', '\t', '\n', '\v', '\f', '\r'
	multiByte             // the first (or a later) byte of a multi-byte rune
)

// byteClass sorts the bytes for the loops of isClean and AppendSpace, so
// that they test one table entry per byte.
var byteClass = func() (t [256]uint8) {
	for _, c := range []byte{' ', '\t', '\n', '\v', '\f', '\r'} {
		t[c] = asciiSpaceByte
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = multiByte
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
