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

// BenchmarkFingerprint times Fingerprint beside two peers in the same run:
// "words", the floor, only splits the text into words as Fingerprint does;
// "128hashes" is Version 1's MinHash, which evaluated 128 hash functions
// per shingle.
func BenchmarkFingerprint(b *testing.B) {
	text := benchText(b)
	b.Run("fingerprint", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			Fingerprint(text)
		}
	})
	b.Run("words", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		var h uint64
		for b.Loop() {
			for w := range words(text) {
				h ^= fnv64(w)
			}
		}
		sink = h
	})
	b.Run("128hashes", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			fingerprint128(text)
		}
	})
}

var sink uint64

// fingerprint128 is Version 1's Fingerprint, kept as the benchmark's peer:
// the minimum of 128 multiply-shift hash functions over every shingle.
func fingerprint128(text string) Sig {
	var (
		mins Sig
		ring [ShingleWords]uint64
		n    int
	)
	for i := range mins {
		mins[i] = ^uint32(0)
	}
	a, c := coef128()
	for w := range words(text) {
		ring[n%ShingleWords] = fnv64(w)
		n++
		if n < ShingleWords {
			continue
		}
		h := uint64(14695981039346656037)
		for k := range ShingleWords {
			h = mix64((h ^ ring[(n+k)%ShingleWords]) * 1099511628211)
		}
		h = mix64(h)
		for i := range mins {
			if v := uint32((a[i]*h + c[i]) >> 32); v < mins[i] {
				mins[i] = v
			}
		}
	}
	return mins
}

func coef128() (a, c [NumHashes]uint64) {
	state := uint64(0x6e6577736c6f6f6b)
	for i := range a {
		state += 0x9e3779b97f4a7c15
		a[i] = mix64(state) | 1
		state += 0x9e3779b97f4a7c15
		c[i] = mix64(state)
	}
	return a, c
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
