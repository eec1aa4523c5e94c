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
	Version = 1

	// ShingleWords is the number of consecutive words in a shingle.
	ShingleWords = 5
	// NumHashes is the number of MinHash values in a [Sig].
	NumHashes = 128
	// BandRows is the number of MinHash values per LSH band.
	BandRows = 4
	// NumBands is the number of band keys [Sig.Bands] returns.
	NumBands = NumHashes / BandRows

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
func Fingerprint(text string) Sig {
	var (
		mins  [NumHashes]uint32
		ring  [ShingleWords]uint64 // hashes of the last ShingleWords words
		n     int                  // words seen
		empty = true
	)
	for i := range mins {
		mins[i] = math.MaxUint32
	}
	add := func(h uint64) {
		empty = false
		h = mix64(h)
		for i := range mins {
			// Multiply-shift hashing: the high half of a*h+b, with a odd,
			// is a 2-universal family over 64-bit keys.
			v := uint32((coefA[i]*h + coefB[i]) >> 32)
			if v < mins[i] {
				mins[i] = v
			}
		}
	}
	shingle := func() uint64 {
		// Combine the window's word hashes in order.
		h := uint64(14695981039346656037)
		for k := range ShingleWords {
			h = (h ^ ring[(n+k)%ShingleWords]) * 1099511628211
			h = mix64(h)
		}
		return h
	}
	for w := range words(text) {
		ring[n%ShingleWords] = fnv64(w)
		n++
		if n >= ShingleWords {
			add(shingle())
		}
	}
	if n > 0 && n < ShingleWords {
		h := uint64(14695981039346656037)
		for k := range n {
			h = mix64((h ^ ring[k]) * 1099511628211)
		}
		add(h)
	}
	if empty {
		return Sig{}
	}
	return Sig(mins)
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
// of different bands never meet by construction. Texts with a Jaccard
// similarity J share at least one key with probability 1-(1-J^4)^32. An
// empty signature has no bands (nil). The keys are stable across processes
// and machines; store them as int64 by conversion if the database has no
// unsigned type.
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
		keys[i] = h
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

// coefA and coefB are the hash functions' coefficients, drawn from a
// splitmix64 sequence with a fixed seed: part of Version.
var coefA, coefB = func() (a, b [NumHashes]uint64) {
	state := uint64(0x6e6577736c6f6f6b) // "newslook"
	next := func() uint64 {
		state += 0x9e3779b97f4a7c15
		return mix64(state)
	}
	for i := range a {
		a[i] = next() | 1
		b[i] = next()
	}
	return a, b
}()
