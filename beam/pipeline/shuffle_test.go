package pipeline

import (
	"bytes"
	"encoding/binary"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
)

// encodedSize is how many bytes Beam's coder for v's type writes for v:
// what a runner moves (over gRPC on Prism, the network on a cluster) for
// one element.
func encodedSize(t *testing.T, v any) int {
	t.Helper()
	var buf bytes.Buffer
	if err := beam.NewElementEncoder(reflect.TypeOf(v)).Encode(v, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// TestShuffleBytes measures, for a real article that has no copy (the
// common case), the bytes its dedup shuffles carry, in the shape the
// pipeline had first (the whole Item through the hash grouping and the
// final join, and 32 band pairs each with the metadata and the
// signature), with ids through the band grouping, with the JSON written
// to files, and in the shape it has now; and fails if the saving is lost.
func TestShuffleBytes(t *testing.T) {
	txt, err := os.ReadFile("../../testdata/xi-putin.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := newslooks.ParseString(string(txt))
	if err != nil {
		t.Fatal(err)
	}
	a.Source = "https://news.example/2019/world/xi-putin-meeting.html"
	js, err := ArticleJSON(a)
	if err != nil {
		t.Fatal(err)
	}
	sig := dedup.Fingerprint(a.Text())
	raw, _ := sig.MarshalBinary()
	m := Meta{ID: "/data/crawl/CC-NEWS-20240517093000-00042.warc.gz@123456789", Source: a.Source, Ref: a.Source, HasPublished: true, PublishedNs: 1}
	it := Item{Meta: m, Hash: dedup.ContentHash(a), Sig: raw, JSON: js}
	noJSON := it
	noJSON.JSON = nil

	old := encodedSize(t, it.Hash) + encodedSize(t, it) + // hash grouping
		dedup.NumBands*(8+encodedSize(t, noJSON)) + // band grouping
		encodedSize(t, m.ID) + encodedSize(t, it) // final join
	bands := sig.Bands()
	type idBand struct { // the band pair before ids were hashed and packed
		Band uint64
		ID   string
	}
	ids := encodedSize(t, 0) + encodedSize(t, Entry{Hash: it.Hash, Meta: m, Bands: bands}) + // hash buckets
		len(bands)*(encodedSize(t, 0)+encodedSize(t, idBand{Band: bands[0], ID: m.ID})) + // band buckets: ids only
		encodedSize(t, 0) + encodedSize(t, Cand{Meta: m, Sig: raw}) + // signature, for a join
		encodedSize(t, 0) + encodedSize(t, Line{ID: m.ID, JSON: js}) // final join, by output shard
	// Before the signatures went to files: the band pairs packed 16 bytes
	// each (the key and the slice's length are shared by a bucket's
	// pairs), the JSON written to run files instead of grouped.
	files := encodedSize(t, 0) + encodedSize(t, Entry{Hash: it.Hash, Meta: m, Bands: bands}) +
		len(bands)*16 +
		encodedSize(t, 0) + encodedSize(t, Cand{Meta: m, Sig: raw})
	// Before the band keys went as 4 bytes: the Entry packed (appendEntry;
	// a bucket's key shared by its pack) with its band keys as uvarints,
	// the band pairs 16 bytes each (64-bit key and id hash), the signature
	// written to a file and read back only for an article that shares a
	// band.
	entry := len(appendEntry(nil, Entry{Hash: it.Hash, Meta: m, Bands: bands}))
	uvarints := 0
	for _, k := range bands {
		uvarints += len(binary.AppendUvarint(nil, k))
	}
	packed := entry - 4*len(bands) + uvarints + len(bands)*16
	// Before the Entries and band pairs went to files: band keys in 4
	// bytes in the Entry, and the band pairs 8 bytes (4-byte band key and
	// id hash, appendBandPair).
	packed4 := entry + len(bands)*bandPairSize
	// Now: nothing per article, only file names, at most spillShards a
	// bundle for the Entries and as many for the band pairs (the
	// signatures' names travel only to the join), shared by the records
	// of a chunk (8 MiB; the benchmark's generated records are ~3.3 kB).
	name := runsDir("/data/out", newRunID()) + "/" + strings.Repeat("0", 24) + ".band"
	perChunk := 2 * spillShards * (encodedSize(t, 0) + encodedSize(t, name))
	now := perChunk / (defaultChunkBytes / 3300)
	t.Logf("article JSON %d bytes; dedup shuffles per article without a copy: whole articles %d bytes, ids %d, JSON to files %d, packed %d, 4-byte bands %d, now %d (%d a chunk; %.1f× less than ids)", len(js), old, ids, files, packed, packed4, now, perChunk, float64(ids)/float64(now))
	if now*4 > packed4 {
		t.Errorf("dedup shuffles %d bytes per article, want under a quarter of the %d before the Entries and band pairs went to files", now, packed4)
	}
	if now*2 > files {
		t.Errorf("dedup shuffles %d bytes per article, want under half the %d before the signatures went to files", now, files)
	}
	if now*4 > packed*3 {
		t.Errorf("dedup shuffles %d bytes per article, want under 3/4 of the %d with 16-byte band pairs", now, packed)
	}
	if now*3 > old || now*2 > ids {
		t.Errorf("dedup shuffles %d bytes per article, want under a third of the %d of whole articles and half the %d of ids", now, old, ids)
	}
}
