package dedup

import (
	"encoding/binary"
	"errors"
	"math"
)

const (
	// Version identifies the fingerprint scheme: the tokenizer, shingle
	// size, hash functions and banding. Signatures and band keys computed
	// under different versions must not be compared; stores should record it.
	Version = 2

	// ShingleWords is the number of consecutive words in a shingle.
	ShingleWords = 5
	// NumHashes is the number of MinHash values in a [Sig].
	NumHashes = 128
	// BandRows is the number of MinHash values per LSH band.
	BandRows = 3
	// NumBands is the number of band keys [Sig.Bands] returns.
	// Bands use the first NumBands*BandRows values of a signature.
	NumBands = 21

	// Threshold is the estimated Jaccard similarity of shingle sets at or
	// above which [Similar] reports two texts as near duplicates.
	Threshold = 0.5

	// SigSize is the length of [Sig.MarshalBinary]'s encoding.
	SigSize = NumHashes * 4
)

// A Sig is the MinHash signature of a text: for each of NumHashes hash
// functions, the least hash value over the text's shingles. The zero Sig
// is the signature of a text with no words; it is similar to nothing and
// has no bands. A Sig is a plain value: compare with ==, copy freely.
type Sig [NumHashes]uint32

// Fingerprint returns the MinHash signature of text's 5-word shingles,
// over the words that [Normalize] keeps. A text of fewer than ShingleWords
// words is one shingle.
//
// It is one-permutation MinHash with optimal densification (Shrivastava,
// ICML 2017): each shingle is hashed once, to 64 bits; the top 7 bits pick
// one of the NumHashes bins and the low 32 bits are the value whose
// minimum the bin keeps. A bin no shingle fell in (only in texts of a few
// hundred words or fewer) takes the value of the first filled bin of a
// fixed pseudo-random probe sequence of its own, the same for every text,
// so that two signatures still agree at a position with probability equal
// to the texts' Jaccard similarity. This costs O(1) per shingle where
// NumHashes hash functions cost NumHashes.
func Fingerprint(text string) Sig {
	var (
		mins  Sig
		ring  [ShingleWords]uint64 // hashes of the last ShingleWords words
		n     int                  // words seen
		empty = true
	)
	for i := range mins {
		mins[i] = math.MaxUint32
	}
	var filled [NumHashes]bool
	add := func(h uint64) {
		empty = false
		bin, v := h>>(64-binBits), uint32(h)
		filled[bin] = true
		if v < mins[bin] {
			mins[bin] = v
		}
	}
	// A shingle's hash is the polynomial sum of its word hashes w₀…w₄,
	// oldest first, times powers of shingleMul, updated as the window
	// rolls by one word: (h - w₀·M⁴)·M + w₅.
	var h uint64
	for w := range words(text) {
		wh := fnv64(w)
		old := ring[n%ShingleWords]
		ring[n%ShingleWords] = wh
		n++
		if n > ShingleWords {
			h -= old * shingleTop
		}
		h = h*shingleMul + wh
		if n >= ShingleWords {
			add(mix64(h))
		}
	}
	if n > 0 && n < ShingleWords {
		add(mix64(h))
	}
	if empty {
		return Sig{}
	}
	densify(&mins, &filled)
	return mins
}

// binBits is log2(NumHashes): the hash bits that pick a shingle's bin.
const binBits = 7

// shingleMul combines a shingle's word hashes (an odd constant: the golden
// ratio's 64-bit fraction); shingleTop is shingleMul^(ShingleWords-1), the
// weight of a window's oldest word.
const shingleMul = 0x9e3779b97f4a7c15

var shingleTop = func() uint64 {
	p := uint64(1)
	for range ShingleWords - 1 {
		p *= shingleMul
	}
	return p
}()

// densify fills the empty bins of sig: bin i probes bins
// mix64(i<<32|attempt) mod NumHashes for attempt 1, 2, … and copies the
// first filled bin's value. At least one bin is filled.
func densify(sig *Sig, filled *[NumHashes]bool) {
	orig := *sig
	for i := range sig {
		if filled[i] {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			j := mix64(uint64(i)<<32|attempt) & (NumHashes - 1)
			if filled[j] {
				sig[i] = orig[j]
				break
			}
		}
	}
}

// Empty reports whether s is the signature of a text with no words.
func (s Sig) Empty() bool { return s == Sig{} }

// Jaccard returns the estimated Jaccard similarity of the two texts'
// shingle sets: the fraction of positions at which the signatures agree.
// It is 0 if either signature is empty.
func Jaccard(a, b Sig) float64 {
	if a.Empty() || b.Empty() {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / NumHashes
}

// Similar reports whether two signatures are near duplicates: their
// estimated Jaccard similarity is at least [Threshold]. Empty signatures
// are similar to nothing.
func Similar(a, b Sig) bool { return Jaccard(a, b) >= Threshold }

// Bands returns the signature's NumBands LSH band keys: band i's key hashes
// i and the BandRows values of rows i*BandRows to (i+1)*BandRows-1, so keys
// of different bands rarely meet. Texts with a Jaccard similarity J share
// at least one key with probability 1-(1-J^3)^21. Keys are below 2^32, so
// that a database stores each in 4 or 5 bytes; two different bands meet by
// chance once in 2^32 comparisons, a candidate that [Similar] rejects. An
// empty signature has no bands (nil). The keys are stable across processes
// and machines.
func (s Sig) Bands() []uint64 {
	if s.Empty() {
		return nil
	}
	keys := make([]uint64, NumBands)
	for i := range keys {
		h := uint64(i+1) * 0x9e3779b97f4a7c15
		for _, v := range s[i*BandRows : (i+1)*BandRows] {
			h = mix64(h ^ uint64(v))
		}
		keys[i] = h >> 32
	}
	return keys
}

// MarshalBinary encodes the signature as SigSize bytes, little-endian.
func (s Sig) MarshalBinary() ([]byte, error) {
	b := make([]byte, SigSize)
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[i*4:], v)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (s *Sig) UnmarshalBinary(b []byte) error {
	if len(b) != SigSize {
		return errors.New("dedup: a signature is 512 bytes")
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[i*4:])
	}
	return nil
}

func fnv64(s []byte) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix64 is the splitmix64 finalizer: a bijection that spreads every input
// bit over the whole output.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
