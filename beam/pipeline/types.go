// Package pipeline is the Apache Beam pipeline behind cmd/pipeline: it reads
// web archives, JSONL of articles and Newslooks text dumps, parses every page
// with newslooks, removes exact and near duplicates across the whole input
// and writes sharded JSONL. See ../README.md.
package pipeline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"time"

	"github.com/newsingest/newslooks"
)

// Chunk is a stretch of an input file to read and parse as one element:
// bytes [Start, End) of a web archive, starting at a record; the whole
// file (Start 0, End -1) for any other input.
type Chunk struct {
	Input      string
	Start, End int64
}

// Meta is what deduplication needs to know of an article: its identity,
// the reference that its duplicates point to, and its age.
type Meta struct {
	ID           string // unique in the run: input file and position
	Ref          string // canonical URL, else the source
	Source       string
	PublishedNs  int64
	HasPublished bool
	FetchedNs    int64
	HasFetched   bool
}

// Item is one parsed article on its way to the output.
type Item struct {
	Meta Meta
	Hash string // dedup.ContentHash; "" for no body
	Sig  []byte // dedup.Sig.MarshalBinary; nil for no body
	JSON []byte // the article exactly as `newslooks parse --format jsonl` writes it, without the newline
}

// Entry is what exact-duplicate search carries of an article, grouped by
// a bucket of its content hash: no text, no signature, only its band keys (for the
// earliest copy to be grouped by them).
type Entry struct {
	Hash  string // dedup.ContentHash; "id:" and the ID for no body
	Meta  Meta
	Bands []uint64 // dedup.Sig.Bands; nil for no body
}

// Cand is an article that shares an LSH band with another, as near-
// duplicate search compares it.
type Cand struct {
	Meta Meta
	Sig  []byte // dedup.Sig.MarshalBinary
}

// Line is an article's output line, before duplicate_of is added.
type Line struct {
	ID   string
	JSON []byte
}

// Failure is one record or input that gave no article.
type Failure struct {
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// Edge says that article ID is a duplicate of article Of.
type Edge struct {
	ID    string
	Of    Meta
	Exact bool
}

// Earlier reports whether a is the earlier copy of a story: one with a
// publication time sorts before one without, an earlier one before a later;
// then the same for the fetch time; then by source, then by ID, so that the
// order is total and the same on every runner.
func Earlier(a, b Meta) bool { return compareMeta(a, b) < 0 }

func compareMeta(a, b Meta) int {
	if c := compareTime(a.HasPublished, a.PublishedNs, b.HasPublished, b.PublishedNs); c != 0 {
		return c
	}
	if c := compareTime(a.HasFetched, a.FetchedNs, b.HasFetched, b.FetchedNs); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func compareTime(ha bool, a int64, hb bool, b int64) int {
	switch {
	case ha && hb:
		return cmp.Compare(a, b)
	case ha:
		return -1
	case hb:
		return 1
	}
	return 0
}

func unixNano(t time.Time) (int64, bool) {
	if t.IsZero() {
		return 0, false
	}
	return t.UnixNano(), true
}

// ArticleJSON encodes a as the command's jsonl format does: compact, HTML
// characters not escaped, no trailing newline.
func ArticleJSON(a *newslooks.Article) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// WithDuplicateOf adds "duplicate_of":ref as the last field of the JSON
// object line, leaving every byte before it as it was.
func WithDuplicateOf(line []byte, ref string) []byte {
	if ref == "" || len(line) < 2 || line[len(line)-1] != '}' {
		return line
	}
	var v bytes.Buffer
	enc := json.NewEncoder(&v)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(ref) // a string always encodes
	out := make([]byte, 0, len(line)+len(`,"duplicate_of":`)+v.Len())
	out = append(out, line[:len(line)-1]...)
	if len(line) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"duplicate_of":`...)
	out = append(out, bytes.TrimSuffix(v.Bytes(), []byte("\n"))...)
	return append(out, '}')
}
