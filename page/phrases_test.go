package page

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPhraseSetFound(t *testing.T) {
	ps := newPhraseSet("sign up", "signal", "inbox", "beiträge", "up")
	for _, c := range []struct {
		s    string
		want uint64
	}{
		{"", 0},
		{"s", 0},
		{"sign up for our newsletter", 1<<0 | 1<<4},
		{"a signal", 1 << 1},
		{"check your inbox", 1 << 2},
		{"alle beiträge von", 1 << 3},
		{"sign u", 0},
		{"up", 1 << 4},
		{"Sign Up", 0}, // bytes are compared as they are
	} {
		if got := ps.found(c.s); got != c.want {
			t.Errorf("found(%q) = %b, want %b", c.s, got, c.want)
		}
	}
}

// TestPhraseSetMatchesContains checks found against strings.Contains on
// random texts over a small alphabet, where phrases overlap and repeat.
func TestPhraseSetMatchesContains(t *testing.T) {
	phrases := []string{"ab", "aba", "bab", "abcab", "cc", "ä b", "bä"}
	ps := newPhraseSet(phrases...)
	alphabet := []string{"a", "b", "c", " ", "ä"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		var want uint64
		for i, p := range phrases {
			if strings.Contains(s, p) {
				want |= 1 << i
			}
		}
		if got := ps.found(s); got != want {
			t.Fatalf("found(%q) = %b, want %b", s, got, want)
		}
	}
}

func TestNewPhraseSetRefusesShortPhrase(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("newPhraseSet accepted a one-byte phrase")
		}
	}()
	newPhraseSet("ok", "x")
}
