package bench

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
)

// copyTestPages are made-up pages of a few hundred words, enough words
// for substitution's bands.
func copyTestPages() [][]byte {
	var pages [][]byte
	for p := range 4 {
		var b strings.Builder
		fmt.Fprintf(&b, `<html><head><title>Jane Example report %d</title><style>p{color:red}</style>`+
			`<script>var token = "keepme";</script></head><body><a href="https://example.org/%d">Home</a><p>`, p, p)
		for i := range 300 {
			// A Zipf-like text: a few frequent words and many rare ones.
			fmt.Fprintf(&b, "the council of River Town %s%s and NASA said &amp; ", letters(i%97), letters((i*7+p)%13))
		}
		b.WriteString("</p></body></html>")
		pages = append(pages, []byte(b.String()))
	}
	return pages
}

// letters writes n in base 26 with the letters a to z.
func letters(n int) string {
	s := string(rune('a' + n%26))
	for n /= 26; n > 0; n /= 26 {
		s += string(rune('a' + n%26))
	}
	return s
}

// wordList returns the words of the page's text in order.
func wordList(src []byte) []string {
	var words []string
	mapText(src, func(text []byte) []byte {
		forWords(text, func(w []byte) { words = append(words, string(w)) }, func([]byte) {})
		return text
	})
	return words
}

func TestCopyPageKeepsMarkupAndChangesWords(t *testing.T) {
	pages := copyTestPages()
	v := newVocabulary(pages, nil)
	sub := v.substitution(3, 10)
	src := pages[0]
	cp := v.copyPage(src, 3, sub)
	for _, keep := range []string{`var token = "keepme";`, `p{color:red}`, `&amp;`, `https://c3.example.org/0`, `<p>`} {
		if !bytes.Contains(cp, []byte(keep)) {
			t.Errorf("the copy lost %q", keep)
		}
	}
	// Word for word, every word changed: a cycle has no fixed point.
	orig, copied := wordList(src), wordList(cp)
	if len(orig) != len(copied) || len(orig) < 1000 {
		t.Fatalf("%d words became %d", len(orig), len(copied))
	}
	for i := range orig {
		if strings.EqualFold(orig[i], copied[i]) {
			t.Fatalf("word %d, %q, kept", i, orig[i])
		}
	}
	// Words of the copy keep the case of the words they replace.
	if !bytes.Contains(cp, []byte("<title>")) || bytes.Contains(cp, []byte("Jane Example")) {
		t.Errorf("the title was not substituted: %s", cp[:80])
	}
	if n := strings.Count(string(cp), "NASA"); n != 0 {
		t.Errorf("NASA kept %d times", n)
	}
	upper := 0
	forWords(cp[bytes.Index(cp, []byte("<p>")):], func(w []byte) {
		if len(w) > 1 && bytes.Equal(w, bytes.ToUpper(w)) {
			upper++
		}
	}, func([]byte) {})
	if upper < 300 {
		t.Errorf("%d words in upper case, want at least the 300 that replace NASA", upper)
	}
}

func TestSubstitutionIsAPermutationPlusHeapsNewWords(t *testing.T) {
	v := newVocabulary(copyTestPages(), nil)
	const copies = 10
	all := map[string]bool{}
	for _, w := range v.words {
		all[w] = true
	}
	for k := 1; k < copies; k++ {
		sub := v.substitution(k, copies)
		seen := map[string]bool{}
		for i, w := range sub {
			if w == v.words[i] && len(v.words) > 1 {
				t.Errorf("copy %d keeps %q", k, w)
			}
			if seen[w] {
				t.Errorf("copy %d maps two words to %q", k, w)
			}
			seen[w] = true
			all[w] = true
		}
	}
	want := float64(len(v.words)) * math.Pow(copies, heapsBeta)
	if got := float64(len(all)); math.Abs(got-want) > 0.02*want {
		t.Errorf("%d copies have %.0f distinct words, want about %.0f (%d × %d^%.2f)", copies, got, want, len(v.words), copies, heapsBeta)
	}
}
