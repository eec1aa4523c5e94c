// Package dedup finds the same news story under different addresses and in
// different copies: a canonical form for URLs, an exact content hash for
// bodies, and a near-duplicate fingerprint for syndicated copies that differ
// in chrome, a paragraph or the headline.
//
// Every function here is pure and deterministic: the same input gives the
// same output on every machine, in every process and in every release that
// keeps [Version]. They can be used as grouping keys in a batch pipeline
// (for example Apache Beam's GroupByKey over [Sig.Bands]) as well as
// database index keys in package store.
//
// # URLs
//
// [CanonicalURL] maps the addresses a page is reached by to one key: see its
// documentation for the exact rules and [TrackingParams] for the query
// parameters it drops.
//
// # Exact duplicates
//
// [ContentHash] is the SHA-256 of the article body after [Normalize]:
// lower case, punctuation removed, whitespace collapsed. The standard library
// has no Unicode normalization, so a body written with decomposed accents
// (e + U+0301) hashes differently from one with precomposed accents (é).
//
// # Near duplicates: MinHash with LSH banding
//
// A near duplicate is a copy whose text mostly overlaps another's: the same
// wire story with a different credit line, a cut or added paragraph, an
// editor's note. Overlap of word shingles (Jaccard similarity of the sets of
// 5-word windows) measures exactly that, and MinHash estimates it without
// keeping the shingles: [Fingerprint] keeps, for each of [NumHashes] hash
// functions, the minimum hash over the text's shingles, and the fraction of
// positions at which two signatures agree is an unbiased estimate of their
// Jaccard similarity. [Similar] reports whether that estimate reaches
// [Threshold].
//
// MinHash was chosen over SimHash because its error is a property of the
// data, not of the text's length: adding a paragraph to a SimHash'd text
// flips an unpredictable number of bits, and a Hamming radius that tolerates
// a cut paragraph in a short story also admits unrelated long stories on the
// same topic, which share most of their common words. Jaccard over 5-word
// shingles is near 0 for two different articles on the same event (they
// share names, not sentences) and stays above 0.6 when a paragraph in five
// changes.
//
// [Fingerprint] hashes each shingle once (one-permutation MinHash with
// densification): the cost is a few nanoseconds per word, not NumHashes
// hash evaluations per shingle.
//
// To find candidates without comparing against every stored signature,
// [Sig.Bands] cuts the signature into [NumBands] bands of [BandRows] rows and
// hashes each band to one key. Two texts share at least one band key
// with probability 1-(1-J^r)^b for Jaccard J (r = BandRows, b = NumBands):
// 0.94 at J = 0.5, 0.994 at J = 0.6, 0.9999 at J = 0.7, and 0.16 at J = 0.2.
// On the labelled test set (testdata/corpus.json) every pair of copies,
// the least similar at J ≈ 0.54, shares at least two of the 21 keys; the
// 32 bands of 4 rows of Version 1 shared as few as one, and 16 bands of 3
// or 4 rows missed pairs. A lookup therefore touches only the rows stored
// under its own band keys, whatever the size of the store; the candidates
// are then confirmed with [Similar].
package dedup
