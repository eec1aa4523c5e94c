// Package score holds the scoring helpers of the accuracy evaluation:
// a tokeniser, token-level precision/recall/F1, normalised string and list
// comparison, and the text of an HTML fragment.
package score

import (
	"strings"
	"time"
	"unicode"
)

// Tokenize splits s into lower-case word tokens: maximal runs of letters,
// digits and combining marks. Everything else (space, punctuation, quotes,
// dashes) separates tokens and is dropped, so "Russia’s 2022 invasion—"
// gives [russia s 2022 invasion].
func Tokenize(s string) []string {
	var toks []string
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, strings.ToLower(s[start:]))
	}
	return toks
}

// PRF is a precision, recall and F1 triple, each in [0, 1].
type PRF struct {
	Precision, Recall, F1 float64
}

// TokenPRF scores the candidate tokens against the reference tokens as
// bags of words: a token counts as matched as many times as it occurs in
// both (the multiset intersection). Two empty bags agree perfectly; an
// empty candidate against a non-empty reference scores zero, and so does
// a non-empty candidate against an empty reference.
func TokenPRF(candidate, reference []string) PRF {
	if len(candidate) == 0 && len(reference) == 0 {
		return PRF{1, 1, 1}
	}
	if len(candidate) == 0 || len(reference) == 0 {
		return PRF{}
	}
	ref := make(map[string]int, len(reference))
	for _, t := range reference {
		ref[t]++
	}
	overlap := 0
	for _, t := range candidate {
		if ref[t] > 0 {
			ref[t]--
			overlap++
		}
	}
	p := float64(overlap) / float64(len(candidate))
	r := float64(overlap) / float64(len(reference))
	return PRF{p, r, f1(p, r)}
}

// TextPRF is TokenPRF of the tokens of two texts.
func TextPRF(candidate, reference string) PRF {
	return TokenPRF(Tokenize(candidate), Tokenize(reference))
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// foldMap maps typographic variants to one ASCII form before comparison.
var foldMap = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u2033", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2212", "-",
	"\u00a0", " ", "\u2009", " ", "\u202f", " ", "\u200b", "",
	"\u2026", "...",
)

// Normalize prepares a short field (a headline, a name) for comparison:
// typographic quotes, dashes, ellipses and odd spaces folded to ASCII,
// runs of white space collapsed to one space, ends trimmed, lower case.
func Normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(foldMap.Replace(s)), " "))
}

// Equal reports whether two short fields are the same after Normalize.
func Equal(a, b string) bool { return Normalize(a) == Normalize(b) }

// ListF1 scores a list field (authors, quick-look items, section headings)
// as the F1 of the normalised items, each matched at most once. Two empty
// lists agree perfectly.
func ListF1(candidate, reference []string) float64 {
	return listF1(candidate, reference, Normalize)
}

// AuthorsF1 is ListF1 for names, compared by their words alone, so that
// punctuation does not count: "J Mansour" (as go-trafilatura writes it)
// matches "J. Mansour".
func AuthorsF1(candidate, reference []string) float64 {
	return listF1(candidate, reference, NameKey)
}

// NameKey is a name's words, lower-cased and joined by single spaces.
func NameKey(s string) string { return strings.Join(Tokenize(s), " ") }

func listF1(candidate, reference []string, key func(string) string) float64 {
	keys := func(l []string) []string {
		out := make([]string, 0, len(l))
		for _, s := range l {
			if k := key(s); k != "" {
				out = append(out, k)
			}
		}
		return out
	}
	return TokenPRF(keys(candidate), keys(reference)).F1
}

// SplitAuthors turns a byline string into names: a leading "By " is
// dropped and the rest is split at commas, semicolons, ampersands, bars
// and the word "and". "By A. Reyes, P. Lin and K. Wu" gives
// [A. Reyes P. Lin K. Wu].
func SplitAuthors(byline string) []string {
	s := strings.TrimSpace(byline)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = s[3:]
	}
	s = strings.NewReplacer(" and ", ";", " AND ", ";", " And ", ";", "&", ";", ",", ";", "|", ";").Replace(s)
	var names []string
	for _, n := range strings.Split(s, ";") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// SameDay reports whether two times fall on the same calendar day, read in
// the location of want (the reference value). Zero times never match.
func SameDay(got, want time.Time) bool {
	if got.IsZero() || want.IsZero() {
		return false
	}
	gy, gm, gd := got.In(want.Location()).Date()
	wy, wm, wd := want.Date()
	if gy == wy && gm == wm && gd == wd {
		return true
	}
	// A library that returns a bare date (midnight UTC) means that day
	// wherever it was.
	if got.Hour() == 0 && got.Minute() == 0 && got.Second() == 0 && got.Nanosecond() == 0 {
		gy, gm, gd = got.Date()
		return gy == wy && gm == wm && gd == wd
	}
	return false
}

// ParseTime reads the time formats found in metadata: RFC 3339 with or
// without fractional seconds, and "2006-01-02 15:04:05.000000" without a
// zone (read as UTC).
func ParseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
