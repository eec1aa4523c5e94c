package pipeline

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestPackedRoundTrip encodes Entries and signature records of every
// shape (hex hash, no-body hash, another hash; Ref equal to Source or
// not; times present or not; bands or none), packs them, reads them back
// equal, and gets an error, not a panic, from every cut-short pack.
func TestPackedRoundTrip(t *testing.T) {
	hexHash := strings.Repeat("0f", 32)
	entries := []Entry{
		{Hash: hexHash, Meta: Meta{ID: "a.warc@10", Source: "https://news.example/a", Ref: "https://news.example/a", PublishedNs: -5, HasPublished: true}, Bands: []uint64{1, 1 << 31, 1<<32 - 1}},
		{Hash: "id:b.jsonl#3", Meta: Meta{ID: "b.jsonl#3", Source: "b.jsonl", Ref: "b.jsonl"}},
		{Hash: "not hex", Meta: Meta{ID: "c@1", Source: "https://news.example/c?utm_source=x", Ref: "https://news.example/c", FetchedNs: 1 << 60, HasFetched: true}, Bands: []uint64{7}},
		{Hash: strings.ToUpper(hexHash), Meta: Meta{ID: "d@2"}},
	}
	var pack []byte
	for _, e := range entries {
		pack = appendEntry(pack, e)
	}
	d := decoder{b: pack}
	for i, want := range entries {
		if got := d.entry(); d.err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("entry %d: got %+v (%v), want %+v", i, got, d.err, want)
		}
	}
	if len(d.b) != 0 {
		t.Errorf("%d bytes left after the entries", len(d.b))
	}
	for n := range len(pack) {
		d := decoder{b: pack[:n]}
		for len(d.b) > 0 && d.err == nil {
			d.entry()
		}
		if n > 0 && !errors.Is(d.err, errPacked) && !endsAtEntry(pack, n, entries) {
			t.Errorf("pack cut at %d of %d: no error", n, len(pack))
		}
	}

	sig := make([]byte, 512)
	sig[3] = 9
	rec := appendSig(nil, entries[2].Meta, sig)
	d = decoder{b: rec}
	id, c := d.sig()
	if d.err != nil || id != idHash("c@1") || !reflect.DeepEqual(c, Cand{Meta: entries[2].Meta, Sig: sig}) {
		t.Errorf("signature record: %x %+v (%v)", id, c, d.err)
	}
	for n := range len(rec) {
		d := decoder{b: rec[:n]}
		d.sig()
		if d.err == nil {
			t.Errorf("signature record cut at %d of %d: no error", n, len(rec))
		}
	}
}

// TestDedupRecordsRoundTrip encodes a candidate, an edge (exact and
// near) and a ref record, reads each back equal, and gets an error, not a
// panic, from every cut-short record.
func TestDedupRecordsRoundTrip(t *testing.T) {
	m := Meta{ID: "a.warc@10", Source: "https://news.example/a?x=1", Ref: "https://news.example/a", PublishedNs: 7, HasPublished: true}
	sig := make([]byte, 512)
	sig[5] = 3
	type record struct {
		name string
		rec  []byte
		read func(d *decoder) any
		want any
	}
	type ref struct{ id, of string }
	records := []record{
		{"candidate", appendCand(nil, 1<<63|5, Cand{Meta: m, Sig: sig}), func(d *decoder) any {
			g, c := d.cand()
			return []any{g, c}
		}, []any{uint64(1<<63 | 5), Cand{Meta: m, Sig: sig}}},
		{"exact edge", appendEdge(nil, Edge{ID: "b.warc@3", Of: m, Exact: true}), func(d *decoder) any { return d.edge() }, Edge{ID: "b.warc@3", Of: m, Exact: true}},
		{"near edge", appendEdge(nil, Edge{ID: "c.warc@4", Of: m}), func(d *decoder) any { return d.edge() }, Edge{ID: "c.warc@4", Of: m}},
		{"ref", appendRef(nil, "b.warc@3", m.Ref), func(d *decoder) any { return ref{d.string(), d.string()} }, ref{"b.warc@3", m.Ref}},
	}
	for _, r := range records {
		d := decoder{b: r.rec}
		if got := r.read(&d); d.err != nil || len(d.b) != 0 || !reflect.DeepEqual(got, r.want) {
			t.Errorf("%s: got %+v (%v, %d bytes left), want %+v", r.name, got, d.err, len(d.b), r.want)
		}
		for n := range len(r.rec) {
			d := decoder{b: r.rec[:n]}
			r.read(&d)
			if d.err == nil {
				t.Errorf("%s cut at %d of %d: no error", r.name, n, len(r.rec))
			}
		}
	}
}

// endsAtEntry reports whether the first n bytes of pack are whole entries.
func endsAtEntry(pack []byte, n int, entries []Entry) bool {
	at := 0
	for _, e := range entries {
		if at == n {
			return true
		}
		at += len(appendEntry(nil, e))
	}
	return at == n
}

// TestDamagedSpillFile: a spilled file cut short gives an error that
// names the records' kind and shard and the file, not a panic or a
// partial result.
func TestDamagedSpillFile(t *testing.T) {
	ctx := context.Background()
	runs := t.TempDir()
	pairs := appendGroupPair(appendGroupPair(nil, 1, 2), 3, 4)
	name, err := writeRunFile(ctx, runs, ".grp", func(w io.Writer) error { _, err := w.Write(pairs[:len(pairs)-1]); return err })
	if err != nil {
		t.Fatal(err)
	}
	err = (&candFn{}).ProcessElement(ctx, 3, iter([]string{name}), iter[string](nil), func(int, []byte) { t.Error("a candidate from a damaged file") })
	if !errors.Is(err, errPacked) || !strings.Contains(err.Error(), "group pairs of shard 3") || !strings.Contains(err.Error(), name) {
		t.Errorf("got %v, want errPacked naming group pairs of shard 3 and %s", err, name)
	}
}
