package dedup

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsingest/newslooks"
)

// Normalize returns the form of a text that [ContentHash] hashes and
// [Fingerprint] shingles: letters lower-cased, every run of characters that
// are not letters, digits or combining marks (punctuation, symbols,
// whitespace) replaced by one space, no space at either end. Quote style,
// dashes, line breaks and spacing therefore never make two copies differ.
func Normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for w := range words(text) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(w)
	}
	return b.String()
}

// words yields the lower-cased words of text: maximal runs of letters,
// digits and combining marks. The slice is reused between calls.
func words(text string) func(yield func([]byte) bool) {
	return func(yield func([]byte) bool) {
		var buf []byte
		for i := 0; i < len(text); {
			c := text[i]
			if c < utf8.RuneSelf {
				i++
				switch {
				case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
					buf = append(buf, c)
					continue
				case 'A' <= c && c <= 'Z':
					buf = append(buf, c+'a'-'A')
					continue
				}
			} else {
				r, n := utf8.DecodeRuneInString(text[i:])
				i += n
				if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
					buf = utf8.AppendRune(buf, unicode.ToLower(r))
					continue
				}
			}
			if len(buf) > 0 {
				if !yield(buf) {
					return
				}
				buf = buf[:0]
			}
		}
		if len(buf) > 0 {
			yield(buf)
		}
	}
}

// ContentHash returns the hex SHA-256 of the article's normalized body: the
// [Normalize]d form of [newslooks.Article.Text] (section headings and
// paragraphs; not the headline, byline, summary or Quick Looks, which
// syndicated copies rewrite). The same body under two URLs hashes equal.
// An article with no body text returns "", which should never be treated
// as a match.
func ContentHash(a *newslooks.Article) string {
	hash, _ := Digest(a.Text())
	return hash
}

// Digest returns what [ContentHash] and [Fingerprint] compute of a text
// (an article's [newslooks.Article.Text]), in one pass over its words:
// the hex SHA-256 of its normalized form, "" when it has no words, and
// its MinHash signature. It is what a store computes of each article.
func Digest(text string) (hash string, sig Sig) {
	var f fingerprinter
	f.init()
	// The normalized text is hashed whole at the end: a hash.Hash
	// written word by word spent as much on its two Writes a word as on
	// the hashing.
	norm := make([]byte, 0, len(text))
	for w := range words(text) {
		if len(norm) > 0 {
			norm = append(norm, ' ')
		}
		norm = append(norm, w...)
		f.add(w)
	}
	if f.n == 0 {
		return "", Sig{}
	}
	sum := sha256.Sum256(norm)
	return hex.EncodeToString(sum[:]), f.sig()
}
