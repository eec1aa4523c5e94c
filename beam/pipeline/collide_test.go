package pipeline

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/newsingest/newslooks/dedup"
)

// collidingIDs returns two article IDs of the shape the read stage gives
// (file@offset) with one idHash: among n IDs about n²/2³³ pairs collide,
// so a few hundred thousand give some.
func collidingIDs(t *testing.T) (string, string) {
	t.Helper()
	seen := map[uint32]string{}
	for i := range 1 << 20 {
		id := fmt.Sprintf("crawl-%d.warc.gz@%d", i%7, i*4099)
		if other, ok := seen[idHash(id)]; ok {
			return other, id
		}
		seen[idHash(id)] = id
	}
	t.Fatal("no two of 2^20 IDs share an id hash")
	return "", ""
}

// similarApart returns two signatures that dedup.Similar calls near
// duplicates but whose band keys never meet: they differ in one row of
// every band and agree everywhere else (Jaccard 107/128). The store never
// compares such a pair, so neither may the pipeline.
func similarApart(t *testing.T) (dedup.Sig, dedup.Sig) {
	t.Helper()
	var a, b dedup.Sig
	for i := range a {
		a[i] = uint32(i*2654435761 + 1)
		b[i] = a[i]
	}
	for band := range dedup.NumBands {
		b[band*dedup.BandRows] ^= 0x5555
	}
	if !dedup.Similar(a, b) || shareBand(a.Bands(), b.Bands()) {
		t.Fatalf("similar %v, sharing a band %v: want similar and apart", dedup.Similar(a, b), shareBand(a.Bands(), b.Bands()))
	}
	return a, b
}

// TestCollisionCostsAComparison: article A shares bands with C (a near
// copy); B has A's id hash and a text similar to C's, but no band in
// common with C or A. The collision puts B in A and C's group (candFn
// gives B the groups of A's hash); nearFn must still make only the edge
// between A and C, as the store would.
func TestCollisionCostsAComparison(t *testing.T) {
	ctx := context.Background()
	idA, idB := collidingIDs(t)
	sigC, sigB := similarApart(t)
	sigA := sigC
	sigA[dedup.NumHashes-1] ^= 1 // a near copy of C: every band shared
	meta := func(id string, pub int64) Meta {
		return Meta{ID: id, Source: "https://" + id + ".example/", Ref: "https://" + id + ".example/", HasPublished: true, PublishedNs: pub}
	}
	mA, mB, mC := meta(idA, 3), meta(idB, 1), meta("c.warc@0", 2)
	if shareBand(sigB.Bands(), sigA.Bands()) || !dedup.Similar(sigB, sigA) {
		t.Fatal("B must be similar to A and share no band with it")
	}

	// The band grouping: every band of A and C, and of B.
	var pack []byte
	for _, a := range []struct {
		m   Meta
		sig dedup.Sig
	}{{mA, sigA}, {mB, sigB}, {mC, sigC}} {
		for _, k := range a.sig.Bands() {
			pack = appendBandPair(pack, k, idHash(a.m.ID))
		}
	}
	runs := t.TempDir()
	bandFile, err := writeRunFile(ctx, runs, ".band", func(w io.Writer) error { _, err := w.Write(pack); return err })
	if err != nil {
		t.Fatal(err)
	}
	var shared []byte
	if err := (&sharedBandFn{}).ProcessElement(ctx, 0, iter([]string{bandFile}), func(_ int, p []byte) { shared = append(shared, p...) }); err != nil {
		t.Fatal(err)
	}
	groupFile, err := writeRunFile(ctx, runs, ".grp", func(w io.Writer) error { _, err := w.Write(shared); return err })
	if err != nil {
		t.Fatal(err)
	}

	// The signature files, and the join.
	var rec []byte
	for _, a := range []struct {
		m   Meta
		sig dedup.Sig
	}{{mA, sigA}, {mB, sigB}, {mC, sigC}} {
		raw, _ := a.sig.MarshalBinary()
		rec = appendSig(rec, a.m, raw)
	}
	name, err := writeRunFile(ctx, runs, ".sig", func(w io.Writer) error { _, err := w.Write(rec); return err })
	if err != nil {
		t.Fatal(err)
	}
	var cands []byte
	err = (&candFn{}).ProcessElement(ctx, 0, iter([]string{groupFile}), iter([]string{name}), func(_ int, rec []byte) { cands = append(cands, rec...) })
	if err != nil {
		t.Fatal(err)
	}
	withB := false
	for d := (decoder{b: cands}); len(d.b) > 0 && d.err == nil; {
		_, c := d.cand()
		withB = withB || c.Meta.ID == idB
	}
	candFile, err := writeRunFile(ctx, runs, ".cand", func(w io.Writer) error { _, err := w.Write(cands); return err })
	if err != nil {
		t.Fatal(err)
	}
	var edges []Edge
	err = (&nearFn{}).ProcessElement(ctx, 0, iter([]string{candFile}), func(_ int, rec []byte) {
		d := decoder{b: rec}
		edges = append(edges, d.edge())
		if d.err != nil || len(d.b) != 0 {
			t.Errorf("edge record %q: %v, %d bytes left", rec, d.err, len(d.b))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !withB {
		t.Fatal("the colliding article B met no group: the test shows nothing")
	}
	if len(edges) != 1 || edges[0].ID != idA || edges[0].Of.ID != mC.ID {
		t.Errorf("edges %+v, want only %s → %s", edges, idA, mC.ID)
	}
}

// iter gives vs as a Beam iterator.
func iter[T any](vs []T) func(*T) bool {
	return func(v *T) bool {
		if len(vs) == 0 {
			return false
		}
		*v, vs = vs[0], vs[1:]
		return true
	}
}
