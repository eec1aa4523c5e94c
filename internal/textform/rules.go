package textform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuickLooksSuffix ends the title line of the Quick Looks block.
const QuickLooksSuffix = "Quick Looks"

// IsQuickLooksTitle reports whether s is the title line of a Quick Looks
// block: a short line ending in "Quick Looks", in any case.
func IsQuickLooksTitle(s string) bool {
	n := len(s) - len(QuickLooksSuffix)
	if n < 0 || len(s) > 160 || !strings.EqualFold(s[n:], QuickLooksSuffix) {
		return false
	}
	_, isBullet := BulletItem(s)
	return !isBullet && (n == 0 || s[n-1] == ' ')
}

// BulletItem returns the text of a quick-look item line without its bullet,
// and whether s is an item line at all. The bullets the format allows are
// "-", "•", "*" and "–", each followed by a space; a bullet with nothing
// after it is an item line with an empty item.
func BulletItem(s string) (string, bool) {
	var rest string
	switch {
	case s == "":
		return "", false
	case s[0] == '-' || s[0] == '*':
		rest = s[1:]
	case strings.HasPrefix(s, "•") || strings.HasPrefix(s, "–"):
		rest = s[len("•"):] // both are three bytes
	default:
		return "", false
	}
	if rest == "" {
		return "", true
	}
	if rest[0] == ' ' || rest[0] == '\t' {
		return strings.TrimSpace(rest), true
	}
	return "", false
}

// MaxHeading is the longest section heading, in bytes.
const MaxHeading = 120

// IsHeading reports whether s is a section heading: a short line that is
// not a sentence. It starts with a capital or a digit and does not end in
// sentence punctuation, except a question mark or an abbreviation such as
// "U.S.".
func IsHeading(s string) bool {
	if s == "" || len(s) > MaxHeading || strings.Count(s, " ") > 14 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '?':
		return true
	case '.':
		return IsAbbreviation(s[strings.LastIndexByte(s, ' ')+1:])
	}
	return unicode.IsLetter(last) || unicode.IsDigit(last) || last == ')' || last == '%'
}

// IsAbbreviation reports whether w is a run of dotted capitals: "U.S.",
// "D.C.".
func IsAbbreviation(w string) bool {
	if len(w) < 4 {
		return false
	}
	for k := 0; k < len(w); k += 2 {
		if k+1 >= len(w) || w[k] < 'A' || w[k] > 'Z' || w[k+1] != '.' {
			return false
		}
	}
	return true
}

// maxDateline is the longest dateline, in bytes, credit included.
const maxDateline = 80

// Dateline returns the place a paragraph was filed from ("BEIJING —
// ..." gives "BEIJING"), without a bracketed credit ("LONDON (AP) — ..."
// gives "LONDON"), or "" when the paragraph has no dateline. The place
// ends at the first dash that separates it from the story: " — ", " – ",
// " -- ", " - ", or an em dash with no spaces.
func Dateline(p string) string {
	end := datelineEnd(p[:min(len(p), maxDateline+len(" — "))])
	if end <= 0 {
		return ""
	}
	place := strings.TrimSpace(p[:end])
	if strings.HasSuffix(place, ")") {
		if k := strings.LastIndexByte(place, '('); k > 0 {
			place = strings.TrimSpace(place[:k])
		}
	}
	place = strings.TrimRight(place, ", ")
	// The first word of the place is in capitals: "KYIV, Ukraine".
	word := place
	if k := strings.IndexAny(place, " ,"); k >= 0 {
		word = place[:k]
	}
	if !IsLocation(word) || strings.ContainsAny(place, "“”\"") {
		return ""
	}
	return place
}

// datelineEnd returns the index in head of the dash that ends a dateline,
// or -1. It looks at each byte once: this runs on every article.
func datelineEnd(head string) int {
	for i := 0; i < len(head); i++ {
		switch {
		case head[i] == 0xE2 && i+2 < len(head) && head[i+1] == 0x80 && (head[i+2] == 0x94 || head[i+2] == 0x93):
			// "—" (E2 80 94) or "–" (E2 80 93).
			em := head[i+2] == 0x94
			if i > 0 && head[i-1] == ' ' && i+3 < len(head) && head[i+3] == ' ' {
				return i - 1
			}
			if em && i > 0 && head[i-1] != ' ' {
				return i // "WASHINGTON—The Senate"
			}
		case head[i] == '-' && i > 0 && head[i-1] == ' ':
			n := 1
			if i+1 < len(head) && head[i+1] == '-' {
				n = 2
			}
			if i+n < len(head) && head[i+n] == ' ' {
				return i - 1
			}
		}
	}
	return -1
}
