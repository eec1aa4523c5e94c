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
	var f fingerprinter
	f.init()
	for w := range words(text) {
		f.add(w)
	}
	return f.sig()
}

// A fingerprinter computes a Fingerprint one word at a time, so that
// [Digest] can compute it in the same pass over the words as the content
// hash. init must be called first.
type fingerprinter struct {
	mins   Sig
	filled [NumHashes]bool
	ring   [ShingleWords]uint64 // hashes of the last ShingleWords words
	n      int                  // words seen
	h      uint64               // the rolling hash of the last shingle
	empty  bool
}

func (f *fingerprinter) init() {
	for i := range f.mins {
		f.mins[i] = math.MaxUint32
	}
	f.empty = true
}

// add adds the next word. A shingle's hash is the polynomial sum of its
// word hashes w₀…w₄, oldest first, times powers of shingleMul, updated as
// the window rolls by one word: (h - w₀·M⁴)·M + w₅.
func (f *fingerprinter) add(w []byte) {
	wh := fnv64(w)
	old := f.ring[f.n%ShingleWords]
	f.ring[f.n%ShingleWords] = wh
	f.n++
	if f.n > ShingleWords {
		f.h -= old * shingleTop
	}
	f.h = f.h*shingleMul + wh
	if f.n >= ShingleWords {
		f.addShingle(mix64(f.h))
	}
}

// addShingle keeps a shingle's hash: the top bits pick its bin, the low
// 32 bits are the value whose minimum the bin keeps.
func (f *fingerprinter) addShingle(h uint64) {
	f.empty = false
	bin, v := h>>(64-binBits), uint32(h)
	f.filled[bin] = true
	if v < f.mins[bin] {
		f.mins[bin] = v
	}
}

// sig returns the signature of the words added: a text of fewer than
// ShingleWords words is one shingle.
func (f *fingerprinter) sig() Sig {
	if f.n > 0 && f.n < ShingleWords {
		f.addShingle(mix64(f.h))
	}
	if f.empty {
		return Sig{}
	}
	densify(&f.mins, &f.filled)
	return f.mins
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
