package bench

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The copies that BenchmarkIngestVsParse makes of its pages, so that a
// larger store can be measured without more real pages. A copy must be
// stored as a new article: another address, and a text that is neither
// the same (content hash) nor a near copy (MinHash of 5-word shingles) of
// any other. Two ways of making one differ in what the copies' words do
// to the full-text index, whose cost per token grows with the number of
// distinct terms (FTS5's in-memory hash of terms, the term dictionaries
// of its segments, their merges):
//
//   - rotatePage rotates the letters of every word, so that each copy
//     brings a vocabulary as large as the pages' own: ten copies, ten
//     times the terms. No real corpus grows so; this is the worst case.
//   - vocabulary.copyPage substitutes each word through a permutation of
//     the pages' own vocabulary (among words of similar frequency), fixed
//     per copy, and replaces only the rarest words by new ones, as many as
//     Heaps' law (below) has a real corpus of that size bring: the
//     realistic case.

// heapsBeta is the exponent of Heaps' law, V = K·T^β: the vocabulary V of
// a text of T tokens. For Reuters-RCV1, a year of newswire, β = 0.49
// (Manning, Raghavan and Schütze, Introduction to Information Retrieval,
// §5.1.1); ten times the text then has 10^0.49 ≈ 3.1 times the words.
const heapsBeta = 0.49

// rotatePage returns the page with the letters of its text (not of its
// scripts and styles) rotated by k places and every absolute address's
// host prefixed with "cK.": a page that parses as the original does, of
// a different text at a different address.
func rotatePage(src []byte, k int) []byte {
	return mapText(renameHosts(src, k), func(text []byte) []byte { return rotateLetters(text, k) })
}

// renameHosts prefixes the host of every absolute address in src with
// "cK.", so that copy k of a page has addresses of its own.
func renameHosts(src []byte, k int) []byte {
	return bytes.ReplaceAll(src, []byte("://"), fmt.Appendf(nil, "://c%d.", k))
}

// mapText returns the page with each text token outside scripts and
// styles replaced by f of it, and everything else as it was.
func mapText(src []byte, f func(text []byte) []byte) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(src))
	raw := false // inside a script or style
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		tok := z.Raw()
		switch tt {
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			if n := string(name); n == "script" || n == "style" {
				raw = tt == html.StartTagToken
			}
		case html.TextToken:
			if !raw {
				tok = f(tok)
			}
		}
		out.Write(tok)
	}
}

// rotateLetters rotates the ASCII letters of text by k places, leaving
// character references (&amp;) whole.
func rotateLetters(text []byte, k int) []byte {
	out := make([]byte, len(text))
	inRef := false
	for i, c := range text {
		switch {
		case c == '&':
			inRef = true
		case inRef && (c == ';' || c == ' ' || c == '<'):
			inRef = false
		case !inRef && 'a' <= c && c <= 'z':
			c = 'a' + (c-'a'+byte(k))%26
		case !inRef && 'A' <= c && c <= 'Z':
			c = 'A' + (c-'A'+byte(k))%26
		}
		out[i] = c
	}
	return out
}

// forWords calls word for each word of text (a run of letters, outside
// character references) and other for each run of anything else, in
// order: their concatenation is text.
func forWords(text []byte, word, other func([]byte)) {
	start, inWord, inRef := 0, false, false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		switch {
		case r == '&' && !inRef:
			inRef = true
		case inRef && (r == ';' || r == ' ' || r == '<'):
			inRef = false
		}
		letter := !inRef && unicode.IsLetter(r)
		if letter != inWord && i > start {
			if inWord {
				word(text[start:i])
			} else {
				other(text[start:i])
			}
			start = i
		}
		inWord = letter
		i += n
	}
	if len(text) > start {
		if inWord {
			word(text[start:])
		} else {
			other(text[start:])
		}
	}
}

// A vocabulary is the words of a set of pages' text, lower-cased, with
// how often each occurs, from which it makes copies of the pages that
// keep a natural vocabulary.
type vocabulary struct {
	words []string        // distinct words, the most frequent first
	index map[string]int  // a word's place in words
	made  map[string]bool // the new words substitution made
	// terms is how many distinct terms of a full-text index the words
	// make: fewer than the words where a stemmer makes one term of
	// "report", "reports" and "reported". Each new word is a new term.
	terms int
}

// newVocabulary returns the vocabulary of the text of the pages (not of
// their scripts and styles). terms counts the distinct index terms that
// a list of words makes (see indexTermsOf); nil counts the words.
func newVocabulary(pages [][]byte, terms func(words []string) int) *vocabulary {
	counts := map[string]int{}
	for _, src := range pages {
		mapText(src, func(text []byte) []byte {
			forWords(text, func(w []byte) { counts[strings.ToLower(string(w))]++ }, func([]byte) {})
			return text
		})
	}
	v := &vocabulary{index: make(map[string]int, len(counts)), made: map[string]bool{}}
	for w := range counts {
		v.words = append(v.words, w)
	}
	slices.SortFunc(v.words, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	for i, w := range v.words {
		v.index[w] = i
	}
	v.terms = len(v.words)
	if terms != nil {
		v.terms = terms(v.words)
	}
	return v
}

// substitution returns copy k's word map (k ≥ 1 of copies), the same
// for every page of the copy: each word becomes another of about the same
// frequency (a random cycle through each band of words of similar rank),
// so that the copy keeps the pages' distribution of word frequencies and
// lengths (frequent words are short); and the rarest words become new ones
// (their substitute with its letters rotated by k places, see newWord), as
// many as make the copies' vocabulary grow by Heaps' law: with n copies,
// n^heapsBeta times the terms of the pages' words in all, the same number
// from each copy. A new word is one no earlier call made, so the maps depend on the
// order of the calls: copy 1 first, then 2, and so on.
func (v *vocabulary) substitution(k, copies int) []string {
	rng := rand.New(rand.NewPCG(uint64(k), 0x5eed))
	sub := make([]string, len(v.words))
	for start := 0; start < len(v.words); {
		end := min(len(v.words), start+max(minBand, start/4))
		band := rng.Perm(end - start)
		for i, j := range band {
			sub[start+j] = v.words[start+band[(i+1)%len(band)]]
		}
		start = end
	}
	fresh := 0
	if copies > 1 {
		growth := math.Pow(float64(copies), heapsBeta) - 1
		fresh = min(len(v.words), int(float64(v.terms)*growth/float64(copies-1)))
	}
	for i := len(v.words) - fresh; i < len(v.words); i++ {
		sub[i] = v.newWord(sub[i], k)
	}
	return sub
}

// newWord returns a word that is neither in the vocabulary nor one it
// returned before, made of w (its letters rotated by k places, then
// letters added as needed).
func (v *vocabulary) newWord(w string, k int) string {
	w = string(rotateLetters([]byte(w), k))
	for {
		if _, old := v.index[w]; !old && !v.made[w] {
			v.made[w] = true
			return w
		}
		w += string(rune('a' + k%26))
	}
}

// minBand is the fewest words of a band of similar rank that
// substitution permutes.
const minBand = 16

// copyPage returns copy k of the page: its hosts renamed as rotatePage
// renames them, and each word of its text replaced through sub (from
// substitution), in the word's case (lower, Title or UPPER).
func (v *vocabulary) copyPage(src []byte, k int, sub []string) []byte {
	return mapText(renameHosts(src, k), func(text []byte) []byte {
		var out []byte
		forWords(text, func(w []byte) {
			s := string(w)
			i, ok := v.index[strings.ToLower(s)]
			if !ok { // not a word of the pages: cannot happen
				out = append(out, w...)
				return
			}
			out = append(out, inCaseOf(sub[i], s)...)
		}, func(b []byte) { out = append(out, b...) })
		return out
	})
}

// inCaseOf returns word in the case of like: upper case when like is
// upper case and longer than one letter, title case when like begins
// with a capital, else as it is (lower case).
func inCaseOf(word, like string) string {
	first, n := utf8.DecodeRuneInString(like)
	switch {
	case !unicode.IsUpper(first):
		return word
	case n < len(like) && strings.ToUpper(like) == like:
		return strings.ToUpper(word)
	}
	r, n := utf8.DecodeRuneInString(word)
	return string(unicode.ToUpper(r)) + word[n:]
}
