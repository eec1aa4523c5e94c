package pipeline

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// What the dedup stages need of an article goes through the runner only
// as the names of files: a runner holds a grouping's whole input (Prism
// in memory, a cluster runner in its shuffle), so elements per article,
// however small, make its memory grow with the input. spillRecordsFn
// writes self-delimiting records (appendEntry, appendBandPair, appendSig)
// by shard to files in the run's scratch directory, and only (shard, file
// name) travels: a few elements per shard and bundle, whatever the
// bundle's size. The step after the grouping reads a shard's files back
// (readRecordFile) and groups their records in memory, so that it holds
// 1/spillShards of what the step before it wrote: Entries by shard of
// content hash (exactFn), band pairs of the earliest copies by shard of
// band key (sharedBandFn), signatures and group pairs by shard of id hash
// (candFn, which keeps only the articles that share a band with another),
// candidates by shard of group key (nearFn), edges on one key (resolveFn)
// and refs by output shard (markFn).

// packBudget is how many bytes of records a packer holds before its
// DoFn writes them.
const packBudget = 8 << 20

// packer gathers self-delimiting records by key.
type packer struct {
	byKey map[int][]byte
	held  int
}

// add appends rec to key's pack and reports whether the packer now holds
// packBudget bytes or more.
func (p *packer) add(key int, rec []byte) bool {
	if p.byKey == nil {
		p.byKey = map[int][]byte{}
	}
	p.byKey[key] = append(p.byKey[key], rec...)
	p.held += len(rec)
	return p.held >= packBudget
}

// drain calls yield with every key's pack and empties the packer.
func (p *packer) drain(yield func(key int, pack []byte) error) error {
	for key, pack := range p.byKey {
		if err := yield(key, pack); err != nil {
			return err
		}
	}
	p.byKey, p.held = nil, 0
	return nil
}

// spillRecordsFn writes records by shard to files ending in Suffix in the
// run's scratch directory, a file per shard whenever it holds packBudget
// bytes and at the end of the bundle, and emits (shard, file name). A
// bundle that fails emits nothing, so its files are never read; cleanupFn
// removes them at the end.
type spillRecordsFn struct {
	Runs   string // the run's scratch directory (runsDir)
	Suffix string // ".ent", ".band", ".sig": what the files hold

	p packer
}

func (f *spillRecordsFn) ProcessElement(ctx context.Context, shard int, rec []byte, emit func(int, string)) error {
	if f.p.add(shard, rec) {
		return f.FinishBundle(ctx, emit)
	}
	return nil
}

func (f *spillRecordsFn) FinishBundle(ctx context.Context, emit func(int, string)) error {
	return f.p.drain(func(shard int, pack []byte) error {
		name, err := writeRunFile(ctx, f.Runs, f.Suffix, func(w io.Writer) error {
			_, err := w.Write(pack)
			return err
		})
		if err == nil {
			emit(shard, name)
		}
		return err
	})
}

// spillShards is how many shards the spilled records are cut into: the
// step reading them holds one shard's files at a time, about
// 1/spillShards of the records of the whole input. For 10 million
// articles a shard is ~160,000 Entries (~40 MB as written, about twice
// that decoded) or the ~3.3 million band pairs of that many articles (27
// MB as sorted uint64s).
const spillShards = 64

func sigShard(id uint32) int { return int(id % spillShards) }

func groupShard(group uint64) int { return int(group % spillShards) }

func hashShard(hash string) int { return shardOf(hash, spillShards) }

func bandShard(band uint64) int { return int(band % spillShards) }

// The flags of an encoded Meta, and of the content hash of an Entry.
const (
	fPublished   = 1 << iota // PublishedNs follows
	fFetched                 // FetchedNs follows
	fRefIsSource             // Ref is Source, not written
	fHashHex                 // the hash is hex SHA-256, written as its 32 bytes
	fHashOfID                // the hash is "id:" and the ID (no body), not written
	fExact                   // an edge's duplicate is an exact one
)

// appendMeta appends m to b after flags (the Meta's own flags are added):
// ID, Source and, unless equal to Source, Ref, each length-prefixed, then
// the times present as varints.
func appendMeta(b []byte, m Meta, flags byte) []byte {
	if m.HasPublished {
		flags |= fPublished
	}
	if m.HasFetched {
		flags |= fFetched
	}
	if m.Ref == m.Source {
		flags |= fRefIsSource
	}
	b = append(b, flags)
	b = appendString(b, m.ID)
	b = appendString(b, m.Source)
	if flags&fRefIsSource == 0 {
		b = appendString(b, m.Ref)
	}
	if m.HasPublished {
		b = binary.AppendVarint(b, m.PublishedNs)
	}
	if m.HasFetched {
		b = binary.AppendVarint(b, m.FetchedNs)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// errPacked says that a spilled record is cut short or damaged.
var errPacked = errors.New("damaged record")

// decoder reads what appendMeta, appendEntry and appendSig wrote; the
// first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) < 1 {
		d.err = errPacked
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil || uint64(len(d.b)) < n {
		d.err = errPacked
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errPacked
		return 0
	}
	d.b = d.b[n:]
	return v
}

// uint32 reads 4 bytes, little-endian.
func (d *decoder) uint32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// uint64 reads 8 bytes, little-endian.
func (d *decoder) uint64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// varint reads what binary.AppendVarint wrote: a uvarint holding the
// value zig-zag encoded.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) string() string { return string(d.bytes(d.uvarint())) }

// meta reads a Meta and returns it with its flags.
func (d *decoder) meta() (Meta, byte) {
	flags := d.byte()
	m := Meta{ID: d.string(), Source: d.string()}
	m.Ref = m.Source
	if flags&fRefIsSource == 0 {
		m.Ref = d.string()
	}
	if flags&fPublished != 0 {
		m.PublishedNs, m.HasPublished = d.varint(), true
	}
	if flags&fFetched != 0 {
		m.FetchedNs, m.HasFetched = d.varint(), true
	}
	return m, flags
}

// appendEntry appends e to b: its Meta (with the hash's flags), the
// content hash unless it is the ID's, the number of band keys as a
// uvarint and each key in 4 bytes (dedup.Sig.Bands gives keys below
// 2^32).
func appendEntry(b []byte, e Entry) []byte {
	var flags byte
	raw, err := hex.DecodeString(e.Hash)
	switch {
	case e.Hash == "id:"+e.Meta.ID:
		flags = fHashOfID
	case err == nil && len(raw) == 32 && hex.EncodeToString(raw) == e.Hash:
		flags = fHashHex
	}
	b = appendMeta(b, e.Meta, flags)
	switch {
	case flags&fHashHex != 0:
		b = append(b, raw...)
	case flags&fHashOfID == 0:
		b = appendString(b, e.Hash)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Bands)))
	for _, k := range e.Bands {
		b = binary.LittleEndian.AppendUint32(b, uint32(k))
	}
	return b
}

// entry reads what appendEntry wrote.
func (d *decoder) entry() Entry {
	var e Entry
	var flags byte
	e.Meta, flags = d.meta()
	switch {
	case flags&fHashOfID != 0:
		e.Hash = "id:" + e.Meta.ID
	case flags&fHashHex != 0:
		e.Hash = hex.EncodeToString(d.bytes(32))
	default:
		e.Hash = d.string()
	}
	n := d.uvarint()
	if n > uint64(len(d.b))/4 {
		d.err = errPacked
		return e
	}
	if n > 0 {
		e.Bands = make([]uint64, n)
		for i := range e.Bands {
			e.Bands[i] = uint64(d.uint32())
		}
	}
	return e
}

// appendSig appends an article's signature record to b: its id hash (4
// bytes), its Meta and the length-prefixed signature.
func appendSig(b []byte, m Meta, sig []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, idHash(m.ID))
	b = appendMeta(b, m, 0)
	return append(binary.AppendUvarint(b, uint64(len(sig))), sig...)
}

// sig reads what appendSig wrote.
func (d *decoder) sig() (uint32, Cand) {
	id := d.uint32()
	m, _ := d.meta()
	return id, Cand{Meta: m, Sig: d.bytes(d.uvarint())}
}

// appendCand appends a candidate record to b: the group key (8 bytes)
// and the article's signature record (appendSig).
func appendCand(b []byte, group uint64, c Cand) []byte {
	return appendSig(binary.LittleEndian.AppendUint64(b, group), c.Meta, c.Sig)
}

// cand reads what appendCand wrote.
func (d *decoder) cand() (uint64, Cand) {
	group := d.uint64()
	_, c := d.sig()
	return group, c
}

// appendEdge appends an edge record to b: the copy's Meta (with fExact
// for an exact duplicate) and the duplicate's ID.
func appendEdge(b []byte, e Edge) []byte {
	var flags byte
	if e.Exact {
		flags = fExact
	}
	return appendString(appendMeta(b, e.Of, flags), e.ID)
}

// edge reads what appendEdge wrote.
func (d *decoder) edge() Edge {
	of, flags := d.meta()
	return Edge{ID: d.string(), Of: of, Exact: flags&fExact != 0}
}

// appendRef appends a ref record to b: the duplicate's ID and the
// reference of its kept copy, each length-prefixed.
func appendRef(b []byte, id, of string) []byte {
	return appendString(appendString(b, id), of)
}

// readRecordFile returns the contents of the named spilled file.
func readRecordFile(ctx context.Context, name string) ([]byte, error) {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("spilled file %s: %w", name, err)
	}
	return data, nil
}

// readRecords reads the spilled files that files names, in turn, and
// calls read with a decoder at each record until a file's end; read
// decodes one record (and keeps it only if the decoder has no error).
// A damaged file gives an error naming what (the kind of records and
// their shard), the file and the byte.
func readRecords(ctx context.Context, files func(*string) bool, what string, read func(d *decoder)) error {
	var name string
	for files(&name) {
		data, err := readRecordFile(ctx, name)
		if err != nil {
			return err
		}
		d := decoder{b: data}
		for len(d.b) > 0 && d.err == nil {
			read(&d)
		}
		if d.err != nil {
			return fmt.Errorf("%s, file %s, at byte %d of %d: %w", what, name, len(data)-len(d.b), len(data), d.err)
		}
	}
	return nil
}

// cleanupFn removes, once every output shard is written, the run's
// scratch directory: the runs and signature files read, those of bundles
// that failed and were retried, which nothing read, and the directory.
// Other runs' directories beside it are theirs: a run writing to the same
// output at the same time still needs its files.
type cleanupFn struct {
	Runs string // the run's scratch directory (runsDir)
}

func (f *cleanupFn) ProcessElement(ctx context.Context, _ int, _ func(*int) bool) error {
	glob := f.Runs + "/*"
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return err
	}
	defer fs.Close()
	names, err := fs.List(ctx, glob)
	if err != nil {
		return err
	}
	if err := removeRuns(ctx, names); err != nil {
		return err
	}
	// The directory is a file of its own only where the file system has
	// directories (local ones); elsewhere there is nothing to remove.
	_ = removeRuns(ctx, []string{f.Runs})
	return nil
}
