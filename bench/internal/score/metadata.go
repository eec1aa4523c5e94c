package score

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// The metadata rules: how an extractor's title, authors, publication date,
// publisher and language are judged against the hand-checked truth
// (testdata/metadata-truth.json). Each field of each page is right or
// wrong; nothing is partly right.
//
//   - title: equal after MetaKey (NFC, typographic quotes, dashes,
//     ellipses and odd spaces folded to ASCII, zero-width characters
//     dropped, Unicode white space collapsed, full case folding).
//   - authors: the same set of names after MetaKey, order and repeats
//     ignored; an empty list equals an empty list.
//   - published: the same calendar date (DateMatches).
//   - publisher: equal after MetaKey once a leading "the " is dropped
//     from both ("the Guardian" = "The Guardian" = "Guardian").
//   - language: the same primary subtag, case-insensitive ("en-US" = "en").

// metaFold maps typographic variants to one ASCII form. It extends
// foldMap with guillemets, primes and zero-width characters, which titles
// and names carry and which a reader does not see as a difference.
var metaFold = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'", "\u00b4", "'", "\uff07", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`, "\u00ab", `"`, "\u00bb", `"`, "\u2039", "'", "\u203a", "'", "\uff02", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-", "\ufe58", "-", "\ufe63", "-", "\uff0d", "-",
	"\u2026", "...",
	"\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "",
)

var folder = cases.Fold()

// MetaKey is the comparison form of a metadata string: NFC-normalised,
// quotes, dashes and ellipses folded to ASCII, invisible characters
// (zero-width spaces and joiners, soft hyphens, BOM) removed, every run of
// Unicode white space (including no-break and thin spaces) made one space,
// the ends trimmed, and the result case-folded (so "STRASSE" and "Straße"
// agree).
func MetaKey(s string) string {
	s = metaFold.Replace(norm.NFC.String(s))
	return folder.String(strings.Join(strings.Fields(s), " "))
}

// TitleMatches reports whether an extracted title is the true one.
func TitleMatches(got, want string) bool { return MetaKey(got) == MetaKey(want) }

// AuthorsMatch reports whether the extracted names are the true names as
// sets: each name compared by MetaKey, blank names dropped, order and
// repeats ignored. No names matches no names.
func AuthorsMatch(got, want []string) bool {
	g, w := nameSet(got), nameSet(want)
	if len(g) != len(w) {
		return false
	}
	for k := range w {
		if !g[k] {
			return false
		}
	}
	return true
}

func nameSet(names []string) map[string]bool {
	set := map[string]bool{}
	for _, n := range names {
		if k := MetaKey(n); k != "" {
			set[k] = true
		}
	}
	return set
}

// PublisherKey is MetaKey without a leading "the ".
func PublisherKey(s string) string {
	k := MetaKey(s)
	if k == "the" {
		return ""
	}
	return strings.TrimPrefix(k, "the ")
}

// PublisherMatches reports whether an extracted site name is the true
// publisher, ignoring a leading "The". An empty site name never matches.
func PublisherMatches(got, want string) bool {
	g := PublisherKey(got)
	return g != "" && g == PublisherKey(want)
}

// PrimaryLanguage is the primary subtag of a BCP 47 tag, lower-cased:
// "en-US", "en_us" and "EN" give "en".
func PrimaryLanguage(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// LanguageMatches reports whether an extracted language has the true
// primary subtag. An empty language never matches.
func LanguageMatches(got, want string) bool {
	g := PrimaryLanguage(got)
	return g != "" && g == PrimaryLanguage(want)
}

// A TruthDate is the publication date of a page's truth: a calendar date,
// or an instant with its zone when the page gives a time. The zero
// TruthDate means the page states no date.
type TruthDate struct {
	T        time.Time // the date at midnight UTC, or the instant in its zone
	DateOnly bool
}

// IsZero reports a page without a date.
func (d TruthDate) IsZero() bool { return d.T.IsZero() }

// ParseTruthDate reads a truth date: "" (no date), "2006-01-02", or RFC
// 3339 with a zone ("2006-01-02T15:04:05-07:00", seconds and fraction
// optional).
func ParseTruthDate(s string) (TruthDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return TruthDate{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return TruthDate{T: t, DateOnly: true}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return TruthDate{T: t}, nil
		}
	}
	return TruthDate{}, fmt.Errorf("published %q: want YYYY-MM-DD or RFC 3339 with a zone", s)
}

// DateMatches reports whether an extracted publication time falls on the
// true calendar date. The rule, kept simple on purpose:
//
//   - The truth has no date: right only when the extractor gives none.
//   - The extractor gives none: wrong.
//   - The truth is a bare date: the extractor's time is read in its own
//     zone, as the extractor returned it; its calendar date must be the
//     true date.
//   - The truth has a time and zone: the extractor's time is read in the
//     truth's zone (so 2019-11-19T02:24Z is Nov 18 for a page that shows
//     "Nov 18, 9:24 pm ET"), and its date must be the true date.
//   - Either way, an extractor time of exactly midnight in its own zone is
//     a bare date (what a library returns for "2019-11-19"), taken as that
//     calendar day wherever it was, not moved across zones.
//
// Being within 24 hours is not enough: a different date is wrong.
func DateMatches(got time.Time, want TruthDate) bool {
	if want.IsZero() {
		return got.IsZero()
	}
	if got.IsZero() {
		return false
	}
	wy, wm, wd := want.T.Date()
	g := got
	bare := got.Hour() == 0 && got.Minute() == 0 && got.Second() == 0 && got.Nanosecond() == 0
	if !want.DateOnly && !bare {
		g = got.In(want.T.Location())
	}
	gy, gm, gd := g.Date()
	return gy == wy && gm == wm && gd == wd
}
