package dedup

import (
	"strings"
	"testing"
)

func benchText(b *testing.B) string {
	c := loadCorpus(b)
	for _, d := range c.Docs {
		if d.ID == "702d1da6-original" { // NYT, 1,567 words
			return d.Body
		}
	}
	b.Fatal("benchmark text missing")
	return ""
}

func BenchmarkFingerprint(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint(text)
	}
}

func BenchmarkBands(b *testing.B) {
	s := Fingerprint(benchText(b))
	b.ReportAllocs()
	for b.Loop() {
		s.Bands()
	}
}

func BenchmarkContentHash(b *testing.B) {
	a := article("h", strings.Split(benchText(b), "\n\n")...)
	b.SetBytes(int64(len(a.Text())))
	b.ReportAllocs()
	for b.Loop() {
		ContentHash(a)
	}
}

func BenchmarkCanonicalURL(b *testing.B) {
	const u = "https://www.Example.com:443/world/2019/11/18/story/?utm_source=tw&b=2&a=1&fbclid=x#top"
	b.ReportAllocs()
	for b.Loop() {
		CanonicalURL(u)
	}
}
