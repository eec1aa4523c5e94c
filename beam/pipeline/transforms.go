package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
	"github.com/newsingest/newslooks/source"
	"github.com/newsingest/newslooks/warc"
)

// The counters; Run prints them. articles + failures + skipped = records_read.
var (
	cRecords  = beam.NewCounter(Namespace, "records_read")
	cArticles = beam.NewCounter(Namespace, "articles")
	cFailures = beam.NewCounter(Namespace, "failures")
	cSkipped  = beam.NewCounter(Namespace, "skipped")
	cExact    = beam.NewCounter(Namespace, "exact_duplicates")
	cNear     = beam.NewCounter(Namespace, "near_duplicates")
	cKept     = beam.NewCounter(Namespace, "unique_articles")
)

// Namespace is the namespace of the pipeline's counters.
const Namespace = "newslooks"

func init() {
	beam.RegisterType(beamType[Chunk]())
	beam.RegisterType(beamType[Meta]())
	beam.RegisterType(beamType[Item]())
	beam.RegisterType(beamType[Failure]())
	beam.RegisterType(beamType[Line]())

	register.DoFn3x0[context.Context, fileio.ReadableFile, func(Chunk)](&planFn{})
	register.DoFn4x0[context.Context, Chunk, func(Item), func(Failure)](&readFn{})
	register.DoFn4x0[Item, func(int, Line), func(int, []byte), func(int, []byte)](&splitFn{})
	register.DoFn4x1[context.Context, int, []byte, func(int, string), error](&spillRecordsFn{})
	register.DoFn5x1[context.Context, int, func(*string) bool, func(int, []byte), func(int, []byte), error](&exactFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(int, []byte), error](&sharedBandFn{})
	register.DoFn4x1[context.Context, int, Line, func(int, string), error](&spillFn{})
	register.DoFn5x1[context.Context, int, func(*string) bool, func(*string) bool, func(int, []byte), error](&candFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(int, []byte), error](&nearFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(int, []byte), error](&resolveFn{})
	register.DoFn5x1[context.Context, int, func(*string) bool, func(*string) bool, func(int, int), error](&markFn{})
	register.DoFn3x1[context.Context, int, func(*int) bool, error](&cleanupFn{})
	register.DoFn2x1[Failure, func(int, []byte), error](&failureLineFn{})
	register.DoFn3x1[context.Context, int, func(*[]byte) bool, error](&writeShardFn{})

	register.Emitter1[Chunk]()
	register.Emitter1[Item]()
	register.Emitter1[Failure]()
	register.Emitter2[int, Line]()
	register.Emitter2[int, int]()
	register.Emitter2[int, []byte]()
	register.Emitter2[int, string]()
	register.Iter1[int]()
	register.Iter1[string]()
	register.Iter1[[]byte]()
}

// defaultChunkBytes is Config.ChunkBytes when that is 0.
const defaultChunkBytes = 8 << 20

// planFn cuts one input file into Chunks: a web archive on a file system
// that can seek, into stretches of about ChunkBytes that start at records
// of pages, found by reading it through once without parsing; any other
// input into one Chunk, the whole file. Only the Chunks' names and
// offsets go through the runner, never the pages: on Prism, which holds
// a stage's whole output, pages were the input's size several times over.
type planFn struct{ ChunkBytes int64 }

func (f *planFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Chunk)) {
	path := file.Metadata.Path
	for _, c := range planChunks(ctx, path, f.ChunkBytes) {
		emit(c)
	}
}

// planChunks returns the chunks of the file at path. Anything it cannot
// read it leaves to readChunk, which reports it: the whole file is then
// one chunk.
func planChunks(ctx context.Context, path string, chunkBytes int64) []Chunk {
	whole := []Chunk{{Input: path, End: -1}}
	rc, err := openAt(ctx, path, 0)
	if err != nil {
		return whole
	}
	defer rc.Close()
	at, ok := rc.(io.ReaderAt)
	if !ok {
		return whole
	}
	var starts []int64
	last := int64(0)
	for rec, err := range reader.Records(ctx, source.FromReader(path, rc)) {
		if err != nil {
			continue
		}
		if rec.Offset < 0 {
			return whole // not a web archive
		}
		if rec.Offset-last >= chunkBytes {
			// A file gzipped as a whole gives offsets into the
			// decompressed stream, where no record starts in the file.
			if !recordStartsAt(at, rec.Offset) {
				return whole
			}
			starts = append(starts, rec.Offset)
			last = rec.Offset
		}
	}
	chunks := make([]Chunk, 0, len(starts)+1)
	from := int64(0)
	for _, s := range starts {
		chunks = append(chunks, Chunk{Input: path, Start: from, End: s})
		from = s
	}
	return append(chunks, Chunk{Input: path, Start: from, End: -1})
}

// recordStartsAt reports whether a WARC record, plain or in a gzip member,
// starts at offset off of at.
func recordStartsAt(at io.ReaderAt, off int64) bool {
	head := make([]byte, 7)
	n, _ := at.ReadAt(head, off)
	head = head[:n]
	return (len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b) || string(head) == "WARC/1."
}

// openAt opens path for reading from offset off, which must be 0 unless
// the file system's reader can seek.
func openAt(ctx context.Context, path string, off int64) (io.ReadCloser, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, path)
	if err != nil || off == 0 {
		return rc, err
	}
	sk, ok := rc.(io.Seeker)
	if !ok {
		rc.Close()
		return nil, fmt.Errorf("%s: cannot seek to offset %d", path, off)
	}
	if _, err := sk.Seek(off, io.SeekStart); err != nil {
		rc.Close()
		return nil, err
	}
	return rc, nil
}

// readFn reads one Chunk through package source, as the command reads its
// inputs, and parses its pages: a web archive's record gets its address
// as Source and its WARC-Date as Fetched, and gives one Item per HTML
// record, a count for each other record and a Failure for each corrupt
// stretch; JSONL and Newslooks text give an Item per article.
type readFn struct{}

func (f *readFn) ProcessElement(ctx context.Context, c Chunk, emitItem func(Item), emitFail func(Failure)) {
	path := c.Input
	fail := func(err error) {
		cRecords.Inc(ctx, 1)
		cFailures.Inc(ctx, 1)
		emitFail(Failure{Source: path, Reason: err.Error()})
	}
	rc, err := openAt(ctx, path, c.Start)
	if err != nil {
		fail(err)
		return
	}
	defer rc.Close()
	var r io.Reader = rc
	if c.End >= 0 {
		r = io.LimitReader(rc, c.End-c.Start)
	}
	rd := *reader
	rd.Skipped = func(s source.Skip) {
		cRecords.Inc(ctx, 1)
		cSkipped.Inc(ctx, 1)
		beam.NewCounter(Namespace, "skipped_"+string(s.Reason)).Inc(ctx, 1)
	}
	for rec, err := range rd.Records(ctx, source.FromReader(path, r)) {
		if err != nil {
			fail(rebase(err, c.Start))
			continue
		}
		cRecords.Inc(ctx, 1)
		id := fmt.Sprintf("%s#%d", path, rec.Index)
		if rec.Offset >= 0 {
			rec.Offset += c.Start
			id = fmt.Sprintf("%s@%d", path, rec.Offset)
		}
		it, err := rd.Parse(rec) // sets the article's Source
		if err != nil {
			cFailures.Inc(ctx, 1)
			emitFail(Failure{Source: cmp.Or(rec.PageURL, path), Reason: err.Error()})
			continue
		}
		emitArticle(ctx, it.Article, id, emitItem, func(err error) {
			cRecords.Inc(ctx, -1)
			fail(err)
		})
	}
}

// rebase moves the offsets err names by start, the offset in the file of
// the chunk it was met in.
func rebase(err error, start int64) error {
	if start == 0 {
		return err
	}
	if se, ok := errors.AsType[*source.Error](err); ok && se.Offset >= 0 {
		se.Offset += start
	}
	if ce, ok := errors.AsType[*warc.CorruptError](err); ok {
		ce.Offset += start
		ce.Next += start
	}
	return err
}

// reader reads the inputs and parses the pages, with the default options.
var reader = new(source.Reader)

// emitArticle makes the Item of a parsed article and counts it.
func emitArticle(ctx context.Context, a *newslooks.Article, id string, emitItem func(Item), fail func(error)) {
	js, err := ArticleJSON(a)
	if err != nil {
		fail(err)
		return
	}
	m := Meta{ID: id, Source: a.Source, Ref: a.Source}
	if c, err := dedup.CanonicalURL(a.Source); err == nil {
		m.Ref = c
	}
	m.PublishedNs, m.HasPublished = unixNano(a.Published)
	m.FetchedNs, m.HasFetched = unixNano(a.Fetched)
	it := Item{Meta: m, Hash: dedup.ContentHash(a), JSON: js}
	if sig := dedup.Fingerprint(a.Text()); !sig.Empty() {
		it.Sig, _ = sig.MarshalBinary()
	}
	cArticles.Inc(ctx, 1)
	emitItem(it)
}

// idHash is the 32-bit FNV-1a hash of an article's ID: what the band
// grouping and the signature files carry in place of the ID. Two IDs with
// one hash (about n²/2³³ pairs among n articles: ~12,000 among 10
// million) only make extra candidates: candFn gives each the groups of
// both, and nearFn compares two articles only if their own band keys
// (computed from their signatures, as the store does) meet, so a
// collision costs a comparison, never a duplicate that `ingest` would not
// find.
func idHash(id string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()
}

// groupPairSize is the size of a packed group pair (appendGroupPair):
// the group key (groupKey) in 8 bytes and the id hash in 4.
const groupPairSize = 12

// appendGroupPair appends the pair (group key, id hash) to b.
func appendGroupPair(b []byte, group uint64, id uint32) []byte {
	return binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint64(b, group), id)
}

// bandPairSize is the size of a packed band pair (appendBandPair): the
// band key (below 2^32, dedup.Sig.Bands) and the id hash, 4 bytes each.
const bandPairSize = 8

// appendBandPair appends the pair (band key, id hash) to b.
func appendBandPair(b []byte, band uint64, id uint32) []byte {
	return binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(b, uint32(band)), id)
}

// splitFn cuts an article into what each later stage needs, so that no
// shuffle carries more than it uses: its JSON keyed by output shard (for
// the final join and write), what exact-duplicate search needs (an Entry:
// content hash, Meta and band keys, no text; appendEntry) by shard of
// content hash, and its signature record (appendSig) by shard of id
// hash, each for spillRecordsFn to write to a file.
type splitFn struct{ Shards int }

func (f *splitFn) ProcessElement(it Item, emitLine func(int, Line), emitEntry func(int, []byte), emitSig func(int, []byte)) {
	emitLine(shardOf(it.Meta.ID, f.Shards), Line{ID: it.Meta.ID, JSON: it.JSON})
	e := Entry{Hash: it.Hash, Meta: it.Meta}
	var sig dedup.Sig
	if sig.UnmarshalBinary(it.Sig) == nil && !sig.Empty() {
		e.Bands = sig.Bands()
		emitSig(sigShard(idHash(it.Meta.ID)), appendSig(nil, it.Meta, it.Sig))
	}
	if e.Hash == "" { // no body text: a group of its own
		e.Hash = "id:" + it.Meta.ID
	}
	emitEntry(hashShard(e.Hash), appendEntry(nil, e))
}

// exactFn reads the Entry files (spillRecordsFn) of one shard of content
// hashes and groups them by hash: it holds the shard's Entries, about
// 1/spillShards of the input's. Of each hash the earliest goes on to
// near-duplicate search, as one (band key, id hash) pair of 8 bytes per
// band (appendBandPair) by shard of band key, to be written to files in
// turn, and every other one is its exact duplicate: an edge record
// (appendEdge), to be written to the edge files that resolveFn reads.
type exactFn struct{}

func (f *exactFn) ProcessElement(ctx context.Context, shard int, files func(*string) bool, emitBand func(int, []byte), emitEdge func(int, []byte)) error {
	byHash := map[string][]Entry{}
	err := readRecords(ctx, files, fmt.Sprintf("entries of hash shard %d", shard), func(d *decoder) {
		if e := d.entry(); d.err == nil {
			byHash[e.Hash] = append(byHash[e.Hash], e)
		}
	})
	if err != nil {
		return err
	}
	for _, group := range byHash {
		first := group[0]
		for _, e := range group[1:] {
			if Earlier(e.Meta, first.Meta) {
				first = e
			}
		}
		id := idHash(first.Meta.ID)
		for _, b := range first.Bands {
			emitBand(bandShard(b), appendBandPair(make([]byte, 0, bandPairSize), b, id))
		}
		for _, e := range group {
			if e.Meta.ID != first.Meta.ID {
				emitEdge(0, appendEdge(nil, Edge{ID: e.Meta.ID, Of: first.Meta, Exact: true}))
			}
		}
	}
	return nil
}

// sharedBandFn reads the band pair files (spillRecordsFn) of one shard of
// band keys: it holds the shard's pairs, 8 bytes each, about
// 1/spillShards of the pairs of the input's earliest copies, sorted by
// band key and id hash. Almost every band of a story that has no copy
// holds that story alone and ends here. A band held by two or more goes
// on as its group: a (group key, id hash) pair (groupKey of its sorted
// id hashes; appendGroupPair) for each of its ids, keyed by signature
// shard, for spillRecordsFn to write to files that candFn joins with the
// signatures. A copy shares most of its bands with the original, so most
// shared bands hold one same set of articles; keyed by that set, the
// signatures travel once per set and not once per band (on a 100 MB
// dump, 21 copies of each copy's signature were the pipeline's peak
// memory). The pairs go to files, not through the runner: they are one
// per shared band and article, ~3.5 per article of the generated dumps
// (55,900 at 50 MB), and Prism held each as an element several times over
// for the join, the peak of the 200 MB dump.
type sharedBandFn struct{}

func (f *sharedBandFn) ProcessElement(ctx context.Context, shard int, files func(*string) bool, emit func(int, []byte)) error {
	var pairs []uint64 // band key << 32 | id hash
	err := readRecords(ctx, files, fmt.Sprintf("band pairs of shard %d", shard), func(d *decoder) {
		if band, id := d.uint32(), d.uint32(); d.err == nil {
			pairs = append(pairs, uint64(band)<<32|uint64(id))
		}
	})
	if err != nil {
		return err
	}
	slices.Sort(pairs)
	var ids []uint32
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j]>>32 == pairs[i]>>32 {
			j++
		}
		if j-i >= 2 {
			ids = ids[:0]
			for _, p := range pairs[i:j] {
				ids = append(ids, uint32(p))
			}
			group := groupKey(ids)
			for _, id := range ids {
				emit(sigShard(id), appendGroupPair(make([]byte, 0, groupPairSize), group, id))
			}
		}
		i = j
	}
	return nil
}

// groupKey is the 64-bit FNV-1a hash of a set of id hashes, sorted in
// place: every band that holds the same articles gets the same key. Two
// sets with one key are compared as one group, which can only add
// candidates that share no band; nearFn compares only articles whose band
// keys meet.
func groupKey(ids []uint32) uint64 {
	slices.Sort(ids)
	h := fnv.New64a()
	var b [4]byte
	for _, id := range ids {
		binary.LittleEndian.PutUint32(b[:], id)
		h.Write(b[:])
	}
	return h.Sum64()
}

// candFn joins, in one shard of id hashes, the groups of each article
// (sharedBandFn's group pair files) with its signature, read from the
// shard's signature files: one candidate record (appendCand: group key,
// Meta, signature) per distinct group, keyed by shard of group key, to be
// written to the files that nearFn reads. They are one per candidate
// article and group (3,190 on the 50 MB dump, each with its 512-byte
// signature), so they too stay out of the runner.
type candFn struct{}

func (f *candFn) ProcessElement(ctx context.Context, shard int, groupFiles func(*string) bool, sigFiles func(*string) bool, emit func(int, []byte)) error {
	groups := map[uint32][]uint64{}
	err := readRecords(ctx, groupFiles, fmt.Sprintf("group pairs of shard %d", shard), func(d *decoder) {
		if group, id := d.uint64(), d.uint32(); d.err == nil && !slices.Contains(groups[id], group) {
			groups[id] = append(groups[id], group)
		}
	})
	if err != nil || len(groups) == 0 {
		return err
	}
	return readRecords(ctx, sigFiles, fmt.Sprintf("signatures of shard %d", shard), func(d *decoder) {
		if id, c := d.sig(); d.err == nil {
			for _, g := range groups[id] {
				emit(groupShard(g), appendCand(nil, g, c))
			}
		}
	})
}

// nearFn reads the candidate files (candFn) of one shard of group keys,
// about 1/spillShards of the candidates, and compares the articles of
// each group (nearGroup), emitting an edge record (appendEdge) for each
// duplicate it finds, to be written to the edge files that resolveFn
// reads.
type nearFn struct{}

func (f *nearFn) ProcessElement(ctx context.Context, shard int, files func(*string) bool, emit func(int, []byte)) error {
	groups := map[uint64][]Cand{}
	err := readRecords(ctx, files, fmt.Sprintf("candidates of group shard %d", shard), func(d *decoder) {
		if g, c := d.cand(); d.err == nil {
			groups[g] = append(groups[g], c)
		}
	})
	if err != nil {
		return err
	}
	for _, cands := range groups {
		nearGroup(cands, func(e Edge) { emit(0, appendEdge(nil, e)) })
	}
	return nil
}

// nearGroup gets the articles of one group (the articles that share a
// band, sharedBandFn), confirms candidates with dedup.Similar and says,
// for each article, which earlier one it copies: the earliest similar one
// in the group. A group stands for every band that holds just those
// articles, so the edges are the same as band by band. Two articles are
// compared only if their band keys, computed from their signatures, meet
// (shareBand): what the store asks of a candidate, so that a collision of
// id hashes or group keys, which puts articles in a group they do not
// belong to, never makes a duplicate.
func nearGroup(cands []Cand, emit func(Edge)) {
	type cand struct {
		m     Meta
		sig   dedup.Sig
		bands []uint64
	}
	var all []cand
	for _, c := range cands {
		var k cand
		if k.sig.UnmarshalBinary(c.Sig) == nil {
			k.m, k.bands = c.Meta, k.sig.Bands()
			all = append(all, k)
		}
	}
	if len(all) < 2 {
		return
	}
	slices.SortFunc(all, func(a, b cand) int { return compareMeta(a.m, b.m) })
	for i := 1; i < len(all); i++ {
		for j := range i {
			if shareBand(all[j].bands, all[i].bands) && dedup.Similar(all[j].sig, all[i].sig) {
				emit(Edge{ID: all[i].m.ID, Of: all[j].m})
				break
			}
		}
	}
}

// shareBand reports whether two articles' band keys meet: whether the
// store would find one as a candidate of the other.
func shareBand(a, b []uint64) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}

// resolveFn reads every edge file (exactFn, nearFn: one edge per exact
// duplicate, one or more per near duplicate, one per group it met an
// earlier copy in) and points each duplicate at the root of its chain
// (resolve), emitting a ref record (appendRef) by output shard, to be
// written to the files that markFn reads. Only the duplicates pass here,
// a small part of the input, but one key holds them all, so they go as
// file names, not as elements.
type resolveFn struct{ Shards int }

func (f *resolveFn) ProcessElement(ctx context.Context, _ int, files func(*string) bool, emit func(int, []byte)) error {
	var edges []Edge
	err := readRecords(ctx, files, "edges", func(d *decoder) {
		if e := d.edge(); d.err == nil {
			edges = append(edges, e)
		}
	})
	if err != nil {
		return err
	}
	resolve(ctx, edges, func(id, of string) {
		emit(shardOf(id, f.Shards), appendRef(nil, id, of))
	})
	return nil
}

// resolve points each duplicate of edges at the root of its chain: B
// copies A and C copies B makes both point at A, so that a story
// syndicated to many sites keeps one article. Of several edges of one
// duplicate the one to the earliest copy wins. It calls emit with each
// duplicate's ID and its root's reference, in order of ID, and counts
// the exact and near duplicates.
func resolve(ctx context.Context, edges []Edge, emit func(id, of string)) {
	best := map[string]Edge{}
	for _, e := range edges {
		if b, ok := best[e.ID]; !ok || Earlier(e.Of, b.Of) {
			best[e.ID] = e
		}
	}
	ids := make([]string, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		e := best[id]
		root := e.Of
		seen := map[string]bool{id: true}
		for {
			next, ok := best[root.ID]
			if !ok || seen[root.ID] {
				break
			}
			seen[root.ID] = true
			root = next.Of
		}
		if e.Exact {
			cExact.Inc(ctx, 1)
		} else {
			cNear.Inc(ctx, 1)
		}
		emit(id, root.Ref)
	}
}

// markFn merges the run files of one output shard (spillFn), adds
// duplicate_of to the lines of duplicates (the shard's ref files,
// resolveFn), writes the shard and emits
// (0, shard) so that cleanupFn runs once every shard is written.
type markFn struct {
	Dir    string
	Shards int
}

// beforeMark, when set (by tests), is called by markFn with the output
// directory and shard count before it reads a shard's runs.
var beforeMark func(dir string, shards int)

func (f *markFn) ProcessElement(ctx context.Context, shard int, runs func(*string) bool, refFiles func(*string) bool, done func(int, int)) error {
	if beforeMark != nil {
		beforeMark(f.Dir, f.Shards)
	}
	dupOf := map[string]string{}
	err := readRecords(ctx, refFiles, fmt.Sprintf("refs of output shard %d", shard), func(d *decoder) {
		if id, of := d.string(), d.string(); d.err == nil {
			dupOf[id] = of
		}
	})
	if err != nil {
		return err
	}
	var names []string
	var name string
	for runs(&name) {
		names = append(names, name)
	}
	w, err := openShard(ctx, f.Dir, "articles", shard, f.Shards)
	if err != nil {
		return err
	}
	err = mergeRuns(ctx, names, func(l Line) error {
		line := l.JSON
		if ref := dupOf[l.ID]; ref != "" {
			line = WithDuplicateOf(line, ref)
		} else {
			cKept.Inc(ctx, 1)
		}
		_, err := w.Write(append(line, '\n'))
		return err
	})
	if err = cmp.Or(err, w.Close()); err != nil {
		return err
	}
	done(0, shard)
	return nil
}

func shardOf(key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(max(n, 1)))
}

type failureLineFn struct{ Shards int }

func (f *failureLineFn) ProcessElement(fl Failure, emit func(int, []byte)) error {
	b, err := jsonMarshal(fl)
	if err != nil {
		return err
	}
	emit(shardOf(fl.Source+"\x00"+fl.Reason, f.Shards), b)
	return nil
}
