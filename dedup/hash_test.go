package dedup

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/newsingest/newslooks"
)

func article(headline string, paras ...string) *newslooks.Article {
	return &newslooks.Article{Headline: headline, Sections: []newslooks.Section{{Paragraphs: paras}}}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Hello,   World!\n\nIt’s “fine” — really…  ", "hello world it s fine really"},
		{"U.S.-China trade: $1.5bn", "u s china trade 1 5bn"},
		{"ÉCOLE été", "école été"},
		{"Ünïcödé\tTEXT", "ünïcödé text"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContentHash(t *testing.T) {
	a := article("Headline one", "First paragraph — with “quotes”.", "Second paragraph.")
	a.URL = "https://a.example/story"
	b := article("A different headline", "first paragraph -- with \"quotes\"", "SECOND   paragraph")
	b.URL = "https://b.example/other"
	b.Summary = "another summary"
	if ContentHash(a) != ContentHash(b) {
		t.Error("the same body under two URLs and headlines hashes differently")
	}
	if h := ContentHash(a); len(h) != 64 {
		t.Errorf("hash %q is not hex SHA-256", h)
	}
	c := article("Headline one", "First paragraph with quotes.", "Third paragraph.")
	if ContentHash(a) == ContentHash(c) {
		t.Error("different bodies hash equal")
	}
	if h := ContentHash(article("Only a headline")); h != "" {
		t.Errorf("empty body hashes to %q, want \"\"", h)
	}
	// Pinned: the hash is a stored key, the SHA-256 of the normalized text.
	if got, want := ContentHash(article("x", "Hello!")), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; got != want {
		t.Errorf("ContentHash = %s, want sha256(\"hello\") = %s", got, want)
	}
}

// TestDigest: Digest gives what ContentHash (the SHA-256 of Normalize)
// and Fingerprint give, on every text of the labelled corpus and on texts
// at the edges: no words, fewer words than a shingle, non-ASCII letters.
func TestDigest(t *testing.T) {
	texts := []string{"", "  ,;  ", "one", "two words", "Ünïcödé, ÇA VA; ça va!", "a b c d e", "a b c d e f"}
	for _, d := range loadCorpus(t).Docs {
		texts = append(texts, d.Body)
	}
	for _, text := range texts {
		wantHash := ""
		if n := Normalize(text); n != "" {
			sum := sha256.Sum256([]byte(n))
			wantHash = hex.EncodeToString(sum[:])
		}
		hash, sig := Digest(text)
		if hash != wantHash {
			t.Errorf("Digest(%.40q) hash %s, want %s", text, hash, wantHash)
		}
		if sig != Fingerprint(text) {
			t.Errorf("Digest(%.40q) signature differs from Fingerprint's", text)
		}
	}
}
